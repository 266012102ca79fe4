"""The pipeline: import -> classify -> problem -> grid -> model -> solve -> validate -> export.

Each step lives in its own module; this one only connects them, so the CLI, the feed
server and the benchmarks all plan the same way.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from optimizer.config import PlanOptions

if TYPE_CHECKING:
    from optimizer.calendar import ImportResult
from optimizer.domain import (
    MAX_WEEKS,
    Busy,
    InputError,
    PlanResult,
    Problem,
    RacePriority,
    Rules,
    Run,
    RunKind,
    Session,
    SolveStatus,
    Violation,
)


@dataclass(frozen=True)
class Loaded:
    problem: Problem
    warnings: tuple[str, ...]
    calendar_name: str | None
    notes: tuple[str, ...] = ()  # what legday read that the runner should know (days away)


@dataclass(frozen=True)
class Outcome:
    loaded: Loaded
    result: PlanResult
    sessions: tuple[Session, ...]  # with uid, summary, description and reasons
    violations: tuple[Violation, ...]
    workouts: tuple = ()  # optimizer.workouts.Workout per session, when planned
    contexts: tuple = ()  # optimizer.workouts.SessionContext per session (week, race phase)
    grid: Any = None  # the time grid it was planned on (built once, read again by reports)

    @property
    def problem(self) -> Problem:
        return self.loaded.problem

    @property
    def ok(self) -> bool:
        return self.result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def load(
    runs: Sequence[str | Path],
    busy: Sequence[str | Path],
    opts: PlanOptions,
    *,
    read: Callable[..., ImportResult] | None = None,
) -> Loaded:
    """Read the calendar files, classify the runs and frame the plan's weeks (``read``:
    what reads files, ``read_calendars`` by default)."""
    from optimizer.calendar import read_calendars

    reader: Callable[..., ImportResult] = read if read is not None else read_calendars
    return frame(
        lambda **kw: reader(runs, **kw),
        (lambda **kw: reader(busy, **kw)) if busy else None,
        names=", ".join(Path(p).name for p in runs),
        fallback_name=Path(runs[0]).stem,
        opts=opts,
    )


def frame(
    read_runs: Callable[..., ImportResult],
    read_busy: Callable[..., ImportResult] | None,
    *,
    names: str,
    fallback_name: str,
    opts: PlanOptions,
) -> Loaded:
    """Classify the runs and frame the plan's weeks, whatever the calendars are read from.

    ``read_runs``/``read_busy`` take ``tz``, ``start`` and ``end`` keywords, as
    ``optimizer.calendar.read_calendars`` does; files (``load``) and feeds held in memory
    (the feed server) go through the same steps.
    """
    from optimizer.classify import classify_calendar
    from optimizer.unexpanded import refuse_unexpanded

    keywords = _keywords(opts)
    rules = _rules(opts)
    start = monday_of(opts.start) if opts.start else None
    end = start + dt.timedelta(weeks=opts.weeks) if start and opts.weeks else None
    # Runs just outside the plan still bind it: the long run the Sunday before the first
    # Monday, a race within its window of either end. Read them too (the rules and the
    # validator take every run of the problem into account).
    before = dt.timedelta(days=max(1, opts.race_after_days))
    after = dt.timedelta(days=opts.race_before_days)
    imported = read_runs(
        tz=opts.tz, start=start - before if start else None, end=end + after if end else None
    )
    warnings = list(imported.warnings)
    if opts.start and opts.start != start:
        warnings.append(
            f"--start {opts.start} is a {opts.start:%A}; the plan starts Monday {start}"
        )
    reading = classify_calendar(imported.events, keywords)
    read = reading.runs
    warnings.extend(reading.warnings)
    refuse_unexpanded(imported, keywords=keywords)  # a run it could not expand: no plan
    real = [
        r
        for r in read
        if r.kind.is_run and (start is None or r.day >= start) and (end is None or r.day < end)
    ]
    if not real:
        raise _no_runs(names, warnings)
    start, end = _weeks(real, start, end, opts)
    weeks = (end - start).days // 7
    if weeks > MAX_WEEKS:
        raise InputError(
            f"{names}: the runs span {weeks} weeks or more; legday plans at most {MAX_WEEKS} "
            f"(choose them with --start and --weeks)"
        )
    from constraints.race_window import prioritise

    in_plan = prioritise(
        [r for r in read if start - before <= r.day < end + after],
        goal=opts.goal_races,
        tune_up=opts.tune_up_races,
        not_race=opts.not_races,
    )
    from optimizer.timeline import away_blocks

    in_horizon = [i for i, r in enumerate(read) if start - before <= r.day < end + after]
    blocked = away_blocks(
        [imported.events[i] for i in in_horizon],
        busy_calendar=False,
        readings=[read[i] for i in in_horizon],
        keywords=keywords,
    )
    if read_busy is not None:
        got = read_busy(tz=imported.tz, start=start, end=end)
        refuse_unexpanded(imported, got, keywords)
        warnings.extend(got.warnings)
        blocked += [
            Busy(e.start, e.end, e.summary, e.source)
            for e in got.events
            if not e.all_day and not e.transparent
        ]
        blocked += away_blocks(got.events, busy_calendar=True, keywords=keywords)
    try:
        problem = Problem(
            start=start,
            weeks=weeks,
            tz=imported.tz,
            runs=in_plan,
            busy=tuple(blocked),
            rules=rules,
            name=opts.name or imported.calendar_name or fallback_name,
        )
    except ValueError as exc:
        raise InputError(f"{names}: {exc}") from None
    from constraints.own_strength import note

    notes = _away_notes(problem) + tuple(n for n in [note(problem)] if n)
    return Loaded(problem, tuple(warnings), imported.calendar_name, notes)


def _away_notes(problem: Problem) -> tuple[str, ...]:
    """One line per stretch of days away inside the plan: which days, what, and why."""
    out = []
    for b in sorted(problem.busy, key=lambda b: (b.start, b.summary)):
        if not b.away:
            continue
        first = max(b.start.date(), problem.start)
        last = min((b.end - dt.timedelta(seconds=1)).date(), problem.end - dt.timedelta(days=1))
        if last < first:
            continue
        days = f"{first:%a %d %b}" + (f" to {last:%a %d %b}" if last > first else "")
        title = f" '{b.summary}'" if b.summary else ""
        out.append(f"no strength {days}: away all day{title} ({b.away})")
    return tuple(out)


def _keywords(opts: PlanOptions) -> Any:
    from optimizer.classify import Keywords

    try:
        return Keywords.default().merged(opts.keywords) if opts.keywords else None
    except ValueError as exc:
        raise InputError(f"config: keywords: {exc}") from None


def _rules(opts: PlanOptions) -> Rules:
    try:
        # Options that contradict each other are the options' fault, not the calendar's,
        # and are found before any file is read.
        return opts.rules()
    except ValueError as exc:
        raise InputError(f"options: {exc}") from None


def _no_runs(names: str, warnings: Sequence[str]) -> InputError:
    """No runs: say what the importer skipped, it is often why nothing is left (e.g. a
    refused FREQ=SECONDLY rule)."""
    skipped = ""
    if warnings:
        more = f" (+{len(warnings) - 1} more)" if len(warnings) > 1 else ""
        skipped = f"; {warnings[0]}{more}"
    return InputError(f"{names}: no runs found in the calendar (check `legday classify`){skipped}")


def _weeks(
    real: Sequence[Run], start: dt.date | None, end: dt.date | None, opts: PlanOptions
) -> tuple[dt.date, dt.date]:
    """The plan's first Monday and the Monday after it: as asked, else the runs' weeks."""
    if start is None:
        start = monday_of(min(r.day for r in real))
        if opts.weeks:
            # --weeks without --start counts from the first run's week.
            end = start + dt.timedelta(weeks=opts.weeks)
    if end is None:
        last = max(r.day for r in real)
        end = start + dt.timedelta(weeks=max(1, math.ceil(((last - start).days + 1) / 7)))
    return start, end


def plan(loaded: Loaded, opts: PlanOptions, *, settings=None) -> Outcome:
    """Solve the loaded problem, fill each session with a workout, and validate it."""
    from optimizer.explain import why_here
    from optimizer.grid import build_grid
    from optimizer.solver import SolverSettings
    from optimizer.solver.plan import solve_grid
    from optimizer.validate import validate

    problem = loaded.problem
    grid = build_grid(problem)
    result = solve_grid(grid, best_effort=opts.best_effort, settings=settings or SolverSettings())
    if result.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return Outcome(loaded, result, (), ())
    reasons = [
        w.lines()
        for w in why_here(grid, result.sessions, result.penalties, busy_titles=opts.busy_titles)
    ]
    contexts, workouts = _workouts(grid, result.sessions, opts)
    sessions = []
    from optimizer.calendar.export import session_uid

    for s, why, wo in zip(result.sessions, reasons, workouts, strict=True):
        sessions.append(describe(replace(s, uid=session_uid(problem, s.day)), why, wo))
    violations = validate(problem, sessions)
    if contexts:
        from optimizer.workouts import check_workouts

        # The workouts are part of the plan: the validator judges them too.
        violations += check_workouts(
            contexts,
            workouts,
            level=problem.rules.level,
            program=opts.program,
            equipment=opts.equipment,
        )
    if result.short_weeks:
        # Weeks the plan names short (best effort, or the runner away) are short by design;
        # every other rule holds.
        short = {problem.start + dt.timedelta(weeks=w - 1) for w in result.short_weeks}
        violations = [
            v
            for v in violations
            if not (v.rule == "sessions_per_week" and v.day in short and v.bound == "min")
        ]
    return Outcome(
        loaded,
        result,
        tuple(sessions),
        tuple(violations),
        tuple(workouts),
        tuple(contexts),
        grid,
    )


def describe(session: Session, why: Sequence[str], workout) -> Session:
    """The session with its title, workout and reasons: the one text ``plan`` and re-plans
    write, so a re-plan that changes nothing gives the same bytes."""
    minutes = round((session.end - session.start).total_seconds() / 60)
    summary = workout.summary if workout else f"Strength: legs & core, {minutes} min"
    lines = ["Why this day and time:"] + [f"- {r}" for r in why]
    if workout:
        lines = [workout.description(), ""] + lines
    lines += ["", "Planned by legday around your running calendar."]
    return replace(session, reasons=tuple(why), summary=summary, description="\n".join(lines))


# Days of lighter strength before and after a race: a goal race of a half marathon or longer
# (or of a distance nobody wrote) tapers three weeks and recovers a week; a shorter goal race
# (5K to 15K) tapers ten days and recovers four; a tune-up a week and three days.
TAPER_LONG_GOAL = (21, 7)
TAPER_SHORT_GOAL = (10, 4)
TAPER_TUNE_UP = (7, 3)
SHORT_RACE_KM = 16.0


def _tapers(problem: Problem) -> list[tuple[dt.date, tuple[int, int]]]:
    """Each race day (also just outside the plan: a goal race the week after the plan still
    tapers it) and its taper and recovery days."""
    from constraints.race_window import race_priorities

    longest: dict[dt.date, float] = {}
    for run in problem.runs:
        if run.kind is RunKind.RACE:
            km = run.distance_km if run.distance_km is not None else float("inf")
            longest[run.day] = max(longest.get(run.day, 0.0), km)
    out = []
    for day, priority in race_priorities(problem).items():
        if priority is RacePriority.TUNE_UP:
            out.append((day, TAPER_TUNE_UP))
        else:
            short = longest.get(day, float("inf")) < SHORT_RACE_KM
            out.append((day, TAPER_SHORT_GOAL if short else TAPER_LONG_GOAL))
    return out


def _workouts(grid, sessions: Sequence[Session], opts: PlanOptions) -> tuple[list, list]:
    """Each session's context (week, race phase, the day's run, what comes next) and workout."""
    from optimizer.workouts import SessionContext, plan_workouts, toughest_run

    races = _tapers(grid.problem)
    contexts = []
    for s in sessions:
        d = grid.day_index(s.day)
        nxt = grid.days[d + 1] if d + 1 < len(grid.days) else None
        phase = None
        for race, (before, after) in races:
            if 0 < (race - s.day).days <= before:
                phase = "taper"
            elif 0 < (s.day - race).days <= after:
                phase = "post_race"
        contexts.append(
            SessionContext(
                day=s.day,
                week=grid.days[d].week,
                minutes=grid.rules.minutes,
                before_long_or_hard=bool(nxt and nxt.is_tough),
                race_phase=phase,
                run_today=toughest_run(k.value for k in grid.days[d].kinds),
            )
        )
    try:
        workouts = plan_workouts(
            contexts, level=grid.rules.level, program=opts.program, equipment=opts.equipment
        )
    except ValueError as exc:  # e.g. the plyometric program for a beginner
        raise InputError(f"options: {exc}") from None
    return contexts, list(workouts)


def runs_table(problem: Problem, sessions: Sequence[Session]) -> list[list[str]]:
    """Week-by-week rows for the terminal: week, Monday, each weekday's runs and sessions."""
    by_day: dict[dt.date, list[str]] = {}
    for r in problem.runs:
        if r.kind.is_run:
            by_day.setdefault(r.day, []).append(_abbrev(r))
    for s in sessions:
        by_day.setdefault(s.day, []).append(f"S{s.start:%H:%M}")
    rows = []
    for w in range(problem.weeks):
        monday = problem.start + dt.timedelta(weeks=w)
        row = [str(w + 1), f"{monday:%d %b}"]
        count = 0
        for k in range(7):
            items = by_day.get(monday + dt.timedelta(days=k), [])
            count += sum(1 for i in items if i.startswith("S"))
            row.append(" ".join(items) or ".")
        row.append(str(count))
        rows.append(row)
    return rows


def _abbrev(run: Run) -> str:
    if run.kind is RunKind.RACE and run.priority is RacePriority.TUNE_UP:
        return "race"
    return {"long": "L", "hard": "H", "easy": "e", "race": "RACE"}[run.kind.value]
