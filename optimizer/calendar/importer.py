"""Read .ics calendars into :class:`~optimizer.domain.CalEvent` occurrences in the athlete's zone.

The way through, for each file:

1. **Read** the file behind guards (:mod:`~optimizer.calendar.files`: missing, a folder,
   unreadable, too big) and decode it (BOMs, UTF-16, Windows-1252).
2. **Text pre-scan** (:mod:`~optimizer.calendar.prescan`): refuse what is not a calendar
   (binary, absurd component counts), unfold lines, split each VCALENDAR into its VEVENT
   blocks and keep, per block, only the properties legday uses. icalendar parses about
   1 MB/s, so a 15 MB work calendar with years of history would take 15 s; the pre-scan drops,
   as text, every block that cannot touch the horizon (:mod:`~optimizer.calendar.horizon`,
   with two days of slack for time zones) and so hands icalendar only what matters.
3. **Parse** the kept text with icalendar (:mod:`~optimizer.calendar.reader`).
4. **Time zones** (:mod:`~optimizer.calendar.zones`): every TZID is resolved by legday itself
   (IANA name, Windows name via the CLDR table in :mod:`optimizer.calendar.windows_zones`, a
   vendor prefix such as ``/mozilla.org/.../Europe/Berlin``, the VTIMEZONE's X-LIC-LOCATION);
   a TZID no one knows but the file defines (Outlook's "Customized Time Zone") is read from
   its VTIMEZONE (:mod:`~optimizer.calendar.vtimezone`); any other unknown TZID is read in the
   athlete's zone with a warning. Google's X-WR-TIMEZONE goes
   through ``x_wr_timezone.to_standard``. Floating times and all-day events are read in the
   athlete's zone.
5. **Expand** with recurring-ical-events (:mod:`~optimizer.calendar.expand`), one recurring
   series (RRULE, RDATE or RECURRENCE-ID) at a time, only within the horizon and bounded by
   its dates (:mod:`~optimizer.calendar.bounds`: no walk from a DTSTART decades ago, nor to
   the year 9999 for a rule that stops matching), behind guards:
   FREQ=SECONDLY/MINUTELY is refused, series with more than ``MAX_OCCURRENCES_PER_EVENT``
   occurrences in the horizon are capped, rules that would make dateutil iterate for too long
   are refused, and a watchdog stops any series that still uses more than ``SERIES_SECONDS``
   of CPU. A valid series that still cannot be expanded is reported in
   ``ImportResult.unexpanded`` (and warned about); the pipeline refuses to plan when one is a
   run or busy time (:mod:`optimizer.unexpanded`). Single events have nothing to expand and
   are read directly (DTEND, else DURATION, else a day for a DATE and no time for a
   DATE-TIME), which also spares recurring-ical-events' copying.
6. **Convert** every occurrence into a CalEvent in the athlete's zone
   (:mod:`~optimizer.calendar.events`); cancelled ones are skipped.

Same input, same result: nothing depends on the order of events in a file, and where copies
of one event compete, the highest SEQUENCE wins with a fixed tie-break. The one exception is a
series stopped by the watchdog, which by nature depends on the machine; since series are
bounded by the plan's dates, only a rule far too dense comes near its budget, and a plan is
never made without such a run or busy time.

icalendar, recurring_ical_events and x_wr_timezone are imported inside the functions that use
them, so importing this module stays cheap (the CLI imports it lazily anyway).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from optimizer.calendar.events import Unexpanded, sort_key
from optimizer.calendar.files import MAX_BYTES, read_file, size_text
from optimizer.calendar.horizon import days_that_matter, find_horizon
from optimizer.calendar.prescan import scan
from optimizer.calendar.reader import CalendarReader
from optimizer.calendar.zones import detect_zone, local_zone, resolve_tzid
from optimizer.domain import CalEvent, InputError

__all__ = ["ImportResult", "Unexpanded", "detect_tz", "read_calendar_bytes", "read_calendars"]


@dataclass(frozen=True)
class ImportResult:
    """What the importer read.

    Attributes:
        events: every occurrence touching the horizon, sorted by (start, end, summary, uid);
            cancelled ones skipped.
        warnings: one line each, naming the file and the event.
        tz: the IANA zone the events were read in (the athlete's zone).
        calendar_name: X-WR-CALNAME of the first calendar that has one.
        unexpanded: valid recurring events that could not be expanded (each also warned
            about); the caller must not plan as if they were not there.
    """

    events: tuple[CalEvent, ...]
    warnings: tuple[str, ...]
    tz: str
    calendar_name: str | None
    unexpanded: tuple[Unexpanded, ...] = ()


def detect_tz(paths: Sequence[str | Path]) -> str | None:
    """The calendars' own zone.

    X-WR-TIMEZONE of the first calendar that has a known one, else the IANA (or Windows, mapped
    to IANA) TZID most used by the events' DTSTARTs; a UTC zone only if nothing else is used.

    Args:
        paths: .ics files.

    Returns:
        An IANA zone name, or None if the calendars name none.

    Raises:
        InputError: a file cannot be read at all.
    """
    return detect_zone([scan(read_file(p), _label(p)) for p in _as_paths(paths)])


def read_calendars(
    paths: Sequence[str | Path],
    *,
    tz: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> ImportResult:
    """Read and expand the events of .ics files.

    Args:
        paths: .ics files, read in this order.
        tz: the athlete's zone (IANA; a Windows name is mapped). None: :func:`detect_tz`, else
            the machine's zone (TZ, /etc/localtime), else UTC.
        start: first day of the horizon, in ``tz``. None: the first event's day.
        end: first day after the horizon, in ``tz``. None: the end of the last event that ends
            (unbounded repeats do not count), at most ``MAX_WEEKS + 2`` weeks after ``start``.

    Returns:
        The occurrences touching [start, end), warnings, the zone and the calendar name.

    Raises:
        InputError: a file cannot be read at all, ``tz`` is unknown, or the horizon is empty.
    """
    files = [(read_file(p), _label(p), Path(p).name) for p in _as_paths(paths)]
    return _import(files, tz=tz, start=start, end=end)


def read_calendar_bytes(
    data: bytes,
    name: str,
    *,
    tz: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> ImportResult:
    """Read a calendar held in memory (e.g. fetched from a URL); see :func:`read_calendars`.

    Args:
        data: the .ics content.
        name: what to call it in messages and in ``CalEvent.source``.
        tz: the athlete's zone, as in :func:`read_calendars`.
        start: first day of the horizon, as in :func:`read_calendars`.
        end: first day after the horizon, as in :func:`read_calendars`.

    Returns:
        As :func:`read_calendars`.

    Raises:
        InputError: as :func:`read_calendars`.
    """
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{name}: {size_text(len(data))} is too big (calendars over 64 MB are refused)"
        )
    return _import([(bytes(data), name, name)], tz=tz, start=start, end=end)


def _as_paths(paths: Sequence[str | Path] | str | Path) -> list[str | Path]:
    # A lone str is a Sequence too; reading it character by character would be a silly error.
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


def _label(path: str | Path) -> str:
    return str(path)


def _import(
    files: Sequence[tuple[bytes, str, str]],
    *,
    tz: str | None,
    start: dt.date | None,
    end: dt.date | None,
    prefilter: bool = True,
) -> ImportResult:
    """Read (data, label, name) files; ``prefilter=False`` hands icalendar every block."""
    # With the horizon and the zone given, events far from the horizon need not be read in
    # full: nothing else (the horizon, the zone) is taken from them.
    days = None
    if prefilter and tz is not None and start is not None and end is not None and start < end:
        days = days_that_matter(start, end)
    scans = [scan(data, label, name, days=days) for data, label, name in files]
    if tz is None:
        zone_name = detect_zone(scans) or local_zone()
    else:
        resolved = resolve_tzid(tz)
        if resolved is None:
            raise InputError(f"unknown time zone {tz!r}; use an IANA name such as Europe/Berlin")
        zone_name = resolved
    if start is not None and end is not None and end <= start:
        raise InputError(f"the horizon is empty: it ends ({end}) before it starts ({start})")
    horizon = find_horizon(scans, start, end)
    zone = ZoneInfo(zone_name)
    events: list[CalEvent] = []
    unexpanded: list[Unexpanded] = []
    messages: list[str] = []
    calendar_name: str | None = None
    for file in scans:
        file_warnings = list(file.warnings)
        for cal_text in file.calendars:
            reader = CalendarReader(
                file.label, file.name, cal_text, zone_name, zone, horizon, prefilter
            )
            events.extend(reader.read())
            file_warnings.extend(reader.warnings)
            unexpanded.extend(reader.unexpanded)
            if calendar_name is None and reader.calendar_name:
                calendar_name = reader.calendar_name
        messages.extend(sorted(set(file_warnings)))
    events.sort(key=sort_key)
    unexpanded.sort(key=lambda u: sort_key(u.event))
    return ImportResult(
        events=tuple(events),
        warnings=tuple(messages),
        tz=zone_name,
        calendar_name=calendar_name,
        unexpanded=tuple(unexpanded),
    )
