"""Hard: no strength from `race_before_days` days before a race through `race_after_days` days after it."""

from __future__ import annotations

from constraints import register
from optimizer import timeline


@register("race_window", hard=True)
def race_window(grid, m):
    rules = grid.rules
    problem = grid.problem
    n = len(grid.days)
    # Every race the problem knows, also just outside the plan: a race the Sunday after the
    # last week still keeps that week free (the validator judges the same way).
    for race in timeline.race_days(problem):
        r = (race - problem.start).days
        days = range(max(0, r - rules.race_before_days), min(n, r + rules.race_after_days + 1))
        if not days:
            continue
        lit = m.switch("race_window", f"{race}")
        for d in days:
            m.cp.add(m.x[d] == 0).only_enforce_if(lit)
    return []
