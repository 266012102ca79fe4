"""Workouts on the watch: every FIT file decodes (Garmin's SDK) back to the plan's workout.

The expected steps are built here from the workout stage's own objects (``Workout``,
``Prescription``, the library and its timing), not from the page's view, and compared with
the steps a watch runs (repeats unrolled).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import defaultdict
from dataclasses import replace

import pytest

from optimizer.domain import InputError
from optimizer.render import fit
from optimizer.render.view import (
    ExerciseView,
    PlanView,
    SessionView,
    plan_view,
    workout_view,
)
from optimizer.workouts import Prescription, Workout
from optimizer.workouts.library import by_key
from optimizer.workouts.timing import CHANGEOVER_SECONDS, SIDE_SWITCH_SECONDS
from tests.render_support import Ran, fit_exercises, fit_timeline, read_fit


@pytest.fixture(scope="module")
def marathon(planned):
    outcome = planned("marathon_google")
    view = plan_view(outcome)
    return outcome, view, fit.fit_files(view)


def _name(base: str, suffix: str = "") -> str:
    """A step name as the watch gets it: the suffix kept whole, the name cut to make room."""
    room = fit.MAX_NAME - len(suffix.encode())
    return base.encode()[:room].decode("utf-8", "ignore") + suffix


def expected_timeline(wo: Workout) -> list[tuple]:
    """What the watch should run for a workout: (intensity, name, reps, seconds) per step."""
    lib = by_key()
    out: list[tuple] = [("warmup", "Warm-up", None, wo.warmup_minutes * 60)]
    for p in wo.items:
        ex = lib[p.exercise]
        out.append(("rest", _name(f"Set up: {ex.name}"), None, CHANGEOVER_SECONDS[ex.equipment]))
        for k in range(p.sets):
            if k:
                out.append(("rest", "Rest", None, p.rest_seconds))  # between sets only
            if p.reps is not None:
                name = _name(ex.name, f" ({p.reps} each side)" if ex.unilateral else "")
                out.append(("active", name, p.reps * ex.sides, None))  # the watch counts both
            elif ex.unilateral:
                out += [
                    ("active", _name(ex.name, " (one side)"), None, p.seconds),
                    ("rest", "Switch sides", None, SIDE_SWITCH_SECONDS),
                    ("active", _name(ex.name, " (other side)"), None, p.seconds),
                ]
            else:
                out.append(("active", _name(ex.name), None, p.seconds))
    return out


def ran(messages: dict) -> list[tuple]:
    return [(r.intensity, r.name, r.reps, r.seconds) for r in fit_timeline(messages)]


def reps_seconds(wo: Workout) -> int:
    """The time the plan gives the rep sets (a reps step has no time of its own)."""
    return sum(p.sets * p.set_seconds() for p in wo.items if p.reps is not None)


def test_every_file_runs_the_plans_workout_step_by_step(marathon):
    outcome, view, files = marathon
    assert sorted(files) == sorted(s.fit_name for s in view.sessions)
    shapes = set()
    for s, wo in zip(view.sessions, outcome.workouts, strict=True):
        messages = read_fit(files[s.fit_name])
        (file_id,) = messages["file_id_mesgs"]
        assert file_id["type"] == "workout" and file_id["time_created"] == view.stamp
        (workout,) = messages["workout_mesgs"]
        assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
        assert workout["num_valid_steps"] == len(messages["workout_step_mesgs"])
        assert workout["wkt_description"].startswith(s.summary)
        assert wo.effort and wo.effort in workout["wkt_description"]
        assert ran(messages) == expected_timeline(wo)
        # The watch's steps take the time the session's time line says.
        timed = sum(r.seconds or 0 for r in fit_timeline(messages))
        assert timed + reps_seconds(wo) == wo.content_seconds()
        warmup = messages["workout_step_mesgs"][0]
        assert warmup["notes"] == wo.warmup_text()
        for p in wo.items:
            ex = by_key()[p.exercise]
            shapes.add((p.sets, ex.unilateral, p.reps is None))
    # The sample plan has every shape: 2 and 3 sets, one side and both, reps and holds.
    assert shapes == {
        (n, side, hold) for n in (2, 3) for side in (True, False) for hold in (True, False)
    }


def test_folded_back_each_exercise_has_the_plans_dose_rest_and_sets(marathon):
    outcome, view, files = marathon
    for s, wo in zip(view.sessions, outcome.workouts, strict=True):
        folded = fit_exercises(read_fit(files[s.fit_name]))
        assert len(folded) == len(wo.items)
        for got, p in zip(folded, wo.items, strict=True):
            ex = by_key()[p.exercise]
            assert got.name.startswith(ex.name[:20])
            assert (got.sets, got.reps, got.seconds) == (p.sets, p.reps, p.seconds)
            assert got.each_side == ex.unilateral
            assert got.rest_seconds == (p.rest_seconds if p.sets > 1 else 0)
            assert got.setup_seconds == CHANGEOVER_SECONDS[ex.equipment]


def _session(view: PlanView, wo: Workout) -> SessionView:
    start = dt.datetime(2027, 1, 4, 7, 0, tzinfo=dt.UTC)
    return SessionView(
        uid="test-uid",
        start=start,
        end=start + dt.timedelta(minutes=wo.minutes),
        summary=wo.summary,
        workout=workout_view(wo),
    )


def test_sets_are_a_repeat_with_no_rest_after_the_last_set(marathon):
    """Three sets: one set and its rest under a repeat (twice in all), then the last set; two
    sets are written out; one set has no rest at all. One-sided holds switch sides inside a set."""
    _, view, _ = marathon
    wo = Workout(
        focus="test",
        minutes=30,
        warmup_minutes=5,
        intensity="build",
        effort="Effort: RPE 7 of 10.",
        note="After today's easy run.",
        items=(
            Prescription("side_plank", 3, None, 20, 45, "bodyweight"),
            Prescription("split_squat", 2, 8, None, 60, "bodyweight"),
            Prescription("plank", 1, None, 30, 45, "bodyweight"),
        ),
    )
    messages = read_fit(fit.session_fit(view, _session(view, wo)))
    steps = messages["workout_step_mesgs"]
    repeats = [st for st in steps if st["duration_type"] == "repeat_until_steps_cmplt"]
    assert [(st["duration_step"], st["repeat_steps"]) for st in repeats] == [(2, 2)]
    assert [st.get("wkt_step_name") for st in steps[1:8]] == [
        "Set up: Side plank",
        "Side plank (one side)",
        "Switch sides",
        "Side plank (other side)",
        "Rest",
        None,  # the repeat, back to step 2
        "Side plank (one side)",  # the last set
    ]
    assert ran(messages) == expected_timeline(wo)
    assert ran(messages)[-1] == ("active", "Plank", None, 30)  # nothing after the last set
    timed = sum(r.seconds or 0 for r in fit_timeline(messages))
    assert timed + reps_seconds(wo) == wo.content_seconds()
    split = [r for r in fit_timeline(messages) if r.name.startswith("Split squat")]
    assert [(r.name, r.reps) for r in split] == [("Split squat (8 each side)", 16)] * 2
    (workout,) = messages["workout_mesgs"]
    assert workout["wkt_description"] == (
        "Strength: test, 30 min Effort: RPE 7 of 10. After today's easy run."
    )


def test_exercises_carry_their_fit_category_and_name(marathon):
    from garmin_fit_sdk import Profile

    outcome, view, files = marathon
    types = Profile["types"]
    seen = set()
    for s, wo in zip(view.sessions, outcome.workouts, strict=True):
        messages = read_fit(files[s.fit_name])
        active = [r for r in fit_timeline(messages) if r.intensity == "active"]
        keys = [p.exercise for p in wo.items for _ in range(p.sets * _steps_per_set(p))]
        assert len(keys) == len(active)
        for key, r in zip(keys, active, strict=True):
            category, name = fit.exercise_map()[key]
            assert r.category == category
            if name is None:
                assert r.exercise is None
            else:
                assert types[f"{category}_exercise_name"][r.exercise] == name
            seen.add(key)
        # The watch shows legday's name for each named exercise.
        titles = {
            (t["exercise_category"], t["exercise_name"]): t["wkt_step_name"]
            for t in messages.get("exercise_title_mesgs", [])
        }
        for p in wo.items:
            codes = fit.exercise_map()[p.exercise]
            if codes[1] is not None:
                number = dict((v, k) for k, v in types[f"{codes[0]}_exercise_name"].items())
                assert titles[(codes[0], number[codes[1]])] == by_key()[p.exercise].name
    assert len(seen) >= 30


def _steps_per_set(p: Prescription) -> int:
    return 2 if p.seconds is not None and by_key()[p.exercise].unilateral else 1


def test_every_library_exercise_is_mapped_to_the_fit_profile():
    """Adding an exercise to the library without a FIT mapping fails here; so does a mapping
    left behind for an exercise that is gone, or a name the profile does not have."""
    assert set(fit.exercise_map()) == set(by_key())
    for key in fit.exercise_map():
        category, _ = fit.fit_codes(key)  # raises for a category or name not in the profile
        assert category is not None, key


def test_exercises_share_a_fit_name_only_inside_a_variant_family():
    """A session holds one exercise per family, so the watch's title for a FIT name (the
    ``exercise_title`` message) never has two exercises to name."""
    sharing = defaultdict(set)
    for key, (category, name) in fit.exercise_map().items():
        if name is not None:
            sharing[category, name].add(by_key()[key].family)
    assert all(len(families) == 1 for families in sharing.values())


def test_an_exercise_fit_does_not_know_is_written_by_name(marathon):
    _, view, _ = marathon
    s = view.sessions[0]
    odd = replace(s.workout.exercises[0], key="not_in_the_library", name="Sled push")
    session = replace(s, workout=replace(s.workout, exercises=(odd,)))
    active = [
        st
        for st in read_fit(fit.session_fit(view, session))["workout_step_mesgs"]
        if st.get("intensity") == "active"
    ]
    assert active[0]["wkt_step_name"].startswith("Sled push")
    assert "exercise_category" not in active[0]


def test_text_is_cut_to_whole_characters_within_the_fields_bytes():
    assert fit.cut("Ausfallschritt rückwärts", 17) == "Ausfallschritt r"
    assert fit.cut("Ausfallschritt rückwärts", 18) == "Ausfallschritt rü"
    assert len(fit.cut("é" * 300, fit.MAX_DESCRIPTION).encode()) <= fit.MAX_DESCRIPTION
    e = ExerciseView("x", "Fente arrière " * 5, 2, 10, None, 30, "bodyweight", each_side=True)
    (name,) = fit.step_names(e)
    assert name.endswith(" (10 each side)") and len(name.encode()) <= fit.MAX_NAME


def test_no_library_name_is_cut_on_the_watch():
    for ex in by_key().values():
        for e in (
            ExerciseView(ex.key, ex.name, 3, 99, None, 90, "", each_side=ex.unilateral),
            ExerciseView(ex.key, ex.name, 3, None, 120, 90, "", each_side=ex.unilateral),
        ):
            assert all(n.startswith(ex.name) for n in fit.step_names(e))
        assert len(f"Set up: {ex.name}".encode()) <= fit.MAX_NAME


def test_same_plan_same_bytes_also_from_the_servers_stored_view(planned, marathon):
    _, view, files = marathon
    assert fit.fit_files(plan_view(planned("marathon_google"))) == files
    assert fit.fit_files(PlanView.from_json(view.to_json())) == files


def test_write_fit_dir_replaces_an_earlier_plans_files(tmp_path, marathon):
    _, view, files = marathon
    (tmp_path / "legday-2020-01-01-0700.fit").write_bytes(b"old")
    (tmp_path / "notes.fit").write_bytes(b"mine")
    written, removed = fit.write_fit_dir(view, tmp_path)
    assert sorted(p.name for p in written) == sorted(files)
    assert [p.name for p in removed] == ["legday-2020-01-01-0700.fit"]
    assert (tmp_path / "notes.fit").read_bytes() == b"mine"
    assert all((tmp_path / n).read_bytes() == data for n, data in files.items())


def test_without_the_sdk_one_line_says_how_to_install_it(monkeypatch, marathon):
    _, view, _ = marathon
    monkeypatch.setitem(sys.modules, "garmin_fit_sdk", None)  # import fails
    assert not fit.available()
    with pytest.raises(InputError, match=r"pip install 'legday\[watch\]'"):
        fit.fit_files(view)


def test_the_timeline_reader_unrolls_repeats():
    """The test's own reader: a block under a repeat runs ``repeat_steps`` times in all."""
    steps = [
        {
            "message_index": 0,
            "duration_type": "reps",
            "duration_reps": 5,
            "intensity": "active",
            "wkt_step_name": "A",
        },
        {
            "message_index": 1,
            "duration_type": "time",
            "duration_time": 30.0,
            "intensity": "rest",
            "wkt_step_name": "Rest",
        },
        {
            "message_index": 2,
            "duration_type": "repeat_until_steps_cmplt",
            "duration_step": 0,
            "repeat_steps": 3,
        },
    ]
    names = [r.name for r in fit_timeline({"workout_step_mesgs": steps})]
    assert names == ["A", "Rest"] * 3
    assert fit_timeline({"workout_step_mesgs": steps[:2]})[0] == Ran("active", "A", reps=5)
