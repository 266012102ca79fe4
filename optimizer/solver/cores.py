"""Feasibility questions and clashes: which guarded rule instances cannot all hold.

The model is built with every hard rule instance behind its own switch, switches free and
no objective (CP-SAT ignores the assumptions' core when an objective is present); the
switches are passed as assumptions and ``sufficient_assumptions_for_infeasibility`` names a
core. Presolve has been seen to return a core that is not one, so the core is then shrunk
by deletion, each step re-solving the smaller set alone, which also confirms it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from optimizer.solver.cpsat import cp_model

from optimizer.domain import SolveStatus
from optimizer.solver.engine import SolverSettings, run

G = TypeVar("G")


@dataclass
class Budget:
    """A deadline shared by every solve of one explanation."""

    deadline: float
    per_solve: float
    solves: int = 0

    def limit(self) -> float:
        return max(0.05, min(self.per_solve, self.deadline - time.perf_counter()))

    @property
    def spent(self) -> bool:
        return time.perf_counter() >= self.deadline

    def settings(self) -> SolverSettings:
        """Settings for one feasibility solve inside the budget (no LP relaxation: it only
        slows a yes/no question)."""
        return SolverSettings(time_limit=self.limit()).for_feasibility()


def assuming(cp: cp_model.CpModel, lits: Sequence[Any], clock: Budget) -> tuple[str, list[int]]:
    """Solve with ``lits`` assumed: ``("infeasible", core indices)``, ``("feasible", [])``
    or ``("unknown", [])`` when the time ran out."""
    clock.solves += 1
    solved = run(cp, clock.settings(), assumptions=lits)
    if solved.status is SolveStatus.INFEASIBLE:
        return "infeasible", list(solved.core)
    return ("feasible" if solved.ok else "unknown"), []


def shrink_core(
    cp: cp_model.CpModel,
    guards: Sequence[G],
    lit: Callable[[G], Any],
    order: Callable[[G], Any],
    clock: Budget,
) -> tuple[list[G], bool]:
    """A small set of ``guards`` that cannot all hold, and whether it was confirmed alone.

    Args:
        cp: a model without objective whose rule instances are guarded by literals.
        guards: the guards that may take part.
        lit: a guard's literal.
        order: deletion order (those sorted first are dropped first, so what is left speaks
            of the guards sorted last).
        clock: the time budget.

    Returns:
        ``(core, confirmed)``; the core is empty when the guards can all hold or the time
        ran out before a first answer.
    """
    by_index = {lit(g).index: g for g in guards}
    status, found = assuming(cp, [lit(g) for g in guards], clock)
    if status != "infeasible":
        return [], False
    core = [by_index[i] for i in found if i in by_index] or list(guards)
    core.sort(key=order)
    # Deletion: drop each element in turn; if the rest is still infeasible it was not needed
    # (and the solver's own, smaller core of the rest replaces it: clause-set refinement).
    i = 0
    while i < len(core) and not clock.spent:
        trial = core[:i] + core[i + 1 :]
        status, found = assuming(cp, [lit(g) for g in trial], clock)
        if status == "infeasible":
            keep = set(found)
            refined = [g for g in trial if lit(g).index in keep]
            core = refined if refined and len(refined) < len(trial) else trial
            # The refined core may have lost elements before i; restart from where we are.
            i = min(i, len(core))
        else:
            i += 1
    # Confirm the final core on its own (presolve has returned cores that were not).
    status, _ = assuming(cp, [lit(g) for g in core], clock)
    return core, status == "infeasible"


def feasible(cp: cp_model.CpModel, clock: Budget) -> bool | None:
    """Does the model have a solution? None when the solver ran out of time."""
    if clock.spent:
        return None
    clock.solves += 1
    solved = run(cp, clock.settings())
    if solved.ok:
        return True
    return False if solved.status is SolveStatus.INFEASIBLE else None


def fewest_off(cp: cp_model.CpModel, liftable: Sequence[Any], clock: Budget) -> list[bool] | None:
    """The fewest of the ``liftable`` literals switched off for a solution (True: kept on);
    None when there is no solution even so (or no time)."""
    if clock.spent:
        return None
    cp.minimize(sum(1 - lit for lit in liftable))
    clock.solves += 1
    solved = run(cp, SolverSettings(time_limit=clock.limit()))
    if not solved.ok:
        return None
    return [solved.boolean(lit) for lit in liftable]
