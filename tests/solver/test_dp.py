"""The dynamic program finds the plan model's own optimum: the same objective and tie-breaks
as CP-SAT alone, on random plans with every option the rules read.

It makes long and sparse horizons cheap (ten years with two runs: CP-SAT alone did not prove
the optimum in two minutes); CP-SAT still confirms every plan it gives.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.domain import DEFAULT_WEIGHTS, Busy, Level, Prefer, Rules, SolveStatus
from optimizer.grid import build_grid
from optimizer.solver import SolverSettings
from optimizer.solver.dp import optimum
from optimizer.solver.model import SCALE, Mode, build_model
from optimizer.solver.objective import Known, solve_with_tiebreak
from optimizer.solver.plan import solve_model
from tests.patterns import at, make_problem

RUN = st.sampled_from([".", ".", ".", "e", "H", "L", "~e", "x", "g"])


@st.composite
def plans(draw):
    weeks = draw(st.integers(1, 3))
    days = [draw(RUN) for _ in range(7 * weeks)]
    if draw(st.booleans()):
        days[draw(st.integers(0, len(days) - 1))] = "R"
    lo = draw(st.integers(0, 3))
    weights = dict(DEFAULT_WEIGHTS)
    for key in draw(st.lists(st.sampled_from(sorted(DEFAULT_WEIGHTS)), max_size=3)):
        weights[key] = draw(st.integers(0, 7))
    disabled = frozenset(
        draw(
            st.lists(
                st.sampled_from(
                    ["spread", "habit", "volume", "fresh_legs", "recovery_gap", "run_days"]
                ),
                max_size=2,
            )
        )
    )
    rules = Rules(
        sessions_min=lo,
        sessions_max=draw(st.integers(max(lo, 1), 4)),
        min_gap_days=draw(st.integers(1, 3)),
        level=draw(st.sampled_from(list(Level))),
        race_before_days=draw(st.integers(0, 4)),
        window_start=dt.time(6, 0),
        window_end=dt.time(20, 0),
        minutes=draw(st.sampled_from([30, 60])),
        ramp_weeks=draw(st.integers(0, 2)),
        prefer=draw(st.sampled_from([None, Prefer.EVENING, Prefer.MORNING])),
        no_strength_after_long_run=draw(st.booleans()),
        gap_after_run=draw(st.sampled_from([0, 30])),
        weights=tuple(sorted(weights.items())),
        disabled=disabled,
    )
    busy = []
    for _ in range(draw(st.integers(0, 3))):
        d = draw(st.integers(0, len(days) - 1))
        h = draw(st.integers(6, 18))
        busy.append(Busy(at(d, h), at(d, h + draw(st.integers(1, 3))), "Meeting"))
    if draw(st.booleans()):  # days away
        d = draw(st.integers(0, len(days) - 1))
        busy.append(Busy(at(d, 0), at(d + draw(st.integers(1, 4)), 0), "Trip", away="trip"))
    problem = make_problem(" ".join(days), rules, busy, draw(st.sampled_from([7, 18])))
    return problem, draw(st.booleans())


def cp_sat_alone(problem, best_effort: bool):
    grid = build_grid(problem)
    model = build_model(grid, mode=Mode.BEST_EFFORT if best_effort else Mode.PLAN)
    lex = solve_with_tiebreak(model.cp, model.tiebreak, SolverSettings(time_limit=30))
    if not lex.solved.ok:
        return grid, model, None
    v = lex.solved.value
    tie = sum(
        v(model.ctx.start[d]) + grid.days[d].date.weekday() * v(model.ctx.x[d])
        for d in range(len(grid.days))
    )
    return grid, model, (round(lex.primary), tie)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_the_program_finds_cp_sats_optimum(case) -> None:
    problem, best_effort = case
    grid, model, want = cp_sat_alone(problem, best_effort)
    got = optimum(grid, model.rules, best_effort=best_effort, scale=SCALE)
    if want is None:
        assert got is None
        return
    assert got is not None and (got.objective, got.tiebreak) == want


def test_ten_sparse_years_are_proven_optimal() -> None:
    weeks = [". . . . . . ."] * 520
    weeks[0] = "~e . . ~L . . ."
    problem = make_problem(" | ".join(weeks))
    from optimizer.solver.plan import solve_grid

    result = solve_grid(build_grid(problem), settings=SolverSettings(deterministic_limit=30.0))
    assert result.status is SolveStatus.OPTIMAL and result.objective == result.best_bound
    assert len(result.sessions) > 2 * 500


def test_a_wrong_known_optimum_is_never_believed() -> None:
    """Were the program ever wrong, the solve falls back to CP-SAT alone: the plan is right."""
    problem = make_problem("e . H . e L . | e . H . e L .")
    grid = build_grid(problem)
    model = build_model(grid)
    right = solve_model(model)
    wrong = Known(round(right.objective * SCALE) + SCALE, 0, ())
    assert solve_model(build_model(grid), known=wrong).objective == right.objective


def test_a_rule_the_program_cannot_read_makes_it_decline(monkeypatch) -> None:
    import constraints.spread as spread

    problem = make_problem("e . H . e L .")
    grid = build_grid(problem)
    monkeypatch.delattr(spread, "DP_READY")
    assert optimum(grid, build_model(grid).rules, best_effort=False, scale=SCALE) is None
