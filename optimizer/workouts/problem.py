"""The selection problem as plain data, and its objective computed without the solver.

:func:`build_problem` turns the sessions into slots (each with its dose, the exercises it
may use and what each costs in time) and fails early, in a runner's words, when a
session cannot hold a leg and a core exercise. :func:`score` is the plan objective that
both selection models maximise, so their answers can be compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from optimizer.domain import Level
from optimizer.workouts.library import Exercise, available, by_key
from optimizer.workouts.progression import prescribe, session_dose
from optimizer.workouts.types import Dose, SessionContext

# Objective weights (integers for CP-SAT). An exercise slot filled is worth more
# than anything else, so a session reaches its progression's volume whenever
# it fits; then variety over the plan, then week-level niceties.
W_FILL = 100  # each exercise in a session
W_LEGS = 15  # ... more if it works the legs (legs and middle are the focus)
W_DISTINCT = 50  # each library exercise used at least once in the plan
W_BACK = 20  # each week with some back work
W_WEEK_REPEAT = 10  # each extra use of an exercise within one week
W_MAX_USE = 5  # per use of the most-used exercise (spreads use over the library)


@dataclass(frozen=True)
class Slot:
    """One session as the selection models see it."""

    index: int  # position in the caller's contexts
    ctx: SessionContext
    dose: Dose
    candidates: tuple[Exercise, ...]
    seconds: dict[str, int]  # time of the exercise's prescription, rests included
    budget: int  # seconds available after the warm-up


@dataclass(frozen=True)
class Problem:
    """The sessions in day order, grouped by week, and the exercises they may use."""

    slots: tuple[Slot, ...]  # in day order
    weeks: dict[int, tuple[int, ...]]  # week -> positions in slots
    library: tuple[Exercise, ...]  # everything any slot may use


def build_problem(
    contexts: Sequence[SessionContext], level: Level, program: str, equipment: str
) -> Problem:
    """The selection problem of these sessions.

    Raises:
        ValueError: Unknown program or equipment, the plyometric program for a
            non-advanced athlete, or a session too short for one leg and one core exercise.
    """
    level = Level(level)
    pool = available(level, equipment, program)
    if program == "plyometric" and level is not Level.ADVANCED:
        raise ValueError(
            "the plyometric program is for advanced athletes; choose mixed, endurance or functional"
        )
    order = sorted(range(len(contexts)), key=lambda i: (contexts[i].day, i))
    slots = []
    for i in order:
        ctx = contexts[i]
        dose = session_dose(ctx, level, program)
        cands = tuple(e for e in pool if dose.plyometrics or not e.plyometric)
        seconds = {e.key: prescribe(e, ctx, level, program).total_seconds() for e in cands}
        budget = (ctx.minutes - dose.warmup_minutes) * 60
        slots.append(Slot(i, ctx, dose, cands, seconds, budget))
        _check_fits(slots[-1])
    weeks: dict[int, list[int]] = defaultdict(list)
    for pos, slot in enumerate(slots):
        weeks[slot.ctx.week].append(pos)
    return Problem(tuple(slots), {w: tuple(p) for w, p in sorted(weeks.items())}, pool)


def _check_fits(slot: Slot) -> None:
    """Fail early, in a runner's words, if no leg + core pair fits the session."""
    legs = [slot.seconds[e.key] for e in slot.candidates if e.legs]
    core = [slot.seconds[e.key] for e in slot.candidates if e.core]
    if not legs or not core:
        raise ValueError("the exercise library has no leg or no core exercise for these options")
    if min(legs) + min(core) > slot.budget:
        raise ValueError(
            f"session on {slot.ctx.day}: {slot.ctx.minutes} minutes is too short for one leg "
            f"and one core exercise after the warm-up"
        )


#: Per slot (day order): the chosen exercise keys, sorted.
Choice = list[tuple[str, ...]]


def score(problem: Problem, choice: Choice) -> int:
    """The objective of a choice, computed without the solver (same terms as the model)."""
    lib = by_key()
    total = 0
    uses: dict[str, int] = defaultdict(int)
    for keys in choice:
        for k in keys:
            total += W_FILL + (W_LEGS if lib[k].legs else 0)
            uses[k] += 1
    total += W_DISTINCT * len(uses)
    for positions in problem.weeks.values():
        week_uses: dict[str, int] = defaultdict(int)
        for pos in positions:
            for k in choice[pos]:
                week_uses[k] += 1
        total -= W_WEEK_REPEAT * sum(n - 1 for n in week_uses.values())
        if any("back" in lib[k].muscles for k in week_uses):
            total += W_BACK
    total -= W_MAX_USE * max(uses.values(), default=0)
    return total
