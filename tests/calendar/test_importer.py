"""The importer, one calendar quirk per test: each fixture in tests/fixtures/calendars/ is named
after the vendor, feature or bug it shows, and each test says the quirk in its docstring."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from optimizer.calendar import (
    detect_tz,
    read_calendar_bytes,
    read_calendars,
)
from optimizer.calendar.expand import MAX_OCCURRENCES_PER_EVENT
from optimizer.calendar.windows_zones import WINDOWS_ZONES
from optimizer.domain import InputError
from tests.calendar.importer_support import (
    BERLIN,
    CALENDARS,
    at,
    read,
    summaries,
)

# --------------------------------------------------------------------------- time zones


def test_google_x_wr_timezone_keeps_wall_time_across_dst():
    """Google writes UTC times plus X-WR-TIMEZONE and means the zone: a weekly 7:00 run
    stays at 7:00 after the clocks change (30 March 2025), not 8:00; floating times are
    in that zone too, and X-WR-CALNAME names the calendar."""
    result = read("google_x_wr_timezone.ics", start=dt.date(2025, 3, 17), end=dt.date(2025, 4, 7))
    tempo = [e for e in result.events if e.summary == "Tempo run"]
    assert [e.start for e in tempo] == [
        at("2025-03-18", "07:00"),
        at("2025-03-25", "07:00"),
        at("2025-04-01", "07:00"),
    ]
    assert [e.end - e.start for e in tempo] == [dt.timedelta(hours=1)] * 3
    long_run = next(e for e in result.events if e.summary == "Long run")
    assert long_run.start == at("2025-03-22", "08:00")
    assert result.calendar_name == "Training"
    assert detect_tz([CALENDARS / "google_x_wr_timezone.ics"]) == "Europe/Berlin"


def test_google_x_wr_timezone_floating_times_follow_the_calendar_not_the_athlete():
    """With X-WR-TIMEZONE a floating time means the calendar's zone, wherever the athlete is."""
    result = read(
        "google_x_wr_timezone.ics",
        tz="America/New_York",
        start=dt.date(2025, 3, 17),
        end=dt.date(2025, 4, 7),
    )
    long_run = next(e for e in result.events if e.summary == "Long run")
    assert long_run.start == at("2025-03-22", "08:00")
    assert long_run.start.tzinfo == ZoneInfo("America/New_York")


def test_outlook_windows_tzid_names_map_to_iana():
    """Outlook writes Windows zone names in TZID ("W. Europe Standard Time", quoted or not,
    "Eastern Standard Time", "Pacific Standard Time"); they are CLDR's territory-001 zones."""
    result = read("outlook_windows_tzid.ics")
    by_summary = {e.summary: e for e in result.events}
    assert by_summary["Intervals"].start == at("2025-06-10", "18:00")
    assert by_summary["Easy run"].start == at("2025-06-13", "07:00")
    assert by_summary["Call with New York"].start == at("2025-06-11", "14:00")  # 08:00 EDT
    assert by_summary["Call with Seattle"].start == at("2025-06-12", "18:00")  # 09:00 PDT
    assert result.warnings == ()
    assert detect_tz([CALENDARS / "outlook_windows_tzid.ics"]) == "Europe/Berlin"


def test_outlook_valarm_description_does_not_leak_into_the_event():
    """Outlook adds a VALARM with its own DESCRIPTION ("Reminder") inside the VEVENT."""
    result = read("outlook_windows_tzid.ics")
    intervals = next(e for e in result.events if e.summary == "Intervals")
    assert intervals.description == "6 x 800 m"


def test_outlook_customized_time_zone_is_read_from_its_vtimezone():
    """Issue 12, item 9: Outlook's "Customized Time Zone" was read in the athlete's zone
    although the file defines it in a VTIMEZONE (here +01:00/+02:00, Central European rules).
    It is read from that definition; a TZID no one knows and the file does not define is still
    read in the athlete's zone, with a warning naming the file and the event."""
    new_york = ZoneInfo("America/New_York")
    result = read("outlook_customized_time_zone.ics", tz="America/New_York")
    assert [(e.summary, e.start) for e in result.events] == [
        ("Tempo", at("2025-06-04", "00:30", new_york)),  # 06:30 +02:00
        ("Easy run", at("2025-06-05", "06:30", new_york)),
    ]
    assert result.warnings == (
        "outlook_customized_time_zone.ics: event 'Easy run' uses unknown time zone "
        "'Nowhere Standard Time'; read in America/New_York",
    )
    assert detect_tz([CALENDARS / "outlook_customized_time_zone.ics"]) is None


_CUSTOM_WEEKLY = """BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=4SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:weekly-custom
DTSTART;TZID="Customized Time Zone":20251012T070000
DTEND;TZID="Customized Time Zone":20251012T080000
RRULE:FREQ=WEEKLY;COUNT=4
SUMMARY:Long run
END:VEVENT
END:VCALENDAR
"""


def test_customized_time_zone_changes_on_its_own_rules():
    """The file's own rules, not a zone that looks alike: this one goes back to +01:00 on the
    fourth Sunday of October (26 Oct 2025, also the last one), and a weekly 07:00 run stays
    at 07:00 local time across the change."""
    got = read_calendar_bytes(
        _CUSTOM_WEEKLY.encode(), "custom.ics", tz="UTC", start=dt.date(2025, 10, 1)
    )
    assert [e.start.isoformat() for e in got.events] == [
        "2025-10-12T05:00:00+00:00",
        "2025-10-19T05:00:00+00:00",
        "2025-10-26T06:00:00+00:00",
        "2025-11-02T06:00:00+00:00",
    ]
    assert got.warnings == ()
    # October 2023 has five Sundays: the fourth (22nd) is not the last (29th), as in
    # Europe/Berlin's rules.
    fourth = _CUSTOM_WEEKLY.replace("20251012T", "20231015T")
    got = read_calendar_bytes(fourth.encode(), "custom.ics", tz="UTC", start=dt.date(2023, 10, 1))
    assert [e.start.hour for e in got.events] == [5, 6, 6, 6]  # 15, 22, 29 Oct, 5 Nov


def test_unknown_zone_is_not_warned_about_outside_the_horizon():
    """A warning about an event that is not in the plan would only be noise."""
    result = read(
        "outlook_customized_time_zone.ics", start=dt.date(2025, 7, 1), end=dt.date(2025, 8, 1)
    )
    assert result.events == ()
    assert result.warnings == ()


def test_vendor_prefixed_tzid_x_lic_location_and_lowercase_names():
    """Lightning writes /mozilla.org/20050126_1/America/New_York; others give a made-up TZID
    with X-LIC-LOCATION in its VTIMEZONE; people type 'Europe/lisbon'."""
    result = read("vendor_prefixed_tzid.ics")
    by_summary = {e.summary: e for e in result.events}
    assert by_summary["Boston shakeout"].start == at("2025-06-11", "14:00")
    assert by_summary["London parkrun"].start == at("2025-06-14", "10:00")
    assert by_summary["Lisbon easy run"].start == at("2025-06-15", "09:00")
    assert result.warnings == ()


def test_utc_times_are_converted_to_the_athlete_zone():
    """DTSTART:...Z is UTC; the athlete sees it in their zone."""
    result = read("utc_times.ics")
    assert result.events[0].start == at("2025-06-05", "07:00")
    assert result.events[0].start.tzinfo == BERLIN


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata"])
def test_floating_times_are_read_in_the_athlete_zone(zone):
    """A time with neither Z nor TZID is 'floating': 7:00 wherever the athlete is."""
    result = read("floating_times.ics", tz=zone)
    assert result.events[0].start == at("2025-06-05", "07:00", ZoneInfo(zone))
    assert result.tz == zone


def test_all_day_events_end_exclusive_in_the_athlete_zone():
    """All-day DTEND is exclusive (7-9 June is two days); no DTEND on a DATE means one day;
    both are local midnights in the athlete's zone."""
    ny = ZoneInfo("America/New_York")
    result = read("all_day_end_exclusive.ics", tz="America/New_York")
    race, rest = result.events
    assert (race.start, race.end, race.all_day) == (
        at("2025-06-07", "00:00", ny),
        at("2025-06-09", "00:00", ny),
        True,
    )
    assert (rest.start, rest.end, rest.all_day) == (
        at("2025-06-10", "00:00", ny),
        at("2025-06-11", "00:00", ny),
        True,
    )


def test_duration_or_nothing_instead_of_dtend():
    """No DTEND: DURATION gives the end; a DATE-TIME with neither lasts no time; a DATE with
    DURATION:P2D lasts two days."""
    result = read("duration_no_dtend.ics")
    tempo, reminder, camp = result.events
    assert tempo.end - tempo.start == dt.timedelta(minutes=90)
    assert reminder.end == reminder.start == at("2025-06-04", "07:00")
    assert (camp.start, camp.end, camp.all_day) == (
        at("2025-06-05", "00:00"),
        at("2025-06-07", "00:00"),
        True,
    )


def test_machine_zone_is_used_when_none_is_given_or_named(monkeypatch):
    """No --tz and a calendar that names no zone (floating times only): the machine's zone,
    read from TZ or /etc/localtime, without the tzlocal package."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    result = read("floating_times.ics", tz=None)
    assert result.tz == "Asia/Tokyo"
    assert result.events[0].start == at("2025-06-05", "07:00", ZoneInfo("Asia/Tokyo"))
    monkeypatch.setenv("TZ", ":/usr/share/zoneinfo/America/Chicago")
    assert read("floating_times.ics", tz=None).tz == "America/Chicago"


def test_machine_zone_falls_back_to_a_real_zone(monkeypatch):
    """A TZ that names no zone is ignored; whatever is found is a zone ZoneInfo knows."""
    monkeypatch.setenv("TZ", "Not/AZone")
    zone = read("floating_times.ics", tz=None).tz
    ZoneInfo(zone)  # raises if it is not a zone


def test_detected_zone_is_used_when_none_is_given():
    """No tz given: the calendar's own zone (here the most used TZID) is the athlete's."""
    result = read("vendor_prefixed_tzid.ics", tz=None)
    assert result.tz == "America/New_York"
    assert result.events[0].start.tzinfo == ZoneInfo("America/New_York")


def test_windows_zone_name_accepted_for_the_athlete_and_unknown_refused():
    """tz may be given as Outlook shows it; a zone no one knows is an input error."""
    assert read("floating_times.ics", tz="W. Europe Standard Time").tz == "Europe/Berlin"
    with pytest.raises(InputError, match="unknown time zone 'Mars/Olympus_Mons'"):
        read("floating_times.ics", tz="Mars/Olympus_Mons")


def test_windows_zone_table_has_outlook_names_and_only_real_zones():
    """The CLDR table covers what Outlook writes, and each target is an IANA zone."""
    assert WINDOWS_ZONES["W. Europe Standard Time"] == "Europe/Berlin"
    assert WINDOWS_ZONES["Eastern Standard Time"] == "America/New_York"
    assert WINDOWS_ZONES["Pacific Standard Time"] == "America/Los_Angeles"
    assert WINDOWS_ZONES["GMT Standard Time"] == "Europe/London"
    assert len(WINDOWS_ZONES) > 130
    for zone in WINDOWS_ZONES.values():
        ZoneInfo(zone)


# --------------------------------------------------------------------------- recurrence


def test_rrule_without_end_expands_only_inside_the_horizon():
    """An RRULE with neither COUNT nor UNTIL (since 2020) yields only the horizon's Sundays,
    at 8:00 local before and after the clocks change on 30 March."""
    result = read("rrule_no_end.ics", start=dt.date(2025, 3, 3), end=dt.date(2025, 4, 7))
    assert [e.start for e in result.events] == [
        at(day, "08:00")
        for day in ("2025-03-09", "2025-03-16", "2025-03-23", "2025-03-30", "2025-04-06")
    ]
    assert {e.recurrence_id for e in result.events} == {e.start.isoformat() for e in result.events}


def test_default_horizon_reaches_the_last_finite_event_within_ten_years():
    """No start/end: from the first event's day to the last finite end (the 2025 marathon,
    within the ten years legday plans), so the endless weekly run stops there, not at
    infinity."""
    result = read_calendars([CALENDARS / "rrule_no_end.ics"], tz="Europe/Berlin")
    assert len(result.events) == 303
    assert result.events[0].start == at("2020-01-05", "08:00")
    assert result.events[-1].summary == "Marathon"
    assert result.events[-2].start == at("2025-10-12", "08:00")  # that Sunday's long run


def test_a_calendar_longer_than_ten_years_is_refused_not_cut(tmp_path):
    """Bug: a 520-week calendar without --weeks was silently cut to 156 weeks with exit 0.
    legday plans up to 520 weeks; a longer calendar is refused in one line."""
    from click.testing import CliRunner

    from optimizer.cli import main

    cal = tmp_path / "decade.ics"
    cal.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
        "BEGIN:VEVENT\r\nUID:a@t\r\nDTSTAMP:20270101T000000Z\r\n"
        "DTSTART:20270104T070000Z\r\nDTEND:20270104T080000Z\r\nSUMMARY:Easy run\r\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20381231T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = CliRunner().invoke(main, ["plan", str(cal), "-o", str(tmp_path / "o.ics")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "legday plans at most 520" in result.output
    assert not (tmp_path / "o.ics").exists()


def test_default_horizon_ends_with_the_last_finite_event():
    """Without start/end the horizon stops at the end of the last event that ends."""
    result = read_calendars([CALENDARS / "rrule_exdate_override.ics"], tz="Europe/Berlin")
    assert result.events[0].start == at("2025-06-04", "18:00")
    assert result.events[-1].start == at("2025-07-09", "18:00")
    assert len(result.events) == 6


def test_rrule_with_exdate_rdate_and_moved_occurrence():
    """EXDATE removes 18 June, RDATE adds Saturday 14 June, and a RECURRENCE-ID override
    (written before its master) moves 25 June to 26 June 7:00 under a new title."""
    result = read("rrule_exdate_override.ics")
    assert [(e.summary, e.start) for e in result.events] == [
        ("Intervals", at("2025-06-04", "18:00")),
        ("Intervals", at("2025-06-11", "18:00")),
        ("Intervals", at("2025-06-14", "09:00")),
        ("Intervals (moved)", at("2025-06-26", "07:00")),
    ]
    moved = result.events[3]
    assert moved.recurrence_id == "2025-06-25T18:00:00+02:00"  # the slot it came from
    assert {e.uid for e in result.events} == {"wed-intervals"}


def test_override_moved_across_the_horizon_edge():
    """A 2024 series' Christmas run moved into June 2025 appears; a June run moved to
    October does not, nor does its original slot; an all-day camp that began before the
    horizon and ends inside it is there; a 2019 race is not."""
    result = read("override_moved_across_horizon.ics")
    assert summaries(result) == [
        "Altitude camp",
        "Track",
        "Club run (moved from Christmas)",
    ]
    assert result.events[2].recurrence_id == "2024-12-25T18:00:00+01:00"


def test_cancelled_events_series_and_single_occurrences_are_skipped():
    """STATUS:CANCELLED on a single event, on a whole series, and on one occurrence only
    (an override with STATUS:CANCELLED)."""
    result = read("cancelled.ics")
    assert [(e.summary, e.start) for e in result.events] == [
        ("Tempo", at("2025-06-05", "07:00")),
        ("Easy run", at("2025-06-08", "08:00")),
        ("Tempo", at("2025-06-19", "07:00")),
    ]


def test_newer_sequence_of_the_same_uid_wins():
    """Two copies of one UID: the update (higher SEQUENCE) replaces the old one."""
    result = read("duplicate_uid_sequence.ics")
    assert summaries(result) == ["Tempo (Thursday)"]


def test_yearly_all_day_birthday_since_1980():
    """A yearly all-day event from 1980 gives one all-day occurrence, a date as its
    recurrence id, and TRANSP:TRANSPARENT marks it as free time."""
    result = read("yearly_all_day.ics")
    (birthday,) = result.events
    assert (birthday.start, birthday.all_day, birthday.transparent) == (
        at("2025-06-15", "00:00"),
        True,
        True,
    )
    assert birthday.recurrence_id == "2025-06-15"


# --------------------------------------------------------------------------- hostile rules


def test_secondly_and_minutely_rules_are_refused_quickly():
    """FREQ=SECONDLY/MINUTELY would take recurring-ical-events minutes to expand: skipped with
    a warning naming the file and the event; the rest of the file is read."""
    result = read("secondly_rrule.ics")
    assert summaries(result) == ["Easy run"]
    assert result.warnings == (
        "secondly_rrule.ics: event 'Every minute' repeats every minute (FREQ=MINUTELY); skipped",
        "secondly_rrule.ics: event 'Every second' repeats every second (FREQ=SECONDLY); skipped",
    )


def test_hourly_rule_is_capped_per_event():
    """An endless FREQ=HOURLY over a 156-week horizon would be 26,000 occurrences: the first
    few thousand are read, with a warning."""
    result = read("hourly_rrule_capped.ics", start=dt.date(2025, 6, 1), end=dt.date(2028, 5, 1))
    assert len(result.events) == MAX_OCCURRENCES_PER_EVENT
    assert result.events[0].start == at("2025-06-01", "08:00")
    assert result.events[1].start == at("2025-06-01", "09:00")
    assert result.warnings == (
        f"hourly_rrule_capped.ics: event 'Drink water' repeats more than "
        f"{MAX_OCCURRENCES_PER_EVENT} times in the horizon; only the first "
        f"{MAX_OCCURRENCES_PER_EVENT} were read",
    )


def test_rules_that_never_match_cost_nothing_and_keep_their_first_date():
    """dateutil walks to the year 9999 looking for an occurrence that never comes (30
    February: 4 s; the third occurrence within each single hour, BYSETPOS=3 on HOURLY: hours).
    The watchdog used to stop them and the events were lost. The walk now ends with the
    plan's dates (optimizer.calendar.window_rule), and such a rule has one occurrence, its
    DTSTART (RFC 5545). INTERVAL=0 is broken, not costly: skipped with a warning."""
    result = read("rrule_never_matches.ics", start=dt.date(2025, 1, 1), end=dt.date(2025, 7, 1))
    assert [(e.summary, e.start) for e in result.events] == [
        ("Third of one", at("2025-01-01", "08:00")),
        ("February 30th", at("2025-01-01", "08:00")),
        ("Easy run", at("2025-06-03", "07:00")),
    ]
    assert result.warnings == (
        "rrule_never_matches.ics: event 'Interval zero' has an RRULE with an INTERVAL below 1; "
        "skipped",
    )
    assert result.unexpanded == ()


def test_broken_properties_skip_or_repair_only_their_event():
    """A missing or unreadable DTSTART, an unreadable DTEND, RRULE or EXDATE: each costs
    only its own event (or property), with a warning."""
    result = read("broken_properties.ics")
    assert summaries(result) == ["Bad end", "Bad exdate", "Bad exdate"]
    assert result.warnings == (
        "broken_properties.ics: event 'Bad end' has a broken DTEND; read without it",
        "broken_properties.ics: event 'Bad exdate' has a broken EXDATE; read without it",
        "broken_properties.ics: event 'Bad rule' has a broken RRULE; skipped",
        "broken_properties.ics: event 'Bad start' has no readable start (DTSTART); skipped",
        "broken_properties.ics: event 'No start' has no readable start (DTSTART); skipped",
    )
