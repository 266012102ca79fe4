"""What a workout rule is: its part of the selection model, its solver-free check, its words.

A rule module holds everything about one rule, so changing a rule changes one file:

* :meth:`WorkoutRule.step`: its part of one session's model (candidates it rules out, rows,
  gains), given what the sessions before chose (``step.history``; None in the
  one-model fallback, where only the session's own part belongs here);
* :meth:`WorkoutRule.joint`: its cross-session part in the one-model fallback (CP-SAT);
* :meth:`WorkoutRule.check`: the rule restated without any solver, on any plan (what
  ``check_workouts`` runs);
* ``words``: the rule in a runner's words (docs, messages).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from optimizer.domain import Violation
from optimizer.workouts.library import Exercise, by_key

if TYPE_CHECKING:
    from optimizer.workouts.checks import PlanView
    from optimizer.workouts.joint import Joint
    from optimizer.workouts.model import StepModel
    from optimizer.workouts.problem import Step


class WorkoutRule:
    """One workout rule. Subclasses set ``key``, ``hard`` and ``words`` and override what
    they need; the defaults add nothing and find nothing."""

    key: ClassVar[str] = ""
    hard: ClassVar[bool] = True
    words: ClassVar[str] = ""

    def step(self, s: Step, m: StepModel) -> None:
        """Add this rule's part to one session's model."""

    def joint(self, j: Joint) -> None:
        """Add this rule's cross-session part to the one-model fallback."""

    def check(self, plan: PlanView) -> list[Violation]:
        """The broken instances of this rule in a plan, in plain words."""
        return []


class WeeklyCover(WorkoutRule):
    """Hard: every week with at least ``min_sessions`` sessions has each of ``needs`` in one
    of them.

    Sequentially: a gain for each exercise that brings a need the week still lacks (so it comes
    early), and a hard row on the week's last session if it is still missing.
    """

    #: (what is needed, in words; which exercises bring it)
    needs: ClassVar[tuple[tuple[str, Callable[[Exercise], bool]], ...]] = ()
    #: Gain of an exercise that brings a missing need, before the week's last session.
    early: ClassVar[int] = 0
    #: Weeks with fewer sessions are exempt.
    min_sessions: ClassVar[int] = 1

    def step(self, s: Step, m: StepModel) -> None:
        if s.history is None or len(s.problem.weeks[s.week]) < self.min_sessions:
            return
        lib = by_key()
        done = [lib[k] for k in sorted(s.week_keys())]
        for _, brings in self.needs:
            if any(brings(e) for e in done):
                continue
            keys = [e.key for e in m.candidates if brings(e)]
            if s.is_last_in_week():
                m.add(self.key, {k: 1 for k in keys}, lo=1)
            else:
                for k in keys:
                    m.gain(k, self.early)

    def joint(self, j: Joint) -> None:
        lib = by_key()
        for positions in j.problem.weeks.values():
            if len(positions) < self.min_sessions:
                continue
            for _, brings in self.needs:
                j.model.add_bool_or(
                    [v for p in positions for k, v in j.x[p].items() if brings(lib[k])]
                )

    def check(self, plan: PlanView) -> list[Violation]:
        out: list[Violation] = []
        for week, idx in plan.weeks():
            if len(idx) < self.min_sessions:
                continue
            exs = [e for i in idx for e in plan.known[i]]
            first = min(plan.contexts[i].day for i in idx)
            out.extend(
                Violation(self.key, first, f"week {week + 1} has no {what}")
                for what, brings in self.needs
                if not any(brings(e) for e in exs)
            )
        return out
