"""same_weekday: never the same exercises as the same weekday the week before."""

from __future__ import annotations

import dataclasses

from tests.workouts.support import broken, hand, keys, planned, session

WEEKS = (session(14), session(17), session(21))  # Mon, Thu, next Mon


def test_the_planner_varies_the_weekday() -> None:
    plan = planned(WEEKS)
    assert sorted(keys(plan[0])) != sorted(keys(plan[2]))
    assert "same_weekday" not in broken(WEEKS, plan)


def test_last_mondays_exercises_again_are_refused() -> None:
    a, b, c = planned(WEEKS)
    again = hand(WEEKS[2], keys(a))
    found = broken(WEEKS, (a, b, again))
    assert "same_weekday" in found and "no_repeat" not in found
    # ... and a different session seven days later is fine
    assert "same_weekday" not in broken(WEEKS, (a, b, dataclasses.replace(c)))
