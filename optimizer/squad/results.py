"""The results table of a squad run (CSV and Parquet, with pandas) and its summary.

One row per athlete, in roster order: ``athlete``, ``row``, ``file`` (the plan, in the output
folder; empty when none was written), ``status`` (``optimal``, ``feasible``, ``infeasible``,
``unknown``, ``bad_input``, ``invalid``, ``crashed``), ``exit`` (what ``legday plan`` exits
with for that athlete: 0 planned, 1 no plan keeps the rules, 2 bad input, 3 failed its own
validation; a crash counts as 1), ``sessions``, ``weeks``, ``weeks_short`` (weeks below the
weekly minimum), ``objective``, ``bound``, ``solve_seconds`` (CP-SAT), ``seconds`` and
``cpu_seconds`` (the whole athlete in its worker, wall and CPU time), ``warnings`` (one line
each: a list in Parquet, joined by `` | `` in CSV) and ``error`` (the one line ``legday plan``
prints, for an athlete without a plan).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from optimizer.squad.job import Result

CSV_NAME, PARQUET_NAME = "results.csv", "results.parquet"
COLUMNS = (
    "athlete",
    "row",
    "file",
    "status",
    "exit",
    "sessions",
    "weeks",
    "weeks_short",
    "objective",
    "bound",
    "solve_seconds",
    "seconds",
    "cpu_seconds",
    "warnings",
    "error",
)
WARNING_JOIN = " | "


def table_paths(folder: Path) -> tuple[Path, Path]:
    """Where the results table goes: ``results.csv`` and ``results.parquet`` in ``folder``."""
    return folder / CSV_NAME, folder / PARQUET_NAME


def results_frame(results: Sequence[Result]) -> Any:
    """The results as a pandas DataFrame (warnings as lists), in roster order."""
    import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed

    rows = [
        {
            "athlete": r.name,
            "row": r.row,
            "file": r.file if r.planned else "",
            "status": r.status,
            "exit": r.exit,
            "sessions": r.sessions,
            "weeks": r.weeks,
            "weeks_short": r.weeks_short,
            "objective": r.objective,
            "bound": r.bound,
            "solve_seconds": r.solve_seconds,
            "seconds": r.seconds,
            "cpu_seconds": r.cpu_seconds,
            "warnings": list(r.warnings),
            "error": r.error,
        }
        for r in sorted(results, key=lambda r: r.row)
    ]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    types = {"row": "int64", "exit": "int64", "seconds": "float64", "cpu_seconds": "float64"}
    types |= {c: "Int64" for c in ("sessions", "weeks", "weeks_short")}
    types |= {c: "Float64" for c in ("objective", "bound", "solve_seconds")}
    return frame.astype(types)


def write_tables(results: Sequence[Result], folder: Path) -> tuple[Path, Path]:
    """Write the results table as CSV and Parquet (each atomically); return their paths."""
    from optimizer.calendar.export import write_atomic

    frame = results_frame(results)
    csv_path, parquet_path = table_paths(folder)
    flat = frame.assign(warnings=frame["warnings"].map(WARNING_JOIN.join))
    write_atomic(csv_path, flat.to_csv(index=False).encode("utf-8"))
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    write_atomic(parquet_path, buffer.getvalue())
    return csv_path, parquet_path


def failure_lines(results: Sequence[Result]) -> list[str]:
    """One line per athlete without a plan, in roster order."""
    return [
        f"{r.name} (row {r.row}): {r.status}: {r.error}"
        for r in sorted(results, key=lambda r: r.row)
        if not r.planned
    ]


def summary(
    results: Sequence[Result], *, seconds: float, workers: int, engine: str, folder: Path
) -> str:
    """What the run did, in one line."""
    planned = sum(r.planned for r in results)
    failed = len(results) - planned
    warned = sum(1 for r in results if r.planned and r.warnings)
    rate = len(results) / seconds if seconds > 0 else 0.0
    parts = [
        f"squad: {planned} of {len(results)} athletes planned",
        f"{failed} without a plan" if failed else "",
        f"{warned} with warnings" if warned else "",
    ]
    head = ", ".join(p for p in parts if p)
    return (
        f"{head} in {seconds:.1f} s ({rate:.1f} athletes/s, {engine} engine, {workers} "
        f"workers) -> {folder}{'/' if not str(folder).endswith('/') else ''} "
        f"({CSV_NAME}, {PARQUET_NAME})"
    )
