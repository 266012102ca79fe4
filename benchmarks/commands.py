"""Measure the whole command as a user runs it: ``legday plan`` and ``legday --help``.

Each run starts a fresh interpreter (:func:`timed_run`) and reads its peak memory from the
kernel's accounting of that one child (``os.wait4``), which
``resource.getrusage(RUSAGE_CHILDREN)`` would mix up across children. Also the wall-time
target (``legday plan`` against a bare import of its dependencies), the ``--help`` probe and a
profile of where ``legday plan``'s time goes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.instances import Instance

# What `legday --help` must not import (the solver, and the other heavy libraries).
HEAVY_MODULES = ("ortools", "pandas", "numpy", "icalendar", "highspy", "matplotlib")
# The bare interpreter floor the whole command is measured against.
FLOOR_IMPORTS = (
    "import ortools.sat.python.cp_model, icalendar, recurring_ical_events, x_wr_timezone, click"
)


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
