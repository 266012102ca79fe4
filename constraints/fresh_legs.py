"""Soft: nothing hard for the legs the day before a long run, a hard run or a race."""

from __future__ import annotations

import datetime as dt
from typing import Any

from constraints import Term, register

WORDS_RANK = 1


@register("fresh_legs", hard=False)
def fresh_legs(grid, m):
    w = grid.rules.weight["fresh_legs"]
    return [
        Term("fresh_legs", f"{grid.days[d].date}", w, m.x[d], days=(grid.days[d].date,))
        for d in range(len(grid.days) - 1)
        if grid.days[d + 1].is_tough
    ]


def paid(ctx: Any, penalty: Any) -> str:
    tomorrow = ctx.tough_run(ctx.date + dt.timedelta(days=1))
    what = (
        f"your {ctx.kind_word(tomorrow)} '{tomorrow.event.summary}'"
        if tomorrow
        else ("a tough run")
    )
    return f"fresh legs: it is the day before {what}"


def kept(ctx: Any, paid: Any) -> list[str]:
    d, grid = ctx.d, ctx.grid
    if "fresh_legs" in paid or d + 1 >= len(grid.days):
        return []
    tomorrow = ctx.runs_by_day.get(grid.days[d + 1].date, [])
    return [
        "fresh legs: tomorrow's run is an easy one" if tomorrow else "fresh legs: no run tomorrow"
    ]


DP_READY = True


def day_cost(grid: Any, d: int) -> int:
    """The weight a session on day ``d`` pays (the dynamic program's form of the terms)."""
    days = grid.days
    return grid.rules.weight["fresh_legs"] if d + 1 < len(days) and days[d + 1].is_tough else 0
