"""Soft: honour the preferred time of day (morning, midday or evening); each 15 minutes outside it costs."""

from __future__ import annotations

from constraints import Term, register


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
        terms.append(Term("prefer_time", f"{day.date}", w, out))
    return terms
