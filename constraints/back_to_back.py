"""Soft: never two tough workouts back to back: a session the day after a hard or long run costs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from constraints import Term, register

WORDS_RANK = 2


@register("back_to_back", hard=False)
def back_to_back(grid, m):
    w = grid.rules.weight["back_to_back"]
    return [
        Term("back_to_back", f"{grid.days[d].date}", w, m.x[d], days=(grid.days[d].date,))
        for d in range(1, len(grid.days))
        if grid.days[d - 1].is_tough
    ]


def paid(ctx: Any, penalty: Any) -> str:
    yesterday = ctx.tough_run(ctx.date - dt.timedelta(days=1))
    what = f"your {ctx.kind_word(yesterday)}" if yesterday else "a tough run"
    return f"no back-to-back: it is the day after {what}"


def kept(ctx: Any, paid: Any) -> list[str]:
    d, grid = ctx.d, ctx.grid
    if "back_to_back" in paid or d <= 0 or grid.days[d - 1].is_tough:
        return []
    return ["no back-to-back: yesterday was not a long or hard run"]


DP_READY = True


def day_cost(grid: Any, d: int) -> int:
    """The weight a session on day ``d`` pays (the dynamic program's form of the terms)."""
    return grid.rules.weight["back_to_back"] if d >= 1 and grid.days[d - 1].is_tough else 0
