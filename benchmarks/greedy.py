"""Greedy baselines: how a simple scheduler would place the sessions.

Both walk the plan week by week and take the earliest day, and on that day the earliest
start, that they consider allowed, until the week has its target number of sessions (the
same target the ``volume`` goal uses: MIN in the ramp-up weeks and race weeks, MAX after).
Neither looks ahead, which is what makes them greedy.

- :func:`calendar_greedy` is a calendar tool's "find a free slot": it knows the daily
  window, the busy time and the runs as blocked time, and keeps the recovery gap between
  sessions. It knows nothing about running, so it may break the running rules (the day
  after a long run, the week before a race, a session before the day's run, a beginner's
  run days).
- :func:`rule_aware_greedy` also skips every day a hard rule forbids and starts after the
  day's run: it keeps every rule it sees, but can still paint itself into a corner and
  leave a week short.

The sessions are returned as ``{day index: start slot}`` on the grid, the same form as a
solution hint, so they can be validated, scored with the model's objective, or fed back.
"""

from __future__ import annotations

from optimizer.domain import Level
from optimizer.grid import Grid, allowed_starts


def week_target(grid: Grid, week: int) -> int:
    """The number of sessions the ``volume`` goal aims at in ``week`` (0-based)."""
    rules = grid.rules
    ramp = week < rules.ramp_weeks
    return rules.sessions_min if ramp or grid.week_min[week] == 0 else rules.sessions_max


def calendar_greedy(grid: Grid) -> dict[int, int]:
    """Earliest free slot, week by week, keeping only the window, busy time and gap."""
    return _greedy(grid, rule_aware=False)


def rule_aware_greedy(grid: Grid) -> dict[int, int]:
    """Earliest slot every hard rule allows, week by week, without looking ahead."""
    return _greedy(grid, rule_aware=True)


def forbidden_days(grid: Grid) -> set[int]:
    """Days on which a hard rule forbids any session, whatever the time."""
    rules = grid.rules
    n = len(grid.days)
    out: set[int] = set()
    if rules.no_strength_after_long_run and rules.enabled("no_strength_after_long_run"):
        for d in grid.long_days:
            out.update(k for k in (d, d + 1) if k < n)
    if rules.enabled("race_window"):
        for r in grid.race_days:
            lo, hi = r - rules.race_before_days, r + rules.race_after_days
            out.update(range(max(0, lo), min(n, hi + 1)))
    if rules.level is Level.BEGINNER and rules.enabled("run_days"):
        out.update(day.index for day in grid.days if day.is_run_day)
    return out


def _greedy(grid: Grid, *, rule_aware: bool) -> dict[int, int]:
    gap = grid.rules.min_gap_days if grid.rules.enabled("recovery_gap") else 1
    skip = forbidden_days(grid) if rule_aware else set()
    placed: dict[int, int] = {}
    last: int | None = None
    for w in range(grid.weeks):
        target = week_target(grid, w)
        count = 0
        for d in grid.week_days(w):
            if count >= target:
                break
            if d in skip or (last is not None and d - last < gap):
                continue
            day = grid.days[d]
            starts = allowed_starts(day) if rule_aware else day.free_starts
            if not starts:
                continue
            placed[d] = starts[0]
            last = d
            count += 1
    return placed
