"""Turn a benchmark run into ``RESULTS.md`` and PNG plots.

The summary opens with every target, its measured value and whether it is met (and by how
much it is missed) (:mod:`~benchmarks.report.targets`); the sections after it show the numbers
behind each one (:mod:`~benchmarks.report.sections`); the plots are drawn by
:mod:`~benchmarks.report.charts`. A target the suite did not measure says so rather than
disappearing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed

from benchmarks.report.charts import plot
from benchmarks.report.columns import table
from benchmarks.report.sections import (
    commands_section,
    families,
    greedy_section,
    mip_section,
    plans_section,
    scaling_section,
    solver_section,
)
from benchmarks.report.targets import targets

__all__ = ["plot", "render", "targets", "write_report"]


def _load(meta: dict[str, Any]) -> str:
    """The load average at start and end, and what it means for the times."""
    loads = [x for x in meta.get("load_average") or [] if x is not None]
    if not loads:
        return "unknown"
    text = " at start, ".join(f"{x:.1f}" for x in loads) + (" at end" if len(loads) > 1 else "")
    if max(loads) > (meta.get("cpus") or 1):
        text += (
            " (more runnable processes than cores: other work shared the machine, so "
            "wall times are inflated; CPU times and the interleaved ratios less so)"
        )
    return text


def render(df: pd.DataFrame, probes: dict[str, Any], plots: Sequence[str] = ()) -> str:
    """The Markdown summary of one benchmark run."""
    meta = probes.get("meta", {})
    lines = [
        "# legday benchmarks",
        "",
        f"Reproduce: `{meta.get('command', 'legday bench --suite full')}` (or "
        f"`python -m benchmarks --suite {meta.get('suite', 'full')}`), "
        f"{meta.get('seconds', 0):.0f} s for {len(df)} instances on this machine: "
        f"{meta.get('machine', '?')}, {meta.get('cpus', '?')} CPUs, Python "
        f"{meta.get('python', '?')}, OR-Tools {meta.get('ortools', '?')}, highspy "
        f"{meta.get('highspy', '?')}; {meta.get('date', '')}; load average "
        f"{_load(meta)}. Every "
        "number below is from that one run; per-instance rows are in `results.csv`, the "
        "probes in `probes.json`. Times are wall-clock unless marked CPU; CP-SAT runs as "
        "legday runs it (1 worker, seed 0, `linearization_level=2`).",
        "",
        "## Targets",
        "",
        table(["target", "measured", "verdict"], targets(df, probes)),
        "",
        "## Instances",
        "",
        "- `sample`: the sample calendars (`sample_calendars/`), with their README's options.",
        "- `plan`: the published plans (`../shared/plans`), converted by "
        "`benchmarks/plans_to_ics.py` (first Monday 2027-01-04, runs at 06:30 America/New_York), "
        "each with no busy calendar, office hours (Mon-Fri 09:00-17:00) and office hours plus "
        "evening appointments, at each athlete level.",
        "- `scaling`: a repeating intermediate week (intervals, easy, tempo, easy, long run; a "
        "half marathon every 16 weeks) over 4-104 weeks, with 0-10 random busy events a day "
        "(15-60 min on the 15-minute grid, 06:00-21:00).",
        "",
        "Every instance is solved in-process (import, grid, model and solve timed apart) with "
        "the greedy baselines. The whole `legday plan` command (a fresh interpreter: wall "
        "time, CPU, peak memory) runs on the samples, a quarter of the plans (busiest "
        "calendar, intermediate) and the scaling instances with 5 busy events a day; the "
        "MIP on the samples, one pairing of every plan and the scaling instances with 5 "
        "busy events a day; 2 workers and re-planning on the samples, that quarter of the "
        "plans and the scaling instances with 0 and 5 busy events a day.",
        "",
        families(df) if "family" in df.columns and len(df) else "_No instances._",
        "",
        "## Published plans",
        "",
        plans_section(df) if len(df) else "",
        "",
        "## Scaling",
        "",
        scaling_section(df) if len(df) else "",
        "",
        "## Baseline: greedy placement",
        "",
        greedy_section(df),
        "",
        "## Baseline: the same model as a MIP (HiGHS)",
        "",
        mip_section(df),
        "",
        "## CP-SAT settings: workers and re-planning hints",
        "",
        solver_section(df),
        "",
        "## Whole command",
        "",
        commands_section(df, probes),
        "",
    ]
    if plots:
        lines += ["## Plots", ""]
        lines += [f"![{p[:-4].replace('_', ' ')}](plots/{p})" for p in plots]
        lines.append("")
    return "\n".join(lines)


def write_report(df: pd.DataFrame, probes: dict[str, Any], out: Path) -> None:
    """Write ``RESULTS.md`` and ``plots/*.png`` into ``out``."""
    plots = plot(df, out / "plots") if len(df) else []
    (out / "RESULTS.md").write_text(render(df, probes, plots), encoding="utf-8")
