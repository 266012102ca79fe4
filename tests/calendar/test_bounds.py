"""Recurring series expanded within the plan's dates (issue 12, item 4): the same occurrences
as recurring-ical-events finds on the rule as written, without its walk to the year 9999."""

from __future__ import annotations

import datetime as dt
import random
import time
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from optimizer.calendar import read_calendar_bytes
from optimizer.calendar.expand import TimeUp, run_limited

BERLIN = ZoneInfo("Europe/Berlin")
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _rule(rng: random.Random, freq: str) -> str:
    parts = [f"FREQ={freq}"]
    if rng.random() < 0.4:
        parts.append(f"INTERVAL={rng.randint(2, 5)}")
    if rng.random() < 0.5:
        days = rng.sample(DAYS, rng.randint(1, 3))
        if freq in ("MONTHLY", "YEARLY") and rng.random() < 0.5:
            days = [f"{rng.choice([1, 2, -1])}{d}" for d in days]
        parts.append("BYDAY=" + ",".join(days))
    if rng.random() < 0.3:
        parts.append(f"BYMONTHDAY={rng.choice([1, -1]) * rng.randint(1, 31)}")
    if rng.random() < 0.3:
        parts.append("BYMONTH=" + ",".join(str(rng.randint(1, 12)) for _ in range(2)))
    if freq in ("DAILY", "YEARLY") and rng.random() < 0.25:
        parts.append(f"BYYEARDAY={rng.choice([1, -1]) * rng.randint(1, 366)}")
    if freq == "YEARLY" and rng.random() < 0.25:
        parts.append(f"BYWEEKNO={rng.choice([1, -1]) * rng.randint(1, 53)}")
    if rng.random() < 0.15:
        parts.append(f"BYSETPOS={rng.choice([1, -1, 2])}")
    if freq == "HOURLY" and rng.random() < 0.5:
        parts.append(f"BYHOUR={rng.randint(0, 23)},{rng.randint(0, 23)}")
    ending = rng.random()
    if ending < 0.2:
        parts.append(f"UNTIL={rng.randint(2026, 2029)}0615T000000Z")
    elif ending < 0.4:
        parts.append(f"COUNT={rng.randint(1, 300)}")
    return ";".join(parts)


def _calendar(rule: str, start: dt.datetime, all_day: bool) -> bytes:
    if all_day:
        end = start + dt.timedelta(days=1)
        times = f"DTSTART;VALUE=DATE:{start:%Y%m%d}\r\nDTEND;VALUE=DATE:{end:%Y%m%d}"
    else:
        end = start + dt.timedelta(minutes=90)
        times = (
            f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}\r\n"
            f"DTEND;TZID=Europe/Berlin:{end:%Y%m%dT%H%M%S}"
        )
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//legday tests//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:r\r\n{times}\r\nRRULE:{rule}\r\nSUMMARY:Run\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def _as_written(data: bytes, first: dt.date, last: dt.date) -> set[dt.datetime] | None:
    """recurring-ical-events on the calendar as written: the starts touching [first, last),
    or None if it fails or takes over half a second (the rules this module is about)."""
    lo = dt.datetime.combine(first, dt.time(), BERLIN)
    hi = dt.datetime.combine(last, dt.time(), BERLIN)

    def expand() -> list:
        cal = icalendar.Calendar.from_ical(data)
        return recurring_ical_events.of(cal).between(lo - dt.timedelta(days=3), hi)

    try:
        found, _ = run_limited(expand, 0.5)
    except (TimeUp, Exception):
        return None
    out = set()
    for occurrence in found:
        start, end = occurrence["DTSTART"].dt, occurrence["DTEND"].dt
        if not isinstance(start, dt.datetime):
            start = dt.datetime.combine(start, dt.time(), BERLIN)
            end = dt.datetime.combine(end, dt.time(), BERLIN)
        if start < hi and end > lo:
            out.add(start.astimezone(BERLIN))
    return out


@pytest.mark.parametrize("freq", ["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY"])
def test_bounded_expansion_finds_what_the_rule_says(freq: str) -> None:
    """Random rules (BY parts, INTERVAL, BYSETPOS, COUNT, UNTIL, all-day or timed, DTSTART
    decades ago or in the plan): legday reads the same occurrences as recurring-ical-events,
    wherever that one finishes at all (and never a rule left unexpanded: a rule dateutil
    calls empty, such as INTERVAL=4;BYHOUR=20,0 from 07:00, is read as broken, with a
    warning, as before)."""
    rng = random.Random(f"legday-{freq}")
    compared = 0
    for _ in range(25):
        rule = _rule(rng, freq)
        year = rng.choice([2026, 2027]) if freq == "HOURLY" else rng.choice([1995, 2020, 2027])
        start = dt.datetime(year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(5, 20))
        data = _calendar(rule, start, all_day=freq != "HOURLY" and rng.random() < 0.2)
        first = dt.date(2027, 3, 1)
        last = first + dt.timedelta(weeks=2 if freq == "HOURLY" else rng.choice([8, 60]))
        want = _as_written(data, first, last)
        got = read_calendar_bytes(data, "r.ics", tz="Europe/Berlin", start=first, end=last)
        assert got.unexpanded == (), rule
        if want is not None:
            assert got.warnings == (), rule
            assert {e.start for e in got.events} == want, (rule, start)
            compared += 1
    assert compared >= 15


def test_a_rule_that_never_matches_again_is_read_in_milliseconds() -> None:
    """The rule of the campaign's dropped run: dateutil looks for the next Tuesday that is day
    60 of a year in week 19 until the year 9999 (never: day 60 is in week 9). Only DTSTART is
    an occurrence, and reading it takes no time at all."""
    data = _calendar(
        "FREQ=DAILY;BYDAY=TU;BYYEARDAY=60;BYWEEKNO=19", dt.datetime(2027, 3, 7, 8), False
    )
    began = time.process_time()
    got = read_calendar_bytes(
        data, "r.ics", tz="Europe/Berlin", start=dt.date(2027, 3, 1), end=dt.date(2027, 6, 1)
    )
    assert time.process_time() - began < 0.5
    assert [e.start for e in got.events] == [dt.datetime(2027, 3, 7, 8, tzinfo=BERLIN)]
    assert got.warnings == () and got.unexpanded == ()
