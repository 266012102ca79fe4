"""What blocks a strength session, in absolute time: the one definition both the model and
the validator use, so "busy" means the same thing to the solver and to the check.

A timed run, a timed non-run event of the running calendar and a timed busy event all
block their time. All-day events do not block time (a holiday or "Rest day" is not an
appointment; a busy trip or day out of office reaches here as busy time over whole days),
except all-day runs: a training app exports runs as all-day events, and the run still
happens, so it is placed at the runner's run time for that weekday (``--run-time``, else the
usual time of their timed runs, else 07:00) and lasts what its description says (``45 min``,
``1:15``), else its distance at an easy pace, else an hour.

Strength starts once the runner is ready after the day's last run: its end plus
``rules.gap_after_run`` (travel, shower, food).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from optimizer.domain import Problem, Run, RunKind

# Estimated pace for an all-day run with a distance but no time: an easy pace.
MINUTES_PER_KM = 6.0
DEFAULT_RUN_MINUTES = 60


@dataclass(frozen=True)
class Block:
    """A blocked stretch of time and what blocks it."""

    start: dt.datetime
    end: dt.datetime
    label: str
    is_run: bool


def run_interval(run: Run, problem: Problem) -> tuple[dt.datetime, dt.datetime]:
    """When a run happens; an all-day run is placed at the runner's run time that weekday."""
    ev = run.event
    if not ev.all_day:
        return ev.start, ev.end
    minutes = duration_minutes(f"{ev.summary}\n{ev.description}")
    if minutes is None:
        minutes = (
            round(run.distance_km * MINUTES_PER_KM) if run.distance_km else DEFAULT_RUN_MINUTES
        )
    when = problem.rules.run_time(ev.day.weekday())
    start = dt.datetime.combine(ev.day, when, ZoneInfo(problem.tz))
    return start, start + dt.timedelta(minutes=max(15, min(minutes, 300)))


# "45 min", "45'", "1h15", "1 h 15 min", "1:15:00", "75 minutes", "Dauer: 50 Min.",
# "duración 40 minutos", "durée 1h", "1 hr 10 mins"; a pace ("5:30 min/km") is no duration.
_HOURS = r"(?:hours|hour|hrs|hr|heures|heure|horas|hora|stunden|stunde|std|uur|ore|ora|h)"
_MINS = r"(?:minutes|minute|minuten|minutos|minuto|minuti|mins|min|m|'|′)"
_DURATION = re.compile(
    rf"(?<![\d:.,/])(?:(\d{{1,2}})\s*{_HOURS}\.?\s*(?:(\d{{1,2}})\s*{_MINS}?\.?)?"
    rf"|(\d{{1,3}})\s*{_MINS}\.?(?!\s*/)"
    rf"|(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?(?!\s*(?:min)?\s*/|\s*(?:am|pm|uhr|h\b)))",
    re.IGNORECASE,
)


def duration_minutes(text: str) -> int | None:
    """How long the text says a run lasts, in minutes (the longest it states), or None."""
    best = None
    for m in _DURATION.finditer(text):
        hours, rest, only, h, mm, _ = m.groups()
        if hours is not None:
            minutes = int(hours) * 60 + int(rest or 0)
        elif only is not None:
            minutes = int(only)
        else:
            minutes = int(h) * 60 + int(mm)
        if 10 <= minutes <= 300 and (best is None or minutes > best):
            best = minutes
    return best


def blocks(problem: Problem) -> list[Block]:
    """Every blocked interval, runs and busy time, sorted by start."""
    out: list[Block] = []
    for run in problem.runs:
        ev = run.event
        if ev.transparent and not run.kind.is_run:
            continue
        if ev.all_day and not run.kind.is_run:
            continue
        start, end = run_interval(run, problem)
        if end > start:
            out.append(Block(start, end, ev.summary or run.kind.value, run.kind.is_run))
    for b in problem.busy:
        if b.end > b.start:
            out.append(Block(b.start, b.end, b.summary or "busy", False))
    out.sort(key=lambda b: (b.start, b.end, b.label))
    return out


def run_kinds_by_day(problem: Problem) -> dict[dt.date, set[RunKind]]:
    """The kinds of run on each date (runs only; an all-day run counts on each of its days)."""
    kinds: dict[dt.date, set[RunKind]] = defaultdict(set)
    for run in problem.runs:
        if not run.kind.is_run:
            continue
        for day in _days_of(run):
            kinds[day].add(run.kind)
    return kinds


def ready_after_run_by_day(problem: Problem) -> dict[dt.date, dt.datetime]:
    """When the runner is ready for strength on a run day: the last run's end plus the gap
    after it (run first, then strength)."""
    gap = dt.timedelta(minutes=problem.rules.gap_after_run)
    return {day: end + gap for day, end in last_run_end_by_day(problem).items()}


def last_run_end_by_day(problem: Problem) -> dict[dt.date, dt.datetime]:
    """When the day's last run ends: strength comes after the run (run first, then strength)."""
    ends: dict[dt.date, dt.datetime] = {}
    for run in problem.runs:
        if not run.kind.is_run:
            continue
        start, end = run_interval(run, problem)
        day = start.date()
        if day not in ends or end > ends[day]:
            ends[day] = end
    return ends


def race_days(problem: Problem) -> list[dt.date]:
    return sorted({d for d, k in run_kinds_by_day(problem).items() if RunKind.RACE in k})


def _days_of(run: Run) -> list[dt.date]:
    ev = run.event
    if not ev.all_day:
        return [ev.start.date()]
    n = max(1, (ev.end.date() - ev.start.date()).days)
    return [ev.start.date() + dt.timedelta(days=i) for i in range(n)]
