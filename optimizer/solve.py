"""Solve the model and translate the answer into legday's own terms.

Nothing outside this module sees a CP-SAT status code or variable: the result is a
``PlanResult`` of sessions, penalties and legday's ``SolveStatus``.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from optimizer.domain import Penalty, PlanResult, Session, SolveStatus
from optimizer.grid import Grid
from optimizer.model import SCALE, Mode, Model, build_model


@dataclass(frozen=True)
class SolverSettings:
    """Fixed settings: the same input gives the same plan."""

    workers: int = 1
    seed: int = 0
    time_limit: float = 60.0


_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.MODEL_INVALID: SolveStatus.UNKNOWN,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}


def make_solver(settings: SolverSettings) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = settings.workers
    p.random_seed = settings.seed
    p.max_time_in_seconds = settings.time_limit
    # Leave Ctrl-C to Python: CP-SAT's own handler otherwise stays behind after a solve in a
    # thread (the feed server re-plans in threads) and kills the process outright.
    p.catch_sigint_signal = False
    # Full LP relaxation with cuts: the objective is a sum of day penalties whose weekly
    # structure the default relaxation misses (measured: 0.06 s to proven optimum on a
    # 16-week plan, against no proof in 20 s at the default level).
    p.linearization_level = 2
    return solver


def solve_model(model: Model, settings: SolverSettings = SolverSettings()) -> PlanResult:
    """Solve ``model``; return its sessions (start times on the grid) and paid penalties."""
    grid = model.grid
    solver = make_solver(settings)
    t0 = time.perf_counter()
    code = solver.solve(model.cp)
    seconds = time.perf_counter() - t0
    status = _STATUS.get(code, SolveStatus.UNKNOWN)
    if status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return PlanResult(status=status, sessions=(), solve_seconds=seconds)
    # The objective is integral; CP-SAT reports it as a double (e.g. 383.99999999999994).
    objective = round(solver.objective_value) / SCALE
    bound = round(solver.best_objective_bound) / SCALE
    value = solver.value
    if status is SolveStatus.OPTIMAL and model.tiebreak:
        t1 = time.perf_counter()
        value = _break_ties(model, solver, settings) or value
        seconds += time.perf_counter() - t1

    x, start = model.ctx.x, model.ctx.start
    minutes = dt.timedelta(minutes=grid.rules.minutes)
    sessions = []
    for d in range(len(grid.days)):
        if value(x[d]):
            begin = grid.start_of(d, value(start[d]))
            sessions.append(Session(start=begin, end=begin + minutes))
    penalties = tuple(
        Penalty(t.rule, t.where, t.weight * v)
        for t in model.terms
        if (v := value(t.var)) and t.weight
    )
    short = tuple(
        int(s.where.split("=")[1].split(",")[0])
        for s in model.ctx.switches
        if s.where.endswith(",min") and not value(s.lit)
    )
    return PlanResult(
        status=status,
        sessions=tuple(sessions),
        objective=objective,
        best_bound=bound,
        solve_seconds=seconds,
        penalties=penalties,
        short_weeks=short,
    )


def _break_ties(model: Model, solver: cp_model.CpSolver, settings: SolverSettings):
    """Second, lexicographic stage: hold the objective at its proven optimum and minimise the
    tie-breaks, so the plan is unique without the tie-breaks ever outweighing a soft goal.

    Works on a clone, so the model can be solved again. Returns a ``value(var)`` function
    over the original variables, or None if the stage found nothing better to report.
    """
    cp = model.cp.clone()
    var = cp.get_int_var_from_proto_index
    obj = model.cp.proto.objective
    best = round(solver.objective_value - obj.offset)
    cp.add(sum(c * var(v) for v, c in zip(obj.vars, obj.coeffs, strict=True)) <= best)
    for i in range(len(model.cp.proto.variables)):
        cp.add_hint(var(i), solver.value(model.cp.get_int_var_from_proto_index(i)))
    cp.minimize(sum(c * var(i) for i, c in model.tiebreak))
    second = make_solver(settings)
    if second.solve(cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    # The clone keeps every variable's index, so the original variables and expressions
    # read the second solution directly.
    return second.value


def solve_grid(
    grid: Grid,
    *,
    best_effort: bool = False,
    settings: SolverSettings = SolverSettings(),
    hint: dict[int, int] | None = None,
) -> PlanResult:
    """Build and solve; ``best_effort`` lets weeks fall short of MIN (at a high price)."""
    t0 = time.perf_counter()
    model = build_model(grid, mode=Mode.BEST_EFFORT if best_effort else Mode.PLAN, hint=hint)
    build = time.perf_counter() - t0
    result = solve_model(model, settings)
    return PlanResult(**{**result.__dict__, "build_seconds": build})
