"""Hard: every week with two sessions or more has one-leg and two-leg work (running is one leg
at a time; both matter)."""

from __future__ import annotations

from optimizer.workouts.rules.base import WeeklyCover


class UnilateralBalance(WeeklyCover):
    key = "unilateral_balance"
    words = "every week of two sessions or more has one-leg and two-leg leg work"
    needs = (
        ("one-leg exercise", lambda e: e.main_legs and e.unilateral),
        ("two-leg exercise", lambda e: e.main_legs and not e.unilateral),
    )
    early = 25
    min_sessions = 2
