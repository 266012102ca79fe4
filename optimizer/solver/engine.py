"""The one place that runs CP-SAT: parameters, statuses, values, cores.

Everything else in legday asks :func:`run` and reads a :class:`Solved`, in legday's own
:class:`~optimizer.domain.SolveStatus`; no other module compares a CP-SAT status code or
sets a solver parameter.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from optimizer.solver.cpsat import cp_model

from optimizer.domain import SolveStatus


@dataclass(frozen=True)
class SolverSettings:
    """Fixed settings: the same input gives the same plan.

    Attributes:
        workers: CP-SAT search workers (1: the same answer every run).
        seed: the random seed.
        time_limit: wall-clock limit in seconds.
        deterministic_limit: a work-based limit instead (the same answer on a loaded
            machine); None for none.
        linearization: CP-SAT's ``linearization_level``. Plans use 2 (full LP relaxation
            with cuts: the objective is a sum of day penalties whose weekly structure the
            default relaxation misses; measured 0.06 s to proven optimum on a 16-week plan
            against no proof in 20 s at the default level); feasibility questions use 0.
        lean_presolve: no presolve. legday's plan models are small and built with their LP
            relaxation in mind (the spread rule's strong form, the valid cuts); presolve
            rewrote those linear constraints into clauses whose relaxation is weak, so weeks
            without runs, where many patterns cost nearly the same, took seconds to prove
            (two runs in 12 weeks: 16 s with one lean presolve pass, 0.07 s without; the
            published plans: same plans, same median).
    """

    workers: int = 1
    seed: int = 0
    time_limit: float = 60.0
    deterministic_limit: float | None = None
    linearization: int = 2
    lean_presolve: bool = True

    def for_feasibility(self) -> SolverSettings:
        """The same settings for a yes/no question: no objective, so no LP relaxation."""
        return replace(self, linearization=0)


# The settings every plan is solved with, unless told otherwise.
DEFAULT = SolverSettings()

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.MODEL_INVALID: SolveStatus.UNKNOWN,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}


def make_solver(settings: SolverSettings) -> cp_model.CpSolver:
    """A CP-SAT solver with ``settings`` (for measurements that drive CP-SAT themselves)."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = settings.workers
    p.random_seed = settings.seed
    p.max_time_in_seconds = settings.time_limit
    if settings.deterministic_limit is not None:
        p.max_deterministic_time = settings.deterministic_limit
    # Leave Ctrl-C to Python: CP-SAT's own handler otherwise stays behind after a solve in a
    # thread (the feed server re-plans in threads) and kills the process outright.
    p.catch_sigint_signal = False
    p.linearization_level = settings.linearization
    if settings.lean_presolve:
        p.cp_model_presolve = False
    return solver


@dataclass
class Solved:
    """One solve's answer in legday's terms.

    Attributes:
        status: legday's status.
        seconds: wall time of the solve.
        objective: the objective's value (integral models: rounded), None without a solution.
        bound: the best proven bound on it, None without an objective.
        core: with assumptions and an infeasible answer, the indices of a subset of the
            assumption literals that cannot all hold.
    """

    status: SolveStatus
    seconds: float
    objective: int | None
    bound: int | None
    core: tuple[int, ...]
    _solver: Any

    @property
    def ok(self) -> bool:
        """A solution was found (optimal or not)."""
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    def value(self, expr: Any) -> int:
        """The value of a variable or linear expression in the solution."""
        return int(self._solver.value(expr))

    def boolean(self, lit: Any) -> bool:
        """The value of a Boolean literal in the solution."""
        return bool(self._solver.boolean_value(lit))


def run(
    cp: cp_model.CpModel,
    settings: SolverSettings = DEFAULT,
    *,
    assumptions: Sequence[Any] | None = None,
) -> Solved:
    """Solve ``cp``. With ``assumptions``, they replace the model's own for this solve."""
    solver = make_solver(settings)
    if assumptions is not None:
        cp.clear_assumptions()
        cp.add_assumptions(list(assumptions))
    t0 = time.perf_counter()
    code = solver.solve(cp)
    seconds = time.perf_counter() - t0
    if assumptions is not None:
        cp.clear_assumptions()
    status = _STATUS.get(code, SolveStatus.UNKNOWN)
    has_objective = cp.has_objective()
    objective = bound = None
    if has_objective and status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        # Integral models: CP-SAT reports the objective as a double (383.99999999999994).
        objective = round(solver.objective_value)
        bound = round(solver.best_objective_bound)
    core: tuple[int, ...] = ()
    if assumptions is not None and status is SolveStatus.INFEASIBLE:
        core = tuple(solver.sufficient_assumptions_for_infeasibility())
    return Solved(status, seconds, objective, bound, core, solver)


def hint(cp: cp_model.CpModel, values: Iterable[tuple[Any, int | bool]]) -> None:
    """Replace the model's solution hint with ``(variable, value)`` pairs."""
    cp.clear_hints()
    for var, value in values:
        cp.add_hint(var, value)
