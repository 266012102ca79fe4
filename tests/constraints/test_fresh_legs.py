"""fresh_legs: a session the day before a long run, a hard run or a race costs 80."""

from __future__ import annotations

import pytest

from optimizer.domain import DEFAULT_WEIGHTS, Rules
from tests.patterns import make_problem, penalty

RULE = "fresh_legs"
W = DEFAULT_WEIGHTS["fresh_legs"]


@pytest.mark.parametrize(
    ("pattern", "cost"),
    [
        ("S H . . . . .", W),
        ("S L . . . . .", W),
        ("S R . . . . .", W),
        ("S ~L . . . . .", W),
        ("S e . . . . .", 0),
        ("S . H . . . .", 0),
        ("HS . . . . . .", 0),  # the same day is not the day before
        # Sunday before Monday's hard run, across the week boundary.
        (". . . . . . S | H . . . . . .", W),
        # The horizon's last day: nothing known after it.
        (". . . . . . S", 0),
    ],
)
def test_penalised_and_not(pattern: str, cost: int) -> None:
    assert penalty(pattern, RULE) == cost


def test_can_be_switched_off() -> None:
    from optimizer.grid import build_grid
    from optimizer.solver.model import build_model

    model = build_model(build_grid(make_problem(". H", Rules(disabled=frozenset({RULE})))))
    assert RULE not in model.rules and not [t for t in model.terms if t.rule == RULE]
