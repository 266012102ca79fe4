"""Run the whole command as a user runs it: ``legday plan`` and ``legday --help``.

Each run starts a fresh interpreter (:func:`timed_run`) and reads its peak memory from the
kernel's accounting of that one child (``os.wait4``), which
``resource.getrusage(RUSAGE_CHILDREN)`` would mix up across children. The comparisons built
on it (against the import floor, phase by phase) are in :mod:`benchmarks.whole`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
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
t1 = time.perf_counter()
signal.alarm(0)
with open(out, "w") as f:
    json.dump({"wall_s": t1 - t0, "cpu_s": ru.ru_utime + ru.ru_stime, "maxrss_kb": ru.ru_maxrss,
               "exit": os.waitstatus_to_exitcode(status), "t0": t0, "t1": t1}, f)
"""


def child_env(root: Path | None = None) -> dict[str, str]:
    """The environment of every measured command: this checkout (or ``root``, a copy of
    its sources) first on ``PYTHONPATH``.

    The installed ``legday`` script imports whichever checkout was installed (an editable
    install points at one folder); a benchmark measures the code it sits beside. A copy
    runs with ``PYTHONDONTWRITEBYTECODE`` so that it stays without bytecode.
    """
    import os

    from benchmarks.instances import ROOT

    env = dict(os.environ)
    path = str(root or ROOT)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (path, env.get("PYTHONPATH")) if p)
    if root is not None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def timed_run(
    cmd: Sequence[str], *, timeout: float = 600.0, root: Path | None = None
) -> dict[str, Any]:
    """Run ``cmd`` (its first item an absolute executable path), with :func:`child_env`.

    Returns:
        ``wall_s``, ``cpu_s`` (user + system), ``peak_mb`` (the command's own maximum
        resident set), ``exit``, ``stdout``, ``stderr``, and ``t0``/``t1``: the
        ``time.perf_counter`` readings just before the start and just after the exit (the
        system-wide monotonic clock, which the command's own readings share).
    """
    with tempfile.TemporaryDirectory(prefix="legday-run-") as tmp:
        report = Path(tmp) / "rusage.json"
        with open(Path(tmp) / "out", "w+b") as out, open(Path(tmp) / "err", "w+b") as err:
            subprocess.run(
                [sys.executable, "-S", "-c", _LAUNCHER, str(report), str(timeout), *cmd],
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                env=child_env(root),
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
        "t0": got["t0"],
        "t1": got["t1"],
    }


def run_command(inst: Instance, work: Path, repeats: int = 1) -> dict[str, Any]:
    """``legday plan`` on the instance in a fresh interpreter: wall time, memory, outcome.

    With ``repeats`` > 1 the command runs that many times: the median wall and CPU time, the
    largest peak memory, and every run's wall time (``cmd_walls_s``, space-separated).
    """
    import statistics

    folder = work / "cmd"
    folder.mkdir(parents=True, exist_ok=True)
    stem = inst.name.replace("/", "_")
    out, report = folder / f"{stem}.ics", folder / f"{stem}.json"
    runs = []
    for _ in range(max(1, repeats)):
        for p in (out, report):
            p.unlink(missing_ok=True)
        cmd = ["plan", *inst.cli_args(), "-o", str(out), "--report", str(report), "-q"]
        runs.append(timed_run(legday_command() + cmd))
    got = runs[-1]
    row: dict[str, Any] = {
        "cmd_wall_s": statistics.median(r["wall_s"] for r in runs),
        "cmd_cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "cmd_peak_mb": max(r["peak_mb"] for r in runs),
        "cmd_exit": got["exit"],
        "cmd_runs": len(runs),
    }
    if len(runs) > 1:
        row["cmd_walls_s"] = " ".join(f"{r['wall_s']:.2f}" for r in runs)
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        row["cmd_status"] = data.get("status")
        row["cmd_objective"] = data.get("objective")
    elif got["exit"] not in (0, 1):
        row["cmd_error"] = (got["stderr"].strip().splitlines() or [""])[-1][:200]
    return row


def shown(arg: str) -> str:
    """A path inside the repository as the user would type it from its root; a generated
    calendar (in the run's temporary folder) by its file name."""
    from benchmarks.instances import ROOT

    path = Path(arg)
    if path.is_absolute() and path.is_relative_to(ROOT):
        return str(path.relative_to(ROOT))
    if path.is_absolute():
        return path.name
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
