"""Write legday's sample calendars: one training calendar per vendor style.

Run from anywhere; the files land next to this script unless ``--out`` says otherwise::

    python sample_calendars/make_samples.py            # rewrite the committed samples
    python sample_calendars/make_samples.py --out /tmp  # write elsewhere

The output is deterministic: no clock, no randomness; UIDs are hashes of fixed keys and
every DTSTAMP/CREATED is a constant. Running it again reproduces the same bytes, which
``tests/test_samples.py`` checks.

Most files are written line by line, because the point of each is a vendor's exact
quirk (Google's UTC times and ``X-WR-TIMEZONE``, Outlook's Windows zone names and
quoted TZIDs, a training app's floating all-day dates and bare-LF line endings, Apple's
``X-APPLE-*`` properties). ``infeasible_tight.ics`` is written with icalendar itself.
See ``README.md`` in this folder for what each file is.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
UTC = dt.UTC
NEW_YORK = ZoneInfo("America/New_York")

# ----------------------------------------------------------------------------------------
# Writing content lines
# ----------------------------------------------------------------------------------------


def esc(text: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> list[str]:
    """Fold one content line into pieces of at most 75 octets, never inside a character."""
    pieces: list[str] = []
    cur, size = "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            pieces.append(cur)
            cur, size = " ", 1
        cur += ch
        size += n
    pieces.append(cur)
    return pieces


def render(lines: Iterable[str], newline: str = "\r\n") -> bytes:
    """Fold and join content lines; every line, the last included, ends in ``newline``."""
    out: list[str] = []
    for line in lines:
        out.extend(fold(line))
    return (newline.join(out) + newline).encode("utf-8")


def digest(key: str) -> bytes:
    """A stable 32-byte hash of ``key``: the seed of every UID."""
    return hashlib.sha256(key.encode("utf-8")).digest()


def stamp(t: dt.datetime) -> str:
    """A UTC DATE-TIME value: ``20270105T113000Z``."""
    return t.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local(t: dt.datetime) -> str:
    """A local DATE-TIME value without zone: ``20270105T063000``."""
    return t.strftime("%Y%m%dT%H%M%S")


def date_value(d: dt.date) -> str:
    """A DATE value: ``20270105``."""
    return d.strftime("%Y%m%d")


def at(day: dt.date, hhmm: str, tz: dt.tzinfo | None = None) -> dt.datetime:
    """``day`` at wall-clock time ``HH:MM`` (aware if ``tz`` is given)."""
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tz)


def plan_day(start: dt.date, week: int, weekday: int) -> dt.date:
    """The date of ``weekday`` (0 = Monday) in plan ``week`` (1-based)."""
    return start + dt.timedelta(days=7 * (week - 1) + weekday)


MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


# ----------------------------------------------------------------------------------------
# Google Calendar: marathon plan (all times in UTC, X-WR-TIMEZONE) and work calendar
# ----------------------------------------------------------------------------------------

GOOGLE_PRODID = "PRODID:-//Google Inc//Google Calendar 70.9054//EN"
GOOGLE_EXPORTED = dt.datetime(2026, 11, 21, 15, 42, 7, tzinfo=UTC)

MARATHON_START = dt.date(2027, 1, 4)
MARATHON_WEEKS = 18
MARATHON_RACE = dt.date(2027, 5, 9)

# Wednesday sessions: (title, total miles, what to do).
MARATHON_HARD: list[tuple[str, int, str]] = [
    ("Intervals 6x800m", 6, "2 mi warm-up, 6 x 800 m at 5K pace with 400 m jogs, 1 mi cool-down."),
    ("Tempo run 4 mi", 6, "1 mi warm-up, 4 mi at tempo (comfortably hard), 1 mi cool-down."),
    ("Hill repeats 8x60s", 6, "2 mi warm-up, 8 x 60 s hard uphill, jog down; 1.5 mi cool-down."),
    ("MP run 5 mi", 7, "1 mi easy, 5 mi at goal marathon pace (8:35/mi), 1 mi easy."),
    ("Intervals 5x1000m", 7, "2 mi warm-up, 5 x 1000 m at 10K pace, 400 m jogs, 1 mi cool-down."),
    ("Tempo run 5 mi", 7, "1 mi warm-up, 5 mi at tempo, 1 mi cool-down."),
    ("Hill repeats 10x60s", 7, "2 mi warm-up, 10 x 60 s hard uphill, jog down; 2 mi cool-down."),
    ("MP run 6 mi", 8, "1 mi easy, 6 mi at goal marathon pace, 1 mi easy."),
    ("Intervals 6x1000m", 8, "2 mi warm-up, 6 x 1000 m at 10K pace, 400 m jogs, 1.5 mi cool-down."),
    ("Tempo run 6 mi", 8, "1 mi warm-up, 6 mi at tempo, 1 mi cool-down."),
    ("Hill repeats 10x90s", 8, "2 mi warm-up, 10 x 90 s uphill at 10K effort; 2 mi cool-down."),
    ("MP run 8 mi", 10, "1 mi easy, 8 mi at goal marathon pace, 1 mi easy. Practise gels."),
    ("Intervals 4x1 mi", 8, "1.5 mi warm-up, 4 x 1 mi at half-marathon pace, 2 min jogs."),
    ("MP run 10 mi", 12, "1 mi easy, 10 mi at goal marathon pace, 1 mi easy. Race kit."),
    ("Tempo run 6 mi", 8, "1 mi warm-up, 6 mi at tempo, 1 mi cool-down."),
    ("Tempo run 4 mi", 6, "Taper: 1 mi warm-up, 4 mi at tempo, 1 mi cool-down."),
    ("Intervals 4x800m", 5, "Taper: 1.5 mi warm-up, 4 x 800 m at 10K pace, 1 mi cool-down."),
    ("MP run 3 mi", 5, "Race week: 1 mi easy, 3 mi at goal marathon pace, 1 mi easy."),
]
# Sunday long runs, weeks 1-17 (week 18 is race day): build to 20 mi, then taper.
MARATHON_LONG = [10, 11, 12, 9, 13, 14, 15, 12, 16, 17, 13, 18, 14, 19, 20, 14, 10]


def _google_event(
    *,
    start: str,
    end: str,
    uid: str,
    summary: str,
    created: dt.datetime,
    description: str = "",
    location: str = "",
    rrule: str = "",
    exdate: str = "",
    recurrence_id: str = "",
    sequence: int = 0,
    transparent: bool = False,
) -> list[str]:
    """A VEVENT in Google's property order; ``start``/``end`` are whole property lines."""
    lines = ["BEGIN:VEVENT", start, end]
    if rrule:
        lines.append(rrule)
    if exdate:
        lines.append(exdate)
    lines += [f"DTSTAMP:{stamp(GOOGLE_EXPORTED)}", f"UID:{uid}"]
    if recurrence_id:
        lines.append(recurrence_id)
    lines += [
        f"CREATED:{stamp(created)}",
        f"DESCRIPTION:{esc(description)}",
        f"LAST-MODIFIED:{stamp(created + dt.timedelta(minutes=3 + 2 * sequence))}",
        f"LOCATION:{esc(location)}",
        f"SEQUENCE:{sequence}",
        "STATUS:CONFIRMED",
        f"SUMMARY:{esc(summary)}",
        f"TRANSP:{'TRANSPARENT' if transparent else 'OPAQUE'}",
        "END:VEVENT",
    ]
    return lines


def google_uid(key: str) -> str:
    """A Google-looking event id: 26 base32hex characters, lower case."""
    return base64.b32hexencode(digest(key)).decode("ascii")[:26].lower()


def _utc_pair(day: dt.date, hhmm: str, minutes: int) -> tuple[str, str]:
    """DTSTART/DTEND lines in UTC for a New York wall-clock time, as Google writes them."""
    begin = at(day, hhmm, NEW_YORK)
    return f"DTSTART:{stamp(begin)}", f"DTEND:{stamp(begin + dt.timedelta(minutes=minutes))}"


def marathon_google() -> bytes:
    """18-week marathon plan, New York, as Google Calendar exports it (UTC + X-WR-TIMEZONE)."""
    start, created0 = MARATHON_START, dt.datetime(2026, 11, 14, 20, 5, tzinfo=UTC)
    events: list[tuple[str, list[str]]] = []  # (sort key, lines)

    def created(n: int) -> dt.datetime:
        return created0 + dt.timedelta(minutes=n)

    # Easy runs Tue/Thu: one weekly series, split once by "this and following events"
    # (Google then gives the second series the first one's id plus "_R<start>").
    easy = google_uid("marathon/easy")
    s1 = _utc_pair(plan_day(start, 1, TUE), "06:30", 50)
    events.append(
        (
            easy,
            _google_event(
                start=s1[0],
                end=s1[1],
                rrule="RRULE:FREQ=WEEKLY;WKST=SU;UNTIL=20270226T045959Z;BYDAY=TU,TH",
                # Thu 18 Feb: skipped (a cold).
                exdate=f"EXDATE:{stamp(at(dt.date(2027, 2, 18), '06:30', NEW_YORK))}",
                uid=f"{easy}@google.com",
                summary="Easy run 5 mi",
                description="Easy, conversational pace (about 10:00/mi). "
                "Finish with 4 x 20 s strides.",
                location="Prospect Park, Brooklyn",
                created=created(1),
                sequence=1,
            ),
        )
    )
    split = at(dt.date(2027, 3, 2), "06:30", NEW_YORK)
    easy2 = f"{easy}_R{stamp(split)[:-1]}"
    s2 = _utc_pair(split.date(), "06:30", 60)
    moved_from = at(dt.date(2027, 3, 4), "06:30", NEW_YORK)
    moved = _utc_pair(dt.date(2027, 3, 5), "17:30", 60)
    # The series runs through the DST change (Sun 14 Mar 2027): in UTC its 11:30Z is
    # 06:30 before and 07:30 after; X-WR-TIMEZONE says 06:30 New York time all along.
    events.append(
        (
            easy2 + "/1",
            _google_event(
                start=s2[0],
                end=s2[1],
                rrule="RRULE:FREQ=WEEKLY;WKST=SU;UNTIL=20270507T035959Z;BYDAY=TU,TH",
                uid=f"{easy2}@google.com",
                summary="Easy run 6 mi",
                description="Easy, conversational pace. Shorten to 4 mi in race week.",
                location="Prospect Park, Brooklyn",
                created=created(90),
            ),
        )
    )
    # Thu 4 Mar moved to Fri 5 Mar evening (early flight): an override of the series.
    events.append(
        (
            easy2 + "/0",
            _google_event(
                start=moved[0],
                end=moved[1],
                recurrence_id=f"RECURRENCE-ID:{stamp(moved_from)}",
                uid=f"{easy2}@google.com",
                summary="Easy run 6 mi (moved: early flight Thu)",
                description="Easy, conversational pace. Moved from Thursday morning.",
                location="Hudson River Greenway",
                created=created(90),
                sequence=2,
            ),
        )
    )

    for week in range(1, MARATHON_WEEKS + 1):
        title, miles, what = MARATHON_HARD[week - 1]
        day = plan_day(start, week, WED)
        s, e = _utc_pair(day, "06:00", round(miles * 9 / 5) * 5)
        uid = google_uid(f"marathon/hard/{week}")
        events.append(
            (
                uid,
                _google_event(
                    start=s,
                    end=e,
                    uid=f"{uid}@google.com",
                    summary=title,
                    description=f"{what} Total {miles} mi.",
                    location="McCarren Park Track" if "Intervals" in title else "",
                    created=created(200 + week),
                ),
            )
        )
        sat = plan_day(start, week, SAT)
        if week < MARATHON_WEEKS:
            rec = 4 if 9 <= week <= 15 else 3
            s, e = _utc_pair(sat, "07:30", rec * 10 + 5)
            summary, what = f"Recovery run {rec} mi", "Very easy. Walk breaks are fine."
        else:
            s, e = _utc_pair(sat, "08:00", 30)
            summary, what = "Shakeout 2 mi + strides", "Loosen up: 2 mi easy and 4 strides."
        uid = google_uid(f"marathon/sat/{week}")
        events.append(
            (
                uid,
                _google_event(
                    start=s,
                    end=e,
                    uid=f"{uid}@google.com",
                    summary=summary,
                    description=what,
                    created=created(300 + week),
                ),
            )
        )
        sun = plan_day(start, week, SUN)
        uid = google_uid(f"marathon/sun/{week}")
        if week < MARATHON_WEEKS:
            miles = MARATHON_LONG[week - 1]
            s, e = _utc_pair(sun, "07:00", miles * 10)
            what = "Long run at easy pace (10:00-10:30/mi). Water and a gel every 45 min."
            if week in (12, 14):
                what = "Long run, last 4 mi at goal marathon pace. Practise race fuelling."
            if week >= 16:
                what = "Taper long run: easy all the way."
            lines = _google_event(
                start=s,
                end=e,
                uid=f"{uid}@google.com",
                summary=f"Long run {miles} mi",
                description=what,
                location="Central Park loop",
                created=created(400 + week),
            )
        else:
            s, e = _utc_pair(sun, "07:00", 300)
            lines = _google_event(
                start=s,
                end=e,
                uid=f"{uid}@google.com",
                summary="Hudson River Marathon",
                description="Race day! Wave 2 start 7:00. Goal 3:45 (8:35/mi). "
                "Bag check closes 6:15.",
                location="Battery Park, New York",
                created=created(500),
            )
        events.append((uid, lines))

    for key, day, hhmm, minutes, summary, where in (
        ("massage", dt.date(2027, 4, 23), "17:30", 60, "Sports massage", "Flatiron Physio"),
        ("expo", dt.date(2027, 5, 8), "13:00", 90, "Race expo & bib pickup", "Pier 36"),
    ):
        uid = google_uid(f"marathon/{key}")
        s, e = _utc_pair(day, hhmm, minutes)
        events.append(
            (
                uid,
                _google_event(
                    start=s,
                    end=e,
                    uid=f"{uid}@google.com",
                    summary=summary,
                    location=where,
                    created=created(600),
                ),
            )
        )

    head = [
        "BEGIN:VCALENDAR",
        GOOGLE_PRODID,
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Marathon training",
        "X-WR-TIMEZONE:America/New_York",
        "X-WR-CALDESC:" + esc("18-week plan for the Hudson River Marathon, Sunday 9 May 2027."),
    ]
    # Google lists events in no date order; here: by id, which looks just as random.
    body = [line for _, lines in sorted(events, key=lambda kv: kv[0]) for line in lines]
    return render([*head, *body, "END:VCALENDAR"])


GOOGLE_NEW_YORK_VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:America/New_York",
    "X-LIC-LOCATION:America/New_York",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:-0500",
    "TZOFFSETTO:-0400",
    "TZNAME:EDT",
    "DTSTART:19700308T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:-0400",
    "TZOFFSETTO:-0500",
    "TZNAME:EST",
    "DTSTART:19701101T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def work_google() -> bytes:
    """Office hours and meetings in New York, Google style, over the marathon's weeks.

    Google writes recurring events with ``TZID`` (and a VTIMEZONE) but one-off events in
    UTC, so this file shows both in one calendar.
    """
    ny = "TZID=America/New_York"
    created0 = dt.datetime(2026, 10, 2, 13, 0, tzinfo=UTC)
    events: list[tuple[str, list[str]]] = []

    def add(key: str, n: int, *, order: str = "/1", **kw: Any) -> None:
        # ``order``: an override ("/0") goes before its series ("/1"), as Google writes it.
        uid = google_uid(f"work/{key}")
        kw.setdefault("uid", f"{uid}@google.com")
        created = created0 + dt.timedelta(hours=n)
        events.append((uid + order, _google_event(created=created, **kw)))

    holidays = [
        (dt.date(2027, 1, 18), "Martin Luther King Jr. Day - office closed"),
        (dt.date(2027, 2, 15), "Presidents' Day - office closed"),
    ]
    add(
        "office",
        1,
        start=f"DTSTART;{ny}:20270104T090000",
        end=f"DTEND;{ny}:20270104T170000",
        rrule="RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        exdate=f"EXDATE;{ny}:" + ",".join(f"{date_value(d)}T090000" for d, _ in holidays),
        summary="Office hours",
        description="In the office. Desk 4.12.",
        location="Acme Corp, 200 Hudson St, New York",
    )
    meeting = google_uid("work/team")
    add(
        "team",
        2,
        start=f"DTSTART;{ny}:20270106T180000",
        end=f"DTEND;{ny}:20270106T193000",
        rrule="RRULE:FREQ=WEEKLY;BYDAY=WE",
        summary="Team meeting",
        description="Weekly sync with the Singapore team (their Thursday morning).",
        location="Room 5B / Meet",
    )
    add(
        "team",
        3,
        order="/0",
        uid=f"{meeting}@google.com",
        start=f"DTSTART;{ny}:20270408T180000",
        end=f"DTEND;{ny}:20270408T193000",
        recurrence_id=f"RECURRENCE-ID;{ny}:20270407T180000",
        summary="Team meeting (moved to Thursday)",
        description="Moved: the Singapore team is off on Thursday 8 April.",
        location="Room 5B / Meet",
        sequence=1,
    )
    for i, (day, title) in enumerate(holidays):
        add(
            f"holiday/{day}",
            10 + i,
            start=f"DTSTART;VALUE=DATE:{date_value(day)}",
            end=f"DTEND;VALUE=DATE:{date_value(day + dt.timedelta(days=1))}",
            summary=title,
            transparent=True,
        )
    one_offs = [
        ("dinner", dt.date(2027, 2, 9), "19:00", 150, "Client dinner", "Balthazar, Spring St"),
        ("release", dt.date(2027, 3, 3), "20:00", 180, "Release night (on call)", ""),
        (
            "offsite",
            dt.date(2027, 3, 25),
            "08:00",
            630,
            "Quarterly planning offsite",
            "Brooklyn Navy Yard, Building 77",
        ),
        ("dentist", dt.date(2027, 4, 13), "07:30", 60, "Dentist", "Dr. Patel, 5th Ave"),
        (
            "flight",
            dt.date(2027, 4, 25),
            "17:00",
            150,
            "Flight to Chicago (UA 1176)",
            "LaGuardia Airport",
        ),
    ]
    for i, (key, day, hhmm, minutes, title, where) in enumerate(one_offs):
        s, e = _utc_pair(day, hhmm, minutes)
        add(key, 20 + i, start=s, end=e, summary=title, location=where)
    conf = dt.date(2027, 4, 26)
    add(
        "conference",
        30,
        start=f"DTSTART;VALUE=DATE:{date_value(conf)}",
        end=f"DTEND;VALUE=DATE:{date_value(conf + dt.timedelta(days=2))}",
        summary="DataEng Summit, Chicago",
        location="McCormick Place, Chicago",
    )

    head = [
        "BEGIN:VCALENDAR",
        GOOGLE_PRODID,
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Work",
        "X-WR-TIMEZONE:America/New_York",
        *GOOGLE_NEW_YORK_VTIMEZONE,
    ]
    body = [line for _, lines in sorted(events, key=lambda kv: kv[0]) for line in lines]
    return render([*head, *body, "END:VCALENDAR"])


# ----------------------------------------------------------------------------------------
# Training app: half marathon, all-day floating dates, bare LF line endings
# ----------------------------------------------------------------------------------------

HALF_START = dt.date(2027, 7, 5)
HALF_WEEKS = 12
HALF_RACE = dt.date(2027, 9, 26)

# Tuesday quality as (reps, rep: a distance or "<time> hill"); then the km of the Wednesday
# easy run, the Thursday tempo run, the Saturday easy run and the Sunday long run.
HALF_TUE = [
    (6, "800m"),
    (8, "60s hill"),
    (5, "1km"),
    (4, "800m"),
    (8, "400m"),
    (10, "60s hill"),
    (6, "1km"),
    (5, "800m"),
    (4, "1.6km"),
    (6, "1km"),
    (6, "400m"),
    (4, "400m"),
]
HALF_WED = [6, 6, 7, 5, 7, 8, 8, 6, 8, 8, 6, 5]
HALF_THU = [6, 7, 7, 6, 8, 8, 9, 6, 10, 9, 6]
HALF_SAT = [5, 5, 6, 5, 6, 6, 6, 5, 6, 6, 5]
HALF_SUN = [10, 11, 12, 10, 13, 14, 16, 12, 17, 18, 14]


def _half_tuesday(reps: int, rep: str) -> tuple[str, str, float]:
    """Title, details and total km of a Tuesday session."""
    if rep.endswith("hill"):
        secs = rep.removesuffix(" hill")
        title = f"Hill Repeats {reps}x{secs}"
        main = f"{reps} x {secs} uphill at 5K effort, jog back down"
        total = 3.5 + reps * 0.3
    else:
        title = f"Intervals {reps}x{rep}"
        metres = {"400m": 400, "800m": 800, "1km": 1000, "1.6km": 1600}[rep]
        pace = "5K pace (4:50/km)" if metres <= 800 else "10K pace (5:05/km)"
        main = f"{reps} x {rep} at {pace}, 90s jog recovery"
        total = 3.5 + reps * metres * 1.25 / 1000
    details = f"Warm up: 2 km easy\nMain set: {main}\nCool down: 1.5 km easy"
    return title, details, round(total)


def half_allday_trainingapp() -> bytes:
    """12-week half-marathon plan as a training app's calendar feed: all-day, no zone."""
    start = HALF_START
    stamp_ = "DTSTAMP:20261121T080000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Runna//Runna Training Plans 4.12//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Runna - Half Marathon",
        "X-WR-CALDESC:" + esc("12-week half marathon plan, 5 runs a week. Race: 26 Sep 2027."),
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]

    def event(day: dt.date, title: str, details: str) -> None:
        uid = digest(f"half/{day}").hex()[:24]
        lines.extend(
            [
                "BEGIN:VEVENT",
                f"UID:workout-{uid}@runna.com",
                stamp_,
                f"DTSTART;VALUE=DATE:{date_value(day)}",
                f"DTEND;VALUE=DATE:{date_value(day + dt.timedelta(days=1))}",
                f"SUMMARY:{esc(title)}",
                f"DESCRIPTION:{esc(details)}",
                "TRANSP:TRANSPARENT",
                "STATUS:CONFIRMED",
                "END:VEVENT",
            ]
        )

    rest = "Rest day. Recovery is where the adaptation happens: sleep, hydrate, stretch."
    for week in range(1, HALF_WEEKS + 1):
        i = week - 1
        last = week == HALF_WEEKS
        event(plan_day(start, week, MON), "Rest Day", rest)
        title, details, km = _half_tuesday(*HALF_TUE[i])
        event(plan_day(start, week, TUE), title, f"{details}\nTotal: about {km} km")
        wed = HALF_WED[i]
        event(
            plan_day(start, week, WED),
            f"Easy Run {wed} km",
            f"{wed} km at a conversational pace (6:15-6:45/km). RPE 3-4.",
        )
        if last:
            event(
                plan_day(start, week, THU),
                "Easy Run 4 km",
                "4 km easy with 4 x 20s strides. Stay fresh for Sunday.",
            )
        else:
            tempo = HALF_THU[i]
            block = tempo - 3
            event(
                plan_day(start, week, THU),
                f"Tempo Run - {tempo} km",
                f"Warm up: 1.5 km easy\nMain set: {block} km at threshold pace "
                f"(5:20/km), RPE 7\nCool down: 1.5 km easy",
            )
        event(plan_day(start, week, FRI), "Rest Day", rest)
        if last:
            event(
                plan_day(start, week, SAT),
                "Shakeout Run 3 km",
                "3 km very easy with 4 strides. Lay out your race kit tonight.",
            )
            event(
                plan_day(start, week, SUN),
                "Half Marathon Race",
                "Race day! \U0001f3c1 21.1 km. Goal pace 5:35/km; start 30 s/km slower "
                "for the first 3 km.\nGel at 8 km and 15 km.",
            )
        else:
            sat, sun = HALF_SAT[i], HALF_SUN[i]
            event(
                plan_day(start, week, SAT),
                f"Easy Run {sat} km",
                f"{sat} km easy. Keep it genuinely easy before tomorrow's long run.",
            )
            event(
                plan_day(start, week, SUN),
                f"Long Run {sun} km",
                f"{sun} km at easy pace (6:20-6:50/km). Practise fuelling: a gel every 40 min.",
            )
    lines.append("END:VCALENDAR")
    # This exporter ends lines with a bare LF, not CRLF: common outside the big vendors.
    return render(lines, newline="\n")


# ----------------------------------------------------------------------------------------
# Outlook: 10K plan in Germany, Windows zone names
# ----------------------------------------------------------------------------------------

TEN_K_START = dt.date(2027, 3, 1)
TEN_K_WEEKS = 8
TEN_K_RACE = dt.date(2027, 4, 25)
WINDOWS_ZONE = "W. Europe Standard Time"
OUTLOOK_TZID = f'TZID="{WINDOWS_ZONE}"'

TEN_K_TUE = [
    ("Intervals 6x400m", 7, "2 km warm-up, 6 x 400 m at 5K pace, 200 m jog, 2 km cool-down."),
    ("Hill repeats 8x200m", 7, "2 km warm-up, 8 x 200 m hill, jog down, 2 km cool-down."),
    ("Tempo run 5 km", 8, "1.5 km warm-up, 5 km at threshold (4:55/km), 1.5 km cool-down."),
    ("Intervals 5x1000m", 9, "2 km warm-up, 5 x 1000 m at 10K pace (4:40/km), 2 min jog."),
    ("Intervals 8x400m", 8, "2 km warm-up, 8 x 400 m at 5K pace, 200 m jog, 2 km cool-down."),
    ("Tempo run 6 km", 9, "1.5 km warm-up, 6 km at threshold, 1.5 km cool-down."),
    ("Intervals 4x1600m", 10, "2 km warm-up, 4 x 1600 m at 10K pace, 3 min jog."),
    ("Intervals 4x400m", 6, "Race week sharpener: 4 x 400 m at 10K pace, full recovery."),
]
TEN_K_THU = [6, 6, 7, 6, 7, 8, 7, 5]
TEN_K_SUN = [10, 11, 12, 10, 13, 14, 12]

OUTLOOK_VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{WINDOWS_ZONE}",
    "BEGIN:STANDARD",
    "DTSTART:16011028T030000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010325T020000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
]


def outlook_uid(key: str) -> str:
    """An Outlook global object id: class id, zero date, creation time, 16-byte GUID."""
    h = digest(f"outlook/{key}").hex().upper()
    return (
        "040000008200E00074C5B7101A82E008"
        + "00000000"
        + h[:16]
        + "0000000000000000"
        + "10000000"
        + h[16:48]
    )


def _outlook_event(
    key: str,
    *,
    start: dt.datetime | dt.date,
    end: dt.datetime | dt.date,
    summary: str,
    description: str = "",
    location: str = "",
    category: str = "",
    rrule: str = "",
    exdate: dt.datetime | None = None,
    free: bool = False,
    alarm: bool = True,
) -> list[str]:
    """A VEVENT as Outlook writes it: properties in alphabetical order, X- props last."""
    all_day = not isinstance(start, dt.datetime)

    def when(name: str, value: dt.datetime | dt.date) -> str:
        if isinstance(value, dt.datetime):
            return f"{name};{OUTLOOK_TZID}:{local(value)}"
        return f"{name};VALUE=DATE:{date_value(value)}"

    created = dt.datetime(2026, 11, 18, 19, 12, tzinfo=UTC) + dt.timedelta(minutes=digest(key)[0])
    lines = ["BEGIN:VEVENT"]
    if category:
        lines.append(f"CATEGORIES:{esc(category)}")
    lines += [
        "CLASS:PUBLIC",
        f"CREATED:{stamp(created)}",
        # Outlook ends every description with a line break.
        f"DESCRIPTION:{esc(description + chr(10))}",
        when("DTEND", end),
        "DTSTAMP:20261121T101500Z",
        when("DTSTART", start),
    ]
    if exdate is not None:
        lines.append(when("EXDATE", exdate))
    lines += [
        f"LAST-MODIFIED:{stamp(created)}",
        f"LOCATION:{esc(location)}",
        "PRIORITY:5",
    ]
    if rrule:
        lines.append(rrule)
    lines += [
        "SEQUENCE:0",
        f"SUMMARY;LANGUAGE=en-us:{esc(summary)}",
        f"TRANSP:{'TRANSPARENT' if free else 'OPAQUE'}",
        f"UID:{outlook_uid(key)}",
        f"X-MICROSOFT-CDO-BUSYSTATUS:{'FREE' if free else 'BUSY'}",
        "X-MICROSOFT-CDO-IMPORTANCE:1",
        "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
        "X-MS-OLK-AUTOFILLLOCATION:FALSE",
        f"X-MICROSOFT-CDO-ALLDAYEVENT:{'TRUE' if all_day else 'FALSE'}",
        "X-MS-OLK-CONFTYPE:0",
    ]
    if alarm and not all_day:
        lines += [
            "BEGIN:VALARM",
            "TRIGGER:-PT15M",
            "ACTION:DISPLAY",
            "DESCRIPTION:Reminder",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def ten_k_outlook() -> bytes:
    """8-week 10K plan in Frankfurt, as Outlook for Windows saves a calendar (.ics)."""
    start = TEN_K_START
    events: list[list[str]] = []

    def run(
        key: str,
        day: dt.date,
        hhmm: str,
        minutes: int,
        title: str,
        what: str,
        where: str = "Mainufer, Frankfurt",
        category: str = "Running",
    ) -> None:
        begin = at(day, hhmm)
        events.append(
            _outlook_event(
                key,
                start=begin,
                end=begin + dt.timedelta(minutes=minutes),
                summary=title,
                description=what,
                location=where,
                category=category,
            )
        )

    # A weekly yoga class, skipping Easter Monday: a non-run that recurs.
    yoga = at(start, "19:00")
    events.append(
        _outlook_event(
            "yoga",
            start=yoga,
            end=yoga + dt.timedelta(minutes=75),
            summary="Yoga",
            description="Vinyasa flow with Jana.",
            location="Yogaloft Bornheim",
            category="Fitness",
            rrule="RRULE:FREQ=WEEKLY;COUNT=8;BYDAY=MO",
            exdate=at(dt.date(2027, 3, 29), "19:00"),
        )
    )
    for week in range(1, TEN_K_WEEKS + 1):
        i = week - 1
        title, km, what = TEN_K_TUE[i]
        run(
            f"tue{week}",
            plan_day(start, week, TUE),
            "18:30",
            km * 6 + 10,
            title,
            what,
            "Sportpark Preungesheim" if "Intervals" in title else "Mainufer, Frankfurt",
        )
        thu = TEN_K_THU[i]
        run(
            f"thu{week}",
            plan_day(start, week, THU),
            "18:30",
            thu * 6 + 5,
            f"Easy run {thu} km",
            "Easy, conversational. Heart rate under 150.",
        )
        if week < TEN_K_WEEKS:
            run(
                f"sat{week}",
                plan_day(start, week, SAT),
                "09:00",
                40,
                "Easy run 5 km + strides",
                "5 km easy, then 6 x 20 s strides on grass.",
                "Ostpark",
            )
            long_km = TEN_K_SUN[i]
            run(
                f"sun{week}",
                plan_day(start, week, SUN),
                "09:30",
                long_km * 6 + 5,
                f"Long run {long_km} km",
                "Steady, easy pace. Last 2 km a bit quicker.",
                "Stadtwald",
            )
        else:
            run(
                "sat8",
                plan_day(start, week, SAT),
                "09:00",
                25,
                "Shakeout 3 km",
                "3 km very easy and 4 strides. Pick up race number at 12:00.",
                "Ostpark",
            )
            run(
                "race",
                TEN_K_RACE,
                "10:00",
                75,
                "10K race - Stadtlauf Frankfurt",
                "Start 10:00, block B. Goal 46:30 (4:39/km).",
                "Römerberg, Frankfurt am Main",
            )
    for key, day, hhmm, minutes, title, where, what in (
        (
            "dentist",
            dt.date(2027, 3, 17),
            "08:00",
            45,
            "Dentist",
            "Dr. Schneider, Berger Str.",
            "Check-up and cleaning.",
        ),
        (
            "physio",
            dt.date(2027, 4, 9),
            "12:30",
            45,
            "Physio check-up",
            "Physio am Zoo",
            "Left calf: follow-up.",
        ),
        (
            "dinner",
            dt.date(2027, 4, 15),
            "19:30",
            150,
            "Team dinner",
            "Apfelwein Wagner",
            "Quarterly team dinner.",
        ),
    ):
        run(key, day, hhmm, minutes, title, what, where, category="Personal")
    easter = dt.date(2027, 3, 29)
    events.append(
        _outlook_event(
            "easter",
            start=easter,
            end=easter + dt.timedelta(days=1),
            summary="Easter Monday (Ostermontag)",
            category="Holiday",
            free=True,
            location="Germany",
        )
    )
    head = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "X-CALSTART:20270301T000000Z",
        "X-CALEND:20270426T000000Z",
        "X-CLIPSTART:20270228T230000Z",
        "X-CLIPEND:20270426T220000Z",
        "X-WR-RELCALID:{0000002E-6D5B-7A3F-8E0C-2E5F1B4C9A01}",
        "X-WR-CALNAME:Calendar",
        "X-PRIMARY-CALENDAR:TRUE",
        'X-OWNER;CN="Lena Vogel":mailto:lena.vogel@example.com',
        f"X-MS-OLK-WKHRSTART;{OUTLOOK_TZID}:080000",
        f"X-MS-OLK-WKHREND;{OUTLOOK_TZID}:170000",
        "X-MS-OLK-WKHRDAYS:MO,TU,WE,TH,FR",
        *OUTLOOK_VTIMEZONE,
    ]
    body = [line for ev in events for line in ev]
    return render([*head, *body, "END:VCALENDAR"])


# ----------------------------------------------------------------------------------------
# Apple Calendar: beginner 5K, Europe/London
# ----------------------------------------------------------------------------------------

BEGINNER_START = dt.date(2027, 2, 22)
BEGINNER_WEEKS = 9
BEGINNER_RACE = dt.date(2027, 4, 24)  # Saturday of week 9: parkrun

# Three sessions a week (Tue, Thu, Sat): (title, main set).
BEGINNER_PLAN: list[list[tuple[str, str]]] = [
    [("Run/walk 20 min", "Alternate 60 s running and 90 s walking.")] * 3,
    [("Run/walk 20 min", "Alternate 90 s running and 2 min walking.")] * 3,
    [("Run/walk 20 min", "Twice: 90 s run, 90 s walk, 3 min run, 3 min walk.")] * 3,
    [("Run/walk 25 min", "3 min run, 90 s walk, 5 min run, 2.5 min walk; then again.")] * 3,
    [
        ("Run/walk 25 min", "5 min run, 3 min walk, three times."),
        ("Run/walk 25 min", "8 min run, 5 min walk, 8 min run."),
        ("Easy run 20 min", "20 minutes of running, no walking. Slow is fine."),
    ],
    [
        ("Run/walk 25 min", "5 min run, 3 min walk, 8 min run, 3 min walk, 5 min run."),
        ("Run/walk 25 min", "10 min run, 3 min walk, 10 min run."),
        ("Easy run 25 min", "25 minutes of running, no walking."),
    ],
    [("Easy run 25 min", "25 minutes of easy running.")] * 3,
    [("Easy run 28 min", "28 minutes of easy running.")] * 3,
    [
        ("Easy run 30 min", "30 minutes of easy running."),
        ("Easy run 30 min", "30 minutes of easy running. Last run before the 5K!"),
        ("5K race (parkrun)", "Your first parkrun 5K! Bring your barcode. Start 9:00."),
    ],
]

APPLE_LONDON_VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "DTSTART:19810329T010000",
    "TZNAME:BST",
    "TZOFFSETTO:+0100",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "DTSTART:19961027T020000",
    "TZNAME:GMT",
    "TZOFFSETTO:+0000",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def apple_uid(key: str) -> str:
    """An Apple-looking UID: an upper-case UUID."""
    return str(uuid.UUID(bytes=digest(f"apple/{key}")[:16], version=4)).upper()


def beginner_5k_apple() -> bytes:
    """9-week couch-to-5K in London, three runs a week, as Apple Calendar exports it."""
    tz = "TZID=Europe/London"
    lines = [
        "BEGIN:VCALENDAR",
        "METHOD:PUBLISH",
        "VERSION:2.0",
        "X-WR-CALNAME:Couch to 5K",
        "PRODID:-//Apple Inc.//macOS 15.1//EN",
        "X-APPLE-CALENDAR-COLOR:#34AADC",
        "X-WR-TIMEZONE:Europe/London",
        "CALSCALE:GREGORIAN",
        *APPLE_LONDON_VTIMEZONE,
    ]
    park = (
        'X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-ADDRESS="Grove Road, London E3 5TB, '
        'England";X-APPLE-RADIUS=381.4;X-TITLE=Victoria Park:geo:51.536614,-0.039861'
    )
    for week, sessions in enumerate(BEGINNER_PLAN, start=1):
        for (title, main), (weekday, hhmm) in zip(
            sessions, ((TUE, "07:00"), (THU, "07:00"), (SAT, "09:00")), strict=True
        ):
            day = plan_day(BEGINNER_START, week, weekday)
            minutes = int(title.split()[-2]) + 10 if title[0] != "5" else 50
            begin = at(day, hhmm)
            key = f"{week}/{weekday}"
            created = dt.datetime(2026, 11, 20, 21, 3, tzinfo=UTC) + dt.timedelta(
                seconds=17 * (week * 7 + weekday)
            )
            if title.startswith("5K"):
                what = main
            else:
                what = (
                    f"Week {week}. 5-minute brisk walk to warm up, then: {main} "
                    "Walk 5 minutes to cool down."
                )
            lines += [
                "BEGIN:VEVENT",
                "TRANSP:OPAQUE",
                f"DTEND;{tz}:{local(begin + dt.timedelta(minutes=minutes))}",
                f"UID:{apple_uid(key)}",
                f"DTSTAMP:{stamp(created)}",
                "LOCATION:" + esc("Victoria Park\nGrove Road, London E3 5TB, England"),
                f"DESCRIPTION:{esc(what)}",
                "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
                park,
                "SEQUENCE:0",
                f"SUMMARY:{esc(title)}",
                f"LAST-MODIFIED:{stamp(created)}",
                f"CREATED:{stamp(created)}",
                f"DTSTART;{tz}:{local(begin)}",
                "BEGIN:VALARM",
                f"X-WR-ALARMUID:{apple_uid(key + '/alarm')}",
                f"UID:{apple_uid(key + '/alarm')}",
                "TRIGGER:-PT30M",
                "ATTACH;VALUE=URI:Chord",
                "ACTION:AUDIO",
                "END:VALARM",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return render(lines)


# ----------------------------------------------------------------------------------------
# Thunderbird-style, written with icalendar: a block that cannot fit two sessions a week
# ----------------------------------------------------------------------------------------

TIGHT_START = dt.date(2027, 2, 1)
TIGHT_WEEKS = 4
TIGHT_SAT_KM = [24, 26, 28, 22]
TIGHT_SUN_KM = [16, 18, 20, 14]


def infeasible_tight() -> bytes:
    """4-week ultra block with a run every day and evening runs that end too late.

    Under the default rules only Friday can take a session each week; see README.md.
    """
    from icalendar import Calendar, Event

    london = ZoneInfo("Europe/London")
    made = dt.datetime(2026, 11, 19, 18, 30, tzinfo=UTC)
    cal = Calendar()
    cal.add("prodid", "-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Ultra block (Feb 2027)")

    def add(
        key: str,
        day: dt.date,
        hhmm: str,
        minutes: int,
        summary: str,
        what: str,
        rrule: dict[str, object] | None = None,
    ) -> None:
        ev = Event()
        ev.add("created", made)
        ev.add("last-modified", made)
        ev.add("dtstamp", made)
        ev.add("uid", str(uuid.UUID(bytes=digest(f"tight/{key}")[:16], version=4)))
        ev.add("summary", summary)
        if rrule:
            ev.add("rrule", rrule)
        begin = at(day, hhmm, london)
        ev.add("dtstart", begin)
        ev.add("dtend", begin + dt.timedelta(minutes=minutes))
        ev.add("description", what)
        ev.add("transp", "OPAQUE")
        ev.add("x-moz-generation", "1")
        cal.add_component(ev)

    weekly = {"freq": "weekly", "count": TIGHT_WEEKS}
    add(
        "mon",
        plan_day(TIGHT_START, 1, MON),
        "20:00",
        40,
        "Recovery run 6 km",
        "Very easy, after work. Flat route.",
        weekly,
    )
    add(
        "tue",
        plan_day(TIGHT_START, 1, TUE),
        "19:15",
        90,
        "Club track session 8x400m",
        "Harriers track night: 3 km warm-up, 8 x 400 m at 5K pace, 2 km cool-down.",
        weekly,
    )
    add(
        "wed",
        plan_day(TIGHT_START, 1, WED),
        "19:45",
        60,
        "Easy run 10 km (commute home)",
        "Run home from the office with a backpack.",
        weekly,
    )
    add(
        "thu",
        plan_day(TIGHT_START, 1, THU),
        "19:15",
        90,
        "Club tempo run 8 km",
        "Harriers tempo group: 2 km easy, 5 km at threshold, 1 km easy.",
        weekly,
    )
    add(
        "fri",
        plan_day(TIGHT_START, 1, FRI),
        "07:00",
        35,
        "Easy run 5 km",
        "Easy before work.",
        weekly,
    )
    for week in range(1, TIGHT_WEEKS + 1):
        sat, sun = TIGHT_SAT_KM[week - 1], TIGHT_SUN_KM[week - 1]
        add(
            f"sat{week}",
            plan_day(TIGHT_START, week, SAT),
            "07:00",
            round(sat * 6.5),
            f"Long run {sat} km",
            "Trail, time on feet. Eat every 30 min.",
        )
        add(
            f"sun{week}",
            plan_day(TIGHT_START, week, SUN),
            "08:00",
            round(sun * 6.5),
            f"Long run {sun} km",
            "Back-to-back with Saturday: run it on tired legs.",
        )
    cal.add_missing_timezones(
        first_date=TIGHT_START - dt.timedelta(days=1),
        last_date=TIGHT_START + dt.timedelta(days=7 * TIGHT_WEEKS + 1),
    )
    return cal.to_ical()


# ----------------------------------------------------------------------------------------

SAMPLES: dict[str, Callable[[], bytes]] = {
    "marathon_google.ics": marathon_google,
    "half_allday_trainingapp.ics": half_allday_trainingapp,
    "10k_outlook.ics": ten_k_outlook,
    "beginner_5k.ics": beginner_5k_apple,
    "work_office_hours.ics": work_google,
    "infeasible_tight.ics": infeasible_tight,
}


def write_all(out: Path = HERE) -> list[Path]:
    """Write every sample into ``out``.

    Args:
        out: Target folder; created if missing.

    Returns:
        The written paths, in ``SAMPLES`` order.
    """
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in SAMPLES.items():
        path = out / name
        path.write_bytes(make())
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python sample_calendars/make_samples.py [--out DIR]``."""
    parser = argparse.ArgumentParser(description="Write legday's sample calendars.")
    parser.add_argument("--out", type=Path, default=HERE, help="folder (default: this one)")
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(f"{path}  {path.stat().st_size:>6} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
