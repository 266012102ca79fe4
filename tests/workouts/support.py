"""Shared helpers for the workout tests: sessions, hand-made workouts, what a plan breaks."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from optimizer.domain import Level
from optimizer.workouts import SessionContext, Workout, check_workouts, plan_workouts, prescribe
from optimizer.workouts.library import by_key
from optimizer.workouts.progression import session_dose, session_order
from optimizer.workouts.rules.session_title import focus_of

MONDAY = dt.date(2026, 1, 5)


def session(day: int, minutes: int = 30, **kw: object) -> SessionContext:
    """A session ``day`` days after :data:`MONDAY` (its plan week follows from the day)."""
    return SessionContext(MONDAY + dt.timedelta(days=day), day // 7, minutes, **kw)  # type: ignore[arg-type]


# Two 30-minute sessions in build week 2 (two sets each).
MON = session(14)
THU = session(17)


def weekly(
    weeks: Sequence[int], offsets: Sequence[int] = (0, 2, 4), **kw: object
) -> list[SessionContext]:
    """Sessions on the given weekdays (0 = Monday) of the given plan weeks."""
    return [session(7 * w + d, **kw) for w in weeks for d in offsets]


@functools.cache
def planned(
    contexts: tuple[SessionContext, ...],
    level: Level = Level.INTERMEDIATE,
    program: str = "mixed",
    equipment: str = "gym",
) -> tuple[Workout, ...]:
    return plan_workouts(contexts, level=level, program=program, equipment=equipment)


def hand(
    ctx: SessionContext,
    keys: Sequence[str],
    level: Level = Level.INTERMEDIATE,
    program: str = "mixed",
    focus: str | None = None,
) -> Workout:
    """A workout by hand, dosed and written the way the progression says."""
    lib = by_key()
    dose = session_dose(ctx, level, program)
    ordered = session_order(lib[k] for k in keys)
    return Workout(
        focus=focus_of(ordered) if focus is None else focus,
        minutes=ctx.minutes,
        warmup_minutes=dose.warmup_minutes,
        items=tuple(prescribe(e, ctx, level, program) for e in ordered),
        intensity=dose.intensity,
        effort=dose.effort,
        note=dose.note,
    )


def keys(w: Workout) -> list[str]:
    return [p.exercise for p in w.items]


def swap(
    w: Workout, ctx: SessionContext, old: str, new: str, level: Level = Level.INTERMEDIATE
) -> Workout:
    """The same workout with ``new`` in place of ``old``."""
    return hand(ctx, [new if k == old else k for k in keys(w)], level)


def broken(
    contexts: Sequence[SessionContext],
    workouts: Sequence[Workout],
    level: Level = Level.INTERMEDIATE,
    program: str = "mixed",
    equipment: str = "gym",
) -> set[str]:
    """The rules a plan breaks."""
    found = check_workouts(contexts, workouts, level=level, program=program, equipment=equipment)
    return {v.rule for v in found}
