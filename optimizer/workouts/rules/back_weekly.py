"""Soft: some back work every week (rows, deadlifts, bird dogs, supermen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimizer.workouts.library import by_key
from optimizer.workouts.rules.base import WorkoutRule

if TYPE_CHECKING:
    from optimizer.workouts.joint import Joint
    from optimizer.workouts.model import StepModel
    from optimizer.workouts.problem import Step

W_BACK = 30


class BackWeekly(WorkoutRule):
    key = "back_weekly"
    hard = False
    words = "some back work every week"

    def step(self, s: Step, m: StepModel) -> None:
        if s.history is None:
            return
        lib = by_key()
        if not any("back" in lib[k].muscles for k in s.week_keys()):
            for e in m.candidates:
                if "back" in e.muscles:
                    m.gain(e.key, W_BACK)

    def joint(self, j: Joint) -> None:
        lib = by_key()
        for week, positions in j.problem.weeks.items():
            back = j.model.new_bool_var(f"back_weekly(week={week})")
            members = [v for p in positions for k, v in j.x[p].items() if "back" in lib[k].muscles]
            j.model.add_bool_or([~back, *members])
            j.terms.append(W_BACK * back)
