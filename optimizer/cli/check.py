"""``legday check``: judge any plan (ours, a coach's, another app's) against the rules.

Only click and the standard library at the top: the pipeline, the importer and the validator
are imported inside the command, so ``legday --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import click

from optimizer.cli.common import EXIT_INFEASIBLE, check_paths, format_table, guarded
from optimizer.cli.options import build_options, race_options, rule_options


@click.command()
@click.argument("plan_file", metavar="PLAN.ics", type=click.Path(dir_okay=False))
@click.argument(
    "runs", nargs=-1, required=True, metavar="RUNS.ics...", type=click.Path(dir_okay=False)
)
@rule_options
@race_options
@guarded
def check(plan_file: str, runs: tuple[str, ...], busy: tuple[str, ...], **raw: Any) -> None:
    """Check the strength sessions of PLAN.ics against the rules, around RUNS.ics.

    Every event of PLAN.ics is a strength session (cancelled ones excepted). It is judged
    with the same rules and options as `legday plan`, by the solver-free validator; each
    broken rule is listed with its date.

    \b
    Example:
      legday check coach_plan.ics sample_calendars/10k_outlook.ics --minutes 45

    Exit 0 when the plan keeps every rule, 1 when it breaks one, 2 for bad input.
    """
    from optimizer import sources
    from optimizer.calendar.plan_file import read_plan
    from optimizer.validate import validate

    check_paths([plan_file, *runs, *busy, *([raw["config"]] if raw.get("config") else [])], [])
    opts = build_options(raw)
    loaded = sources.load(runs, busy, opts)
    problem = loaded.problem
    # Recurring entries are expanded a year either side of the plan, so those outside can be
    # counted in the note below; single entries are read wherever they lie.
    margin = dt.timedelta(days=366)
    read = read_plan(
        plan_file, tz=problem.tz, start=problem.start - margin, end=problem.end + margin
    )
    read.require_plan()
    for w in loaded.warnings:
        click.echo(f"legday: warning: {w}", err=True)
    for w in read.warnings:
        click.echo(f"legday: warning: {w}", err=True)
    entries = read.active
    inside = [e for e in entries if problem.start <= e.day < problem.end]
    outside = [e for e in entries if not problem.start <= e.day < problem.end]
    sessions = [e.session() for e in inside]
    untimed = {e.day for e in inside if e.all_day}
    violations = [
        v
        for v in validate(problem, sessions)
        # An all-day entry names a day, not a time: judge its day, not a made-up hour.
        if not (v.day in untimed and (v.rule == "time_slots" or "before the run" in v.message))
    ]
    last = problem.end - dt.timedelta(days=1)
    click.echo(
        f"{plan_file}: {len(inside)} sessions in the plan's {problem.weeks} weeks "
        f"({problem.start:%a %d %b %Y} to {last:%a %d %b %Y})"
    )
    if untimed:
        click.echo(
            f"note: {len(untimed)} all-day session(s) have no time; judged on their day only"
        )
    if outside:
        first, final = outside[0].day, outside[-1].day
        click.echo(
            f"note: {len(outside)} session(s) outside the plan's weeks were not judged "
            f"({first:%d %b %Y}" + (f" to {final:%d %b %Y})" if final != first else ")")
        )
    if not violations:
        click.echo("ok: the plan keeps every rule")
        return
    rows = [[f"{v.day:%a %Y-%m-%d}" if v.day else "", v.rule, v.message] for v in violations]
    click.echo(format_table(["date", "rule", "problem"], rows))
    rules = sorted({v.rule for v in violations})
    click.echo(f"{len(violations)} violation(s) of {len(rules)} rule(s): {', '.join(rules)}")
    sys.exit(EXIT_INFEASIBLE)
