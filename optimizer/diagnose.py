"""When weeks cannot reach MIN: which days each rule takes away, in a runner's words.

Solver-free, from the grid and the rules' own ``banned_days``: for each short week, every
day is listed with the first rule that rules it out, so the message says why only so few
days were left.
"""

from __future__ import annotations

from collections.abc import Sequence

from optimizer.domain import Session
from optimizer.grid import Grid


def day_blockers(grid: Grid, d: int) -> list[str]:
    """The hard rules that keep a session off day ``d`` (empty: the day is possible)."""
    return [why for _, why in grid.bans.get(d, [])]


def explain_short_weeks(
    grid: Grid, weeks: list[int], planned: dict[int, int] | None = None
) -> list[str]:
    """One line per short week (1-based numbers), naming the rules that take its days
    (``planned``: the sessions each week got, said when given)."""
    rules = grid.rules
    lines = []
    for w in weeks:
        days = grid.week_days(w - 1)
        free = [d for d in days if not day_blockers(grid, d)]
        taken: dict[str, list[str]] = {}
        for d in days:
            for why in day_blockers(grid, d)[:1]:
                taken.setdefault(why, []).append(f"{grid.days[d].date:%a}")
        parts = [f"{why} ({', '.join(ds)})" for why, ds in taken.items()]
        free_txt = ", ".join(f"{grid.days[d].date:%a}" for d in free) or "none"
        got = ""
        if planned is not None:
            n = planned.get(w, 0)
            got = f"{n} session{'s' if n != 1 else ''} planned, "
        need = grid.week_min[w - 1]
        lines.append(
            f"week {w} ({grid.days[days[0]].date:%a %d %b %Y}): {got}{need} "
            f"session{'s' if need != 1 else ''} wanted, {rules.min_gap_days} days apart; "
            f"free days left: {free_txt}; "
            f"taken by: {'; '.join(parts) or 'the recovery gap to the next weeks'}"
        )
    return lines


def fewer_than_asked(grid: Grid, sessions: Sequence[Session]) -> list[str]:
    """Warnings for a plan with fewer sessions than asked: none at all, and each week below
    MIN outside a race window, with the rules that took its days. Empty: nothing to say."""
    rules = grid.rules
    counts = [0] * grid.weeks
    for s in sessions:
        d = grid.day_index(s.day)
        if d is not None:
            counts[d // 7] += 1
    short = [w + 1 for w, n in enumerate(counts) if n < grid.week_min[w]]
    out = []
    if rules.sessions_min and not any(counts):
        out.append(f"no strength session in the plan's {grid.weeks} week(s)")
    planned = {w: counts[w - 1] for w in short}
    return out + explain_short_weeks(grid, short, planned)
