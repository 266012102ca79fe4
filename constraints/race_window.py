"""Hard: no strength from `race_before_days` days before a race through `race_after_days` days after it."""

from __future__ import annotations

from constraints import register


@register("race_window", hard=True)
def race_window(grid, m):
    rules = grid.rules
    n = len(grid.days)
    for r in grid.race_days:
        lit = m.switch("race_window", f"{grid.days[r].date}")
        for d in range(max(0, r - rules.race_before_days), min(n, r + rules.race_after_days + 1)):
            m.cp.add(m.x[d] == 0).only_enforce_if(lit)
    return []
