"""Small pattern tables for rule tests (the CP-SAT Primer's style).

A pattern is one token per day from a Monday, spaces between days, ``|`` between weeks
(ignored):

- ``.`` an off day; ``e`` easy run, ``H`` hard run, ``L`` long run, ``R`` race,
  ``x`` a non-run event (yoga) 07:00-08:00, ``g`` the runner's own strength session
  ("Gym", at the run hour);
- ``~`` before a run makes it an all-day event (as training apps export it), e.g. ``~L``;
- a trailing ``S`` marks a strength session on that day (``S`` alone: off day + session),
  e.g. ``HS`` is a hard run with strength after it.

Runs are timed ``run_hour``:00 to an hour later (long runs two and a half hours) in
Europe/Berlin; sessions start at ``hh:mm`` (18:00 unless told).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from optimizer.domain import Busy, CalEvent, Problem, Rules, Run, RunKind, Session

TZ = "Europe/Berlin"
MONDAY = dt.date(2027, 3, 1)  # Berlin moves to summer time on Sun 2027-03-28 (day 27)
_KINDS = {
    "e": RunKind.EASY,
    "H": RunKind.HARD,
    "L": RunKind.LONG,
    "R": RunKind.RACE,
    "x": RunKind.OTHER,
    "g": RunKind.OTHER,
}
_TITLES = {
    "e": "Easy run",
    "H": "Intervals 6x800",
    "L": "Long run",
    "R": "10K race",
    "x": "Yoga",
    "g": "Gym",
}


def tokens(pattern: str) -> list[str]:
    return [t for t in pattern.replace("|", " ").split()]


def at(day: dt.date | int, hh: int, mm: int = 0) -> dt.datetime:
    """An aware Berlin datetime on ``day`` (a date, or a day index from MONDAY)."""
    if isinstance(day, int):
        day = MONDAY + dt.timedelta(days=day)
    return dt.datetime.combine(day, dt.time(hh, mm), ZoneInfo(TZ))


def _runs_of(token: str) -> list[tuple[str, bool]]:
    """The (kind char, all day) pairs of one token."""
    out, all_day = [], False
    for ch in token.rstrip("S"):
        if ch == "~":
            all_day = True
            continue
        if ch != ".":
            out.append((ch, all_day))
        all_day = False
    return out


def make_problem(
    pattern: str,
    rules: Rules | None = None,
    busy: Iterable[Busy] = (),
    run_hour: int = 7,
    outside: Iterable[tuple[int, str]] = (),
    start: dt.date = MONDAY,
) -> Problem:
    """The problem of a pattern from ``start``; ``outside`` adds runs as (day index, token), e.g.
    ``(-1, "L")`` for a long run the Sunday before the plan or ``(21, "R")`` for a race after
    3 weeks."""
    toks = tokens(pattern)
    weeks = -(-len(toks) // 7)
    runs = []
    for i, tok in [*enumerate(toks), *outside]:
        day = start + dt.timedelta(days=i)
        for ch, all_day in _runs_of(tok):
            kind = _KINDS[ch]
            if all_day:
                begin = dt.datetime.combine(day, dt.time(0), ZoneInfo(TZ))
                end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), ZoneInfo(TZ))
            else:
                begin = at(day, run_hour)
                end = begin + dt.timedelta(minutes=150 if kind is RunKind.LONG else 60)
            ev = CalEvent(
                uid=f"{i}{ch}@t", summary=_TITLES[ch], start=begin, end=end, all_day=all_day
            )
            runs.append(Run(ev, kind))
    return Problem(
        start=start, weeks=weeks, tz=TZ, runs=tuple(runs), busy=tuple(busy), rules=rules or Rules()
    )


def session_days(pattern: str) -> list[int]:
    return [i for i, tok in enumerate(tokens(pattern)) if tok.endswith("S")]


def sessions_of(pattern: str, hh: int = 18, minutes: int = 30, mm: int = 0) -> list[Session]:
    out = []
    for i in session_days(pattern):
        start = at(i, hh, mm)
        out.append(Session(start=start, end=start + dt.timedelta(minutes=minutes)))
    return out


def _exact_slot(grid, hh: int, mm: int) -> int:
    """The grid slot starting at hh:mm; the pattern helpers only ask for times on the grid."""
    rules = grid.rules
    minutes = hh * 60 + mm - (rules.window_start.hour * 60 + rules.window_start.minute)
    slot, rest = divmod(minutes, rules.slot_minutes)
    if rest or not 0 <= slot < grid.n_starts:
        raise ValueError(f"{hh:02d}:{mm:02d} is not a start on the grid")
    return slot


def _pinned_model(
    pattern: str,
    rules_built: Sequence[str] | None,
    mode,
    rules: Rules | None,
    busy: Iterable[Busy],
    hh: int,
    mm: int,
    run_hour: int,
    outside: Iterable[tuple[int, str]] = (),
    start: dt.date = MONDAY,
):
    from optimizer.grid import build_grid
    from optimizer.solver.model import build_model

    problem = make_problem(pattern, rules, busy, run_hour, outside, start)
    grid = build_grid(problem)
    model = build_model(grid, mode=mode, rules=None if rules_built is None else tuple(rules_built))
    want = set(session_days(pattern))
    slot = _exact_slot(grid, hh, mm) if want else 0
    for d in range(len(grid.days)):
        model.cp.add(model.ctx.x[d] == (1 if d in want else 0))
        if d in want:
            model.cp.add(model.ctx.start[d] == slot)
    return model


def _rule_names(rule: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """One rule, several, or None for every hard rule the rules leave on."""
    if rule is None:
        return None
    return (rule,) if isinstance(rule, str) else tuple(rule)


def feasible(
    pattern: str,
    rule: str | Sequence[str] | None,
    rules: Rules | None = None,
    hh: int = 18,
    *,
    mm: int = 0,
    busy: Iterable[Busy] = (),
    run_hour: int = 7,
    lifted: Iterable[str] | None = None,
    outside: Iterable[tuple[int, str]] = (),
    start: dt.date = MONDAY,
) -> bool:
    """Is the pattern's exact set of sessions (at ``hh:mm``) allowed by ``rule`` alone?

    ``rule`` may also be several rules, or None for every enabled hard rule (soft rules
    add no constraint on the sessions, so building them changes nothing here).
    ``lifted``: build in EXPLAIN mode and switch off exactly the rule instances whose
    ``where`` is named (every other instance stays on).
    """
    from ortools.sat.python import cp_model

    from constraints import HARD_RULES
    from optimizer.solver.model import Mode

    names = _rule_names(rule)
    if names is None:
        enabled = (rules or Rules()).enabled
        names = tuple(r for r in HARD_RULES if enabled(r))
    mode = Mode.PLAN if lifted is None else Mode.EXPLAIN
    model = _pinned_model(pattern, names, mode, rules, busy, hh, mm, run_hour, outside, start)
    if lifted is not None:
        off = set(lifted)
        for s in model.ctx.switches:
            model.cp.add(s.lit == (0 if s.where in off else 1))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(model.cp) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def switches(
    pattern: str,
    rule: str,
    rules: Rules | None = None,
    *,
    busy: Iterable[Busy] = (),
    run_hour: int = 7,
) -> list[str]:
    """The ``where`` of every enforcement literal ``rule`` creates for the pattern."""
    from optimizer.grid import build_grid
    from optimizer.solver.model import Mode, build_model

    grid = build_grid(make_problem(pattern, rules, busy, run_hour))
    model = build_model(grid, mode=Mode.EXPLAIN, rules=(rule,))
    assert all(s.rule == rule for s in model.ctx.switches)
    return [s.where for s in model.ctx.switches]


def penalty(
    pattern: str,
    rule: str,
    rules: Rules | None = None,
    hh: int = 18,
    *,
    mm: int = 0,
    busy: Iterable[Busy] = (),
    run_hour: int = 7,
) -> int:
    """The weighted penalty ``rule`` charges for the pattern's exact sessions."""
    from ortools.sat.python import cp_model

    from optimizer.solver.model import Mode

    model = _pinned_model(pattern, (rule,), Mode.EXPLAIN, rules, busy, hh, mm, run_hour)
    model.cp.minimize(sum(t.weight * t.var for t in model.terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model.cp) == cp_model.OPTIMAL
    return round(solver.objective_value)


def write_pattern_ics(pattern: str, path, *, run_hour: int = 7, start: dt.date = MONDAY) -> None:
    """Write the pattern's runs as a calendar file a user would have (titles a runner writes,
    Europe/Berlin times), for tests of the real command."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//legday tests//EN")
    cal.add("version", "2.0")
    for run in make_problem(pattern, run_hour=run_hour, start=start).runs:
        ev = icalendar.Event()
        ev.add("uid", run.event.uid)
        ev.add("summary", run.event.summary)
        ev.add("dtstamp", dt.datetime(2027, 1, 1, tzinfo=ZoneInfo("UTC")))
        if run.event.all_day:
            ev.add("dtstart", run.event.start.date())
            ev.add("dtend", run.event.end.date())
        else:
            ev.add("dtstart", run.event.start)
            ev.add("dtend", run.event.end)
        cal.add_component(ev)
    path.write_bytes(cal.to_ical())
