"""Hard: no strength on a long-run day, nor the day after it (the legs need it to recover; `--allow-after-long-run` lifts only the day after)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from constraints import (
    Ban,
    ClashWords,
    Ladder,
    PlanView,
    RuleInstance,
    ban_each,
    days_taken,
    register,
)
from optimizer.domain import Problem, RunKind, Violation

# Dropped this early when a clash is shrunk (fine-grained rules first: what is left speaks
# of whole days and weeks).
CORE_RANK = 3

BANS_DAYS = True
BLOCK_RANK = 1


def _day_after(rules: Any) -> bool:
    """Whether the day after the long run is kept free too (``--allow-after-long-run`` lifts
    only that day: the long-run day itself never takes strength)."""
    return bool(rules.no_strength_after_long_run)


def instances(problem: Problem) -> list[RuleInstance]:
    """One per long run the problem knows, also the Sunday before the plan's first Monday."""
    from optimizer import timeline

    kinds = timeline.run_kinds_by_day(problem)
    after = _day_after(problem.rules)
    out = []
    for day in sorted(d for d, k in kinds.items() if RunKind.LONG in k):
        days = (day, day + dt.timedelta(days=1)) if after else (day,)
        out.append(RuleInstance("no_strength_after_long_run", f"{day}", days=days, anchor=day))
    return out


@register("no_strength_after_long_run", hard=True)
def no_strength_after_long_run(grid, m):
    ban_each(grid, m, instances(grid.problem))
    return []


def banned_days(grid: Any) -> dict[int, Ban]:
    after = _day_after(grid.rules)
    by_run = {inst.anchor: inst for inst in instances(grid.problem)}
    out: dict[int, Ban] = {}
    for day in grid.days:
        before = day.date - dt.timedelta(days=1)
        if day.date in by_run:
            out[day.index] = Ban(by_run[day.date], "long-run day")
        elif after and before in by_run:  # also the Sunday before the plan's first Monday
            out[day.index] = Ban(by_run[before], "day after the long run")
    return out


def check(view: PlanView) -> list[Violation]:
    after = _day_after(view.problem.rules)
    kinds = view.kinds
    out = []
    for day in view.by_day:
        if RunKind.LONG in kinds.get(day, ()):
            out.append(Violation("no_strength_after_long_run", day, "strength on a long-run day"))
        elif after and RunKind.LONG in kinds.get(day - dt.timedelta(days=1), ()):
            out.append(
                Violation("no_strength_after_long_run", day, "strength the day after the long run")
            )
    return out


def clash(grid: Any, core: list[RuleInstance], scope: set[dt.date]) -> ClashWords | None:
    from optimizer.text import days_text

    mine = [i for i in core if i.rule == "no_strength_after_long_run"]
    if not mine:
        return None
    taken, days = days_taken(grid, mine, "long run")
    what = "on a long-run day or the day after" if _day_after(grid.rules) else "on a long-run day"
    return ClashWords((f"no strength {what} ({days_text(days, scope)})",), taken)


def ladders(problem: Problem, opts: Any) -> list[Ladder]:
    if not (
        opts.no_strength_after_long_run and problem.rules.enabled("no_strength_after_long_run")
    ):
        return []
    return [
        Ladder(
            "after_long_run",
            5,
            ((("no_strength_after_long_run", False),),),
            lambda o: (("--allow-after-long-run",), "allow strength the day after the long run"),
        )
    ]


# Its bans and allowed starts say all the dynamic program needs.
DP_READY = True
