"""back_to_back: a session the day after a hard run, a long run or a race costs 40."""

from __future__ import annotations

import pytest

from optimizer.domain import DEFAULT_WEIGHTS, Rules
from tests.patterns import make_problem, penalty

RULE = "back_to_back"
W = DEFAULT_WEIGHTS["back_to_back"]


@pytest.mark.parametrize(
    ("pattern", "cost"),
    [
        ("H S . . . . .", W),
        ("L S . . . . .", W),  # when the long-run rule is off, this still costs
        ("R S . . . . .", W),
        ("e S . . . . .", 0),
        ("H . S . . . .", 0),
        ("HS . . . . . .", 0),
        (". . . . . . H | S . . . . . .", W),
    ],
)
def test_penalised_and_not(pattern: str, cost: int) -> None:
    assert penalty(pattern, RULE) == cost


def test_can_be_switched_off() -> None:
    from optimizer.grid import build_grid
    from optimizer.solver.model import build_model

    model = build_model(build_grid(make_problem("H .", Rules(disabled=frozenset({RULE})))))
    assert RULE not in model.rules and not [t for t in model.terms if t.rule == RULE]
