"""spread: two sessions only the minimum gap apart cost 30."""

from __future__ import annotations

import pytest

from optimizer.domain import DEFAULT_WEIGHTS, Rules
from tests.patterns import feasible, make_problem, penalty

RULE = "spread"
W = DEFAULT_WEIGHTS["spread"]


@pytest.mark.parametrize(
    ("pattern", "gap", "cost"),
    [
        ("S . S . . . .", 2, W),
        ("S . . S . . .", 2, 0),
        ("S . S . S . .", 2, 2 * W),
        ("S . . S . . S", 2, 0),
        # Across the week boundary.
        (". . . . . S . | S . . . . . .", 2, W),
        ("S S . . . . .", 1, W),
        ("S . S . . . .", 1, 0),
        ("S . . S . . .", 3, W),
        ("S . . . S . .", 3, 0),
    ],
)
def test_penalised_and_not(pattern: str, gap: int, cost: int) -> None:
    assert penalty(pattern, RULE, Rules(min_gap_days=gap)) == cost


def test_is_no_hard_cap_when_the_recovery_gap_is_lifted() -> None:
    """Bug: spread's strong form (at most one session, or two paying, in any gap+1 days) was
    added whenever the recovery gap was enabled, even in EXPLAIN mode with its switches free,
    so lifting recovery_gap could not make three sessions in a row feasible."""
    pattern = "S S S . . . ."
    lifted = ["2027-03-01,2027-03-02", "2027-03-02,2027-03-03"]
    assert feasible(pattern, ["recovery_gap", RULE], lifted=lifted)
    assert not feasible(pattern, ["recovery_gap", RULE], lifted=lifted[:1])
    assert penalty(pattern, RULE) == W  # days 1 and 3 are the minimum gap apart


def test_can_be_switched_off() -> None:
    from optimizer.grid import build_grid
    from optimizer.solver.model import build_model

    model = build_model(build_grid(make_problem(".", Rules(disabled=frozenset({RULE})))))
    assert RULE not in model.rules and not [t for t in model.terms if t.rule == RULE]
