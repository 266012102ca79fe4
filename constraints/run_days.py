"""Hard: beginners keep strength off run days; others add it to a run day only after the run has ended."""

from __future__ import annotations

from constraints import register
from optimizer.domain import Level


@register("run_days", hard=True)
def run_days(grid, m):
    beginner = grid.rules.level is Level.BEGINNER
    for day in grid.days:
        if not day.is_run_day:
            continue
        lit = m.switch("run_days", f"{day.date}")
        if beginner:
            m.cp.add(m.x[day.index] == 0).only_enforce_if(lit)
        elif day.after_run is not None:
            # Run first, then strength: the session starts once the day's last run is over.
            m.cp.add(m.start[day.index] >= day.after_run).only_enforce_if(m.x[day.index], lit)
    return []
