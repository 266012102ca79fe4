"""progression: every dose is the progression's; lighter weeks prefer easier variants."""

from __future__ import annotations

import dataclasses

from optimizer.domain import Level
from optimizer.workouts.library import by_key, difficulty
from optimizer.workouts.problem import History, Step, build_problem
from optimizer.workouts.rules.progression import W_VARIANT
from optimizer.workouts.selection import step_model
from tests.workouts.support import MON, THU, broken, planned, session

CTX = (MON, THU)


def test_the_planned_doses_pass() -> None:
    assert "progression" not in broken(CTX, planned(CTX))


def test_a_harder_dose_is_refused() -> None:
    a, b = planned(CTX)
    squat = a.items[0]
    heavier = dataclasses.replace(a, items=(dataclasses.replace(squat, reps=15), *a.items[1:]))
    assert "progression" in broken(CTX, (heavier, b))


def test_a_wrong_week_label_or_warm_up_is_refused() -> None:
    a, b = planned(CTX)
    assert broken(CTX, (dataclasses.replace(a, intensity="deload"), b)) == {"progression"}
    assert broken(CTX, (dataclasses.replace(a, warmup_minutes=10), b)) >= {"progression"}


def test_lighter_weeks_prefer_easier_variants_later_blocks_harder() -> None:
    """Soft: the same exercise gains less in a deload than in build block 3, by its
    difficulty (goblet squat is one step above the bodyweight squat)."""
    deload, late = session(7 * 3), session(7 * 10)
    problem = build_problem([deload, late], Level.INTERMEDIATE, "mixed", "gym")
    history = History()
    light = step_model(Step(problem, 0, history)).gains
    history.add(["plank"])
    hard = step_model(Step(problem, 1, history)).gains
    steps = difficulty("back_squat")
    assert steps == 2 and by_key()["back_squat"].easier == "goblet_squat"
    assert hard["back_squat"] - light["back_squat"] == 2 * W_VARIANT * steps
    assert hard["bodyweight_squat"] == light["bodyweight_squat"]
