"""Hard: at least `min_gap_days` days between two strength sessions (2: a full day off strength between them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from constraints import ClashWords, Ladder, PlanView, RuleInstance, register
from optimizer.domain import Problem, Violation

# Dropped this early when a clash is shrunk (fine-grained rules first: what is left speaks
# of whole days and weeks).
CORE_RANK = 0


@register("recovery_gap", hard=True)
def recovery_gap(grid, m):
    for a, b in grid.day_pairs_closer_than(grid.rules.min_gap_days):
        da, db = grid.days[a].date, grid.days[b].date
        lit = m.switch(RuleInstance("recovery_gap", f"{da},{db}", days=(da, db)))
        m.cp.add_bool_or([~m.x[a], ~m.x[b]]).only_enforce_if(lit)
    return []


def check(view: PlanView) -> list[Violation]:
    rules = view.problem.rules
    out = []
    days = sorted(view.by_day)
    for a, b in zip(days, days[1:], strict=False):
        if (b - a).days < rules.min_gap_days:
            out.append(
                Violation(
                    "recovery_gap",
                    b,
                    f"only {(b - a).days} day(s) after the session on {a:%a %Y-%m-%d} "
                    f"(at least {rules.min_gap_days} wanted)",
                )
            )
    return out


def clash(grid: Any, core: list[RuleInstance], scope: set[dt.date]) -> ClashWords | None:
    if not any(i.rule == "recovery_gap" for i in core):
        return None
    return ClashWords((f"{grid.rules.min_gap_days} days between sessions",))


def ladders(problem: Problem, opts: Any) -> list[Ladder]:
    if opts.min_gap_days <= 2:
        return []
    # Above the coaching default (a full day between sessions) only: never below it.
    return [
        Ladder(
            "min_gap",
            1,
            tuple((("min_gap_days", k),) for k in range(opts.min_gap_days - 1, 1, -1)),
            lambda o: (
                ("--min-gap-days", str(o.min_gap_days)),
                f"{o.min_gap_days} days between sessions",
            ),
        )
    ]


def gap_line(
    grid: Any, date: dt.date, prev_day: dt.date | None, next_day: dt.date | None
) -> str | None:
    """Why a session is this far from its neighbours."""
    parts = []
    if prev_day is not None:
        parts.append(f"{(date - prev_day).days} days after your last session ({prev_day:%a %d %b})")
    if next_day is not None:
        parts.append(f"{(next_day - date).days} days before the next ({next_day:%a %d %b})")
    if not parts:
        return None
    return f"{' and '.join(parts)}: at least {grid.rules.min_gap_days} days between sessions"


DP_READY = True
