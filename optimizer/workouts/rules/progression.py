"""Hard: every dose follows the progression (sets, reps or hold, rest, load, effort, warm-up).

Soft: lighter sessions prefer the easier variant of a movement, later build blocks the harder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimizer.domain import Violation
from optimizer.workouts.library import difficulty
from optimizer.workouts.progression import prescribe, session_dose
from optimizer.workouts.rules.base import WorkoutRule
from optimizer.workouts.types import Prescription

if TYPE_CHECKING:
    from optimizer.workouts.checks import PlanView
    from optimizer.workouts.model import StepModel
    from optimizer.workouts.problem import Step

#: Per step along an exercise's easier-harder line.
W_VARIANT = 8


class Progression(WorkoutRule):
    key = "progression"
    words = (
        "start small and build slowly: doses follow the week (intro, build, deload every 4th "
        "week, taper, after a race) and the day (lighter after a run for beginners)"
    )

    def step(self, s: Step, m: StepModel) -> None:
        dose = s.slot.dose
        sign = -1 if dose.light else (1 if dose.stage >= 2 else 0)
        if sign:
            for e in m.candidates:
                m.gain(e.key, sign * W_VARIANT * difficulty(e.key))

    def check(self, plan: PlanView) -> list[Violation]:
        out: list[Violation] = []
        for ctx, w in zip(plan.contexts, plan.workouts, strict=True):
            dose = session_dose(ctx, plan.level, plan.program)
            found = []
            if w.intensity != dose.intensity:
                found.append(f"a {dose.intensity} session is labelled {w.intensity!r}")
            if w.minutes != ctx.minutes:
                found.append(f"the workout is {w.minutes} min but the session is {ctx.minutes} min")
            if w.warmup_minutes != dose.warmup_minutes:
                found.append(
                    f"the warm-up should be {dose.warmup_minutes} min, got {w.warmup_minutes}"
                )
            if w.effort != dose.effort or w.note != dose.note:
                found.append("the effort or the day's note is not the progression's")
            for p in w.items:
                if p.exercise in plan.lib:
                    want = prescribe(plan.lib[p.exercise], ctx, plan.level, plan.program)
                    if p != want:
                        found.append(
                            f"{p.exercise}: {_dose(p)} where the progression says {_dose(want)}"
                        )
            out.extend(Violation(self.key, ctx.day, m) for m in found)
        return out


def _dose(p: Prescription) -> str:
    return f"{p.dose_text()}, rest {p.rest_seconds} s, {p.load}"
