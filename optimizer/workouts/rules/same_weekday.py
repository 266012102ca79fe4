"""Hard: a session never repeats the exercises of the same weekday's session the week before."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from optimizer.domain import Violation
from optimizer.workouts.problem import same_weekday_before
from optimizer.workouts.rules.base import WorkoutRule

if TYPE_CHECKING:
    from optimizer.workouts.checks import PlanView
    from optimizer.workouts.joint import Joint
    from optimizer.workouts.model import StepModel
    from optimizer.workouts.problem import Step


class SameWeekday(WorkoutRule):
    key = "same_weekday"
    words = "never the same set of exercises as the same weekday the week before"

    def step(self, s: Step, m: StepModel) -> None:
        q = s.same_weekday_before()
        if q is None or s.history is None:
            return
        before = set(s.chosen(q))
        # "Not exactly that set": fewer than all of it, or something else besides.
        m.add(
            self.key,
            {e.key: 1 if e.key in before else -1 for e in m.candidates},
            hi=len(before) - 1,
        )

    def joint(self, j: Joint) -> None:
        for p in range(len(j.x)):
            q = same_weekday_before(j.problem, p)
            if q is None:
                continue
            differs: list[Any] = []
            for k in sorted(j.x[p].keys() | j.x[q].keys()):
                a, b = j.x[p].get(k), j.x[q].get(k)
                if a is None or b is None:  # only one of them may choose it: choosing it differs
                    differs.append(j.x[q][k] if a is None else a)
                    continue
                d = j.model.new_bool_var(f"differs({p},{q},{k})")
                j.model.add_bool_or([a, b]).only_enforce_if(d)
                j.model.add_bool_or([~a, ~b]).only_enforce_if(d)
                differs.append(d)
            j.model.add_bool_or(differs)

    def check(self, plan: PlanView) -> list[Violation]:
        by_day = {ctx.day: i for i, ctx in reversed(list(enumerate(plan.contexts)))}
        out = []
        for i in plan.order():
            day = plan.contexts[i].day
            q = by_day.get(day.fromordinal(day.toordinal() - 7))
            if q is not None and sorted(plan.keys(i)) == sorted(plan.keys(q)):
                out.append(
                    Violation(
                        self.key,
                        day,
                        f"the same exercises as last {day:%A}: vary them from week to week",
                    )
                )
        return out
