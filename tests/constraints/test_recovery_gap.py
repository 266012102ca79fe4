"""recovery_gap: at least `min_gap_days` days between two strength sessions."""

from __future__ import annotations

import pytest

from optimizer.domain import Rules
from tests.patterns import feasible, switches

RULE = "recovery_gap"


@pytest.mark.parametrize(
    ("pattern", "gap", "ok"),
    [
        ("S . S . S . S", 2, True),
        ("S S . . . . .", 2, False),
        ("S . S S . . .", 2, False),
        # Across the week boundary: Sunday then Monday.
        (". . . . . . S | S . . . . . .", 2, False),
        (". . . . . S . | S . . . . . .", 2, True),
        # The horizon's last two days.
        (". . . . . S S", 2, False),
        # min gap 1: back-to-back days are allowed.
        ("S S S S S S S", 1, True),
        # min gap 3: two full days between sessions.
        ("S . S . . . .", 3, False),
        ("S . . S . . S", 3, True),
        (". . . . . S . | S . . . . . .", 3, False),
        (". . . . S . . | S . . . . . .", 3, True),
    ],
)
def test_pattern(pattern: str, gap: int, ok: bool) -> None:
    assert feasible(pattern, RULE, Rules(min_gap_days=gap)) is ok


def test_each_pair_of_days_has_its_own_switch() -> None:
    pattern = "S S S . . . ."
    wheres = switches(pattern, RULE)
    assert len(wheres) == len(set(wheres)) == 6  # gap 2: each day with the next, in one week
    first, second = "2027-03-01,2027-03-02", "2027-03-02,2027-03-03"
    assert not feasible(pattern, RULE, lifted=[first])
    assert not feasible(pattern, RULE, lifted=[second])
    assert feasible(pattern, RULE, lifted=[first, second])


def test_gap_three_pairs_each_day_with_the_next_two() -> None:
    wheres = switches(". . . . . . .", RULE, Rules(min_gap_days=3))
    assert len(wheres) == 6 + 5


def test_can_be_switched_off() -> None:
    assert not feasible("S S . . . . .", None)
    assert feasible("S S . . . . .", None, Rules(disabled=frozenset({RULE})))
