"""``legday explain``: why each session of a plan is where it is.

Only click and the standard library at the top: the heavy modules are imported inside the
command, so ``legday --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from optimizer.cli.common import check_paths, guarded
from optimizer.cli.options import build_options, race_options, rule_options


@click.command()
@click.argument("plan_file", metavar="OUT.ics", type=click.Path(dir_okay=False))
@click.argument(
    "runs", nargs=-1, required=True, metavar="RUNS.ics...", type=click.Path(dir_okay=False)
)
@rule_options
@race_options
@click.option(
    "--busy-titles",
    "busy_titles",
    is_flag=True,
    default=None,
    help="Name busy events (by default only their times, as in the plan's descriptions).",
)
@guarded
def explain(plan_file: str, runs: tuple[str, ...], busy: tuple[str, ...], **raw: Any) -> None:
    """Explain every session of OUT.ics: the rules that shaped its day and time, and the soft
    goals it kept or gave up. Give the same RUNS.ics and options as to `legday plan`.

    \b
    Example:
      legday plan sample_calendars/10k_outlook.ics -o strength.ics
      legday explain strength.ics sample_calendars/10k_outlook.ics
    """
    from optimizer import pipeline
    from optimizer.calendar.plan_file import read_plan
    from optimizer.explain import plan_penalties, why_here
    from optimizer.grid import build_grid
    from optimizer.validate import validate

    check_paths([plan_file, *runs, *busy, *([raw["config"]] if raw.get("config") else [])], [])
    opts = build_options(raw)
    loaded = pipeline.load(runs, busy, opts)
    problem = loaded.problem
    read = read_plan(plan_file, tz=problem.tz, start=problem.start, end=problem.end)
    read.require_plan()
    for w in loaded.warnings:
        click.echo(f"legday: warning: {w}", err=True)
    for w in read.warnings:
        click.echo(f"legday: warning: {w}", err=True)
    sessions = [e.session() for e in read.active if problem.start <= e.day < problem.end]
    grid = build_grid(problem)
    penalties = plan_penalties(grid, sessions)
    titles = bool(raw.get("busy_titles")) or opts.busy_titles
    for why in why_here(grid, sessions, penalties, busy_titles=titles):
        lines = why.lines()
        click.echo(lines[0])
        for line in lines[1:]:
            click.echo(f"    {line}")
    paid = sum(p.cost for p in penalties)
    last = problem.end - dt.timedelta(days=1)
    click.echo(
        f"{len(sessions)} sessions from {problem.start:%d %b %Y} to {last:%d %b %Y}; "
        f"soft goals given up cost {paid} in all"
    )
    broken = validate(problem, sessions)
    if broken:
        click.echo(f"note: the plan breaks {len(broken)} rule(s); `legday check` lists them")
