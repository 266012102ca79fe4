"""easy_days: a session on an easy-run day costs 60; off days and hard-run days cost nothing."""

from __future__ import annotations

import pytest

from optimizer.domain import DEFAULT_WEIGHTS, Rules
from tests.patterns import make_problem, penalty

RULE = "easy_days"
W = DEFAULT_WEIGHTS["easy_days"]


@pytest.mark.parametrize(
    ("pattern", "cost"),
    [
        ("eS . . . . . .", W),
        ("~eS . . . . . .", W),  # all-day easy run
        ("e . eS . eS . .", 2 * W),
        ("HS . . . . . .", 0),  # hard days hard
        ("S . . . . . .", 0),  # off day
        ("eHS . . . . . .", 0),  # an easy and a hard run: a hard day
        ("xS . . . . . .", 0),  # yoga is not an easy run
        ("e . . . . . .", 0),
    ],
)
def test_penalised_and_not(pattern: str, cost: int) -> None:
    assert penalty(pattern, RULE) == cost


def test_can_be_switched_off() -> None:
    from optimizer.grid import build_grid
    from optimizer.solver.model import build_model

    model = build_model(build_grid(make_problem("e", Rules(disabled=frozenset({RULE})))))
    assert RULE not in model.rules and not [t for t in model.terms if t.rule == RULE]
