"""When weeks cannot reach MIN: which days each rule takes away, in a runner's words.

Solver-free, from the grid: for each short week, every day is listed with the first rule
that rules it out, so the message says why only so few days were left.
"""

from __future__ import annotations

from optimizer.domain import Level
from optimizer.grid import Grid


def day_blockers(grid: Grid, d: int) -> list[str]:
    """The hard rules that keep a session off day ``d`` (empty: the day is possible)."""
    rules = grid.rules
    day = grid.days[d]
    out = []
    if rules.enabled("race_window"):
        for r in grid.race_days:
            if -rules.race_after_days <= r - d <= rules.race_before_days:
                out.append(f"race window of the race on {grid.days[r].date:%a %d %b}")
                break
    if rules.enabled("no_strength_after_long_run") and rules.no_strength_after_long_run:
        if day.is_long:
            out.append("long-run day")
        elif d > 0 and grid.days[d - 1].is_long:
            out.append("day after the long run")
    if rules.enabled("run_days") and day.is_run_day:
        if rules.level is Level.BEGINNER:
            out.append("run day (beginners keep strength off run days)")
        elif day.after_run is not None and not any(s >= day.after_run for s in day.free_starts):
            out.append("no free time after the run")
    if rules.enabled("time_slots") and not day.free_starts:
        out.append(
            f"no free {rules.minutes} minutes in {rules.window_start:%H:%M}-"
            f"{rules.window_end:%H:%M}"
        )
    return out


def explain_short_weeks(grid: Grid, weeks: list[int]) -> list[str]:
    """One line per short week (1-based numbers), naming the rules that take its days."""
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
        lines.append(
            f"week {w} ({grid.days[days[0]].date:%a %d %b %Y}): {grid.week_min[w - 1]} sessions "
            f"wanted, {rules.min_gap_days} days apart; free days left: {free_txt}; "
            f"taken by: {'; '.join(parts) or 'the recovery gap to the next weeks'}"
        )
    return lines
