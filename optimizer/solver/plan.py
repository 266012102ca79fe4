"""Solve a plan's model and translate the answer into legday's own terms.

Nothing outside the solver layer sees a CP-SAT status code or variable: the result is a
``PlanResult`` of sessions, penalties and legday's ``SolveStatus``.
"""

from __future__ import annotations

import datetime as dt
import time

from optimizer.domain import Penalty, PlanResult, Session, SolveStatus
from optimizer.grid import Grid
from optimizer.solver.engine import DEFAULT, SolverSettings, run
from optimizer.solver.model import SCALE, Mode, Model, build_model, objective_of
from optimizer.solver.objective import Known, solve_with_tiebreak


def solve_model(
    model: Model, settings: SolverSettings = DEFAULT, known: Known | None = None
) -> PlanResult:
    """Solve ``model``; return its sessions (start times on the grid) and paid penalties.

    The tie-breaks are lexicographically second (:func:`solve_with_tiebreak`), so they only
    ever choose among plans of equal objective. The model's own objective stays the soft
    one (re-planning and explaining use it). ``known``: the optimum found by the dynamic
    program, which the solve then confirms; were it not confirmed (CP-SAT finds the model
    infeasible with it, or proves a different value), the model is solved again without it.
    """
    grid = model.grid
    lex = solve_with_tiebreak(model.cp, model.tiebreak or (), settings, known)
    if known is not None and not (
        lex.solved.status is SolveStatus.OPTIMAL and lex.primary == known.primary
    ):
        lex = solve_with_tiebreak(model.cp, model.tiebreak or (), settings)
    solved = lex.solved
    if not solved.ok:
        return PlanResult(status=solved.status, sessions=(), solve_seconds=solved.seconds)
    assert lex.primary is not None and lex.bound is not None
    value = solved.value
    x, start = model.ctx.x, model.ctx.start
    minutes = dt.timedelta(minutes=grid.rules.minutes)
    sessions = []
    for d in range(len(grid.days)):
        if value(x[d]):
            begin = grid.start_of(d, value(start[d]))
            sessions.append(Session(start=begin, end=begin + minutes))
    penalties = tuple(
        Penalty(t.rule, t.where, t.weight * v, t.days, t.aspect)
        for t in model.terms
        if (v := value(t.var)) and t.weight
    )
    short = tuple(
        s.inst.week
        for s in model.ctx.switches
        if s.liftable and s.inst.week is not None and not value(s.lit)
    )
    return PlanResult(
        status=solved.status,
        sessions=tuple(sessions),
        objective=lex.primary / SCALE,
        best_bound=lex.bound / SCALE,
        solve_seconds=solved.seconds,
        penalties=penalties,
        short_weeks=short,
    )


def solve_grid(
    grid: Grid,
    *,
    best_effort: bool = False,
    settings: SolverSettings = DEFAULT,
    hint: dict[int, int] | None = None,
) -> PlanResult:
    """Build and solve; ``best_effort`` lets weeks fall short of MIN (at a high price).

    Unless a hint is given, the dynamic program (:mod:`optimizer.solver.dp`) finds the
    optimum first and CP-SAT confirms it.
    """
    t0 = time.perf_counter()
    model = build_model(grid, mode=Mode.BEST_EFFORT if best_effort else Mode.PLAN, hint=hint)
    known = None if hint else known_optimum(model, best_effort=best_effort)
    build = time.perf_counter() - t0
    result = solve_model(model, settings, known)
    return PlanResult(**{**result.__dict__, "build_seconds": build})


def known_optimum(model: Model, *, best_effort: bool) -> Known | None:
    """The model's optimum by the dynamic program, as the solve's hint and lower bound.

    The program gives the days and starts; a solve of the model with those fixed fills in
    every other variable (the penalties' counters), so the hint is complete and CP-SAT's
    first solution is the optimum.
    """
    from optimizer.solver.dp import optimum

    found = optimum(model.grid, model.rules, best_effort=best_effort, scale=SCALE)
    if found is None:
        return None
    x, start = model.ctx.x, model.ctx.start
    fixed = model.cp.clone()
    for d in range(len(x)):
        fixed.add(x[d] == (1 if d in found.plan else 0))
        fixed.add(start[d] == found.plan.get(d, 0))
    filled = run(fixed, SolverSettings(time_limit=10.0))
    if filled.status is not SolveStatus.OPTIMAL or filled.objective != found.objective:
        return None  # the program and the model disagree: solve without it
    var = fixed.get_int_var_from_proto_index
    values = [(i, filled.value(var(i))) for i in range(len(fixed.proto.variables))]
    return Known(found.objective, found.tiebreak, values)


def penalties_of(
    grid: Grid, chosen: dict[int, int], settings: SolverSettings = DEFAULT
) -> tuple[Penalty, ...]:
    """The soft costs of a given plan (``{day: slot}``), e.g. one read from a file.

    The model is built without switches enforced, the plan's days and start slots are fixed,
    and the soft terms are minimised: what is left is exactly what the plan pays.
    """
    model = build_model(grid, mode=Mode.EXPLAIN)
    for d in range(len(grid.days)):
        model.cp.add(model.ctx.x[d] == (1 if d in chosen else 0))
        if d in chosen:
            model.cp.add(model.ctx.start[d] == chosen[d])
    model.cp.minimize(objective_of(model.terms, []))
    solved = run(model.cp, settings)
    if not solved.ok:
        return ()
    return tuple(
        Penalty(t.rule, t.where, t.weight * v, t.days, t.aspect)
        for t in model.terms
        if t.weight and (v := solved.value(t.var))
    )
