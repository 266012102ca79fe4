"""Hard: every session has as many exercises as fill its minutes at its dose (3 to 8: the
count whose typical time comes nearest the middle of the session's time window)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimizer.domain import Violation
from optimizer.workouts.progression import session_dose, session_size, timed
from optimizer.workouts.rules.base import WorkoutRule

if TYPE_CHECKING:
    from optimizer.workouts.checks import PlanView
    from optimizer.workouts.model import StepModel
    from optimizer.workouts.problem import Step


class ExerciseCount(WorkoutRule):
    key = "exercise_count"
    words = "as many exercises as fill the session's minutes at its dose (at least 3, at most 8)"

    def step(self, s: Step, m: StepModel) -> None:
        n = s.slot.size
        m.add(self.key, {e.key: 1 for e in m.candidates}, n, n)

    def check(self, plan: PlanView) -> list[Violation]:
        out = []
        pool = [plan.lib[k] for k in sorted(plan.pool)]
        for ctx, w in zip(plan.contexts, plan.workouts, strict=True):
            dose = session_dose(ctx, plan.level, plan.program)
            want = session_size(dose, timed(dose, plan.level, plan.program, pool))
            if len(w.items) != want:
                message = f"{len(w.items)} exercises where this session takes {want}"
                out.append(Violation(self.key, ctx.day, message))
        return out
