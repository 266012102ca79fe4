"""Small pattern tables for rule tests (the CP-SAT Primer's style).

A pattern is one token per day from a Monday, spaces between days, ``|`` between weeks
(ignored):

- ``.`` an off day; ``e`` easy run, ``H`` hard run, ``L`` long run, ``R`` race,
  ``x`` a non-run event (yoga) 07:00-08:00;
- a trailing ``S`` marks a strength session on that day (``S`` alone: off day + session),
  e.g. ``HS`` is a hard run with strength after it.

Runs are timed 07:00-08:00 (long runs 07:00-09:30) in Europe/Berlin.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from optimizer.domain import CalEvent, Problem, Rules, Run, RunKind, Session

TZ = "Europe/Berlin"
MONDAY = dt.date(2027, 3, 1)
_KINDS = {"e": RunKind.EASY, "H": RunKind.HARD, "L": RunKind.LONG, "R": RunKind.RACE,
          "x": RunKind.OTHER}
_TITLES = {"e": "Easy run", "H": "Intervals 6x800", "L": "Long run", "R": "10K race",
           "x": "Yoga"}


def tokens(pattern: str) -> list[str]:
    return [t for t in pattern.replace("|", " ").split()]


def at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), ZoneInfo(TZ))


def make_problem(pattern: str, rules: Rules | None = None, busy=()) -> Problem:
    toks = tokens(pattern)
    weeks = -(-len(toks) // 7)
    runs = []
    for i, tok in enumerate(toks):
        day = MONDAY + dt.timedelta(days=i)
        for ch in tok.rstrip("S"):
            if ch == ".":
                continue
            kind = _KINDS[ch]
            end = at(day, 9, 30) if kind is RunKind.LONG else at(day, 8)
            ev = CalEvent(uid=f"{i}{ch}@t", summary=_TITLES[ch], start=at(day, 7), end=end)
            runs.append(Run(ev, kind))
    return Problem(start=MONDAY, weeks=weeks, tz=TZ, runs=tuple(runs), busy=tuple(busy),
                   rules=rules or Rules())


def session_days(pattern: str) -> list[int]:
    return [i for i, tok in enumerate(tokens(pattern)) if tok.endswith("S")]


def sessions_of(pattern: str, hh: int = 18, minutes: int = 30) -> list[Session]:
    out = []
    for i in session_days(pattern):
        start = at(MONDAY + dt.timedelta(days=i), hh)
        out.append(Session(start=start, end=start + dt.timedelta(minutes=minutes)))
    return out


def feasible(pattern: str, rule: str, rules: Rules | None = None, hh: int = 18) -> bool:
    """Is the pattern's exact set of sessions (at ``hh``:00) allowed by ``rule`` alone?"""
    from ortools.sat.python import cp_model

    from optimizer.grid import build_grid
    from optimizer.model import Mode, build_model

    problem = make_problem(pattern, rules)
    grid = build_grid(problem)
    model = build_model(grid, mode=Mode.PLAN, rules=(rule,))
    want = set(session_days(pattern))
    slot = grid.slot_of(dt.time(hh, 0))
    for d in range(len(grid.days)):
        model.cp.add(model.ctx.x[d] == (1 if d in want else 0))
        if d in want:
            model.cp.add(model.ctx.start[d] == slot)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(model.cp) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def penalty(pattern: str, rule: str, rules: Rules | None = None, hh: int = 18) -> int:
    """The weighted penalty ``rule`` charges for the pattern's exact sessions."""
    from ortools.sat.python import cp_model

    from optimizer.grid import build_grid
    from optimizer.model import Mode, build_model

    problem = make_problem(pattern, rules)
    grid = build_grid(problem)
    model = build_model(grid, mode=Mode.EXPLAIN, rules=(rule,))
    want = set(session_days(pattern))
    slot = grid.slot_of(dt.time(hh, 0))
    for d in range(len(grid.days)):
        model.cp.add(model.ctx.x[d] == (1 if d in want else 0))
        if d in want:
            model.cp.add(model.ctx.start[d] == slot)
    model.cp.minimize(sum(t.weight * t.var for t in model.terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model.cp) == cp_model.OPTIMAL
    return round(solver.objective_value)
