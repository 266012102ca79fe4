"""Solve the model and translate the answer into legday's own terms.

Nothing outside this module sees a CP-SAT status code or variable: the result is a
``PlanResult`` of sessions, penalties and legday's ``SolveStatus``.
"""

from __future__ import annotations

import datetime as dt
import math
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
    # These models are small and their structure is plain; one presolve pass without
    # probing or symmetry detection halves the median proof time on the published plans
    # (26 -> 13 ms, same plans; benchmarks/RESULTS.md).
    p.max_presolve_iterations = 1
    p.cp_model_probing_level = 0
    p.symmetry_level = 0
    return solver


def solve_model(model: Model, settings: SolverSettings = SolverSettings()) -> PlanResult:
    """Solve ``model``; return its sessions (start times on the grid) and paid penalties.

    The tie-breaks are lexicographically second: the solve minimises ``M * objective +
    tiebreak`` on a clone of the model, with ``M`` larger than any sum the tie-breaks can
    reach, so they only ever choose among plans of equal objective (measured: one solve is
    2.5-3.5x faster than proving the objective and then the tie-breaks in a second solve).
    The model's own objective stays the soft one (re-planning and explaining use it).
    """
    grid = model.grid
    solver = make_solver(settings)
    cp, big, soft = model.cp, 1, None
    obj = model.cp.proto.objective
    if model.tiebreak and obj.vars:
        cp = model.cp.clone()
        var = cp.get_int_var_from_proto_index
        soft = sum(c * var(v) for v, c in zip(obj.vars, obj.coeffs, strict=True))
        big = 1 + sum(c * model.cp.proto.variables[i].domain[-1] for i, c in model.tiebreak)
        cp.minimize(big * soft + sum(c * var(i) for i, c in model.tiebreak))
    t0 = time.perf_counter()
    code = solver.solve(cp)
    seconds = time.perf_counter() - t0
    status = _STATUS.get(code, SolveStatus.UNKNOWN)
    if status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return PlanResult(status=status, sessions=(), solve_seconds=seconds)
    if soft is None:
        # The objective is integral; CP-SAT reports it as a double (e.g. 383.99999999999994).
        objective = round(solver.objective_value) / SCALE
        bound = round(solver.best_objective_bound) / SCALE
    else:
        objective = (solver.value(soft) + obj.offset) / SCALE
        # Any combined value below the bound has a soft part of at least floor(bound / M).
        bound = (math.floor(round(solver.best_objective_bound) / big) + obj.offset) / SCALE
        if status is SolveStatus.OPTIMAL:
            bound = objective
    # The clone keeps every variable's index: the original variables read its solution.
    value = solver.value

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
