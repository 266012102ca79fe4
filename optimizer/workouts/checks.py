"""The workout rules re-checked without the solver: what ``legday check`` and the pipeline run.

:func:`check_workouts` restates every hard rule the selection models enforce (see the
package docstring) and returns the broken ones as :class:`~optimizer.domain.Violation`
in plain words, under the rule's name. It works on hand-made plans too, so it trusts
nothing about how the workouts were chosen.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from optimizer.domain import Level, Violation
from optimizer.workouts.library import Exercise, available, by_key
from optimizer.workouts.progression import prescribe, session_dose
from optimizer.workouts.types import BALANCE_SETS, Prescription, SessionContext, Workout


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
        program: One of :data:`PROGRAMS`.
        equipment: ``"gym"``, ``"home"`` or ``"none"``.

    Returns:
        The broken rules, in plain words; empty when the plan is valid.

    Raises:
        ValueError: The two sequences differ in length, or unknown program or equipment.
    """
    if len(contexts) != len(workouts):
        raise ValueError(f"{len(contexts)} sessions but {len(workouts)} workouts")
    level = Level(level)
    allowed = {e.key for e in available(level, equipment, program)}
    lib = by_key()
    out: list[Violation] = []
    known: list[list[Exercise]] = []
    for ctx, w in zip(contexts, workouts, strict=True):
        exs = [lib[p.exercise] for p in w.items if p.exercise in lib]
        known.append(exs)
        out.extend(_check_available(ctx, w, allowed, level, program, equipment, lib))
        out.extend(_check_repeats_within(ctx, w))
        out.extend(_check_progression(ctx, w, level, program, lib))
        if len(exs) == len(w.items):
            out.extend(_check_fits_time(ctx, w))
        out.extend(_check_legs_and_core(ctx, exs))
        out.extend(_check_jumps(ctx, exs, level, program))
    out.extend(_check_weeks(contexts, workouts, known, lib))
    out.extend(_check_back_to_back(contexts, workouts))
    return out


# --------------------------------------------------------------------------- one session


def _check_available(
    ctx: SessionContext,
    w: Workout,
    allowed: set[str],
    level: Level,
    program: str,
    equipment: str,
    lib: dict[str, Exercise],
) -> list[Violation]:
    found = []
    for p in w.items:
        if p.exercise not in lib:
            found.append(f"{p.exercise!r} is not in the exercise library")
        elif p.exercise not in allowed:
            found.append(
                f"{lib[p.exercise].name} is not for a {level.value} athlete with "
                f"{equipment!r} equipment on the {program} program"
            )
    return [Violation("available", ctx.day, m) for m in found]


def _check_repeats_within(ctx: SessionContext, w: Workout) -> list[Violation]:
    keys = [p.exercise for p in w.items]
    return [
        Violation("no_repeat", ctx.day, f"{k} appears twice in one session")
        for k in sorted({k for k in keys if keys.count(k) > 1})
    ]


def _check_progression(
    ctx: SessionContext, w: Workout, level: Level, program: str, lib: dict[str, Exercise]
) -> list[Violation]:
    dose = session_dose(ctx, level, program)
    found = []
    if w.intensity != dose.intensity:
        found.append(f"a {dose.intensity} session is labelled {w.intensity!r}")
    if w.minutes != ctx.minutes:
        found.append(f"the workout is {w.minutes} min but the session is {ctx.minutes} min")
    if w.warmup_minutes != dose.warmup_minutes:
        found.append(f"the warm-up should be {dose.warmup_minutes} min, got {w.warmup_minutes}")
    if len(w.items) > dose.max_exercises:
        found.append(f"{len(w.items)} exercises where week {ctx.week} allows {dose.max_exercises}")
    for p in w.items:
        if p.exercise in lib:
            want = prescribe(lib[p.exercise], ctx, level, program)
            if p != want:
                found.append(
                    f"{p.exercise}: {_dose_text(p)} where the progression says {_dose_text(want)}"
                )
    return [Violation("progression", ctx.day, m) for m in found]


def _dose_text(p: Prescription) -> str:
    amount = f"{p.reps} reps" if p.reps is not None else f"{p.seconds} s"
    return f"{p.sets} x {amount}, rest {p.rest_seconds} s, {p.load}"


def _check_fits_time(ctx: SessionContext, w: Workout) -> list[Violation]:
    """Only for workouts whose exercises are all known (unknown ones have no time)."""
    budget = (ctx.minutes - w.warmup_minutes) * 60
    if w.work_seconds() <= budget:
        return []
    return [
        Violation(
            "fits_time",
            ctx.day,
            f"the exercises take {w.work_seconds()} s but only {budget} s are left "
            f"after a {w.warmup_minutes}-minute warm-up",
        )
    ]


def _check_legs_and_core(ctx: SessionContext, exs: Sequence[Exercise]) -> list[Violation]:
    n_legs = sum(e.legs for e in exs)
    n_core = sum(e.core for e in exs)
    if not n_legs or not n_core:
        missing = " and ".join(part for part, n in (("leg", n_legs), ("core", n_core)) if not n)
        return [Violation("legs_and_core", ctx.day, f"the session has no {missing} exercise")]
    if n_core > n_legs:
        return [
            Violation(
                "legs_and_core",
                ctx.day,
                f"{n_core} core exercises but only {n_legs} for the legs: legs come first",
            )
        ]
    return []


def _check_jumps(
    ctx: SessionContext, exs: Sequence[Exercise], level: Level, program: str
) -> list[Violation]:
    dose = session_dose(ctx, level, program)
    jumps = [e for e in exs if e.plyometric]
    found = []
    if jumps and not dose.plyometrics:
        if Level(level) is not Level.ADVANCED or program not in ("plyometric", "mixed"):
            why = "jumps are for advanced athletes on the plyometric or mixed program"
        elif ctx.before_long_or_hard:
            why = "no jumps the day before a long run, hard run or race"
        else:
            why = "no jumps in a taper or the week after a race"
        found.append(f"{', '.join(e.name for e in jumps)}: {why}")
    elif len(jumps) > dose.max_plyometrics:
        found.append(f"{len(jumps)} jump exercises where {dose.max_plyometrics} is the most")
    if len(jumps) < dose.min_plyometrics:
        found.append("the plyometric program needs a jump exercise in this session")
    return [Violation("plyometrics", ctx.day, m) for m in found]


# --------------------------------------------------------------------------- across sessions


def _check_weeks(
    contexts: Sequence[SessionContext],
    workouts: Sequence[Workout],
    known: Sequence[Sequence[Exercise]],
    lib: dict[str, Exercise],
) -> list[Violation]:
    """Posterior chain and one-leg/two-leg balance, week by week."""
    weeks: dict[int, list[int]] = defaultdict(list)
    for i, ctx in enumerate(contexts):
        weeks[ctx.week].append(i)
    out: list[Violation] = []
    for week, idx in sorted(weeks.items()):
        first = min(contexts[i].day for i in idx)
        exs = [e for i in idx for e in known[i]]
        out.extend(_check_posterior_chain(week, first, exs))
        out.extend(_check_balance(week, first, [workouts[i] for i in idx], lib))
    return out


def _check_posterior_chain(week: int, first: dt.date, exs: Sequence[Exercise]) -> list[Violation]:
    return [
        Violation("posterior_chain", first, f"week {week} has no {muscle} exercise")
        for muscle in ("glutes", "hamstrings")
        if not any(muscle in e.muscles for e in exs)
    ]


def _check_balance(
    week: int, first: dt.date, workouts: Sequence[Workout], lib: dict[str, Exercise]
) -> list[Violation]:
    uni = bi = 0
    for w in workouts:
        for p in w.items:
            e = lib.get(p.exercise)
            if e and e.legs:
                if e.unilateral:
                    uni += p.sets
                else:
                    bi += p.sets
    if abs(uni - bi) <= BALANCE_SETS:
        return []
    return [
        Violation(
            "unilateral_balance",
            first,
            f"week {week} has {uni} one-leg and {bi} two-leg sets (more than {BALANCE_SETS} apart)",
        )
    ]


def _check_back_to_back(
    contexts: Sequence[SessionContext], workouts: Sequence[Workout]
) -> list[Violation]:
    """No exercise in two consecutive sessions (by day)."""
    order = sorted(range(len(contexts)), key=lambda i: (contexts[i].day, i))
    out = []
    for a, b in zip(order, order[1:], strict=False):
        shared = {p.exercise for p in workouts[a].items} & {p.exercise for p in workouts[b].items}
        for k in sorted(shared):
            out.append(
                Violation("no_repeat", contexts[b].day, f"{k} was also in the session before")
            )
    return out
