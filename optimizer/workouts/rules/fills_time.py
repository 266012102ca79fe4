"""Hard: the content (warm-up, sets, rests, change-overs) fills the session: 78-96% of its
minutes, 70-84% in a lighter session (never more than 45 minutes of strength)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimizer.domain import Violation
from optimizer.workouts.progression import session_dose
from optimizer.workouts.rules.base import WorkoutRule

if TYPE_CHECKING:
    from optimizer.workouts.checks import PlanView
    from optimizer.workouts.model import StepModel
    from optimizer.workouts.problem import Step


class FillsTime(WorkoutRule):
    key = "fills_time"
    words = (
        "the warm-up, sets, rests and change-overs fill 78-96% of the session's minutes "
        "(70-84% in a lighter session), computed from the exercise data"
    )

    def step(self, s: Step, m: StepModel) -> None:
        least, most = s.slot.dose.work_window()
        seconds = {e.key: s.slot.seconds[e.key] for e in m.candidates}
        m.add(self.key, seconds, least, most, knapsack=True)

    def check(self, plan: PlanView) -> list[Violation]:
        out = []
        for i, (ctx, w) in enumerate(zip(plan.contexts, plan.workouts, strict=True)):
            if len(plan.known[i]) != len(w.items):
                continue  # unknown exercises have no time (``available`` says so)
            dose = session_dose(ctx, plan.level, plan.program)
            ref = dose.reference_minutes * 60
            content = w.content_seconds()
            share = 100 * content / ref
            if not dose.fill_low <= share <= dose.fill_high:
                out.append(
                    Violation(
                        self.key,
                        ctx.day,
                        f"the content takes {content / 60:.1f} min, {share:.0f}% of "
                        f"{dose.reference_minutes} min, where this session fills "
                        f"{dose.fill_low}-{dose.fill_high}%",
                    )
                )
        return out
