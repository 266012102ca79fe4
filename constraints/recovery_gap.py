"""Hard: at least `min_gap_days` days between two strength sessions (2: a full day off strength between them)."""

from __future__ import annotations

from constraints import register


@register("recovery_gap", hard=True)
def recovery_gap(grid, m):
    for a, b in grid.day_pairs_closer_than(grid.rules.min_gap_days):
        lit = m.switch("recovery_gap", f"{grid.days[a].date},{grid.days[b].date}")
        m.cp.add_bool_or([~m.x[a], ~m.x[b]]).only_enforce_if(lit)
    return []
