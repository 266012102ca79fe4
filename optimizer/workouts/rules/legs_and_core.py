"""Hard: legs first, then the middle: every session has a big leg movement, a third or so of
its exercises for the core (1 in 3-4 exercises, 2 in 5-7, 3 in 8), at most one upper-body or
whole-body exercise, and the rest for the legs.

Soft: each big leg movement is worth a little more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimizer.domain import Violation
from optimizer.workouts.library import JUMP_PATTERNS, Exercise
from optimizer.workouts.rules.base import WorkoutRule

if TYPE_CHECKING:
    from optimizer.workouts.checks import PlanView
    from optimizer.workouts.model import StepModel
    from optimizer.workouts.problem import Step

W_LEGS = 20
#: Most upper-body or whole-body exercises in a session.
MOST_OTHER = 1


def core_count(exercises: int) -> int:
    """How many core exercises a session of ``exercises`` holds."""
    return 1 if exercises <= 4 else 2 if exercises <= 7 else 3


def part(e: Exercise) -> str:
    """``"jumps"``, ``"legs"`` (the rest of the leg work), ``"core"`` or ``"other"``
    (upper body, whole body)."""
    if e.pattern in JUMP_PATTERNS:  # the plyometric exercises (the library checks it)
        return "jumps"
    return "legs" if e.legs else "core" if e.core else "other"


class LegsAndCore(WorkoutRule):
    key = "legs_and_core"
    words = (
        "every session works the legs first (a squat, hinge, lunge, single-leg, bridge, "
        "hamstring or lateral movement among them) and the core, with at most one "
        "upper-body exercise"
    )

    def step(self, s: Step, m: StepModel) -> None:
        n = s.slot.size
        core = core_count(n)
        jumps = s.slot.dose.max_plyometrics
        legs = (max(0, n - core - MOST_OTHER - jumps), n - core)
        m.count_per(self.key, part, {"core": (core, core), "other": (0, MOST_OTHER), "legs": legs})
        m.add(self.key, {e.key: 1 for e in m.candidates if e.main_legs}, lo=1)
        for e in m.candidates:
            if e.main_legs:
                m.gain(e.key, W_LEGS)

    def check(self, plan: PlanView) -> list[Violation]:
        out: list[Violation] = []
        for i, ctx in enumerate(plan.contexts):
            exs = plan.known[i]
            found = []
            if not any(e.main_legs for e in exs):
                found.append("the session has no big leg movement (squat, hinge, lunge, ...)")
            n_core = sum(e.core for e in exs)
            want = core_count(len(exs))
            if n_core != want:
                found.append(f"{n_core} core exercises where a session of {len(exs)} has {want}")
            extra = [e.name for e in exs if e.accessory]
            if len(extra) > MOST_OTHER:
                found.append(f"{', '.join(extra)}: one upper-body exercise is enough")
            out.extend(Violation(self.key, ctx.day, m) for m in found)
        return out
