"""fills_time: warm-up, sets, rests and change-overs fill the session, computed from the data."""

from __future__ import annotations

from optimizer.domain import Level
from optimizer.workouts.library import by_key
from optimizer.workouts.progression import session_dose
from optimizer.workouts.timing import CHANGEOVER_SECONDS, SIDE_SWITCH_SECONDS
from tests.workouts.support import MON, THU, broken, hand, keys, planned

CTX = (MON, THU)


def test_planned_sessions_fill_their_band() -> None:
    dose = session_dose(MON, Level.INTERMEDIATE, "mixed")
    for w in planned(CTX):
        share = 100 * w.content_seconds() / (w.minutes * 60)
        assert dose.fill_low <= share <= dose.fill_high
    assert "fills_time" not in broken(CTX, planned(CTX))


def test_short_exercises_leave_the_session_half_empty() -> None:
    a, b = planned(CTX)
    short = hand(
        MON,
        ["bodyweight_squat", "good_morning", "calf_raise", "clamshell", "tibialis_raise"]
        + ["plank", "reverse_crunch", "superman"],
    )
    assert 100 * short.content_seconds() / 1800 < 70
    assert "fills_time" in broken(CTX, (short, b))


def test_an_exercise_time_is_computed_from_the_data() -> None:
    """Split squat, 2 x 10 each side at 3 s a rep, 40 s rest: two sets of 2 x 30 s + 5 s to
    switch sides, one rest, one change-over."""
    w = hand(MON, ["split_squat"])
    p = w.items[0]
    assert (p.sets, p.reps, p.rest_seconds) == (2, 10, 40)
    ex = by_key()["split_squat"]
    assert ex.seconds_per_rep == 3 and ex.unilateral
    one_set = 2 * 30 + SIDE_SWITCH_SECONDS
    assert p.total_seconds() == 2 * one_set + 40 + CHANGEOVER_SECONDS["none"]
    assert w.content_seconds() == w.warmup_minutes * 60 + p.total_seconds()
    assert keys(w) == ["split_squat"]
