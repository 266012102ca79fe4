"""Tie-breaks (earlier in the day, earlier in the week) only choose among plans of equal
objective: lexicographically second, whatever their size.

Bug: the weight of the objective over the tie-breaks was read from the proto as
``domain[-1]``, which is 0 with OR-Tools 9.15's C++ proto, so tie-breaks weighed as much as
the objective and could buy a worse plan with an earlier start.
"""

from __future__ import annotations

import datetime as dt

from ortools.sat.python import cp_model

from optimizer.domain import Busy, Rules
from optimizer.grid import build_grid
from optimizer.solver import SolverSettings
from optimizer.solver.objective import solve_with_tiebreak, upper_bound
from optimizer.solver.plan import solve_grid
from tests.patterns import at, make_problem


def test_upper_bounds_come_from_the_model() -> None:
    cp = cp_model.CpModel()
    v = cp.new_int_var(3, 60, "v")
    holes = cp.new_int_var_from_domain(cp_model.Domain.from_values([0, 7, 12]), "h")
    assert upper_bound(cp, v.index) == 60
    assert upper_bound(cp, holes.index) == 12


def test_a_large_tie_break_never_buys_a_worse_objective() -> None:
    """x = 0 costs nothing but forces the tie-break to 100; x = 1 costs 1 and frees it."""
    cp = cp_model.CpModel()
    x = cp.new_bool_var("x")
    y = cp.new_int_var(0, 100, "y")
    cp.add(y == 100).only_enforce_if(~x)
    cp.add(y == 0).only_enforce_if(x)
    cp.minimize(x)
    lex = solve_with_tiebreak(cp, [(y.index, 1)], SolverSettings())
    assert lex.primary == 0 and lex.solved.value(x) == 0 and lex.solved.value(y) == 100


def _day(day: int, *free: tuple[tuple[int, int], tuple[int, int]]) -> list[Busy]:
    """Busy all of ``day``'s 06:00-21:00 window except the ``free`` stretches."""
    edges = [(6, 0), *(t for stretch in free for t in stretch), (21, 0)]
    out = []
    for (h1, m1), (h2, m2) in zip(edges[::2], edges[1::2], strict=True):
        if (h1, m1) < (h2, m2):
            out.append(Busy(at(day, h1, m1), at(day, h2, m2), "busy"))
    return out


def test_the_plan_keeps_its_habit_over_an_earlier_start() -> None:
    """Only Wednesdays are free. In weeks 2 and 3 only 13:30, so the usual Wednesday time is
    13:30; in week 1 only 07:00 (6.5 h from it) and 19:45 (6.25 h from it). The habit wants
    19:45; the tie-break (earlier in the day) wants 07:00 and must lose."""
    busy: list[Busy] = []
    for w in range(3):
        for k in range(7):
            d = 7 * w + k
            if k != 2:
                busy += _day(d)
            elif w == 0:
                busy += _day(d, ((7, 0), (7, 30)), ((19, 45), (20, 15)))
            else:
                busy += _day(d, ((13, 30), (14, 0)))
    rules = Rules(sessions_min=1, sessions_max=1, ramp_weeks=0)
    problem = make_problem(" | ".join([". . . . . . ."] * 3), rules, busy)
    result = solve_grid(build_grid(problem))
    first = min(result.sessions, key=lambda s: s.start)
    assert first.start == at(2, 19, 45)
    assert [s.start.time() for s in result.sessions[1:]] == [dt.time(13, 30)] * 2
