"""``legday bench``: run a benchmark suite and write its results, summary and plots.

Only click and the standard library are imported here: ``legday --help`` lists this
command and must stay fast. Everything else is imported when the command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from optimizer.cli.common import guarded

SUITES = ("quick", "full", "plans", "scaling", "families", "baselines")
PACKAGE = Path(__file__).resolve().parent


@click.command()
@click.option(
    "--suite",
    type=click.Choice(SUITES),
    default="quick",
    show_default=True,
    help="Which instances and baselines to run (full: everything, ~13 min on 2 cores).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    help="Folder for results.csv, probes.json, RESULTS.md and plots/. "
    "Default: benchmarks/ for --suite full (updates benchmarks/RESULTS.md), "
    "else legday-bench/SUITE in the temporary folder.",
)
@click.option(
    "--plans",
    "plans",
    type=click.Path(file_okay=False),
    help="Folder of published plans (*.json). Default: ../shared/plans.",
)
@guarded
def bench(suite: str, out: str | None, plans: str | None) -> None:
    """Measure legday: solve times, optimality, memory, and the baselines.

    \b
    Example:
      legday bench --suite quick
      legday bench --suite full        # rewrites benchmarks/RESULTS.md and plots

    Records, per instance: model build, dynamic program and CP-SAT time, status, objective,
    best bound, sessions, the validator's verdict; the greedy baselines, CP-SAT without the
    dynamic program and with its defaults, the same model as a MIP (HiGHS); whole-command
    wall time and peak memory of `legday plan`. The full suite also times every sample's
    `legday plan` against a bare import of its libraries, profiles the command phase by
    phase, and reads an 18 MB ten-year work calendar. Writes results.csv, probes.json,
    RESULTS.md and PNG plots.
    """
    from benchmarks import instances
    from benchmarks.run import run_suite
    from optimizer.domain import InputError

    if out:
        folder = Path(out)
    elif suite == "full":
        folder = PACKAGE
    else:
        import tempfile

        folder = Path(tempfile.gettempdir()) / "legday-bench" / suite
    plans_dir = Path(plans) if plans else instances.PLANS
    if suite not in ("scaling", "families") and not plans_dir.is_dir():
        raise InputError(f"{plans_dir}: no such folder of published plans (pass --plans DIR)")

    def progress(tasks):
        return click.progressbar(
            tasks,
            label=f"bench {suite}",
            file=sys.stderr,
            show_pos=True,
            item_show_func=lambda t: t.name if t is not None else "",
        )

    try:
        probes = run_suite(suite, folder, plans_dir=plans_dir, progress=progress)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    meta = probes["meta"]
    click.echo(
        f"{suite}: {meta['rows']} instances in {meta['seconds']:.0f} s -> {folder / 'RESULTS.md'}"
    )
