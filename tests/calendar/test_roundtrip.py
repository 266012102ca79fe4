"""Our .ics read back by icalendar, recurring-ical-events, vobject and our own importer gives
the same sessions; the bytes depend on the plan only, never the clock."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from optimizer.calendar.export import plan_stamp, session_uid, to_ical, write_atomic
from optimizer.domain import Rules, Session
from tests.patterns import at, make_problem

KEYS = ["marathon_google+work", "half_allday_trainingapp", "10k_outlook", "beginner_5k"]


def rendered(planned, key: str) -> tuple:
    outcome = planned(key)
    return outcome.problem, outcome.sessions, to_ical(outcome.problem, outcome.sessions)


def triples(sessions) -> list[tuple]:
    return sorted((s.start, s.end, s.uid) for s in sessions)


@pytest.mark.parametrize("key", KEYS)
def test_icalendar_reads_back_the_sessions(planned, key: str) -> None:
    problem, sessions, data = rendered(planned, key)
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    got = [(e.decoded("dtstart"), e.decoded("dtend"), str(e["uid"])) for e in events]
    assert sorted(got) == triples(sessions)
    for e in events:
        assert e.decoded("dtstart").tzinfo is not None
        assert str(e["status"]) == "CONFIRMED"
        assert str(e["summary"]).startswith("Strength")
        assert "Why this day and time" in str(e["description"])
        assert e.decoded("dtstamp") == plan_stamp(problem)
    zones = [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")]
    if problem.tz not in ("UTC", "Etc/UTC"):
        assert zones == [problem.tz]
        assert {e["dtstart"].params["TZID"] for e in events} == {problem.tz}
    assert str(cal["x-wr-calname"]).startswith("Strength training")
    assert cal.decoded("refresh-interval") == dt.timedelta(hours=6)


@pytest.mark.parametrize("key", KEYS)
def test_recurring_ical_events_reads_back_the_sessions(planned, key: str) -> None:
    problem, sessions, data = rendered(planned, key)
    cal = icalendar.Calendar.from_ical(data)
    events = recurring_ical_events.of(cal).between(problem.start, problem.end)
    got = [(e.decoded("dtstart"), e.decoded("dtend"), str(e["uid"])) for e in events]
    assert sorted(got) == triples(sessions)


@pytest.mark.parametrize("key", KEYS)
def test_our_importer_reads_back_the_sessions(planned, key: str, tmp_path: Path) -> None:
    from optimizer.calendar import read_calendars

    problem, sessions, data = rendered(planned, key)
    path = tmp_path / "strength.ics"
    path.write_bytes(data)
    got = read_calendars([path], tz=problem.tz, start=problem.start, end=problem.end)
    assert got.tz == problem.tz
    assert sorted((e.start, e.end, e.uid) for e in got.events) == triples(sessions)
    assert not any(e.all_day for e in got.events)


@pytest.mark.parametrize("key", KEYS)
def test_vobject_reads_back_the_sessions(planned, key: str) -> None:
    """Bug: the VTIMEZONE listed every change 1970-2038 in one RDATE list; vobject (and so
    Radicale) reads only its first date, so sessions after a DST change came back an hour off."""
    import vobject

    problem, sessions, data = rendered(planned, key)
    cal = vobject.readOne(data.decode("utf-8"))
    got = [
        (e.dtstart.value.astimezone(dt.UTC), e.dtend.value.astimezone(dt.UTC), e.uid.value)
        for e in cal.vevent_list
    ]
    utc = [(a.astimezone(dt.UTC), b.astimezone(dt.UTC), u) for a, b, u in triples(sessions)]
    assert sorted(got) == sorted(utc)


def vtimezone_offsets(data: bytes, tzid: str, moments: list[dt.datetime]) -> list[dt.timedelta]:
    """The offsets the calendar's own VTIMEZONE gives (as a client without a zone database)."""
    import io

    from dateutil import tz

    zone = tz.tzical(io.StringIO(data.decode("utf-8"))).get(tzid)
    return [zone.utcoffset(m.replace(tzinfo=None)) for m in moments]


@pytest.mark.parametrize("key", KEYS)
def test_vtimezone_gives_each_session_its_offset(planned, key: str) -> None:
    problem, sessions, data = rendered(planned, key)
    if b"BEGIN:VTIMEZONE" not in data:
        assert problem.tz in ("UTC", "Etc/UTC")
        return
    assert vtimezone_offsets(data, problem.tz, [s.start for s in sessions]) == [
        s.start.utcoffset() for s in sessions
    ]


def test_vtimezone_covers_plans_after_2038() -> None:
    """icalendar's default VTIMEZONE stops at 2038: a summer 2039 session must still be +02:00."""
    from zoneinfo import ZoneInfo

    start = dt.date(2039, 1, 3)
    problem = type(make_problem("."))(start=start, weeks=40, tz="Europe/Berlin", runs=())
    zone = ZoneInfo("Europe/Berlin")
    moments = [dt.datetime(2039, 1, 10, 18, tzinfo=zone), dt.datetime(2039, 7, 4, 18, tzinfo=zone)]
    data = to_ical(
        problem, [Session(m, m + dt.timedelta(minutes=30), f"{m:%m}@x") for m in moments]
    )
    assert vtimezone_offsets(data, "Europe/Berlin", moments) == [
        dt.timedelta(hours=1),
        dt.timedelta(hours=2),
    ]


def test_same_plan_same_bytes_whatever_the_clock(planned) -> None:
    """DTSTAMP and LAST-MODIFIED are the plan's first Monday 00:00Z, not now."""
    problem, sessions, data = rendered(planned, "10k_outlook")
    assert to_ical(problem, list(reversed(sessions))) == data
    today = dt.datetime.now(dt.UTC).strftime("%Y%m%d")
    assert today.encode() not in data
    stamp = plan_stamp(problem).strftime("%Y%m%dT%H%M%SZ").encode()
    assert data.count(b"DTSTAMP:" + stamp) == len(sessions)
    assert data.count(b"LAST-MODIFIED:" + stamp) == len(sessions)


def test_uids_are_stable_and_one_per_day() -> None:
    problem = make_problem("S . S . . . .")
    assert session_uid(problem, problem.start) == session_uid(make_problem(". ."), problem.start)
    days = [problem.start + dt.timedelta(days=k) for k in range(14)]
    assert len({session_uid(problem, d) for d in days}) == 14
    other = make_problem("S . S . . . .")
    other = type(other)(**{**other.__dict__, "name": "someone else"})
    assert session_uid(other, problem.start) != session_uid(problem, problem.start)


def test_dst_offsets_and_utc_round_trip() -> None:
    """Sessions either side of Berlin's change to summer time keep their wall-clock time; in a
    UTC plan, times are written with Z and need no VTIMEZONE."""
    before = Session(at(26, 18), at(26, 18, 30), "a@x", summary="Strength")
    after = Session(at(27, 18), at(27, 18, 30), "b@x", summary="Strength")
    problem = make_problem(". . . . . . . | " * 3 + ". . . . . . .")
    cal = icalendar.Calendar.from_ical(to_ical(problem, [before, after]))
    starts = [e.decoded("dtstart") for e in cal.walk("VEVENT")]
    assert [s.utcoffset() for s in starts] == [dt.timedelta(hours=1), dt.timedelta(hours=2)]
    assert [s.strftime("%H:%M") for s in starts] == ["18:00", "18:00"]

    utc = type(problem)(start=problem.start, weeks=4, tz="UTC", runs=(), rules=Rules())
    data = to_ical(utc, [before, after])
    assert b"BEGIN:VTIMEZONE" not in data
    assert b"DTSTART:20270327T170000Z" in data and b"DTSTART:20270328T160000Z" in data


def test_text_with_commas_semicolons_newlines_and_accents() -> None:
    text = "Squats; lunges, calf raises\nWhy: Müller's long run — 07:00"
    s = Session(
        at(0, 18), at(0, 18, 30), "c@x", summary="Strength: legs, core; 30 min", description=text
    )
    ev = icalendar.Calendar.from_ical(to_ical(make_problem("."), [s])).walk("VEVENT")[0]
    assert str(ev["summary"]) == "Strength: legs, core; 30 min"
    assert str(ev["description"]) == text
    assert [str(c) for c in ev["categories"].cats] == ["Strength", "legday"]


def test_cancelled_sessions_and_sequence() -> None:
    kept = Session(at(0, 18), at(0, 18, 30), "k@x", sequence=2)
    gone = Session(at(2, 18), at(2, 18, 30), "g@x", sequence=1)
    cal = icalendar.Calendar.from_ical(to_ical(make_problem("."), [kept], cancelled=[gone]))
    got = {
        str(e["uid"]): (str(e["status"]), e.decoded("sequence"), e.decoded("last-modified"))
        for e in cal.walk("VEVENT")
    }
    stamp = plan_stamp(make_problem("."))
    assert got == {
        "k@x": ("CONFIRMED", 2, stamp + dt.timedelta(seconds=2)),
        "g@x": ("CANCELLED", 1, stamp + dt.timedelta(seconds=1)),
    }


def test_write_atomic_replaces_keeps_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    write_atomic(path, b"first")
    assert path.read_bytes() == b"first"
    assert path.stat().st_mode & 0o777 == 0o644
    os.chmod(path, 0o600)
    write_atomic(path, b"second")
    assert path.read_bytes() == b"second"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


def test_write_atomic_failure_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    path.write_bytes(b"old plan")
    with pytest.raises(TypeError):
        write_atomic(path, "not bytes")  # type: ignore[arg-type]
    assert path.read_bytes() == b"old plan"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]
