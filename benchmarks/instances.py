"""Benchmark instances: the sample calendars, the published plans and generated scaling plans.

Every instance is a set of real ``.ics`` files plus the plan options a runner would pass to
``legday plan``, so the same instance can be solved in-process (timing each step) and run as
a whole command (timing what a user waits for). Generated calendars are written into a cache
folder the caller owns (a temporary folder per benchmark run); the same arguments always write
the same bytes.

- ``sample``: ``sample_calendars/*.ics`` with the options their README describes.
- ``plan``: each published plan in ``shared/plans`` (via :mod:`benchmarks.plans_to_ics`, first
  Monday :data:`PLAN_START`, runs at :data:`PLAN_TIME` in :data:`TZ`), crossed with three busy
  calendars (:data:`DENSITIES`) and the three athlete levels.
- ``scaling``: a repeating intermediate week (a race every 16 weeks) over 4 to 104 weeks, with
  0 to 10 random busy events a day on the 15-minute grid.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from optimizer.config import PlanOptions

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_calendars"
PLANS = ROOT.parent / "shared" / "plans"

TZ = "America/New_York"
PLAN_START = dt.date(2027, 1, 4)  # a Monday
PLAN_TIME = dt.time(6, 30)  # before work, as most plans' runners do
LEVELS = ("beginner", "intermediate", "advanced")
DENSITIES = ("none", "office", "office+evening")
BUSY_WEEKS = 26  # the busy calendars cover the longest published plan (24 weeks)
SCALING_WEEKS = (4, 8, 13, 26, 39, 52, 78, 104)
SCALING_BUSY = (0, 1, 2, 5, 10)


@dataclass(frozen=True)
class Instance:
    """One benchmark problem: calendar files and the options of ``legday plan``.

    Attributes:
        name: Unique, path-like name, e.g. ``plan/pfitz_18_55/office/intermediate``.
        family: ``sample``, ``plan`` or ``scaling``.
        runs: The running calendar(s).
        busy: Busy calendars (work, appointments).
        level: Athlete level.
        density: Which busy calendar: ``none``, ``office``, ``office+evening``, ``work``
            (the sample work calendar) or ``N/day`` for scaling instances.
        busy_per_day: Generated busy events a day (scaling instances only).
        weeks: Plan length when known before loading (scaling instances).
        tz: Athlete zone passed explicitly (None: the calendar's own).
        plan: The published plan's id, or the sample's file stem.
        options: More ``legday plan`` options, as typed (``--weeks 12``, ``--best-effort``).
    """

    name: str
    family: str
    runs: tuple[Path, ...]
    busy: tuple[Path, ...] = ()
    level: str = "intermediate"
    density: str = "none"
    busy_per_day: int | None = None
    weeks: int | None = None
    tz: str | None = None
    plan: str = ""
    options: tuple[str, ...] = ()

    def cli_args(self) -> list[str]:
        """The ``legday plan`` arguments for this instance (without ``-o``)."""
        args = [str(p) for p in self.runs]
        for b in self.busy:
            args += ["--busy", str(b)]
        args += ["--level", self.level]
        if self.tz:
            args += ["--tz", self.tz]
        return args + list(self.options)

    def plan_options(self) -> PlanOptions:
        """The options ``legday plan`` reads from :meth:`cli_args`, parsed by its own parser.

        Raises:
            InputError: The options are refused (as the command would refuse them).
        """
        import click

        from optimizer.cli.options import build_options
        from optimizer.cli.plan import plan
        from optimizer.domain import InputError

        try:
            ctx = plan.make_context("plan", [*self.cli_args(), "-o", "unused.ics"])
        except click.ClickException as exc:
            raise InputError(exc.format_message()) from None
        return build_options(ctx.params)

    def with_name(self, name: str) -> Instance:
        return dataclasses.replace(self, name=name)


# --------------------------------------------------------------------------- samples

# The sample calendars and how their README says they are used.
_SAMPLES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("marathon_google", (), "intermediate"),
    ("marathon_google", ("work_office_hours",), "intermediate"),
    ("half_allday_trainingapp", (), "intermediate"),
    ("10k_outlook", (), "intermediate"),
    ("beginner_5k", (), "beginner"),
    ("infeasible_tight", (), "intermediate"),
)
TARGET = "sample/marathon_google+work"  # the whole-command target: 18 weeks with a work calendar


def sample_instances() -> list[Instance]:
    """The project's sample calendars, each with its natural options."""
    out = []
    for stem, busy, level in _SAMPLES:
        name = f"sample/{stem}" + ("+work" if busy else "")
        out.append(
            Instance(
                name=name,
                family="sample",
                runs=(SAMPLES / f"{stem}.ics",),
                busy=tuple(SAMPLES / f"{b}.ics" for b in busy),
                level=level,
                density="work" if busy else "none",
                plan=stem,
            )
        )
    return out


# --------------------------------------------------------------------------- published plans


def plan_files(plans_dir: Path = PLANS) -> list[Path]:
    """The published plans (JSON), sorted by name."""
    return sorted(p for p in Path(plans_dir).glob("*.json"))


def plan_instances(
    cache: Path,
    *,
    plans_dir: Path = PLANS,
    only: Sequence[str] | None = None,
    densities: Sequence[str] = DENSITIES,
    levels: Sequence[str] = LEVELS,
) -> list[Instance]:
    """Every published plan as .ics, crossed with busy densities and athlete levels.

    Args:
        cache: Folder for the generated calendars (created if missing).
        plans_dir: Where the plan JSON files are.
        only: Plan ids to keep (all when None).
        densities: Busy calendars to pair each plan with.
        levels: Athlete levels.

    Returns:
        The instances, plan by plan, then density, then level.

    Raises:
        ValueError: A plan file cannot be read or converted.
    """
    from benchmarks.plans_to_ics import plan_to_ics

    cache.mkdir(parents=True, exist_ok=True)
    busy = busy_calendars(cache)
    out = []
    for path in plan_files(plans_dir):
        if only is not None and path.stem not in only:
            continue
        target = cache / f"plan_{path.stem}.ics"
        if not target.exists():
            try:
                plan = json.loads(path.read_text(encoding="utf-8"))
                data = plan_to_ics(plan, start=PLAN_START, time_of_day=PLAN_TIME, tz=TZ)
            except (OSError, ValueError) as exc:
                raise ValueError(f"{path}: {exc}") from None
            target.write_bytes(data)
        for density in densities:
            for level in levels:
                out.append(
                    Instance(
                        name=f"plan/{path.stem}/{density}/{level}",
                        family="plan",
                        runs=(target,),
                        busy=busy[density],
                        level=level,
                        density=density,
                        plan=path.stem,
                    )
                )
    return out


def busy_calendars(cache: Path) -> dict[str, tuple[Path, ...]]:
    """Write the busy calendars the plans are paired with; map density to files.

    ``office``: Monday to Friday 09:00-17:00, weekly. ``office+evening``: the same plus
    evening appointments (dinners, choir, parents' evenings) on about two weekday evenings
    a week and some weekend afternoons, drawn from a fixed seed.
    """
    cache.mkdir(parents=True, exist_ok=True)
    office = cache / "busy_office.ics"
    evening = cache / "busy_evening.ics"
    if not office.exists():
        office.write_bytes(_office_ics())
    if not evening.exists():
        evening.write_bytes(_evening_ics())
    return {"none": (), "office": (office,), "office+evening": (office, evening)}


def _office_ics() -> bytes:
    from icalendar import Calendar, Event

    zone = ZoneInfo(TZ)
    cal = Calendar()
    cal.add("prodid", "-//legday//benchmarks busy calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Work")
    ev = Event()
    ev.add("uid", "office-hours@bench.legday")
    ev.add("dtstamp", dt.datetime.combine(PLAN_START, dt.time(0), dt.UTC))
    ev.add("dtstart", dt.datetime.combine(PLAN_START, dt.time(9, 0), zone))
    ev.add("dtend", dt.datetime.combine(PLAN_START, dt.time(17, 0), zone))
    ev.add("rrule", {"freq": "weekly", "byday": ["MO", "TU", "WE", "TH", "FR"]})
    ev.add("summary", "Office hours")
    cal.add_component(ev)
    cal.add_missing_timezones(
        first_date=PLAN_START - dt.timedelta(days=1),
        last_date=PLAN_START + dt.timedelta(weeks=BUSY_WEEKS, days=1),
    )
    return cal.to_ical()


_EVENING = ("Dinner with friends", "Choir", "Parents' evening", "Book club", "Physio")
_WEEKEND = ("Kids' football", "Family lunch", "Errands")


def _evening_ics() -> bytes:
    rng = random.Random(6)
    zone = ZoneInfo(TZ)
    events = []
    for d in range(BUSY_WEEKS * 7):
        day = PLAN_START + dt.timedelta(days=d)
        if day.weekday() < 5 and rng.random() < 0.4:
            begin = dt.time(17, 30) if rng.random() < 0.5 else dt.time(18 + rng.randrange(3), 0)
            minutes = rng.choice((60, 75, 90, 120))
            title = rng.choice(_EVENING)
        elif day.weekday() >= 5 and rng.random() < 0.3:
            begin = dt.time(10 + rng.randrange(6), 15 * rng.randrange(4))
            minutes = rng.choice((90, 120, 180))
            title = rng.choice(_WEEKEND)
        else:
            continue
        start = dt.datetime.combine(day, begin, zone)
        events.append((start, start + dt.timedelta(minutes=minutes), title))
    return events_ics(events, name="Appointments", uid_prefix="evening")


# --------------------------------------------------------------------------- scaling


# One intermediate training week, Monday first: (title, start, minutes) or None for a rest day.
_WEEK: tuple[tuple[str, dt.time, int] | None, ...] = (
    None,
    ("Intervals 6 x 800 m", dt.time(6, 30), 60),
    ("Easy run 8 km", dt.time(6, 30), 50),
    ("Tempo run 10 km", dt.time(6, 30), 60),
    None,
    ("Easy run 6 km", dt.time(8, 0), 40),
    ("Long run 24 km", dt.time(7, 0), 150),
)
RACE_EVERY = 16  # weeks: a season ends with a race


@dataclass(frozen=True)
class ScalingEvents:
    """The generated calendars of a scaling instance, as (start, end, title) tuples."""

    runs: tuple[tuple[dt.datetime, dt.datetime, str], ...]
    busy: tuple[tuple[dt.datetime, dt.datetime, str], ...] = field(default=())


def scaling_events(weeks: int, busy_per_day: int, seed: int = 0) -> ScalingEvents:
    """A ``weeks``-long plan and ``busy_per_day`` random busy events a day.

    Busy events start on the 15-minute grid between 06:00 and 20:45 and last 15 to 60
    minutes; they may overlap each other and the runs, as real calendars do.
    """
    zone = ZoneInfo(TZ)
    rng = random.Random(1000 * weeks + 17 * busy_per_day + seed)
    runs, busy = [], []
    for d in range(weeks * 7):
        day = PLAN_START + dt.timedelta(days=d)
        slot = _WEEK[d % 7]
        if slot is not None:
            title, begin, minutes = slot
            if d % 7 == 6 and (d // 7) % RACE_EVERY == RACE_EVERY - 1:
                title, begin, minutes = "Half marathon race", dt.time(8, 0), 110
            start = dt.datetime.combine(day, begin, zone)
            runs.append((start, start + dt.timedelta(minutes=minutes), title))
        for _ in range(busy_per_day):
            minute = 6 * 60 + 15 * rng.randrange(60)
            start = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), zone)
            busy.append((start, start + dt.timedelta(minutes=15 * rng.randint(1, 4)), "Meeting"))
    return ScalingEvents(tuple(runs), tuple(busy))


def scaling_instances(
    cache: Path,
    *,
    weeks: Iterable[int] = SCALING_WEEKS,
    busy_per_day: Iterable[int] = SCALING_BUSY,
) -> list[Instance]:
    """Generated plans of every length in ``weeks`` with every busy density in ``busy_per_day``."""
    cache.mkdir(parents=True, exist_ok=True)
    out = []
    for w in weeks:
        for k in busy_per_day:
            events = scaling_events(w, k)
            runs = cache / f"scaling_{w}w_runs.ics"
            if not runs.exists():
                name = f"Training {w} weeks"
                runs.write_bytes(events_ics(events.runs, name=name, uid_prefix="run"))
            busy: tuple[Path, ...] = ()
            if k:
                path = cache / f"scaling_{w}w_{k}busy.ics"
                if not path.exists():
                    path.write_bytes(events_ics(events.busy, name="Work", uid_prefix="busy"))
                busy = (path,)
            out.append(
                Instance(
                    name=f"scaling/{w}w/{k}busy",
                    family="scaling",
                    runs=(runs,),
                    busy=busy,
                    density=f"{k}/day",
                    busy_per_day=k,
                    weeks=w,
                    tz=TZ,
                    plan=f"scaling_{w}w",
                )
            )
    return out


def events_ics(
    events: Iterable[tuple[dt.datetime, dt.datetime, str]], *, name: str, uid_prefix: str
) -> bytes:
    """One-off timed events as a minimal calendar, times in UTC (as Google exports them).

    Written as text rather than through icalendar: a 104-week calendar with 10 events a day
    has 7,280 events, and this takes milliseconds. Same events, same bytes.
    """
    stamp = "20270101T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//legday//benchmarks generator//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{name}",
    ]
    for i, (start, end, title) in enumerate(sorted(events)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid_prefix}-{i}@bench.legday",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(start)}",
            f"DTEND:{_utc(end)}",
            f"SUMMARY:{title}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _utc(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
