"""Calendars in and out: .ics files read into CalEvents, plan files read back, plans written.

Reading a running calendar, one job per module, in the order a file goes through them:

- :mod:`~optimizer.calendar.importer`: the public entry points (:func:`read_calendars`,
  :func:`read_calendar_bytes`, :func:`detect_tz`, :class:`ImportResult`) and the way through;
- :mod:`~optimizer.calendar.files`: the guarded file read (:func:`read_file`) and decoding;
- :mod:`~optimizer.calendar.prescan` and :mod:`~optimizer.calendar.blocks`: the text
  pre-scan, the file's structure and each VEVENT's days;
- :mod:`~optimizer.calendar.zones` (with :mod:`~optimizer.calendar.windows_zones`): TZIDs
  resolved to IANA names, the machine's zone, the calendars' own zone;
  :mod:`~optimizer.calendar.vtimezone`: a zone only the file itself defines;
- :mod:`~optimizer.calendar.horizon`: the plan's dates and which blocks can touch them;
- :mod:`~optimizer.calendar.reader`: one VCALENDAR parsed with icalendar and normalised;
- :mod:`~optimizer.calendar.bounds` and :mod:`~optimizer.calendar.window_rule`: each series
  bounded by the plan's dates (a DTSTART moved to just before them, a filtering rule walked
  only up to their end);
- :mod:`~optimizer.calendar.expand`: recurring series expanded behind guards and a watchdog;
- :mod:`~optimizer.calendar.events`: one occurrence as a CalEvent.

Plans: :mod:`~optimizer.calendar.plan_file` reads a plan (.ics) back into entries and
:mod:`~optimizer.calendar.export` writes one (the only .ics writer).

Only this package imports icalendar, recurring_ical_events and x_wr_timezone, and only inside
the functions that use them. The names below are loaded on first use, so importing one module
of the package (``optimizer.calendar.export``, say) does not load the importer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from optimizer.calendar.files import read_file
    from optimizer.calendar.importer import (
        ImportResult,
        detect_tz,
        read_calendar_bytes,
        read_calendars,
    )

__all__ = ["ImportResult", "detect_tz", "read_calendar_bytes", "read_calendars", "read_file"]

_HOMES = {
    "ImportResult": "importer",
    "detect_tz": "importer",
    "read_calendar_bytes": "importer",
    "read_calendars": "importer",
    "read_file": "files",
}


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
