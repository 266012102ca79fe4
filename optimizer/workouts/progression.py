"""The progression: how much of each exercise a session gets, and how it is written out.

Sets, reps, holds, rests and loads are not decided by the solver: they follow the
program and a progression that depends only on the session (plan week, race phase, the
day's run, its minutes), never on how many sessions were done, so a missed session never
makes the next week harder. Two intro weeks, then build blocks with every 4th week a
deload; tapers and the week after a race are light; so is a beginner's session after an
easy run. This module also turns the exercises the selection chose into a
:class:`Workout` (order, title, one :class:`Prescription` each) and sums the weekly volume.
"""

from __future__ import annotations

import functools
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from optimizer.domain import Level
from optimizer.workouts.library import PATTERNS, Exercise, variant
from optimizer.workouts.timing import exercise_seconds, reference_minutes, warmup_minutes
from optimizer.workouts.types import Dose, Prescription, SessionContext, Workout

# Reps per set by program and stage: 0 intro and lighter sessions, 1-3 build blocks. A
# lighter session keeps the intro's reps and effort and holds fewer exercises.
_REPS = {
    "mixed": (10, 10, 12, 12),
    "endurance": (12, 15, 18, 20),  # endurance strength: 12-20 reps
    "functional": (10, 12, 15, 15),
    "plyometric": (10, 10, 12, 12),
}
_CONTACTS = (5, 6, 8, 8)  # low contacts; jumps grow slowly
_HOLD_PERCENT = (75, 100, 115, 130)
# Effort by stage: (RPE, reps in reserve).
_EFFORT = ((5, 5), (6, 4), (7, 3), (7, 3))
# Share of the session's minutes the content fills (percent): lighter sessions are shorter.
_FILL_FULL = (78, 96)
_FILL_LIGHT = (70, 84)
MIN_EXERCISES = 3
MAX_EXERCISES = 8


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


def _day_note(ctx: SessionContext, level: Level, jumper: bool) -> str:
    """Why the day changes the session ("" when it does not). ``jumper``: the athlete's
    program has jumps, so a day without them says why."""
    no_jumps = ", no jumps today" if jumper else ""
    if ctx.run_today in ("long", "race"):
        return (
            f"After today's {ctx.run_today}: a light session only{no_jumps}; "
            "skip it if your legs are tired."
        )
    if ctx.run_today == "easy" and level is Level.BEGINNER:
        return (
            "Lighter today: you ran earlier, and a beginner's strength after an easy run "
            "stays light (run first, then this)."
        )
    if ctx.run_today == "hard":
        return f"After today's hard run: run first, then this{no_jumps}."
    if ctx.run_today == "easy":
        return "After today's easy run: run first, then this."
    return ""


def _sets(intensity: str, light_day: bool, week: int, level: Level, ref: int) -> int:
    if ref < 15:
        return 1
    # Two sets to start; three from week 6 (the second build block), beginners from week 10.
    third = 2 if level is not Level.BEGINNER else 3
    sets = 3 if intensity == "build" and not light_day and _block(week) >= third else 2
    if ref >= 40:
        sets = 3  # a long session fills with more sets, not more exercises
    return sets


@functools.lru_cache(maxsize=4096)
def session_dose(ctx: SessionContext, level: Level, program: str) -> Dose:
    """The dose of a session: sets, reps, holds, effort, time, number of exercises, jumps.

    Start small and build slowly: two intro weeks at an easy effort (RPE 5) with longer
    rests, then build blocks (weeks 2-5, 6-9, 10 on) with more reps, three sets from week 6
    (beginners from week 10) and a harder effort (RPE 6, then 7). Every 4th week (weeks 3,
    7, 11, ...) is a lighter deload, and so are taper and post-race sessions and a
    beginner's session after an easy run (or anyone's after a long run or race): the
    intro's reps and effort, two sets, and less of the session filled (70-84% instead of
    78-96%). Sessions of 40 minutes or more fill with three sets rather than more exercises.

    Args:
        ctx: The session.
        level: The athlete's level.
        program: One of :data:`~optimizer.workouts.library.PROGRAMS`.

    Returns:
        The session's dose.
    """
    level = Level(level)
    intensity = _phase(ctx)
    note = _day_note(ctx, level, level is Level.ADVANCED and program in ("plyometric", "mixed"))
    light_day = ctx.run_today in ("long", "race") or (
        ctx.run_today == "easy" and level is Level.BEGINNER
    )
    light = intensity != "build" or light_day
    stage = _block(ctx.week) if intensity == "build" and not light_day else 0
    ref = reference_minutes(ctx.minutes)
    warmup = warmup_minutes(ref)
    fill_low, fill_high = _FILL_LIGHT if light else _FILL_FULL
    jumps = (
        level is Level.ADVANCED
        and program in ("plyometric", "mixed")
        and not ctx.before_long_or_hard
        and intensity in ("build", "deload")  # not while learning the movements, nor near a race
        and not light_day
        and ctx.run_today in (None, "easy")
    )
    rpe, reserve = _EFFORT[stage]
    return Dose(
        intensity=intensity,
        light=light,
        note=note,
        stage=stage,
        sets=_sets(intensity, light_day, ctx.week, level, ref),
        reps=_REPS.get(program, _REPS["mixed"])[stage],
        contacts=_CONTACTS[stage],
        hold_percent=_HOLD_PERCENT[stage],
        extra_rest=15 if intensity == "intro" else 0,  # time to learn the movements
        effort=f"Effort: RPE {rpe} of 10, finish every set with about {reserve} reps in reserve.",
        reserve=reserve,
        warmup_minutes=warmup,
        reference_minutes=ref,
        fill_low=fill_low,
        fill_high=fill_high,
        plyometrics=jumps,
        min_plyometrics=1 if jumps and program == "plyometric" else 0,
        max_plyometrics=(2 if program == "plyometric" else 1) if jumps else 0,
    )


def session_size(dose: Dose, seconds: Mapping[Exercise, int]) -> int:
    """How many exercises fill a session (3 to 8): the count whose typical time, a core
    share of the athlete's typical core exercise and the rest of their typical leg
    exercise (``seconds``: each exercise the athlete may do, timed at this dose), comes
    nearest the middle of the session's time window."""
    from optimizer.workouts.rules.legs_and_core import core_count

    least, most = dose.work_window()
    middle = (least + most) / 2
    core = statistics.median([t for e, t in seconds.items() if e.core] or [0])
    legs = statistics.median([t for e, t in seconds.items() if e.legs and not e.plyometric] or [0])

    def miss(n: int) -> float:
        return abs(core_count(n) * core + (n - core_count(n)) * legs - middle)

    return min(range(MIN_EXERCISES, MAX_EXERCISES + 1), key=lambda n: (miss(n), n))


def timed(dose: Dose, level: Level, program: str, pool: Iterable[Exercise]) -> dict[Exercise, int]:
    """Each exercise's time in a session (sets, rests, change-over) at a dose."""
    out = {}
    for e in pool:
        p = _prescription(e, dose, level, program)
        out[e] = exercise_seconds(e, p.sets, p.reps, p.seconds, p.rest_seconds)
    return out


def _load(ex: Exercise, dose: Dose, level: Level, program: str, reps: int) -> str:
    """How heavy. A share of the one-rep max for the big leg lifts, for those who know it,
    with the effort that matches it; effort alone for beginners (who never get a share of a
    one-rep max) and for the small lifts (calf raises, rows), where a 1RM means little."""
    if ex.plyometric:
        return "bodyweight, land softly"
    if not ex.loaded:
        return "bodyweight"
    effort = f"a weight you could lift about {reps + dose.reserve} times"
    if Level(level) is Level.BEGINNER or not ex.main_legs:
        return f"light: {effort}" if dose.light or Level(level) is Level.BEGINNER else effort
    if dose.light:
        return f"light: about 50-60% of 1RM, or {effort}"
    if program == "endurance":
        return f"about 70% of 1RM, or {effort}"
    return f"about 65-75% of 1RM, or {effort}"


def _rest(ex: Exercise, dose: Dose, program: str) -> int:
    if ex.plyometric:
        return 75  # long rests: jumps are about quality
    if ex.loaded:
        rest = 45 if program == "endurance" else 60
    elif ex.core:
        rest = 30
    else:
        rest = 30 if program == "endurance" else 40
    return rest + dose.extra_rest


def prescribe(
    ex: Exercise,
    ctx: SessionContext,
    level: Level,
    program: str,
    allowed: Iterable[str] = (),
) -> Prescription:
    """The prescription of one exercise in one session (sets, reps or hold, rest, load).

    Args:
        ex: The exercise.
        ctx: The session.
        level: The athlete's level.
        program: One of :data:`~optimizer.workouts.library.PROGRAMS`.
        allowed: Keys the athlete may do; the nearest easier/harder of them are offered
            as swaps (none if empty).

    Returns:
        What the athlete does: a pure function of the arguments.
    """
    p = _prescription(ex, session_dose(ctx, level, program), level, program)
    keys = tuple(allowed)
    easier = variant(ex, "easier", keys) if keys else None
    harder = variant(ex, "harder", keys) if keys else None
    return replace(p, easier=easier.key if easier else None, harder=harder.key if harder else None)


def _prescription(ex: Exercise, dose: Dose, level: Level, program: str) -> Prescription:
    reps: int | None = None
    seconds: int | None = None
    if ex.is_hold:
        seconds = max(10, 5 * round((ex.hold_seconds or 0) * dose.hold_percent / 500))
    else:
        reps = dose.contacts if ex.plyometric else dose.reps
    return Prescription(
        exercise=ex.key,
        sets=dose.sets,
        reps=reps,
        seconds=seconds,
        rest_seconds=_rest(ex, dose, program),
        load=_load(ex, dose, level, program, reps or 0),
    )


_ORDER = {p: i for i, p in enumerate(PATTERNS)}


def session_order(chosen: Iterable[Exercise]) -> list[Exercise]:
    """Jumps first while fresh, then the big lifts, smaller leg work, upper body, core last."""
    return sorted(chosen, key=lambda e: (_ORDER[e.pattern], e.key))


def build_workout(
    ctx: SessionContext,
    chosen: Sequence[Exercise],
    level: Level,
    program: str,
    allowed: Iterable[str] = (),
) -> Workout:
    """The workout of one session from the exercises chosen for it."""
    from optimizer.workouts.rules.session_title import focus_of

    dose = session_dose(ctx, level, program)
    ordered = session_order(chosen)
    keys = tuple(allowed)
    return Workout(
        focus=focus_of(ordered),
        minutes=ctx.minutes,
        warmup_minutes=dose.warmup_minutes,
        items=tuple(prescribe(e, ctx, level, program, keys) for e in ordered),
        intensity=dose.intensity,
        effort=dose.effort,
        note=dose.note,
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
