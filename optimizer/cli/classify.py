"""``legday classify``: how every event of a calendar was read (long, hard, easy, race, other).

Only click and the standard library at the top (fast ``legday --help``).
"""

from __future__ import annotations

import click

from optimizer.cli.common import check_paths, format_table, guarded
from optimizer.domain import InputError, Run


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

    For each event: its kind (and a race's priority, goal or tune-up, when the event says it),
    the language and the words legday recognised, and why. Events whose words nobody
    understood but that look like training are named in warnings. Titles are read in English,
    Spanish, German, French, Italian, Portuguese and Dutch; add your own words in legday.toml
    ([keywords] extra_hard = [...], or [keywords.de] for German only).

    \b
    Example:
      legday classify sample_calendars/10k_outlook.ics
    """
    from constraints.race_window import prioritise
    from optimizer.calendar import read_calendars
    from optimizer.classify import Keywords, classify_calendar
    from optimizer.config import PARSERS, load_config

    check_paths(list(runs) + ([config] if config else []), [])
    keywords = None
    marks: dict = {}
    if config:
        plan_values, kw, _ = load_config(config)
        marks = {
            k: plan_values[k]
            for k in ("goal_races", "tune_up_races", "not_races")
            if k in plan_values
        }
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
    result = classify_calendar(imported.events, keywords)
    # The races' priorities as a plan reads them: named, said, else the longest is the goal.
    runs_read = prioritise(
        result.runs,
        goal=marks.get("goal_races", ()),
        tune_up=marks.get("tune_up_races", ()),
        not_race=marks.get("not_races", ()),
    )
    rows = [_row(run, words) for run, words in zip(runs_read, result.words, strict=True)]
    click.echo(format_table(["when", "kind", "km", "lang", "title", "words", "why"], rows))
    counts: dict[str, int] = {}
    for run in runs_read:
        counts[run.kind.value] = counts.get(run.kind.value, 0) + 1
    languages = f"; languages {', '.join(result.languages)}" if result.languages else ""
    click.echo(
        ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
        + f" (zone {imported.tz}{languages})"
    )
    for w in result.warnings:
        click.echo(f"legday: warning: {w}", err=True)


def _row(run: Run, words: tuple[str, ...]) -> list[str]:
    ev = run.event
    when = f"{ev.start:%a %Y-%m-%d}" + ("" if ev.all_day else f" {ev.start:%H:%M}")
    kind = run.kind.value + (f" ({run.priority.value})" if run.priority else "")
    km = f"{run.distance_km:.1f}" if run.distance_km else ""
    said = ", ".join(words)
    if len(said) > _WORDS:
        said = said[: _WORDS - 3].rstrip(", ") + "..."
    return [when, kind, km, run.language or "-", (ev.summary or "")[:40], said, run.reason]


_WORDS = 30  # widest "words" cell
