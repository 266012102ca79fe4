"""The importer's text pre-scan: it must drop only what cannot touch the horizon.

A big work calendar (years of history, ~15 MB, Outlook style) is generated in tmp_path and
checked against what the generator put in it; random small calendars are read with and
without the pre-scan and must give the same result, in any event order.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.calendar.importer import _import, read_calendar_bytes

BERLIN = ZoneInfo("Europe/Berlin")
WIN = '"W. Europe Standard Time"'

VTIMEZONE = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE""".split("\n")


def fold(line: str) -> bytes:
    """Fold at 75 octets as RFC 5545 says, even inside a UTF-8 character, as some do."""
    data = line.encode()
    out = [data[:75]]
    data = data[75:]
    while data:
        out.append(b" " + data[:74])
        data = data[74:]
    return b"\r\n".join(out) + b"\r\n"


def local(t: dt.datetime) -> str:
    return t.strftime("%Y%m%dT%H%M%S")


def outlook_event(
    rnd: random.Random, uid: str, summary: str, lines: list[str], words: int = 40
) -> list[str]:
    """One VEVENT as Outlook exports it: attendees, HTML body, alarm and all."""
    people = [f"Person {rnd.randrange(500)}" for _ in range(rnd.randrange(2, 7))]
    body = " ".join(
        rnd.choice(["Agenda", "Zahlen", "Prüfung", "Roadmap", "Budget"]) for _ in range(words)
    )
    return [
        "BEGIN:VEVENT",
        "CLASS:PUBLIC",
        "CREATED:20140101T080000Z",
        f"DESCRIPTION:{body}\\n\\nDial-in: +49 30 1234567\\, code 9876#",
        *lines,
        "DTSTAMP:20260101T080000Z",
        f"LOCATION:Raum {rnd.randrange(1, 40)}.{rnd.randrange(1, 9)} / Teams",
        "PRIORITY:5",
        f"SUMMARY;LANGUAGE=de-de:{summary}",
        "TRANSP:OPAQUE",
        f"UID:{uid}",
        f"X-ALT-DESC;FMTTYPE=text/html:<html><body><p>{body}</p><p>{body}</p></body></html>",
        "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
        "X-MICROSOFT-CDO-IMPORTANCE:1",
        "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
        *(f'ATTENDEE;CN="{p}";RSVP=TRUE:mailto:{p.replace(" ", ".")}@example.com' for p in people),
        f'ORGANIZER;CN="{people[0]}":mailto:{people[0].replace(" ", ".")}@example.com',
        "BEGIN:VALARM",
        "TRIGGER:-PT15M",
        "ACTION:DISPLAY",
        "DESCRIPTION:Reminder",
        "END:VALARM",
        "END:VEVENT",
    ]


def calendar(events: list[list[str]]) -> bytes:
    head = ["BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN"]
    head += ["VERSION:2.0", "METHOD:PUBLISH", *VTIMEZONE]
    lines = head + [line for event in events for line in event] + ["END:VCALENDAR"]
    return b"".join(fold(line) for line in lines)


def work_calendar(target_bytes: int, seed: int = 1):
    """A work calendar with 2014-2026 in it, as an Outlook export of about ``target_bytes``.

    Returns (whole file, the singles as (uid, summary, start, end) in Berlin, a file with
    only the recurring events).
    """
    rnd = random.Random(seed)
    # ~10,000 meetings on ~3,400 workdays; one is ~1,200 bytes plus its body twice.
    words = max(0, (target_bytes // 10_000 - 1_180) // 15)
    singles: list[tuple[str, str, dt.datetime, dt.datetime]] = []
    recurring: list[list[str]] = []
    events: list[list[str]] = []
    # Weekly series over the years, each with EXDATEs and moved occurrences.
    for n in range(40):
        first = dt.datetime(2014, 1, 6, 9) + dt.timedelta(weeks=rnd.randrange(12 * 52))
        first += dt.timedelta(days=rnd.randrange(5), hours=rnd.randrange(8))
        weeks = rnd.randrange(10, 60)
        until = first + dt.timedelta(weeks=weeks - 1, hours=1)
        uid = f"series-{n}@example.com"
        rule = [f"RRULE:FREQ=WEEKLY;UNTIL={until.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"]
        if n % 7 == 3:  # some without end: they reach every horizon
            rule = ["RRULE:FREQ=WEEKLY;INTERVAL=2"]
        exdates = sorted({first + dt.timedelta(weeks=rnd.randrange(weeks)) for _ in range(2)})
        master = [
            f"DTSTART;TZID={WIN}:{local(first)}",
            f"DTEND;TZID={WIN}:{local(first + dt.timedelta(hours=1))}",
            *rule,
            "EXDATE;TZID=" + WIN + ":" + ",".join(local(x) for x in exdates),
        ]
        recurring.append(outlook_event(rnd, uid, f"Serie {n}", master))
        for k in range(2):
            slot = first + dt.timedelta(weeks=rnd.randrange(weeks))
            moved = slot + dt.timedelta(days=1, hours=1) if k else slot + dt.timedelta(weeks=30)
            change = [
                f"RECURRENCE-ID;TZID={WIN}:{local(slot)}",
                f"DTSTART;TZID={WIN}:{local(moved)}",
                f"DTEND;TZID={WIN}:{local(moved + dt.timedelta(minutes=45))}",
            ]
            recurring.append(outlook_event(rnd, uid, f"Serie {n} (verschoben)", change))
    standup = [
        f"DTSTART;TZID={WIN}:20160104T093000",
        f"DTEND;TZID={WIN}:20160104T094500",
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    ]
    recurring.append(outlook_event(rnd, "standup@example.com", "Daily", standup))
    monthly = [
        f"DTSTART;TZID={WIN}:20150106T140000",
        f"DTEND;TZID={WIN}:20150106T150000",
        "RRULE:FREQ=MONTHLY;BYDAY=1TU",
    ]
    recurring.append(outlook_event(rnd, "jourfixe@example.com", "Jour fixe", monthly))
    events += recurring
    # Single meetings on every workday.
    day, n = dt.date(2014, 1, 1), 0
    while day < dt.date(2026, 12, 31):
        day += dt.timedelta(days=1)
        if day.weekday() >= 5:
            continue
        for _ in range(rnd.randrange(1, 6)):
            start = dt.datetime.combine(day, dt.time(rnd.randrange(8, 17), rnd.choice((0, 30))))
            end = start + dt.timedelta(minutes=rnd.choice((30, 60, 90)))
            uid = f"single-{n}@example.com"
            summary = rnd.choice(["Abstimmung", "Review", "1:1", "Kundentermin", "Planung"])
            lines = [f"DTSTART;TZID={WIN}:{local(start)}", f"DTEND;TZID={WIN}:{local(end)}"]
            if n % 50 == 0:  # a few in UTC, as invitations from other tools come
                start_utc = start.replace(tzinfo=BERLIN).astimezone(dt.UTC)
                end_utc = end.replace(tzinfo=BERLIN).astimezone(dt.UTC)
                lines = [f"DTSTART:{start_utc:%Y%m%dT%H%M%SZ}", f"DTEND:{end_utc:%Y%m%dT%H%M%SZ}"]
            events.append(outlook_event(rnd, uid, summary, lines, words))
            singles.append((uid, summary, start.replace(tzinfo=BERLIN), end.replace(tzinfo=BERLIN)))
            n += 1
        if n % 97 == 0:  # a holiday now and then: all day, several days
            length = rnd.randrange(1, 10)
            lines = [
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + dt.timedelta(days=length):%Y%m%d}",
            ]
            events.append(outlook_event(rnd, f"holiday-{n}", "Urlaub", lines))
            start = dt.datetime.combine(day, dt.time(), tzinfo=BERLIN)
            end = dt.datetime.combine(day + dt.timedelta(days=length), dt.time(), tzinfo=BERLIN)
            singles.append((f"holiday-{n}", "Urlaub", start, end))
            n += 1
    rnd.shuffle(events)  # exports are in no particular order
    return calendar(events), singles, calendar(recurring)


def key(events) -> list[tuple]:
    return sorted((e.uid, e.summary, e.start, e.end, e.recurrence_id) for e in events)


def test_big_work_calendar_reads_exactly_what_touches_the_horizon():
    """A ~15 MB Outlook export with 12 years of history: the pre-scan hands icalendar only
    what can touch the 13 weeks asked for, and nothing that touches them is lost: the singles
    are those the generator put there, the repeats are those of the repeats alone read
    without the pre-scan."""
    big, singles, recurring = work_calendar(15 * 2**20)
    assert len(big) > 15 * 2**20
    start, end = dt.date(2025, 3, 3), dt.date(2025, 6, 2)
    result = read_calendar_bytes(big, "work.ics", tz="Europe/Berlin", start=start, end=end)
    h_start = dt.datetime.combine(start, dt.time(), tzinfo=BERLIN)
    h_end = dt.datetime.combine(end, dt.time(), tzinfo=BERLIN)
    expected_singles = [
        (uid, summary, s, e, "") for uid, summary, s, e in singles if s < h_end and e > h_start
    ]
    repeats = _import(
        [(recurring, "work.ics", "work.ics")],
        tz="Europe/Berlin",
        start=start,
        end=end,
        prefilter=False,
    )
    assert repeats.events  # the horizon has repeats: the Daily alone gives 65
    assert len(expected_singles) > 150
    assert key(result.events) == sorted(expected_singles + key(repeats.events))
    assert result.warnings == ()
    assert {e.source for e in result.events} == {"work.ics"}


# --------------------------------------------------------------------------- random calendars

DAY0 = dt.date(2024, 1, 1)
ZONES = [
    ("TZID=Europe/Berlin", "Europe/Berlin"),
    ('TZID="Eastern Standard Time"', "America/New_York"),
    ("TZID=Pacific/Kiritimati", "Pacific/Kiritimati"),  # +14, the day's far edge
    ("TZID=Pacific/Pago_Pago", "Pacific/Pago_Pago"),  # -11
    ("UTC", None),
    ("floating", None),
]


@st.composite
def random_event(draw, uid: str) -> list[str]:
    """A VEVENT: timed or all-day, single or repeating, maybe with changed occurrences."""
    all_day = draw(st.booleans())
    day = DAY0 + dt.timedelta(days=draw(st.integers(-400, 900)))
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{uid}"]
    if all_day:
        lines.append(f"DTSTART;VALUE=DATE:{day:%Y%m%d}")
        length = draw(st.sampled_from([None, 1, 3, 20]))
        if length:
            lines.append(f"DTEND;VALUE=DATE:{day + dt.timedelta(days=length):%Y%m%d}")
        start: dt.datetime | dt.date = day
        fmt = "%Y%m%d"
        param = ";VALUE=DATE"
    else:
        zone, _ = draw(st.sampled_from(ZONES))
        start = dt.datetime.combine(day, dt.time(draw(st.integers(0, 23)), 30))
        fmt = "%Y%m%dT%H%M%SZ" if zone == "UTC" else "%Y%m%dT%H%M%S"
        param = "" if zone in ("UTC", "floating") else ";" + zone
        length_h = draw(st.sampled_from([0, 1, 30, 200]))
        lines.append(f"DTSTART{param}:{start:{fmt}}")
        lines.append(f"DTEND{param}:{start + dt.timedelta(hours=length_h):{fmt}}")
    if draw(st.booleans()):
        lines.append(f"STATUS:{draw(st.sampled_from(['CONFIRMED', 'CANCELLED']))}")
    changes: list[list[str]] = []
    if draw(st.integers(0, 2)) == 0:
        freq, step = draw(
            st.sampled_from([("DAILY", 1), ("WEEKLY", 7), ("MONTHLY", 28), ("YEARLY", 365)])
        )
        interval = draw(st.integers(1, 3))
        end_kind = draw(st.sampled_from(["count", "until", "none"]))
        rule = f"RRULE:FREQ={freq};INTERVAL={interval}"
        if end_kind == "count":
            rule += f";COUNT={draw(st.integers(1, 40))}"
        elif end_kind == "until":
            until = start + dt.timedelta(days=draw(st.integers(0, 600)))
            until_fmt = "%Y%m%d" if all_day else "%Y%m%dT%H%M%SZ"
            if not all_day:
                until = until.replace(tzinfo=dt.UTC)  # type: ignore[call-arg]
            rule += f";UNTIL={until:{until_fmt}}"
        lines.append(rule)
        if draw(st.booleans()):
            ex = start + dt.timedelta(days=step * interval * draw(st.integers(0, 5)))
            lines.append(f"EXDATE{param}:{ex:{fmt}}")
        if draw(st.booleans()):
            rd = start + dt.timedelta(days=draw(st.integers(-30, 700)))
            if all_day or not draw(st.booleans()):
                lines.append(f"RDATE{param}:{rd:{fmt}}")
            else:  # a PERIOD with a length of its own
                weeks = draw(st.integers(0, 9))
                lines.append(f"RDATE;VALUE=PERIOD{param}:{rd:{fmt}}/P{weeks}WT1H")
        for _ in range(draw(st.integers(0, 2))):
            slot = start + dt.timedelta(days=step * interval * draw(st.integers(0, 30)))
            moved = slot + dt.timedelta(days=draw(st.integers(-200, 200)))
            future = ";RANGE=THISANDFUTURE" if draw(st.integers(0, 5)) == 0 else ""
            changes.append(
                [
                    "BEGIN:VEVENT",
                    f"UID:{uid}",
                    f"SUMMARY:{uid} moved",
                    f"SEQUENCE:{draw(st.integers(0, 2))}",
                    f"RECURRENCE-ID{future}{param}:{slot:{fmt}}",
                    f"DTSTART{param}:{moved:{fmt}}",
                    "END:VEVENT",
                ]
            )
    return [[*lines, "END:VEVENT"], *changes]


@st.composite
def random_calendar(draw) -> list[list[str]]:
    events: list[list[str]] = []
    for n in range(draw(st.integers(1, 12))):
        events += draw(random_event(f"e{n}"))
    return events


def as_bytes(events: list[list[str]]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//legday tests//EN"]
    lines += [line for event in events for line in event] + ["END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


horizons = st.one_of(
    st.just((None, None)),
    st.tuples(st.integers(-400, 1000), st.integers(1, 400)).map(
        lambda t: (DAY0 + dt.timedelta(days=t[0]), DAY0 + dt.timedelta(days=t[0] + t[1]))
    ),
)


@settings(max_examples=80, deadline=None)
@given(
    events=random_calendar(),
    horizon=horizons,
    zone=st.sampled_from(["Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles"]),
)
def test_prescan_changes_nothing_and_order_does_not_matter(events, horizon, zone):
    """Random calendars (zones from +14 to -11, all-day, repeats, EXDATE, RDATE and RDATE
    periods, moved, competing and cancelled occurrences, THISANDFUTURE): the pre-scan drops
    nothing that touches the horizon, and the events' order in the file does not matter."""
    start, end = horizon
    data = as_bytes(events)

    def read(payload: bytes, prefilter: bool):
        return _import(
            [(payload, "r.ics", "r.ics")], tz=zone, start=start, end=end, prefilter=prefilter
        )

    fast = read(data, True)
    assert fast == read(data, False)
    assert read(as_bytes(events[::-1]), True) == fast
