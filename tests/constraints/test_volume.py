"""volume: MIN sessions in the ramp-up weeks, then MAX; each session off the target costs 100."""

from __future__ import annotations

import pytest

from optimizer.domain import DEFAULT_WEIGHTS, Rules
from tests.patterns import penalty

RULE = "volume"
W = DEFAULT_WEIGHTS["volume"]
OFF = ". . . . . . ."


@pytest.mark.parametrize(
    ("pattern", "cost"),
    [
        ("S . S . . . .", 0),  # ramp-up week: MIN is the target
        ("S . . . . . .", W),
        ("S . S . S . .", W),  # over the target while ramping up costs too
        (OFF, 2 * W),
        # Week 3 (after the two ramp-up weeks) aims at MAX.
        ("S . S . . . . | S . S . . . . | S . S . S . .", 0),
        ("S . S . . . . | S . S . . . . | S . S . . . .", W),
        (f"S . S . . . . | S . S . . . . | {OFF}", 3 * W),
    ],
)
def test_penalised_and_not(pattern: str, cost: int) -> None:
    assert penalty(pattern, RULE) == cost


def test_race_week_aims_at_min_only() -> None:
    ramped = Rules(ramp_weeks=0)
    assert penalty(". . . . . . R", RULE, ramped) == 2 * W
    assert penalty("S . S . . . R", RULE, ramped) == 0
    assert penalty("S . S . S . .", RULE, ramped) == 0
    assert penalty("S . S . . . .", RULE, ramped) == W


def test_weight_is_configurable_and_zero_switches_it_off() -> None:
    weights = tuple(sorted({**DEFAULT_WEIGHTS, "volume": 7}.items()))
    assert penalty("S . . . . . .", RULE, Rules(weights=weights)) == 7


def test_can_be_switched_off() -> None:
    from optimizer.grid import build_grid
    from optimizer.solver.model import build_model
    from tests.patterns import make_problem

    grid = build_grid(make_problem(OFF, Rules(disabled=frozenset({RULE}))))
    model = build_model(grid)
    assert RULE not in model.rules
    assert not [t for t in model.terms if t.rule == RULE]


def test_beginners_stay_at_min() -> None:
    """A beginner's strength days come on top of their run days: MIN is the target every
    week, and going over it costs, as in the ramp-up weeks."""
    from optimizer.domain import Level

    beginner = Rules(ramp_weeks=0, level=Level.BEGINNER)
    assert penalty("S . S . . . .", RULE, beginner) == 0
    assert penalty("S . S . S . .", RULE, beginner) == W
    assert penalty("S . S . S . .", RULE, Rules(ramp_weeks=0)) == 0
