"""Hard: calf work every week (calf raises need no equipment)."""

from __future__ import annotations

from optimizer.workouts.rules.base import WeeklyCover


class CalvesWeekly(WeeklyCover):
    key = "calves_weekly"
    words = "calf work every week"
    needs = (("calf exercise", lambda e: e.calves),)
    early = 60
