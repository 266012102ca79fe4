"""A :class:`~optimizer.workouts.model.StepModel` as a CP-SAT model, solved by the solver layer.

The search (:mod:`optimizer.workouts.search`) hands a session's model here when it runs out
of nodes, and the tests solve models both ways to check they agree.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from optimizer.workouts.model import StepModel
from optimizer.workouts.search import Answer

if TYPE_CHECKING:
    from optimizer.solver.cpsat import cp_model

    from optimizer.solver import SolverSettings

#: Work-based limit for one selection model: the same answer on a loaded machine.
DETERMINISTIC_SECONDS = 4.0


def settings(seed: int = 0, limit: float = DETERMINISTIC_SECONDS) -> SolverSettings:
    """How every selection model is solved: one worker and a fixed seed (the same inputs
    give the same workouts), a deterministic limit and no wall-clock limit (results never
    depend on machine load); presolve kept (the one model needs it)."""
    from optimizer.solver import SolverSettings

    return SolverSettings(
        workers=1,
        seed=seed,
        time_limit=math.inf,
        deterministic_limit=limit,
        linearization=1,
        lean_presolve=False,
    )


def add_step_model(
    model: cp_model.CpModel, m: StepModel, prefix: str = ""
) -> tuple[dict[str, Any], list[Any]]:
    """Add a session's model to ``model``; returns its literals and objective terms."""
    x = {e.key: model.new_bool_var(f"x[{prefix}{e.key}]") for e in m.candidates}
    for keys in m.groups().values():
        if len(keys) > 1:
            model.add_at_most_one(x[k] for k in keys)
    for row in m.rows:
        expr = sum(c * x[k] for k, c in row.coef)
        if row.lo is not None:
            model.add(expr >= row.lo)
        if row.hi is not None:
            model.add(expr <= row.hi)
    terms: list[Any] = [m.gains[k] * v for k, v in x.items() if m.gains[k]]
    return x, terms


def solve_step(m: StepModel, seed: int = 0) -> Answer:
    """Solve one session's model with CP-SAT (exact: these models are proven in milliseconds)."""
    from optimizer.solver.cpsat import cp_model

    from optimizer.solver import run

    model = cp_model.CpModel()
    x, terms = add_step_model(model, m)
    model.maximize(sum(terms))
    solved = run(model, settings(seed))
    if not solved.ok:
        return Answer(None, None, solved.status.value, 0)
    keys = tuple(sorted(k for k, v in x.items() if solved.boolean(v)))
    status = "optimal" if solved.objective == solved.bound else solved.status.value
    return Answer(keys, m.objective(keys), status, 0)
