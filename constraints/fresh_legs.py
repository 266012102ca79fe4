"""Soft: nothing hard for the legs the day before a long run, a hard run or a race."""

from __future__ import annotations

from constraints import Term, register


@register("fresh_legs", hard=False)
def fresh_legs(grid, m):
    w = grid.rules.weight["fresh_legs"]
    return [
        Term("fresh_legs", f"{grid.days[d].date}", w, m.x[d])
        for d in range(len(grid.days) - 1)
        if grid.days[d + 1].is_tough
    ]
