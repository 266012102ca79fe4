"""The pre-scan with the plan's days known: single events far from them are set aside unread.

A set-aside event must be one the horizon filter would drop anyway; whatever could still
matter (a copy of its UID, a changed occurrence, odd text) is read in full. Each test reads
the calendar with that shortcut and without the pre-scan at all, and wants the same result.
"""

from __future__ import annotations

import datetime as dt

import pytest

from optimizer.calendar.blocks import outside
from optimizer.calendar.importer import _import

LO, HI = dt.date(2027, 1, 2), dt.date(2027, 5, 12)
START, END = dt.date(2027, 1, 4), dt.date(2027, 5, 10)


def event(*lines: str) -> list[str]:
    return ["BEGIN:VEVENT", "DTSTAMP:20270101T000000Z", *lines, "END:VEVENT"]


def calendar(*events: list[str]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//legday tests//EN"]
    lines += [line for e in events for line in e] + ["END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


def read_both(data: bytes):
    """(with the shortcut, without any pre-scan)."""

    def read(prefilter: bool):
        return _import(
            [(data, "w.ics", "w.ics")],
            tz="Europe/Berlin",
            start=START,
            end=END,
            prefilter=prefilter,
        )

    return read(True), read(False)


def span(*lines: str) -> tuple[str, int, int]:
    text = "\n" + "\n".join(lines)
    return text, 0, len(text)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("UID:a", "DTSTART:20180102T090000", "DTEND:20180102T100000"), "a"),
        (("DTSTART;TZID=Europe/Berlin:20271201T090000", "UID:b"), "b"),
        (("DTSTART;VALUE=DATE:20180102",), ""),  # no UID
        (("UID:", "UID:c", "DTSTART:20180102"), "c"),  # the first UID with a value
        (("UID:d", "DTSTART:20270101T230000"), "d"),  # ends as the slack begins
        (("UID:d", "DTSTART:20270101T230000", "DTEND:20270102T010000"), None),
        (("UID:e", "DTSTART:20180102T090000", "DTEND:20270102T000000"), None),  # ends in
        (("UID:f", "DTSTART:20180102T090000", "DURATION:P3000D"), None),
        (("UID:g", "DTSTART:20180102T090000", "RRULE:FREQ=DAILY"), None),
        (("UID:h", "DTSTART:20180102T090000", "RECURRENCE-ID:20270301T090000"), None),
        (("UID:i", "DTSTART:20180230T090000"), None),  # no such day: read in full
        (("UID:j", "DTSTART:2018-01-02"), None),
        (("UID:k", 'DTSTART;X="a:b":20180102T090000'), None),  # two colons
        (('UID;X="a:b":l', "DTSTART:20180102T090000"), None),  # a quoted colon
        (("UID:m", "DTSTART:20270301T090000"), None),  # inside
    ],
)
def test_outside_answers_only_when_sure(lines, expected):
    assert outside(*span(*lines), LO, HI) == expected


def test_a_far_copy_with_a_higher_sequence_still_wins():
    """Two copies of one UID: the later SEQUENCE moved the meeting years away, so the copy
    inside the plan's weeks is out of date and no busy time."""
    data = calendar(
        event("UID:moved", "SEQUENCE:0", "DTSTART:20270302T090000", "DTEND:20270302T100000"),
        event("UID:moved", "SEQUENCE:1", "DTSTART:20190302T090000", "DTEND:20190302T100000"),
        event("UID:kept", "DTSTART:20270303T090000", "DTEND:20270303T100000", "SUMMARY:In"),
        event("UID:far", "DTSTART:20190303T090000", "DTEND:20190303T100000", "SUMMARY:Out"),
    )
    fast, full = read_both(data)
    assert fast == full
    assert [e.summary for e in fast.events] == ["In"]


def test_a_change_inside_keeps_its_far_single_master():
    """A RECURRENCE-ID inside the plan's weeks whose master (no RRULE) lies years away."""
    data = calendar(
        event("UID:s", "DTSTART:20190302T090000", "DTEND:20190302T100000", "SUMMARY:Master"),
        event(
            "UID:s",
            "RECURRENCE-ID:20270302T090000",
            "DTSTART:20270302T110000",
            "DTEND:20270302T120000",
            "SUMMARY:Change",
        ),
    )
    fast, full = read_both(data)
    assert fast == full


def test_ten_years_of_meetings_read_as_without_the_shortcut():
    """A meeting every weekday for ten years, some with alarms, a few without UID or with
    odd times: the plan's weeks get the same events either way."""
    events = []
    day = dt.date(2018, 1, 1)
    n = 0
    while day.year < 2028:
        if day.weekday() < 5:
            n += 1
            at = f"{day:%Y%m%d}T{8 + n % 9:02d}{15 * (n % 4):02d}00"
            extra = ["BEGIN:VALARM", "ACTION:DISPLAY", "END:VALARM"] if n % 7 == 0 else []
            uid = [] if n % 11 == 0 else [f"UID:m{n % 997}" if n % 13 == 0 else f"UID:m{n}"]
            events.append(
                event(
                    *uid,
                    f"DTSTART;TZID=Europe/Berlin:{at}",
                    f"DTEND;TZID=Europe/Berlin:{at[:-4]}5900",
                    f"SUMMARY:Meeting {n}",
                    *extra,
                )
            )
        day += dt.timedelta(days=1)
    fast, full = read_both(calendar(*events))
    assert fast == full
    assert len(fast.events) > 50
