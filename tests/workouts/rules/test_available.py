"""available: only exercises the athlete's level, equipment and program allow."""

from __future__ import annotations

import dataclasses

from optimizer.domain import Level
from optimizer.workouts import Prescription
from tests.workouts.support import MON, THU, broken, planned

CTX = (MON, THU)


def test_a_planned_gym_week_is_fine_in_a_gym() -> None:
    assert "available" not in broken(CTX, planned(CTX))


def test_a_barbell_is_not_at_home() -> None:
    assert broken(CTX, planned(CTX), equipment="home") == {"available"}


def test_a_bodyweight_week_suits_a_beginner_without_equipment() -> None:
    plan = planned(CTX, Level.BEGINNER, "functional", "none")
    assert broken(CTX, plan, Level.BEGINNER, "functional", "none") == set()
    assert "available" in broken(CTX, planned(CTX), Level.BEGINNER, "functional", "none")


def test_an_unknown_exercise_is_named() -> None:
    a, b = planned(CTX)
    extra = Prescription("moonwalk", 2, 10, None, 30, "bodyweight")
    assert "available" in broken(CTX, (dataclasses.replace(a, items=(*a.items, extra)), b))
