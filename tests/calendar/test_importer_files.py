"""The importer's files and text: encodings, folding, truncated downloads, refused files,
several files, determinism and time ranges (time zones and recurrence: ``test_importer.py``)."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from optimizer.calendar import (
    detect_tz,
    read_calendar_bytes,
    read_calendars,
)
from optimizer.domain import CalEvent, InputError
from tests.calendar.importer_support import (
    BERLIN,
    CALENDARS,
    JUNE,
    READABLE,
    YEAR,
    at,
    read,
    summaries,
)
from tests.conftest import ROOT

# --------------------------------------------------------------------------- text and files


def test_folded_lines_with_lf_and_a_fold_inside_a_utf8_character():
    """RFC 5545 folds lines at 75 octets; some writers use LF, and some fold between the
    two bytes of 'ü'."""
    (event,) = read("folded_lines_lf.ics").events
    assert event.summary == (
        "Long run with the Laufgruppe am Sonntag morgen along the river to the old bridge"
    )
    assert event.description == "Treffpunkt: Brücke, 8 Uhr"


def test_text_is_unescaped_stripped_and_categories_flattened():
    """SUMMARY/DESCRIPTION are unescaped and stripped; CATEGORIES written twice, with
    several values each, become one tuple; TRANSP:TRANSPARENT is free time."""
    (event,) = read("categories_transparent.ics").events
    assert event.summary == "Long run, easy pace"
    assert event.description == "Line one\nLine two; with semicolon"
    assert event.categories == ("Run", "Long", "Race prep")
    assert event.transparent is True
    assert event.source == "categories_transparent.ics"
    assert event.recurrence_id == ""


def test_missing_uid_gets_a_stable_synthetic_one():
    """Events without UID get one made from the file name, DTSTART and SUMMARY: the same on
    every read, different for different events."""
    first = read("missing_uid.ics")
    second = read("missing_uid.ics")
    uids = [e.uid for e in first.events]
    assert all(uids) and len(set(uids)) == 2
    assert uids == [e.uid for e in second.events]


def test_windows_1252_file_is_read_with_a_warning():
    """Old Outlook exports are Windows-1252, not UTF-8."""
    result = read("windows_1252.ics")
    assert summaries(result) == ["Lauftreff Müller"]
    assert result.warnings == ("windows_1252.ics: is not UTF-8; read as Windows-1252",)


def test_utf16_with_bom_is_read():
    """Some Windows tools save UTF-16 with a byte order mark."""
    result = read("utf16_bom.ics")
    assert summaries(result) == ["Bahntraining à Genève"]
    assert result.events[0].start == at("2025-06-03", "18:00")


def test_truncated_download_keeps_the_complete_events():
    """A download cut off mid-event: the complete events are read, the cut one is named."""
    result = read("truncated_download.ics")
    assert summaries(result) == ["Easy run"]
    assert result.warnings == (
        "truncated_download.ics: the file ends inside event 'Long run' (cut off?); "
        "that event was skipped",
    )


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("binary_junk.ics", "is binary"),
        ("empty.ics", "is empty"),
        ("not_a_calendar.ics", r"is not an iCalendar file \(no BEGIN:VCALENDAR\)"),
    ],
)
def test_unreadable_files_are_refused_with_one_line(name, problem):
    """Junk, an empty file, a login page saved as .ics: one line naming the file."""
    path = CALENDARS / name
    with pytest.raises(InputError, match=problem) as error:
        read_calendars([path], tz="Europe/Berlin")
    assert str(error.value).startswith(f"{path}: ")
    assert "\n" not in str(error.value)


def test_missing_file_and_folder_are_refused(tmp_path):
    """A wrong path or a folder: one line naming it, no traceback."""
    with pytest.raises(InputError, match="runs.ics: no such file"):
        read_calendars([tmp_path / "runs.ics"])
    with pytest.raises(InputError, match="is a folder"):
        read_calendars([tmp_path])


def test_file_over_64_mb_is_refused_unread(tmp_path):
    """A sparse 65 MB file is refused from its size alone."""
    huge = tmp_path / "huge.ics"
    with huge.open("wb") as f:
        f.truncate(65 * 2**20)
    with pytest.raises(InputError, match="huge.ics: 65 MB is too big"):
        read_calendars([huge])
    with pytest.raises(InputError, match="mem.ics: 65 MB is too big"):
        read_calendar_bytes(b"\n" * (65 * 2**20), "mem.ics")


def test_absurd_event_count_is_refused():
    """200,000+ VEVENTs is not a person's calendar; refuse before parsing any."""
    data = b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\nEND:VEVENT\r\n" * 200_001
    with pytest.raises(InputError, match="flood.ics: has more than 200000 events"):
        read_calendar_bytes(data + b"END:VCALENDAR\r\n", "flood.ics")


def test_read_calendar_bytes_matches_reading_the_file():
    """In-memory input (a fetched URL) goes through the same core as a file."""
    path = CALENDARS / "rrule_exdate_override.ics"
    from_bytes = read_calendar_bytes(path.read_bytes(), path.name, tz="Europe/Berlin", **JUNE)
    assert from_bytes == read("rrule_exdate_override.ics")


def test_several_files_are_merged_sorted_and_named():
    """Events of all files, sorted by start; each names its file; the first X-WR-CALNAME."""
    result = read_calendars(
        [CALENDARS / "cancelled.ics", CALENDARS / "google_x_wr_timezone.ics"],
        tz="Europe/Berlin",
        start=dt.date(2025, 3, 17),
        end=dt.date(2025, 7, 1),
    )
    assert result.calendar_name == "Training"
    assert [e.start for e in result.events] == sorted(e.start for e in result.events)
    assert {e.source for e in result.events} == {"cancelled.ics", "google_x_wr_timezone.ics"}


def test_a_single_path_string_is_one_file():
    """read_calendars('runs.ics') is one file, not nine one-letter ones."""
    path = str(CALENDARS / "utc_times.ics")
    assert read_calendars(path, tz="Europe/Berlin", **JUNE) == read("utc_times.ics")


def test_empty_horizon_is_an_input_error():
    with pytest.raises(InputError, match="the horizon is empty"):
        read("utc_times.ics", start=dt.date(2025, 6, 2), end=dt.date(2025, 6, 1))


# --------------------------------------------------------------------------- determinism


def reverse_events(data: bytes) -> bytes:
    """The same calendar with its VEVENTs in reverse order (RFC 5545 imposes no order)."""
    pattern = re.compile(rb"BEGIN:VEVENT\r?\n.*?END:VEVENT\r?\n", re.S)
    blocks = pattern.findall(data)
    parts = pattern.split(data)
    assert len(parts) == len(blocks) + 1
    out = parts[0]
    for block, tail in zip(reversed(blocks), parts[1:], strict=True):
        out += block + tail
    return out


@pytest.mark.parametrize("name", [n for n in READABLE if n != "utf16_bom.ics"])
def test_events_in_reversed_order_give_the_same_result(name):
    """Feeding the VEVENTs in reverse order changes nothing, warnings included."""
    data = (CALENDARS / name).read_bytes()
    forward = read_calendar_bytes(data, name, tz="Europe/Berlin", **YEAR)
    backward = read_calendar_bytes(reverse_events(data), name, tz="Europe/Berlin", **YEAR)
    assert backward == forward


@pytest.mark.parametrize("name", READABLE)
def test_every_fixture_reads_deterministically_and_well_formed(name):
    """Same input, same result; every event aware, in the athlete's zone, sorted, named."""
    first = read(name)
    assert read(name) == first
    assert first.tz == "Europe/Berlin"
    key = [(e.start, e.end, e.summary, e.uid) for e in first.events]
    assert key == sorted(key)
    for event in first.events:
        assert isinstance(event, CalEvent)
        assert event.start.tzinfo == BERLIN and event.end.tzinfo == BERLIN
        assert event.uid and event.source == name
        assert event.end > dt.datetime(2025, 6, 1, tzinfo=BERLIN) or event.start == event.end
    for warning in first.warnings:
        assert warning.startswith(f"{name}: ") and "\n" not in warning


def test_module_import_is_cheap():
    """The CLI imports the importer lazily; icalendar and friends load only on use."""
    code = (
        "import sys, optimizer.calendar, optimizer.calendar.importer; "
        "print(any(m in sys.modules for m in ('icalendar', 'recurring_ical_events', "
        "'x_wr_timezone', 'dateutil')))"
    )
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.stdout.strip() == "False"


def test_detect_tz_prefers_x_wr_timezone_then_the_most_used_tzid(tmp_path):
    """X-WR-TIMEZONE wins; else the TZID most events use (Windows names mapped); a UTC TZID
    only when nothing else is used; None when the calendars name no zone."""
    assert detect_tz([CALENDARS / "floating_times.ics"]) is None
    assert detect_tz([CALENDARS / "utc_times.ics"]) is None  # ...Z is no TZID
    assert detect_tz([CALENDARS / "floating_times.ics", CALENDARS / "utf16_bom.ics"]) == (
        "Europe/Zurich"
    )
    assert (
        detect_tz([CALENDARS / "vendor_prefixed_tzid.ics", CALENDARS / "google_x_wr_timezone.ics"])
        == "Europe/Berlin"
    )
    utc = tmp_path / "utc_tzid.ics"
    utc.write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART;TZID=UTC:20250601T080000\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:b\nDTSTART;TZID=UTC:20250602T080000\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:c\nDTSTART;TZID=Europe/Paris:20250603T080000\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    assert detect_tz([utc]) == "Europe/Paris"
    with pytest.raises(InputError, match="no such file"):
        detect_tz([tmp_path / "missing.ics"])


def test_time_out_of_range_costs_only_its_event():
    """DURATION:P99999999W ends after the year 9999: that event is skipped with a warning."""
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Forever\r\n"
        b"DTSTART:20250601T100000Z\r\nDURATION:P99999999W\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:y\r\nSUMMARY:Easy run\r\nDTSTART:20250602T100000Z\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = read_calendar_bytes(data, "forever.ics", tz="Europe/Berlin", **JUNE)
    assert summaries(result) == ["Easy run"]
    assert result.warnings == (
        "forever.ics: event 'Forever' has a time legday cannot handle "
        "(date value out of range); skipped",
    )


def test_a_day_that_does_not_exist_is_no_longer_a_hang():
    """BYMONTH=2;BYMONTHDAY=30 can never happen: its only occurrence is its DTSTART (outside
    June here), found without walking to the year 9999."""
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Leap run\r\n"
        b"DTSTART:20250101T100000Z\r\nRRULE:FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30,31\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = read_calendar_bytes(data, "leap.ics", tz="Europe/Berlin", **JUNE)
    assert result.events == () and result.warnings == () and result.unexpanded == ()


def test_too_many_events_in_the_horizon_are_refused():
    """30,000+ events inside the horizon would take icalendar half a minute: refused, with
    what to do about it."""
    event = b"BEGIN:VEVENT\r\nUID:%d\r\nDTSTART:20250601T100000Z\r\nEND:VEVENT\r\n"
    data = b"BEGIN:VCALENDAR\r\n" + b"".join(event % i for i in range(30_001))
    with pytest.raises(InputError, match="busy.ics: has 30001 events touching the horizon"):
        read_calendar_bytes(data + b"END:VCALENDAR\r\n", "busy.ics", **JUNE)


def test_times_at_the_ends_of_the_calendar_cost_one_event_not_the_file():
    """Found by the fuzzing suite (two tracebacks in 3,553 cases): a DTEND at
    9999-12-31T23:59:59Z is past the year 9999 once moved to X-WR-TIMEZONE's Europe/Berlin, and
    a repeat whose occurrences last thousands of years reaches back before the year 1 when
    its start is moved before the window. Each costs at most its own event (with a warning);
    the rest of the file is read."""
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
    late = (
        head + "X-WR-TIMEZONE:Europe/Berlin\r\n"
        "BEGIN:VEVENT\r\nUID:late\r\nSUMMARY:Forever\r\nDTSTART:20250603T060000Z\r\n"
        "DTEND:99991231T235959Z\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:run\r\nSUMMARY:Easy run\r\nDTSTART:20250604T050000Z\r\n"
        "DTEND:20250604T060000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = read_calendar_bytes(late.encode(), "late.ics", tz="Europe/Berlin", **JUNE)
    assert summaries(result) == ["Easy run"]
    assert result.warnings == (
        "late.ics: event 'Forever' has a time legday cannot handle (date value out of range); "
        "skipped",
    )
    long = (
        head + "BEGIN:VEVENT\r\nUID:long\r\nSUMMARY:Ages\r\nDTSTART:20250505T080000Z\r\n"
        "DTEND:90000101T000000Z\r\nRRULE:FREQ=MONTHLY;BYDAY=1MO\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:run\r\nSUMMARY:Easy run\r\nDTSTART:20250604T050000Z\r\n"
        "DTEND:20250604T060000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = read_calendar_bytes(long.encode(), "long.ics", tz="Europe/Berlin", **JUNE)
    assert "Easy run" in summaries(result)
