"""Sparse calendars (few runs, many empty weeks) are proven optimal as cheaply as full ones.

Bug: two all-day runs with ``--weeks 12`` took 13-16 s of CPU (3 weeks: 0.6 s), and under
load hit the time limit and reported "feasible". Presolve rewrote the spread rule's strong
linear form into clauses with a weak relaxation, so empty weeks, where many patterns cost
nearly the same, had to be searched one by one. The budget below is CP-SAT's deterministic
time (work done, the same on any machine), not wall time: the old settings needed over 20
units for the 12-week case.
"""

from __future__ import annotations

import pytest

from optimizer.domain import SolveStatus
from optimizer.grid import build_grid
from optimizer.solver import SolverSettings
from optimizer.solver.plan import solve_grid
from optimizer.validate import validate
from tests.patterns import make_problem

BUDGET = SolverSettings(deterministic_limit=2.0)


def empty_weeks(weeks: int, first_week: str = "~e . . ~L . . .") -> str:
    return " | ".join([first_week] + [". . . . . . ."] * (weeks - 1))


@pytest.mark.parametrize("weeks", [3, 12, 26])
def test_two_all_day_runs_and_empty_weeks_are_proven_optimal(weeks: int) -> None:
    problem = make_problem(empty_weeks(weeks))
    result = solve_grid(build_grid(problem), settings=BUDGET)
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == result.best_bound
    assert validate(problem, result.sessions) == []
    assert len(result.sessions) >= 2 * weeks


def test_a_run_a_month_for_a_year_is_proven_optimal() -> None:
    weeks = [". . . . . . ."] * 52
    for w in range(0, 52, 4):
        weeks[w] = ". . . . . L ."
    problem = make_problem(" | ".join(weeks))
    result = solve_grid(build_grid(problem), settings=BUDGET)
    assert result.status is SolveStatus.OPTIMAL
    assert validate(problem, result.sessions) == []
