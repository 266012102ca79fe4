"""Soft: hard days hard, easy days easy: a session on an easy-run day costs more than on an off day or a hard-run day."""

from __future__ import annotations

from constraints import Term, register


@register("easy_days", hard=False)
def easy_days(grid, m):
    w = grid.rules.weight["easy_days"]
    return [
        Term("easy_days", f"{day.date}", w, m.x[day.index]) for day in grid.days if day.is_easy_only
    ]
