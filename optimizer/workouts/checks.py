"""The workout rules re-checked without the solver: what ``legday check`` and the pipeline run.

:func:`check_workouts` asks every rule of :mod:`optimizer.workouts.rules` for its broken
instances and returns them as :class:`~optimizer.domain.Violation` in plain words, under
the rule's name. It works on hand-made plans too, so it trusts nothing about how the
workouts were chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from optimizer.domain import Level, Violation
from optimizer.workouts.library import Exercise, available, by_key
from optimizer.workouts.types import SessionContext, Workout


@dataclass
class PlanView:
    """A plan as the rules' checks read it: sessions, workouts and the athlete's options.

    Attributes:
        contexts: The sessions.
        workouts: One workout per session, same order.
        level: The athlete's level.
        program: The program.
        equipment: The equipment profile.
        lib: The exercise library by key.
        pool: The keys the athlete may do.
        known: Per session, its exercises that are in the library.
    """

    contexts: Sequence[SessionContext]
    workouts: Sequence[Workout]
    level: Level
    program: str
    equipment: str
    lib: dict[str, Exercise] = field(default_factory=by_key)
    pool: frozenset[str] = frozenset()
    known: list[list[Exercise]] = field(default_factory=list)

    def keys(self, i: int) -> list[str]:
        """The exercise keys of session ``i``."""
        return [p.exercise for p in self.workouts[i].items]

    def order(self) -> list[int]:
        """Session indices in day order."""
        return sorted(range(len(self.contexts)), key=lambda i: (self.contexts[i].day, i))

    def weeks(self) -> list[tuple[int, list[int]]]:
        """``(week, session indices)`` for every week with a session, by week."""
        out: dict[int, list[int]] = {}
        for i in self.order():
            out.setdefault(self.contexts[i].week, []).append(i)
        return sorted(out.items())


def check_workouts(
    contexts: Sequence[SessionContext],
    workouts: Sequence[Workout],
    *,
    level: Level,
    program: str,
    equipment: str,
) -> list[Violation]:
    """Re-check every workout rule without the solver (works on hand-made plans too).

    Args:
        contexts: The sessions.
        workouts: One workout per context, same order.
        level: The athlete's level.
        program: One of :data:`~optimizer.workouts.library.PROGRAMS`.
        equipment: ``"gym"``, ``"home"`` or ``"none"``.

    Returns:
        The broken rules, in plain words; empty when the plan is valid.

    Raises:
        ValueError: The two sequences differ in length, or unknown program or equipment.
    """
    from optimizer.workouts.rules import RULES

    if len(contexts) != len(workouts):
        raise ValueError(f"{len(contexts)} sessions but {len(workouts)} workouts")
    level = Level(level)
    lib = by_key()
    plan = PlanView(
        contexts,
        workouts,
        level,
        program,
        equipment,
        lib,
        frozenset(e.key for e in available(level, equipment, program)),
        [[lib[p.exercise] for p in w.items if p.exercise in lib] for w in workouts],
    )
    out: list[Violation] = []
    for rule in RULES:
        if rule.hard:
            out.extend(rule.check(plan))
    return out
