"""`legday check`: any plan (ours, a coach's hand-made file) judged against the same rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.calendar.plan_file import read_plan
from optimizer.cli import main
from tests.conftest import ROOT, SAMPLES

PLANS = ROOT / "tests" / "fixtures" / "plans"
COACH = PLANS / "coach_three_broken_rules.ics"
TEN_K = SAMPLES / "10k_outlook.ics"
# The coach's club lifts straight after the track session: no gap after the run.
TWO_WEEKS = ["--start", "2027-03-01", "--weeks", "2", "--gap-after-run", "0"]


def legday(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def table_rows(output: str) -> list[tuple[str, str]]:
    """(date, rule) of each row of the violations table."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("date "))
    rows = []
    for line in lines[start + 2 :]:
        if not line.strip() or "violation(s)" in line:
            break
        parts = line.split()
        rows.append((parts[1], parts[2]))
    return rows


def test_hand_made_plan_with_three_broken_rules_reports_exactly_those() -> None:
    """A coach's file: RRULE series with an EXDATE and a moved occurrence, floating singles,
    a cancelled entry and one outside the plan's weeks. Three sessions each break one rule."""
    result = legday("check", COACH, TEN_K, *TWO_WEEKS)
    assert result.exit_code == 1, result.output
    assert table_rows(result.output) == [
        ("2027-03-05", "time_slots"),  # 20:45-21:15 ends after the 21:00 window
        ("2027-03-09", "run_days"),  # the moved occurrence, 17:30, before the 18:30 run
        ("2027-03-14", "no_strength_after_long_run"),  # on the long-run day
    ]
    assert "3 violation(s) of 3 rule(s)" in result.output
    assert "5 sessions in the plan's 2 weeks" in result.output  # the cancelled one is not
    assert "1 session(s) outside the plan's weeks were not judged (23 Mar 2027)" in result.output


def test_the_same_plan_judged_with_other_options() -> None:
    """Options change the verdict as they change planning: a later window admits Friday."""
    result = legday("check", COACH, TEN_K, *TWO_WEEKS, "--window", "06:00-21:30")
    assert [rule for _, rule in table_rows(result.output)] == [
        "run_days",
        "no_strength_after_long_run",
    ]
    result = legday(
        "check", COACH, TEN_K, *TWO_WEEKS, "--window", "06:00-21:30", "--level", "beginner"
    )
    rules = [rule for _, rule in table_rows(result.output)]
    # Beginners keep strength off run days altogether: Tue 9 and Sun 14 are run days, and so
    # is Tue 2 (the first occurrence, fine for an intermediate runner).
    assert rules.count("run_days") == 3


def test_our_own_plan_holds(tmp_path: Path) -> None:
    out = tmp_path / "strength.ics"
    assert legday("plan", TEN_K, "-o", out, "-q").exit_code == 0
    assert all(e.by_legday for e in read_plan(out, tz="Europe/Berlin").entries)
    result = legday("check", out, TEN_K)
    assert result.exit_code == 0, result.output
    assert "ok: the plan keeps every rule" in result.output
    assert "14 sessions in the plan's 8 weeks" in result.output


def test_our_plan_checked_with_stricter_options_fails(tmp_path: Path) -> None:
    out = tmp_path / "strength.ics"
    assert legday("plan", TEN_K, "-o", out, "-q").exit_code == 0
    result = legday("check", out, TEN_K, "--minutes", "45")
    assert result.exit_code == 1
    rules = {rule for _, rule in table_rows(result.output)}
    assert rules == {"time_slots"}  # every session lasts 30 minutes, not 45


def test_all_day_entries_are_judged_on_their_day_only(tmp_path: Path) -> None:
    """A coach may write "Strength" as an all-day event: no made-up hour is held against it,
    but the day still is (Sunday is the long-run day)."""
    plan = tmp_path / "allday.ics"
    plan.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hand//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Strength\r\n"
        b"DTSTART;VALUE=DATE:20270302\r\nDTEND;VALUE=DATE:20270303\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:b@x\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Strength\r\n"
        b"DTSTART;VALUE=DATE:20270305\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:c@x\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Strength\r\n"
        b"DTSTART;VALUE=DATE:20270309\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:d@x\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Strength\r\n"
        b"DTSTART;VALUE=DATE:20270314\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = legday("check", plan, TEN_K, *TWO_WEEKS)
    assert "4 all-day session(s) have no time" in result.output
    assert table_rows(result.output) == [("2027-03-14", "no_strength_after_long_run")]


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (b"hello, not a calendar", "not an iCalendar file"),
    ],
)
def test_bad_plan_file_is_one_line_exit_2(tmp_path: Path, content, message) -> None:
    plan = tmp_path / "plan.ics"
    if content is not None:
        plan.write_bytes(content)
    result = CliRunner().invoke(main, ["check", str(plan), str(TEN_K)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(plan) in lines[0]


def test_plan_io_reads_uid_sequence_status_and_lock(tmp_path: Path) -> None:
    plan = tmp_path / "locks.ics"
    plan.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hand//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:one@x\r\nDTSTAMP:20270101T000000Z\r\nSEQUENCE:3\r\n"
        b"CATEGORIES:Strength,Locked\r\nDTSTART:20270302T180000Z\r\n"
        b"DTEND:20270302T183000Z\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:two@x\r\nDTSTAMP:20270101T000000Z\r\nX-LEGDAY-LOCKED:TRUE\r\n"
        b"STATUS:CANCELLED\r\nDTSTART:20270305T180000Z\r\nDTEND:20270305T183000Z\r\n"
        b"END:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:three@x\r\nDTSTAMP:20270101T000000Z\r\n"
        b"DTSTART:20270309T180000Z\r\nDTEND:20270309T183000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    read = read_plan(plan, tz="Europe/Berlin")
    got = [(e.uid, e.sequence, e.status, e.locked, e.start.hour) for e in read.entries]
    assert got == [
        ("one@x", 3, "CONFIRMED", True, 19),
        ("two@x", 0, "CANCELLED", True, 19),
        ("three@x", 0, "CONFIRMED", False, 19),
    ]
    assert [e.uid for e in read.active] == ["one@x", "three@x"]
    assert not any(e.by_legday for e in read.entries)  # no X-LEGDAY-PLAN: a coach's text
    assert read.entries[0].start.tzinfo is not None
    assert read.entries[0].day == dt.date(2027, 3, 2)


def test_inputs_are_never_modified(tmp_path: Path) -> None:
    before = COACH.read_bytes(), TEN_K.read_bytes()
    legday("check", COACH, TEN_K, *TWO_WEEKS)
    assert (COACH.read_bytes(), TEN_K.read_bytes()) == before
