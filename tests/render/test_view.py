"""The plan as the pages see it: every session with its workout, stable JSON."""

from __future__ import annotations

import datetime as dt

from optimizer.render.view import PlanView, plan_view


def test_every_session_has_its_workout_and_reasons(planned):
    outcome = planned("marathon_google")
    view = plan_view(outcome)
    assert [s.uid for s in view.sessions] == [s.uid for s in outcome.sessions]
    for s, wo, shown in zip(outcome.sessions, outcome.workouts, view.sessions, strict=True):
        assert shown.workout is not None
        assert [e.key for e in shown.workout.exercises] == [p.exercise for p in wo.items]
        assert [(e.sets, e.reps, e.seconds, e.rest_seconds) for e in shown.workout.exercises] == [
            (p.sets, p.reps, p.seconds, p.rest_seconds) for p in wo.items
        ]
        assert shown.reasons == s.reasons and shown.reasons
        assert shown.workout.warmup == wo.description().splitlines()[0]
        assert shown.workout.warmup.startswith(f"Warm-up: {wo.warmup_minutes} min")
        assert shown.fit_name == f"legday-{s.start:%Y-%m-%d-%H%M}.fit"


def test_runs_are_the_plan_weeks_runs_in_the_athletes_zone(planned):
    outcome = planned("marathon_google")
    view = plan_view(outcome)
    problem = outcome.problem
    inside = [r for r in problem.runs if problem.start <= r.day < problem.end]
    assert len(view.runs) == len(inside)
    assert {r.kind for r in view.runs} >= {"long", "hard", "easy", "race"}
    assert all(str(r.start.tzinfo) == problem.tz for r in view.runs)
    race = [r for r in view.runs if r.kind == "race"]
    assert race and race[-1].title == "Hudson River Marathon"


def test_weekly_volume_adds_up(planned):
    view = plan_view(planned("marathon_google"))
    weeks = view.summary_of_weeks()
    assert len(weeks) == view.weeks
    assert sum(w.sessions for w in weeks) == len(view.sessions)
    assert sum(w.strength_minutes for w in weeks) == sum(s.minutes for s in view.sessions)
    assert sum(w.runs for w in weeks) == sum(1 for r in view.runs if r.kind != "other")
    assert weeks[0].monday == view.start and weeks[0].intensities == ("intro",)


def test_json_round_trip_is_exact_and_stable(planned):
    view = plan_view(planned("marathon_google"))
    data = view.to_json()
    assert PlanView.from_json(data) == view
    assert PlanView.from_json(data).to_json() == data
    assert view.stamp == dt.datetime.combine(view.start, dt.time(0), dt.UTC)


def test_a_session_whose_text_is_not_the_workout_shows_its_own_text(planned):
    """A re-plan carries done and locked sessions over with the text they had: the page must
    not claim a freshly computed workout for them."""
    from dataclasses import replace

    outcome = planned("marathon_google")
    first = replace(outcome.sessions[0], description="Coach's session: hill sprints")
    changed = replace(outcome, sessions=(first, *outcome.sessions[1:]))
    view = plan_view(changed)
    assert view.sessions[0].workout is None and view.sessions[0].fit_name is None
    assert view.sessions[0].description == "Coach's session: hill sprints"
    assert all(s.workout is not None for s in view.sessions[1:])


def test_the_view_holds_the_workouts_own_words_and_times(planned):
    """Read through the workout's public API (report, dose text, its lines), never parsed
    back out of the session's text; the timing adds up to the workout's own."""
    from optimizer.workouts.library import by_key

    outcome = planned("marathon_google")
    view = plan_view(outcome)
    lib = by_key()
    for wo, shown in zip(outcome.workouts, view.sessions, strict=True):
        w = shown.workout
        assert (w.warmup, w.time, w.effort, w.week, w.note) == (
            wo.warmup_text(),
            wo.time_text(),
            wo.effort,
            wo.week_text(),
            wo.note,
        )
        assert w.time.startswith("Time: about") and w.effort.startswith("Effort:")
        for p, e, row in zip(wo.items, w.exercises, wo.report()["exercises"], strict=True):
            assert e.dose == p.dose_text() and e.each_side == row["each_side"]
            assert e.easier == (lib[p.easier].name if p.easier else "")
            assert e.harder == (lib[p.harder].name if p.harder else "")
            one_set = p.set_seconds()
            if e.each_side and p.seconds:
                assert one_set == 2 * p.seconds + e.switch_seconds  # side, switch, side
            assert (e.switch_seconds > 0) == e.each_side
            assert (
                e.setup_seconds + p.sets * one_set + (p.sets - 1) * p.rest_seconds
                == (row["total_seconds"])
            )


def test_a_view_from_another_version_is_not_read(planned):
    """The feed server keeps views; one written by another legday version is refused (and
    the poller plans again instead of serving nothing until the calendar changes)."""
    import json

    from optimizer.render.view import VIEW_VERSION, readable

    old = json.dumps({"version": VIEW_VERSION - 1, "name": "x"}).encode()
    assert not readable(old) and not readable(None) and not readable(b"{")
    assert readable(plan_view(planned("marathon_google")).to_json())
