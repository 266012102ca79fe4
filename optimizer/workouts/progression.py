"""The progression: how much of each exercise a session gets, and how it is written out.

Sets, reps, holds, rests and loads are not decided by the solver: they follow the
program and a progression that depends only on the plan week and the race phase (so
a missed session never makes the next week harder). Two intro weeks, then build
blocks with every 4th week a deload; tapers and the week after a race are light.
This module also turns the exercises the selection chose into a :class:`Workout`
(order, focus, one :class:`Prescription` each) and sums the weekly volume.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from optimizer.domain import Level
from optimizer.workouts.library import Exercise
from optimizer.workouts.types import Dose, Prescription, SessionContext, Workout

_LOADED = frozenset({"dumbbells", "kettlebell", "barbell"})

# Reps per set by program and stage: intro, build blocks 1-3, lighter weeks.
_REPS = {
    "mixed": (10, 10, 12, 12, 8),
    "endurance": (12, 15, 18, 20, 12),  # endurance strength: 12-20 reps
    "functional": (10, 12, 15, 15, 10),
    "plyometric": (10, 10, 12, 12, 8),
}
_CONTACTS = (5, 6, 8, 8, 5)  # low contacts; jumps grow slowly
_HOLD_PERCENT = (70, 100, 125, 150, 70)


def _phase(ctx: SessionContext) -> str:
    if ctx.race_phase == "post_race":
        return "post-race"
    if ctx.race_phase == "taper":
        return "taper"
    if ctx.week < 2:
        return "intro"
    if ctx.week % 4 == 3:
        return "deload"
    return "build"


def _block(week: int) -> int:
    """Build block 1 (weeks 2-5), 2 (weeks 6-9) or 3 (week 10 on)."""
    return 1 if week < 6 else 2 if week < 10 else 3


def _build_sets(week: int, level: Level) -> int:
    sets = 2 if week < 6 else 3
    return min(sets, 2) if Level(level) is Level.BEGINNER else sets


def session_dose(ctx: SessionContext, level: Level, program: str) -> Dose:
    """The dose of a session: sets, reps, holds, number of exercises, jumps allowed.

    Start small and build slowly: one set in the first two weeks, two sets from
    week 2, three from week 6 (beginners stay at two); more reps each block.
    Every 4th week (weeks 3, 7, 11, ...) is a lighter deload week, and so are
    taper and post-race sessions. It depends on the week number and race phase
    only, never on how many sessions were done.

    Args:
        ctx: The session.
        level: The athlete's level.
        program: One of :data:`PROGRAMS`.

    Returns:
        The session's dose.
    """
    intensity = _phase(ctx)
    build = _build_sets(ctx.week, level)
    stage = {"intro": 0, "build": _block(ctx.week)}.get(intensity, 4)
    sets, max_ex = {
        "intro": (1, 4 if ctx.week == 0 else 5),
        "build": (build, 5 if ctx.week < 6 else 6),
        "deload": (max(1, build - 1), 4),
        "taper": (max(1, build - 1), 4),
        "post-race": (1, 3),
    }[intensity]
    jumps = (
        Level(level) is Level.ADVANCED
        and program in ("plyometric", "mixed")
        and not ctx.before_long_or_hard
        and ctx.race_phase is None
    )
    return Dose(
        intensity=intensity,
        sets=sets,
        max_exercises=max_ex,
        reps=_REPS.get(program, _REPS["mixed"])[stage],
        contacts=_CONTACTS[stage],
        hold_percent=_HOLD_PERCENT[stage],
        warmup_minutes=3 if ctx.minutes < 20 else 5,
        plyometrics=jumps,
        min_plyometrics=1 if jumps and program == "plyometric" else 0,
        max_plyometrics=(2 if program == "plyometric" else 1) if jumps else 0,
    )


def _load(ex: Exercise, dose: Dose, program: str) -> str:
    if ex.plyometric:
        return "bodyweight, land softly"
    if ex.equipment not in _LOADED:
        return "bodyweight"
    if dose.intensity != "build":
        return "light weights (about 50% of 1RM)"
    if program == "endurance":
        return "about 70% of 1RM"
    return "light-medium weights (about 60-70% of 1RM)"


def _rest(ex: Exercise, program: str) -> int:
    if ex.plyometric:
        return 90  # long rests: jumps are about quality
    if ex.equipment in _LOADED:
        return 45 if program == "endurance" else 60
    return 30


def prescribe(ex: Exercise, ctx: SessionContext, level: Level, program: str) -> Prescription:
    """The prescription of one exercise in one session (sets, reps or hold, rest, load).

    Args:
        ex: The exercise.
        ctx: The session.
        level: The athlete's level.
        program: One of :data:`PROGRAMS`.

    Returns:
        What the athlete does: a pure function of the arguments.
    """
    dose = session_dose(ctx, level, program)
    reps: int | None
    seconds: int | None
    if ex.kind == "isometric":
        reps = None
        seconds = max(10, 5 * round(ex.seconds_per_set * dose.hold_percent / 500))
    else:
        reps = dose.contacts if ex.plyometric else dose.reps
        seconds = None
    return Prescription(
        exercise=ex.key,
        sets=dose.sets,
        reps=reps,
        seconds=seconds,
        rest_seconds=_rest(ex, program),
        load=_load(ex, dose, program),
    )


def _focus(exercises: Sequence[Exercise]) -> str:
    legs = [e for e in exercises if e.legs]
    if any(e.plyometric for e in legs):
        return "power & core"
    uni = sum(e.unilateral for e in legs)
    if uni * 2 > len(legs):
        return "single-leg & core"
    if sum("hamstrings" in e.muscles for e in legs) * 2 >= len(legs) > 0:
        return "posterior chain & core"
    return "legs & core"


_KIND_ORDER = {"plyometric": 0, "strength": 1, "functional": 2, "core": 3, "isometric": 4}


def build_workout(
    ctx: SessionContext, chosen: Sequence[Exercise], level: Level, program: str
) -> Workout:
    """The workout of one session from the exercises chosen for it.

    Jumps come first while fresh, then big lifts, then the rest, core last; each
    exercise gets its :func:`prescribe` dose.
    """
    dose = session_dose(ctx, level, program)
    ordered = sorted(chosen, key=lambda e: (_KIND_ORDER[e.kind], not e.legs, e.key))
    return Workout(
        focus=_focus(ordered),
        minutes=ctx.minutes,
        warmup_minutes=dose.warmup_minutes,
        items=tuple(prescribe(e, ctx, level, program) for e in ordered),
        intensity=dose.intensity,
    )


def weekly_volume(
    contexts: Sequence[SessionContext], workouts: Sequence[Workout]
) -> list[tuple[int, int]]:
    """Total sets per plan week, for the report.

    Args:
        contexts: The sessions.
        workouts: One workout per context, same order.

    Returns:
        ``(week, total sets)`` for each week that has a session, by week.
    """
    totals: dict[int, int] = defaultdict(int)
    for ctx, w in zip(contexts, workouts, strict=True):
        totals[ctx.week] += sum(p.sets for p in w.items)
    return sorted(totals.items())
