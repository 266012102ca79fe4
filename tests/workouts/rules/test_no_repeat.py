"""no_repeat: no exercise in two sessions in a row."""

from __future__ import annotations

from tests.workouts.support import MON, THU, broken, planned, session, swap

CTX = (MON, THU)


def test_consecutive_sessions_share_nothing() -> None:
    a, b = planned(CTX)
    assert not set(p.exercise for p in a.items) & set(p.exercise for p in b.items)
    assert broken(CTX, (a, swap(b, THU, "bodyweight_squat", "back_squat"))) == {"no_repeat"}


def test_a_session_in_between_makes_a_repeat_fine() -> None:
    contexts = (MON, session(16), THU)
    a, mid, b = planned(contexts)
    squat = next(p.exercise for p in b.items if p.exercise.endswith("squat"))
    again = (
        swap(b, THU, squat, "back_squat") if "back_squat" in [p.exercise for p in a.items] else b
    )
    assert "no_repeat" not in broken(contexts, (a, mid, again))
