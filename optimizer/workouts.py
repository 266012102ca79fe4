"""What each strength session contains: programs, progression and exercise selection.

After the days are fixed, a second CP-SAT stage picks the exercises of every
session. Sets, reps, holds, rests and loads are not decided by the solver: they
follow the program and a progression that depends only on the plan week and the
race phase (so a missed session never makes the next week harder). The solver
chooses *which* exercises, subject to these rules (each re-checked without the
solver by :func:`check_workouts`, under the rule name in brackets):

Hard:
    * the session's work, rests included, fits its minutes after the warm-up
      [``fits_time``];
    * every session has leg work and a core exercise, and no more core
      exercises than leg exercises [``legs_and_core``];
    * every week works the posterior chain: glutes and hamstrings
      [``posterior_chain``];
    * one-leg and two-leg work are balanced over each week: the sets differ by
      at most :data:`BALANCE_SETS` [``unilateral_balance``];
    * an exercise is never in two consecutive sessions, nor twice in one
      [``no_repeat``];
    * plyometrics only for advanced athletes on the plyometric or mixed program,
      never before a long run, hard run or race, nor in a taper or the week
      after a race; the plyometric program has a jump session whenever allowed
      [``plyometrics``];
    * only exercises the athlete's level, equipment and program allow
      [``available``];
    * the doses and number of exercises follow the progression [``progression``].

Soft (the objective): fill each session up to the progression's number of
exercises, with leg work first; use as much of the available library as
possible over the plan; few repeats within a week; an even spread of use over
the plan; some back work every week.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from optimizer.domain import Level, Violation
from optimizer.exercises import PROGRAMS, Exercise, available, by_key

__all__ = [
    "BALANCE_SETS",
    "PROGRAMS",
    "Dose",
    "Prescription",
    "SessionContext",
    "Workout",
    "check_workouts",
    "plan_workouts",
    "prescribe",
    "session_dose",
    "weekly_volume",
]

RACE_PHASES = ("taper", "post_race")
INTENSITIES = ("intro", "build", "deload", "taper", "post-race")

#: Largest allowed weekly difference between one-leg and two-leg sets.
BALANCE_SETS = 3
#: Most sets of one exercise in a session.
MAX_SETS = 3
#: Reps that ``Exercise.seconds_per_set`` is timed for.
REFERENCE_REPS = 10
_LOADED = frozenset({"dumbbells", "kettlebell", "barbell"})

# Objective weights (integers for CP-SAT). An exercise slot filled is worth more
# than anything else, so a session reaches its progression's volume whenever
# it fits; then variety over the plan, then week-level niceties.
W_FILL = 100  # each exercise in a session
W_LEGS = 15  # ... more if it works the legs (legs and middle are the focus)
W_DISTINCT = 50  # each library exercise used at least once in the plan
W_BACK = 20  # each week with some back work
W_WEEK_REPEAT = 10  # each extra use of an exercise within one week
W_MAX_USE = 5  # per use of the most-used exercise (spreads use over the library)

_SOLVER_DETERMINISTIC_SECONDS = 4.0


@dataclass(frozen=True)
class SessionContext:
    """What the selection stage knows about one fixed strength session.

    Attributes:
        day: The session's date.
        week: 0-based plan week; the progression depends on it alone.
        minutes: The session's length, warm-up included.
        before_long_or_hard: A long run, hard run or race is the next day.
        race_phase: None, ``"taper"`` (the weeks leading to a race) or
            ``"post_race"`` (the week after it).
    """

    day: dt.date
    week: int
    minutes: int
    before_long_or_hard: bool = False
    race_phase: str | None = None

    def __post_init__(self) -> None:
        if self.week < 0:
            raise ValueError(f"session on {self.day}: the plan week cannot be negative")
        if not 10 <= self.minutes <= 180:
            raise ValueError(
                f"session on {self.day}: a strength session must be 10 to 180 minutes, "
                f"got {self.minutes}"
            )
        if self.race_phase is not None and self.race_phase not in RACE_PHASES:
            raise ValueError(
                f"session on {self.day}: race phase must be taper or post_race, "
                f"got {self.race_phase!r}"
            )


@dataclass(frozen=True)
class Prescription:
    """One exercise of a workout and how much of it.

    Attributes:
        exercise: The exercise key.
        sets: Number of sets.
        reps: Reps per set (each side when one-sided), or None for a hold.
        seconds: Hold time per set (each side when one-sided), or None.
        rest_seconds: Rest after each set.
        load: How heavy, e.g. ``"about 70% of 1RM"`` or ``"bodyweight"``.
    """

    exercise: str
    sets: int
    reps: int | None
    seconds: int | None
    rest_seconds: int
    load: str

    def __post_init__(self) -> None:
        if not 1 <= self.sets <= MAX_SETS:
            raise ValueError(f"{self.exercise}: sets must be 1 to {MAX_SETS}, got {self.sets}")
        if (self.reps is None) == (self.seconds is None):
            raise ValueError(f"{self.exercise}: give either reps or seconds, not both or neither")
        if (self.reps is not None and self.reps < 1) or (
            self.seconds is not None and self.seconds < 1
        ):
            raise ValueError(f"{self.exercise}: reps and seconds must be positive")
        if self.rest_seconds < 0:
            raise ValueError(f"{self.exercise}: rest cannot be negative")

    def set_seconds(self) -> int:
        """Work time of one set, both sides included.

        Raises:
            KeyError: The exercise is not in the library.
        """
        return _set_work(by_key()[self.exercise], self.reps, self.seconds)

    def total_seconds(self) -> int:
        """Work and rest of all its sets (each set is followed by its rest)."""
        return self.sets * (self.set_seconds() + self.rest_seconds)


@dataclass(frozen=True)
class Workout:
    """The content of one strength session."""

    focus: str
    minutes: int
    warmup_minutes: int
    items: tuple[Prescription, ...]
    intensity: str

    @property
    def summary(self) -> str:
        """A calendar title, e.g. ``"Strength: single-leg & core, 25 min"``."""
        return f"Strength: {self.focus}, {self.minutes} min"

    def work_seconds(self) -> int:
        """Estimated time of the exercises, rests included (warm-up excluded).

        Each set counts its work time and the rest after it; this is what must
        fit into ``minutes - warmup_minutes``.
        """
        return sum(p.total_seconds() for p in self.items)

    def description(self) -> str:
        """The session written out for a calendar event's description.

        The first line is the warm-up; then one line per exercise with its
        dose, rest and load, each followed by its two how-to lines; the last
        line says what kind of week it is.
        """
        lib = by_key()
        jumps = any(lib[p.exercise].plyometric for p in self.items if p.exercise in lib)
        drills = "leg swings, skips and a few easy hops" if jumps else "leg swings and hip circles"
        lines = [f"Warm-up: {self.warmup_minutes} min easy jog or brisk walk, {drills}."]
        for number, p in enumerate(self.items, 1):
            ex = lib.get(p.exercise)
            name = ex.name if ex else p.exercise
            side = " each side" if ex and ex.unilateral else ""
            dose = (
                f"{p.sets} x {p.reps}{side}"
                if p.reps is not None
                else (f"{p.sets} x {p.seconds} s hold{side}")
            )
            lines.append(f"{number}. {name}: {dose}, rest {p.rest_seconds} s, {p.load}")
            if ex:
                lines.extend(f"   {line}" for line in ex.how_to)
        lines.append(_INTENSITY_NOTES.get(self.intensity, ""))
        return "\n".join(line for line in lines if line)


_INTENSITY_NOTES = {
    "intro": "Intro week: start small, learn the movements, finish feeling fresh.",
    "build": "Build week: controlled reps, stop each set with 2-3 reps in reserve.",
    "deload": "Deload week: lighter on purpose so the last weeks' work can sink in.",
    "taper": "Taper: keep the habit, keep it light; the race comes first.",
    "post-race": "Post-race week: easy and light, just get moving again.",
}


# --------------------------------------------------------------------------- progression


@dataclass(frozen=True)
class Dose:
    """How much every exercise of a session gets: a function of week, phase and program.

    Attributes:
        intensity: ``"intro"``, ``"build"``, ``"deload"``, ``"taper"`` or ``"post-race"``.
        sets: Sets per exercise.
        max_exercises: Most exercises in the session.
        reps: Reps per set for strength, functional and core exercises.
        contacts: Jumps per set for plyometrics.
        hold_percent: Holds as a percentage of the exercise's reference hold.
        warmup_minutes: Warm-up length.
        plyometrics: Whether jumps are allowed in this session.
        min_plyometrics: Fewest jump exercises in the session.
        max_plyometrics: Most jump exercises in the session.
    """

    intensity: str
    sets: int
    max_exercises: int
    reps: int
    contacts: int
    hold_percent: int
    warmup_minutes: int
    plyometrics: bool
    min_plyometrics: int
    max_plyometrics: int


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


def _set_work(ex: Exercise, reps: int | None, seconds: int | None) -> int:
    if seconds is not None:
        return seconds * ex.sides
    return math.ceil(ex.seconds_per_set * (reps or 0) / REFERENCE_REPS)


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


def _workout(
    ctx: SessionContext, chosen: Sequence[Exercise], level: Level, program: str
) -> Workout:
    dose = session_dose(ctx, level, program)
    # Jumps first while fresh, then big lifts, then the rest, core last.
    ordered = sorted(chosen, key=lambda e: (_KIND_ORDER[e.kind], not e.legs, e.key))
    return Workout(
        focus=_focus(ordered),
        minutes=ctx.minutes,
        warmup_minutes=dose.warmup_minutes,
        items=tuple(prescribe(e, ctx, level, program) for e in ordered),
        intensity=dose.intensity,
    )


# --------------------------------------------------------------------------- the problem


@dataclass(frozen=True)
class _Slot:
    """One session as the selection models see it."""

    index: int  # position in the caller's contexts
    ctx: SessionContext
    dose: Dose
    candidates: tuple[Exercise, ...]
    seconds: dict[str, int]  # time of the exercise's prescription, rests included
    budget: int  # seconds available after the warm-up


@dataclass(frozen=True)
class _Problem:
    slots: tuple[_Slot, ...]  # in day order
    weeks: dict[int, tuple[int, ...]]  # week -> positions in slots
    library: tuple[Exercise, ...]  # everything any slot may use


def _problem(
    contexts: Sequence[SessionContext], level: Level, program: str, equipment: str
) -> _Problem:
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
        slots.append(_Slot(i, ctx, dose, cands, seconds, budget))
        _check_fits(slots[-1])
    weeks: dict[int, list[int]] = defaultdict(list)
    for pos, slot in enumerate(slots):
        weeks[slot.ctx.week].append(pos)
    return _Problem(tuple(slots), {w: tuple(p) for w, p in sorted(weeks.items())}, pool)


def _check_fits(slot: _Slot) -> None:
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


Choice = list[tuple[str, ...]]  # per slot (day order): chosen exercise keys, sorted


def _score(problem: _Problem, choice: Choice) -> int:
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


# --------------------------------------------------------------------------- CP-SAT models


@dataclass(frozen=True)
class _Stats:
    strategy: str
    build_seconds: float
    solve_seconds: float
    objective: int
    bound: float | None
    status: str


def _add_session_rules(model, slot: _Slot, x: dict[str, object]) -> None:
    """Hard rules of one session: time, legs + core, count, jumps."""
    cands = slot.candidates
    model.add(sum(slot.seconds[e.key] * x[e.key] for e in cands) <= slot.budget)
    model.add(sum(x[e.key] for e in cands if e.legs) >= 1)
    model.add(sum(x[e.key] for e in cands if e.core) >= 1)
    # Legs first: never more core exercises than leg exercises.
    model.add(sum(x[e.key] for e in cands if e.legs) >= sum(x[e.key] for e in cands if e.core))
    model.add(sum(x[e.key] for e in cands) <= slot.dose.max_exercises)
    jumps = [x[e.key] for e in cands if e.plyometric]
    if jumps:
        model.add(sum(jumps) <= slot.dose.max_plyometrics)
        model.add(sum(jumps) >= slot.dose.min_plyometrics)


def _balance_terms(slot: _Slot, x: dict[str, object]) -> list:
    s = slot.dose.sets
    return [(s if e.unilateral else -s) * x[e.key] for e in slot.candidates if e.legs]


def _solver(seed: int, limit: float):
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # one worker: same answer every run
    solver.parameters.random_seed = seed
    # A deterministic (work-based) limit, not wall-clock, so results never depend on load.
    solver.parameters.max_deterministic_time = limit
    return solver


def _solve_joint(
    problem: _Problem,
    seed: int,
    hint: Choice | None = None,
    limit: float = _SOLVER_DETERMINISTIC_SECONDS,
) -> tuple[Choice | None, _Stats]:
    """One model over all sessions."""
    from ortools.sat.python import cp_model

    t0 = time.perf_counter()
    model = cp_model.CpModel()
    slots = problem.slots
    x = [
        {e.key: model.new_bool_var(f"x[{p},{e.key}]") for e in slot.candidates}
        for p, slot in enumerate(slots)
    ]
    for p, slot in enumerate(slots):
        _add_session_rules(model, slot, x[p])
    for p in range(1, len(slots)):
        for k in x[p].keys() & x[p - 1].keys():
            model.add_bool_or([~x[p][k], ~x[p - 1][k]])
    lib = by_key()
    objective = []
    chosen = [set(keys) for keys in hint] if hint is not None else [set() for _ in slots]
    hints: list[tuple[object, int | bool]] = []
    for w, positions in problem.weeks.items():
        for muscle in ("glutes", "hamstrings"):
            model.add_bool_or(
                [x[p][k] for p in positions for k in x[p] if muscle in lib[k].muscles]
            )
        bal = [t for p in positions for t in _balance_terms(slots[p], x[p])]
        model.add(sum(bal) <= BALANCE_SETS)
        model.add(sum(bal) >= -BALANCE_SETS)
        back = model.new_bool_var(f"back(week={w})")
        backs = [(p, k) for p in positions for k in x[p] if "back" in lib[k].muscles]
        model.add_bool_or([~back] + [x[p][k] for p, k in backs])
        objective.append(W_BACK * back)
        hints.append((back, any(k in chosen[p] for p, k in backs)))
        for k in sorted({k for p in positions for k in x[p]}):
            mine = [p for p in positions if k in x[p]]
            if len(mine) > 1:
                rep = model.new_int_var(0, len(mine) - 1, f"week_repeat(week={w},{k})")
                model.add(rep >= sum(x[p][k] for p in mine) - 1)
                objective.append(-W_WEEK_REPEAT * rep)
                hints.append((rep, max(0, sum(k in chosen[p] for p in mine) - 1)))
    max_use = model.new_int_var(0, len(slots), "max_use")
    most = 0
    for e in problem.library:
        mine = [p for p in range(len(slots)) if e.key in x[p]]
        if not mine:
            continue
        model.add(sum(x[p][e.key] for p in mine) <= max_use)
        distinct = model.new_bool_var(f"distinct({e.key})")
        model.add_bool_or([~distinct, *(x[p][e.key] for p in mine)])
        objective.append(W_DISTINCT * distinct)
        n = sum(e.key in chosen[p] for p in mine)
        most = max(most, n)
        hints.append((distinct, n > 0))
    objective.append(-W_MAX_USE * max_use)
    hints.append((max_use, most))
    for p in range(len(slots)):
        for k, v in x[p].items():
            objective.append((W_FILL + (W_LEGS if lib[k].legs else 0)) * v)
            hints.append((v, k in chosen[p]))
    model.maximize(sum(objective))
    if hint is not None:
        # A complete hint (auxiliary variables too), so the search starts from it.
        for var, value in hints:
            model.add_hint(var, value)
    build = time.perf_counter() - t0
    solver = _solver(seed, limit)
    status = solver.solve(model)
    solve = time.perf_counter() - t0 - build
    name = solver.status_name(status).lower()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, _Stats("joint", build, solve, 0, None, name)
    choice = [tuple(sorted(k for k, v in xs.items() if solver.boolean_value(v))) for xs in x]
    return choice, _Stats(
        "joint" if hint is None else "joint+hint",
        build,
        solve,
        _score(problem, choice),
        solver.best_objective_bound,
        name,
    )


def _solve_sequential(problem: _Problem, seed: int) -> tuple[Choice | None, _Stats]:
    """Session by session in day order, each a small CP-SAT model (greedy).

    Each step knows what the earlier sessions chose and scores its own choice
    with the plan objective's marginal terms. (Looking one session ahead was
    measured too: 50-100x slower and no better, see ``benchmarks/WORKOUTS.md``.)
    """
    from ortools.sat.python import cp_model

    lib = by_key()
    slots = problem.slots
    choice: Choice = []
    uses: dict[str, int] = defaultdict(int)
    build = solve = 0.0
    week_of = {p: w for w, ps in problem.weeks.items() for p in ps}
    for p, slot in enumerate(slots):
        t0 = time.perf_counter()
        week = week_of[p]
        earlier = [q for q in problem.weeks[week] if q < p]
        week_keys = {k for q in earlier for k in choice[q]}
        model = cp_model.CpModel()
        x = {e.key: model.new_bool_var(f"x[{e.key}]") for e in slot.candidates}
        _add_session_rules(model, slot, x)
        for k in choice[p - 1] if p else ():
            if k in x:
                model.add(x[k] == 0)
        # Keep the week's one-leg/two-leg difference in bounds after every session,
        # so the week's total stays in bounds whatever comes later.
        so_far = sum(
            (slots[q].dose.sets if lib[k].unilateral else -slots[q].dose.sets)
            for q in earlier
            for k in choice[q]
            if lib[k].legs
        )
        bal = _balance_terms(slot, x)
        model.add(so_far + sum(bal) <= BALANCE_SETS)
        model.add(so_far + sum(bal) >= -BALANCE_SETS)
        if problem.weeks[week][-1] == p:  # the week's last chance for the posterior chain
            for muscle in ("glutes", "hamstrings"):
                if not any(muscle in lib[k].muscles for k in week_keys):
                    model.add_bool_or([v for k, v in x.items() if muscle in lib[k].muscles])
        terms = []
        if not any("back" in lib[k].muscles for k in week_keys):
            back = model.new_bool_var(f"back(week={week})")  # once a week, not per exercise
            model.add_bool_or([~back] + [v for k, v in x.items() if "back" in lib[k].muscles])
            terms.append(W_BACK * back)
        for k, v in x.items():
            gain = W_FILL + (W_LEGS if lib[k].legs else 0)
            gain += W_DISTINCT if uses[k] == 0 else 0
            gain -= W_WEEK_REPEAT if k in week_keys else 0
            gain -= uses[k]  # prefer the less used: a stand-in for the max-use term
            terms.append(gain * v)
        model.maximize(sum(terms))
        t1 = time.perf_counter()
        solver = _solver(seed, _SOLVER_DETERMINISTIC_SECONDS)
        status = solver.solve(model)
        build += t1 - t0
        solve += time.perf_counter() - t1
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, _Stats("sequential", build, solve, 0, None, solver.status_name(status))
        keys = tuple(sorted(k for k, v in x.items() if solver.boolean_value(v)))
        choice.append(keys)
        for k in keys:
            uses[k] += 1
    return choice, _Stats("sequential", build, solve, _score(problem, choice), None, "feasible")


STRATEGIES = ("sequential", "joint", "hinted")


def _plan(
    contexts: Sequence[SessionContext],
    level: Level,
    program: str,
    equipment: str,
    seed: int,
    strategy: str = "sequential",
    limit: float = _SOLVER_DETERMINISTIC_SECONDS,
) -> tuple[tuple[Workout, ...], list[_Stats]]:
    """Plan with a named strategy; returns the workouts and what each solve cost.

    ``"sequential"`` (the default, see ``benchmarks/WORKOUTS.md``): session by
    session, each a small CP-SAT model; if that paints itself into a corner, one
    model over all sessions decides. ``"joint"``: one model over all sessions.
    ``"hinted"``: sequential, then one model started from its answer; the
    better of the two is kept.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}: choose one of {', '.join(STRATEGIES)}")
    if not contexts:
        return (), []
    problem = _problem(contexts, level, program, equipment)
    stats: list[_Stats] = []
    best: Choice | None = None
    if strategy in ("sequential", "hinted"):
        best, st = _solve_sequential(problem, seed)
        stats.append(st)
    if strategy in ("joint", "hinted") or best is None:
        joint, st = _solve_joint(problem, seed, hint=best, limit=limit)
        stats.append(st)
        if joint is not None and (best is None or _score(problem, joint) > _score(problem, best)):
            best = joint
    if best is None:
        raise ValueError(
            "no exercise selection satisfies every rule for these sessions "
            "(an exercise cannot repeat in back-to-back sessions, and each week needs "
            "glutes, hamstrings and balanced one-leg work): try longer sessions or more equipment"
        )
    lib = by_key()
    out: list[Workout | None] = [None] * len(contexts)
    for slot, keys in zip(problem.slots, best, strict=True):
        out[slot.index] = _workout(slot.ctx, [lib[k] for k in keys], level, program)
    return tuple(w for w in out if w is not None), stats


def plan_workouts(
    contexts: Sequence[SessionContext],
    *,
    level: Level,
    program: str = "mixed",
    equipment: str = "gym",
    seed: int = 0,
) -> tuple[Workout, ...]:
    """Choose the exercises of every session, after the days are fixed.

    Args:
        contexts: The sessions, in any order.
        level: The athlete's level.
        program: One of :data:`PROGRAMS`.
        equipment: ``"gym"``, ``"home"`` or ``"none"``.
        seed: Solver seed; the same inputs and seed give the same workouts.

    Returns:
        One workout per context, in the same order.

    Raises:
        ValueError: Unknown program or equipment, the plyometric program for a
            non-advanced athlete, or sessions too short to hold leg and core work.
    """
    workouts, _ = _plan(contexts, level, program, equipment, seed)
    return workouts


# --------------------------------------------------------------------------- checker


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

    def bad(rule: str, day: dt.date | None, message: str) -> None:
        out.append(Violation(rule, day, message))

    known: list[list[Exercise]] = []
    for ctx, w in zip(contexts, workouts, strict=True):
        day = ctx.day
        exs = [lib[p.exercise] for p in w.items if p.exercise in lib]
        known.append(exs)
        for p in w.items:
            if p.exercise not in lib:
                bad("available", day, f"{p.exercise!r} is not in the exercise library")
            elif p.exercise not in allowed:
                bad(
                    "available",
                    day,
                    f"{lib[p.exercise].name} is not for a {level.value} athlete with "
                    f"{equipment!r} equipment on the {program} program",
                )
        keys = [p.exercise for p in w.items]
        for k in sorted({k for k in keys if keys.count(k) > 1}):
            bad("no_repeat", day, f"{k} appears twice in one session")
        out.extend(_check_progression(ctx, w, level, program, lib))
        if len(exs) == len(w.items):
            budget = (ctx.minutes - w.warmup_minutes) * 60
            if w.work_seconds() > budget:
                bad(
                    "fits_time",
                    day,
                    f"the exercises take {w.work_seconds()} s but only {budget} s are left "
                    f"after a {w.warmup_minutes}-minute warm-up",
                )
        n_legs = sum(e.legs for e in exs)
        n_core = sum(e.core for e in exs)
        if not n_legs or not n_core:
            missing = " and ".join(part for part, n in (("leg", n_legs), ("core", n_core)) if not n)
            bad("legs_and_core", day, f"the session has no {missing} exercise")
        elif n_core > n_legs:
            bad(
                "legs_and_core",
                day,
                f"{n_core} core exercises but only {n_legs} for the legs: legs come first",
            )
        out.extend(_check_jumps(ctx, exs, level, program))

    weeks: dict[int, list[int]] = defaultdict(list)
    for i, ctx in enumerate(contexts):
        weeks[ctx.week].append(i)
    for week, idx in sorted(weeks.items()):
        first = min(contexts[i].day for i in idx)
        exs = [e for i in idx for e in known[i]]
        for muscle in ("glutes", "hamstrings"):
            if not any(muscle in e.muscles for e in exs):
                bad("posterior_chain", first, f"week {week} has no {muscle} exercise")
        uni = bi = 0
        for i in idx:
            for p in workouts[i].items:
                e = lib.get(p.exercise)
                if e and e.legs:
                    if e.unilateral:
                        uni += p.sets
                    else:
                        bi += p.sets
        if abs(uni - bi) > BALANCE_SETS:
            bad(
                "unilateral_balance",
                first,
                f"week {week} has {uni} one-leg and {bi} two-leg sets "
                f"(more than {BALANCE_SETS} apart)",
            )

    order = sorted(range(len(contexts)), key=lambda i: (contexts[i].day, i))
    for a, b in zip(order, order[1:], strict=False):
        shared = {p.exercise for p in workouts[a].items} & {p.exercise for p in workouts[b].items}
        for k in sorted(shared):
            bad("no_repeat", contexts[b].day, f"{k} was also in the session before")
    return out


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
