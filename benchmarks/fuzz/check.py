"""An independent judge of a written plan: the hard rules checked from their plain words.

The plan is read back from the written .ics with icalendar (not legday's plan reader); the
runs and busy time come from legday's importer and classifier (what the plan was made from),
and each hard rule is restated here from the README's words, without the solver and without
``constraints/``:

- between MIN and MAX sessions a week; a week with four or more days in a race window, or
  with a day the runner is away, need not reach MIN (nor a ``--best-effort`` plan);
- at least ``min_gap_days`` days between two sessions, one session a day at most;
- none on a long-run day, none the day after (with ``--allow-after-long-run``: the day after
  is allowed, the long-run day itself never);
- on a run day only after the day's timed runs have ended, and ``gap_after_run`` minutes
  more; beginners never on a hard-run, long-run or race day;
- none from ``race_before_days`` days before a goal race through ``race_after_days`` days
  after it (``tune_up_before_days``/``tune_up_after_days`` for a tune-up race);
- a session lasts ``minutes``, starts on the 15-minute grid, lies inside the daily window and
  overlaps no timed run, no busy time (days away included) and no timed non-run event that
  is not free (an event without a length takes no time);
- every session lies inside the plan's weeks.

The solver-free validator (``optimizer.validate``) is run as well; both must find nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo


def read_sessions(path: Path, zone: ZoneInfo) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of every confirmed event of a written plan, in the athlete's zone."""
    import icalendar

    cal = icalendar.Calendar.from_ical(path.read_bytes())
    out = []
    for ev in cal.walk("VEVENT"):
        if str(ev.get("STATUS", "CONFIRMED")).upper() == "CANCELLED":
            continue
        out.append((ev.decoded("DTSTART").astimezone(zone), ev.decoded("DTEND").astimezone(zone)))
    return sorted(out)


def check_plan(args: list[str], folder: Path) -> list[str]:
    """Violations of the written plan of ``legday plan ARGS`` run in ``folder`` (empty: none).

    Must run where the command ran (same files, same options); imports legday.
    """
    from optimizer import pipeline
    from optimizer.cli.options import build_options
    from optimizer.validate import validate

    runs, busy, raw, output = _parse(args)
    opts = build_options(raw)
    loaded = pipeline.load([folder / r for r in runs], [folder / b for b in busy], opts)
    problem = loaded.problem
    zone = ZoneInfo(problem.tz)
    sessions = read_sessions(folder / output, zone)
    found, may_be_short = _plain_words(problem, sessions, best_effort=bool(raw.get("best_effort")))
    from optimizer.domain import Session

    try:
        as_sessions = [Session(s, e) for s, e in sessions]
    except ValueError as exc:  # a session that ends before it starts, say
        return [*found, f"validate: {exc}"]
    for v in validate(problem, as_sessions):
        # The validator judges MIN as the rule states it; a week the plain words let fall
        # short (days away, a race window, --best-effort) is short by design, and said so.
        if v.rule == "sessions_per_week" and v.bound == "min" and v.day in may_be_short:
            continue
        found.append(f"validate: {v}")
    return found


def _parse(args: list[str]) -> tuple[list[str], list[str], dict[str, Any], str]:
    """The files and options of a `legday plan` command line (as the fuzzer writes them)."""
    runs: list[str] = []
    busy: list[str] = []
    raw: dict[str, Any] = {}
    output = ""
    flags = {"--allow-after-long-run": "allow_after_long_run", "--best-effort": "best_effort"}
    i = 1
    while i < len(args):
        a = args[i]
        if a in flags:
            raw[flags[a]] = True
            i += 1
        elif a.startswith("--") or a == "-o":
            value = args[i + 1]
            if a == "--busy":
                busy.append(value)
            elif a in ("-o", "--output"):
                output = value
            elif a not in ("--report",):
                raw[a[2:].replace("-", "_")] = value
            i += 2
        else:
            runs.append(a)
            i += 1
    return runs, busy, raw, output


def _plain_words(
    problem: Any, sessions: list[tuple[dt.datetime, dt.datetime]], *, best_effort: bool
) -> tuple[list[str], set[dt.date]]:
    """The violations, and the Mondays of the weeks that may fall short of MIN."""
    rules = problem.rules
    out: list[str] = []
    days = [s.date() for s, _ in sessions]
    end = problem.start + dt.timedelta(weeks=problem.weeks)
    runs = [r for r in problem.runs if r.kind.is_run]
    kinds: dict[dt.date, set[str]] = {}
    for r in runs:
        kinds.setdefault(r.event.start.date(), set()).add(r.kind.value)
    window: set[dt.date] = set()
    for r in runs:
        if r.kind.value != "race":
            continue
        tune_up = getattr(r.priority, "value", None) == "tune-up"
        before = rules.tune_up_before_days if tune_up else rules.race_before_days
        after = rules.tune_up_after_days if tune_up else rules.race_after_days
        window |= {r.event.start.date() + dt.timedelta(days=k) for k in range(-before, after + 1)}
    away = {
        b.start.date() + dt.timedelta(days=k)
        for b in problem.busy
        if getattr(b, "away", None)
        for k in range(max((b.end - b.start).days, 1))
    }
    for day, n in Counter(days).items():
        if n > 1:
            out.append(f"{day}: {n} sessions on one day")
    for a, b in zip(sorted(set(days)), sorted(set(days))[1:], strict=False):
        if (b - a).days < rules.min_gap_days:
            out.append(f"{b}: only {(b - a).days} day(s) after the session of {a}")
    per_week = Counter((d - problem.start).days // 7 for d in days)
    may_be_short: set[dt.date] = set()
    for w in range(problem.weeks):
        monday = problem.start + dt.timedelta(weeks=w)
        week = {monday + dt.timedelta(days=k) for k in range(7)}
        short_ok = len(week & window) >= 4 or bool(week & away) or best_effort
        if short_ok:
            may_be_short.add(monday)
        least = 0 if short_ok else rules.sessions_min
        if not least <= per_week.get(w, 0) <= rules.sessions_max:
            out.append(
                f"week of {monday}: {per_week.get(w, 0)} sessions, not {least}-{rules.sessions_max}"
            )
    for (start, stop), day in zip(sessions, days, strict=True):
        out += _one_session(problem, start, stop, day, kinds, window, end, runs)
    return out, may_be_short


def _one_session(
    problem: Any,
    start: dt.datetime,
    stop: dt.datetime,
    day: dt.date,
    kinds: dict[dt.date, set[str]],
    window: set[dt.date],
    end: dt.date,
    runs: list[Any],
) -> list[str]:
    return _day_rules(problem, day, kinds, window, end) + _time_rules(
        problem, start, stop, day, runs
    )


def _day_rules(
    problem: Any, day: dt.date, kinds: dict[dt.date, set[str]], window: set[dt.date], end: dt.date
) -> list[str]:
    """The rules about the session's day."""
    rules = problem.rules
    out = []
    if not problem.start <= day < end:
        out.append(f"{day}: outside the plan's weeks")
    if "long" in kinds.get(day, set()):
        out.append(f"{day}: strength on a long-run day")
    yesterday = day - dt.timedelta(days=1)
    if "long" in kinds.get(yesterday, set()) and rules.no_strength_after_long_run:
        out.append(f"{day}: strength the day after a long run")
    if day in window:
        out.append(f"{day}: strength inside a race window")
    if kinds.get(day, set()) & {"hard", "long", "race"} and rules.level.value == "beginner":
        out.append(f"{day}: a beginner's strength on a hard-run, long-run or race day")
    return out


def _time_rules(
    problem: Any, start: dt.datetime, stop: dt.datetime, day: dt.date, runs: list[Any]
) -> list[str]:
    """The rules about the session's time: after the day's runs, its length, the grid, the
    window, nothing overlapped."""
    rules = problem.rules
    out = []
    gap = dt.timedelta(minutes=getattr(rules, "gap_after_run", 0))
    for r in runs:
        if r.event.start.date() == day and not r.event.all_day and start < r.event.end + gap:
            out.append(
                f"{day}: strength at {start:%H:%M}, before the run ends ({r.event.end:%H:%M}) "
                f"and {gap} more"
            )
    if stop - start != dt.timedelta(minutes=rules.minutes):
        out.append(f"{day}: lasts {stop - start}, not {rules.minutes} minutes")
    if start.minute % 15 or start.second:
        out.append(f"{day}: starts at {start:%H:%M:%S}, off the 15-minute grid")
    if start.time() < rules.window_start or stop.time() > rules.window_end or stop.date() != day:
        out.append(f"{day}: {start:%H:%M}-{stop:%H:%M} outside the daily window")
    blocking = [
        r.event
        for r in problem.runs
        if not r.event.all_day and (r.kind.is_run or not r.event.transparent)
    ]
    for b in [*blocking, *problem.busy]:
        # An event without a length (no DTEND, no DURATION) marks an instant: it takes no
        # time, as legday's timeline counts time (optimizer/timeline.py).
        if b.start < b.end and b.start < stop and start < b.end:
            out.append(f"{day}: {start:%H:%M} overlaps an event at {b.start:%H:%M}")
            break
    return out
