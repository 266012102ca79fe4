"""The exercise selection: which exercises each session gets.

Session by session in day order (see ``benchmarks/WORKOUTS.md`` for why): each session's
model is built from every rule's part (:func:`step_model`), given what the sessions before
it chose, and solved by branch-and-bound in Python (:mod:`~.search`: about a millisecond,
proven optimal for nearly every session; at its node limit it keeps the best choice found).
If the search finds nothing, CP-SAT solves the very same model (:mod:`~.cpsat`); if a
session has no valid choice left, one CP-SAT model over all sessions decides
(:mod:`~.joint`). The doses are fixed beforehand by the progression; the models choose
only *which* exercises. OR-Tools is imported only when CP-SAT is needed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from optimizer.domain import Level
from optimizer.workouts.library import by_key
from optimizer.workouts.model import StepModel
from optimizer.workouts.problem import History, Problem, Step, build_problem
from optimizer.workouts.progression import build_workout
from optimizer.workouts.rules import RULES, WorkoutRule
from optimizer.workouts.search import branch_and_bound
from optimizer.workouts.types import SessionContext, Workout

#: Per session (day order): the chosen exercise keys, sorted.
Choice = list[tuple[str, ...]]

STRATEGIES = ("search", "cpsat", "joint")


@dataclass(frozen=True)
class Stats:
    """What one selection run cost and found (for tests and ``benchmarks/WORKOUTS.md``).

    Attributes:
        strategy: ``"search"``, ``"cpsat"`` or ``"joint"``.
        seconds: Wall time, model building included.
        objective: :func:`score` of the answer (0 without one).
        nodes: Branch-and-bound nodes over all sessions.
        proven: Sessions whose choice is proven best (by the search or by CP-SAT).
        cpsat_models: Models handed to CP-SAT.
        status: ``"optimal"`` (every session proven), ``"feasible"``, or why there is none.
    """

    strategy: str
    seconds: float
    objective: int
    nodes: int
    proven: int
    cpsat_models: int
    status: str


def step_model(step: Step, rules: Sequence[WorkoutRule] = RULES) -> StepModel:
    """One session's model: every rule's part, in the registry's order."""
    m = StepModel(step.problem.pool)
    for rule in rules:
        rule.step(step, m)
    return m


def score(problem: Problem, choice: Choice) -> int:
    """The plan objective of a choice, without a solver: each session's objective given
    the sessions before it (what the sequential selection maximises, step by step)."""
    history = History()
    total = 0
    for p, keys in enumerate(choice):
        total += step_model(Step(problem, p, history)).objective(keys)
        history.add(keys)
    return total


def _sequential(problem: Problem, seed: int, exact_search: bool) -> tuple[Choice | None, Stats]:
    """Session by session: branch-and-bound first (``exact_search``), CP-SAT if it gives up."""
    from optimizer.workouts.cpsat import solve_step

    t0 = time.perf_counter()
    strategy = "search" if exact_search else "cpsat"
    history = History()
    nodes = cpsat = proven = objective = 0
    for p in range(len(problem.slots)):
        m = step_model(Step(problem, p, history))
        answer = branch_and_bound(m) if exact_search else None
        if answer is not None:
            nodes += answer.nodes
        if answer is None or answer.status in ("limit", "infeasible"):
            # CP-SAT on the very same model: the reference strategy, a search that found
            # nothing in its node limit, or a second opinion before the one-model fallback.
            answer = solve_step(m, seed)
            cpsat += 1
        if answer.keys is None:
            seconds = time.perf_counter() - t0
            return None, Stats(strategy, seconds, 0, nodes, proven, cpsat, answer.status)
        proven += answer.status == "optimal"
        objective += m.objective(answer.keys)  # what score() replays, summed as it goes
        history.add(answer.keys)
    seconds = time.perf_counter() - t0
    status = "optimal" if proven == len(problem.slots) else "feasible"
    return history.choice, Stats(strategy, seconds, objective, nodes, proven, cpsat, status)


def _joint(problem: Problem, seed: int, limit: float | None) -> tuple[Choice | None, Stats]:
    """One CP-SAT model over every session."""
    from optimizer.solver import run
    from optimizer.workouts.cpsat import DETERMINISTIC_SECONDS, settings
    from optimizer.workouts.joint import build_joint

    t0 = time.perf_counter()
    j = build_joint(problem, RULES)
    solved = run(j.model, settings(seed, limit or DETERMINISTIC_SECONDS))
    seconds = time.perf_counter() - t0
    if not solved.ok:
        return None, Stats("joint", seconds, 0, 0, 0, 1, solved.status.value)
    choice = [tuple(sorted(k for k, v in xs.items() if solved.boolean(v))) for xs in j.x]
    return choice, Stats("joint", seconds, score(problem, choice), 0, 0, 1, solved.status.value)


def _plan(
    contexts: Sequence[SessionContext],
    level: Level,
    program: str,
    equipment: str,
    seed: int,
    strategy: str = "search",
    limit: float | None = None,
) -> tuple[tuple[Workout, ...], list[Stats]]:
    """Plan with a named strategy; returns the workouts and what each run cost.

    ``"search"`` (the default, see ``benchmarks/WORKOUTS.md``): session by session, exact
    branch-and-bound with CP-SAT when it gives up; ``"cpsat"``: session by session, every
    model solved by CP-SAT (the reference); ``"joint"``: one model over all sessions. The
    sequential strategies fall back to ``"joint"`` if a session has no valid choice left.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}: choose one of {', '.join(STRATEGIES)}")
    if not contexts:
        return (), []
    problem = build_problem(contexts, level, program, equipment)
    stats: list[Stats] = []
    best: Choice | None = None
    if strategy != "joint":
        best, st = _sequential(problem, seed, exact_search=strategy == "search")
        stats.append(st)
    if best is None:
        best, st = _joint(problem, seed, limit)
        stats.append(st)
    if best is None:
        raise ValueError(
            "no exercise selection keeps every workout rule for these sessions (each needs leg "
            "and core work, each week calf, glute and hamstring work, and they must vary): "
            "try longer sessions, more equipment or another program"
        )
    lib = by_key()
    allowed = problem.pool_keys
    out: list[Workout | None] = [None] * len(contexts)
    for slot, keys in zip(problem.slots, best, strict=True):
        chosen = [lib[k] for k in keys]
        out[slot.index] = build_workout(slot.ctx, chosen, level, program, allowed)
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
        program: One of :data:`~optimizer.workouts.library.PROGRAMS`.
        equipment: ``"gym"``, ``"home"`` or ``"none"``.
        seed: Solver seed for the CP-SAT models; the same inputs give the same workouts.

    Returns:
        One workout per context, in the same order.

    Raises:
        ValueError: Unknown program or equipment, the plyometric program for a
            non-advanced athlete, or sessions that cannot keep every rule.
    """
    workouts, _ = _plan(contexts, level, program, equipment, seed)
    return workouts
