"""The exercise selection: CP-SAT models that choose which exercises each session gets.

The default strategy goes session by session in day order, each a small model; if that
paints itself into a corner, one model over all sessions decides (see
``benchmarks/WORKOUTS.md`` for the measurements behind that choice). The doses are fixed
beforehand by the progression; the models choose only *which* exercises, and the solver
layer (:mod:`optimizer.solver`) solves them. OR-Tools is imported only when a model is
built, so importing this module stays cheap.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from optimizer.domain import Level
from optimizer.workouts.library import by_key
from optimizer.workouts.problem import (
    W_BACK,
    W_DISTINCT,
    W_FILL,
    W_LEGS,
    W_MAX_USE,
    W_WEEK_REPEAT,
    Choice,
    Problem,
    Slot,
    build_problem,
    score,
)
from optimizer.workouts.progression import build_workout
from optimizer.workouts.types import BALANCE_SETS, SessionContext, Workout

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from optimizer.solver import SolverSettings

    #: One session's choice variables: exercise key -> "chosen" literal.
    _Vars: TypeAlias = Mapping[str, cp_model.IntVar]

_SOLVER_DETERMINISTIC_SECONDS = 4.0


@dataclass(frozen=True)
class _Stats:
    """What one selection solve cost and found (for tests and ``benchmarks/WORKOUTS.md``)."""

    strategy: str
    build_seconds: float
    solve_seconds: float
    objective: int  # :func:`score` of the answer, 0 without one
    bound: int | None  # the joint model's proven bound
    status: str  # legday's status word, e.g. "optimal"


def _settings(seed: int, limit: float) -> SolverSettings:
    """How every selection model is solved.

    One worker, so the same inputs give the same workouts; a deterministic (work-based)
    limit, not wall-clock, so results never depend on machine load (hence no wall-clock
    limit at all). CP-SAT's default linearization and presolve: these models were
    measured with them (``benchmarks/WORKOUTS.md``).
    """
    from optimizer.solver import SolverSettings

    return SolverSettings(
        workers=1,
        seed=seed,
        time_limit=math.inf,
        deterministic_limit=limit,
        linearization=1,
        lean_presolve=False,
    )


# --------------------------------------------------------------------------- shared rules


def _add_session_rules(model: cp_model.CpModel, slot: Slot, x: _Vars) -> None:
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


def _balance_terms(slot: Slot, x: _Vars) -> list[Any]:
    """The session's one-leg minus two-leg sets, as terms (one per leg exercise)."""
    s = slot.dose.sets
    return [(s if e.unilateral else -s) * x[e.key] for e in slot.candidates if e.legs]


# --------------------------------------------------------------------------- one model


@dataclass
class _Objective:
    """The joint model's objective terms and, alongside, a complete hint.

    Every variable the objective uses gets its value in the hinted choice, so a hinted
    search starts from that choice, auxiliary variables included.
    """

    terms: list[Any] = field(default_factory=list)
    hints: list[tuple[Any, int | bool]] = field(default_factory=list)

    def add(self, term: Any, var: Any, value: int | bool) -> None:
        self.terms.append(term)
        self.hints.append((var, value))


def _solve_joint(
    problem: Problem,
    seed: int,
    hint: Choice | None = None,
    limit: float = _SOLVER_DETERMINISTIC_SECONDS,
) -> tuple[Choice | None, _Stats]:
    """One model over all sessions, started from ``hint`` when given."""
    from optimizer.solver import run

    t0 = time.perf_counter()
    model, x = _joint_model(problem, hint)
    build = time.perf_counter() - t0
    solved = run(model, _settings(seed, limit))
    solve = time.perf_counter() - t0 - build
    status = solved.status.value
    if not solved.ok:
        return None, _Stats("joint", build, solve, 0, None, status)
    choice = [tuple(sorted(k for k, v in xs.items() if solved.boolean(v))) for xs in x]
    strategy = "joint" if hint is None else "joint+hint"
    return choice, _Stats(strategy, build, solve, score(problem, choice), solved.bound, status)


def _joint_model(
    problem: Problem, hint: Choice | None
) -> tuple[cp_model.CpModel, list[dict[str, cp_model.IntVar]]]:
    """The model over all sessions: every session's and week's rules, the plan objective."""
    from ortools.sat.python import cp_model

    from optimizer.solver import hint as set_hint

    model = cp_model.CpModel()
    x = _joint_sessions(model, problem.slots)
    chosen = [set(keys) for keys in hint] if hint is not None else [set() for _ in x]
    objective = _Objective()
    for w, positions in problem.weeks.items():
        _add_joint_week(model, problem, x, w, positions, chosen, objective)
    _add_joint_library_use(model, problem, x, chosen, objective)
    lib = by_key()
    for p in range(len(x)):
        for k, v in x[p].items():
            objective.add((W_FILL + (W_LEGS if lib[k].legs else 0)) * v, v, k in chosen[p])
    model.maximize(sum(objective.terms))
    if hint is not None:
        set_hint(model, objective.hints)
    return model, x


def _joint_sessions(
    model: cp_model.CpModel, slots: Sequence[Slot]
) -> list[dict[str, cp_model.IntVar]]:
    """One literal per session and candidate; each session's rules; no back-to-back repeat."""
    x = [
        {e.key: model.new_bool_var(f"x[{p},{e.key}]") for e in slot.candidates}
        for p, slot in enumerate(slots)
    ]
    for p, slot in enumerate(slots):
        _add_session_rules(model, slot, x[p])
    for p in range(1, len(slots)):
        for k in sorted(x[p].keys() & x[p - 1].keys()):
            model.add_bool_or([~x[p][k], ~x[p - 1][k]])
    return x


def _add_joint_week(
    model: cp_model.CpModel,
    problem: Problem,
    x: Sequence[_Vars],
    week: int,
    positions: Sequence[int],
    chosen: Sequence[set[str]],
    objective: _Objective,
) -> None:
    """One week: posterior chain and balance (hard); back work and few repeats (soft)."""
    lib = by_key()
    for muscle in ("glutes", "hamstrings"):
        model.add_bool_or([x[p][k] for p in positions for k in x[p] if muscle in lib[k].muscles])
    bal = [t for p in positions for t in _balance_terms(problem.slots[p], x[p])]
    model.add(sum(bal) <= BALANCE_SETS)
    model.add(sum(bal) >= -BALANCE_SETS)
    back = model.new_bool_var(f"back(week={week})")
    backs = [(p, k) for p in positions for k in x[p] if "back" in lib[k].muscles]
    model.add_bool_or([~back] + [x[p][k] for p, k in backs])
    objective.add(W_BACK * back, back, any(k in chosen[p] for p, k in backs))
    for k in sorted({k for p in positions for k in x[p]}):
        mine = [p for p in positions if k in x[p]]
        if len(mine) > 1:
            rep = model.new_int_var(0, len(mine) - 1, f"week_repeat(week={week},{k})")
            model.add(rep >= sum(x[p][k] for p in mine) - 1)
            used = sum(k in chosen[p] for p in mine)
            objective.add(-W_WEEK_REPEAT * rep, rep, max(0, used - 1))


def _add_joint_library_use(
    model: cp_model.CpModel,
    problem: Problem,
    x: Sequence[_Vars],
    chosen: Sequence[set[str]],
    objective: _Objective,
) -> None:
    """Over the plan: each library exercise used at least once; the most-used one used little."""
    max_use = model.new_int_var(0, len(x), "max_use")
    most = 0
    for e in problem.library:
        mine = [p for p in range(len(x)) if e.key in x[p]]
        if not mine:
            continue
        model.add(sum(x[p][e.key] for p in mine) <= max_use)
        distinct = model.new_bool_var(f"distinct({e.key})")
        model.add_bool_or([~distinct, *(x[p][e.key] for p in mine)])
        n = sum(e.key in chosen[p] for p in mine)
        most = max(most, n)
        objective.add(W_DISTINCT * distinct, distinct, n > 0)
    objective.add(-W_MAX_USE * max_use, max_use, most)


# --------------------------------------------------------------------------- session by session


def _solve_sequential(problem: Problem, seed: int) -> tuple[Choice | None, _Stats]:
    """Session by session in day order, each a small CP-SAT model (greedy).

    Each step knows what the earlier sessions chose and scores its own choice
    with the plan objective's marginal terms. (Looking one session ahead was
    measured too: 50-100x slower and no better, see ``benchmarks/WORKOUTS.md``.)
    """
    from optimizer.solver import run

    choice: Choice = []
    uses: dict[str, int] = defaultdict(int)
    build = solve = 0.0
    week_of = {p: w for w, ps in problem.weeks.items() for p in ps}
    for p in range(len(problem.slots)):
        t0 = time.perf_counter()
        model, x = _step_model(problem, p, week_of[p], choice, uses)
        t1 = time.perf_counter()
        solved = run(model, _settings(seed, _SOLVER_DETERMINISTIC_SECONDS))
        build += t1 - t0
        solve += time.perf_counter() - t1
        if not solved.ok:
            return None, _Stats("sequential", build, solve, 0, None, solved.status.value)
        keys = tuple(sorted(k for k, v in x.items() if solved.boolean(v)))
        choice.append(keys)
        for k in keys:
            uses[k] += 1
    return choice, _Stats("sequential", build, solve, score(problem, choice), None, "feasible")


def _step_model(
    problem: Problem, p: int, week: int, choice: Choice, uses: Mapping[str, int]
) -> tuple[cp_model.CpModel, dict[str, cp_model.IntVar]]:
    """The model of session ``p``, given what the sessions before it chose."""
    from ortools.sat.python import cp_model

    lib = by_key()
    slot = problem.slots[p]
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
        (problem.slots[q].dose.sets if lib[k].unilateral else -problem.slots[q].dose.sets)
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
    model.maximize(sum(_step_terms(model, x, week, week_keys, uses)))
    return model, x


def _step_terms(
    model: cp_model.CpModel,
    x: _Vars,
    week: int,
    week_keys: set[str],
    uses: Mapping[str, int],
) -> list[Any]:
    """One session's share of the plan objective, given the choices before it."""
    lib = by_key()
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
    return terms


# --------------------------------------------------------------------------- strategies


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
    problem = build_problem(contexts, level, program, equipment)
    stats: list[_Stats] = []
    best: Choice | None = None
    if strategy in ("sequential", "hinted"):
        best, st = _solve_sequential(problem, seed)
        stats.append(st)
    if strategy in ("joint", "hinted") or best is None:
        joint, st = _solve_joint(problem, seed, hint=best, limit=limit)
        stats.append(st)
        if joint is not None and (best is None or score(problem, joint) > score(problem, best)):
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
        out[slot.index] = build_workout(slot.ctx, [lib[k] for k in keys], level, program)
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
