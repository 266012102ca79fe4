"""``legday classify``: how every event of a calendar was read (long, hard, easy, race, other).

Only click and the standard library at the top (fast ``legday --help``).
"""

from __future__ import annotations

import click

from optimizer.cli.common import check_paths, format_table, guarded
from optimizer.domain import InputError


@click.command()
@click.argument("runs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--tz", help="Your time zone (IANA). Default: the calendar's.")
@click.option("--start", help="Only events from this date (YYYY-MM-DD).")
@click.option("--weeks", help="Only this many weeks from --start.")
@click.option("--config", type=click.Path(dir_okay=False), help="legday.toml with [keywords].")
@guarded
def classify(
    runs: tuple[str, ...], tz: str | None, start: str | None, weeks: str | None, config: str | None
) -> None:
    """Show how every event of RUNS.ics was read: long, hard, easy, race, or not a run.

    \b
    Example:
      legday classify sample_calendars/10k_outlook.ics
    """
    from optimizer.calendar import read_calendars
    from optimizer.classify import Keywords
    from optimizer.classify import classify as classify_events
    from optimizer.config import PARSERS, load_config

    check_paths(list(runs) + ([config] if config else []), [])
    keywords = None
    if config:
        _, kw, _ = load_config(config)
        if kw:
            try:
                keywords = Keywords.default().merged(kw)
            except ValueError as exc:
                raise InputError(f"{config}: keywords: {exc}") from None
    try:
        s = PARSERS["start"](start) if start else None
        n = PARSERS["weeks"](weeks) if weeks else None
        zone = PARSERS["tz"](tz) if tz else None
    except ValueError as exc:
        raise InputError(f"command line: {exc}") from None
    import datetime as dt

    end = s + dt.timedelta(weeks=n) if s and n else None
    imported = read_calendars(runs, tz=zone, start=s, end=end)
    for w in imported.warnings:
        click.echo(f"legday: warning: {w}", err=True)
    rows = []
    for run in classify_events(imported.events, keywords):
        ev = run.event
        when = f"{ev.start:%a %Y-%m-%d}" + ("" if ev.all_day else f" {ev.start:%H:%M}")
        km = f"{run.distance_km:.1f}" if run.distance_km else ""
        rows.append([when, run.kind.value, km, (ev.summary or "")[:48], run.reason])
    click.echo(format_table(["when", "kind", "km", "title", "why"], rows))
    counts: dict[str, int] = {}
    for r in rows:
        counts[r[1]] = counts.get(r[1], 0) + 1
    click.echo(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + f" (zone {imported.tz})")
