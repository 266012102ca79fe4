"""The options several commands share, as decorators, and how they become `PlanOptions`.

`plan`, `check` and `explain` take the same rule options (:func:`rule_options`) and race window
(:func:`race_options`); :func:`build_options` merges them with a ``legday.toml`` (flags win).
Only click and the standard library at the top (fast ``legday --help``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from optimizer.config import PlanOptions

F = Callable[..., Any]


def rule_options(fn: F) -> F:
    """The rules of a plan (busy time, weeks, sessions, gaps, level, window...) and --config."""
    opts = [
        click.option(
            "--busy",
            "busy",
            multiple=True,
            type=click.Path(dir_okay=False),
            help="A calendar of busy time (work, meetings); repeatable.",
        ),
        click.option(
            "--start",
            help="First week of the plan (YYYY-MM-DD; its Monday). "
            "Default: the week of the first run.",
        ),
        click.option("--weeks", help="Weeks to plan. Default: through the last run."),
        click.option("--sessions", help="Strength sessions per week, MIN-MAX. Default 2-3."),
        click.option(
            "--min-gap-days",
            "min_gap_days",
            help="Days between two sessions (2 = a full day off between). Default 2.",
        ),
        click.option(
            "--level",
            type=click.Choice(["beginner", "intermediate", "advanced"]),
            help="Beginners keep strength off run days. Default intermediate.",
        ),
        click.option(
            "--tz",
            help="Your time zone (IANA, e.g. Europe/Berlin). "
            "Default: the calendar's, else this machine's.",
        ),
        click.option(
            "--window", help="Daily window for sessions, HH:MM-HH:MM. Default 06:00-21:00."
        ),
        click.option("--minutes", help="Session length in minutes. Default 30."),
        click.option(
            "--prefer",
            type=click.Choice(["morning", "midday", "evening"]),
            help="Preferred time of day.",
        ),
        click.option(
            "--run-time",
            "run_time",
            metavar="HH:MM|Mon=HH:MM,...",
            help="When you run, for runs your calendar has as all-day events "
            "(e.g. 18:00, or Mon=18:00,Sat=08:00). Default: your timed runs' usual time, "
            "else 07:00.",
        ),
        click.option(
            "--gap-after-run",
            "gap_after_run",
            metavar="DURATION",
            help="Time between a run's end and strength (travel, shower, food), e.g. 45m or "
            "1h. Default 30m.",
        ),
        click.option(
            "--allow-after-long-run",
            "allow_after_long_run",
            is_flag=True,
            default=None,
            help="Allow strength the day after the long run (off by default).",
        ),
        click.option(
            "--config",
            "config",
            type=click.Path(dir_okay=False),
            help="A legday.toml with [plan], [keywords] and [weights].",
        ),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def race_options(fn: F) -> F:
    """The race window's length; `plan`, `check` and `explain` take it (relaxations name it)."""
    opts = [
        click.option(
            "--race-before-days",
            "race_before_days",
            help="Days before a race without strength. Default 7.",
        ),
        click.option(
            "--race-after-days",
            "race_after_days",
            help="Days after a race without strength. Default 2.",
        ),
        click.option(
            "--goal-race",
            "goal_races",
            multiple=True,
            metavar="WORD|DATE",
            help="Your goal race, by a word of its title or its date (repeatable). Default: "
            "the plan's longest race, the last if several; other races are tune-ups, with a "
            "shorter window.",
        ),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def build_options(raw: dict[str, Any]) -> PlanOptions:
    """Merge the config file and the flags (flags win) into PlanOptions."""
    from optimizer.config import PlanOptions, load_config, options_from_mapping

    values: dict[str, Any] = {}
    keywords: dict[str, Any] = {}
    weights: dict[str, int] = {}
    if raw.get("config"):
        values, keywords, weights = load_config(raw["config"])
    flags = {
        k: raw.get(k)
        for k in (
            "start",
            "weeks",
            "sessions",
            "min_gap_days",
            "level",
            "tz",
            "window",
            "minutes",
            "prefer",
            "program",
            "equipment",
            "name",
            "race_before_days",
            "race_after_days",
            "run_time",
            "gap_after_run",
        )
    }
    if raw.get("goal_races"):
        flags["goal_races"] = list(raw["goal_races"])
    values.update(
        options_from_mapping({k: v for k, v in flags.items() if v is not None}, "command line")
    )
    if raw.get("allow_after_long_run"):
        values["no_strength_after_long_run"] = False
    if raw.get("best_effort"):
        values["best_effort"] = True
    return PlanOptions(keywords=keywords, weights=weights, **values)
