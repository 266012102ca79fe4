"""exercise_count: as many exercises as fill the session (at least 3)."""

from __future__ import annotations

from optimizer.domain import Level
from optimizer.workouts.library import available
from optimizer.workouts.progression import session_dose, session_size, timed
from tests.workouts.support import MON, THU, broken, hand, keys, planned, session

CTX = (MON, THU)


def test_the_planned_count_passes_and_one_less_is_refused() -> None:
    a, b = planned(CTX)
    assert "exercise_count" not in broken(CTX, (a, b))
    fewer = hand(MON, [k for k in keys(a) if k != "superman"])
    assert broken(CTX, (fewer, b)) == {"exercise_count"}


def test_the_count_follows_the_minutes_and_the_sets() -> None:
    pool = available(Level.INTERMEDIATE, "gym", "mixed")

    def size(minutes: int, week: int) -> int:
        dose = session_dose(session(7 * week, minutes), Level.INTERMEDIATE, "mixed")
        return session_size(dose, timed(dose, Level.INTERMEDIATE, "mixed", pool))

    assert 3 <= size(15, 2) < size(20, 2) <= size(30, 2) <= 8
    assert size(30, 6) < size(30, 2)  # three sets from week 6: fewer exercises
