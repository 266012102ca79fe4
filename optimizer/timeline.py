"""What blocks a strength session, in absolute time: the one definition both the model and
the validator use, so "busy" means the same thing to the solver and to the check.

A timed run, a timed non-run event of the running calendar and a timed busy event all
block their time. All-day events do not block time (a holiday or "Rest day" is not an
appointment), except all-day runs: a training app exports runs as all-day events, and
the run still happens, so it is assumed to start at ``rules.all_day_run_start`` and to last
its estimated duration.
"""

from __future__ import annotations

import datetime as dt
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
    """When a run happens; an all-day run is placed at the assumed run time."""
    ev = run.event
    if not ev.all_day:
        return ev.start, ev.end
    minutes = round(run.distance_km * MINUTES_PER_KM) if run.distance_km else DEFAULT_RUN_MINUTES
    start = dt.datetime.combine(ev.day, problem.rules.all_day_run_start, ZoneInfo(problem.tz))
    return start, start + dt.timedelta(minutes=max(15, min(minutes, 300)))


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
