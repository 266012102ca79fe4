"""Hard: beginners keep strength off run days; others add it to a run day only after the run has ended."""

from __future__ import annotations

import datetime as dt
from typing import Any

from constraints import Ban, ClashWords, Ladder, PlanView, RuleInstance, register
from optimizer.domain import Level, Problem, Violation

# Dropped this early when a clash is shrunk (fine-grained rules first: what is left speaks
# of whole days and weeks).
CORE_RANK = 2

BLOCK_RANK = 2


def instance(date: dt.date) -> RuleInstance:
    return RuleInstance("run_days", f"{date}", days=(date,))


@register("run_days", hard=True)
def run_days(grid, m):
    beginner = grid.rules.level is Level.BEGINNER
    for day in grid.days:
        if not day.is_run_day:
            continue
        lit = m.switch(instance(day.date))
        if beginner:
            m.cp.add(m.x[day.index] == 0).only_enforce_if(lit)
        elif day.after_run is not None:
            # Run first, then strength: the session starts once the day's last run is over.
            m.cp.add(m.start[day.index] >= day.after_run).only_enforce_if(m.x[day.index], lit)
    return []


def allowed_starts(grid: Any, day: Any, starts: tuple[int, ...]) -> tuple[int, ...]:
    """Run first: only starts after the day's last run (the cut holds for beginners too,
    whose run days hold no session at all)."""
    if day.is_run_day and day.after_run is not None:
        return tuple(s for s in starts if s >= day.after_run)
    return starts


def banned_days(grid: Any) -> dict[int, Ban]:
    beginner = grid.rules.level is Level.BEGINNER
    out = {}
    for day in grid.days:
        if not day.is_run_day:
            continue
        if beginner:
            out[day.index] = Ban(
                instance(day.date), "run day (beginners keep strength off run days)"
            )
        elif day.after_run is not None and not any(s >= day.after_run for s in day.free_starts):
            out[day.index] = Ban(instance(day.date), "no free time after the run")
    return out


def check(view: PlanView) -> list[Violation]:
    from optimizer import timeline

    problem = view.problem
    ends = timeline.last_run_end_by_day(problem)
    out = []
    for day, same in view.by_day.items():
        if not view.kinds.get(day):
            continue
        if problem.rules.level is Level.BEGINNER:
            out.append(Violation("run_days", day, "a beginner keeps strength off run days"))
            continue
        for s in same:
            if day in ends and s.start < ends[day]:
                out.append(
                    Violation(
                        "run_days",
                        day,
                        f"strength at {s.start:%H:%M} before the run ends at "
                        f"{ends[day]:%H:%M} (run first, then strength)",
                    )
                )
    return out


def clash(grid: Any, core: list[RuleInstance], scope: set[dt.date]) -> ClashWords | None:
    from optimizer import timeline
    from optimizer.text import days_text

    mine = _days(grid, core, "run_days")
    if not mine:
        return None
    rules = grid.rules
    if rules.level is Level.BEGINNER:
        phrase = (
            f"beginners keep strength off run days "
            f"({days_text((grid.days[d].date for d in sorted(mine)), scope)})"
        )
        return ClashWords((phrase,), {d: "run day" for d in mine})
    busy = _days(grid, core, "time_slots")
    late = sorted(d for d in mine if d not in busy)
    both = sorted(d for d in mine if d in busy)
    phrases = []
    if late:
        ends = timeline.last_run_end_by_day(grid.problem)
        times = [ends[grid.days[d].date] for d in late if grid.days[d].date in ends]
        latest = f"runs end as late as {max(times):%H:%M}, " if times else ""
        phrases.append(
            f"run first, then strength ({days_text((grid.days[d].date for d in late), scope)}: "
            f"{latest}too late for {rules.minutes} minutes before {rules.window_end:%H:%M})"
        )
    if both:
        phrases.append(
            f"run first, then strength, and busy after the run "
            f"({days_text((grid.days[d].date for d in both), scope)})"
        )
    return ClashWords(tuple(phrases), {d: "run first" for d in late + both})


def _days(grid: Any, core: list[RuleInstance], rule: str) -> set[int]:
    return {d for i in core if i.rule == rule for d in [grid.day_index(i.days[0])] if d is not None}


def ladders(problem: Problem, opts: Any) -> list[Ladder]:
    if opts.level is not Level.BEGINNER:
        return []
    return [
        Ladder(
            "level",
            2,
            ((("level", Level.INTERMEDIATE),),),
            lambda o: (
                ("--level", "intermediate"),
                "allow strength on run days, after the run (intermediate level)",
            ),
        )
    ]


def run_end_line(run_end: dt.datetime | None) -> str | None:
    """Why a session on a run day starts when it does."""
    if run_end is None:
        return None
    return f"your run ends at {run_end:%H:%M}: run first, then strength"
