"""Shared by the importer tests: the fixture calendars and small readers."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from optimizer.calendar import ImportResult, read_calendars
from tests.conftest import ROOT

CALENDARS = ROOT / "tests" / "fixtures" / "calendars"
BERLIN = ZoneInfo("Europe/Berlin")
JUNE = {"start": dt.date(2025, 6, 1), "end": dt.date(2025, 7, 1)}
YEAR = {"start": dt.date(2025, 1, 1), "end": dt.date(2026, 1, 1)}
REFUSED = {"binary_junk.ics", "empty.ics", "not_a_calendar.ics"}
READABLE = sorted(p.name for p in CALENDARS.glob("*.ics") if p.name not in REFUSED)


def read(name: str, tz: str | None = "Europe/Berlin", **horizon: dt.date) -> ImportResult:
    return read_calendars([CALENDARS / name], tz=tz, **(horizon or JUNE))


def at(day: str, time: str, zone: ZoneInfo = BERLIN) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=zone)


def summaries(result: ImportResult) -> list[str]:
    return [e.summary for e in result.events]
