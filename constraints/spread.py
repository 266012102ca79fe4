"""Soft: spread the week's sessions evenly: two sessions only the minimum gap apart cost."""

from __future__ import annotations

from typing import Any

from constraints import Term, register

WORDS_RANK = 3


@register("spread", hard=False)
def spread(grid, m):
    gap = grid.rules.min_gap_days
    w = grid.rules.weight["spread"]
    # Only when the recovery gap holds for sure: in EXPLAIN mode (or when it is not built)
    # the strong form would be a hard cap on sessions that no switch can lift.
    strong = m.in_force("recovery_gap")
    terms = []
    for a in range(len(grid.days) - gap):
        b = a + gap
        da, db = grid.days[a].date, grid.days[b].date
        tight = m.cp.new_bool_var(f"spread({da})")
        # Stronger than tight >= x[a] + x[b] - 1 under the recovery gap (days between a and
        # b hold no session when both do), so the LP relaxation sees the cost.
        if strong:
            m.cp.add(sum(m.x[a : b + 1]) <= 1 + tight)
        else:
            m.cp.add(tight >= m.x[a] + m.x[b] - 1)
        terms.append(Term("spread", f"{da},{db}", w, tight, days=(da, db)))
    return terms


def paid(ctx: Any, penalty: Any) -> str:
    days, date = penalty.days, ctx.date
    if len(days) == 2 and days[0] == date and ctx.next_day is not None:
        return (
            f"spread: only {(ctx.next_day - date).days} days before your next session "
            f"({ctx.next_day:%a %d %b})"
        )
    if len(days) == 2 and days[1] == date and ctx.prev_day is not None:
        return (
            f"spread: only {(date - ctx.prev_day).days} days after your last session "
            f"({ctx.prev_day:%a %d %b})"
        )
    return ""


DP_READY = True


def pair_cost(grid: Any) -> tuple[int, str, int]:
    """Two sessions exactly the gap apart pay the weight: (offset, "both", weight)."""
    return grid.rules.min_gap_days, "both", grid.rules.weight["spread"]
