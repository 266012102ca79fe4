"""The time grid: the one place where datetimes become integer days and slots.

Day ``d`` is ``problem.start + d days``; slot ``s`` of a day is the start time
``window_start + s * slot_minutes`` (local wall-clock time). Everything the model needs
is precomputed here, so the CP-SAT model stays small: for each day the start slots where
a session fits the window and overlaps nothing (instead of one boolean per minute), the
first slot after the day's last run, and the kinds of run that day.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

from optimizer import timeline
from optimizer.domain import Problem, RunKind


@dataclass(frozen=True)
class Day:
    index: int
    date: dt.date
    week: int
    kinds: frozenset[RunKind]  # the kinds of run that day (empty: an off day)
    free_starts: tuple[int, ...]  # slots where a session overlaps no run or busy time
    after_run: int | None  # first slot once the runner is ready after the day's last run

    @property
    def is_run_day(self) -> bool:
        return bool(self.kinds)

    @property
    def is_long(self) -> bool:
        return RunKind.LONG in self.kinds

    @property
    def is_hard(self) -> bool:
        return RunKind.HARD in self.kinds

    @property
    def is_race(self) -> bool:
        return RunKind.RACE in self.kinds

    @property
    def is_tough(self) -> bool:
        """A long run, hard run or race: the legs' big days."""
        return bool(self.kinds & {RunKind.LONG, RunKind.HARD, RunKind.RACE})

    @property
    def is_easy_only(self) -> bool:
        return self.is_run_day and not self.is_tough


@dataclass(frozen=True)
class Grid:
    problem: Problem
    days: tuple[Day, ...]
    n_starts: int  # start slots per day: 0 .. n_starts-1
    dur_slots: int  # a session's length in slots (rounded up)
    week_min: tuple[int, ...]  # each week's MIN for legday (0 inside race windows; own
    #   strength sessions already count towards it)
    week_max: tuple[int, ...]  # each week's MAX for legday (own strength sessions count)
    usual_slot: tuple[int, ...]  # per weekday (Mon=0): the habit time, precomputed

    @property
    def rules(self):
        return self.problem.rules

    @property
    def weeks(self) -> int:
        return self.problem.weeks

    def week_days(self, week: int) -> range:
        return range(week * 7, min(week * 7 + 7, len(self.days)))

    def day_pairs_closer_than(self, gap: int) -> list[tuple[int, int]]:
        """Pairs of days fewer than ``gap`` days apart."""
        n = len(self.days)
        return [(a, a + k) for a in range(n) for k in range(1, gap) if a + k < n]

    def start_of(self, day: int, slot: int) -> dt.datetime:
        """The aware start datetime of ``slot`` on ``day``."""
        return _slot_start(self.problem, self.days[day].date, slot)

    def slot_of(self, time: dt.time) -> int:
        """The slot that starts at ``time`` (rounded down, clamped to the grid)."""
        rules = self.problem.rules
        minutes = (time.hour * 60 + time.minute) - _mins(rules.window_start)
        return max(0, min(self.n_starts - 1, minutes // rules.slot_minutes))

    def day_index(self, date: dt.date) -> int | None:
        i = (date - self.problem.start).days
        return i if 0 <= i < len(self.days) else None

    @cached_property
    def long_days(self) -> tuple[int, ...]:
        return tuple(d.index for d in self.days if d.is_long)

    @cached_property
    def race_days(self) -> tuple[int, ...]:
        return tuple(d.index for d in self.days if d.is_race)

    @cached_property
    def away_dates(self) -> frozenset[dt.date]:
        """The days a whole-day absence covers (a trip, out of office), read once: the
        minimum's words and the dynamic program's week prices ask for each week."""
        from constraints.time_slots import away_days

        return frozenset(away_days(self.problem))

    @cached_property
    def bans(self) -> dict[int, list[tuple[str, str]]]:
        """For each plan day the hard rules take away: ``(rule, why)``, in the order a
        runner names them (from each rule's own ``banned_days``)."""
        from constraints import by_block_rank

        out: dict[int, list[tuple[str, str]]] = {}
        for rule in by_block_rank():
            for d, ban in sorted(rule.banned_days(self).items()):
                out.setdefault(d, []).append((rule.name, ban.why))
        return out


def build_grid(problem: Problem) -> Grid:
    from constraints.sessions_per_week import week_bounds

    rules = problem.rules
    span = _mins(rules.window_end) - _mins(rules.window_start)
    n_starts = (span - rules.minutes) // rules.slot_minutes + 1
    dur_slots = -(-rules.minutes // rules.slot_minutes)
    session = dt.timedelta(minutes=rules.minutes)

    blocks = timeline.blocks(problem)
    starts = [b.start for b in blocks]
    # A block can be long (an all-night event); find every block that may overlap a
    # session starting on a day by bisecting on starts and scanning back a bounded way.
    longest = max((b.end - b.start for b in blocks), default=dt.timedelta(0))
    kinds = timeline.run_kinds_by_day(problem)
    run_ends = timeline.ready_after_run_by_day(problem)

    # Each slot's wall-clock time and the zone, made once: building a zoned datetime per
    # slot and day from them is one C call (profiled: per-slot ZoneInfo lookups and
    # datetime.replace were a third of the grid's time on a 104-week plan).
    zone = ZoneInfo(problem.tz)
    times = [_slot_time(rules, s) for s in range(n_starts)]
    days = []
    for i in range(problem.days):
        date = problem.start + dt.timedelta(days=i)
        slot_starts = [dt.datetime.combine(date, t, zone) for t in times]
        day_start = slot_starts[0]
        day_end = slot_starts[-1] + session
        lo = bisect.bisect_left(starts, day_start - longest)
        hi = bisect.bisect_left(starts, day_end)
        near = [(b.start, b.end) for b in blocks[lo:hi] if b.end > day_start]
        if near:
            free = [
                s
                for s, a in enumerate(slot_starts)
                if all(a + session <= bs or a >= be for bs, be in near)
            ]
        else:
            free = list(range(n_starts))
        after = None
        if date in run_ends:
            end = run_ends[date]
            after = next(
                (s for s, a in enumerate(slot_starts) if a >= end),
                n_starts,  # the run ends too late for any session that day
            )
        days.append(
            Day(
                index=i,
                date=date,
                week=i // 7,
                kinds=frozenset(kinds.get(date, ())),
                free_starts=tuple(free),
                after_run=after,
            )
        )
    minimums, maximums = week_bounds(problem)
    return Grid(
        problem=problem,
        days=tuple(days),
        n_starts=n_starts,
        dur_slots=dur_slots,
        week_min=tuple(minimums),
        week_max=tuple(maximums),
        usual_slot=_usual_slots(problem, days, n_starts, dur_slots),
    )


def allowed_starts(day: Day) -> tuple[int, ...]:
    """Starts that keep both the free-time and the run-first rules."""
    if day.after_run is None:
        return day.free_starts
    return tuple(s for s in day.free_starts if s >= day.after_run)


def _usual_slots(problem: Problem, days: list[Day], n_starts: int, dur: int) -> tuple[int, ...]:
    """Each weekday's habit time, fixed before solving so the time of day stays a per-day choice.

    With a preferred time of day, it is the band's first start. Otherwise it is the start
    that, over all of that weekday's dates, lies nearest to an allowed start (the time most
    often free); ties go to the time nearest when the athlete already trains (the median
    start of the timed runs, else 18:00, after work). Fixing it here keeps the CP-SAT model
    free of a variable that would couple every week.
    """
    rules = problem.rules
    if rules.prefer is not None:
        return (_clamp_slot(rules, rules.prefer.band[0], n_starts),) * 7
    timed = sorted(
        r.event.start.astimezone(ZoneInfo(problem.tz)).time()
        for r in problem.runs
        if r.kind.is_run and not r.event.all_day
    )
    anchor = _clamp_slot(rules, timed[len(timed) // 2] if timed else dt.time(18, 0), n_starts)
    out = []
    for k in range(7):
        options = [o for o in (allowed_starts(d) for d in days if d.date.weekday() == k) if o]
        if not options:
            out.append(anchor)
            continue
        # Summed distance from each start to the nearest allowed start of every date, in
        # O(n_starts) per date (profiled: the direct min over all pairs was half the grid's
        # time on a 104-week plan with busy days).
        total = [0] * n_starts
        for o in options:
            for s, gap in enumerate(_nearest_distance(o, n_starts)):
                total[s] += gap
        out.append(min(range(n_starts), key=lambda s: (total[s], abs(s - anchor), s)))
    return tuple(out)


def _nearest_distance(allowed: tuple[int, ...], n_starts: int) -> list[int]:
    """For each start ``s`` in ``range(n_starts)``: ``min(abs(s - f) for f in allowed)``.

    ``allowed`` is sorted and not empty. Two sweeps: from the nearest allowed start at or
    before ``s``, and from the nearest at or after it.
    """
    out = [n_starts + max(allowed)] * n_starts  # farther than any real distance
    i = 0
    prev = None
    for s in range(n_starts):
        while i < len(allowed) and allowed[i] <= s:
            prev = allowed[i]
            i += 1
        if prev is not None:
            out[s] = s - prev
    j = len(allowed) - 1
    nxt = None
    for s in range(n_starts - 1, -1, -1):
        while j >= 0 and allowed[j] >= s:
            nxt = allowed[j]
            j -= 1
        if nxt is not None and nxt - s < out[s]:
            out[s] = nxt - s
    return out


def _clamp_slot(rules, time: dt.time, n_starts: int) -> int:
    minutes = time.hour * 60 + time.minute - _mins(rules.window_start)
    return max(0, min(n_starts - 1, minutes // rules.slot_minutes))


def _mins(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _slot_time(rules, slot: int) -> dt.time:
    """The wall-clock time at which ``slot`` starts."""
    minutes = _mins(rules.window_start) + slot * rules.slot_minutes
    return dt.time(minutes // 60, minutes % 60)


def _slot_start(problem: Problem, date: dt.date, slot: int) -> dt.datetime:
    return dt.datetime.combine(date, _slot_time(problem.rules, slot), ZoneInfo(problem.tz))
