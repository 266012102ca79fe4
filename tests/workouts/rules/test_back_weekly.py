"""back_weekly (soft): back work is worth more while the week has none."""

from __future__ import annotations

from optimizer.domain import Level
from optimizer.workouts.problem import History, Step, build_problem
from optimizer.workouts.rules.back_weekly import W_BACK
from optimizer.workouts.selection import step_model
from tests.workouts.support import MON, THU


def _gains(first: list[str]) -> dict[str, int]:
    problem = build_problem([MON, THU], Level.INTERMEDIATE, "mixed", "gym")
    history = History()
    history.add(first)
    return step_model(Step(problem, 1, history)).gains


def test_a_row_gains_while_the_week_has_no_back_work() -> None:
    without = _gains(["plank", "bodyweight_squat", "hip_bridge"])  # no back work yet
    paid = _gains(["superman", "bodyweight_squat", "hip_bridge"])  # the superman works the back
    assert without["bent_over_row"] - paid["bent_over_row"] == W_BACK
    assert without["split_squat"] == paid["split_squat"]
