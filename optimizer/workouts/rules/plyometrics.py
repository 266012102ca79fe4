"""Hard: jumps only for advanced runners on the plyometric or mixed program, only on days
without a hard run, long run or race, never the day before one, never while learning the
movements, in a taper or the week after a race; the plyometric program jumps whenever allowed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimizer.domain import Level, Violation
from optimizer.workouts.progression import session_dose
from optimizer.workouts.rules.base import WorkoutRule

if TYPE_CHECKING:
    from optimizer.workouts.checks import PlanView
    from optimizer.workouts.model import StepModel
    from optimizer.workouts.problem import Step
    from optimizer.workouts.types import SessionContext


class Plyometrics(WorkoutRule):
    key = "plyometrics"
    words = (
        "jumps only for advanced runners, and only on fresh days: no hard run, long run or race "
        "that day or the next, not in a taper or just after a race"
    )

    def step(self, s: Step, m: StepModel) -> None:
        dose = s.slot.dose
        jumps = {e.key: 1 for e in m.candidates if e.plyometric}
        if not dose.plyometrics:
            m.rule_out(jumps, self.key)
        elif jumps:
            m.add(self.key, jumps, dose.min_plyometrics, dose.max_plyometrics)

    def check(self, plan: PlanView) -> list[Violation]:
        out: list[Violation] = []
        for i, ctx in enumerate(plan.contexts):
            dose = session_dose(ctx, plan.level, plan.program)
            jumps = [e for e in plan.known[i] if e.plyometric]
            found = []
            if jumps and not dose.plyometrics:
                names = ", ".join(e.name for e in jumps)
                found.append(f"{names}: {_why_not(ctx, plan.level, plan.program)}")
            elif len(jumps) > dose.max_plyometrics:
                found.append(
                    f"{len(jumps)} jump exercises where {dose.max_plyometrics} is the most"
                )
            if len(jumps) < dose.min_plyometrics:
                found.append("the plyometric program needs a jump exercise in this session")
            out.extend(Violation(self.key, ctx.day, m) for m in found)
        return out


def _why_not(ctx: SessionContext, level: Level, program: str) -> str:
    if Level(level) is not Level.ADVANCED or program not in ("plyometric", "mixed"):
        return "jumps are for advanced athletes on the plyometric or mixed program"
    if ctx.run_today in ("hard", "long", "race"):
        return f"no jumps on the day of a {ctx.run_today} run"
    if ctx.before_long_or_hard:
        return "no jumps the day before a long run, hard run or race"
    if ctx.race_phase is not None:
        return "no jumps in a taper or the week after a race"
    return "no jumps while the movements are new (intro weeks) or on a lighter day"
