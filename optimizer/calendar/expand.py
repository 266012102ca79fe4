"""Expanding recurring series safely: guards, a CPU watchdog, and the series helpers.

Recurring series (RRULE, RDATE or RECURRENCE-ID) are expanded with recurring-ical-events one
at a time, only within the horizon, bounded by its dates (:mod:`optimizer.calendar.bounds`:
an UNTIL at the horizon's end, a DTSTART moved to just before it), behind guards
(:func:`guard`): FREQ=SECONDLY/MINUTELY is refused, series with more than
:data:`MAX_OCCURRENCES_PER_EVENT` occurrences in the horizon are capped, rules that would make
dateutil iterate for too long are refused, and a watchdog (:func:`run_limited`) stops any
series that still uses more than :data:`SERIES_SECONDS` of CPU. A series that cannot be
expanded is reported to the caller (the importer's ``unexpanded``), who decides whether the
plan can do without it; the watchdog is the one result that depends on the machine.

icalendar and recurring_ical_events are imported inside the functions that use them.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from optimizer.calendar.blocks import LIMITING_PARTS, PERIOD_DAYS

MAX_OCCURRENCES_PER_EVENT = 3_000  # a daily event over 156 weeks is 1092
MAX_OCCURRENCES_PER_FILE = 50_000
MAX_RULE_STEPS = 200_000  # dateutil steps from DTSTART to the horizon's end (~0.5 s)
SERIES_SECONDS = 1.0  # CPU seconds one recurring series may take to expand
FILE_EXPAND_SECONDS = 5.0  # CPU seconds for all recurring series of one file

_SAFE_PARTS = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY"})

T = TypeVar("T")
# (event label, problem, whether the series is valid but cannot be expanded) -> a warning
Warn = Callable[[str, str, bool], None]


@dataclass
class Series:
    """One UID's parsed VEVENTs: a single event (and its copies) or a recurring series."""

    uid: str
    components: list[Any]  # icalendar Events
    label: str  # for warnings: the first SUMMARY in sort order, else the UID
    recurring: bool


class TimeUp(BaseException):
    """A series took longer than :data:`SERIES_SECONDS` to expand.

    A BaseException, so that no ``except Exception`` in a library swallows it on its way up
    the helper thread's stack.
    """


def run_limited(fn: Callable[[], T], seconds: float) -> tuple[T, float]:
    """Run ``fn()`` in a helper thread; raise :class:`TimeUp` if it uses over ``seconds``.

    dateutil iterates up to the year 9999 when a rule can never match again: ``FREQ=DAILY;
    BYMONTH=2;BYMONTHDAY=30`` takes 4 s, the same rule HOURLY takes minutes, and some
    INTERVAL/BYDAY combinations never end. :func:`guard` refuses the rules it can see are too
    dense, but no check finds every rule that never matches. So the expansion runs in a thread
    of its own and, when it runs late, CPython's PyThreadState_SetAsyncExc raises
    :class:`TimeUp` inside that thread, which unwinds out of dateutil. Only the helper thread
    ever receives it: the caller, its profiler or tracer, and its locks are untouched.

    The budget is the helper's CPU time where the system can tell it (Linux, macOS), so a
    busy machine does not turn a normal series into a refused one; wall time stops it anyway
    at ten times the budget.

    Args:
        fn: the work.
        seconds: its CPU budget.

    Returns:
        fn's result and the CPU seconds it used.

    Raises:
        TimeUp: the budget ran out.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            try:
                box["value"] = fn()
            except BaseException as e:  # handed to the caller below
                box["error"] = e
            box["cpu"] = time.thread_time()
        except BaseException:
            pass  # a TimeUp arriving just as fn returned: nothing left to stop

    thread = threading.Thread(target=target, name="legday-expand", daemon=True)
    begun = time.monotonic()
    thread.start()
    assert thread.ident is not None
    clock: int | None = None
    with contextlib.suppress(AttributeError, OSError):
        clock = time.pthread_getcpuclockid(thread.ident)
    used = 0.0
    while True:
        thread.join(min(seconds, 0.05))
        if not thread.is_alive():
            break
        wall = time.monotonic() - begun
        used = wall
        if clock is not None:
            with contextlib.suppress(OSError):  # the thread may end meanwhile
                used = time.clock_gettime(clock)
        if used > seconds or wall > 10 * seconds:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(thread.ident), ctypes.py_object(TimeUp)
            )
            thread.join(1.0)  # pure-Python loops stop at once; a daemon cannot block exit
            raise TimeUp
    if "error" in box:
        raise box["error"]
    return cast(T, box.get("value")), box.get("cpu", used)


def guard(
    s: Series, q_start: dt.datetime, q_end: dt.datetime, zone: ZoneInfo, warn: Warn
) -> tuple[dt.datetime, dt.timedelta] | None:
    """Refuse or narrow a series whose rules would take too long to expand.

    The estimate is an upper bound on occurrences per day, from FREQ, INTERVAL and the BY
    parts that multiply (BYHOUR on a DAILY rule, BYMINUTE on an HOURLY one...).

    Args:
        s: the series.
        q_start: start of the query window.
        q_end: end of the query window.
        zone: the athlete's zone.
        warn: told why a series is skipped, and whether it is a valid series that cannot be
            expanded (rather than a broken one).

    Returns:
        Where to stop expanding at first (before ``q_end`` if the series might have more than
        the cap of occurrences) and by how much to widen if that was too early; None to skip
        the series.
    """
    per_day = 0.0
    steps_per_day = 0.0
    starts: list[dt.date] = []
    for c in s.components:
        rules = c.get("RRULE")
        if rules is None:
            continue
        start = c["DTSTART"].dt
        starts.append(start.date() if isinstance(start, dt.datetime) else start)
        for rule in rules if isinstance(rules, list) else [rules]:
            problem = _refused(rule)
            if problem:
                warn(s.label, problem, _freq(rule) in ("SECONDLY", "MINUTELY"))
                return None
            rate, base = _rates(rule)
            per_day += rate
            steps_per_day += max(rate, base)
    whole = (q_end, q_end - q_start)
    if not starts:
        return whole
    first = min(starts)
    days_to_end = max((q_end.date() - first).days, 0)
    if steps_per_day * days_to_end > MAX_RULE_STEPS:
        warn(s.label, f"repeats too often since {first.isoformat()} to be expanded; skipped", True)
        return None
    w_start = max(q_start, dt.datetime.combine(first, dt.time(), tzinfo=zone))
    if w_start >= q_end:
        return whole
    window_days = (q_end - w_start).total_seconds() / 86400
    if per_day * window_days <= MAX_OCCURRENCES_PER_EVENT:
        return whole
    # Expand just long enough for the cap (plus a day): dateutil makes every occurrence
    # before it can be counted, and recurring-ical-events copies each one.
    step = dt.timedelta(days=MAX_OCCURRENCES_PER_EVENT / per_day + 1)
    return min(q_end, w_start + step), step


def _freq(rule: Any) -> str:
    return str((rule.get("FREQ") or [""])[0]).upper()


def _interval(rule: Any) -> int:
    """INTERVAL, 1 if absent, 0 if unreadable."""
    try:
        return int((rule.get("INTERVAL") or [1])[0])
    except (TypeError, ValueError):
        return 0


def _refused(rule: Any) -> str | None:
    """Why an RRULE is not expanded at all, or None."""
    freq = _freq(rule)
    if freq in ("SECONDLY", "MINUTELY"):
        every = "second" if freq == "SECONDLY" else "minute"
        return f"repeats every {every} (FREQ={freq}); skipped"
    if _interval(rule) < 1:
        return "has an RRULE with an INTERVAL below 1; skipped"
    return None


def _rates(rule: Any) -> tuple[float, float]:
    """(occurrences, periods) per day, upper bounds, for a rule :func:`_refused` accepts."""
    freq, interval = _freq(rule), _interval(rule)

    def n(part: str) -> int:
        return max(len(rule.get(part) or []), 1)

    times = n("BYMINUTE") * n("BYSECOND")
    if freq == "HOURLY":
        base = 24 / interval
        rate = base * times
    else:
        base = 1 / (interval * PERIOD_DAYS.get(freq, 1))
        dates = 1.0 if any(rule.get(p) for p in LIMITING_PARTS) else base
        rate = min(dates, 1.0) * n("BYHOUR") * times
    return rate, base


def series_calendar(s: Series) -> Any:
    """A calendar holding just one series' components, for recurring-ical-events."""
    import icalendar

    calendar = icalendar.Calendar()
    for c in s.components:
        calendar.add_component(c)
    return calendar


def expand_series(
    calendar: Any,
    components: list[Any],
    q_start: dt.datetime,
    q_end: dt.datetime,
    w_end: dt.datetime,
    step: dt.timedelta,
) -> tuple[list[Any], dt.datetime, float]:
    """A series' occurrences from ``q_start``, first up to ``w_end``, widened if need be.

    Args:
        calendar: the series alone (:func:`series_calendar`).
        components: its components, to tell whether it needs the watchdog.
        q_start: start of the query window.
        q_end: end of the query window.
        w_end: where to stop at first (:func:`guard`).
        step: how much to widen by, doubling each time.

    Returns:
        The occurrences, where the expansion stopped, and the CPU seconds it took.

    Raises:
        TimeUp: the watchdog stopped it.
        Exception: whatever recurring-ical-events raises for a rule it cannot read.
    """
    import recurring_ical_events

    def expand() -> tuple[list[Any], dt.datetime]:
        query = recurring_ical_events.of(calendar)
        stop, widen = w_end, step
        while True:
            found = query.between(q_start, stop)
            # The estimate is an upper bound: widen until the cap or the horizon's end.
            if len(found) >= MAX_OCCURRENCES_PER_EVENT or stop >= q_end:
                return found, stop
            widen *= 2
            stop = min(q_end, stop + widen)

    if always_matches(components):
        # Every period yields an occurrence, so guard's bounds hold and no watchdog (nor its
        # thread) is needed: most real repeats are like this.
        begun = time.thread_time()
        found, stop = expand()
        return found, stop, time.thread_time() - begun
    (found, stop), cpu = run_limited(expand, SERIES_SECONDS)
    return found, stop, cpu


def sequence(component: Any) -> int:
    """A component's SEQUENCE; 0 if absent or unreadable."""
    try:
        return int(component.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


def one_per_slot(components: list[Any]) -> list[Any]:
    """One component per (series, RECURRENCE-ID): the highest SEQUENCE, then the larger text.

    recurring-ical-events keeps the first of equal SEQUENCEs, which depends on the file's
    order; this makes the choice independent of it.

    Args:
        components: one series' components.

    Returns:
        The winners, one per slot.
    """
    slots: dict[str, list[Any]] = defaultdict(list)
    for c in components:
        rid = c.get("RECURRENCE-ID")
        value = getattr(rid, "dt", None)
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        slots["" if value is None else str(value)].append(c)
    chosen = []
    for candidates in slots.values():
        if len(candidates) == 1:
            chosen.append(candidates[0])
        else:
            chosen.append(max(candidates, key=lambda c: (sequence(c), c.to_ical())))
    return chosen


def always_matches(components: list[Any]) -> bool:
    """Whether every period of every RRULE yields an occurrence.

    With no BY part but plain weekdays, dateutil finds one in each period (a month without a
    31st or a year without 29 February only skips a period or a few); a rule that filters
    (BYMONTH, BYSETPOS, '5MO'...) may search for a very long time, or for ever.
    """
    for c in components:
        rules = c.get("RRULE")
        for rule in rules if isinstance(rules, list) else [] if rules is None else [rules]:
            if not set(rule) <= _SAFE_PARTS:
                return False
            if any(not str(day).isalpha() for day in rule.get("BYDAY") or []):
                return False
    return True
