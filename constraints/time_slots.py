"""Hard: every session starts on the grid inside the daily window, lasts its minutes, and overlaps no run or busy time."""

from __future__ import annotations

from ortools.sat.python import cp_model

from constraints import register


@register("time_slots", hard=True)
def time_slots(grid, m):
    for day in grid.days:
        d = day.index
        if len(day.free_starts) == grid.n_starts:
            continue  # nothing blocks this day: every start on the grid is free
        lit = m.switch("time_slots", f"{day.date}")
        if not day.free_starts:
            m.cp.add(m.x[d] == 0).only_enforce_if(lit)
        else:
            m.cp.add_linear_expression_in_domain(
                m.start[d], cp_model.Domain.from_values(day.free_starts)
            ).only_enforce_if(m.x[d], lit)
    return []
