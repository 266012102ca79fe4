"""Hard: no strength on a long-run day, nor the day after it (the legs need it to recover)."""

from __future__ import annotations

from constraints import register


@register("no_strength_after_long_run", hard=True)
def no_strength_after_long_run(grid, m):
    if not grid.rules.no_strength_after_long_run:
        return []
    n = len(grid.days)
    for d in grid.long_days:
        lit = m.switch("no_strength_after_long_run", f"{grid.days[d].date}")
        for k in (d, d + 1):
            if k < n:
                m.cp.add(m.x[k] == 0).only_enforce_if(lit)
    return []
