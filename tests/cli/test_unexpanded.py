"""A plan is never made with a run (or busy time) missing because its repeat rule was costly
(issue 12, item 4). Real command, real files."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.support import legday

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//legday tests//EN\r\n"


def event(uid: str, summary: str, start: str, minutes: int = 60, rule: str = "") -> str:
    hour, minute = int(start[9:11]), int(start[11:13]) + minutes
    end = f"{start[:9]}{hour + minute // 60:02d}{minute % 60:02d}00"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SUMMARY:{summary}",
        f"DTSTART;TZID=Europe/Berlin:{start}",
        f"DTEND;TZID=Europe/Berlin:{end}",
        *([f"RRULE:{rule}"] if rule else []),
        "END:VEVENT",
    ]
    return "\r\n".join(lines) + "\r\n"


def calendar(*events: str) -> str:
    return HEAD + "".join(events) + "END:VCALENDAR\r\n"


WEEKDAYS = event("tue", "Intervals 6x800m", "20270302T180000", 60, "FREQ=WEEKLY;COUNT=4")
EASY = event("thu", "Easy run 8 km", "20270304T180000", 45, "FREQ=WEEKLY;COUNT=4")
LONG_RUNS = [
    event(f"long{d}", "Long run 20 km", f"202703{d:02d}T080000", 120) for d in (14, 21, 28)
]


def test_a_costly_rule_no_longer_drops_its_run(tmp_path: Path) -> None:
    """The campaign's case: the first long run is written with a valid rule that dateutil
    searches to the year 9999 (a Tuesday that is day 60 of a year in week 19: never), so the
    1 s watchdog dropped it and the plan put strength on that Sunday or the Monday after.
    Its one occurrence, 7 March, is read, at once, and the plan keeps the rules around it."""
    never = "FREQ=DAILY;BYDAY=TU;BYYEARDAY=60;BYWEEKNO=19"
    runs = tmp_path / "runs.ics"
    runs.write_text(
        calendar(
            WEEKDAYS,
            EASY,
            event("long7", "Long run 18 km", "20270307T080000", 120, never),
            *LONG_RUNS,
        ),
        encoding="utf-8",
    )
    shown = legday("classify", runs)
    assert shown.returncode == 0 and shown.stderr == ""
    assert "Sun 2027-03-07 08:00  long" in shown.stdout
    report = tmp_path / "report.json"
    done = legday("plan", runs, "-o", tmp_path / "out.ics", "--report", report, "-q")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    days = {s["date"] for s in json.loads(report.read_text())["sessions"]}
    assert not days & {"2027-03-07", "2027-03-08"}


def test_a_run_that_cannot_be_expanded_refuses_the_plan(tmp_path: Path) -> None:
    """A Sunday long run with a COUNT counted from the year 2 would take dateutil
    hundreds of thousands of steps before the plan even starts: it is not expanded, and since
    it is a run, no plan is made without it (exit 2, one line naming the file and the event);
    the existing output stays as it was."""
    ancient = event("sun", "Long run", "00020105T080000", 120, "FREQ=DAILY;BYDAY=SU;COUNT=99999")
    runs = tmp_path / "runs.ics"
    runs.write_text(calendar(WEEKDAYS, EASY, ancient), encoding="utf-8")
    out = tmp_path / "out.ics"
    out.write_bytes(b"the old plan\n")
    done = legday("plan", runs, "-o", out, "--start", "2027-03-01", "--weeks", "4")
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert errors == [
        "legday: error: runs.ics: event 'Long run' is a long run that legday cannot expand "
        "(repeats too often since 0002-01-05 to be expanded); no plan is made with runs "
        "missing: simplify its RRULE (fewer BY parts, an UNTIL) or export its dates"
    ]
    assert "Traceback" not in done.stderr
    assert out.read_bytes() == b"the old plan\n"


def test_busy_time_that_cannot_be_expanded_refuses_the_plan(tmp_path: Path) -> None:
    """A busy event is never ignored either: an on-call slot every 30 minutes (FREQ=MINUTELY,
    which legday does not expand) would leave sessions over it. An all-day or free event that
    cannot be expanded could not have changed the plan: only a warning."""
    runs = tmp_path / "runs.ics"
    runs.write_text(calendar(WEEKDAYS, EASY, *LONG_RUNS), encoding="utf-8")
    busy = tmp_path / "work.ics"
    on_call = event("oncall", "On call", "20270301T090000", 30, "FREQ=MINUTELY;INTERVAL=30")
    busy.write_text(calendar(on_call), encoding="utf-8")
    done = legday("plan", runs, "--busy", busy, "-o", tmp_path / "out.ics")
    assert done.returncode == 2
    assert (
        "legday: error: work.ics: event 'On call' is busy time that legday cannot expand "
        "(repeats every minute (FREQ=MINUTELY))" in done.stderr
    )
    assert not (tmp_path / "out.ics").exists()

    free = on_call.replace("SUMMARY:On call", "SUMMARY:On call\r\nTRANSP:TRANSPARENT")
    busy.write_text(calendar(free), encoding="utf-8")
    done = legday("plan", runs, "--busy", busy, "-o", tmp_path / "out.ics", "-q")
    assert done.returncode == 0
    assert done.stderr.strip() == (
        "legday: warning: work.ics: event 'On call' repeats every minute (FREQ=MINUTELY); skipped"
    )
