"""The whole-command sections: against the import floor, phase by phase, start-up imports,
the big work calendar, and every instance's whole-command run."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed

from benchmarks.report.columns import ms, num, table

# Phases in the order a plan runs through them; imports and anything unknown follow.
PHASE_ORDER = (
    "interpreter start",
    "read calendars",
    "classify runs",
    "time grid",
    "model build",
    "dynamic program",
    "CP-SAT: fill the dynamic program's hint",
    "solve: set-up and read-back",
    "CP-SAT: confirm the optimum",
    "reasons",
    "CP-SAT: reasons",
    "workout stage",
    "CP-SAT: workouts (fallback)",
    "validation",
    "export",
    "terminal output",
    "clash search (no plan)",
    "CP-SAT: clash search",
    "CP-SAT: other",
    "legday (CLI, glue)",
    "exit",
)


def floor_section(floor: dict[str, Any] | None) -> str:
    if not floor:
        return "_Not run in this suite._"
    rows = []
    for s in floor["samples"]:
        rows.append(
            [
                f"`{s['instance']}`",
                f"{s['plan_median_s']:.3f} s",
                f"{s['floor_median_s']:.3f} s",
                f"**{s['ratio']:.2f}x**",
                f"{s['pair_ratio']:.2f}x",
                f"{s['plan_cpu_median_s']:.3f} s / {s['floor_cpu_median_s']:.3f} s",
                f"{s['plan_peak_mb']:.0f} MB / {s['floor_peak_mb']:.0f} MB",
                "/".join(str(e) for e in s["exits"]),
            ]
        )
    loads = ", ".join(f"{x:.1f}" for x in floor["load_average"] if x is not None)
    how = (
        "legday's modules compiled from source on every run (a copy of its sources without "
        "bytecode, `PYTHONDONTWRITEBYTECODE=1`; the libraries keep theirs)"
        if floor.get("from_source")
        else "legday as installed: its modules byte-compiled once, as `pip install` does"
    )
    return (
        f"Each sample's `legday plan` (its README's options, `-q`) right after a run of the "
        f"floor `{floor['floor_command']}`, {floor['repeats']} pairs each after one warm-up "
        f"of each, samples in turn (load average {loads} before and after); {how}. Wall "
        "times are medians; the ratio is median over median, and the median of the pairs' "
        "own ratios is beside it.\n\n"
        + table(
            [
                "sample",
                "`legday plan`",
                "floor",
                "ratio",
                "pair ratio",
                "CPU plan / floor",
                "peak plan / floor",
                "exit",
            ],
            rows,
        )
        + "\n\nThe commands: "
        + "; ".join(f"`{s['command']}`" for s in floor["samples"])
        + "."
    )


def _phase_rows(p: dict[str, Any]) -> list[list[str]]:
    phases = p["phases_s"]
    total = sum(phases.values())
    imports = sorted((k for k in phases if k.startswith("import: ")), key=lambda k: -phases[k])
    known = [k for k in PHASE_ORDER if k in phases]
    rest = [k for k in phases if k not in known and k not in imports]
    rows = []
    for k in [known[0], *imports, *known[1:], *rest] if known else [*imports, *rest]:
        rows.append([k, ms(phases[k]), f"{100 * phases[k] / total:.0f}%"])
    rows.append(["**total (instrumented)**", f"**{ms(total)}**", "100%"])
    return rows


def phases_section(profiles: list[dict[str, Any]] | None, imports: dict[str, Any] | None) -> str:
    if not profiles:
        return "_Not run in this suite._"
    parts = [
        "Measured inside the command's own process (`benchmarks/phases.py` starts legday as "
        "its script does, with a clock around every module import and every pipeline step; "
        "each clock counts only while innermost, so a step's imports and inner steps are "
        "apart and the rows add up to the total). Interpreter start is from the spawn to the "
        "harness's first line; exit from `os._exit` to the parent's `wait4`. Medians of the "
        "instrumented runs, each right after a plain run of the same command."
    ]
    for p in profiles:
        parts.append(
            f"\n**`{p['command']}`** ({p['repeats']} runs; plain command median "
            f"{p['plain_wall_s']:.3f} s wall, {p['plain_cpu_s']:.3f} s CPU, "
            f"{p['plain_peak_mb']:.0f} MB; instrumented {p['traced_wall_s']:.3f} s wall, "
            f"{p['traced_cpu_s']:.3f} s CPU; load average {p['load_average']}):\n\n"
            + table(["phase", "time", "share"], _phase_rows(p))
        )
    if imports:
        self_s = imports["self_s"]
        order = sorted(self_s, key=lambda k: -self_s[k])
        rows = [[f"`{k}`", imports["modules"].get(k, "-"), ms(self_s[k])] for k in order]
        rows.append(
            ["**total**", sum(imports["modules"].values()), f"**{ms(imports['total_s'])}**"]
        )
        parts.append(
            f"\n**Start-up imports** of the same command (`python -X importtime`, the self "
            f"time of every module summed by package, legday's own by subpackage; median of "
            f"{imports['repeats']} runs):\n\n" + table(["package", "modules", "self time"], rows)
        )
    return "\n".join(parts)


def big_calendar_section(b: dict[str, Any] | None) -> str:
    if not b:
        return "_Not run in this suite._"
    return (
        f"`benchmarks/families.py:work_calendar` writes a Google-style work calendar: "
        f"{b['events']:,} events ({b['bytes'] / 2**20:.1f} MiB, {b['bytes'] / 1e6:.1f} MB), "
        "twenty meetings every workday of 2018-2027 with organiser, description and room, "
        "plus a daily stand-up and a weekly team meeting as recurring series. It is the busy "
        f"calendar of the {b['weeks']}-week marathon sample (`{b['command']}`); "
        f"{b['read_in_plan']:,} occurrences fall in the plan's weeks.\n\n"
        + table(
            ["measure", "median"],
            [
                ["reading it as `legday plan` does (in-process, warm)", f"**{b['read_s']:.3f} s**"],
                ["the same, CPU time", f"{b['read_cpu_s']:.3f} s"],
                [
                    f"of which the text pre-scan of all {b['events']:,} events (CPU)",
                    f"{b['scan_cpu_s']:.3f} s",
                ],
                ["the whole load (runs, classification, busy time)", f"{b['load_s']:.3f} s"],
                ["the same load without it", f"{b['load_without_s']:.3f} s"],
                ["whole `legday plan` (wall)", f"{b['cmd_wall_s']:.2f} s"],
                ["whole `legday plan` (CPU)", f"{b['cmd_cpu_s']:.2f} s"],
                ["peak memory", f"{b['cmd_peak_mb']:.0f} MB"],
            ],
        )
    )


def commands_table(df: pd.DataFrame) -> str:
    """Every instance's whole-command run."""
    sub = df[num(df, "cmd_wall_s").notna()]
    if not len(sub):
        return "_Not run in this suite._"

    def shown(value: Any) -> Any:
        return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else value

    rows = []
    for r in sub.itertuples():
        rows.append(
            [
                r.instance,
                "-" if pd.isna(r.weeks) else int(r.weeks),
                f"{r.cmd_wall_s:.2f} s",
                f"{r.cmd_cpu_s:.2f} s",
                f"{r.cmd_peak_mb:.0f} MB",
                int(r.cmd_exit),
                shown(getattr(r, "cmd_status", None)),
                shown(getattr(r, "cmd_same_objective", None)),
            ]
        )
    return table(
        ["instance", "weeks", "wall", "CPU", "peak memory", "exit", "status", "same objective"],
        rows,
    )
