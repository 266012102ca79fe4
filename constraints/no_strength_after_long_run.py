"""Hard: no strength on a long-run day, nor the day after it (the legs need it to recover)."""

from __future__ import annotations

from constraints import register
from optimizer import timeline
from optimizer.domain import RunKind


@register("no_strength_after_long_run", hard=True)
def no_strength_after_long_run(grid, m):
    if not grid.rules.no_strength_after_long_run:
        return []
    problem = grid.problem
    n = len(grid.days)
    kinds = timeline.run_kinds_by_day(problem)
    # Every long run the problem knows, also the Sunday before the plan's first Monday.
    for day in sorted(d for d, k in kinds.items() if RunKind.LONG in k):
        i = (day - problem.start).days
        days = [k for k in (i, i + 1) if 0 <= k < n]
        if not days:
            continue
        lit = m.switch("no_strength_after_long_run", f"{day}")
        for k in days:
            m.cp.add(m.x[k] == 0).only_enforce_if(lit)
    return []
