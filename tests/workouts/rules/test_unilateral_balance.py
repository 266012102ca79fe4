"""unilateral_balance: one-leg and two-leg work every week of two sessions or more."""

from __future__ import annotations

from tests.workouts.support import broken, hand, session

TWO = (session(14), session(17))
CORE = ["plank", "bicycle_crunch", "reverse_crunch"]
TWO_LEGS = ["bodyweight_squat", "good_morning", "hip_bridge", "hamstring_walkout", "calf_raise"]
OTHERS = ["wall_sit", "tibialis_raise", "lateral_band_walk", "fire_hydrant", "hip_bridge"]


def test_a_week_of_two_leg_work_only_is_refused() -> None:
    plan = [hand(TWO[0], TWO_LEGS + CORE), hand(TWO[1], ["wall_sit", "romanian_deadlift"] + CORE)]
    assert "unilateral_balance" in broken(TWO, plan)
    one_leg = ["bodyweight_squat", "single_leg_deadlift", "hip_bridge", "hamstring_walkout"]
    plan[0] = hand(TWO[0], one_leg + ["calf_raise"] + CORE)
    assert "unilateral_balance" not in broken(TWO, plan)


def test_a_week_of_one_session_need_not_have_both() -> None:
    one = TWO[:1]
    assert "unilateral_balance" not in broken(one, [hand(one[0], TWO_LEGS + CORE)])
