"""Soft: start small and build slowly: MIN sessions in the first weeks (every week for beginners), then up to MAX; each session off the week's target costs."""

from __future__ import annotations

from typing import Any

from constraints import Term, register
from optimizer.domain import Level


@register("volume", hard=False)
def volume(grid, m):
    rules = grid.rules
    w_volume = rules.weight["volume"]
    terms = []
    for w in range(grid.weeks):
        # Beginners stay at MIN: strength days come on top of their run days, and
        # consistency beats volume.
        ramp = w < rules.ramp_weeks or rules.level is Level.BEGINNER
        target = _target(grid, w, ramp)
        count = sum(m.x[d] for d in grid.week_days(w))
        off = m.cp.new_int_var(0, 7, f"volume(week={w + 1})")
        m.cp.add(off >= target - count)
        if ramp:
            m.cp.add(off >= count - target)
        terms.append(Term("volume", f"week={w + 1}", w_volume, off))
    return terms


def _target(grid: Any, w: int, ramp: bool) -> int:
    """Week ``w``'s number of legday sessions: MIN while ramping or near a race, else MAX
    (less the runner's own strength sessions that week, which count)."""
    own = grid.rules.sessions_max - grid.week_max[w]
    if ramp or grid.week_min[w] == 0:
        return max(0, grid.rules.sessions_min - own)
    return grid.week_max[w]


def first_line(prev_day: object) -> str | None:
    """What the plan's first session is for."""
    return "your first session of the plan: start small" if prev_day is None else None


DP_READY = True


def week_cost(grid: Any, w: int, count: int) -> int:
    """What week ``w`` pays with ``count`` sessions (the dynamic program's form)."""
    rules = grid.rules
    ramp = w < rules.ramp_weeks or rules.level is Level.BEGINNER
    target = _target(grid, w, ramp)
    off = max(target - count, count - target if ramp else 0, 0)
    return rules.weight["volume"] * off
