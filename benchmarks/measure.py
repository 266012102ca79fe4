"""Measure one instance: each pipeline step in-process, the baselines, and the whole command.

:func:`measure` returns one flat row (a dict) per instance; the runner collects them in a
pandas DataFrame. Times are wall-clock seconds from ``time.perf_counter``; the solver runs
with legday's own settings (:class:`optimizer.solver.SolverSettings`: 1 worker, seed 0).
Columns that a suite did not measure are left out of the row (NaN in the frame).

Whole-command runs (:func:`benchmarks.commands.run_command`) start ``legday plan`` in a fresh
interpreter, the way a user does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.commands import run_command
from benchmarks.instances import Instance


@dataclass(frozen=True)
class Extras:
    """What to measure beyond the in-process pipeline for one instance.

    Attributes:
        greedy: Both greedy baselines, validated and scored.
        mip: The model as a MIP solved by HiGHS.
        workers: CP-SAT again with 2 workers.
        hint: Re-planning after one run moves, with and without the old plan as hint.
        command: The whole ``legday plan`` command in a subprocess (wall time, memory).
    """

    greedy: bool = True
    mip: bool = False
    workers: bool = False
    hint: bool = False
    command: bool = False


@dataclass
class Context:
    """What the measurements of one benchmark run share.

    Attributes:
        work: Scratch folder (outputs of whole-command runs, MIP files).
        mip_time_limit: HiGHS's time limit in seconds.
        highs: A running HiGHS worker, or None to start one per model.
        loads: Loaded problems by calendar files and zone: the levels of one plan share
            their calendars, so they are read once (``load_s`` is that one read).
    """

    work: Path
    mip_time_limit: float = 120.0
    highs: Any = None
    loads: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Task:
    instance: Instance
    extras: Extras

    @property
    def name(self) -> str:
        return self.instance.name


def measure(task: Task, ctx: Context) -> dict[str, Any]:
    """Measure one instance; never raises for a bad instance (the row says what happened).

    Args:
        task: The instance and the extras to measure.
        ctx: Scratch folder, HiGHS worker and loaded calendars shared by the run.

    Returns:
        One row: instance facts, step times, solver status/objective/bound, validator
        verdict, and the columns of each extra measured.
    """
    from optimizer import pipeline
    from optimizer.config import PlanOptions
    from optimizer.domain import InputError, Level, SolveStatus
    from optimizer.grid import build_grid
    from optimizer.solver import SolverSettings
    from optimizer.solver.model import build_model
    from optimizer.solver.plan import solve_model
    from optimizer.validate import validate

    inst = task.instance
    row: dict[str, Any] = {
        "instance": inst.name,
        "family": inst.family,
        "plan": inst.plan,
        "density": inst.density,
        "level": inst.level,
        "busy_per_day": inst.busy_per_day,
    }
    opts = PlanOptions(level=Level(inst.level), tz=inst.tz)
    key = (inst.runs, inst.busy, inst.tz)
    if key not in ctx.loads:
        t0 = time.perf_counter()
        try:
            loaded = pipeline.load(inst.runs, inst.busy, opts)
        except InputError as exc:
            row.update(status="input_error", error=str(exc))
            return row
        ctx.loads.clear()  # one plan's calendars at a time: the levels follow each other
        ctx.loads[key] = (loaded, time.perf_counter() - t0)
    loaded, row["load_s"] = ctx.loads[key]
    # The level changes only the rules, never what the calendars say.
    problem = dataclasses.replace(loaded.problem, rules=opts.rules())
    row.update(
        weeks=problem.weeks,
        runs=sum(1 for r in problem.runs if r.kind.is_run),
        busy_blocks=len(problem.busy),
    )

    t0 = time.perf_counter()
    grid = build_grid(problem)
    row["grid_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    model = build_model(grid)
    row["model_s"] = time.perf_counter() - t0
    row["build_s"] = row["grid_s"] + row["model_s"]
    proto = model.cp.proto
    row["variables"] = len(proto.variables)
    row["constraints"] = len(proto.constraints)

    cpu = time.process_time()
    result = solve_model(model, SolverSettings())
    # CPU seconds beside wall seconds: on a shared machine the wall clock also counts
    # the time other processes held the core.
    row["solve_cpu_s"] = time.process_time() - cpu
    ok = result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    row.update(
        status=result.status.value,
        solve_s=result.solve_seconds,
        objective=result.objective,
        best_bound=result.best_bound,
        sessions=len(result.sessions),
    )
    if ok:
        violations = validate(problem, result.sessions)
        row["violations"] = len(violations)
        row["verdict"] = "ok" if not violations else "; ".join(sorted({v.rule for v in violations}))
    else:
        row["violations"] = None
        row["verdict"] = "no plan"

    plan_days = {
        d: grid.slot_of(s.start.time())
        for s in result.sessions
        if (d := grid.day_index(s.day)) is not None  # a plan's sessions lie in its days
    }
    fillable = _fillable_weeks(grid, plan_days, ok)
    row["weeks_fillable"] = len(fillable)

    if task.extras.greedy:
        row.update(_greedy(grid, problem, result, fillable))
    if task.extras.workers and ok:
        # Capped: with 2 workers CP-SAT may not prove in a minute what 1 proves in 0.2 s.
        cap = max(2.0, 20 * result.solve_seconds)
        row["cpsat2_limit_s"] = cap
        again = solve_model(model, SolverSettings(workers=2, time_limit=cap))
        row.update(
            cpsat2_status=again.status.value,
            cpsat2_s=again.solve_seconds,
            cpsat2_same_objective=again.objective == result.objective,
            cpsat2_maxlp_s=proof_time(model, workers=2, subsolver="max_lp"),
        )
        row.setdefault("cpsat_proof_s", proof_time(model))
    if task.extras.hint and ok:
        row.update(_replan(problem, plan_days))
    if task.extras.mip:
        row.update(_mip(model, problem, result, ctx, inst))
    if task.extras.command:
        cmd = run_command(inst, ctx.work)
        row.update(cmd)
        if ok and cmd.get("cmd_objective") is not None:
            row["cmd_same_objective"] = abs(cmd["cmd_objective"] - result.objective) < 1e-6
    return row


# --------------------------------------------------------------------------- baselines


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


def _fillable_weeks(grid, plan_days: dict[int, int], ok: bool) -> set[int]:
    """Weeks with a minimum that some plan keeping every rule fills.

    With an optimal plan, every week with a minimum. Without one, the weeks a best-effort
    plan (every rule but the weekly minimums, which it gives up only where it must) fills.
    """
    from optimizer.solver.plan import solve_grid

    need = {w for w in range(grid.weeks) if grid.week_min[w] > 0}
    if ok:
        return need
    from optimizer.domain import SolveStatus

    best = solve_grid(grid, best_effort=True)
    if best.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return set()  # not even a best-effort plan: no week is known to be fillable
    return need - {w - 1 for w in best.short_weeks}


def _sessions(grid, placed: dict[int, int]):
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


def _greedy(grid, problem, result, fillable: set[int]) -> dict[str, Any]:
    from benchmarks.greedy import calendar_greedy, rule_aware_greedy
    from optimizer.validate import validate

    row: dict[str, Any] = {}
    for prefix, fn in (("greedy", calendar_greedy), ("greedy_aware", rule_aware_greedy)):
        t0 = time.perf_counter()
        placed = fn(grid)
        row[f"{prefix}_s"] = time.perf_counter() - t0
        sessions = _sessions(grid, placed)
        violations = validate(problem, sessions)
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


def _replan(problem, plan_days: dict[int, int]) -> dict[str, Any]:
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


def _mip(model, problem, result, ctx: Context, inst: Instance) -> dict[str, Any]:
    from benchmarks.mip import solve_highs, translate
    from optimizer.solver.model import SCALE
    from optimizer.validate import validate

    stage1 = proof_time(model)
    t0 = time.perf_counter()
    mip = translate(model.cp.proto)
    row: dict[str, Any] = {
        "mip_translate_s": time.perf_counter() - t0,
        "mip_cols": mip.n_cols,
        "mip_rows": mip.n_rows,
    }
    row.setdefault("cpsat_proof_s", stage1)
    got = solve_highs(
        mip,
        ctx.work / "mip",
        time_limit=ctx.mip_time_limit,
        name=inst.name.replace("/", "_"),
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
        row["mip_violations"] = len(validate(problem, _sessions(model.grid, placed)))
    return row
