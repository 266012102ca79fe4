"""Soft: keep the same weekdays and time of day from week to week where the runs allow (a habit is easier to keep)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from constraints import Term, register

WORDS_RANK = 4


@register("habit", hard=False)
def habit(grid, m):
    rules = grid.rules
    w_day, w_time = rules.weight["habit_day"], rules.weight["habit_time"]
    n = len(grid.days)
    terms = []
    for d in range(n - 7):
        date = grid.days[d].date
        flip = m.cp.new_bool_var(f"habit_day({date})")
        m.cp.add(flip >= m.x[d] - m.x[d + 7])
        m.cp.add(flip >= m.x[d + 7] - m.x[d])
        # A weekday kept one week and not the next: the session that exists pays it.
        terms.append(
            Term(
                "habit",
                f"weekday {date:%a} {date}",
                w_day,
                flip,
                days=(date, grid.days[d + 7].date),
                aspect="day",
            )
        )
    # Each session pays its distance from that weekday's usual time (fixed by the grid).
    for d in range(n):
        date = grid.days[d].date
        dev = m.cp.new_int_var(0, grid.n_starts - 1, f"habit_time({date})")
        usual = grid.usual_slot[date.weekday()]
        m.cp.add(dev >= m.start[d] - usual).only_enforce_if(m.x[d])
        m.cp.add(dev >= usual - m.start[d]).only_enforce_if(m.x[d])
        # Valid cut: a session that day costs at least its nearest allowed start's distance.
        # Without it the LP relaxation sees no time cost and the bound stays weak.
        allowed = m.allowed[d]
        if allowed:
            m.cp.add(dev >= min(abs(s - usual) for s in allowed) * m.x[d])
        terms.append(Term("habit", f"time {date}", w_time, dev, days=(date,), aspect="time"))
    return terms


def paid(ctx: Any, penalty: Any) -> str:
    grid, d, date, local = ctx.grid, ctx.d, ctx.date, ctx.local
    if penalty.aspect == "time":
        usual = grid.start_of(d, grid.usual_slot[date.weekday()])
        minutes = abs((local.hour * 60 + local.minute) - (usual.hour * 60 + usual.minute))
        return f"habit: {minutes} min from your usual {date:%A} time {usual:%H:%M}"
    days = penalty.days
    if days and days[0] == date:
        return f"habit: no session on the {date:%A} a week later"
    if days and days[0] + dt.timedelta(days=7) == date:
        return f"habit: no session on the {date:%A} a week earlier"
    return ""


def time_line(ctx: Any) -> str | None:
    """Why the session is at this time of day: the weekday's usual time, or the nearest."""
    from optimizer.grid import allowed_starts

    grid, d, local = ctx.grid, ctx.d, ctx.local
    day = grid.days[d]
    slot = grid.slot_of(local.time())
    usual = grid.usual_slot[day.date.weekday()]
    weekday = f"{day.date:%A}"
    if slot == usual:
        return f"{local:%H:%M} is your usual {weekday} time (a habit is easier to keep)"
    allowed = allowed_starts(day)
    if allowed and usual not in allowed:
        usual_at = grid.start_of(d, usual)
        nearest = min(allowed, key=lambda s: (abs(s - usual), s))
        if nearest == slot:
            return (
                f"your usual {weekday} time {usual_at:%H:%M} is taken that day; "
                f"{local:%H:%M} is the nearest free start"
            )
        return f"your usual {weekday} time {usual_at:%H:%M} is taken that day"
    return None


DP_READY = True


def pair_cost(grid: Any) -> tuple[int, str, int]:
    """A weekday used one week and not the next pays: (7, "differ", weight)."""
    return 7, "differ", grid.rules.weight["habit_day"]


def start_cost(grid: Any, d: int, s: int) -> int:
    """Each slot away from the weekday's usual time pays."""
    usual = grid.usual_slot[grid.days[d].date.weekday()]
    return grid.rules.weight["habit_time"] * abs(s - usual)
