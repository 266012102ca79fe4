"""Re-plan with the fewest changes: the calendar moved, a session was missed, the coach locked one.

- :mod:`optimizer.replan.spec`: what the previous plan fixes (done, locked, missed) and the
  model that holds it;
- :mod:`optimizer.replan.stages`: the plan's optimum, then the fewest changes, then the
  plan's tie-breaks;
- :mod:`optimizer.replan.assemble`: UIDs, SEQUENCE and cancellations.

Locked sessions come from ``CATEGORIES:locked``, ``X-LEGDAY-LOCKED:TRUE`` or ``--lock DATE``;
missed ones from ``--missed DATE`` (emitted as cancelled, so the next re-plan reads them as
not done).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from optimizer.calendar.plan_file import PlanEntry
from optimizer.config import PlanOptions
from optimizer.domain import PlanResult, SolveStatus
from optimizer.grid import Grid, build_grid
from optimizer.pipeline import Loaded, Outcome
from optimizer.replan.assemble import ReplanOutcome, assemble
from optimizer.replan.spec import prepare
from optimizer.replan.stages import solve
from optimizer.solver import SolverSettings

__all__ = ["ReplanOutcome", "keep_habits", "replan", "why_not_replan"]


def replan(
    loaded: Loaded,
    opts: PlanOptions,
    previous: Sequence[PlanEntry],
    *,
    today: dt.date,
    locked: Iterable[dt.date] = (),
    missed: Iterable[dt.date] = (),
    settings: SolverSettings | None = None,
) -> ReplanOutcome:
    """Re-plan ``loaded`` from ``previous``, changing as few future sessions as possible.

    Args:
        loaded: the problem with the calendar as it is now.
        opts: the plan options.
        previous: the previous plan's entries (``optimizer.calendar.plan_file.read_plan``);
            cancelled entries are ignored.
        today: the first day that may change; every day before it stays as it was.
        locked: more days whose session is locked (``--lock``).
        missed: days whose session did not happen (``--missed``).
        settings: solver settings (default: the plan's).

    Returns:
        The new plan, the sessions to cancel, and the change counts.

    Raises:
        InputError: a ``--lock`` or ``--missed`` date has no planned session.
    """
    settings = settings or SolverSettings()
    grid = keep_habits(build_grid(loaded.problem), previous)
    spec, active, by_day = prepare(grid, previous, today, locked, missed)
    t0 = time.perf_counter()
    solved = solve(grid, spec, opts, settings)
    seconds = time.perf_counter() - t0
    if solved.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        result = PlanResult(status=solved.status, sessions=(), solve_seconds=seconds)
        return ReplanOutcome(Outcome(loaded, result, (), ()), (), 0, 0, 0, 0)
    return assemble(
        loaded,
        opts,
        grid,
        spec,
        active,
        previous,
        by_day,
        solved.days,
        solved.slots,
        PlanResult(
            status=solved.status,
            sessions=(),
            objective=solved.objective,
            best_bound=solved.bound,
            solve_seconds=seconds,
            penalties=solved.penalties,
            short_weeks=solved.short_weeks,
        ),
    )


def keep_habits(grid: Grid, previous: Sequence[PlanEntry]) -> Grid:
    """The grid with each weekday's usual time taken from the previous plan.

    The grid derives the habit time from the whole calendar, so moving one long run onto a
    Monday could shift the usual Monday time and, with it, every later Monday session by
    an hour that no rule asked for. A re-plan keeps the habit the runner already has: the
    most common start of the previous plan's sessions on that weekday (ties: the earlier).
    """
    zone = grid.start_of(0, 0).tzinfo
    seen: dict[int, Counter] = {}
    for e in previous:
        if e.cancelled:
            continue
        local = e.start.astimezone(zone)
        slot = grid.slot_of(local.time())
        if grid.start_of(0, slot).time() != local.time().replace(tzinfo=None):
            continue  # off the grid: no habit to keep
        seen.setdefault(local.weekday(), Counter())[slot] += 1
    usual = tuple(
        min(seen[k].items(), key=lambda kv: (-kv[1], kv[0]))[0] if k in seen else slot
        for k, slot in enumerate(grid.usual_slot)
    )
    return replace(grid, usual_slot=usual)


def why_not_replan(
    loaded: Loaded,
    opts: PlanOptions,
    previous: Sequence[PlanEntry],
    *,
    today: dt.date,
    locked: Iterable[dt.date] = (),
    missed: Iterable[dt.date] = (),
    budget: float = 30.0,
) -> Any:
    """Why a re-plan has no solution (``optimizer.explain.WhyNot``); the clash may involve the
    sessions done, locked or missed, and relaxations are tried with them in place."""
    from optimizer.explain import why_not

    spec, _, _ = prepare(build_grid(loaded.problem), previous, today, locked, missed)
    return why_not(loaded.problem, opts, budget=budget, maker=spec.make)
