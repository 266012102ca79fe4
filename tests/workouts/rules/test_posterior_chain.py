"""posterior_chain: glutes and hamstrings every week."""

from __future__ import annotations

from optimizer.workouts.library import by_key
from tests.workouts.support import broken, hand, session

ONE = (session(14),)


def test_a_week_without_hamstrings_is_refused() -> None:
    lib = by_key()
    quads = ["bodyweight_squat", "split_squat", "step_up_knee_raise", "lateral_lunge", "calf_raise"]
    core = ["plank", "bicycle_crunch", "reverse_crunch"]
    assert not any("hamstrings" in lib[k].muscles for k in quads + core)
    assert "posterior_chain" in broken(ONE, [hand(ONE[0], quads + core)])
    hinge = ["good_morning" if k == "bodyweight_squat" else k for k in quads]
    assert "posterior_chain" not in broken(ONE, [hand(ONE[0], hinge + core)])
