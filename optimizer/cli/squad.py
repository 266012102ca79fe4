"""``legday squad``: plan a whole club from a roster, on this machine's cores or on Ray.

Only click and the standard library at the top: the roster reader (pandas), the engines and
the pipeline are imported when the command runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from optimizer.cli.common import EXIT_INFEASIBLE, guarded


@click.command()
@click.argument("roster", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder for the plans (one NAME.ics per athlete) and results.csv / results.parquet.",
)
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False),
    help="A legday.toml: its [plan] fills the roster's empty cells; [keywords], [weights].",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: worker processes on this machine; ray: Ray tasks (legday[scale]).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 1024),
    help="Worker processes (local) or CPUs of a local Ray instance. Default: every core.",
)
@click.option(
    "--address",
    help="The Ray cluster to run on (e.g. ray://head:10001). Default: $RAY_ADDRESS, else a "
    "Ray instance on this machine.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress; only failures and the summary.")
@guarded
def squad(
    roster: str,
    output: str,
    config: str | None,
    engine: str,
    workers: int | None,
    address: str | None,
    quiet: bool,
) -> None:
    """Plan every athlete of ROSTER (CSV or Parquet) and write their plans to a folder.

    One row per athlete; columns named after `legday plan`'s options: name and runs
    (required), busy, level, sessions, tz, start, weeks, window, minutes, prefer, run_time,
    gap_after_run, program, equipment, goal_races, allow_after_long_run... Several
    calendars in a cell are separated by ";" (paths relative to the roster, or URLs). An
    empty cell or a missing column takes the value in --config, else legday's default.
    Each plan is byte for byte what `legday plan ... --name NAME` writes.

    \b
    Example roster.csv:
      name,runs,busy,level,sessions
      Ana,calendars/ana.ics,calendars/ana_work.ics,beginner,2-3
      Ben,calendars/ben.ics;calendars/ben_races.ics,,,
    \b
    Example:
      legday squad roster.csv -o plans/ --config legday.toml
      legday squad roster.parquet -o plans/ --engine ray --address ray://head:10001

    Exit 0 when every athlete got a plan, 1 when some did not (each named on one line, and
    in results.csv), 2 for a roster legday cannot use (nothing planned).
    """
    from optimizer.squad.batch import run_squad
    from optimizer.squad.engines import make_engine
    from optimizer.squad.progress import Progress
    from optimizer.squad.results import failure_lines, summary, table_paths, write_tables
    from optimizer.squad.roster import check_outputs, read_roster

    folder = Path(output)
    defaults, keywords, weights = _config(config)
    read = read_roster(roster, defaults=defaults, keywords=keywords, weights=weights)
    check_outputs(read, folder, tables=table_paths(folder), config=Path(config) if config else None)
    runner = make_engine(engine, workers=workers, address=address)
    progress = Progress(len(read.jobs), quiet=quiet)
    t0 = time.perf_counter()
    try:
        results = run_squad(
            read.jobs, folder, runner, on_result=lambda r: progress.update(r.planned)
        )
    finally:
        progress.close()
    seconds = time.perf_counter() - t0
    write_tables(results, folder)
    for line in failure_lines(results):
        click.echo(f"legday: {line}", err=True)
    click.echo(
        summary(results, seconds=seconds, workers=runner.workers, engine=runner.name, folder=folder)
    )
    if not all(r.planned for r in results):
        sys.exit(EXIT_INFEASIBLE)


def _config(path: str | None) -> tuple[dict, dict, dict]:
    if not path:
        return {}, {}, {}
    from optimizer.config import load_config

    return load_config(path)
