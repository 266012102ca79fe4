"""The branch-and-bound agrees with CP-SAT on the very same session models."""

from __future__ import annotations

import random

import pytest

from optimizer.domain import Level
from optimizer.workouts.cpsat import solve_step
from optimizer.workouts.library import library
from optimizer.workouts.model import StepModel
from optimizer.workouts.problem import History, Step, build_problem
from optimizer.workouts.search import branch_and_bound
from optimizer.workouts.selection import step_model
from tests.workouts.support import weekly


def _real_models(level: Level, program: str, equipment: str) -> list[StepModel]:
    """Each session's model of a 6-week plan, given the choices before it."""
    problem = build_problem(weekly(range(6)), level, program, equipment)
    history = History()
    models = []
    for p in range(len(problem.slots)):
        m = step_model(Step(problem, p, history))
        models.append(m)
        answer = solve_step(m)
        assert answer.keys is not None
        history.add(answer.keys)
    return models


@pytest.mark.parametrize(
    ("level", "program", "equipment"),
    [
        (Level.INTERMEDIATE, "mixed", "gym"),
        (Level.BEGINNER, "functional", "none"),
        (Level.ADVANCED, "plyometric", "home"),
    ],
)
def test_proven_answers_match_cpsat(level: Level, program: str, equipment: str) -> None:
    for m in _real_models(level, program, equipment):
        search, cpsat = branch_and_bound(m, 100_000), solve_step(m)
        assert search.status == "optimal"
        assert search.value == cpsat.value
        assert search.keys is not None and not m.broken(search.keys)


def _random_model(rng: random.Random) -> StepModel:
    pool = rng.sample(library(), 18)
    m = StepModel(pool)
    m.at_most_one_per(lambda e: e.pattern)
    for e in pool:
        m.gain(e.key, rng.randint(-20, 60))
    keys = [e.key for e in m.candidates]
    n = rng.randint(2, 5)
    m.add("count", {k: 1 for k in keys}, n, n)
    least = rng.randint(100, 250) * n  # a narrow window: some models have no answer
    m.add(
        "time",
        {k: rng.randint(60, 300) for k in keys},
        least,
        least + rng.randint(0, 90),
        knapsack=True,
    )
    m.add("cover", {k: 1 for k in rng.sample(keys, 6)}, lo=1)
    m.add("cap", {k: 1 for k in rng.sample(keys, 8)}, hi=1)
    m.add("mixed", {k: rng.choice([-1, 1]) for k in keys}, hi=1)
    return m


def test_random_models_agree_with_cpsat_also_when_infeasible() -> None:
    rng = random.Random(11)
    seen = set()
    for _ in range(60):
        m = _random_model(rng)
        search, cpsat = branch_and_bound(m, 100_000), solve_step(m)
        seen.add(search.status)
        if search.status == "infeasible":
            assert cpsat.keys is None
        else:
            assert search.status == "optimal" and search.value == cpsat.value
    assert seen == {"optimal", "infeasible"}


def test_the_node_limit_keeps_the_best_found_or_asks_for_help() -> None:
    m = _real_models(Level.INTERMEDIATE, "mixed", "gym")[0]
    proven = branch_and_bound(m, 100_000)
    early = branch_and_bound(m, 3)
    assert early.status in ("feasible", "limit") and early.nodes == 4
    if early.status == "feasible":
        assert early.value is not None and proven.value is not None
        assert early.value <= proven.value
    else:
        assert early.keys is None
