"""The ``legday`` command line. Commands are thin: parse, call the library, print.

Heavy modules (ortools, icalendar, pandas) are imported inside the commands that need
them, so ``legday --help`` starts fast.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from optimizer.domain import InputError

EXIT_OK, EXIT_INFEASIBLE, EXIT_INPUT = 0, 1, 2


def fail(message: str, code: int = EXIT_INPUT) -> None:
    click.echo(f"legday: error: {message}", err=True)
    sys.exit(code)


def guarded(fn: Callable) -> Callable:
    """One clear line and a non-zero exit for bad input; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            fail(str(exc))
        except (OSError, ValueError) as exc:
            if os.environ.get("LEGDAY_DEBUG"):
                raise
            fail(str(exc) or exc.__class__.__name__)
        except KeyboardInterrupt:
            fail("interrupted", 130)

    return wrapper


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return "\n".join(out)


# Shared options: `plan`, `check` and the server accept the same rule options.
def rule_options(fn: Callable) -> Callable:
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


def build_options(raw: dict[str, Any]):
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
        )
    }
    values.update(
        options_from_mapping({k: v for k, v in flags.items() if v is not None}, "command line")
    )
    if raw.get("allow_after_long_run"):
        values["no_strength_after_long_run"] = False
    if raw.get("best_effort"):
        values["best_effort"] = True
    return PlanOptions(keywords=keywords, weights=weights, **values)


def check_paths(inputs: Sequence[str], outputs: Sequence[str | None]) -> None:
    """Inputs must exist; an output must never be one of the inputs."""
    for p in inputs:
        path = Path(p)
        if not path.exists():
            raise InputError(f"{p}: no such file")
        if path.is_dir():
            raise InputError(f"{p}: is a folder, not a calendar file")
    resolved = {Path(p).resolve() for p in inputs}
    seen = set()
    for out in outputs:
        if not out:
            continue
        r = Path(out).resolve()
        if r in resolved:
            raise InputError(f"{out}: refusing to write over an input file")
        if r in seen:
            raise InputError(f"{out}: named as two outputs")
        seen.add(r)
        if not r.parent.is_dir():
            raise InputError(f"{out}: folder {r.parent} does not exist")


# Commands that live in their own modules, imported only when called (fast --help).
LAZY_COMMANDS = {
    "check": "optimizer.commands.check:check",
    "explain": "optimizer.commands.explain:explain",
    "diff": "optimizer.commands.diff:diff",
    "exercises": "optimizer.commands.exercises:exercises",
    "serve": "optimizer.commands.serve:serve",
    "token": "optimizer.commands.serve:token",
    "bench": "benchmarks.cli:bench",
}


class LazyGroup(click.Group):
    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Usage errors as one line (``legday: error: ...``), exit 2, like every other error."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name or "legday", complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(EXIT_INPUT)
        except click.UsageError as exc:
            where = f"{exc.ctx.command_path}: " if exc.ctx and exc.ctx.command_path else ""
            hint = f" (see {exc.ctx.command_path} --help)" if exc.ctx else ""
            fail(f"{where}{exc.format_message()}{hint}".replace("\n", " "))
        except click.ClickException as exc:
            fail(exc.format_message().replace("\n", " "), exc.exit_code)
        except click.exceptions.Abort:
            fail("aborted", 1)
        sys.exit(code if isinstance(code, int) else 0)

    def list_commands(self, ctx: click.Context) -> list[str]:
        lazy = [n for n in LAZY_COMMANDS if self._load(n) is not None]
        return sorted(set(super().list_commands(ctx)) | set(lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, name) or self._load(name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        import importlib
        import importlib.util

        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        if importlib.util.find_spec(module) is None:
            return None
        return getattr(importlib.import_module(module), attr)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="legday")
def main() -> None:
    """legday: strength training placed around your running plan.

    \b
    Example:
      legday plan sample_calendars/marathon_google.ics \\
          --busy sample_calendars/work_office_hours.ics -o strength.ics
      legday classify sample_calendars/10k_outlook.ics
    """


def race_options(fn: Callable) -> Callable:
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
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


@main.command()
@click.argument("runs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Where to write the strength calendar (.ics).",
)
@rule_options
@race_options
@click.option(
    "--program",
    type=click.Choice(["mixed", "endurance", "functional", "plyometric"]),
    help="Strength program. Default mixed.",
)
@click.option(
    "--equipment",
    type=click.Choice(["gym", "home", "none"]),
    help="Equipment you have. Default gym.",
)
@click.option("--name", help="Your name or the plan's; seeds stable event UIDs.")
@click.option("--report", type=click.Path(dir_okay=False), help="Write a JSON report here.")
@click.option(
    "--best-effort",
    "best_effort",
    is_flag=True,
    help="Write the best plan even when some weeks cannot reach MIN; names them.",
)
@click.option("--explain", "explain", is_flag=True, help="Print why each session is where it is.")
@click.option(
    "--previous",
    type=click.Path(dir_okay=False),
    help="Re-plan: the plan written before (.ics). Past days stay as they were, "
    "future sessions move as little as possible; may be the same file as -o.",
)
@click.option(
    "--lock",
    "lock",
    multiple=True,
    metavar="DATE",
    help="With --previous: keep that day's session as it is (repeatable).",
)
@click.option(
    "--missed",
    "missed",
    multiple=True,
    metavar="DATE",
    help="With --previous: that day's session did not happen; it is not made up for (repeatable).",
)
@click.option(
    "--today",
    help="With --previous: the first day that may change (YYYY-MM-DD). Default: today's date.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
@guarded
def plan(runs, output, report, quiet, busy, explain, previous, lock, missed, today, **raw) -> None:
    """Plan strength sessions around RUNS.ics and write them to OUTPUT.ics.

    \b
    Example:
      legday plan sample_calendars/marathon_google.ics \\
          --busy sample_calendars/work_office_hours.ics --prefer evening -o strength.ics
      legday plan runs.ics --previous strength.ics --missed 2027-02-16 -o strength.ics

    Exit 0 when a plan is written, 1 when no plan keeps the rules (the clashing rules and
    the changes that would give a plan are printed; nothing written), 2 for bad input.
    """
    import datetime as dt

    from optimizer import pipeline
    from optimizer.config import PARSERS

    if (lock or missed or today) and not previous:
        raise InputError("--lock, --missed and --today need --previous (the plan to re-plan)")
    check_paths(
        list(runs) + list(busy) + ([raw["config"]] if raw.get("config") else []), [output, report]
    )
    if previous:
        # The previous plan may be the output itself (re-plan in place): it is read whole
        # before anything is written, and written atomically.
        check_paths([previous], [report])
    try:
        day = PARSERS["start"]
        lock_days = [day(v) for v in lock]
        missed_days = [day(v) for v in missed]
        first_day = day(today) if today else dt.date.today()
    except ValueError as exc:
        raise InputError(f"command line: {exc}") from None
    opts = build_options({**raw, "best_effort": raw.get("best_effort")})
    loaded = pipeline.load(runs, busy, opts)
    for w in loaded.warnings:
        click.echo(f"legday: warning: {w}", err=True)
    problem = loaded.problem
    cancelled: tuple = ()
    changes = None
    if previous:
        from optimizer.plan_io import read_plan
        from optimizer.replan import replan

        old = read_plan(previous, tz=problem.tz)
        for w in old.warnings:
            click.echo(f"legday: warning: {w}", err=True)
        redo = replan(
            loaded, opts, old.entries, today=first_day, locked=lock_days, missed=missed_days
        )
        outcome, cancelled = redo.outcome, redo.cancelled
        changes = redo
    else:
        outcome = pipeline.plan(loaded, opts)
    result = outcome.result
    if not outcome.ok:
        _explain_infeasible(
            outcome,
            opts,
            previous=old.entries if previous else None,
            today=first_day,
            locked=lock_days,
            missed=missed_days,
        )
        sys.exit(EXIT_INFEASIBLE)
    if result.short_weeks and not opts.best_effort:  # pragma: no cover - guarded by the model
        fail("internal: short weeks without --best-effort", 3)
    if outcome.violations:
        # Never write a plan that breaks its own rules.
        for v in outcome.violations:
            click.echo(f"legday: violation: {v}", err=True)
        fail("the plan failed its own validation; nothing written", 3)
    from optimizer.export import to_ical, write_atomic

    data = to_ical(problem, outcome.sessions, cancelled=cancelled)
    if report:
        report_data = json.dumps(_report(outcome, changes), indent=2, ensure_ascii=False) + "\n"
    write_atomic(output, data)
    if report:
        write_atomic(report, report_data.encode("utf-8"))
    if result.short_weeks:
        from optimizer.diagnose import explain_short_weeks
        from optimizer.grid import build_grid

        grid = build_grid(problem)
        for line in explain_short_weeks(grid, list(result.short_weeks)):
            click.echo(f"legday: short: {line}", err=True)
    if not quiet:
        from optimizer.pipeline import runs_table

        days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        table = runs_table(problem, outcome.sessions)
        click.echo(format_table(["wk", "monday", *days, "S"], table))
        click.echo("L long run, H hard run, e easy run, S strength session (start time)")
    if explain:
        click.echo("")
        for s in outcome.sessions:
            if not s.reasons:
                continue  # a session carried over unchanged (done, locked, or not ours)
            click.echo(s.reasons[0])
            for line in s.reasons[1:]:
                click.echo(f"    {line}")
    if changes is not None:
        click.echo(
            f"re-plan from {first_day}: kept {changes.kept}, moved {changes.moved}, "
            f"added {changes.added}, dropped {changes.dropped} (cancelled in the calendar: "
            f"{len(cancelled)})"
        )
    click.echo(
        f"{result.status.value}: {len(outcome.sessions)} sessions over {problem.weeks} weeks "
        f"-> {output} (objective {result.objective:g}, bound {result.best_bound:g}, "
        f"solved in {result.solve_seconds:.3f} s)"
    )


def _explain_infeasible(outcome, opts, *, previous=None, today=None, locked=(), missed=()) -> None:
    """Why no plan keeps the rules: the clashing rule instances and relaxations that work."""
    from optimizer.domain import SolveStatus

    click.echo("legday: no plan keeps every rule; nothing written.", err=True)
    if outcome.result.status is SolveStatus.UNKNOWN:
        click.echo(
            "legday: the solver found no plan in its time limit (the rules may still "
            "allow one); try again with fewer weeks.",
            err=True,
        )
        return
    if previous is not None:
        from optimizer.replan import why_not_replan

        why = why_not_replan(
            outcome.loaded, opts, previous, today=today, locked=locked, missed=missed
        )
    else:
        from optimizer.explain import why_not

        why = why_not(outcome.problem, opts)
    for line in why.lines:
        click.echo(f"legday: clash: {line}", err=True)
    if not why.lines:
        click.echo("legday: no clash could be isolated in the time limit.", err=True)
    for i, r in enumerate(why.relaxations):
        lead = "try" if i == 0 else "or"
        click.echo(f"legday: {lead}: {r.command_line}  ({r.text})", err=True)


def _progression(outcome) -> list[dict[str, Any]]:
    """Weekly strength volume (total sets): it builds, drops every 4th week and near races."""
    if not outcome.contexts:
        return []
    from optimizer.workouts import weekly_volume

    phases: dict[int, set[str]] = {}
    for c, wo in zip(outcome.contexts, outcome.workouts, strict=True):
        phases.setdefault(c.week, set()).add(wo.intensity)
    return [
        {"week": w + 1, "sets": sets, "intensity": "/".join(sorted(phases.get(w, ())))}
        for w, sets in weekly_volume(outcome.contexts, outcome.workouts)
    ]


def _report(outcome, changes=None) -> dict[str, Any]:
    r = outcome.result
    sessions = []
    for i, s in enumerate(outcome.sessions):
        item = {
            "date": s.day.isoformat(),
            "start": s.start.isoformat(),
            "end": s.end.isoformat(),
            "uid": s.uid,
            "summary": s.summary,
            "reasons": list(s.reasons),
        }
        if outcome.workouts and outcome.workouts[i] is not None:
            item["workout"] = outcome.workouts[i].report()
        sessions.append(item)
    problem = outcome.problem
    return {
        "status": r.status.value,
        "objective": r.objective,
        "best_bound": r.best_bound,
        "solve_seconds": round(r.solve_seconds, 4),
        "build_seconds": round(r.build_seconds, 4),
        "start": problem.start.isoformat(),
        "weeks": problem.weeks,
        "tz": problem.tz,
        "short_weeks": list(r.short_weeks),
        "penalties": [{"rule": p.rule, "where": p.where, "cost": p.cost} for p in r.penalties],
        "warnings": list(outcome.loaded.warnings),
        "sessions": sessions,
        "progression": _progression(outcome),
        **(
            {
                "changes": {
                    "kept": changes.kept,
                    "moved": changes.moved,
                    "added": changes.added,
                    "dropped": changes.dropped,
                    "cancelled": [
                        {"uid": c.uid, "start": c.start.isoformat(), "sequence": c.sequence}
                        for c in changes.cancelled
                    ],
                }
            }
            if changes is not None
            else {}
        ),
    }


@main.command()
@click.argument("runs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--tz", help="Your time zone (IANA). Default: the calendar's.")
@click.option("--start", help="Only events from this date (YYYY-MM-DD).")
@click.option("--weeks", help="Only this many weeks from --start.")
@click.option("--config", type=click.Path(dir_okay=False), help="legday.toml with [keywords].")
@guarded
def classify(runs, tz, start, weeks, config) -> None:
    """Show how every event of RUNS.ics was read: long, hard, easy, race, or not a run.

    \b
    Example:
      legday classify sample_calendars/10k_outlook.ics
    """
    from optimizer.classify import Keywords
    from optimizer.classify import classify as classify_events
    from optimizer.config import PARSERS, load_config
    from optimizer.importer import read_calendars

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


if __name__ == "__main__":
    main()
