"""Soft: honour the preferred time of day (morning, midday or evening); each 15 minutes outside it costs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from constraints import Term, register

WORDS_RANK = 5


@register("prefer_time", hard=False)
def prefer_time(grid, m):
    rules = grid.rules
    if rules.prefer is None:
        return []
    first, last_start = rules.prefer.band
    lo = grid.slot_of(first)
    # The latest start that still ends inside the band (or the band's start, if shorter).
    hi = max(lo, grid.slot_of(last_start) - grid.dur_slots)
    w = rules.weight["prefer"]
    terms = []
    for day in grid.days:
        d = day.index
        out = m.cp.new_int_var(0, grid.n_starts, f"prefer_time({day.date})")
        m.cp.add(out >= lo - m.start[d]).only_enforce_if(m.x[d])
        m.cp.add(out >= m.start[d] - hi).only_enforce_if(m.x[d])
        allowed = m.allowed[d]
        if allowed:  # valid cut: the nearest allowed start's distance from the band
            m.cp.add(out >= min(max(lo - s, s - hi, 0) for s in allowed) * m.x[d])
        terms.append(Term("prefer_time", f"{day.date}", w, out, days=(day.date,)))
    return terms


def paid(ctx: Any, penalty: Any) -> str:
    rules = ctx.grid.rules
    if rules.prefer is None:
        return ""
    first, last = rules.prefer.band
    return f"preferred time: outside your {rules.prefer.value} hours ({first:%H:%M}-{last:%H:%M})"


def time_line(ctx: Any) -> str | None:
    """Why the session is at this time of day, when the runner prefers a time of day."""
    from optimizer.grid import allowed_starts

    rules = ctx.grid.rules
    if rules.prefer is None:
        return None
    local = ctx.local
    first, last = rules.prefer.band
    if first <= local.time() and (local + dt.timedelta(minutes=rules.minutes)).time() <= last:
        return (
            f"{local:%H:%M} is inside your preferred {rules.prefer.value} hours "
            f"({first:%H:%M}-{last:%H:%M})"
        )
    if allowed_starts(ctx.grid.days[ctx.d]):
        return (
            f"{local:%H:%M} is the free time nearest your preferred "
            f"{rules.prefer.value} hours ({first:%H:%M}-{last:%H:%M})"
        )
    return None


DP_READY = True


def start_cost(grid: Any, d: int, s: int) -> int:
    """Each slot outside the preferred band pays."""
    rules = grid.rules
    if rules.prefer is None:
        return 0
    first, last_start = rules.prefer.band
    lo = grid.slot_of(first)
    hi = max(lo, grid.slot_of(last_start) - grid.dur_slots)
    return rules.weight["prefer"] * max(lo - s, s - hi, 0)
