"""Turn a benchmark run into ``RESULTS.md`` and PNG plots.

The summary opens with every target, its measured value and whether it is met (and by how
much it is missed) (:mod:`~benchmarks.report.targets`); the sections after it show the numbers
behind each one (:mod:`~benchmarks.report.families`, :mod:`~benchmarks.report.whole`,
:mod:`~benchmarks.report.sections`); the plots are drawn by :mod:`~benchmarks.report.charts`.
A target the suite did not measure says so rather than disappearing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed

from benchmarks.report.charts import plot
from benchmarks.report.columns import table
from benchmarks.report.families import cpsat_section, families_table, family_rows
from benchmarks.report.sections import (
    greedy_section,
    mip_section,
    plans_section,
    scaling_section,
    solver_section,
)
from benchmarks.report.targets import targets
from benchmarks.report.whole import (
    big_calendar_section,
    commands_table,
    floor_section,
    phases_section,
)

__all__ = ["plot", "render", "targets", "write_report"]

INSTANCES = """\
- `sample`: the sample calendars (`sample_calendars/`), with their README's options.
- `plan`: the published plans (`../shared/plans`), converted by `benchmarks/plans_to_ics.py`
  (first Monday 2027-01-04, runs at 06:30 America/New_York), each with no busy calendar,
  office hours (Mon-Fri 09:00-17:00) and office hours plus evening appointments, at each
  athlete level.
- `scaling`: a repeating intermediate week (intervals, easy, tempo, easy, long run; a half
  marathon every 16 weeks) over 4-104 weeks, with 0-10 random busy events a day (15-60 min
  on the 15-minute grid, 06:00-21:00).
- `sparse`: two all-day runs, in the first and the last week of 12, 26, 52 and 156 weeks,
  and one all-day run every four weeks over 52 and 156 weeks: weeks without runs, where
  many patterns cost nearly the same.
- `doubles`: two runs on four days a week (easy at 06:30, quality in the evening) around
  office hours (Mon-Fri 09:00-17:00), 4-156 weeks.
- `busy20`: the scaling week with 20 random busy events a day, 4-156 weeks.
- `long`: 260 and 520 weeks: regular (the scaling week with 2 busy events a day) and sparse
  (two all-day runs, in the first and last week).
- `fuzz`: adversarial calendars. One of each quirk of `benchmarks/adversarial.py`: runs
  across midnight and the DST gap, a run that ends before it starts, floating times in a
  +12:45 zone, copies of one UID, multi-day all-day events, a race every other week, a
  window the runs nearly fill, out-of-office weeks, costly recurrence rules, options at
  their edges (`--best-effort`, `--sessions 0-4`, `--min-gap-days 1`...); then, through the
  hook `benchmarks/adversarial.py:fuzz_cases`, the cases of {fuzz}. A mutated calendar
  legday refuses to read counts as refused, not as solved.

Every instance is solved in-process the way `legday plan` solves it, each step timed: the
grid, the model, the dynamic program, CP-SAT's confirmation, the validator, and the greedy
baselines. The whole `legday plan` (a fresh interpreter: wall time, CPU, peak memory) runs
on the samples, a quarter of the published plans (busiest calendar, intermediate), the
scaling instances with 5 busy events a day and every instance of the stress families (the
520-week ones three times). CP-SAT without the dynamic program and with its defaults, and
the MIP, run on the samples, one pairing of every published plan, the scaling instances
with 5 busy events a day and the stress families (the MIP up to 52 weeks)."""


def _load(meta: dict[str, Any]) -> str:
    """The load averages through the run, and what they mean for the times."""
    loads = [x for x in meta.get("load_average") or [] if x is not None]
    if not loads:
        return "unknown"
    text = ", ".join(f"{x:.1f}" for x in loads) + " (at the start, after the instances, at the end)"
    if max(loads) > (meta.get("cpus") or 1):
        text += (
            "; more runnable processes than cores (other engineers' tests share the "
            "machine), so wall times are inflated: the CPU times and the interleaved ratios "
            "say more"
        )
    return text


def _header(df: pd.DataFrame, probes: dict[str, Any]) -> list[str]:
    meta = probes.get("meta", {})
    compiled = (
        f" legday's modules were byte-compiled first (`python -m compileall -q optimizer "
        f"constraints`, {probes['compile_s']:.1f} s): this environment sets "
        "`PYTHONDONTWRITEBYTECODE`, and a user's installation compiles them once."
        if "compile_s" in probes
        else ""
    )
    return [
        "# legday benchmarks",
        "",
        f"Reproduce: `{meta.get('command', 'legday bench --suite full')}` (or "
        f"`python -m benchmarks --suite {meta.get('suite', 'full')}`), "
        f"{meta.get('seconds', 0):.0f} s for {len(df)} instances and the probes, in one run "
        f"on this machine: {meta.get('machine', '?')}, {meta.get('cpus', '?')} CPUs, Python "
        f"{meta.get('python', '?')}, OR-Tools {meta.get('ortools', '?')}, highspy "
        f"{meta.get('highspy', '?')}; {meta.get('date', '')}; load average {_load(meta)}. "
        "Every number below is from that one run; per-instance rows are in `results.csv`, "
        "the probes in `probes.json`. Times are wall-clock medians unless marked CPU; "
        "commands compared with each other run interleaved (A B A B). legday solves as it "
        "always does: the dynamic program, then CP-SAT confirming its optimum (1 worker, "
        f"seed 0, `linearization_level=2`, no presolve).{compiled}",
        "",
    ]


def render(df: pd.DataFrame, probes: dict[str, Any], plots: Sequence[str] = ()) -> str:
    """The Markdown summary of one benchmark run."""
    from benchmarks.adversarial import fuzz_cases

    source, _ = fuzz_cases(0)
    has = len(df) > 0 and "family" in df.columns
    lines = _header(df, probes) + [
        "## Targets",
        "",
        table(["target", "measured", "verdict"], targets(df, probes)),
        "",
        "## Instances",
        "",
        INSTANCES.format(fuzz=source),
        "",
        "## Families",
        "",
        families_table(df) if has else "_No instances._",
        "",
    ]
    for fam, title in (
        ("long", "Long horizons: 260 and 520 weeks"),
        ("sparse", "Sparse calendars"),
        ("doubles", "Two runs a day"),
        ("busy20", "20 busy events a day"),
        ("fuzz", "Fuzzed calendars"),
    ):
        if has and (df["family"] == fam).any():
            lines += [f"### {title}", "", family_rows(df, fam), ""]
    lines += [
        "## The whole command against the import floor",
        "",
        floor_section(probes.get("floor")),
        "",
        "The same with legday compiled from source on every run:",
        "",
        floor_section(probes.get("floor_source")),
        "",
        "## Where `legday plan`'s time goes",
        "",
        phases_section(probes.get("phases"), probes.get("imports")),
        "",
        "## An 18 MB ten-year work calendar",
        "",
        big_calendar_section(probes.get("big_calendar")),
        "",
        "## Published plans",
        "",
        plans_section(df) if has else "",
        "",
        "## Scaling",
        "",
        scaling_section(df) if has else "",
        "",
        "## Baselines: CP-SAT without the dynamic program, and with its defaults",
        "",
        cpsat_section(df),
        "",
        "## Baseline: greedy placement",
        "",
        greedy_section(df),
        "",
        "## Cross-check: the same model as a MIP (HiGHS)",
        "",
        mip_section(df),
        "",
        "## CP-SAT settings: workers and re-planning hints",
        "",
        solver_section(df),
        "",
        "## Every whole-command run",
        "",
        commands_table(df) if has else "",
        "",
    ]
    if plots:
        lines += ["## Plots", ""]
        lines += [f"![{p[:-4].replace('_', ' ')}](plots/{p})" for p in plots]
        lines.append("")
    return "\n".join(lines)


def write_report(df: pd.DataFrame, probes: dict[str, Any], out: Path) -> None:
    """Write ``RESULTS.md`` and ``plots/*.png`` into ``out``."""
    plots = plot(df, out / "plots", probes) if len(df) else []
    (out / "RESULTS.md").write_text(render(df, probes, plots), encoding="utf-8")
