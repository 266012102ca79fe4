"""The whole ``legday plan`` as a user runs it: against the import floor, phase by phase, and
its start-up imports.

- :func:`floor_ratios`: every sample's ``legday plan`` against a bare import of legday's
  libraries (:data:`~benchmarks.commands.FLOOR_IMPORTS`), interleaved (floor, plan, floor,
  plan...) so that drift in the machine's load hits both alike.
- :func:`phase_profile`: where one command's time goes, measured inside its own process by
  :mod:`benchmarks.phases`, interleaved with plain runs of the same command.
- :func:`import_times`: ``python -X importtime`` of the plain command, summed by package.

Every measurement starts a fresh interpreter through :func:`~benchmarks.commands.timed_run`.
:func:`compile_project` byte-compiles legday first: this environment sets
``PYTHONDONTWRITEBYTECODE``, so without it legday's modules would be compiled from source on
every run, which a user's installation does once.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.commands import FLOOR_IMPORTS, legday_command, shown, timed_run
from benchmarks.instances import ROOT, Instance

PHASES = Path(__file__).with_name("phases.py")


def compile_project() -> float:
    """Byte-compile legday's own modules (``python -m compileall -q optimizer constraints``);
    returns the seconds it took."""
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "optimizer", "constraints"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def load_average() -> float | None:
    """The machine's 1-minute load average (other processes compete for the cores)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _plan_cmd(inst: Instance, out: Path) -> list[str]:
    return legday_command() + ["plan", *inst.cli_args(), "-o", str(out), "-q"]


def _shown_command(inst: Instance) -> str:
    return "legday plan " + " ".join(shown(a) for a in inst.cli_args()) + " -o strength.ics -q"


def source_copy(work: Path) -> Path:
    """legday's sources (``optimizer``, ``constraints``) copied without bytecode into
    ``work``: what runs when legday's modules are compiled from source on every start."""
    import shutil

    root = work / "from-source"
    shutil.rmtree(root, ignore_errors=True)
    for package in ("optimizer", "constraints"):
        shutil.copytree(
            ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return root


def floor_ratios(
    samples: Sequence[Instance], work: Path, repeats: int, *, from_source: bool = False
) -> dict[str, Any]:
    """``legday plan`` on each sample against the import floor, ``repeats`` interleaved pairs.

    One warm-up run of each command is discarded. Each plan run follows its own floor run;
    the ratio is the median plan time over the median of those floor runs, and the median of
    the pairs' ratios is given beside it. legday runs as installed (its modules compiled by
    :func:`compile_project`), or with ``from_source`` from a copy without bytecode
    (:func:`source_copy`); the floor's libraries have their bytecode either way.
    """
    floor_cmd = [sys.executable, "-c", FLOOR_IMPORTS]
    folder = work / "floor"
    folder.mkdir(parents=True, exist_ok=True)
    root = source_copy(work) if from_source else None
    cmds = {s.name: _plan_cmd(s, folder / f"{s.name.replace('/', '_')}.ics") for s in samples}
    loads = [load_average()]
    timed_run(floor_cmd, root=root)
    for cmd in cmds.values():
        timed_run(cmd, root=root)
    runs: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {s.name: [] for s in samples}
    for _ in range(repeats):
        for s in samples:
            f = timed_run(floor_cmd, root=root)
            p = timed_run(cmds[s.name], root=root)
            runs[s.name].append((f, p))
    loads.append(load_average())
    per_sample = []
    for s in samples:
        pairs = runs[s.name]
        floors = [f["wall_s"] for f, _ in pairs]
        plans = [p["wall_s"] for _, p in pairs]
        per_sample.append(
            {
                "instance": s.name,
                "command": _shown_command(s),
                "plan_runs_s": plans,
                "floor_runs_s": floors,
                "plan_median_s": statistics.median(plans),
                "floor_median_s": statistics.median(floors),
                "ratio": statistics.median(plans) / statistics.median(floors),
                "pair_ratio": statistics.median(p / f for p, f in zip(plans, floors, strict=True)),
                "plan_cpu_median_s": statistics.median(p["cpu_s"] for _, p in pairs),
                "floor_cpu_median_s": statistics.median(f["cpu_s"] for f, _ in pairs),
                "plan_peak_mb": max(p["peak_mb"] for _, p in pairs),
                "floor_peak_mb": max(f["peak_mb"] for f, _ in pairs),
                "exits": sorted({p["exit"] for _, p in pairs}),
            }
        )
    return {
        "repeats": repeats,
        "from_source": from_source,
        "floor_command": f'python -c "{FLOOR_IMPORTS}"',
        "load_average": loads,
        "samples": per_sample,
    }


def phase_profile(
    inst: Instance, work: Path, repeats: int, *, warm_up: bool = True
) -> dict[str, Any]:
    """Where ``legday plan`` on ``inst`` spends its time, phase by phase (medians).

    ``repeats`` instrumented runs (:mod:`benchmarks.phases`), each after a plain run of the
    same command; with ``warm_up``, one more of each first, discarded. Interpreter start is
    from the spawn to the harness's first line, exit from ``os._exit`` to the parent's
    ``wait4``.
    """
    folder = work / "phases"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{inst.name.replace('/', '_')}.ics"
    plain_cmd = _plan_cmd(inst, out)
    legday = legday_command()
    report = folder / "phases.json"
    traced_cmd = [sys.executable, str(PHASES), str(report), legday[-1], *plain_cmd[len(legday) :]]
    plain, traced, phases = [], [], []
    for k in range(repeats + 1 if warm_up else repeats):
        p = timed_run(plain_cmd)
        report.unlink(missing_ok=True)
        t = timed_run(traced_cmd)
        if not report.exists():
            raise RuntimeError(f"phase profile of {inst.name} failed: {t['stderr'][-300:]}")
        got = json.loads(report.read_text(encoding="utf-8"))
        if warm_up and k == 0:
            continue
        plain.append(p)
        traced.append(t)
        seconds = dict(got["seconds"])
        seconds["interpreter start"] = got["t_start"] - t["t0"]
        seconds["exit"] = t["t1"] - got["t_exit"]
        phases.append(seconds)
    labels = sorted({k for p in phases for k in p})
    medians = {k: statistics.median(p.get(k, 0.0) for p in phases) for k in labels}
    return {
        "instance": inst.name,
        "command": _shown_command(inst),
        "repeats": repeats,
        "phases_s": medians,
        "plain_wall_s": statistics.median(p["wall_s"] for p in plain),
        "plain_cpu_s": statistics.median(p["cpu_s"] for p in plain),
        "plain_peak_mb": max(p["peak_mb"] for p in plain),
        "traced_wall_s": statistics.median(t["wall_s"] for t in traced),
        "traced_cpu_s": statistics.median(t["cpu_s"] for t in traced),
        "exits": sorted({p["exit"] for p in plain}),
        "load_average": load_average(),
    }


_IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)\s*$")


def import_group(module: str) -> str:
    """How ``-X importtime`` lines are summed: legday's subpackages, else the top package."""
    parts = module.split(".")
    if parts[0] in ("optimizer", "constraints"):
        return ".".join(parts[:2]) if parts[0] == "optimizer" and len(parts) > 1 else parts[0]
    if parts[0] in sys.stdlib_module_names or parts[0].startswith("_"):
        return "(standard library)"
    return parts[0]


def import_times(inst: Instance, work: Path, repeats: int) -> dict[str, Any]:
    """``python -X importtime`` of ``legday plan`` on ``inst``: self time summed by package
    (legday's own by subpackage), median of ``repeats`` runs."""
    folder = work / "importtime"
    folder.mkdir(parents=True, exist_ok=True)
    legday = legday_command()
    cmd = [legday[0], "-X", "importtime", *legday[1:]]
    cmd += ["plan", *inst.cli_args(), "-o", str(folder / "out.ics"), "-q"]
    timed_run(cmd)  # warm-up
    totals: list[dict[str, float]] = []
    counts: dict[str, int] = {}
    for _ in range(repeats):
        got = timed_run(cmd)
        by: dict[str, float] = {}
        n: dict[str, int] = {}
        for line in got["stderr"].splitlines():
            m = _IMPORT_LINE.match(line)
            if not m:
                continue
            group = import_group(m.group(4))
            by[group] = by.get(group, 0.0) + int(m.group(1)) / 1e6
            n[group] = n.get(group, 0) + 1
        totals.append(by)
        counts = n
    groups = sorted({g for t in totals for g in t})
    medians = {g: statistics.median(t.get(g, 0.0) for t in totals) for g in groups}
    return {
        "instance": inst.name,
        "repeats": repeats,
        "self_s": medians,
        "modules": counts,
        "total_s": statistics.median(sum(t.values()) for t in totals),
    }


def big_calendar_probe(work: Path, repeats: int = 3) -> dict[str, Any]:
    """The 18 MB ten-year work calendar (:func:`benchmarks.families.work_calendar`) as the
    busy calendar of the 18-week marathon sample.

    In this process (after one warm-up, so that library imports are not counted): reading
    the work calendar the way ``legday plan`` reads it (the plan's weeks, its zone; wall and
    CPU time), of which the text pre-scan of every event (CPU), and the whole load (runs,
    classification, busy time) with and without it. Then the whole command, ``repeats``
    times. Medians throughout.
    """
    from benchmarks.families import work_calendar_instance
    from optimizer import pipeline
    from optimizer.calendar import read_calendars
    from optimizer.calendar.files import read_file
    from optimizer.calendar.prescan import scan

    inst = work_calendar_instance(work / "calendars")
    path = inst.busy[0]
    data = path.read_bytes()
    opts = inst.plan_options()
    problem = pipeline.load(inst.runs, (), opts).problem

    def read() -> Any:
        return read_calendars([path], tz=problem.tz, start=problem.start, end=problem.end)

    read()
    reads, cpus, scans, loads, bare = [], [], [], [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        got = read()
        reads.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        c0 = time.process_time()
        scan(read_file(path), path.name)
        scans.append(time.process_time() - c0)
        t0 = time.perf_counter()
        pipeline.load(inst.runs, inst.busy, opts)
        loads.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        pipeline.load(inst.runs, (), opts)
        bare.append(time.perf_counter() - t0)
    folder = work / "big"
    folder.mkdir(parents=True, exist_ok=True)
    cmd = _plan_cmd(inst, folder / "out.ics")
    runs = [timed_run(cmd) for _ in range(repeats)]
    return {
        "instance": inst.name,
        "command": _shown_command(inst),
        "bytes": len(data),
        "events": data.count(b"BEGIN:VEVENT"),
        "read_in_plan": len(got.events),
        "weeks": problem.weeks,
        "read_s": statistics.median(reads),
        "read_cpu_s": statistics.median(cpus),
        "scan_cpu_s": statistics.median(scans),
        "load_s": statistics.median(loads),
        "load_without_s": statistics.median(bare),
        "cmd_wall_s": statistics.median(r["wall_s"] for r in runs),
        "cmd_cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "cmd_peak_mb": max(r["peak_mb"] for r in runs),
        "cmd_exits": sorted({r["exit"] for r in runs}),
        "repeats": repeats,
    }
