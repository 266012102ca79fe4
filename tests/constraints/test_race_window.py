"""race_window: no strength from `race_before_days` before a race to `race_after_days` after."""

from __future__ import annotations

import pytest

from optimizer.domain import Rules
from tests.patterns import feasible, switches, tokens

RULE = "race_window"


def with_session(race_day: int, session_day: int, weeks: int = 3) -> str:
    days = ["."] * (weeks * 7)
    days[race_day] = "R"
    days[session_day] = days[session_day].replace(".", "") + "S"
    return " ".join(days)


@pytest.mark.parametrize(
    ("race", "session", "ok"),
    [
        (10, 2, True),  # 8 days before
        (10, 3, False),  # 7 days before
        (10, 9, False),
        (10, 10, False),  # race day
        (10, 12, False),  # 2 days after
        (10, 13, True),  # 3 days after
        # Race on the horizon's first day: only the days after it are in the window.
        (0, 2, False),
        (0, 3, True),
        # Race on the horizon's last day.
        (20, 13, False),
        (20, 12, True),
    ],
)
def test_pattern(race: int, session: int, ok: bool) -> None:
    pattern = with_session(race, session)
    assert tokens(pattern)[race].startswith("R")
    assert feasible(pattern, RULE) is ok


def test_window_lengths_are_options() -> None:
    short = Rules(race_before_days=3, race_after_days=0)
    assert feasible(with_session(10, 6), RULE, short)
    assert not feasible(with_session(10, 7), RULE, short)
    assert feasible(with_session(10, 11), RULE, short)
    assert not feasible(with_session(10, 11), RULE)


def test_one_switch_per_race() -> None:
    pattern = "S . . R . . . | . . . . . R ."
    assert switches(pattern, RULE) == ["2027-03-04", "2027-03-13"]
    assert not feasible(pattern, RULE, lifted=["2027-03-13"])
    assert feasible(pattern, RULE, lifted=["2027-03-04"])


def test_can_be_switched_off() -> None:
    pattern = "S . S . . . R"
    assert not feasible(pattern, None)
    assert feasible(pattern, None, Rules(disabled=frozenset({RULE})))


@pytest.mark.parametrize(
    ("outside", "session", "ok"),
    [
        ((21, "R"), 13, True),  # race the Monday after the plan: its window opens on day 14
        ((21, "R"), 14, False),
        ((-1, "R"), 1, False),  # race the Sunday before the plan: 2 days after
        ((-1, "R"), 2, True),
    ],
)
def test_races_just_outside_the_plan(outside: tuple[int, str], session: int, ok: bool) -> None:
    """Bug: only races inside the plan counted, so a plan ending the week before a race
    could put strength in the race's taper (the validator already said no)."""
    days = ["."] * 21
    days[session] = "S"
    assert feasible(" ".join(days), RULE, outside=[outside]) is ok
