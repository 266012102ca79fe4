"""calves_weekly: calf work every week."""

from __future__ import annotations

from optimizer.domain import Level
from tests.workouts.support import MON, THU, broken, keys, planned, swap

CTX = (MON, THU)


def test_a_week_without_calf_raises_is_refused() -> None:
    a, b = planned(CTX)
    assert "calves_weekly" not in broken(CTX, (a, b))
    calf = next(k for k in keys(a) + keys(b) if "calf" in k or k == "toe_raises_heel_drops")
    which = 0 if calf in keys(a) else 1
    plan = [a, b]
    plan[which] = swap(plan[which], CTX[which], calf, "tibialis_raise")
    assert broken(CTX, plan) == {"calves_weekly"}


def test_calf_raises_need_no_equipment() -> None:
    plan = planned(CTX, Level.BEGINNER, "functional", "none")
    assert any("calf" in k for w in plan for k in keys(w))
