"""How long a session's content takes, computed from the exercise data (never guessed).

A session is a warm-up, then each exercise in turn: its sets (the reps at the exercise's
``seconds_per_rep``, or its hold, each side for one-sided work with a short switch between
sides), a rest between sets, and a change-over to set up the next exercise (longer for a
barbell than for a move on the floor). The last set's rest is the change-over.
"""

from __future__ import annotations

import math

from optimizer.workouts.library import Exercise

#: Seconds to switch sides between the two halves of a one-sided set.
SIDE_SWITCH_SECONDS = 5
#: Seconds to get to and set up the next exercise, by its equipment.
CHANGEOVER_SECONDS = {
    "none": 15,
    "step": 20,
    "band": 20,
    "dumbbells": 30,
    "kettlebell": 30,
    "barbell": 60,
}
#: The most minutes of strength content legday plans in one session: the guidance says
#: 30 minutes or less is plenty; a longer slot is filled to this many minutes.
CONTENT_CAP_MINUTES = 45


def set_seconds(ex: Exercise, reps: int | None, seconds: int | None) -> int:
    """Work time of one set, both sides included."""
    if seconds is not None:
        one_side = seconds
    else:
        one_side = math.ceil((reps or 0) * (ex.seconds_per_rep or 0))
    return ex.sides * one_side + (ex.sides - 1) * SIDE_SWITCH_SECONDS


def exercise_seconds(
    ex: Exercise, sets: int, reps: int | None, seconds: int | None, rest: int
) -> int:
    """Time of an exercise in a session: its sets, the rests between them, the change-over."""
    return (
        sets * set_seconds(ex, reps, seconds) + (sets - 1) * rest + CHANGEOVER_SECONDS[ex.equipment]
    )


def warmup_minutes(reference_minutes: int) -> int:
    """Warm-up length for a session of ``reference_minutes`` (3 to 7 minutes)."""
    if reference_minutes <= 15:
        return 3
    if reference_minutes <= 25:
        return 4
    if reference_minutes <= 35:
        return 5
    return 7


def reference_minutes(minutes: int) -> int:
    """The minutes a session's content is measured against (at most :data:`CONTENT_CAP_MINUTES`)."""
    return min(minutes, CONTENT_CAP_MINUTES)
