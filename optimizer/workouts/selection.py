"""The exercise selection: CP-SAT models that choose which exercises each session gets.

The default strategy goes session by session in day order, each a small model; if that
paints itself into a corner, one model over all sessions decides (see
``benchmarks/WORKOUTS.md`` for the measurements behind that choice). The doses are fixed
beforehand by the progression; the models choose only *which* exercises.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

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

_SOLVER_DETERMINISTIC_SECONDS = 4.0


@dataclass(frozen=True)
class _Stats:
    strategy: str
    build_seconds: float
    solve_seconds: float
    objective: int
    bound: float | None
    status: str


def _add_session_rules(model, slot: Slot, x: dict[str, object]) -> None:
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


def _balance_terms(slot: Slot, x: dict[str, object]) -> list:
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
    problem: Problem,
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
        score(problem, choice),
        solver.best_objective_bound,
        name,
    )


def _solve_sequential(problem: Problem, seed: int) -> tuple[Choice | None, _Stats]:
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
    return choice, _Stats("sequential", build, solve, score(problem, choice), None, "feasible")


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
