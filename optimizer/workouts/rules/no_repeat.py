"""Hard: no exercise in two sessions in a row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimizer.domain import Violation
from optimizer.workouts.rules.base import WorkoutRule

if TYPE_CHECKING:
    from optimizer.workouts.checks import PlanView
    from optimizer.workouts.joint import Joint
    from optimizer.workouts.model import StepModel
    from optimizer.workouts.problem import Step


class NoRepeat(WorkoutRule):
    key = "no_repeat"
    words = "no exercise in two sessions in a row"

    def step(self, s: Step, m: StepModel) -> None:
        if s.pos:
            m.rule_out(s.chosen(s.pos - 1), self.key)

    def joint(self, j: Joint) -> None:
        for p in range(1, len(j.x)):
            for k in sorted(j.x[p].keys() & j.x[p - 1].keys()):
                j.model.add_bool_or([~j.x[p][k], ~j.x[p - 1][k]])

    def check(self, plan: PlanView) -> list[Violation]:
        order = plan.order()
        out: list[Violation] = []
        for a, b in zip(order, order[1:], strict=False):
            shared = set(plan.keys(a)) & set(plan.keys(b))
            out.extend(
                Violation(self.key, plan.contexts[b].day, f"{k} was also in the session before")
                for k in sorted(shared)
            )
        return out
