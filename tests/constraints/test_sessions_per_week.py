"""sessions_per_week: MIN to MAX sessions a week; weeks inside a race window need not reach MIN."""

from __future__ import annotations

import pytest

from optimizer.domain import Rules
from tests.patterns import feasible, switches

RULE = "sessions_per_week"


@pytest.mark.parametrize(
    ("pattern", "rules", "ok"),
    [
        ("S . S . . . .", None, True),
        ("S . S . S . .", None, True),  # MAX
        ("S . . . . . .", None, False),  # below MIN
        (". . . . . . .", None, False),
        ("S . S . S . S", None, False),  # above MAX
        ("S S S S . . .", Rules(sessions_min=4, sessions_max=4), True),
        ("S . . . . . .", Rules(sessions_min=1, sessions_max=1), True),
        (". . . . . . .", Rules(sessions_min=0, sessions_max=2), True),
        # Weeks run Monday to Sunday: Sun and the next Mon count in different weeks.
        (". . . . S . S | S . S . . . .", None, True),
        (". . . . S . S | S . . . . . .", None, False),
        # The horizon's last week counts like any other.
        ("S . S . . . . | S . . . . . .", None, False),
    ],
)
def test_pattern(pattern: str, rules: Rules | None, ok: bool) -> None:
    assert feasible(pattern, RULE, rules) is ok


@pytest.mark.parametrize(
    ("pattern", "ok"),
    [
        # Race on Sunday of week 2: the window (7 before, 2 after) covers all of week 2.
        ("S . S . . . . | . . . . . . R | . . S . S . .", True),
        # ... but week 1 (one day in the window) and week 3 (two days) still need MIN.
        ("S . . . . . . | . . . . . . R | . . S . S . .", False),
        ("S . S . . . . | . . . . . . R | . . S . . . .", False),
        # Race on Monday: three days of its week in the window, so that week keeps MIN.
        ("R . . S . S .", True),
        ("R . . S . . .", False),
        # Race on Thursday: four days of the week before are in the window, so it is relaxed.
        (". . . . . . . | . . . R . . .", True),
        # Race on Friday: three days of the week before: it is not.
        (". . . . . . . | . . . . R . .", False),
        ("S . S . . . . | . . . . R . .", True),
        # Race on the horizon's last day relaxes the last week.
        ("S . S . . . . | . . . . . . R", True),
    ],
)
def test_race_weeks_need_not_reach_min(pattern: str, ok: bool) -> None:
    assert feasible(pattern, RULE) is ok


def test_max_still_holds_in_a_race_week() -> None:
    assert not feasible("S . S . S . S | . . . . . . R", RULE, Rules(sessions_max=3))
    assert feasible("S . S . S . . | . . . . . . R", RULE)


def test_each_week_bound_has_its_own_switch() -> None:
    pattern = "S . . . . . . | S . S . S . S"  # week 1 short, week 2 over
    assert switches(pattern, RULE) == ["week=1,min", "week=1,max", "week=2,min", "week=2,max"]
    assert not feasible(pattern, RULE, lifted=["week=1,min"])
    assert not feasible(pattern, RULE, lifted=["week=2,max"])
    assert feasible(pattern, RULE, lifted=["week=1,min", "week=2,max"])


def test_relaxed_race_week_has_no_min_switch() -> None:
    assert switches(". . . . . . R", RULE) == ["week=1,max"]


def test_can_be_switched_off() -> None:
    off = Rules(disabled=frozenset({RULE}))
    assert feasible("S . . . . . .", None, off)
    assert not feasible("S . . . . . .", None)
