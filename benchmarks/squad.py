"""``python -m benchmarks.squad``: a club's throughput, sequential ``legday plan`` against the
local worker pool and Ray, side by side in one run; writes ``benchmarks/SQUAD.md``.

The club is :mod:`benchmarks.club` (the published plans in four vendor styles, busy calendars,
levels and options from a fixed seed). Per round, interleaved so that the machine's load hits
every method alike:

1. ``legday plan`` once per athlete, one process after another, on an evenly spaced subset
   of ``--sequential`` athletes (all of them when equal to ``--athletes``): what a coach
   scripting the single command pays, start-up included;
2. ``legday squad`` with the local pool, the whole roster, as a fresh command;
3. ``legday squad --engine ray``, the whole roster (its Parquet copy), Ray started and stopped
   by the command.

Throughput is athletes per second of wall time, and per core (divided by the cores in use:
one for the sequential commands, the worker count otherwise); CPU time per athlete is the
command's own and its worker processes' (not Ray's, whose workers belong to Ray). Every plan of
every method is compared byte for byte. The cluster projection uses the per-athlete CPU time
the workers measured themselves (``cpu_seconds`` in the results table), which a busy machine
does not inflate.

Example::

    python -m benchmarks.squad --athletes 1000 --sequential 60
    python -m benchmarks.squad --athletes 200 --sequential 200 --no-ray --out /tmp/squad.md
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.club import make_club, plan_args
from benchmarks.commands import legday_command, timed_run
from benchmarks.instances import PLANS

HERE = Path(__file__).resolve().parent


def sequential(folder: Path, rows: Sequence[dict[str, str]], out: Path) -> dict[str, Any]:
    """``legday plan`` per athlete, one after another (from the roster's folder)."""
    out.mkdir(parents=True, exist_ok=True)
    walls, cpus, exits = [], [], []
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        for row in rows:
            target = out / f"{row['name'].replace(' ', '_')}.ics"
            got = timed_run(legday_command() + ["plan", *plan_args(row), "-o", str(target), "-q"])
            walls.append(got["wall_s"])
            cpus.append(got["cpu_s"])
            exits.append(got["exit"])
    finally:
        os.chdir(cwd)
    return {
        "athletes": len(rows),
        "wall_s": sum(walls),
        "cpu_s": sum(cpus),
        "cores": 1,
        "median_athlete_s": statistics.median(walls),
        "planned": sum(e == 0 for e in exits),
    }


def squad(roster: Path, out: Path, engine: str, workers: int) -> dict[str, Any]:
    """One ``legday squad`` command on the whole roster."""
    cmd = legday_command() + ["squad", str(roster), "-o", str(out), "-q"]
    cmd += ["--engine", engine, "--workers", str(workers)]
    got = timed_run(cmd, timeout=3600)
    if got["exit"] not in (0, 1):
        raise RuntimeError(f"legday squad --engine {engine} failed: {got['stderr'][-500:]}")
    with (out / "results.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    seconds = [float(r["seconds"]) for r in rows]
    cpu = [float(r["cpu_seconds"]) for r in rows]
    return {
        "athletes": len(rows),
        "wall_s": got["wall_s"],
        "cpu_s": got["cpu_s"],
        "peak_mb": got["peak_mb"],
        "cores": workers,
        "planned": sum(r["exit"] == "0" for r in rows),
        "job_s": seconds,
        "job_cpu_s": cpu,
    }


def same_files(a: Path, b: Path, names: Sequence[str]) -> tuple[int, int]:
    """(identical, compared) over the plans in both folders."""
    both = [n for n in names if (a / n).exists() and (b / n).exists()]
    return sum(filecmp.cmp(a / n, b / n, shallow=False) for n in both), len(both)


def write_speed(folder: Path, files: int = 200, size: int = 40_000) -> float:
    """Plans per second the driver writes (atomically, with fsync, as ``legday squad`` does)."""
    from optimizer.calendar.export import write_atomic

    data = b"x" * size
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for i in range(files):
        write_atomic(folder / f"w{i}.ics", data)
    return files / (time.perf_counter() - t0)


def run(args: argparse.Namespace) -> dict[str, Any]:
    import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed

    workers = args.workers
    with tempfile.TemporaryDirectory(prefix="legday-squad-bench-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        roster = make_club(work, args.athletes, Path(args.plans))
        generated = time.perf_counter() - t0
        with roster.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        pd.read_csv(roster, dtype=str, keep_default_na=False).to_parquet(work / "roster.parquet")
        step = max(1, len(rows) // max(1, args.sequential))
        subset = rows[::step][: args.sequential]
        names = [f"{r['name'].replace(' ', '_')}.ics" for r in rows]
        runs: dict[str, list[dict[str, Any]]] = {"sequential": [], "local": [], "ray": []}
        loads = []
        for r in range(args.rounds):
            loads.append(os.getloadavg()[0])
            if subset:
                runs["sequential"].append(sequential(work, subset, work / f"seq{r}"))
            runs["local"].append(squad(roster, work / f"local{r}", "local", workers))
            if not args.no_ray:
                parquet = work / "roster.parquet"
                runs["ray"].append(squad(parquet, work / f"ray{r}", "ray", workers))
            loads.append(os.getloadavg()[0])
        seq_names = [f"{r['name'].replace(' ', '_')}.ics" for r in subset]
        identical = {"local vs sequential": same_files(work / "local0", work / "seq0", seq_names)}
        if not args.no_ray:
            identical["ray vs local"] = same_files(work / "ray0", work / "local0", names)
        if args.rounds > 1:
            identical["local round 2 vs 1"] = same_files(work / "local1", work / "local0", names)
        sizes = [p.stat().st_size for p in (work / "local0").glob("*.ics")]
        plan_bytes = int(statistics.mean(sizes)) if sizes else 40_000
        writes = write_speed(work / "writes", size=plan_bytes)
    return {
        "athletes": len(rows),
        "sequential_athletes": len(subset),
        "workers": workers,
        "rounds": args.rounds,
        "generated_s": generated,
        "runs": {k: v for k, v in runs.items() if v},
        "identical": identical,
        "loadavg": loads,
        "plan_kb": statistics.mean(sizes) / 1024 if sizes else 0.0,
        "writes_per_s": writes,
        "cores": os.cpu_count(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    from benchmarks.squad_report import render
    from optimizer.squad.pool import cpu_count

    parser = argparse.ArgumentParser(prog="python -m benchmarks.squad", description=__doc__)
    parser.add_argument("--athletes", type=int, default=1000, help="club size (default 1000)")
    parser.add_argument(
        "--sequential",
        type=int,
        default=60,
        help="athletes timed as single `legday plan` commands (an evenly spaced subset)",
    )
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds (default 1)")
    parser.add_argument("--workers", type=int, default=cpu_count(), help="default: every core")
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray engine")
    parser.add_argument("--plans", default=str(PLANS), help="folder of published plans")
    parser.add_argument("--out", default=str(HERE / "SQUAD.md"), help="the report to write")
    parser.add_argument("--note", default="", help="a line about the conditions, for the report")
    parser.add_argument("--title", default="", help="the report's title (default: the club size)")
    parser.add_argument(
        "--append", action="store_true", help="add the report to --out instead of replacing it"
    )
    args = parser.parse_args(argv)
    got = run(args)
    given = list(sys.argv[1:] if argv is None else argv)
    command = " ".join(["python -m benchmarks.squad", *given])
    text = render(got, note=args.note, command=command, title=args.title)
    out = Path(args.out)
    if args.append and out.exists():
        # One level down: the appended run is a section of the report already there.
        lower = "\n".join("#" + ln if ln.startswith("#") else ln for ln in text.splitlines())
        text = out.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + lower + "\n"
    out.write_text(text, encoding="utf-8")
    print(text.split("\n## ", 2)[1] if "\n## " in text else text)
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
