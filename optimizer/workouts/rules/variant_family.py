"""Hard: near-duplicates never share a session: one exercise per variant family (plank or
extended plank, pistol or single-leg squat) and per movement pattern (one squat, one hinge,
one plank-type hold...), and no exercise twice."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from optimizer.domain import Violation
from optimizer.workouts.rules.base import WorkoutRule

if TYPE_CHECKING:
    from optimizer.workouts.checks import PlanView
    from optimizer.workouts.model import StepModel
    from optimizer.workouts.problem import Step


class VariantFamily(WorkoutRule):
    key = "variant_family"
    words = (
        "near-duplicates never share a session: one exercise per variant family and per "
        "movement pattern"
    )

    def step(self, s: Step, m: StepModel) -> None:
        m.at_most_one_per(lambda e: e.pattern)
        # The library keeps every family inside one pattern, so the groups already hold
        # each family to one; a family that spans patterns still gets its own row.
        families: dict[str, set[str]] = defaultdict(set)
        patterns: dict[str, set[str]] = defaultdict(set)
        for e in m.candidates:
            families[e.family].add(e.key)
            patterns[e.family].add(e.pattern)
        for family, keys in sorted(families.items()):
            if len(patterns[family]) > 1:
                m.add(self.key, {k: 1 for k in keys}, hi=1)

    def check(self, plan: PlanView) -> list[Violation]:
        out: list[Violation] = []
        for i, (ctx, w) in enumerate(zip(plan.contexts, plan.workouts, strict=True)):
            twice = Counter(p.exercise for p in w.items)
            found = [f"{k} appears twice in one session" for k, n in sorted(twice.items()) if n > 1]
            seen: dict[str, str] = {}
            for e in sorted(set(plan.known[i]), key=lambda e: e.key):
                for kind, group in (("variants", e.family), ("the same movement", e.pattern)):
                    other = seen.get(f"{kind}:{group}")
                    if other:
                        found.append(f"{other} and {e.name} are {kind} ({group}): choose one")
                    seen[f"{kind}:{group}"] = e.name
            out.extend(Violation(self.key, ctx.day, m) for m in found)
        return out
