"""Hard: between MIN and MAX strength sessions in each plan week (weeks inside a race window need not reach MIN)."""

from __future__ import annotations

from constraints import register


@register("sessions_per_week", hard=True)
def sessions_per_week(grid, m):
    rules = grid.rules
    for w in range(grid.weeks):
        count = sum(m.x[d] for d in grid.week_days(w))
        if grid.week_min[w] > 0:
            m.cp.add(count >= grid.week_min[w]).only_enforce_if(
                m.switch("sessions_per_week", f"week={w + 1},min")
            )
        m.cp.add(count <= rules.sessions_max).only_enforce_if(
            m.switch("sessions_per_week", f"week={w + 1},max")
        )
    return []
