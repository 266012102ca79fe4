"""Hard: only exercises the athlete's level, equipment and program allow (jumps: advanced only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimizer.domain import Violation
from optimizer.workouts.rules.base import WorkoutRule

if TYPE_CHECKING:
    from optimizer.workouts.checks import PlanView
    from optimizer.workouts.model import StepModel
    from optimizer.workouts.problem import Step


class Available(WorkoutRule):
    key = "available"
    words = "only exercises the athlete's level, equipment and program allow"

    def step(self, s: Step, m: StepModel) -> None:
        m.keep_only(s.problem.pool_keys, self.key)

    def check(self, plan: PlanView) -> list[Violation]:
        out = []
        for ctx, w in zip(plan.contexts, plan.workouts, strict=True):
            for p in w.items:
                if p.exercise not in plan.lib:
                    message = f"{p.exercise!r} is not in the exercise library"
                elif p.exercise not in plan.pool:
                    message = (
                        f"{plan.lib[p.exercise].name} is not for a {plan.level.value} athlete "
                        f"with {plan.equipment!r} equipment on the {plan.program} program"
                    )
                else:
                    continue
                out.append(Violation(self.key, ctx.day, message))
        return out
