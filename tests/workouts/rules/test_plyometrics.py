"""plyometrics: jumps for advanced runners only, on fresh days only."""

from __future__ import annotations

from optimizer.domain import Level
from optimizer.workouts import session_dose
from tests.workouts.support import MON, THU, broken, hand, keys, planned, session

CTX = (MON, THU)
ADV = Level.ADVANCED


def _with_jump(ctx, w, level=ADV):  # the session's squat becomes a squat jump
    squat = next(
        k
        for k in keys(w)
        if k in ("back_squat", "bodyweight_squat", "goblet_squat", "pause_squat", "wall_sit")
    )
    return hand(ctx, [("squat_jump" if k == squat else k) for k in keys(w)], level)


def test_an_advanced_runner_may_jump_on_a_fresh_day() -> None:
    a, b = planned(CTX, ADV)
    assert broken(CTX, (_with_jump(MON, a), b), ADV) <= {"fills_time"}


def test_no_jumps_for_an_intermediate() -> None:
    a, b = planned(CTX)
    assert "plyometrics" in broken(CTX, (_with_jump(MON, a, Level.INTERMEDIATE), b))


def test_no_jumps_on_a_hard_run_day_nor_before_a_long_run() -> None:
    for day in (session(14, run_today="hard"), session(14, before_long_or_hard=True)):
        assert not session_dose(day, ADV, "mixed").plyometrics
        a, b = planned((day, THU), ADV)
        assert "plyometrics" in broken((day, THU), (_with_jump(day, a), b), ADV)


def test_the_plyometric_program_jumps_whenever_it_may() -> None:
    a, b = planned(CTX, ADV, "plyometric")
    assert broken(CTX, (a, b), ADV, "plyometric") == set()
    assert any(
        p.exercise
        in ("squat_jump", "box_jump", "broad_jump", "lunge_jump", "pogo_hops", "single_leg_hop")
        for p in a.items
    )
    plain = planned(CTX, ADV, "mixed")
    assert "plyometrics" in broken(CTX, plain, ADV, "plyometric")
