"""Soft: never two tough workouts back to back: a session the day after a hard or long run costs."""

from __future__ import annotations

from constraints import Term, register


@register("back_to_back", hard=False)
def back_to_back(grid, m):
    w = grid.rules.weight["back_to_back"]
    return [
        Term("back_to_back", f"{grid.days[d].date}", w, m.x[d])
        for d in range(1, len(grid.days))
        if grid.days[d - 1].is_tough
    ]
