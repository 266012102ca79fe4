"""Soft: hard days hard, easy days easy: a session on an easy-run day costs more than on an off day or a hard-run day."""

from __future__ import annotations

from typing import Any

from constraints import Term, register

WORDS_RANK = 0


@register("easy_days", hard=False)
def easy_days(grid, m):
    w = grid.rules.weight["easy_days"]
    return [
        Term("easy_days", f"{day.date}", w, m.x[day.index], days=(day.date,))
        for day in grid.days
        if day.is_easy_only
    ]


def paid(ctx: Any, penalty: Any) -> str:
    return "easy days easy: it is on an easy-run day (no off day or hard-run day suited)"


def kept(ctx: Any, paid: Any) -> list[str]:
    day = ctx.day
    if day.is_hard:
        return ["hard days hard: strength on the same day as a hard run"]
    if not day.is_run_day:
        return ["an off day: no run to share the day with"]
    return []


DP_READY = True


def day_cost(grid: Any, d: int) -> int:
    """The weight a session on day ``d`` pays (the dynamic program's form of the terms)."""
    return grid.rules.weight["easy_days"] if grid.days[d].is_easy_only else 0
