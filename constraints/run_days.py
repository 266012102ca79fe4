"""Hard: strength on a run day only after the run has ended (run first); beginners never on a hard-run, long-run or race day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from constraints import Ban, ClashWords, Ladder, PlanView, RuleInstance, register
from optimizer.domain import Level, Problem, RunKind, Violation

# Dropped this early when a clash is shrunk (fine-grained rules first: what is left speaks
# of whole days and weeks).
CORE_RANK = 2

BLOCK_RANK = 2


def _off_limits(grid: Any, day: Any) -> bool:
    """A day a beginner never lifts on: a hard run, a long run or a race (an easy-run day
    is only a soft cost for them: ``separate_days``)."""
    return grid.rules.level is Level.BEGINNER and day.is_tough


def instance(date: dt.date) -> RuleInstance:
    return RuleInstance("run_days", f"{date}", days=(date,))


@register("run_days", hard=True)
def run_days(grid, m):
    for day in grid.days:
        if not day.is_run_day:
            continue
        lit = m.switch(instance(day.date))
        if _off_limits(grid, day):
            m.cp.add(m.x[day.index] == 0).only_enforce_if(lit)
        elif day.after_run is not None:
            # Run first, then strength: the session starts once the day's last run is over.
            m.cp.add(m.start[day.index] >= day.after_run).only_enforce_if(m.x[day.index], lit)
    return []


def allowed_starts(grid: Any, day: Any, starts: tuple[int, ...]) -> tuple[int, ...]:
    """Run first: only starts after the day's last run (the cut holds for a beginner's hard
    days too, which hold no session at all)."""
    if day.is_run_day and day.after_run is not None:
        return tuple(s for s in starts if s >= day.after_run)
    return starts


def banned_days(grid: Any) -> dict[int, Ban]:
    out = {}
    for day in grid.days:
        if not day.is_run_day:
            continue
        if _off_limits(grid, day):
            out[day.index] = Ban(
                instance(day.date), f"{_tough_word(day)} (beginners keep strength off hard days)"
            )
        elif (
            day.after_run is not None
            and day.free_starts  # no free time at all (away, busy all day): time_slots says so
            and not any(s >= day.after_run for s in day.free_starts)
        ):
            out[day.index] = Ban(instance(day.date), "no free time after the run")
    return out


def _tough_word(day: Any) -> str:
    if day.is_race:
        return "race day"
    return "long-run day" if day.is_long else "hard-run day"


def check(view: PlanView) -> list[Violation]:
    from optimizer import timeline

    problem = view.problem
    ends = timeline.last_run_end_by_day(problem)
    ready = timeline.ready_after_run_by_day(problem)
    out = []
    tough = {RunKind.HARD, RunKind.LONG, RunKind.RACE}
    for day, same in view.by_day.items():
        kinds = view.kinds.get(day)
        if not kinds:
            continue
        if problem.rules.level is Level.BEGINNER and kinds & tough:
            out.append(
                Violation(
                    "run_days",
                    day,
                    "a beginner keeps strength off hard-run, long-run and race days",
                )
            )
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
            elif day in ready and s.start < ready[day]:
                out.append(
                    Violation(
                        "run_days",
                        day,
                        f"strength at {s.start:%H:%M}, {problem.rules.gap_after_run} min after "
                        f"the run ends at {ends[day]:%H:%M} is needed first (gap after the run)",
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
    hard = sorted(d for d in mine if _off_limits(grid, grid.days[d]))
    phrases = []
    if hard:
        phrases.append(
            f"beginners keep strength off hard-run, long-run and race days "
            f"({days_text((grid.days[d].date for d in hard), scope)})"
        )
    busy = _days(grid, core, "time_slots")
    late = sorted(d for d in mine if d not in busy and d not in hard)
    both = sorted(d for d in mine if d in busy and d not in hard)
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
    taken = {d: "hard day" for d in hard} | {d: "run first" for d in late + both}
    return ClashWords(tuple(phrases), taken)


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
                "allow strength after hard and long runs too (intermediate level)",
            ),
        )
    ]


def run_end_line(run_end: dt.datetime | None, gap: int = 0) -> str | None:
    """Why a session on a run day starts when it does."""
    if run_end is None:
        return None
    after = f", {gap} min after it (shower, food, travel)" if gap else ""
    return f"your run ends at {run_end:%H:%M}: run first, then strength{after}"


# Its bans and allowed starts say all the dynamic program needs.
DP_READY = True
