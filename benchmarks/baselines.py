"""What legday's plan is measured against, on one instance: each adds its columns to a row.

- :func:`greedy_columns`: the two greedy placements (:mod:`benchmarks.greedy`), validated
  and scored with legday's own objective.
- :func:`cpsat_columns`: CP-SAT on the same model without legday's dynamic program (legday's
  settings: what the program buys) and with CP-SAT's default parameters and 1 worker (what
  legday's settings buy), both with the same lexicographic objective and a time limit.
- :func:`workers_columns`: CP-SAT with 2 workers.
- :func:`replan_columns`: re-planning after one run moved, with and without the old plan as
  a hint.
- :func:`mip_columns`: the same model as a MIP solved by HiGHS, a cross-check of the optimum.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from typing import Any

# CP-SAT's own defaults, 1 worker: linearization level 1 and presolve on (legday: 2, off).
DEFAULT_LINEARIZATION = 1


def proof_time(model, *, workers: int = 1, subsolver: str | None = None) -> float:
    """Seconds CP-SAT takes to prove the optimum of ``model``'s proto, with legday's settings.

    Only the model's own objective: legday's solve folds the tie-breaks in lexicographically
    (``M * objective + tiebreak``), which a MIP of the same proto does not have.
    ``subsolver`` names the full-problem worker(s) (with 2 workers CP-SAT's default
    portfolio runs only ``default_lp``, which does not use ``linearization_level=2``;
    ``max_lp`` does).
    """
    from optimizer.solver import SolverSettings, make_solver

    solver = make_solver(SolverSettings(workers=workers))
    if subsolver:
        solver.parameters.subsolvers.append(subsolver)
    t0 = time.perf_counter()
    solver.solve(model.cp)
    return time.perf_counter() - t0


def cpsat_columns(model, result, limit: float) -> dict[str, Any]:
    """CP-SAT alone (legday's settings, no dynamic program) and CP-SAT's defaults (1 worker),
    each within ``limit`` seconds: status, time, and whether it reached legday's objective."""
    from optimizer.solver import SolverSettings
    from optimizer.solver.plan import solve_model

    row: dict[str, Any] = {"baseline_limit_s": limit}
    for prefix, settings in (
        ("alone", SolverSettings(time_limit=limit)),
        (
            "defaults",
            SolverSettings(
                time_limit=limit, linearization=DEFAULT_LINEARIZATION, lean_presolve=False
            ),
        ),
    ):
        t0 = time.perf_counter()
        got = solve_model(model, settings)
        row[f"{prefix}_s"] = time.perf_counter() - t0
        row[f"{prefix}_status"] = got.status.value
        row[f"{prefix}_objective"] = got.objective
        if got.objective is not None and result.objective is not None:
            row[f"{prefix}_gap"] = got.objective - result.objective
    return row


def workers_columns(model) -> dict[str, Any]:
    """CP-SAT alone with 1 worker, then 2 (capped: 2 workers may not prove in a minute what
    1 proves in 0.2 s), and 2 with the LP-heavy worker named."""
    from optimizer.solver import SolverSettings
    from optimizer.solver.plan import solve_model

    one = solve_model(model, SolverSettings())
    cap = max(2.0, 20 * one.solve_seconds)
    two = solve_model(model, SolverSettings(workers=2, time_limit=cap))
    return {
        "cpsat1_s": one.solve_seconds,
        "cpsat2_limit_s": cap,
        "cpsat2_status": two.status.value,
        "cpsat2_s": two.solve_seconds,
        "cpsat2_same_objective": two.objective == one.objective,
        "cpsat1_proof_s": proof_time(model),
        "cpsat2_maxlp_s": proof_time(model, workers=2, subsolver="max_lp"),
    }


def fillable_weeks(grid, ok: bool) -> set[int]:
    """Weeks with a minimum that some plan keeping every rule fills.

    With an optimal plan, every week with a minimum. Without one, the weeks a best-effort
    plan (every rule but the weekly minimums, which it gives up only where it must) fills.
    """
    from optimizer.domain import SolveStatus
    from optimizer.solver.plan import solve_grid

    need = {w for w in range(grid.weeks) if grid.week_min[w] > 0}
    if ok:
        return need
    best = solve_grid(grid, best_effort=True)
    if best.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return set()  # not even a best-effort plan: no week is known to be fillable
    return need - {w - 1 for w in best.short_weeks}


def sessions_of(grid, placed: dict[int, int]):
    """``{day: start slot}`` as sessions of the rules' length."""
    from optimizer.domain import Session

    minutes = dt.timedelta(minutes=grid.rules.minutes)
    out = []
    for d in sorted(placed):
        start = grid.start_of(d, placed[d])
        out.append(Session(start=start, end=start + minutes))
    return out


def score(grid, placed: dict[int, int]) -> float | None:
    """The model's objective for a fixed plan, or None when the model rejects the plan.

    Builds legday's model, fixes every ``x``/``start`` to the plan, and lets CP-SAT fill in
    the penalty variables: the same soft terms and tie-breaks as the optimum, so the two
    numbers compare directly.
    """
    from optimizer.domain import SolveStatus
    from optimizer.solver import SolverSettings
    from optimizer.solver.model import build_model
    from optimizer.solver.plan import solve_model

    model = build_model(grid)
    for d in range(len(grid.days)):
        model.cp.add(model.ctx.x[d] == (1 if d in placed else 0))
        model.cp.add(model.ctx.start[d] == placed.get(d, 0))
    got = solve_model(model, SolverSettings())
    return got.objective if got.status is SolveStatus.OPTIMAL else None


def greedy_columns(grid, problem, result, fillable: set[int]) -> dict[str, Any]:
    """Both greedy placements: time, sessions, rules broken, weeks missed, objective, gap."""
    from benchmarks.greedy import calendar_greedy, rule_aware_greedy
    from optimizer.validate import validate

    row: dict[str, Any] = {}
    for prefix, fn in (("greedy", calendar_greedy), ("greedy_aware", rule_aware_greedy)):
        t0 = time.perf_counter()
        placed = fn(grid)
        row[f"{prefix}_s"] = time.perf_counter() - t0
        violations = validate(problem, sessions_of(grid, placed))
        counts = [0] * grid.weeks
        for d in placed:
            counts[grid.days[d].week] += 1
        missed = [w for w in sorted(fillable) if counts[w] < grid.week_min[w]]
        row[f"{prefix}_sessions"] = len(placed)
        row[f"{prefix}_violations"] = len(violations)
        row[f"{prefix}_rules_broken"] = ";".join(sorted({v.rule for v in violations}))
        row[f"{prefix}_missed_weeks"] = len(missed)
        objective = score(grid, placed) if not violations else None
        row[f"{prefix}_objective"] = objective
        if objective is not None and result.objective is not None:
            row[f"{prefix}_gap"] = objective - result.objective
        if not violations and objective is None:
            # The validator accepts a plan the model rejects: the two disagree on a rule.
            row[f"{prefix}_model_rejects_valid_plan"] = True
    return row


def perturb(problem):
    """The problem with one run moved a day (the runner swapped two days mid-plan).

    Picks the first easy or hard run of the middle week whose next (else previous) day has
    no run, and moves it there. Returns None when no run can move.
    """
    from optimizer.domain import RunKind

    run_days = {r.day for r in problem.runs if r.kind.is_run}
    middle = problem.start + dt.timedelta(weeks=problem.weeks // 2)
    candidates = sorted(
        (
            r
            for r in problem.runs
            if r.kind in (RunKind.EASY, RunKind.HARD) and middle <= r.day < middle + dt.timedelta(7)
        ),
        key=lambda r: (r.event.start, r.event.uid),
    )
    for run in candidates:
        for shift in (1, -1):
            to = run.day + dt.timedelta(days=shift)
            if to in run_days or not problem.start <= to < problem.end:
                continue
            delta = dt.timedelta(days=shift)
            event = dataclasses.replace(
                run.event, start=run.event.start + delta, end=run.event.end + delta
            )
            runs = tuple(
                dataclasses.replace(r, event=event) if r is run else r for r in problem.runs
            )
            return dataclasses.replace(problem, runs=runs)
    return None


def replan_columns(problem, plan_days: dict[int, int]) -> dict[str, Any]:
    """Re-plan after :func:`perturb`, cold and with the old plan as hint (CP-SAT alone)."""
    from optimizer.grid import build_grid
    from optimizer.solver import SolverSettings
    from optimizer.solver.model import build_model
    from optimizer.solver.plan import solve_model

    moved = perturb(problem)
    if moved is None:
        return {}
    grid = build_grid(moved)
    cold = solve_model(build_model(grid), SolverSettings())
    warm = solve_model(build_model(grid, hint=plan_days), SolverSettings())
    new_days = {grid.day_index(s.day) for s in warm.sessions}
    return {
        "replan_status": warm.status.value,
        "replan_cold_s": cold.solve_seconds,
        "replan_hint_s": warm.solve_seconds,
        "replan_same_objective": cold.objective == warm.objective,
        "replan_changed_days": len(new_days ^ set(plan_days)),
    }


def mip_columns(model, problem, result, ctx, name: str) -> dict[str, Any]:
    """The model's proto as a MIP, solved by HiGHS: status, time, nodes, the same optimum?"""
    from benchmarks.mip import solve_highs, translate
    from optimizer.solver.model import SCALE
    from optimizer.validate import validate

    row: dict[str, Any] = {"cpsat_proof_s": proof_time(model)}  # the same objective as the MIP
    t0 = time.perf_counter()
    mip = translate(model.cp.proto)
    row.update(mip_translate_s=time.perf_counter() - t0, mip_cols=mip.n_cols, mip_rows=mip.n_rows)
    got = solve_highs(
        mip,
        ctx.work / "mip",
        time_limit=ctx.mip_time_limit,
        name=name.replace("/", "_"),
        worker=ctx.highs,
    )
    row.update(mip_status=got["status"], mip_s=got["seconds"], mip_nodes=got["nodes"])
    if got["objective"] is not None:
        row["mip_objective"] = got["objective"] / SCALE
    if got["bound"] is not None:
        row["mip_bound"] = got["bound"] / SCALE
    if result.objective is not None and got["status"] == "optimal":
        row["mip_same_optimum"] = abs(got["objective"] / SCALE - result.objective) < 1e-6
    if got["values"] is not None:
        values = got["values"]
        x, start = model.ctx.x, model.ctx.start
        placed = {d: values[start[d].index] for d in range(len(x)) if values[x[d].index] == 1}
        row["mip_violations"] = len(validate(problem, sessions_of(model.grid, placed)))
    return row
