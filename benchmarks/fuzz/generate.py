"""Adversarial running and busy calendars, generated from a seed.

Each calendar is valid enough to be read as a training plan, and hostile in the ways real
exports are: time zones of every kind (IANA, Windows, a VTIMEZONE only the file defines, an
unknown TZID, floating and UTC times), half-hour and DST-shifted zones, times that do not
exist or exist twice, all-day and multi-day runs, zero and negative lengths, DURATION instead of
DTEND, recurring runs with EXDATE, RDATE, moved and cancelled occurrences, rules that are
costly for dateutil, copies of one UID with different SEQUENCE, races, and busy calendars
dense with office hours, meetings across midnight and free or all-day events.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

RUN_TITLES = (
    "Long run 18 km",
    "Long run 2h",
    "Intervals 6x800m",
    "Tempo 5 km",
    "Hill repeats 8x200m",
    "Easy run 8 km",
    "Recovery jog 30 min",
    "Fartlek 40'",
    "Race: City 10K",
    "Half marathon race",
    "parkrun",
    "Langer Lauf 25 km",
    "Sortie longue 20 km",
    "Easy {6}",
    "Long run 14 mi",
)
OTHER_TITLES = ("Yoga", "Rest day", "Physio - calf", "Cross-training", "Swim", "")
BUSY_TITLES = ("Office hours", "Team meeting", "Dentist", "Early call with NY office", "Flight")
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "UTC",
)
WINDOWS_ZONES = ("W. Europe Standard Time", "Eastern Standard Time", "India Standard Time")
CUSTOM_ZONE = """BEGIN:VTIMEZONE\r
TZID:Customized Time Zone\r
BEGIN:STANDARD\r
DTSTART:16010101T030000\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010101T020000\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r
END:DAYLIGHT\r
END:VTIMEZONE\r
"""
COSTLY_RULES = (
    "FREQ=DAILY;BYDAY=TU;BYYEARDAY=60;BYWEEKNO=19",
    "FREQ=DAILY;BYDAY=SU;BYYEARDAY=-1,-2,-3;BYWEEKNO=52,53",
    "FREQ=MONTHLY;BYDAY=SU;BYSETPOS=6",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO",
    "FREQ=HOURLY;BYSETPOS=3",
    "FREQ=WEEKLY;INTERVAL=3;BYDAY=SA,SU;BYMONTH=3,4,5",
)


@dataclass
class Case:
    """One generated case: calendar files (name -> bytes) and the command line."""

    name: str
    files: dict[str, bytes]
    args: list[str]
    notes: list[str] = field(default_factory=list)


class _Writer:
    """One VCALENDAR being written, event by event."""

    def __init__(self, rng: random.Random, zone: str, name: str) -> None:
        self.rng = rng
        self.zone = zone
        self.lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//legday fuzz//EN"]
        if rng.random() < 0.3:
            self.lines.append(f"X-WR-TIMEZONE:{rng.choice(ZONES)}")
        if rng.random() < 0.5:
            self.lines.append(f"X-WR-CALNAME:{name}")
        self.custom = False
        self.uid = 0

    def time(self, value: dt.datetime, key: str) -> str:
        """A DTSTART/DTEND line in one of the ways writers write times."""
        kind = self.rng.random()
        if kind < 0.55:
            return f"{key};TZID={self.zone}:{value:%Y%m%dT%H%M%S}"
        if kind < 0.65:
            return f"{key};TZID={self.rng.choice(WINDOWS_ZONES)}:{value:%Y%m%dT%H%M%S}"
        if kind < 0.72:
            self.custom = True
            return f'{key};TZID="Customized Time Zone":{value:%Y%m%dT%H%M%S}'
        if kind < 0.75:
            return f"{key};TZID=Mars/Olympus_Mons:{value:%Y%m%dT%H%M%S}"
        if kind < 0.88:
            return f"{key}:{value:%Y%m%dT%H%M%S}"  # floating
        return f"{key}:{value:%Y%m%dT%H%M%S}Z"

    def event(
        self,
        summary: str,
        start: dt.datetime,
        minutes: int,
        *,
        all_day: bool = False,
        extra: tuple[str, ...] = (),
    ) -> str:
        rng = self.rng
        self.uid += 1
        uid = f"fuzz-{self.uid}-{rng.randrange(10**6)}@legday.test"
        lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{start:%Y%m%dT%H%M%S}Z"]
        if summary or rng.random() < 0.5:
            lines.append(f"SUMMARY:{summary}")
        if all_day:
            days = rng.choice((1, 1, 1, 2, 0))
            lines.append(f"DTSTART;VALUE=DATE:{start:%Y%m%d}")
            if days:
                lines.append(f"DTEND;VALUE=DATE:{start + dt.timedelta(days=days):%Y%m%d}")
        else:
            lines.append(self.time(start, "DTSTART"))
            shape = rng.random()
            if shape < 0.8:
                lines.append(self.time(start + dt.timedelta(minutes=minutes), "DTEND"))
            elif shape < 0.9:
                lines.append(f"DURATION:PT{max(minutes, 0)}M")
            elif shape < 0.95:
                lines.append(self.time(start - dt.timedelta(minutes=minutes), "DTEND"))
        lines += list(extra)
        if rng.random() < 0.1:
            lines.append("TRANSP:TRANSPARENT")
        if rng.random() < 0.05:
            lines.append("STATUS:CANCELLED")
        if rng.random() < 0.1:
            lines.append(f"DESCRIPTION:{rng.choice(('6x800m @ 5k pace', 'Rest', 'Easy', ''))}")
        lines.append("END:VEVENT")
        block = "\r\n".join(lines) + "\r\n"
        if rng.random() < 0.05:  # an update of the same UID, as exporters repeat them
            block += block.replace("DTSTAMP", "SEQUENCE:1\r\nDTSTAMP").replace(
                f"SUMMARY:{summary}", f"SUMMARY:{summary} (moved)"
            )
        return block

    def done(self, blocks: list[str]) -> bytes:
        head = self.lines + ([CUSTOM_ZONE.rstrip("\r\n")] if self.custom else [])
        text = "\r\n".join(head) + "\r\n" + "".join(blocks) + "END:VCALENDAR\r\n"
        return text.encode("utf-8")


def _rule(rng: random.Random) -> tuple[str, ...]:
    """A recurrence for a run: mostly plain weekly repeats, sometimes hostile ones."""
    roll = rng.random()
    if roll < 0.6:
        return (f"RRULE:FREQ=WEEKLY;COUNT={rng.randint(1, 20)}",)
    if roll < 0.7:
        until = dt.date(2027, 3, 1) + dt.timedelta(days=rng.randint(0, 200))
        return (f"RRULE:FREQ=WEEKLY;INTERVAL={rng.randint(1, 3)};UNTIL={until:%Y%m%d}T235959Z",)
    if roll < 0.85:
        return (f"RRULE:{rng.choice(COSTLY_RULES)}",)
    return (f"RRULE:FREQ=DAILY;INTERVAL={rng.randint(2, 9)};COUNT={rng.randint(1, 60)}",)


def running_calendar(rng: random.Random, start: dt.date, weeks: int) -> bytes:
    """A training plan of ``weeks`` weeks from ``start``, hostile in the ways listed above."""
    zone = rng.choice(ZONES)
    cal = _Writer(rng, zone, "Training plan")
    blocks = []
    for w in range(weeks):
        monday = start + dt.timedelta(weeks=w)
        for d in sorted(rng.sample(range(7), rng.randint(0, 6))):
            day = monday + dt.timedelta(days=d)
            hour = rng.choice((5, 6, 7, 12, 17, 18, 19, 23, 2))
            when = dt.datetime.combine(day, dt.time(hour, rng.choice((0, 15, 30, 45))))
            title = rng.choice(RUN_TITLES) if rng.random() < 0.85 else rng.choice(OTHER_TITLES)
            minutes = rng.choice((30, 45, 60, 90, 150, 0, 600))
            extra: tuple[str, ...] = ()
            if w == 0 and rng.random() < 0.3:
                extra = _rule(rng)
                if rng.random() < 0.3:
                    extra += (f"EXDATE;TZID={zone}:{when + dt.timedelta(weeks=1):%Y%m%dT%H%M%S}",)
            blocks.append(cal.event(title, when, minutes, all_day=rng.random() < 0.12, extra=extra))
    if rng.random() < 0.2:  # DST edges: a time that does not exist, one that exists twice
        for day, hour in ((dt.date(2027, 3, 28), 2), (dt.date(2027, 10, 31), 2)):
            blocks.append(
                cal.event("Easy run 5 km", dt.datetime.combine(day, dt.time(hour, 30)), 40)
            )
    rng.shuffle(blocks)  # RFC 5545 imposes no order
    return cal.done(blocks)


def busy_calendar(rng: random.Random, start: dt.date, weeks: int) -> bytes:
    """Work: office hours as a weekly rule, meetings, some across midnight, free and all-day
    events, a holiday."""
    zone = rng.choice(ZONES)
    cal = _Writer(rng, zone, "Work")
    office = dt.datetime.combine(start, dt.time(rng.choice((8, 9)), 0))
    rule = f"RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT={weeks * 5}"
    blocks = [cal.event("Office hours", office, rng.choice((480, 510)), extra=(rule,))]
    for _ in range(rng.randint(0, weeks * 4)):
        day = start + dt.timedelta(days=rng.randrange(weeks * 7))
        when = dt.datetime.combine(day, dt.time(rng.randint(0, 23), rng.choice((0, 30))))
        blocks.append(
            cal.event(
                rng.choice(BUSY_TITLES),
                when,
                rng.choice((30, 60, 120, 300)),
                all_day=rng.random() < 0.1,
            )
        )
    rng.shuffle(blocks)
    return cal.done(blocks)


def plan_options(rng: random.Random, *, risky: bool) -> list[str]:
    """A random but mostly sensible `legday plan` command line (``risky``: any option)."""
    args: list[str] = []
    if rng.random() < 0.5:
        lo = rng.randint(0, 3)
        args += ["--sessions", f"{lo}-{rng.randint(lo, 4)}"]
    if rng.random() < 0.4:
        args += ["--level", rng.choice(("beginner", "intermediate", "advanced"))]
    if rng.random() < 0.3:
        a = rng.randint(5, 12)
        args += ["--window", f"{a:02d}:00-{rng.randint(a + 2, 23):02d}:00"]
    if rng.random() < 0.3:
        args += ["--minutes", str(rng.choice((20, 30, 45, 60)))]
    if rng.random() < 0.3:
        args += ["--prefer", rng.choice(("morning", "midday", "evening"))]
    if rng.random() < 0.2:
        args += ["--min-gap-days", str(rng.randint(1, 3))]
    if rng.random() < 0.2:
        args += ["--tz", rng.choice(ZONES)]
    if rng.random() < 0.2:
        args += ["--program", rng.choice(("mixed", "endurance", "functional", "plyometric"))]
    if risky and rng.random() < 0.15:
        args += ["--allow-after-long-run"]
    if risky and rng.random() < 0.1:
        args += ["--best-effort"]
    return args


def generated_case(rng: random.Random, index: int, *, risky: bool = True) -> Case:
    """A generated running calendar (and sometimes a busy one) and a `plan` command."""
    start = dt.date(2027, 3, 1) + dt.timedelta(weeks=rng.randint(-2, 30))
    weeks = rng.choice((1, 2, 3, 4, 6, 8, 12, 20)) if risky else rng.choice((1, 2, 3))
    files = {"runs.ics": running_calendar(rng, start, weeks)}
    args = ["plan", "runs.ics"]
    if rng.random() < 0.4:
        files["work.ics"] = busy_calendar(rng, start, weeks)
        args += ["--busy", "work.ics"]
    args += plan_options(rng, risky=risky)
    if not risky or rng.random() < 0.2:  # repeats may reach further: the plan's weeks set
        args += ["--start", f"{start:%Y-%m-%d}", "--weeks", str(weeks)]
    return Case(f"generated-{index}", files, args)
