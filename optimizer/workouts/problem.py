"""The selection problem as plain data: the sessions in day order, and what came before.

:func:`build_problem` turns the sessions into slots (each with its dose, and what each
exercise it may use costs in time) and fails early, in a runner's words, on options that
cannot work. A :class:`Step` is one session as the selection sees it when its turn comes:
the problem, its position, and the :class:`History` of what the sessions before it chose
(None in the one-model fallback, where every session is decided together).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from optimizer.domain import Level
from optimizer.workouts.library import Exercise, available
from optimizer.workouts.progression import session_dose, session_size, timed
from optimizer.workouts.types import Dose, SessionContext


@dataclass(frozen=True)
class Slot:
    """One session as the selection models see it.

    Attributes:
        index: Position in the caller's contexts.
        ctx: The session.
        dose: Its dose.
        seconds: Each pool exercise's time in this session (sets, rests, change-over).
        size: How many exercises the session holds.
    """

    index: int
    ctx: SessionContext
    dose: Dose
    seconds: dict[str, int]
    size: int


@dataclass
class Problem:
    """The sessions in day order, grouped by week, and the exercises they may use.

    Attributes:
        slots: The sessions, in day order.
        weeks: Week -> positions in ``slots``.
        pool: Every exercise the athlete may do, by key.
        level: The athlete's level.
        program: The program.
        equipment: The equipment profile.
        memo: Derived data a rule computes once per problem (e.g. the 4-week windows).
    """

    slots: tuple[Slot, ...]
    weeks: dict[int, tuple[int, ...]]
    pool: tuple[Exercise, ...]
    level: Level
    program: str
    equipment: str
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def pool_keys(self) -> tuple[str, ...]:
        return tuple(e.key for e in self.pool)

    def week_of(self, pos: int) -> int:
        return self.slots[pos].ctx.week


def build_problem(
    contexts: Sequence[SessionContext], level: Level, program: str, equipment: str
) -> Problem:
    """The selection problem of these sessions.

    Raises:
        ValueError: Unknown program or equipment, or the plyometric program for a
            non-advanced athlete.
    """
    level = Level(level)
    pool = available(level, equipment, program)
    if program == "plyometric" and level is not Level.ADVANCED:
        raise ValueError(
            "the plyometric program is for advanced athletes; choose mixed, endurance or functional"
        )
    order = sorted(range(len(contexts)), key=lambda i: (contexts[i].day, i))
    slots = []
    by_dose: dict[Dose, tuple[dict[str, int], int]] = {}  # a plan has a handful of doses
    for i in order:
        ctx = contexts[i]
        dose = session_dose(ctx, level, program)
        if dose not in by_dose:
            times = timed(dose, level, program, pool)
            by_dose[dose] = ({e.key: t for e, t in times.items()}, session_size(dose, times))
        seconds, size = by_dose[dose]
        slots.append(Slot(i, ctx, dose, seconds, size))
    weeks: dict[int, list[int]] = defaultdict(list)
    for pos, slot in enumerate(slots):
        weeks[slot.ctx.week].append(pos)
    return Problem(
        tuple(slots),
        {w: tuple(p) for w, p in sorted(weeks.items())},
        pool,
        level,
        program,
        equipment,
    )


class History:
    """What the sessions before the current one chose (sequential selection)."""

    def __init__(self) -> None:
        self.choice: list[tuple[str, ...]] = []
        self.uses: dict[str, int] = defaultdict(int)

    def add(self, keys: Sequence[str]) -> None:
        self.choice.append(tuple(sorted(keys)))
        for k in keys:
            self.uses[k] += 1


@dataclass(frozen=True)
class Step:
    """One session's turn: the problem, its position, and what came before.

    Attributes:
        problem: The problem.
        pos: The session's position in ``problem.slots``.
        history: The choices of positions ``0 .. pos-1``, or None in the one-model fallback.
    """

    problem: Problem
    pos: int
    history: History | None

    @property
    def slot(self) -> Slot:
        return self.problem.slots[self.pos]

    @property
    def week(self) -> int:
        return self.slot.ctx.week

    def earlier_in_week(self) -> tuple[int, ...]:
        """Positions of this week's sessions before this one."""
        return tuple(q for q in self.problem.weeks[self.week] if q < self.pos)

    def is_last_in_week(self) -> bool:
        return self.problem.weeks[self.week][-1] == self.pos

    def chosen(self, pos: int) -> tuple[str, ...]:
        """What an earlier session chose (empty without a history)."""
        if self.history is None or pos >= len(self.history.choice):
            return ()
        return self.history.choice[pos]

    def week_keys(self) -> set[str]:
        """Everything this week's earlier sessions chose."""
        return {k for q in self.earlier_in_week() for k in self.chosen(q)}

    def same_weekday_before(self) -> int | None:
        """The position of the session exactly a week earlier, if any."""
        return same_weekday_before(self.problem, self.pos)


def same_weekday_before(problem: Problem, pos: int) -> int | None:
    """The position of the session exactly seven days before ``pos``, if there is one."""
    day = problem.slots[pos].ctx.day - dt.timedelta(days=7)
    for q in range(pos - 1, -1, -1):
        d = problem.slots[q].ctx.day
        if d == day:
            return q
        if d < day:
            return None
    return None
