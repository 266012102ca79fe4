"""A recurring series bounded by the plan's dates before it is expanded.

dateutil walks a rule from its DTSTART, period by period, and stops only at UNTIL or COUNT
once it finds an occurrence, or at the first occurrence past the end of the query: a rule
that rarely or never matches (``FREQ=DAILY;BYDAY=...;BYYEARDAY=...;BYWEEKNO=...`` that no day
satisfies) makes it walk to the year 9999, and a DTSTART decades before the plan makes it walk
all those years first. The watchdog used to stop such a series and the event was lost. Now:

- :func:`move_starts`: a rule without COUNT gets a DTSTART moved forward by whole periods
  (days, weeks, months or years times INTERVAL) to just before the window, DTEND with it.
  Every part DTSTART implied is written out first (the weekday of a WEEKLY rule, the day of
  the month of a MONTHLY one...), so the occurrences from the new start on are exactly the old
  ones; the moved DTSTART itself, which RFC 5545 counts as an occurrence, lies before the
  window and is never read.
- :func:`walk_rules`: a rule that filters (not a plain repeat) is replaced by its occurrences
  in the window, as RDATEs, found by a walk that ends with the window
  (:mod:`optimizer.calendar.window_rule`, dateutil's own masks); recurring-ical-events then
  applies EXDATEs and changed occurrences as for any series.

The cost is then the periods within the plan's dates, not time: a rule the watchdog used to
stop is read in milliseconds. A COUNT rule counts from its true DTSTART and is walked from
there (up to the window's end); only such a rule with a DTSTART long ago, or a rule far too
dense (the guards in :mod:`optimizer.calendar.expand`), can still be refused; the importer
reports those (``unexpanded``) rather than plan without them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

_STEP_DAYS = {"DAILY": 1, "WEEKLY": 7}
_STEP_HOURS = {"HOURLY": 1}
_STEP_MONTHS = {"MONTHLY": 1, "YEARLY": 12}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DATE_PARTS = ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY")
MARGIN = dt.timedelta(days=2)  # the moved DTSTART stays this far before the window (and more)


def move_starts(components: list[Any], q_start: dt.datetime) -> None:
    """Move each RRULE's DTSTART (and DTEND) forward by whole periods to just before
    ``q_start``, when the rule has no COUNT (in place; see the module's docstring).

    Args:
        components: the series' components (icalendar Events); overrides (RECURRENCE-ID) and
            components without an RRULE are left alone.
        q_start: start of the query window (aware).
    """
    for c in _masters(components):
        rules = c["RRULE"] if isinstance(c["RRULE"], list) else [c["RRULE"]]
        if len(rules) == 1 and "COUNT" not in rules[0]:
            _start_near(c, rules[0], c["DTSTART"].dt, q_start)


def walk_rules(components: list[Any], q_start: dt.datetime, q_end: dt.datetime, limit: int) -> None:
    """Replace each RRULE that is not a plain repeat by its occurrences in the window, as
    RDATEs, walked by :func:`optimizer.calendar.window_rule.occurrences` (in place).

    A plain repeat (every period yields an occurrence) costs recurring-ical-events nothing and
    is left to it; a rule that filters (BYYEARDAY, BYWEEKNO, BYSETPOS, n-th weekdays...) could
    make dateutil walk to the year 9999. A rule the walk does not cover (HOURLY and finer,
    BYEASTER) is left as written, to the guards and the watchdog.

    Args:
        components: the series' components.
        q_start: start of the query window (aware).
        q_end: end of the query window (aware).
        limit: at most this many occurrences per rule (the importer's cap, plus one).
    """
    from optimizer.calendar.expand import always_matches

    for c in _masters(components):
        if always_matches([c]):
            continue
        try:
            _walk_one(c, q_start, q_end, limit)
        except OverflowError:
            continue  # times at the ends of the calendar: left as written, to the guards


def _walk_one(c: Any, q_start: dt.datetime, q_end: dt.datetime, limit: int) -> None:
    """One component's RRULEs replaced by their occurrences in the window (see above)."""
    from optimizer.calendar.window_rule import occurrences, parse

    rules = c["RRULE"] if isinstance(c["RRULE"], list) else [c["RRULE"]]
    start = c["DTSTART"].dt
    zone = start.tzinfo if isinstance(start, dt.datetime) else None
    naive = _naive(start, zone)
    end = c.get("DTEND")
    length = end.dt - start if end is not None and type(end.dt) is type(start) else None
    reach = max(length or dt.timedelta(0), dt.timedelta(0)) + dt.timedelta(days=1)
    first = _naive(q_start, zone) - reach  # an occurrence from here may reach the window
    walked: list[dt.datetime] = []
    untils: list[dt.datetime] = []
    for rule in rules:
        parsed = parse(rule.to_ical().decode("ascii", "replace"), naive)
        if parsed is None:
            return  # left to recurring-ical-events, behind the guards
        until = _until(rule, zone, q_end)
        untils += [until] if until is not None else []
        walked += occurrences(
            parsed,
            _naive(q_end, zone),
            until=until,
            count=_count(rule),
            after=first,
            limit=limit,
        )
    dates = sorted(set(walked))
    del c["RRULE"]
    if untils and naive > max(untils):
        # recurring-ical-events counts DTSTART as an occurrence unless every rule ended
        # before it; without the RRULE it would count it always.
        c.add("EXDATE", [start])
    if dates:
        if isinstance(start, dt.datetime):
            values: list[Any] = [d.replace(tzinfo=zone) for d in dates]
        else:
            values = [d.date() for d in dates]
        c.add("RDATE", values)


def _masters(components: list[Any]) -> list[Any]:
    return [c for c in components if c.get("RRULE") is not None and "RECURRENCE-ID" not in c]


def _naive(value: Any, zone: Any) -> dt.datetime:
    """A DATE or DATE-TIME as naive wall time in ``zone`` (the walk's clock)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and zone is not None:
            value = value.astimezone(zone)
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time())


def _until(rule: Any, zone: Any, q_end: dt.datetime) -> dt.datetime | None:
    until = (rule.get("UNTIL") or [None])[0]
    if until is None:
        return None
    if isinstance(until, dt.datetime):
        if until.tzinfo is not None:
            return _naive(until, zone if zone is not None else q_end.tzinfo)
        return until
    if isinstance(until, dt.date):
        return dt.datetime.combine(until, dt.time())
    return None


def _count(rule: Any) -> int | None:
    try:
        value = (rule.get("COUNT") or [None])[0]
        return None if value is None else max(int(value), 0)
    except (TypeError, ValueError):
        return None


def _as_utc(value: Any, zone: Any) -> dt.datetime | None:
    """A DATE or DATE-TIME as an aware UTC datetime (a DATE at midnight in ``zone``)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        return value.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), zone).astimezone(dt.UTC)
    return None


def _start_near(c: Any, rule: Any, start: Any, q_start: dt.datetime) -> None:
    """Move DTSTART (and DTEND) forward by whole periods to just before the window."""
    freq = str((rule.get("FREQ") or [""])[0]).upper()
    try:
        interval = int((rule.get("INTERVAL") or [1])[0])
    except (TypeError, ValueError):
        return
    if interval < 1 or freq not in (*_STEP_DAYS, *_STEP_MONTHS, *_STEP_HOURS):
        return
    first = _as_utc(start, q_start.tzinfo)
    end = c.get("DTEND")
    length = None
    if end is not None:
        if type(end.dt) is not type(start) or end.dt < start:
            return  # a DTEND of another kind, or before the start: left as written
        length = end.dt - start
    try:
        latest = q_start - MARGIN - max(length or dt.timedelta(0), dt.timedelta(0))
    except OverflowError:
        return  # a window at the first representable days: nothing comes before it
    if first is None or first >= latest:
        return
    _write_implied_parts(rule, freq, start)
    if freq in _STEP_HOURS:
        moved = _moved_hours(start, interval, latest)
    else:
        moved = _moved(start, freq, interval, latest)
    if moved is None:
        return
    try:
        new_end = moved + length if length is not None and end is not None else None
    except OverflowError:
        return
    c["DTSTART"].dt = moved
    if new_end is not None and end is not None:
        end.dt = new_end


def _write_implied_parts(rule: Any, freq: str, start: Any) -> None:
    """The parts dateutil takes from DTSTART when a rule names none (RFC 5545 3.3.10)."""
    if any(rule.get(part) for part in _DATE_PARTS):
        return
    if freq == "WEEKLY":
        rule["BYDAY"] = [_WEEKDAYS[start.weekday()]]
    elif freq == "MONTHLY":
        rule["BYMONTHDAY"] = [start.day]
    elif freq == "YEARLY":
        if not rule.get("BYMONTH"):
            rule["BYMONTH"] = [start.month]
        rule["BYMONTHDAY"] = [start.day]


def _moved(start: Any, freq: str, interval: int, latest: dt.datetime) -> Any:
    """DTSTART moved by whole periods to the last period start before ``latest``."""
    local_latest = latest.astimezone(start.tzinfo) if isinstance(start, dt.datetime) else latest
    target = local_latest.date() if isinstance(local_latest, dt.datetime) else local_latest
    day = start.date() if isinstance(start, dt.datetime) else start
    if freq in _STEP_DAYS:
        step = _STEP_DAYS[freq] * interval
        periods = (target - day).days // step - 1
        if periods < 1:
            return None
        new_day = day + dt.timedelta(days=periods * step)
    else:
        step = _STEP_MONTHS[freq] * interval
        months = (target.year - day.year) * 12 + (target.month - day.month)
        periods = months // step - 1
        if periods < 1:
            return None
        index = day.year * 12 + (day.month - 1) + periods * step
        # The first of the period's month: a day every month has; with the implied parts
        # written out, no occurrence of that period comes before it.
        new_day = dt.date(index // 12, index % 12 + 1, 1)
    if isinstance(start, dt.datetime):
        return start.replace(year=new_day.year, month=new_day.month, day=new_day.day)
    return new_day


def _moved_hours(start: Any, interval: int, latest: dt.datetime) -> Any:
    """An HOURLY DTSTART moved by whole multiples of INTERVAL hours of wall time."""
    if not isinstance(start, dt.datetime):
        return None
    wall = start.replace(tzinfo=None)
    target = latest.astimezone(start.tzinfo).replace(tzinfo=None) if start.tzinfo else latest
    periods = int((target - wall).total_seconds() // (3600 * interval)) - 1
    if periods < 1:
        return None
    return (wall + dt.timedelta(hours=periods * interval)).replace(tzinfo=start.tzinfo)
