"""Soft: beginners keep running and strength on separate days; when no two free days fit, a lighter session follows an easy run."""

from __future__ import annotations

from typing import Any

from constraints import Term, register
from optimizer.domain import Level

WORDS_RANK = 0


@register("separate_days", hard=False)
def separate_days(grid, m):
    # Heavily weighted: only when no two free days fit the week does a beginner's session
    # share a day with an easy run (hard runs, long runs and races never: run_days). Run
    # first, then strength, is the run_days rule's for every level.
    if grid.rules.level is not Level.BEGINNER:
        return []
    w = grid.rules.weight["separate_days"]
    return [
        Term("separate_days", f"{day.date}", w, m.x[day.index], days=(day.date,))
        for day in grid.days
        if day.is_easy_only
    ]


def paid(ctx: Any, penalty: Any) -> str:
    return (
        "separate days: a beginner's strength and running are on different days when two "
        "free days fit the week; this week they do not, so a lighter session follows your "
        "easy run"
    )


DP_READY = True


def day_cost(grid: Any, d: int) -> int:
    """The weight a session on day ``d`` pays (the dynamic program's form of the terms)."""
    if grid.rules.level is not Level.BEGINNER or not grid.days[d].is_easy_only:
        return 0
    return grid.rules.weight["separate_days"]
