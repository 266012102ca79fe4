"""A generated club for the squad benchmark: athletes on the published plans, in vendor styles.

Each athlete follows one of the published plans (``shared/plans/*.json``, through
:mod:`benchmarks.plans_to_ics`), exported the way one of four apps exports it, with one of the
benchmark busy calendars and a level and options drawn from a fixed seed (same arguments,
same roster, same bytes):

- ``apple``: timed events with ``TZID=America/New_York`` and a VTIMEZONE;
- ``google``: every time in UTC (``...Z``), the zone only in ``X-WR-TIMEZONE``;
- ``outlook``: Windows zone names (``TZID="Eastern Standard Time"``);
- ``trainingapp``: every workout an all-day event (Runna, TrainingPeaks, Garmin).

Calendars are written once per (plan, style) and shared by the athletes on them, as a club's
members share a coach's plan; each athlete still has their own name, level and options.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

from benchmarks.instances import PLAN_START, PLAN_TIME, PLANS, TZ, busy_calendars, plan_files

VENDORS = ("apple", "google", "outlook", "trainingapp")
WINDOWS_TZ = "Eastern Standard Time"  # the Windows name of America/New_York
SEED = 14
ROSTER_COLUMNS = ("name", "runs", "busy", "level", "sessions", "prefer", "minutes")


def vendor_ics(plan: dict, vendor: str) -> bytes:
    """A published plan as ``vendor`` exports it (see the module docstring)."""
    from benchmarks.plans_to_ics import plan_to_ics

    if vendor == "trainingapp":
        return plan_to_ics(plan, start=PLAN_START, time_of_day=PLAN_TIME, tz=TZ, style="allday")
    data = plan_to_ics(plan, start=PLAN_START, time_of_day=PLAN_TIME, tz=TZ, style="timed")
    if vendor == "apple":
        return data
    if vendor == "outlook":
        data = data.replace(f"TZID={TZ}".encode(), f'TZID="{WINDOWS_TZ}"'.encode())
        return data.replace(f"TZID:{TZ}".encode(), f"TZID:{WINDOWS_TZ}".encode())
    if vendor == "google":
        return _google(data)
    raise ValueError(f"unknown vendor style {vendor!r} (one of {', '.join(VENDORS)})")


def _google(data: bytes) -> bytes:
    """Times in UTC, no VTIMEZONE, the zone in X-WR-TIMEZONE (as Google Calendar exports)."""
    import icalendar

    source = icalendar.Calendar.from_ical(data)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Google Inc//Google Calendar 70.9054//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", str(source.get("x-wr-calname", "Training")))
    cal.add("x-wr-timezone", TZ)
    for ev in source.walk("VEVENT"):
        for key in ("dtstart", "dtend"):
            value = ev.decoded(key)
            if isinstance(value, dt.datetime):
                del ev[key]
                ev.add(key, value.astimezone(dt.UTC))
        cal.add_component(ev)
    return cal.to_ical()


def make_club(folder: Path, athletes: int, plans_dir: Path = PLANS) -> Path:
    """Write ``athletes`` athletes' calendars and ``folder/roster.csv``; return the roster.

    Raises:
        ValueError: no published plans in ``plans_dir``.
    """
    plans = plan_files(plans_dir)
    if not plans:
        raise ValueError(f"{plans_dir}: no published plans (*.json)")
    cal = folder / "cal"
    cal.mkdir(parents=True, exist_ok=True)
    busy = busy_calendars(cal)
    rng = random.Random(SEED)
    rows = []
    for i in range(athletes):
        plan_path = plans[i % len(plans)]
        vendor = VENDORS[(i // len(plans)) % len(VENDORS)]
        target = cal / f"{plan_path.stem}_{vendor}.ics"
        if not target.exists():
            plan = json.loads(plan_path.read_text(encoding="utf-8"))
            target.write_bytes(vendor_ics(plan, vendor))
        density = rng.choice(("none", "office", "office", "office+evening"))
        rows.append(
            {
                "name": f"Athlete {i + 1:05d}",
                "runs": f"cal/{target.name}",
                "busy": ";".join(f"cal/{p.name}" for p in busy[density]),
                "level": rng.choices(("beginner", "intermediate", "advanced"), (2, 6, 2))[0],
                "sessions": rng.choices(("2-3", "1-2", "2-2"), (6, 2, 2))[0],
                "prefer": rng.choice(("", "", "morning", "evening")),
                "minutes": rng.choice(("30", "30", "45")),
            }
        )
    roster = folder / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=ROSTER_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return roster


def plan_args(row: dict[str, str]) -> list[str]:
    """The ``legday plan`` arguments (without ``-o``) of a roster row, paths as written."""
    args = [s for s in row["runs"].split(";") if s]
    for b in (s for s in row.get("busy", "").split(";") if s):
        args += ["--busy", b]
    for key, value in row.items():
        if key not in ("name", "runs", "busy") and value:
            args += [f"--{key.replace('_', '-')}", value]
    return args + ["--name", row["name"]]
