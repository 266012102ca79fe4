"""unilateral_balance: one-leg and two-leg work every week."""

from __future__ import annotations

from tests.workouts.support import broken, hand, session

ONE = (session(14),)
CORE = ["plank", "bicycle_crunch", "reverse_crunch"]


def test_a_week_of_two_leg_work_only_is_refused() -> None:
    two_legs = ["bodyweight_squat", "good_morning", "hip_bridge", "hamstring_walkout", "calf_raise"]
    assert "unilateral_balance" in broken(ONE, [hand(ONE[0], two_legs + CORE)])
    mixed = [
        "bodyweight_squat",
        "single_leg_deadlift",
        "hip_bridge",
        "hamstring_walkout",
        "calf_raise",
    ]
    assert "unilateral_balance" not in broken(ONE, [hand(ONE[0], mixed + CORE)])
