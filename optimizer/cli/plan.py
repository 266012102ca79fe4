"""``legday plan``: place strength sessions around the runs and write them as a calendar.

Also re-plans (``--previous``): past days stay, future sessions move as little as possible.
Only click and the standard library at the top: the pipeline is imported when the command runs.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from optimizer.cli.common import EXIT_INFEASIBLE, check_paths, fail, format_table, guarded
from optimizer.cli.options import build_options, race_options, rule_options
from optimizer.domain import InputError

if TYPE_CHECKING:
    from optimizer.calendar.plan_file import PlanEntry
    from optimizer.config import PlanOptions
    from optimizer.domain import Session
    from optimizer.pipeline import Outcome
    from optimizer.render.outputs import Written
    from optimizer.replan import ReplanOutcome


@click.command()
@click.argument("runs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Where to write the strength calendar (.ics); - writes it to standard output.",
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
    "--html",
    "html_page",
    type=click.Path(dir_okay=False),
    help="Also write the plan as one self-contained web page (week by week, printable).",
)
@click.option(
    "--fit",
    "fit_dir",
    type=click.Path(file_okay=False),
    help="Also write each session as a Garmin FIT workout into this folder (legday[watch]).",
)
@click.option(
    "--best-effort",
    "best_effort",
    is_flag=True,
    help="Write the best plan even when some weeks cannot reach MIN; names them.",
)
@click.option("--explain", "explain", is_flag=True, help="Print why each session is where it is.")
@click.option(
    "--busy-titles",
    "busy_titles",
    is_flag=True,
    default=None,
    help="Name busy events in the sessions' descriptions ('busy 08:30-17:30 'Physio''); "
    "by default only their times, since a plan or feed may be shared (config: busy_titles).",
)
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
@click.option(
    "--quiet", "-q", is_flag=True, help="Print only warnings and errors (no table, no summary)."
)
@guarded
def plan(
    runs: tuple[str, ...],
    output: str,
    report: str | None,
    quiet: bool,
    busy: tuple[str, ...],
    explain: bool,
    previous: str | None,
    lock: tuple[str, ...],
    missed: tuple[str, ...],
    today: str | None,
    html_page: str | None,
    fit_dir: str | None,
    **raw: Any,
) -> None:
    """Plan strength sessions around RUNS.ics and write them to OUTPUT.ics.

    \b
    Example:
      legday plan sample_calendars/marathon_google.ics \\
          --busy sample_calendars/work_office_hours.ics --prefer evening -o strength.ics
      legday plan sample_calendars/marathon_google.ics -o strength.ics \\
          --html plan.html --fit watch/
      legday plan runs.ics --previous strength.ics --missed 2027-02-16 -o strength.ics

    Exit 0 when a plan is written, 1 when no plan keeps the rules (the clashing rules and
    the changes that would give a plan are printed; nothing written), 2 for bad input.
    """
    from optimizer import pipeline

    if (lock or missed or today) and not previous:
        raise InputError("--lock, --missed and --today need --previous (the plan to re-plan)")
    inputs = list(runs) + list(busy) + ([raw["config"]] if raw.get("config") else [])
    check_paths(inputs, [output, report, html_page])
    if fit_dir:
        from optimizer.render.outputs import check_fit_dir

        check_fit_dir(fit_dir, inputs + [previous or ""])
    if previous:
        # The previous plan may be the output itself (re-plan in place): it is read whole
        # before anything is written, and written atomically.
        check_paths([previous], [report])
    lock_days, missed_days, first_day = _days(lock, missed, today)
    opts = build_options({**raw, "best_effort": raw.get("best_effort")})
    if raw.get("busy_titles"):
        opts = replace(opts, busy_titles=True)
    loaded = pipeline.load(runs, busy, opts)
    problem = loaded.problem
    old = None
    if previous:
        from optimizer.calendar.plan_file import read_plan

        old = read_plan(previous, tz=problem.tz)
        old.require_plan()  # a running calendar given by mistake would cancel the runs
    for w in loaded.warnings:
        click.echo(f"legday: warning: {w}", err=True)
    cancelled: tuple[Session, ...] = ()
    changes = None
    old_entries = None
    if old is not None:
        from optimizer.replan import replan

        for w in old.warnings:
            click.echo(f"legday: warning: {w}", err=True)
        old_entries = old.entries
        changes = replan(
            loaded, opts, old_entries, today=first_day, locked=lock_days, missed=missed_days
        )
        outcome, cancelled = changes.outcome, changes.cancelled
    else:
        outcome = pipeline.plan(loaded, opts)
    result = outcome.result
    if not outcome.ok:
        _explain_infeasible(
            outcome,
            opts,
            previous=old_entries,
            today=first_day,
            locked=lock_days,
            missed=missed_days,
        )
        sys.exit(EXIT_INFEASIBLE)
    if outcome.violations:
        # Never write a plan that breaks its own rules.
        for v in outcome.violations:
            click.echo(f"legday: violation: {v}", err=True)
        fail("the plan failed its own validation; nothing written", 3)
    done = _write(outcome, cancelled, changes, output, report, html_page, fit_dir)
    # With `-o -` (or `--report -`) standard output carries the file: the rest goes to stderr.
    to_err = "-" in (output, report)
    _print_plan(outcome, quiet=quiet, explain=explain, err=to_err)
    if quiet:
        return
    if done is not None:
        _print_page_and_watch(done, fit_dir, err=to_err)
    if changes is not None:
        click.echo(
            f"re-plan from {first_day}: kept {changes.kept}, moved {changes.moved}, "
            f"added {changes.added}, dropped {changes.dropped} (cancelled in the calendar: "
            f"{len(cancelled)})",
            err=to_err,
        )
    click.echo(
        f"{result.status.value}: {len(outcome.sessions)} sessions over {problem.weeks} weeks "
        f"-> {'standard output' if output == '-' else output} (objective {result.objective:g}, "
        f"bound {result.best_bound:g}, solved in {result.solve_seconds:.3f} s)",
        err=to_err,
    )


def _days(
    lock: Sequence[str], missed: Sequence[str], today: str | None
) -> tuple[list[dt.date], list[dt.date], dt.date]:
    """The --lock and --missed dates, and the first day that may change (--today)."""
    from optimizer.config import PARSERS

    try:
        day = PARSERS["start"]
        lock_days = [day(v) for v in lock]
        missed_days = [day(v) for v in missed]
        first_day = day(today) if today else dt.date.today()
    except ValueError as exc:
        raise InputError(f"command line: {exc}") from None
    return lock_days, missed_days, first_day


def _write(
    outcome: Outcome,
    cancelled: tuple[Session, ...],
    changes: ReplanOutcome | None,
    output: str,
    report: str | None,
    html_page: str | None = None,
    fit_dir: str | None = None,
) -> Written | None:
    """Write the calendar and, when asked for, the JSON report, the plan page and the watch
    workouts: all of them, or none (:class:`optimizer.outputs.Outputs`)."""
    from optimizer.calendar.export import to_ical
    from optimizer.outputs import Outputs

    outputs = Outputs()
    outputs.add(output, to_ical(outcome.problem, outcome.sessions, cancelled=cancelled))
    if report:
        text = json.dumps(_report(outcome, changes), indent=2, ensure_ascii=False) + "\n"
        outputs.add(report, text.encode("utf-8"))
    done = None
    if html_page or fit_dir:
        from optimizer.render.outputs import page_and_watch

        done = page_and_watch(outcome, outputs, calendar=output, page=html_page, fit_dir=fit_dir)
    outputs.commit()
    return done


def _print_page_and_watch(done: Written, fit_dir: str | None, *, err: bool) -> None:
    """Where the plan page (``--html``) and the watch workouts (``--fit``) went."""
    if done.page:
        click.echo(f"page: {done.page}", err=err)
    if fit_dir:
        gone = f"; removed {len(done.removed)} of an earlier plan" if done.removed else ""
        click.echo(f"watch: {len(done.fit)} FIT workout files in {fit_dir}{gone}", err=err)


def _shortfall(outcome: Outcome) -> list[str]:
    """Warnings when the plan has fewer sessions than asked (never silent)."""
    from optimizer.diagnose import fewer_than_asked
    from optimizer.grid import build_grid

    problem = outcome.problem
    inside = [s for s in outcome.sessions if problem.start <= s.day < problem.end]
    return fewer_than_asked(outcome.grid or build_grid(problem), inside)


def _print_plan(outcome: Outcome, *, quiet: bool, explain: bool, err: bool = False) -> None:
    """Days away, short weeks (stderr), the week-by-week table and, with --explain, the
    reasons."""
    problem = outcome.problem
    if not quiet:
        for note in outcome.loaded.notes:
            click.echo(f"legday: {note}", err=True)
    for line in _shortfall(outcome):
        kind = "short" if line.startswith("week ") else "warning"
        click.echo(f"legday: {kind}: {line}", err=True)
    if not quiet:
        from optimizer.pipeline import runs_table

        days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        table = runs_table(problem, outcome.sessions)
        click.echo(format_table(["wk", "monday", *days, "S"], table), err=err)
        click.echo(
            "L long run, H hard run, e easy run, RACE goal race, race tune-up race, "
            "S strength session (start time)",
            err=err,
        )
    if explain:
        click.echo("", err=err)
        for s in outcome.sessions:
            if not s.reasons:
                continue  # a session carried over unchanged (done, locked, or not ours)
            click.echo(s.reasons[0], err=err)
            for line in s.reasons[1:]:
                click.echo(f"    {line}", err=err)


def _explain_infeasible(
    outcome: Outcome,
    opts: PlanOptions,
    *,
    previous: Sequence[PlanEntry] | None = None,
    today: dt.date,
    locked: Sequence[dt.date] = (),
    missed: Sequence[dt.date] = (),
) -> None:
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


def _progression(outcome: Outcome) -> list[dict[str, Any]]:
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


def _report(outcome: Outcome, changes: ReplanOutcome | None = None) -> dict[str, Any]:
    """The JSON report (``--report``): the solve, every session with its workout, the changes."""
    r = outcome.result
    sessions = []
    for i, s in enumerate(outcome.sessions):
        item: dict[str, Any] = {
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
        "warnings": list(outcome.loaded.warnings) + _shortfall(outcome),
        "notes": list(outcome.loaded.notes),
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
