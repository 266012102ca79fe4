"""Measure one instance: each pipeline step in-process, the baselines, and the whole command.

:func:`measure` returns one flat row (a dict) per instance; the runner collects them in a
pandas DataFrame. Times are wall-clock seconds from ``time.perf_counter``. The plan is solved
the way ``legday plan`` solves it (:func:`optimizer.solver.plan.solve_grid`), one step at a
time so each is timed: the grid, the model, the dynamic program (its optimum, and the solve
that fills in the model's other variables for the hint), then CP-SAT confirming it with
legday's settings (1 worker, seed 0). ``solve_s`` is the dynamic program plus that
confirmation: from a built model to a proven optimum (or a proof that there is none).
Columns that a suite did not measure are left out of the row (NaN in the frame).

Whole-command runs (:func:`benchmarks.commands.run_command`) start ``legday plan`` in a fresh
interpreter, the way a user does.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.baselines import (
    cpsat_columns,
    fillable_weeks,
    greedy_columns,
    mip_columns,
    replan_columns,
    workers_columns,
)
from benchmarks.commands import run_command
from benchmarks.instances import Instance


@dataclass(frozen=True)
class Extras:
    """What to measure beyond the in-process pipeline for one instance.

    Attributes:
        greedy: Both greedy baselines, validated and scored.
        mip: The model as a MIP solved by HiGHS.
        workers: CP-SAT alone with 1 and with 2 workers.
        hint: Re-planning after one run moves, with and without the old plan as hint.
        command: Runs of the whole ``legday plan`` command in a subprocess (wall time,
            memory; 0: none; more than one: medians).
        cpsat: CP-SAT without the dynamic program (legday's settings) and with CP-SAT's
            defaults, within this many seconds each (0: not measured).
    """

    greedy: bool = True
    mip: bool = False
    workers: bool = False
    hint: bool = False
    command: int = 0
    cpsat: float = 0.0


@dataclass
class Context:
    """What the measurements of one benchmark run share.

    Attributes:
        work: Scratch folder (outputs of whole-command runs, MIP files).
        mip_time_limit: HiGHS's time limit in seconds.
        highs: A running HiGHS worker, or None to start one per model.
        loads: Loaded problems by calendar files and options: the levels of one plan share
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


def _load(inst: Instance, ctx: Context, row: dict[str, Any]):
    """The instance's options and loaded problem (cached across levels), or None with the
    input error in ``row``."""
    from optimizer import pipeline
    from optimizer.domain import InputError

    try:
        opts = inst.plan_options()
        key = (inst.runs, inst.busy, inst.tz, tuple(o for o in inst.options))
        if key not in ctx.loads:
            t0 = time.perf_counter()
            loaded = pipeline.load(inst.runs, inst.busy, opts)
            ctx.loads.clear()  # one plan's calendars at a time: the levels follow each other
            ctx.loads[key] = (loaded, time.perf_counter() - t0)
    except InputError as exc:
        row.update(status="input_error", verdict="input refused", error=str(exc)[:200])
        return None, None
    loaded, row["load_s"] = ctx.loads[key]
    return opts, loaded


def solve_steps(grid, best_effort: bool, row: dict[str, Any]):
    """Model, dynamic program and CP-SAT's confirmation, each timed into ``row``."""
    from optimizer.solver import SolverSettings
    from optimizer.solver.model import SCALE, Mode, build_model
    from optimizer.solver.plan import known_optimum, solve_model

    t0 = time.perf_counter()
    model = build_model(grid, mode=Mode.BEST_EFFORT if best_effort else Mode.PLAN)
    row["model_s"] = time.perf_counter() - t0
    row["build_s"] = row["grid_s"] + row["model_s"]
    row["variables"] = len(model.cp.proto.variables)
    row["constraints"] = len(model.cp.proto.constraints)
    cpu = time.process_time()
    t0 = time.perf_counter()
    known = known_optimum(model, best_effort=best_effort)
    row["dp_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = solve_model(model, SolverSettings(), known)
    row["confirm_s"] = time.perf_counter() - t0
    row["solve_s"] = row["dp_s"] + row["confirm_s"]
    # CPU seconds beside wall seconds: on a shared machine the wall clock also counts
    # the time other processes held the core.
    row["solve_cpu_s"] = time.process_time() - cpu
    row["dp_found"] = known is not None
    if known is not None and result.objective is not None:
        row["dp_confirmed"] = round(result.objective * SCALE) == known.primary
    return model, result


def measure(task: Task, ctx: Context) -> dict[str, Any]:
    """Measure one instance; never raises for a bad instance (the row says what happened).

    Args:
        task: The instance and the extras to measure.
        ctx: Scratch folder, HiGHS worker and loaded calendars shared by the run.

    Returns:
        One row: instance facts, step times, solver status/objective/bound, validator
        verdict, and the columns of each extra measured.
    """
    from optimizer.domain import SolveStatus
    from optimizer.grid import build_grid
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
    opts, loaded = _load(inst, ctx, row)
    if loaded is not None:
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
        model, result = solve_steps(grid, opts.best_effort, row)
        ok = result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
        row.update(
            status=result.status.value,
            objective=result.objective,
            best_bound=result.best_bound,
            sessions=len(result.sessions),
        )
        if ok:
            violations = _judged(validate(problem, result.sessions), problem, result)
            row["violations"] = len(violations)
            row["verdict"] = (
                "ok" if not violations else "; ".join(sorted({v.rule for v in violations}))
            )
        else:
            row["violations"] = None
            row["verdict"] = "no plan"
        plan_days = {
            d: grid.slot_of(s.start.time())
            for s in result.sessions
            if (d := grid.day_index(s.day)) is not None  # a plan's sessions lie in its days
        }
        fillable = fillable_weeks(grid, ok)
        row["weeks_fillable"] = len(fillable)
        _extras(task.extras, row, ctx, (grid, problem, model, result, fillable, plan_days, ok))
    if task.extras.command:
        cmd = run_command(inst, ctx.work, task.extras.command)
        row.update(cmd)
        objective = row.get("objective")
        if objective is not None and cmd.get("cmd_objective") is not None:
            row["cmd_same_objective"] = abs(cmd["cmd_objective"] - objective) < 1e-6
    return row


def _judged(violations: list, problem, result) -> list:
    """The violations ``legday plan`` judges: weeks the plan names short (best effort, days
    away) are short by design, as :func:`optimizer.pipeline.plan` says."""
    import datetime as dt

    short = {problem.start + dt.timedelta(weeks=w - 1) for w in result.short_weeks}
    return [
        v
        for v in violations
        if not (v.rule == "sessions_per_week" and v.day in short and v.bound == "min")
    ]


def _extras(extras: Extras, row: dict[str, Any], ctx: Context, solved: tuple) -> None:
    grid, problem, model, result, fillable, plan_days, ok = solved
    if extras.greedy:
        row.update(greedy_columns(grid, problem, result, fillable))
    if extras.cpsat:
        row.update(cpsat_columns(model, result, extras.cpsat))
    if extras.workers and ok:
        row.update(workers_columns(model))
    if extras.hint and ok:
        row.update(replan_columns(problem, plan_days))
    if extras.mip:
        row.update(mip_columns(model, problem, result, ctx, row["instance"]))
