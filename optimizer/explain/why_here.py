"""Why each session is where it is, in a runner's words (solver-free, from the plan itself).

For each planned session: which hard rules shaped its day and time (the run before it, the
gap to its neighbours, the days this week the rules take away, the busy time that day) and
which soft goals it paid for or kept. The words come from the rules' own modules; this one
only gathers them. The lines go into the event's DESCRIPTION, the JSON report,
``legday plan --explain`` and ``legday explain``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from constraints import by_words_rank
from constraints import habit as habit_rule
from constraints import prefer_time as prefer_rule
from constraints import recovery_gap as gap_rule
from constraints import run_days as run_days_rule
from constraints import time_slots as slots_rule
from constraints import volume as volume_rule
from optimizer import timeline
from optimizer.diagnose import day_blockers
from optimizer.domain import Penalty, Run, RunKind, Session
from optimizer.grid import Day, Grid
from optimizer.text import join

_KIND_WORD = {
    RunKind.LONG: "long run",
    RunKind.HARD: "hard run",
    RunKind.EASY: "easy run",
    RunKind.RACE: "race",
}
_TOUGH_ORDER = {RunKind.RACE: 0, RunKind.LONG: 1, RunKind.HARD: 2, RunKind.EASY: 3}


@dataclass(frozen=True)
class SessionWhy:
    """Why one session is where it is.

    Attributes:
        session: the session explained.
        headline: the day and time and what the day is ("Tue 05 Jan 18:45: after your hard
            run 'Intervals' (hard days hard)").
        day: the hard rules that shaped the day (gap to the neighbours, days ruled out).
        time: what shaped the time of day (the run before it, busy time, the habit).
        paid: the soft goals this session gives up, with their cost.
        kept: the soft goals it keeps.
    """

    session: Session
    headline: str
    day: tuple[str, ...]
    time: tuple[str, ...]
    paid: tuple[str, ...]
    kept: tuple[str, ...]

    def lines(self) -> tuple[str, ...]:
        """The explanation as short lines, headline first."""
        paid = tuple(f"gives up: {p}" for p in self.paid)
        kept = tuple(f"keeps: {k}" for k in self.kept)
        return (self.headline, *self.day, *self.time, *paid, *kept)


@dataclass(frozen=True)
class WhyContext:
    """One session's surroundings, as the rules' words read them."""

    grid: Grid
    d: int
    local: dt.datetime
    runs_by_day: dict[dt.date, list[Run]]
    prev_day: dt.date | None
    next_day: dt.date | None

    @property
    def day(self) -> Day:
        return self.grid.days[self.d]

    @property
    def date(self) -> dt.date:
        return self.grid.days[self.d].date

    def tough_run(self, date: dt.date) -> Run | None:
        """That day's toughest run (race, long, hard), if any."""
        tough = [
            r
            for r in self.runs_by_day.get(date, [])
            if r.kind in (RunKind.LONG, RunKind.HARD, RunKind.RACE)
        ]
        return min(tough, key=lambda r: (_TOUGH_ORDER[r.kind], r.event.start)) if tough else None

    @staticmethod
    def kind_word(run: Run) -> str:
        return _KIND_WORD[run.kind]


def why_here(
    grid: Grid,
    sessions: Sequence[Session],
    penalties: Sequence[Penalty] = (),
    *,
    busy_titles: bool = False,
) -> list[SessionWhy]:
    """Explain each session (same order as ``sessions``), from the grid and the paid penalties.

    Args:
        grid: the problem's time grid.
        sessions: the plan (any plan: ours, or one read from a file).
        penalties: the soft costs the plan pays (``PlanResult.penalties``, or
            :func:`optimizer.explain.plan_penalties` for a plan read from a file).
        busy_titles: name the busy events that shaped a time (default: only their times).
    """
    problem = grid.problem
    runs_by_day: dict[dt.date, list[Run]] = {}
    for run in problem.runs:
        if run.kind.is_run:
            runs_by_day.setdefault(run.day, []).append(run)
    ends = timeline.last_run_end_by_day(problem)
    blocks = timeline.ByDay(
        [b for b in timeline.blocks(problem) if not b.is_run], ZoneInfo(problem.tz)
    )
    paid_by_day = _penalties_by_day(penalties)
    ordered = sorted({s.day for s in sessions})
    out = []
    for s in sessions:
        d = grid.day_index(s.day)
        local = s.start.astimezone(grid.start_of(0, 0).tzinfo)
        if d is None:
            out.append(
                SessionWhy(s, f"{local:%a %d %b %H:%M}: outside the plan's weeks", (), (), (), ())
            )
            continue
        at = ordered.index(s.day)
        ctx = WhyContext(
            grid,
            d,
            local,
            runs_by_day,
            prev_day=ordered[at - 1] if at > 0 else None,
            next_day=ordered[at + 1] if at + 1 < len(ordered) else None,
        )
        mine = paid_by_day.get(s.day, {})
        out.append(
            SessionWhy(
                session=s,
                headline=f"{local:%a %d %b %H:%M}: {_what_day(runs_by_day.get(s.day, []))}",
                day=tuple(_day_lines(ctx)),
                time=tuple(_time_lines(ctx, ends.get(s.day), blocks, busy_titles)),
                paid=tuple(_paid_lines(ctx, mine)),
                kept=tuple(line for rule in by_words_rank() for line in rule.kept(ctx, mine)),
            )
        )
    return out


def _what_day(todays: Sequence[Run]) -> str:
    if not todays:
        return "an off day from running"
    main = min(todays, key=lambda r: (_TOUGH_ORDER.get(r.kind, 9), r.event.start))
    word = _KIND_WORD.get(main.kind, "run")
    title = f" '{main.event.summary}'" if main.event.summary else ""
    if main.kind is RunKind.HARD:
        return f"after your {word}{title} (hard days hard)"
    return f"after your {word}{title}"


def _day_lines(ctx: WhyContext) -> list[str]:
    grid, d = ctx.grid, ctx.d
    lines = [
        line
        for line in (
            gap_rule.gap_line(grid, ctx.date, ctx.prev_day, ctx.next_day),
            volume_rule.first_line(ctx.prev_day),
        )
        if line
    ]
    # The days this week the hard rules take away: why the session is not on one of them.
    taken: dict[str, list[str]] = {}
    for k in grid.week_days(grid.days[d].week):
        if k == d:
            continue
        why = day_blockers(grid, k)
        if why:
            taken.setdefault(why[0], []).append(f"{grid.days[k].date:%a}")
    if taken:
        said = "; ".join(f"{join(days)}: {why}" for why, days in taken.items())
        lines.append(f"ruled out this week: {said}")
    return lines


def _time_lines(
    ctx: WhyContext,
    run_end: dt.datetime | None,
    blocks: Sequence[timeline.Block] | timeline.ByDay,
    busy_titles: bool = False,
) -> list[str]:
    rules = ctx.grid.rules
    lines = [
        line
        for line in (
            run_days_rule.run_end_line(run_end, rules.gap_after_run),
            slots_rule.busy_line(ctx.grid, ctx.d, blocks, titles=busy_titles),
            prefer_rule.time_line(ctx) if rules.prefer is not None else habit_rule.time_line(ctx),
        )
        if line
    ]
    if not lines:
        lines.append(
            f"free in your calendars, inside your daily window "
            f"{rules.window_start:%H:%M}-{rules.window_end:%H:%M}"
        )
    return lines


def _paid_lines(ctx: WhyContext, mine: dict[str, list[Penalty]]) -> list[str]:
    lines = []
    for rule in by_words_rank():
        for penalty in mine.get(rule.name, []):
            text = rule.paid(ctx, penalty)
            if text:
                lines.append(f"{text} (cost {penalty.cost})")
    return lines


def _penalties_by_day(penalties: Sequence[Penalty]) -> dict[dt.date, dict[str, list[Penalty]]]:
    """Each paid soft term under the day(s) whose session pays it."""
    out: dict[dt.date, dict[str, list[Penalty]]] = {}
    for p in penalties:
        for day in p.days:
            out.setdefault(day, {}).setdefault(p.rule, []).append(p)
    return out


def plan_penalties(
    grid: Grid, sessions: Sequence[Session], *, time_limit: float = 10.0
) -> tuple[Penalty, ...]:
    """The soft costs a given plan pays (for a plan read from a file)."""
    from optimizer.solver import SolverSettings
    from optimizer.solver.plan import penalties_of

    zone = grid.start_of(0, 0).tzinfo
    chosen: dict[int, int] = {}
    for s in sessions:
        d = grid.day_index(s.start.astimezone(zone).date())
        if d is not None and d not in chosen:
            chosen[d] = grid.slot_of(s.start.astimezone(zone).time())
    return penalties_of(grid, chosen, SolverSettings(time_limit=time_limit))
