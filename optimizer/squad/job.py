"""One athlete of a squad: the job a worker runs, and the row it gives back.

:func:`plan_athlete` plans exactly as ``legday plan`` does (same pipeline, same options, same
bytes) and never raises: whatever goes wrong with one athlete (a missing file, a web page
instead of a calendar, a plan no rule set allows, a bug) becomes that athlete's row, with the
one-line message and the exit code ``legday plan`` would have given. Only a worker that dies
outright (killed, or a crash in native code) is left to the engine, which reports it the same
way (:func:`crashed`).

The job carries paths and URLs, not bytes: the worker reads the calendars, so a cluster's
nodes read them in parallel (from shared storage or the web) and the driver never holds a
whole club's calendars in memory. The plan comes back as bytes and the driver writes it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from optimizer.domain import InputError, SolveStatus

if TYPE_CHECKING:
    from optimizer.config import PlanOptions
    from optimizer.pipeline import Loaded, Outcome

# A row's status, and the exit code ``legday plan`` gives for it.
OPTIMAL, FEASIBLE = "optimal", "feasible"
INFEASIBLE, UNKNOWN = "infeasible", "unknown"  # no plan keeps the rules / none found in time
BAD_INPUT = "bad_input"  # a calendar or an option legday cannot use
INVALID = "invalid"  # the plan failed its own validation (never written)
CRASHED = "crashed"  # a bug, or the worker process died
EXIT = {OPTIMAL: 0, FEASIBLE: 0, INFEASIBLE: 1, UNKNOWN: 1, BAD_INPUT: 2, INVALID: 3, CRASHED: 1}
PLANNED = (OPTIMAL, FEASIBLE)


@dataclass(frozen=True)
class Job:
    """One athlete to plan.

    Attributes:
        row: the athlete's line in the roster (1 is the first athlete).
        name: the athlete's name (also ``options.name``: it seeds the session UIDs).
        file: the plan's file name in the output folder.
        runs: running calendars: absolute paths or http(s) URLs.
        busy: busy calendars, the same way.
        options: the plan options (roster row over ``legday.toml`` over legday's defaults).
        problem: why the roster row itself cannot be planned (then nothing else is read).
    """

    row: int
    name: str
    file: str
    runs: tuple[str, ...] = ()
    busy: tuple[str, ...] = ()
    options: PlanOptions | None = None
    problem: str = ""


@dataclass(frozen=True)
class Result:
    """What planning one athlete gave: a row of the results table, and the plan's bytes."""

    row: int
    name: str
    file: str
    status: str
    sessions: int | None = None
    weeks: int | None = None
    weeks_short: int | None = None
    objective: float | None = None
    bound: float | None = None
    solve_seconds: float | None = None
    seconds: float = 0.0  # the whole job in its worker: reading, planning, writing the .ics
    cpu_seconds: float = 0.0  # the same, in CPU time (what a busy machine does not inflate)
    warnings: tuple[str, ...] = ()
    error: str = ""
    ics: bytes | None = field(default=None, repr=False)

    @property
    def exit(self) -> int:
        """The exit code ``legday plan`` gives for this athlete."""
        return EXIT[self.status]

    @property
    def planned(self) -> bool:
        return self.status in PLANNED


def failed(job: Job, status: str, error: str, seconds: float = 0.0) -> Result:
    """The row of an athlete who got no plan."""
    return Result(job.row, job.name, job.file, status, error=error, seconds=seconds)


def crashed(job: Job, why: str) -> Result:
    """The row of an athlete whose worker died (see :class:`optimizer.squad.pool.WorkerDied`)."""
    return failed(job, CRASHED, f"internal error: {why}; the other athletes were planned")


def plan_athlete(job: Job) -> Result:
    """Plan one athlete as ``legday plan`` would, and never raise for their input.

    Returns:
        The row, with the calendar's bytes when a plan was made.
    """
    t0, c0 = time.perf_counter(), time.process_time()
    if job.problem or job.options is None:
        return failed(job, BAD_INPUT, job.problem or "no options")
    try:
        result = _plan(job, job.options)
    except InputError as exc:
        result = failed(job, BAD_INPUT, str(exc))
    except (OSError, ValueError) as exc:  # what `legday plan` reports as one line, exit 2
        result = failed(job, BAD_INPUT, str(exc) or type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - one athlete's bug must not stop the squad
        result = crashed(job, f"{type(exc).__name__}: {exc}")
    return replace(
        result,
        seconds=round(time.perf_counter() - t0, 4),
        cpu_seconds=round(time.process_time() - c0, 4),
    )


def _plan(job: Job, opts: PlanOptions) -> Result:
    from optimizer import pipeline
    from optimizer.calendar.export import to_ical

    if not job.runs:
        raise InputError("no running calendar (the runs column is empty)")
    loaded = _load(job, opts)
    outcome = pipeline.plan(loaded, opts)
    r = outcome.result
    if not outcome.ok:
        status = UNKNOWN if r.status is SolveStatus.UNKNOWN else INFEASIBLE
        return failed(job, status, _why_no_plan(outcome, opts))
    if outcome.violations:
        return failed(job, INVALID, f"the plan failed its own validation: {outcome.violations[0]}")
    problem = outcome.problem
    ics = to_ical(problem, outcome.sessions)
    short = _short_weeks(outcome)
    # The shortfall's words need the grid again; a plan that reaches MIN every week has none.
    shortfall = _shortfall(outcome) if short or not outcome.sessions else []
    warnings = tuple(loaded.warnings) + tuple(shortfall)
    return Result(
        job.row,
        job.name,
        job.file,
        r.status.value,
        sessions=len(outcome.sessions),
        weeks=problem.weeks,
        weeks_short=len(short),
        objective=r.objective,
        bound=r.best_bound,
        solve_seconds=round(r.solve_seconds, 4),
        warnings=warnings,
        ics=ics,
    )


_READ: Any = None  # this worker's calendars already read (optimizer.sources.ReadCache)


def _load(job: Job, opts: PlanOptions) -> Loaded:
    """Exactly ``legday plan``'s way in: files as files, links fetched as the feed server does."""
    from optimizer import sources

    global _READ
    if _READ is None:
        _READ = sources.ReadCache()
    return sources.load(job.runs, job.busy, opts, cache=_READ)


def _why_no_plan(outcome: Outcome, opts: PlanOptions) -> str:
    """``legday plan``'s explanation of a plan no rule set allows, on one line."""
    if outcome.result.status is SolveStatus.UNKNOWN:
        return (
            "no plan keeps every rule; nothing written: the solver found no plan in its time "
            "limit (the rules may still allow one); try again with fewer weeks"
        )
    from optimizer.explain import why_not

    why = why_not(outcome.problem, opts)
    parts = ["no plan keeps every rule; nothing written"]
    if why.lines:
        more = f" (+{len(why.lines) - 1} more)" if len(why.lines) > 1 else ""
        parts.append(f"clash: {why.lines[0]}{more}")
    else:
        parts.append("no clash could be isolated in the time limit")
    if why.relaxations:
        first = why.relaxations[0]
        parts.append(f"try: {first.command_line} ({first.text})")
    return "; ".join(parts)


def _shortfall(outcome: Outcome) -> list[str]:
    """The warnings ``legday plan`` gives when the plan has fewer sessions than asked."""
    from optimizer.diagnose import fewer_than_asked
    from optimizer.grid import build_grid

    problem = outcome.problem
    inside = [s for s in outcome.sessions if problem.start <= s.day < problem.end]
    return fewer_than_asked(build_grid(problem), inside)


def _short_weeks(outcome: Outcome) -> set[int]:
    """Weeks (1-based) with fewer sessions than MIN, outside race windows or by best effort."""
    problem = outcome.problem
    counts = [0] * problem.weeks
    for s in outcome.sessions:
        if problem.start <= s.day < problem.end:
            counts[(s.day - problem.start).days // 7] += 1
    from constraints.sessions_per_week import week_minimums

    minimums = week_minimums(problem)
    short = {w + 1 for w, n in enumerate(counts) if n < minimums[w]}
    return short | set(outcome.result.short_weeks)
