"""The progression: doses by program, level, week and day, and how a session is written."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from optimizer.domain import Level
from optimizer.workouts import (
    PROGRAMS,
    Prescription,
    SessionContext,
    Workout,
    prescribe,
    session_dose,
    toughest_run,
    weekly_volume,
)
from optimizer.workouts.library import available, by_key
from tests.workouts.support import MONDAY, planned, session, weekly

INT, BEG, ADV = Level.INTERMEDIATE, Level.BEGINNER, Level.ADVANCED


def dose(week: int, level: Level = INT, program: str = "mixed", **kw: object):
    return session_dose(session(7 * week, **kw), level, program)


def test_sets_build_slowly_with_a_deload_every_fourth_week() -> None:
    assert [(dose(w).intensity, dose(w).sets) for w in range(8)] == [
        ("intro", 2),
        ("intro", 2),
        ("build", 2),
        ("deload", 2),
        ("build", 2),
        ("build", 2),
        ("build", 3),
        ("deload", 2),
    ]
    assert dose(11).intensity == dose(15).intensity == "deload"
    assert dose(6, BEG).sets == 2 and dose(10, BEG).sets == 3  # beginners build slower
    assert dose(9, race_phase="taper").intensity == "taper"
    assert dose(9, race_phase="post_race").intensity == "post-race"


def test_lighter_sessions_fill_less_and_feel_easier() -> None:
    build, deload = dose(5), dose(7)
    assert deload.light and not build.light
    assert deload.fill_high <= build.fill_high and deload.fill_low < build.fill_low
    assert (deload.reps, deload.reserve) == (dose(0).reps, dose(0).reserve)
    assert "RPE 5" in deload.effort and "RPE 7" in dose(9).effort


@pytest.mark.parametrize("week", range(14))
def test_endurance_strength_is_12_to_20_reps_of_1_to_3_sets(week: int) -> None:
    d = dose(week, program="endurance")
    assert 12 <= d.reps <= 20 and 1 <= d.sets <= 3


def test_loads_by_level_one_rep_max_for_those_who_know_it_effort_for_everyone() -> None:
    lib = by_key()
    goblet = lib["goblet_squat"]
    build = session(7 * 5)
    loaded = prescribe(goblet, build, INT, "endurance")
    assert loaded.load.startswith("about 70% of 1RM, or a weight you could lift about")
    for program in PROGRAMS:
        for week in range(16):
            load = prescribe(goblet, session(7 * week), BEG, program).load
            assert "1RM" not in load and "could lift about" in load
    assert prescribe(lib["plank"], build, INT, "mixed").load == "bodyweight"


def test_plyometrics_only_for_advanced_runners_on_fresh_days() -> None:
    assert dose(5, ADV).plyometrics and dose(5, ADV, "plyometric").min_plyometrics == 1
    assert not dose(5, INT).plyometrics
    assert not dose(5, ADV, "endurance").plyometrics
    assert not dose(1, ADV).plyometrics  # not while the movements are new
    for kw in ({"run_today": "hard"}, {"run_today": "long"}, {"before_long_or_hard": True}):
        assert not dose(5, ADV, **kw).plyometrics, kw
    assert not dose(5, ADV, race_phase="taper").plyometrics
    assert dose(5, ADV, run_today="easy").plyometrics


def test_a_beginner_after_an_easy_run_gets_a_lighter_session_and_is_told_why() -> None:
    after, off = dose(5, BEG, run_today="easy"), dose(5, BEG)
    assert after.light and not off.light
    assert after.fill_high < off.fill_high and after.reps <= off.reps
    assert "Lighter today" in after.note and "beginner" in after.note
    assert not dose(5, INT, run_today="easy").light  # others: after the run, as planned
    assert "run first" in dose(5, INT, run_today="easy").note
    assert dose(5, INT, run_today="long").light


def test_weekly_volume_starts_small_and_drops_in_deload_and_taper() -> None:
    contexts = tuple(
        SessionContext(c.day, c.week, 30, race_phase="taper" if c.week in (12, 13) else None)
        for c in weekly(range(14))
    )
    volume = dict(weekly_volume(contexts, planned(contexts)))
    per_week_reps = {}
    for c, w in zip(contexts, planned(contexts), strict=True):
        per_week_reps[c.week] = per_week_reps.get(c.week, 0) + sum(
            p.sets * (p.reps or 0) for p in w.items
        )
    assert per_week_reps[0] < per_week_reps[6] <= per_week_reps[10]  # start small, build
    for deload in (3, 7, 11):
        assert volume[deload] < volume[deload - 1]
        assert per_week_reps[deload] < per_week_reps[deload - 1]
    assert per_week_reps[12] < per_week_reps[10] and per_week_reps[13] < per_week_reps[10]


def test_a_missed_week_does_not_make_the_next_harder() -> None:
    """The dose follows the week number and the day only, never the sessions done."""
    full = tuple(weekly(range(6)))
    skipped = tuple(c for c in full if c.week != 2)

    def doses(contexts: Sequence[SessionContext]) -> dict[int, set]:
        out: dict[int, set] = {}
        for c, w in zip(contexts, planned(contexts), strict=True):
            if c.week >= 3:
                out.setdefault(c.week, set()).update((w.intensity, p.sets, p.reps) for p in w.items)
        return out

    assert doses(skipped) == doses(full)


def test_a_session_written_out() -> None:
    w = planned(tuple(weekly([2], (0, 3))))[0]
    lines = w.description().splitlines()
    lib = by_key()
    assert lines[0].startswith(f"Warm-up: {w.warmup_minutes} min")
    for number, p in enumerate(w.items, 1):
        ex = lib[p.exercise]
        side = " each side" if ex.unilateral else ""
        amount = f"{p.reps}{side}" if p.reps else f"{p.seconds} s hold{side}"
        line = f"{number}. {ex.name}: {p.sets} x {amount}, rest {p.rest_seconds} s, {p.load}"
        assert line in lines
        assert f"   {ex.how_to[0]}" in lines
    minutes = round(w.content_seconds() / 60)
    assert f"Time: about {minutes} of {w.minutes} min" in w.description()
    assert w.effort in lines and w.summary == f"Strength: {w.focus}, {w.minutes} min"
    assert re.search(r"Easier: [^.]+\.", w.description())


def test_a_hand_made_line_with_holds_and_sides() -> None:
    w = Workout(
        focus="legs (lunge) & core",
        minutes=25,
        warmup_minutes=4,
        items=(
            Prescription("forward_lunge", 2, 10, None, 30, "bodyweight"),
            Prescription("side_plank", 2, None, 20, 30, "bodyweight"),
        ),
        intensity="build",
    )
    text = w.description()
    assert "1. Forward lunge: 2 x 10 each side, rest 30 s, bodyweight" in text
    assert "2. Side plank: 2 x 20 s hold each side, rest 30 s, bodyweight" in text
    # lunge: 10 reps x 3 s each side + 5 s to switch = 65 s a set; side plank 2 x 20 + 5 = 45
    assert w.work_seconds() == (2 * 65 + 30 + 15) + (2 * 45 + 30 + 15)
    assert w.report()["exercises"][0]["each_side"] is True


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"minutes": 5}, "10 to 180 minutes"),
        ({"week": -1}, "cannot be negative"),
        ({"race_phase": "race_day"}, "taper or post_race"),
        ({"run_today": "tempo"}, "the day's run must be one of"),
    ],
)
def test_session_context_rejects_bad_values(kwargs: dict[str, object], message: str) -> None:
    base: dict[str, object] = {"day": MONDAY, "week": 0, "minutes": 30}
    with pytest.raises(ValueError, match=message):
        SessionContext(**{**base, **kwargs})  # type: ignore[arg-type]


def test_prescription_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="either reps or seconds"):
        Prescription("plank", 1, 10, 30, 30, "bodyweight")
    with pytest.raises(ValueError, match="sets must be 1 to 3"):
        Prescription("plank", 4, None, 30, 30, "bodyweight")


def test_the_days_toughest_run() -> None:
    assert toughest_run(["easy", "hard"]) == "hard"
    assert toughest_run(["long", "easy", "race"]) == "race"
    assert toughest_run(["other"]) is None and toughest_run([]) is None


def test_every_pool_has_leg_core_and_calf_work() -> None:
    for level in Level:
        for equipment in ("none", "home", "gym"):
            for program in PROGRAMS:
                pool = available(level, equipment, program)
                assert any(e.main_legs for e in pool) and any(e.core for e in pool)
                assert any(e.calves for e in pool), (level, equipment, program)
