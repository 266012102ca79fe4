"""variant_family: near-duplicates never share a session."""

from __future__ import annotations

from optimizer.domain import Level
from optimizer.workouts.library import by_key
from tests.workouts.support import MON, THU, broken, planned, swap

CTX = (MON, THU)


def test_plank_and_extended_plank_never_share_a_session() -> None:
    a, b = planned(CTX)
    assert "variant_family" not in broken(CTX, (a, b))
    both = swap(a, MON, "bird_dog", "plank")  # next to the extended plank
    assert broken(CTX, (both, b)) == {"variant_family"}


def test_pistol_and_single_leg_squat_are_one_family() -> None:
    lib = by_key()
    assert lib["pistol_squat"].family == lib["single_leg_squat"].family
    a, b = planned(CTX, Level.ADVANCED)
    assert "variant_family" not in broken(CTX, (a, b), Level.ADVANCED)
    x, y = [p.exercise for p in b.items if lib[p.exercise].main_legs][:2]
    both = swap(
        swap(b, THU, x, "pistol_squat", Level.ADVANCED), THU, y, "single_leg_squat", Level.ADVANCED
    )
    assert "variant_family" in broken(CTX, (a, both), Level.ADVANCED)
