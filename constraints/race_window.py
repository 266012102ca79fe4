"""Hard: no strength from `race_before_days` days before a race through `race_after_days` days after it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from constraints import Ban, ClashWords, Ladder, PlanView, RuleInstance, register
from optimizer.domain import Problem, Violation

# Dropped this early when a clash is shrunk (fine-grained rules first: what is left speaks
# of whole days and weeks).
CORE_RANK = 4

BANS_DAYS = True
BLOCK_RANK = 0


def instances(problem: Problem) -> list[RuleInstance]:
    """One per race the problem knows, also just outside the plan: a race the Sunday after
    the last week still keeps that week free (the validator judges the same way)."""
    from optimizer import timeline

    rules = problem.rules
    out = []
    for race in timeline.race_days(problem):
        days = tuple(
            race + dt.timedelta(days=k)
            for k in range(-rules.race_before_days, rules.race_after_days + 1)
        )
        out.append(RuleInstance("race_window", f"{race}", days=days, anchor=race))
    return out


def window_days(problem: Problem) -> set[dt.date]:
    """Every day with no strength around a race."""
    return {day for inst in instances(problem) for day in inst.days}


@register("race_window", hard=True)
def race_window(grid, m):
    for inst in instances(grid.problem):
        days = [d for d in map(grid.day_index, inst.days) if d is not None]
        if not days:
            continue
        lit = m.switch(inst)
        for d in days:
            m.cp.add(m.x[d] == 0).only_enforce_if(lit)
    return []


def banned_days(grid: Any) -> dict[int, Ban]:
    out: dict[int, Ban] = {}
    for inst in instances(grid.problem):
        assert inst.anchor is not None
        for day in inst.days:
            d = grid.day_index(day)
            if d is not None:
                out.setdefault(d, Ban(inst, f"race window of the race on {inst.anchor:%a %d %b}"))
    return out


def check(view: PlanView) -> list[Violation]:
    rules = view.problem.rules
    races = [i.anchor for i in instances(view.problem) if i.anchor is not None]
    out = []
    for day in view.by_day:
        for race in races:
            if -rules.race_after_days <= (race - day).days <= rules.race_before_days:
                out.append(
                    Violation(
                        "race_window",
                        day,
                        f"strength within {rules.race_before_days} days before or "
                        f"{rules.race_after_days} after the race on {race:%a %Y-%m-%d}",
                    )
                )
                break
    return out


def clash(grid: Any, core: list[RuleInstance], scope: set[dt.date]) -> ClashWords | None:
    rules = grid.rules
    phrases = []
    taken: dict[int, str] = {}
    for inst in core:
        if inst.rule != "race_window" or inst.anchor is None:
            continue
        for day in inst.days:
            d = grid.day_index(day)
            if d is not None:
                taken.setdefault(d, "race")
        phrases.append(
            f"no strength from {rules.race_before_days} days before to "
            f"{rules.race_after_days} after the race on {inst.anchor:%a %d %b}"
        )
    return ClashWords(tuple(phrases), taken) if phrases else None


def ladders(problem: Problem, opts: Any) -> list[Ladder]:
    if not instances(problem):
        return []
    out = []
    if opts.race_before_days > 0:
        out.append(
            Ladder(
                "race_before",
                3,
                tuple((("race_before_days", k),) for k in range(opts.race_before_days - 1, -1, -1)),
                lambda o: (
                    ("--race-before-days", str(o.race_before_days)),
                    f"shorten the race window to {o.race_before_days} days before",
                ),
            )
        )
    if opts.race_after_days > 0:
        out.append(
            Ladder(
                "race_after",
                4,
                tuple((("race_after_days", k),) for k in range(opts.race_after_days - 1, -1, -1)),
                lambda o: (
                    ("--race-after-days", str(o.race_after_days)),
                    f"shorten the race window to {o.race_after_days} days after",
                ),
            )
        )
    return out
