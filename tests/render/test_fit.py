"""Workouts on the watch: every FIT file decodes (Garmin's SDK) back to the plan's dose."""

from __future__ import annotations

import sys

import pytest

from optimizer.domain import InputError
from optimizer.render import fit
from optimizer.render.view import plan_view
from optimizer.workouts.library import by_key
from tests.render_support import fit_exercises, read_fit


@pytest.fixture(scope="module")
def marathon(planned):
    view = plan_view(planned("marathon_google"))
    return view, fit.fit_files(view)


def test_one_file_per_session_that_decodes_to_the_plan(marathon):
    view, files = marathon
    assert sorted(files) == sorted(s.fit_name for s in view.sessions)
    for s in view.sessions:
        messages = read_fit(files[s.fit_name])
        (file_id,) = messages["file_id_mesgs"]
        assert file_id["type"] == "workout" and file_id["time_created"] == view.stamp
        (workout,) = messages["workout_mesgs"]
        assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
        assert workout["num_valid_steps"] == len(messages["workout_step_mesgs"])
        assert workout["wkt_description"] == s.summary
        expected = [
            (
                e.name + (" (each side)" if e.each_side else ""),
                e.sets,
                e.reps,
                e.seconds,
                e.rest_seconds,
            )
            for e in s.workout.exercises
        ]
        assert fit_exercises(messages) == expected
        warmup = messages["workout_step_mesgs"][0]
        assert warmup["intensity"] == "warmup"
        assert warmup["duration_time"] == s.workout.warmup_minutes * 60
        assert warmup["notes"] in s.workout.warmup


def test_exercises_carry_their_fit_category_and_name(marathon):
    from garmin_fit_sdk import Profile

    view, files = marathon
    types = Profile["types"]
    seen = set()
    for s in view.sessions:
        steps = [
            st
            for st in read_fit(files[s.fit_name])["workout_step_mesgs"]
            if st.get("intensity") == "active"
        ]
        for e, step in zip(s.workout.exercises, steps, strict=True):
            category, name = fit.exercise_map()[e.key]
            assert step["exercise_category"] == category
            if name is not None:
                assert types[f"{category}_exercise_name"][step["exercise_name"]] == name
            seen.add(e.key)
    assert len(seen) >= 10


def test_every_mapped_exercise_exists_in_the_fit_profile():
    for key in fit.exercise_map():
        category, number = fit.fit_codes(key)
        assert category is not None, key
    # Today's library is mapped in full; an exercise added later is still written (by name).
    assert set(by_key()) <= set(fit.exercise_map())


def test_an_exercise_fit_does_not_know_is_written_by_name(marathon):
    from dataclasses import replace

    view, _ = marathon
    s = view.sessions[0]
    odd = replace(s.workout.exercises[0], key="nordic_curl", name="Nordic curl")
    session = replace(s, workout=replace(s.workout, exercises=(odd,)))
    steps = read_fit(fit.session_fit(view, session))["workout_step_mesgs"]
    active = [st for st in steps if st.get("intensity") == "active"]
    assert active[0]["wkt_step_name"] == "Nordic curl"
    assert "exercise_category" not in active[0]


def test_same_plan_same_bytes(planned, marathon):
    _, files = marathon
    assert fit.fit_files(plan_view(planned("marathon_google"))) == files


def test_write_fit_dir_replaces_an_earlier_plans_files(tmp_path, marathon):
    view, files = marathon
    (tmp_path / "legday-2020-01-01-0700.fit").write_bytes(b"old")
    (tmp_path / "notes.fit").write_bytes(b"mine")
    written, removed = fit.write_fit_dir(view, tmp_path)
    assert sorted(p.name for p in written) == sorted(files)
    assert [p.name for p in removed] == ["legday-2020-01-01-0700.fit"]
    assert (tmp_path / "notes.fit").read_bytes() == b"mine"
    assert all((tmp_path / n).read_bytes() == data for n, data in files.items())


def test_without_the_sdk_one_line_says_how_to_install_it(monkeypatch, marathon):
    view, _ = marathon
    monkeypatch.setitem(sys.modules, "garmin_fit_sdk", None)  # import fails
    assert not fit.available()
    with pytest.raises(InputError, match=r"pip install 'legday\[watch\]'"):
        fit.fit_files(view)
