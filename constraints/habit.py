"""Soft: keep the same weekdays and time of day from week to week where the runs allow (a habit is easier to keep)."""

from __future__ import annotations

from constraints import Term, register


@register("habit", hard=False)
def habit(grid, m):
    rules = grid.rules
    w_day, w_time = rules.weight["habit_day"], rules.weight["habit_time"]
    n = len(grid.days)
    terms = []
    for d in range(n - 7):
        flip = m.cp.new_bool_var(f"habit_day({grid.days[d].date})")
        m.cp.add(flip >= m.x[d] - m.x[d + 7])
        m.cp.add(flip >= m.x[d + 7] - m.x[d])
        terms.append(
            Term("habit", f"weekday {grid.days[d].date:%a} {grid.days[d].date}", w_day, flip)
        )
    # Each session pays its distance from that weekday's usual time (fixed by the grid).
    for d in range(n):
        dev = m.cp.new_int_var(0, grid.n_starts - 1, f"habit_time({grid.days[d].date})")
        usual = grid.usual_slot[grid.days[d].date.weekday()]
        m.cp.add(dev >= m.start[d] - usual).only_enforce_if(m.x[d])
        m.cp.add(dev >= usual - m.start[d]).only_enforce_if(m.x[d])
        # Valid cut: a session that day costs at least its nearest allowed start's distance.
        # Without it the LP relaxation sees no time cost and the bound stays weak.
        allowed = m.allowed[d]
        if allowed:
            m.cp.add(dev >= min(abs(s - usual) for s in allowed) * m.x[d])
        terms.append(Term("habit", f"time {grid.days[d].date}", w_time, dev))
    return terms
