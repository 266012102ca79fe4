"""From source bytes to feed bytes: the feed changes like an updated calendar, never a new one."""

from __future__ import annotations

import collections
import datetime as dt

import pytest

from optimizer.config import PlanOptions
from optimizer.domain import InputError
from optimizer.server.feed import PlanError, SourceData, build_feed, load_sources
from tests.serve_support import every_day_runs, parse_all, runs_calendar


def _opts(**values) -> PlanOptions:
    from optimizer.config import options_from_mapping

    return PlanOptions(
        **options_from_mapping({"name": "Ana", "tz": "Europe/Berlin", **values}, "test")
    )


def _build(body: bytes, previous=(), **kw):
    opts = kw.pop("opts", None) or _opts()
    return build_feed([SourceData("runs 1 (test)", body)], [], opts, list(previous), **kw)


def _uids_once(entries) -> None:
    uids = [e.uid for e in entries]
    assert len(uids) == len(set(uids)), collections.Counter(uids).most_common(3)


def test_first_feed_is_what_legday_plan_writes(tmp_path):
    from optimizer import pipeline
    from optimizer.calendar.export import to_ical

    body = runs_calendar()
    path = tmp_path / "runs.ics"
    path.write_bytes(body)
    opts = _opts()
    outcome = pipeline.plan(pipeline.load([path], [], opts), opts)
    built = _build(body)
    assert built.body == to_ical(outcome.problem, outcome.sessions)
    assert built.sessions == len(outcome.sessions) == built.added


def test_same_sources_give_the_same_bytes():
    first = _build(runs_calendar())
    again = _build(runs_calendar(), first.entries)
    assert again.body == first.body
    assert (again.kept, again.moved, again.added, again.dropped) == (first.sessions, 0, 0, 0)


def test_a_moved_long_run_moves_one_session_with_its_uid():
    first = _build(runs_calendar())
    moved = _build(runs_calendar(long_day={1: 4}), first.entries)
    assert (moved.moved, moved.added, moved.dropped) == (1, 0, 0)
    before = {e.uid: e for e in first.entries}
    changed = [e for e in moved.entries if e.start != before[e.uid].start]
    assert len(changed) == 1 and changed[0].sequence == 1
    assert {e.uid for e in moved.entries} == set(before)
    _uids_once(parse_all(moved.body))


def test_dropped_sessions_stay_published_as_cancelled_and_come_back_once():
    three = _build(runs_calendar(), opts=_opts(sessions="3"))
    two = _build(runs_calendar(), three.entries, opts=_opts(sessions="2"))
    assert two.dropped == three.sessions - two.sessions > 0
    cancelled = [e for e in two.entries if e.status == "CANCELLED"]
    assert len(cancelled) == two.dropped and all(e.sequence == 1 for e in cancelled)
    seen = parse_all(two.body)
    assert sum(e.status == "CANCELLED" for e in seen) == two.dropped
    # The next re-plan still tells offline clients about the cancellations.
    later = _build(runs_calendar(long_day={2: 4}), two.entries, opts=_opts(sessions="2"))
    assert {e.uid for e in later.entries if e.status == "CANCELLED"} >= {e.uid for e in cancelled}
    # Back to three a week: no UID twice, revived events outrank their cancellation.
    back = _build(runs_calendar(), later.entries, opts=_opts(sessions="3"))
    _uids_once(back.entries)
    was_cancelled = {e.uid: e.sequence for e in later.entries if e.status == "CANCELLED"}
    revived = [e for e in back.entries if e.status == "CONFIRMED" and e.uid in was_cancelled]
    assert all(e.sequence > was_cancelled[e.uid] for e in revived)
    _uids_once(parse_all(back.body))


def test_the_past_stays_as_published():
    first = _build(runs_calendar())
    today = dt.date(2027, 3, 15)  # week 3
    # Week 1's long run moves: in the past, so nothing there may change.
    later = _build(runs_calendar(long_day={0: 4, 2: 4}), first.entries, today=today)
    old = {e.uid: e for e in first.entries}
    for e in later.entries:
        if e.start < today.isoformat():
            assert old[e.uid] == e
    assert any(e.start != old[e.uid].start for e in later.entries if e.uid in old)


def test_infeasible_and_garbage_sources_raise_one_line():
    with pytest.raises(PlanError, match="no plan keeps every rule"):
        _build(every_day_runs(), opts=_opts(level="beginner"))
    with pytest.raises(InputError, match=r"runs 1 \(test\)"):
        _build(b"<html>not a calendar</html>")


def test_several_sources_and_busy_calendars_plan_together():
    runs = runs_calendar()
    extra = runs_calendar(start=dt.date(2027, 3, 29), weeks=1)
    loaded = load_sources([SourceData("a", runs), SourceData("b", extra)], [], _opts())
    assert loaded.problem.weeks == 5
    assert loaded.problem.tz == "Europe/Berlin"


@pytest.mark.parametrize(
    ("sample", "values"),
    [
        ("10k_outlook.ics", {}),
        ("beginner_5k.ics", {"level": "beginner", "weeks": 4}),
        ("half_allday_trainingapp.ics", {"start": "2027-07-14", "weeks": 3}),
    ],
)
def test_bytes_frame_the_same_problem_as_paths(sample, values):
    """The server plans from bytes; it must frame the plan exactly as `legday plan` does."""
    from optimizer import pipeline
    from optimizer.config import options_from_mapping
    from tests.conftest import SAMPLES

    opts = PlanOptions(**options_from_mapping({"name": "Ana", **values}, "test"))
    path = SAMPLES / sample
    by_path = pipeline.load([path], [], opts).problem
    by_bytes = load_sources([SourceData(sample, path.read_bytes())], [], opts).problem
    assert by_bytes == by_path


def test_a_feed_names_no_busy_event_unless_the_athlete_asks(tmp_path):
    """Issue 12, item 7: a feed URL may be shared with a coach; the sessions' descriptions
    say when the athlete is busy, not with what ('busy_titles = true' in the athlete's table
    names them)."""
    from optimizer.server.config import load_serve_config
    from tests.cli.test_busy_titles import BUSY, TITLES

    (tmp_path / "runs.ics").write_bytes(runs_calendar())
    (tmp_path / "work.ics").write_text(BUSY, encoding="utf-8")
    (tmp_path / "legday.toml").write_text(
        '[[athlete]]\nname = "Ana"\nruns = ["runs.ics"]\nbusy = ["work.ics"]\n\n'
        '[[athlete]]\nname = "Ben"\nruns = ["runs.ics"]\nbusy = ["work.ics"]\n'
        "busy_titles = true\n",
        encoding="utf-8",
    )
    config = load_serve_config(tmp_path / "legday.toml")
    feeds = {}
    for athlete in config.athletes:
        runs = [SourceData("runs 1", (tmp_path / "runs.ics").read_bytes())]
        busy = [SourceData("busy 1", BUSY.encode())]
        body = build_feed(runs, busy, athlete.options, []).body
        feeds[athlete.name] = body.decode("utf-8").replace("\r\n ", "")
    assert "busy 06:30-07:30" in feeds["Ana"]
    assert not any(title in feeds["Ana"] for title in TITLES)
    assert all(title in feeds["Ben"] for title in TITLES)
