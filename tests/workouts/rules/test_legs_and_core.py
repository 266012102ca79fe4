"""legs_and_core: a big leg movement and the core in every session, legs first."""

from __future__ import annotations

from optimizer.workouts.rules.legs_and_core import core_count
from tests.workouts.support import MON, THU, broken, keys, planned, swap

CTX = (MON, THU)


def test_the_planned_sessions_have_legs_and_their_share_of_core() -> None:
    a, b = planned(CTX)
    assert "legs_and_core" not in broken(CTX, (a, b))
    assert [core_count(n) for n in (3, 4, 5, 7, 8)] == [1, 1, 2, 2, 3]


def test_a_core_exercise_swapped_for_calf_raises_is_refused() -> None:
    a, b = planned(CTX)
    assert "extended_plank" in keys(a)
    assert broken(CTX, (swap(a, MON, "extended_plank", "calf_raise"), b)) == {"legs_and_core"}


def test_two_upper_body_exercises_are_one_too_many() -> None:
    a, b = planned(CTX)
    both = swap(swap(a, MON, "hip_bridge", "push_ups"), MON, "dumbbell_step_up", "bent_over_row")
    assert "legs_and_core" in broken(CTX, (both, b))
