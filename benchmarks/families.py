"""Instance families that stress the plan model in different ways, and the big work calendar.

Each family is a list of :class:`~benchmarks.instances.Instance` whose calendars are generated
into a cache folder (same arguments, same bytes):

- ``sparse``: two all-day runs, the first and the last week of a 12- to 156-week plan, and
  one run a month over a year or three: many empty weeks, where many patterns cost nearly
  the same (the case that took CP-SAT 10-25 s before the dynamic program);
- ``doubles``: two runs on four days a week (easy in the morning, quality in the evening)
  around office hours, 4 to 156 weeks;
- ``busy20``: the scaling week with 20 random busy events a day, 4 to 156 weeks;
- ``long``: 260 and 520 weeks, regular (the scaling week, 2 busy events a day) and sparse
  (two all-day runs);
- ``fuzz``: adversarial calendars (:mod:`benchmarks.adversarial`: its quirks, and the
  fuzzing suite's generated cases and mutated real-world calendars when it is installed).

:func:`work_calendar` writes the 18 MB ten-year work calendar that the import benchmark reads
for the 18-week marathon sample.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.instances import (
    PLAN_START,
    RACE_EVERY,
    SAMPLES,
    TZ,
    Instance,
    events_ics,
    scaling_events,
)

SPARSE_WEEKS = (12, 26, 52, 156)
MONTHLY_WEEKS = (52, 156)
DOUBLES_WEEKS = (4, 13, 26, 52, 104, 156)
BUSY20_WEEKS = (4, 13, 26, 52, 104, 156)
LONG_WEEKS = (260, 520)
LONG_BUSY = 2  # busy events a day on the regular long plans
FAMILIES = ("sparse", "doubles", "busy20", "long", "fuzz")


def sparse_instances(cache: Path, weeks: Iterable[int] = SPARSE_WEEKS) -> list[Instance]:
    """Two all-day runs, in the first and the last week, and one run a month."""
    out = [_two_runs(cache, "sparse", w) for w in weeks]
    for w in MONTHLY_WEEKS if tuple(weeks) == SPARSE_WEEKS else ():
        days = [PLAN_START + dt.timedelta(days=5 + 28 * k) for k in range(w // 4)]
        days.append(PLAN_START + dt.timedelta(weeks=w - 1, days=5))
        path = cache / f"sparse_monthly_{w}w.ics"
        if not path.exists():
            titles = ("Long run 18 km", "Easy run 8 km", "Tempo run 10 km")
            path.write_bytes(
                allday_ics([(d, titles[i % 3]) for i, d in enumerate(days)], name="Monthly runs")
            )
        out.append(
            Instance(
                name=f"sparse/monthly/{w}w",
                family="sparse",
                runs=(path,),
                weeks=w,
                tz=TZ,
                density="none",
                plan=f"monthly_{w}w",
            )
        )
    return out


def _two_runs(cache: Path, family: str, weeks: int) -> Instance:
    """A ``weeks``-long plan with one all-day run in its first week and one in its last."""
    path = cache / f"sparse_two_{weeks}w.ics"
    if not path.exists():
        first = PLAN_START + dt.timedelta(days=5)
        last = PLAN_START + dt.timedelta(weeks=weeks - 1, days=5)
        path.write_bytes(
            allday_ics([(first, "Long run 18 km"), (last, "Easy run 10 km")], name="Two runs")
        )
    return Instance(
        name=f"{family}/two-runs/{weeks}w",
        family=family,
        runs=(path,),
        weeks=weeks,
        tz=TZ,
        density="none",
        plan=f"two_runs_{weeks}w",
    )


# A week of doubles, Monday first: (title, start, minutes) per run.
_DOUBLES: tuple[tuple[tuple[str, dt.time, int], ...], ...] = (
    (("Easy run 6 km", dt.time(6, 30), 40),),
    (("Easy run 5 km", dt.time(6, 30), 35), ("Intervals 8 x 400 m", dt.time(18, 0), 60)),
    (("Easy run 8 km", dt.time(6, 30), 50), ("Recovery jog 4 km", dt.time(18, 30), 30)),
    (("Easy run 5 km", dt.time(6, 30), 35), ("Tempo run 8 km", dt.time(17, 30), 60)),
    (),
    (("Easy run 6 km", dt.time(8, 0), 40), ("Easy run 4 km", dt.time(17, 0), 30)),
    (("Long run 26 km", dt.time(7, 0), 160),),
)


def doubles_instances(cache: Path, weeks: Iterable[int] = DOUBLES_WEEKS) -> list[Instance]:
    """Two runs a day on four days a week, around office hours (Mon-Fri 09:00-17:00)."""
    zone = ZoneInfo(TZ)
    out = []
    for w in weeks:
        runs_path = cache / f"doubles_{w}w_runs.ics"
        busy_path = cache / f"doubles_{w}w_office.ics"
        if not runs_path.exists():
            runs, office = [], []
            for d in range(w * 7):
                day = PLAN_START + dt.timedelta(days=d)
                for title, begin, minutes in _DOUBLES[d % 7]:
                    if d % 7 == 6 and (d // 7) % RACE_EVERY == RACE_EVERY - 1:
                        title, begin, minutes = "Half marathon race", dt.time(8, 0), 110
                    start = dt.datetime.combine(day, begin, zone)
                    runs.append((start, start + dt.timedelta(minutes=minutes), title))
                if d % 7 < 5:
                    start = dt.datetime.combine(day, dt.time(9, 0), zone)
                    office.append((start, start + dt.timedelta(hours=8), "Office"))
            runs_path.write_bytes(events_ics(runs, name="Doubles", uid_prefix="run"))
            busy_path.write_bytes(events_ics(office, name="Work", uid_prefix="office"))
        out.append(
            Instance(
                name=f"doubles/{w}w",
                family="doubles",
                runs=(runs_path,),
                busy=(busy_path,),
                weeks=w,
                tz=TZ,
                density="office",
                plan=f"doubles_{w}w",
            )
        )
    return out


def busy_instances(
    cache: Path,
    family: str,
    weeks: Iterable[int],
    busy_per_day: int,
) -> list[Instance]:
    """The scaling week over ``weeks`` with ``busy_per_day`` random busy events a day."""
    out = []
    for w in weeks:
        events = scaling_events(w, busy_per_day)
        runs = cache / f"scaling_{w}w_runs.ics"
        if not runs.exists():
            runs.write_bytes(events_ics(events.runs, name=f"Training {w} weeks", uid_prefix="run"))
        busy: tuple[Path, ...] = ()
        if busy_per_day:
            path = cache / f"scaling_{w}w_{busy_per_day}busy.ics"
            if not path.exists():
                path.write_bytes(events_ics(events.busy, name="Work", uid_prefix="busy"))
            busy = (path,)
        out.append(
            Instance(
                name=f"{family}/{w}w/{busy_per_day}busy",
                family=family,
                runs=(runs,),
                busy=busy,
                density=f"{busy_per_day}/day",
                busy_per_day=busy_per_day,
                weeks=w,
                tz=TZ,
                plan=f"scaling_{w}w",
            )
        )
    return out


def long_instances(cache: Path, weeks: Iterable[int] = LONG_WEEKS) -> list[Instance]:
    """260 and 520 weeks: the scaling week with busy events, and two runs ten years apart."""
    weeks = tuple(weeks)
    out = [
        i.with_name(f"long/regular/{i.weeks}w")
        for i in busy_instances(cache, "long", weeks, LONG_BUSY)
    ]
    out += [_two_runs(cache, "long", w).with_name(f"long/sparse/{w}w") for w in weeks]
    return out


def family_instances(cache: Path, family: str) -> list[Instance]:
    """Every instance of one family of :data:`FAMILIES`."""
    cache.mkdir(parents=True, exist_ok=True)
    if family == "sparse":
        return sparse_instances(cache)
    if family == "doubles":
        return doubles_instances(cache)
    if family == "busy20":
        return busy_instances(cache, "busy20", BUSY20_WEEKS, 20)
    if family == "long":
        return long_instances(cache)
    if family == "fuzz":
        from benchmarks.adversarial import fuzz_instances

        return fuzz_instances(cache)
    raise ValueError(f"unknown family {family!r}: choose one of {', '.join(FAMILIES)}")


def allday_ics(days: Iterable[tuple[dt.date, str]], *, name: str) -> bytes:
    """All-day events (``VALUE=DATE``, end exclusive), as training apps export them."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//legday//benchmarks generator//EN",
        f"X-WR-CALNAME:{name}",
    ]
    for i, (day, title) in enumerate(sorted(days)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:allday-{i}@bench.legday",
            "DTSTAMP:20270101T000000Z",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{title}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


# --------------------------------------------------------------------------- work calendar

WORK_YEARS = (2018, 2027)  # first and last year of the ten-year work calendar
WORK_MEETINGS = 20  # meetings a workday
_TOPICS = (
    "Sprint planning",
    "1:1",
    "Design review",
    "Customer call",
    "Budget sync",
    "Hiring panel",
    "Incident review",
    "Roadmap",
    "Lunch and learn",
    "Vendor demo",
)
_VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nX-LIC-LOCATION:America/New_York\r\n"
    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\n"
    "DTSTART:19700308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\n"
    "DTSTART:19701101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)


def work_calendar(cache: Path) -> Path:
    """An 18 MB work calendar: ten years (2018-2027) of about 20 meetings every workday.

    Written as Google Calendar exports it (times with ``TZID=America/New_York`` and its
    VTIMEZONE, attendees, descriptions, folded lines), plus a daily stand-up and a weekly
    team meeting as recurring series with exceptions. Same bytes every time (seeded).
    """
    path = cache / "work_ten_years.ics"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    rng = random.Random(18)
    parts = [
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        "VERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Work\r\n"
        "X-WR-TIMEZONE:America/New_York\r\n",
        _VTIMEZONE,
        _series("standup", "Daily stand-up", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", dt.time(9, 15)),
        _series("team", "Team meeting", "FREQ=WEEKLY;BYDAY=WE", dt.time(14, 0)),
    ]
    day = dt.date(WORK_YEARS[0], 1, 1)
    n = 0
    while day.year <= WORK_YEARS[1]:
        if day.weekday() < 5:
            for _ in range(WORK_MEETINGS):
                parts.append(_meeting(rng, day, n))
                n += 1
        day += dt.timedelta(days=1)
    parts.append("END:VCALENDAR\r\n")
    path.write_bytes("".join(parts).encode("utf-8"))
    return path


def _series(uid: str, title: str, rule: str, at: dt.time) -> str:
    first = dt.datetime.combine(dt.date(WORK_YEARS[0], 1, 2), at)
    end = first + dt.timedelta(minutes=30 if uid == "standup" else 60)
    return (
        "BEGIN:VEVENT\r\n"
        f"DTSTART;TZID=America/New_York:{first:%Y%m%dT%H%M%S}\r\n"
        f"DTEND;TZID=America/New_York:{end:%Y%m%dT%H%M%S}\r\n"
        f"RRULE:{rule}\r\n"
        f"EXDATE;TZID=America/New_York:{first.replace(year=2019):%Y%m%dT%H%M%S}\r\n"
        "DTSTAMP:20270101T000000Z\r\n"
        f"UID:{uid}-series@work.example.com\r\n"
        f"SUMMARY:{title}\r\n"
        "END:VEVENT\r\n"
    )


def _meeting(rng: random.Random, day: dt.date, n: int) -> str:
    minute = 7 * 60 + 15 * rng.randrange(48)  # 07:00 to 18:45
    start = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
    end = start + dt.timedelta(minutes=15 * rng.randint(1, 4))
    topic = rng.choice(_TOPICS)
    who = rng.choice(("ana", "bo", "chen", "dev", "eli", "fay", "gus", "hal"))
    return (
        "BEGIN:VEVENT\r\n"
        f"DTSTART;TZID=America/New_York:{start:%Y%m%dT%H%M%S}\r\n"
        f"DTEND;TZID=America/New_York:{end:%Y%m%dT%H%M%S}\r\n"
        f"DTSTAMP:20270101T000000Z\r\nUID:{n:07d}-{rng.getrandbits(40):010x}@google.com\r\n"
        f"ORGANIZER;CN={who}:mailto:{who}@work.example.com\r\n"
        f"DESCRIPTION:{topic}. https://meet.example.com/ or call +1 555 0100\r\n"
        f" {rng.getrandbits(32):08x}\r\n"
        f"LOCATION:Room {rng.randint(1, 40)}\r\n"
        f"SUMMARY:{topic}\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n"
    )


def work_calendar_instance(cache: Path) -> Instance:
    """The 18-week marathon sample with the ten-year work calendar as its busy time."""
    return Instance(
        name="import/marathon_google+ten-year-work",
        family="import",
        runs=(SAMPLES / "marathon_google.ics",),
        busy=(work_calendar(cache),),
        density="ten-year work",
        plan="marathon_google",
    )
