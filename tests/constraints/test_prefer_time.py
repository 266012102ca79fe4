"""prefer_time: each 15 minutes outside the preferred time of day costs 3."""

from __future__ import annotations

import pytest

from optimizer.domain import DEFAULT_WEIGHTS, Prefer, Rules
from tests.patterns import make_problem, penalty

RULE = "prefer_time"
W = DEFAULT_WEIGHTS["prefer"]
ONE = "S . . . . . ."


@pytest.mark.parametrize(
    ("prefer", "hh", "mm", "cost"),
    [
        (Prefer.EVENING, 18, 0, 0),  # 17:00-20:30
        (Prefer.EVENING, 17, 0, 0),
        (Prefer.EVENING, 20, 0, 0),  # ends 20:30, the band's end
        (Prefer.EVENING, 20, 30, 2 * W),  # ends 21:00, two slots late
        (Prefer.EVENING, 16, 0, 4 * W),
        (Prefer.MORNING, 6, 0, 0),  # 06:00-09:00
        (Prefer.MORNING, 8, 30, 0),
        (Prefer.MORNING, 9, 0, 2 * W),
        (Prefer.MIDDAY, 12, 0, 0),  # 11:00-14:00
        (Prefer.MIDDAY, 10, 0, 4 * W),
        (Prefer.MIDDAY, 14, 0, 2 * W),
    ],
)
def test_penalised_and_not(prefer: Prefer, hh: int, mm: int, cost: int) -> None:
    assert penalty(ONE, RULE, Rules(prefer=prefer), hh, mm=mm) == cost


def test_no_preference_costs_nothing() -> None:
    assert penalty(ONE, RULE, None, 6) == 0
    assert penalty(ONE, RULE, None, 20, mm=30) == 0


def test_can_be_switched_off() -> None:
    from optimizer.grid import build_grid
    from optimizer.solver.model import build_model

    rules = Rules(prefer=Prefer.EVENING, disabled=frozenset({RULE}))
    model = build_model(build_grid(make_problem(ONE, rules)))
    assert RULE not in model.rules and not [t for t in model.terms if t.rule == RULE]
