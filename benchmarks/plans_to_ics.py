"""Turn a published running plan (``shared/plans/*.json``) into an .ics calendar.

The plans come from nanreh's "myplan" collection: ``schedule`` is a list of weeks, each
with seven ``workouts`` from Monday to Sunday; a workout has a ``title`` and may have a
``distance`` (a number, or a ``[low, high]`` range) in the plan's ``units`` ("mi" or
"km"). Titles keep the collection's distance placeholders as they are (``"{8} Easy"``,
``"{5:8} progression run"``): they are real, messy input for the run classifier.

Two styles, after the two ways real calendars arrive:

- ``timed`` (default): each workout at ``time_of_day`` in ``tz``, lasting its distance at
  ``minutes_per_km`` (else the minutes its title names, else 45 minutes); rest days are
  all-day events, as a person would enter them.
- ``allday``: every workout is an all-day event (``DTSTART;VALUE=DATE``, ``DTEND`` the
  next day, exclusive), as training apps export them.

A workout with an empty title is a blank day in the plan and becomes no event. The output
is the same bytes for the same input: DTSTAMP is derived from ``start`` and events are
sorted by date.

Example::

    python -m benchmarks.plans_to_ics ../shared/plans/pfitz_18_55.json \\
        --start 2027-01-04 --time 06:30 --tz America/New_York -o pfitz_18_55.ics
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KM_PER_MILE = 1.609344
STYLES = ("timed", "allday")
DEFAULT_MINUTES = 45
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# "Rest", "Rest or cross-train", "Off Day", "Day off": a day without a run, unless the
# workout also carries a distance ("Rest or {3-5:5-8} easy" is a run some weeks).
_REST = re.compile(r"^\s*(rest|off\b|day off)", re.IGNORECASE)
# "5 minute walk, 25 minute jog, 5 minute walk" lasts 35 minutes.
_MINUTES = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-\s*)?min(?:ute)?s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Workout:
    """One day of a published plan, placed on the calendar.

    Attributes:
        week: Plan week, 1-based.
        day: Day of the week, 1 (Monday) to 7 (Sunday).
        date: Calendar date of the workout.
        title: The plan's title, unchanged.
        distance: ``(low, high)`` in the plan's units, or None when the plan gives none.
        notes: The plan's own description of the workout, if any.
    """

    week: int
    day: int
    date: dt.date
    title: str
    distance: tuple[float, float] | None
    notes: str = ""

    @property
    def is_rest(self) -> bool:
        """True for a rest or off day that has no run distance."""
        return self.distance is None and bool(_REST.match(self.title))


def workouts(plan: dict[str, Any], start: dt.date) -> list[Workout]:
    """List a plan's workouts with their dates, skipping blank days.

    Args:
        plan: A parsed plan (``schedule`` of weeks of seven ``workouts``).
        start: The Monday of the plan's first week.

    Returns:
        The workouts with a non-empty title, in date order.

    Raises:
        ValueError: If ``start`` is not a Monday or the plan is malformed.
    """
    if start.weekday() != 0:
        raise ValueError(f"the plan must start on a Monday, got {start:%a %Y-%m-%d}")
    schedule = plan.get("schedule")
    if not isinstance(schedule, list) or not schedule:
        raise ValueError("the plan has no 'schedule' (a list of weeks)")
    out: list[Workout] = []
    for w, week in enumerate(schedule, start=1):
        days = week.get("workouts") if isinstance(week, dict) else None
        if not isinstance(days, list) or len(days) != 7:
            raise ValueError(f"week {w} of the plan does not have seven workouts")
        for d, item in enumerate(days, start=1):
            title = str(item.get("title") or "").strip()
            if not title:
                continue
            out.append(
                Workout(
                    week=w,
                    day=d,
                    date=start + dt.timedelta(days=7 * (w - 1) + d - 1),
                    title=title,
                    distance=_distance(item.get("distance")),
                    notes=str(item.get("description") or "").strip(),
                )
            )
    return out


def plan_to_ics(
    plan: dict[str, Any],
    *,
    start: dt.date,
    time_of_day: dt.time = dt.time(7, 0),
    tz: str = "Europe/London",
    style: str = "timed",
    minutes_per_km: float = 6.0,
) -> bytes:
    """Write a published plan as an iCalendar file.

    Args:
        plan: A parsed plan from ``shared/plans`` (``id``, ``name``, ``units``, ``schedule``).
        start: The Monday of the first week.
        time_of_day: Local start time of each timed workout.
        tz: IANA time zone of the timed workouts; its VTIMEZONE is included.
        style: ``"timed"`` or ``"allday"`` (see the module docstring).
        minutes_per_km: Pace used to turn a distance into a duration.

    Returns:
        The calendar as bytes, identical for identical arguments.

    Raises:
        ValueError: On a start that is not a Monday, an unknown style, units or time zone,
            a non-positive pace, or a malformed plan.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from icalendar import Calendar, Event

    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, got {style!r}")
    if minutes_per_km <= 0:
        raise ValueError(f"minutes per km must be positive, got {minutes_per_km}")
    units = plan.get("units", "km")
    if units not in ("mi", "km"):
        raise ValueError(f"plan units must be 'mi' or 'km', got {units!r}")
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {tz!r} (use an IANA name such as Europe/London)"
        ) from None
    items = workouts(plan, start)
    plan_id = str(plan.get("id") or "plan")
    name = str(plan.get("name") or plan_id)
    n_weeks = len(plan["schedule"])
    km_per_unit = KM_PER_MILE if units == "mi" else 1.0

    cal = Calendar()
    cal.add("prodid", "-//legday//benchmarks.plans_to_ics//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = dt.datetime.combine(start, dt.time(0, 0), dt.UTC)
    for wo in sorted(items, key=lambda w: (w.date, w.week, w.day)):
        ev = Event()
        ev.add("uid", f"{plan_id}-w{wo.week}-d{wo.day}@plans.legday")
        ev.add("dtstamp", stamp)
        if style == "allday" or wo.is_rest:
            ev.add("dtstart", wo.date)
            ev.add("dtend", wo.date + dt.timedelta(days=1))
        else:
            begin = dt.datetime.combine(wo.date, time_of_day, zone)
            minutes = _minutes(wo, km_per_unit, minutes_per_km)
            ev.add("dtstart", begin)
            ev.add("dtend", begin + dt.timedelta(minutes=minutes))
        if wo.is_rest:
            ev.add("transp", "TRANSPARENT")
        ev.add("summary", wo.title)
        ev.add("description", _description(wo, units, km_per_unit, name, n_weeks))
        cal.add_component(ev)
    if style == "timed":
        # Only the plan's span: a VTIMEZONE from 1970 would be kilobytes of transitions.
        cal.add_missing_timezones(
            first_date=start - dt.timedelta(days=1),
            last_date=start + dt.timedelta(days=7 * n_weeks + 1),
        )
    return cal.to_ical()


def _distance(value: Any) -> tuple[float, float] | None:
    """A plan distance as ``(low, high)``; None when absent or zero."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return (float(value), float(value)) if value > 0 else None
    if isinstance(value, list) and value and all(isinstance(v, int | float) for v in value):
        low, high = float(min(value)), float(max(value))
        return (low, high) if high > 0 else None
    raise ValueError(f"cannot read a workout distance of {value!r}")


def _minutes(wo: Workout, km_per_unit: float, minutes_per_km: float) -> int:
    """How long a timed workout lasts: by distance, else by the title's minutes, else 45."""
    if wo.distance is not None:
        # The high end of a range: the runner keeps that much time free.
        minutes = wo.distance[1] * km_per_unit * minutes_per_km
    else:
        minutes = sum(float(m) for m in _MINUTES.findall(wo.title)) or DEFAULT_MINUTES
    return max(10, round(minutes))


def _fmt(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


def _description(wo: Workout, units: str, km_per_unit: float, plan: str, weeks: int) -> str:
    lines = [wo.notes] if wo.notes and wo.notes != wo.title else []
    if wo.distance is not None:
        low, high = wo.distance
        span = _fmt(high) if low == high else f"{_fmt(low)}-{_fmt(high)}"
        line = f"Distance: {span} {units}"
        if units == "mi":
            km_low, km_high = low * km_per_unit, high * km_per_unit
            km = _fmt(km_high) if low == high else f"{_fmt(km_low)}-{_fmt(km_high)}"
            line += f" ({km} km)"
        lines.append(line)
    lines.append(f"{plan}: week {wo.week} of {weeks}, {WEEKDAYS[wo.day - 1]}.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: convert one plan file to .ics.

    Args:
        argv: Arguments without the program name; ``sys.argv[1:]`` when None.

    Returns:
        The exit code: 0 on success, 2 on bad input.
    """
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.plans_to_ics",
        description="Convert a published running plan (JSON) to an .ics calendar.",
        epilog="example: python -m benchmarks.plans_to_ics ../shared/plans/c25k.json "
        "--start 2027-01-04 --time 18:30 --tz Europe/London -o c25k.ics",
    )
    parser.add_argument("plan", type=Path, help="plan JSON file")
    parser.add_argument("--start", required=True, help="first Monday, YYYY-MM-DD")
    parser.add_argument("--time", default="07:00", help="start time of each workout, HH:MM")
    parser.add_argument("--tz", default="Europe/London", help="IANA time zone")
    parser.add_argument("--style", choices=STYLES, default="timed")
    parser.add_argument("--minutes-per-km", type=float, default=6.0, help="pace for durations")
    parser.add_argument("-o", "--output", type=Path, help="output .ics (default: stdout)")
    args = parser.parse_args(argv)
    try:
        start = dt.date.fromisoformat(args.start)
        at = dt.time.fromisoformat(args.time)
        plan = json.loads(args.plan.read_text(encoding="utf-8"))
        data = plan_to_ics(
            plan,
            start=start,
            time_of_day=at,
            tz=args.tz,
            style=args.style,
            minutes_per_km=args.minutes_per_km,
        )
        if args.output is None:
            sys.stdout.buffer.write(data)
        else:
            args.output.write_bytes(data)
    except (OSError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
        print(f"plans_to_ics: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
