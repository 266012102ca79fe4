"""The family sections: every family's outcome and times, the long horizons, and CP-SAT
without legday's dynamic program and with its own defaults."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed

from benchmarks.report.columns import col, ms, num, pct, table
from benchmarks.report.targets import FAMILY_ORDER, family_counts, worst


def _families_present(df: pd.DataFrame) -> list[str]:
    present = list(dict.fromkeys(col(df, "family").dropna()))
    return [f for f in FAMILY_ORDER if f in present] + [f for f in present if f not in FAMILY_ORDER]


def families_table(df: pd.DataFrame) -> str:
    """One row per family: outcome, the steps' medians, the worst solve, the whole command."""
    rows = []
    for fam in _families_present(df):
        sub = df[col(df, "family") == fam]
        c = family_counts(sub)
        top, where = worst(sub)
        weeks = num(sub, "weeks").dropna()
        cmd = num(sub, "cmd_wall_s").dropna()
        peak = num(sub, "cmd_peak_mb").dropna()
        reached = c["n"] - c["refused"]
        rows.append(
            [
                f"`{fam}`",
                c["n"],
                f"{int(weeks.min())}-{int(weeks.max())}" if len(weeks) else "-",
                f"{c['optimal']} / {c['infeasible']} / {c['unproven']}"
                + (f" ({c['refused']} refused)" if c["refused"] else ""),
                pct(c["optimal"] + c["infeasible"], reached),
                ms(float(num(sub, "build_s").median())),
                ms(float(num(sub, "dp_s").median())),
                ms(float(num(sub, "confirm_s").median())),
                ms(float(num(sub, "solve_s").median())),
                f"{ms(top)} (`{where}`)" if where else "-",
                f"{cmd.median():.2f} / {cmd.max():.2f} s ({len(cmd)})" if len(cmd) else "-",
                f"{peak.max():.0f} MB" if len(peak) else "-",
                int((col(sub, "verdict") == "ok").sum()),
            ]
        )
    return (
        "Solve = the dynamic program (its optimum, and the CP-SAT solve that fills in the "
        "model's other variables for the hint) + CP-SAT confirming it with legday's settings; "
        "build = grid + model. Status: optimal / infeasible / unproven; a refused input is "
        "one the importer rejects with a clear line (exit 2), as it should. Whole command: "
        "median / max wall time of `legday plan` (runs), and its largest peak memory.\n\n"
        + table(
            [
                "family",
                "instances",
                "weeks",
                "status",
                "proven",
                "median build",
                "median DP",
                "median CP-SAT",
                "median solve",
                "worst solve",
                "whole command",
                "peak memory",
                "validator ok",
            ],
            rows,
        )
    )


def family_rows(df: pd.DataFrame, fam: str) -> str:
    """Each instance of a stress family: weeks, events, steps, status, whole command."""
    sub = df[col(df, "family") == fam]
    if not len(sub):
        return "_Not run in this suite._"
    rows: list[list[Any]] = []
    for r in sub.itertuples():
        if r.status == "input_error":
            rows.append([f"`{r.instance}`", "-", "-", "-", "-", "-", "-", "refused", "-"])
            continue
        wall = getattr(r, "cmd_wall_s", float("nan"))
        rows.append(
            [
                f"`{r.instance}`",
                int(r.weeks),
                f"{int(r.runs)} / {int(r.busy_blocks)}",
                ms(float(r.load_s)),
                ms(float(r.build_s)),
                ms(float(r.dp_s)),
                ms(float(r.confirm_s)),
                r.status,
                "-"
                if pd.isna(wall)
                else f"{wall:.2f} s, {float(r.cmd_cpu_s):.2f} s CPU, {float(r.cmd_peak_mb):.0f} MB",
            ]
        )
    return table(
        [
            "instance",
            "weeks",
            "runs / busy blocks",
            "load",
            "build",
            "DP",
            "CP-SAT",
            "status",
            "whole command",
        ],
        rows,
    )


def cpsat_section(df: pd.DataFrame) -> str:
    """legday (DP + CP-SAT) against CP-SAT alone with legday's settings and with defaults."""
    if "defaults_status" not in df.columns:
        return "_Not run in this suite._"
    measured = df[col(df, "defaults_status").notna()]
    limit = float(num(measured, "baseline_limit_s").max())
    rows = []
    for fam in _families_present(measured):
        sub = measured[col(measured, "family") == fam]
        cells: list[Any] = [f"`{fam}`", len(sub)]
        proven = col(sub, "status").isin(("optimal", "infeasible"))
        cells += [
            pct(int(proven.sum()), len(sub)),
            f"{ms(float(num(sub, 'solve_s').median()))} / {ms(float(num(sub, 'solve_s').max()))}",
        ]
        for prefix in ("alone", "defaults"):
            status = col(sub, f"{prefix}_status")
            ok = status.isin(("optimal", "infeasible"))
            times = num(sub, f"{prefix}_s")
            gap = num(sub, f"{prefix}_gap").dropna()
            worse = int((gap > 1e-6).sum())
            cells += [
                pct(int(ok.sum()), len(sub)),
                f"{ms(float(times.median()))} / {ms(float(times.max()))}",
                f"{worse} ({gap[gap > 1e-6].median():.0f})" if worse else "0",
            ]
        rows.append(cells)
    return (
        f"On the same model and the same lexicographic objective (the soft costs, then the "
        f"tie-breaks), each within {limit:g} s (the worst-solve target), 1 worker, seed 0: "
        "**legday** (the dynamic program, then CP-SAT confirming its optimum with legday's "
        "settings: `linearization_level=2`, no presolve), **CP-SAT alone** with legday's "
        "settings (legday without the dynamic program: what the program buys), and **CP-SAT "
        "defaults** (`linearization_level=1`, presolve on: what legday's settings buy). The "
        "published plans are one pairing each (office hours and evening appointments, "
        "intermediate). Times are median / max; 'worse' counts the instances whose plan at "
        "the limit is worse than legday's (median excess objective in brackets).\n\n"
        + table(
            [
                "family",
                "instances",
                "legday proven",
                "legday time",
                "alone proven",
                "alone time",
                "alone worse",
                "defaults proven",
                "defaults time",
                "defaults worse",
            ],
            rows,
        )
    )
