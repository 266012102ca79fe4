"""Why each session is where it is, in a runner's words (solver-free, from the plan itself).

The explanation itself lives in :mod:`optimizer.explain` (:func:`~optimizer.explain.why_here`);
this is the short form the pipeline puts into each event's DESCRIPTION and the report.
"""

from __future__ import annotations

from collections.abc import Sequence

from optimizer.domain import Penalty, Problem, Session


def session_reasons(
    problem: Problem,
    sessions: Sequence[Session],
    penalties: Sequence[Penalty] = (),
    *,
    busy_titles: bool = False,
) -> list[tuple[str, ...]]:
    """One tuple of reasons per session (same order as ``sessions``).

    Args:
        problem: the planned problem.
        sessions: its sessions.
        penalties: the soft costs the plan paid (``PlanResult.penalties``).
        busy_titles: name busy events (default: only their times; see ``--busy-titles``).

    Returns:
        For each session, its explanation lines, headline first.
    """
    from optimizer.explain import why_here
    from optimizer.grid import build_grid

    grid = build_grid(problem)
    return [w.lines() for w in why_here(grid, sessions, penalties, busy_titles=busy_titles)]
