"""All-day events written with times (Outlook's ``X-MICROSOFT-CDO-ALLDAYEVENT``, or midnight to
midnight) are read as the days they mean: an all-day run is placed at the runner's run time, an
all-day trip blocks its days, never a 24-hour run or meeting."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from optimizer.calendar.importer import read_calendar_bytes

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
TAIL = "END:VCALENDAR\r\n"


def one(lines: str, tz: str = "America/Los_Angeles"):
    event = "UID:a\r\nDTSTAMP:20261201T000000Z\r\nSUMMARY:Long run\r\n"
    data = f"{HEAD}BEGIN:VEVENT\r\n{event}{lines}END:VEVENT\r\n{TAIL}"
    return read_calendar_bytes(data.encode(), "t.ics", tz=tz).events[0]


@pytest.mark.parametrize(
    ("lines", "days"),
    [
        # Outlook: midnight to midnight in its zone, flagged
        (
            "DTSTART;TZID=America/Los_Angeles:20270105T000000\r\n"
            "DTEND;TZID=America/Los_Angeles:20270106T000000\r\n"
            "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\n",
            1,
        ),
        # no flag, three whole days
        (
            "DTSTART;TZID=America/Los_Angeles:20270105T000000\r\n"
            "DTEND;TZID=America/Los_Angeles:20270108T000000\r\n",
            3,
        ),
        # flagged, written to 23:59: ends with its last day
        (
            "DTSTART;TZID=America/Los_Angeles:20270105T000000\r\n"
            "DTEND;TZID=America/Los_Angeles:20270105T235900\r\n"
            "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\n",
            1,
        ),
        # a DURATION of a day, floating time
        ("DTSTART:20270105T000000\r\nDURATION:P1D\r\n", 1),
    ],
)
def test_an_all_day_event_with_times_is_all_day(lines: str, days: int) -> None:
    e = one(lines)
    assert e.all_day
    assert e.start.date() == dt.date(2027, 1, 5)
    assert e.start.time() == dt.time(0)
    assert (e.end.date() - e.start.date()).days == days


@pytest.mark.parametrize(
    "lines",
    [
        "DTSTART;TZID=America/Los_Angeles:20270105T000000\r\n"
        "DTEND;TZID=America/Los_Angeles:20270105T010000\r\n",  # a run at midnight
        "DTSTART;TZID=America/Los_Angeles:20270105T060000\r\n"
        "DTEND;TZID=America/Los_Angeles:20270106T060000\r\n",  # 24 h, not midnight
        "DTSTART;TZID=America/Los_Angeles:20270105T000000\r\n"
        "DTEND;TZID=America/Los_Angeles:20270106T120000\r\n",  # 36 h
    ],
)
def test_a_timed_event_stays_timed(lines: str) -> None:
    assert not one(lines).all_day


def test_an_outlook_all_day_plan_places_runs_at_the_run_time(tmp_path) -> None:
    """An Outlook export of all-day runs and an out-of-office PTO: the plan is made, strength
    follows each run at --run-time, and the PTO days hold no session."""
    events = []
    runs = {1: "Intervals 6x800m", 3: "Tempo 5 mi", 4: "Easy 4 mi", 6: "Long run 12 mi"}
    for w in range(4):
        for d, title in runs.items():
            day = dt.date(2027, 1, 4) + dt.timedelta(days=7 * w + d)
            events.append(
                f"BEGIN:VEVENT\r\nUID:r{w}{d}\r\nDTSTAMP:20261201T000000Z\r\n"
                f'DTSTART;TZID="Pacific Standard Time":{day:%Y%m%d}T000000\r\n'
                f'DTEND;TZID="Pacific Standard Time":{day + dt.timedelta(days=1):%Y%m%d}T000000\r\n'
                f"SUMMARY:{title}\r\nX-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\n"
                "X-MICROSOFT-CDO-BUSYSTATUS:FREE\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n"
            )
    events.append(
        "BEGIN:VEVENT\r\nUID:pto\r\nDTSTAMP:20261201T000000Z\r\n"
        'DTSTART;TZID="Pacific Standard Time":20270118T000000\r\n'
        'DTEND;TZID="Pacific Standard Time":20270121T000000\r\n'
        "SUMMARY:PTO\r\nX-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\n"
        "X-MICROSOFT-CDO-BUSYSTATUS:OOF\r\nEND:VEVENT\r\n"
    )
    src = tmp_path / "outlook.ics"
    src.write_text(HEAD + "".join(events) + TAIL, newline="")
    out = tmp_path / "plan.ics"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "optimizer.cli",
            "plan",
            str(src),
            "--tz",
            "America/Los_Angeles",
            "--run-time",
            "17:30",
            "-o",
            str(out),
            "--report",
            str(tmp_path / "r.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    import json

    report = json.loads((tmp_path / "r.json").read_text())
    sessions = report["sessions"]
    days = {s["start"][:10] for s in sessions}
    assert not days & {"2027-01-18", "2027-01-19", "2027-01-20"}
    for s in sessions:
        start = dt.datetime.fromisoformat(s["start"])
        if start.weekday() in (1, 3, 4):  # a run day: strength after the 17:30 run
            assert start.time() >= dt.time(18, 0), s


def test_outlook_out_of_office_blocks_the_day_whatever_its_title(tmp_path) -> None:
    """X-MICROSOFT-CDO-BUSYSTATUS:OOF is read from the file (an all-day "Q1 offsite" says
    nothing of being away, and its TRANSP says free, but Outlook's status says out of office);
    an all-day event shown as free blocks nothing."""
    from tests.conftest import SAMPLES

    busy = tmp_path / "outlook_busy.ics"
    busy.write_text(
        HEAD + "BEGIN:VEVENT\r\nUID:oof\r\nDTSTAMP:20261201T000000Z\r\n"
        "DTSTART;VALUE=DATE:20270111\r\nDTEND;VALUE=DATE:20270116\r\n"
        "SUMMARY:Q1 offsite\r\nX-MICROSOFT-CDO-BUSYSTATUS:OOF\r\nTRANSP:TRANSPARENT\r\n"
        "END:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:free\r\nDTSTAMP:20261201T000000Z\r\n"
        "DTSTART;VALUE=DATE:20270118\r\nDTEND;VALUE=DATE:20270123\r\n"
        "SUMMARY:Q1 offsite (optional)\r\nX-MICROSOFT-CDO-BUSYSTATUS:FREE\r\n"
        "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n" + TAIL,
        newline="",
    )
    report = tmp_path / "r.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "optimizer.cli",
            "plan",
            str(SAMPLES / "marathon_google.ics"),
            "--busy",
            str(busy),
            "-o",
            str(tmp_path / "plan.ics"),
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "away all day 'Q1 offsite'" in done.stderr + done.stdout
    import json

    days = {s["start"][:10] for s in json.loads(report.read_text())["sessions"]}
    assert not days & {f"2027-01-{d}" for d in range(11, 16)}
    assert days & {f"2027-01-{d}" for d in range(18, 23)}
