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
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from optimizer.domain import Busy, CalEvent, Problem, Run, RunKind

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
    from optimizer.classify.duration import parse_duration_min

    stated = parse_duration_min(f"{ev.summary}\n{ev.description}")
    minutes = round(stated) if stated else None
    if minutes is None:
        minutes = (
            round(run.distance_km * MINUTES_PER_KM) if run.distance_km else DEFAULT_RUN_MINUTES
        )
    when = problem.rules.run_time(ev.day.weekday())
    start = dt.datetime.combine(ev.day, when, ZoneInfo(problem.tz))
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


def away_blocks(
    events: Sequence[CalEvent],
    *,
    busy_calendar: bool,
    readings: Sequence[Run] | None = None,
    keywords: object | None = None,
) -> list[Busy]:
    """Whole days away: all-day (or multi-day) events that block every hour of their days.

    In a busy calendar an all-day event blocks its days unless it shows as free (Outlook's
    Free, TRANSP:TRANSPARENT: holidays, birthdays) and says nothing of being away. In the
    running calendar, where a training app writes rest days and notes as all-day events, one
    blocks only when it says the runner is away (a trip, out of office, in any supported
    language), shows as out of office, or shows as busy and says nothing about training.

    Args:
        events: the calendar's events.
        busy_calendar: they come from a busy calendar (``--busy``).
        readings: for the running calendar, each event as classified (same order).
        keywords: the classifier's keywords (a config's away words).
    """
    from optimizer.classify.away import says_away

    out = []
    for i, ev in enumerate(events):
        if not ev.all_day:
            continue
        reading = readings[i] if readings is not None else None
        if reading is not None and reading.kind.is_run:
            continue
        words = says_away(ev, keywords)  # type: ignore[arg-type]
        if words:
            why = words
        elif ev.show_as == "away":
            why = "shows as out of office"
        elif busy_calendar and ev.show_as != "free" and not ev.transparent:
            why = "a busy all-day event"
        elif ev.show_as == "busy" and reading is not None and not reading.language:
            why = "a busy all-day event"
        else:
            continue
        out.append(Busy(ev.start, ev.end, ev.summary, ev.source, away=why))
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


class ByDay:
    """Blocks found by the local days they touch, so that finding those that overlap a time
    reads a day's few blocks instead of all of them (ten years hold tens of thousands)."""

    def __init__(self, blocks: Sequence[Block], zone: ZoneInfo) -> None:
        self.blocks = blocks
        self.zone = zone
        self.days: dict[dt.date, list[int]] = defaultdict(list)
        for i, b in enumerate(blocks):
            day, last = b.start.astimezone(zone).date(), b.end.astimezone(zone).date()
            while day <= last:
                self.days[day].append(i)
                day += dt.timedelta(days=1)

    def touching(self, start: dt.datetime, end: dt.datetime) -> list[Block]:
        """The blocks that touch a local day of [start, end], in the blocks' order: every
        block that overlaps [start, end) is among them (the caller tests the overlap)."""
        day, last = start.astimezone(self.zone).date(), end.astimezone(self.zone).date()
        found: set[int] = set()
        while day <= last:
            found.update(self.days.get(day, ()))
            day += dt.timedelta(days=1)
        return [self.blocks[i] for i in sorted(found)]
