"""Measure one instance: each pipeline step in-process, the baselines, and the whole command.

:func:`measure` returns one flat row (a dict) per instance; the runner collects them in a
pandas DataFrame. Times are wall-clock seconds from ``time.perf_counter``; the solver runs
with legday's own settings (:class:`optimizer.solver.SolverSettings`: 1 worker, seed 0).
Columns that a suite did not measure are left out of the row (NaN in the frame).

Whole-command runs (:func:`run_command`) start ``legday plan`` in a fresh interpreter, the
way a user does, and read its peak memory from the kernel's accounting of that one child
(``os.wait4``), which ``resource.getrusage(RUSAGE_CHILDREN)`` would mix up across children.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.instances import Instance

# What `legday --help` must not import (the solver, and the other heavy libraries).
HEAVY_MODULES = ("ortools", "pandas", "numpy", "icalendar", "highspy", "matplotlib")
# The bare interpreter floor the whole command is measured against.
FLOOR_IMPORTS = (
    "import ortools.sat.python.cp_model, icalendar, recurring_ical_events, x_wr_timezone, click"
)


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

    plan_days = {grid.day_index(s.day): grid.slot_of(s.start.time()) for s in result.sessions}
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


# --------------------------------------------------------------------------- subprocesses


def legday_command() -> list[str]:
    """How to start ``legday`` with this interpreter (the installed script, else ``-m``).

    The script next to ``sys.executable`` is what a user's ``legday`` runs; a version
    manager's shim in front of it (pyenv) would add its own start-up time to every run.
    """
    script = Path(sys.executable).with_name("legday")
    if script.is_file():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "optimizer.cli"]


# Runs the measured command as its own child and reports that child's wall time and
# rusage. Starting the command straight from the benchmark process would be wrong: Linux
# counts the peak resident set of the forking parent (hundreds of MB after a suite) into a
# child's ru_maxrss, as the child starts as a copy of it. The launcher is a bare
# interpreter (-S, no site), a few MB, so the command's own peak shows.
_LAUNCHER = """
import json, os, signal, sys, time
out, timeout, argv = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
t0 = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
signal.alarm(max(1, int(timeout)))
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
signal.alarm(0)
with open(out, "w") as f:
    json.dump({"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "maxrss_kb": ru.ru_maxrss,
               "exit": os.waitstatus_to_exitcode(status)}, f)
"""


def timed_run(cmd: Sequence[str], *, timeout: float = 600.0) -> dict[str, Any]:
    """Run ``cmd`` (its first item an absolute executable path).

    Returns:
        ``wall_s``, ``cpu_s`` (user + system), ``peak_mb`` (the command's own maximum
        resident set), ``exit``, ``stdout`` and ``stderr``.
    """
    with tempfile.TemporaryDirectory(prefix="legday-run-") as tmp:
        report = Path(tmp) / "rusage.json"
        with open(Path(tmp) / "out", "w+b") as out, open(Path(tmp) / "err", "w+b") as err:
            subprocess.run(
                [sys.executable, "-S", "-c", _LAUNCHER, str(report), str(timeout), *cmd],
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                timeout=timeout + 30,
                check=False,
            )
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode("utf-8", "replace")
            stderr = err.read().decode("utf-8", "replace")
        if not report.exists():
            raise RuntimeError(f"could not time {cmd[0]}: {stderr.strip()[-200:]}")
        got = json.loads(report.read_text(encoding="utf-8"))
    return {
        "wall_s": got["wall_s"],
        "cpu_s": got["cpu_s"],
        "peak_mb": got["maxrss_kb"] / 1024,  # kilobytes on Linux
        "exit": got["exit"],
        "stdout": stdout,
        "stderr": stderr,
    }


def run_command(inst: Instance, work: Path) -> dict[str, Any]:
    """``legday plan`` on the instance in a fresh interpreter: wall time, memory, outcome."""
    folder = work / "cmd"
    folder.mkdir(parents=True, exist_ok=True)
    stem = inst.name.replace("/", "_")
    out, report = folder / f"{stem}.ics", folder / f"{stem}.json"
    for p in (out, report):
        p.unlink(missing_ok=True)
    got = timed_run(
        legday_command() + ["plan", *inst.cli_args(), "-o", str(out), "--report", str(report), "-q"]
    )
    row: dict[str, Any] = {
        "cmd_wall_s": got["wall_s"],
        "cmd_cpu_s": got["cpu_s"],
        "cmd_peak_mb": got["peak_mb"],
        "cmd_exit": got["exit"],
    }
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        row["cmd_status"] = data.get("status")
        row["cmd_objective"] = data.get("objective")
    elif got["exit"] not in (0, 1):
        row["cmd_error"] = (got["stderr"].strip().splitlines() or [""])[-1][:200]
    return row


def wall_time_target(inst: Instance, work: Path, repeats: int) -> dict[str, Any]:
    """Median wall time of ``legday plan`` on ``inst`` against the bare-import floor.

    The two are interleaved (floor, plan, floor, plan...) so that drift in the machine's
    load hits both alike; one warm-up run of each is discarded.
    """
    import statistics

    floor_cmd = [sys.executable, "-c", FLOOR_IMPORTS]
    folder = work / "target"
    folder.mkdir(parents=True, exist_ok=True)
    plan_cmd = legday_command() + ["plan", *inst.cli_args(), "-o", str(folder / "out.ics"), "-q"]
    timed_run(floor_cmd)
    timed_run(plan_cmd)
    floors, plans, floor_cpu, plan_cpu, peaks = [], [], [], [], []
    exits = set()
    for _ in range(repeats):
        f = timed_run(floor_cmd)
        p = timed_run(plan_cmd)
        floors.append(f["wall_s"])
        plans.append(p["wall_s"])
        floor_cpu.append(f["cpu_s"])
        plan_cpu.append(p["cpu_s"])
        peaks.append(p["peak_mb"])
        exits.add(p["exit"])
    floor, plan = statistics.median(floors), statistics.median(plans)
    return {
        "instance": inst.name,
        "repeats": repeats,
        "floor_median_s": floor,
        "plan_median_s": plan,
        "ratio": plan / floor,
        "floor_runs_s": floors,
        "plan_runs_s": plans,
        "cpu_ratio": statistics.median(plan_cpu) / statistics.median(floor_cpu),
        "floor_cpu_median_s": statistics.median(floor_cpu),
        "plan_cpu_median_s": statistics.median(plan_cpu),
        "plan_peak_mb": max(peaks),
        "plan_peaks_mb": [round(p, 1) for p in peaks],
        "plan_exit_codes": sorted(exits),
        "command": "legday plan "
        + " ".join(_shown(a) for a in inst.cli_args())
        + " -o strength.ics -q",
        "floor_command": f'python -c "{FLOOR_IMPORTS}"',
    }


def _shown(arg: str) -> str:
    """A path inside the repository as the user would type it from its root."""
    from benchmarks.instances import ROOT

    path = Path(arg)
    if path.is_absolute() and path.is_relative_to(ROOT):
        return str(path.relative_to(ROOT))
    return arg


def help_probe(repeats: int = 3) -> dict[str, Any]:
    """Does ``legday --help`` import the solver? And how long does it take?

    Runs it under ``python -X importtime`` and lists the heavy modules it imported, then
    times it plainly (median of ``repeats``).
    """
    import statistics

    cmd = legday_command()
    traced = timed_run([cmd[0], "-X", "importtime", *cmd[1:], "--help"])
    imported = set()
    for line in traced["stderr"].splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            imported.add(name.split(".")[0])
    heavy = sorted(m for m in imported if m in HEAVY_MODULES)
    walls = [timed_run(cmd + ["--help"])["wall_s"] for _ in range(repeats)]
    bare = [timed_run([sys.executable, "-c", "import click"])["wall_s"] for _ in range(repeats)]
    return {
        "exit": traced["exit"],
        "heavy_imports": heavy,
        "modules_imported": len(imported),
        "help_median_s": statistics.median(walls),
        "import_click_median_s": statistics.median(bare),
        "lists_bench": "bench" in traced["stdout"],
    }


def profile_target(inst: Instance, top: int = 10) -> dict[str, Any]:
    """cProfile of ``legday plan``'s work on ``inst`` in this process (imports excluded).

    Returns the total and the ``top`` functions of legday (and CP-SAT's solve calls) by
    cumulative time, so the summary can say where the time goes.
    """
    import cProfile
    import pstats

    from benchmarks.instances import ROOT
    from optimizer import pipeline
    from optimizer.calendar.export import to_ical
    from optimizer.config import PlanOptions
    from optimizer.domain import Level

    opts = PlanOptions(level=Level(inst.level), tz=inst.tz)
    pipeline.load(inst.runs, inst.busy, opts)  # warm: lazy imports are not the point here
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    loaded = pipeline.load(inst.runs, inst.busy, opts)
    outcome = pipeline.plan(loaded, opts)
    to_ical(loaded.problem, outcome.sessions)
    prof.disable()
    total = time.perf_counter() - t0
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    entries = []
    root = str(ROOT)
    for (path, _line, func), (_, calls, _, cumulative, _) in stats.items():
        if path.startswith(root):
            name = f"{Path(path).relative_to(ROOT)}:{func}"
        elif "cp_model_helper.solve" in func:
            name = "CP-SAT solve (all calls)"
        else:
            continue
        entries.append({"function": name, "calls": calls, "seconds": cumulative})
    entries.sort(key=lambda e: -e["seconds"])
    return {"instance": inst.name, "total_s": total, "top": entries[:top]}
