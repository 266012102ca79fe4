"""Read .ics calendars into :class:`~optimizer.domain.CalEvent` occurrences in the athlete's zone.

The way through, for each file:

1. **Text pre-scan** (:func:`_scan`): refuse what is not a calendar (missing, binary, too big,
   absurd component counts, unreadable encoding), unfold lines, split each VCALENDAR into its
   VEVENT blocks and keep, per block, only the properties legday uses. icalendar parses about
   1 MB/s, so a 15 MB work calendar with years of history would take 15 s; the pre-scan drops,
   as text, every block that cannot touch the horizon (with two days of slack for time zones)
   and so hands icalendar only what matters.
2. **Parse** the kept text with icalendar.
3. **Time zones**: every TZID is resolved by legday itself (IANA name, Windows name via the
   CLDR table in :mod:`optimizer.windows_zones`, a vendor prefix such as
   ``/mozilla.org/.../Europe/Berlin``, the VTIMEZONE's X-LIC-LOCATION); an unknown TZID is read
   in the athlete's zone with a warning. Google's X-WR-TIMEZONE goes through
   ``x_wr_timezone.to_standard``. Floating times and all-day events are read in the athlete's zone.
4. **Expand** with recurring-ical-events, one recurring series (RRULE, RDATE or RECURRENCE-ID)
   at a time, only within the horizon, behind guards: FREQ=SECONDLY/MINUTELY is refused, series
   with more than :data:`MAX_OCCURRENCES_PER_EVENT` occurrences in the horizon are capped, rules
   that would make dateutil iterate for too long are refused, and a watchdog stops any series
   that still uses more than :data:`SERIES_SECONDS` of CPU (see :func:`_run_limited`). Single
   events have nothing to expand and are read directly (DTEND, else DURATION, else a day for a
   DATE and no time for a DATE-TIME), which also spares recurring-ical-events' copying.
5. **Convert** every occurrence into a CalEvent in the athlete's zone; cancelled ones are skipped.

Same input, same result: nothing depends on the order of events in a file, and where copies
of one event compete, the highest SEQUENCE wins with a fixed tie-break. The one exception is a
series stopped by the watchdog, which by nature depends on the machine; no real calendar comes
near its budget.

icalendar, recurring_ical_events and x_wr_timezone are imported inside the functions that use
them, so importing this module stays cheap (the CLI imports it lazily anyway).
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import datetime as dt
import hashlib
import os
import re
import threading
import time
import warnings as pywarnings
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from optimizer.domain import CalEvent, InputError
from optimizer.windows_zones import WINDOWS_ZONES

__all__ = ["ImportResult", "detect_tz", "read_calendar_bytes", "read_calendars"]

MAX_BYTES = 64 * 1024 * 1024  # a file larger than this is refused unread
MAX_EVENTS = 200_000  # VEVENTs in one file
MAX_COMPONENTS = 500_000  # BEGIN: lines of any kind in one file
MAX_KEPT_EVENTS = 30_000  # VEVENTs touching the horizon, parsed by icalendar at ~1 ms each
MAX_EVENT_CHARS = 1_000_000  # the kept text of one VEVENT (e.g. a million EXDATEs)
MAX_OCCURRENCES_PER_EVENT = 3_000  # a daily event over 156 weeks is 1092
MAX_OCCURRENCES_PER_FILE = 50_000
MAX_RULE_STEPS = 200_000  # dateutil steps from DTSTART to the horizon's end (~0.5 s)
SERIES_SECONDS = 1.0  # CPU seconds one recurring series may take to expand
FILE_EXPAND_SECONDS = 5.0  # CPU seconds for all recurring series of one file
DEFAULT_WEEKS = 156
SLACK = dt.timedelta(days=2)  # zones differ by at most 26 h from UTC
# Horizon days stay inside these, so that no date arithmetic near year 1 or 9999 overflows.
_FIRST_DAY, _LAST_DAY = dt.date(2, 1, 1), dt.date(9998, 12, 31)

_UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/GMT", "GMT", "Etc/Zulu", "Zulu"})


@dataclass(frozen=True)
class ImportResult:
    """What the importer read.

    Attributes:
        events: every occurrence touching the horizon, sorted by (start, end, summary, uid);
            cancelled ones skipped.
        warnings: one line each, naming the file and the event.
        tz: the IANA zone the events were read in (the athlete's zone).
        calendar_name: X-WR-CALNAME of the first calendar that has one.
    """

    events: tuple[CalEvent, ...]
    warnings: tuple[str, ...]
    tz: str
    calendar_name: str | None


# --------------------------------------------------------------------------- public API


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
    return _detect_tz([_scan(read_file(p), _label(p)) for p in _as_paths(paths)])


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
            (unbounded repeats do not count), at most 156 weeks after ``start``.

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
            f"{name}: {_size(len(data))} is too big (calendars over 64 MB are refused)"
        )
    return _import([(bytes(data), name, name)], tz=tz, start=start, end=end)


# --------------------------------------------------------------------------- reading files


def _as_paths(paths: Sequence[str | Path] | str | Path) -> list[str | Path]:
    # A lone str is a Sequence too; reading it character by character would be a silly error.
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


def _label(path: str | Path) -> str:
    return str(path)


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n} bytes"


def read_file(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes, or one InputError line naming it (missing, a folder, unreadable,
    over ``limit`` bytes). Also used for plan files (``optimizer.plan_io``)."""
    p = Path(path)
    try:
        st = p.stat()
        if p.is_dir():
            raise InputError(f"{path}: is a folder, not a calendar file")
        if not p.is_file():
            raise InputError(f"{path}: is not a regular file")
        if st.st_size > limit:
            raise InputError(
                f"{path}: {_size(st.st_size)} is too big (files over {_size(limit)} are refused)"
            )
        with p.open("rb") as f:
            data = f.read(limit + 1)  # the file may have grown since stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read (permission denied)") from None
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror or e})") from None
    if len(data) > limit:
        raise InputError(f"{path}: is too big (files over {_size(limit)} are refused)")
    return data


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decode(data: bytes, label: str, name: str, warn: list[str]) -> str:
    """Bytes -> unfolded text with LF line ends.

    UTF-8 is unfolded as bytes first: some writers fold in the middle of a multi-byte
    character, which only decodes once the fold is gone.
    """
    if not data.strip():
        raise InputError(f"{label}: is empty")
    text: str | None = None
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"{label}: is not valid {codec.upper()} text") from None
            text = _unfold_text(text)
            break
    if text is None:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        if b"\x00" in data:
            raise InputError(f"{label}: is binary (it contains NUL bytes), not an iCalendar file")
        data = re.sub(rb"\n[ \t]", b"", data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise InputError(f"{label}: is neither UTF-8 nor Windows-1252 text") from None
            warn.append(f"{name}: is not UTF-8; read as Windows-1252")
    # Random bytes without NULs still decode as Windows-1252; control characters give them away.
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(f"{label}: is binary, not an iCalendar file")
    return text


def _unfold_text(text: str) -> str:
    return re.sub(r"\n[ \t]", "", text.replace("\r\n", "\n").replace("\r", "\n"))


# --------------------------------------------------------------------------- text pre-scan

# Properties legday reads from a VEVENT. Everything else (attendees, HTML descriptions,
# attachments, alarms) is dropped before icalendar sees it: less to parse, less to break.
_KEEP = (
    "UID|DTSTART|DTEND|DURATION|RRULE|RDATE|EXDATE|RECURRENCE-ID|SEQUENCE|SUMMARY|"
    "DESCRIPTION|CATEGORIES|TRANSP|STATUS"
)
_PROP = re.compile(rf"\n((?:{_KEEP})(?=[;:])[^\n]*)", re.I)
_FACTS = re.compile(
    r"(?:DTSTART|DTEND|DURATION|RRULE|RDATE|RECURRENCE-ID|UID|SUMMARY|STATUS)[;:]", re.I
)
_HEADER = re.compile(r"\n((?:VERSION|PRODID|X-WR-CALNAME|X-WR-TIMEZONE)(?=[;:])[^\n]*)", re.I)
_TZ_PROPS = re.compile(r"\n((?:TZID|X-LIC-LOCATION)(?=[;:])[^\n]*)", re.I)
_COMPONENT = re.compile(r"\n(BEGIN|END):([A-Za-z0-9-]+)[ \t]*(?=\n|\Z)", re.I)
_CALENDAR = re.compile(r"^BEGIN:VCALENDAR[ \t]*$", re.M | re.I)
_BEGIN = re.compile(r"\nBEGIN:", re.I)
_BEGIN_EVENT = re.compile(r"\nBEGIN:VEVENT[ \t]*(?=\n|\Z)", re.I)
_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DURATION = re.compile(
    r"([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$", re.I
)
_PERIOD_DAYS = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7, "DAILY": 1}
_LIMITING_PARTS = ("BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYSETPOS")


@dataclass
class _Block:
    """One VEVENT as text, with what the pre-scan needs to decide whether to keep it."""

    lines: list[str]
    uid: str = ""
    summary: str = ""
    start: dt.date | None = None  # DTSTART's day, as written
    first: dt.date | None = None  # earliest day of any occurrence (DTSTART or an RDATE)
    end: dt.date | None = None  # first day after the first occurrence
    series_end: dt.date | None = None  # first day after the last occurrence; None: unbounded
    recurring: bool = False  # RRULE or RDATE
    rid: dt.date | None = None  # RECURRENCE-ID's day
    this_and_future: bool = False
    tzid: str | None = None  # DTSTART's TZID
    cancelled: bool = False


@dataclass
class _CalText:
    header: list[str] = field(default_factory=list)
    zones: dict[str, str] = field(default_factory=dict)  # TZID -> X-LIC-LOCATION
    blocks: list[_Block] = field(default_factory=list)
    x_wr_timezone: str | None = None


@dataclass
class _Scan:
    label: str  # the path as given, for errors
    name: str  # the file's name, for warnings and CalEvent.source
    calendars: list[_CalText]
    warnings: list[str]


def _split_line(line: str) -> tuple[str, str, str]:
    """'NAME;PARAMS:value' -> (NAME, ';PARAMS', value); a quoted parameter may hold ':'."""
    colon = line.find(":")
    if colon < 0:
        return line.upper(), "", ""
    if '"' in line[:colon]:
        quoted = False
        for i, ch in enumerate(line):
            if ch == '"':
                quoted = not quoted
            elif ch == ":" and not quoted:
                colon = i
                break
    head = line[:colon]
    semi = head.find(";")
    if semi < 0:
        return head.upper(), "", line[colon + 1 :]
    return head[:semi].upper(), head[semi:], line[colon + 1 :]


_PARAMS = {name: re.compile(rf";{name}=(\"[^\"]*\"|[^;]*)", re.I) for name in ("TZID", "RANGE")}


def _param(params: str, name: str) -> str | None:
    m = _PARAMS[name].search(params)
    return m.group(1).strip('"').strip() if m else None


def _day(value: str) -> dt.date | None:
    m = _DAY.match(value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _end_day(value: str) -> dt.date | None:
    """First day after a DTEND: a DATE is exclusive already; a time after midnight is not."""
    day = _day(value)
    if day is None:
        return None
    time = value.strip()[9:15]
    if len(value.strip()) > 8 and time.strip("0") and day < dt.date.max:
        return day + dt.timedelta(days=1)
    return day


def _duration_days(value: str) -> int | None:
    m = _DURATION.match(value.strip())
    if not m:
        return None
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in m.groups()[1:])
    total = weeks * 7 + days + (hours * 3600 + minutes * 60 + seconds + 86399) // 86400
    return -total if m[1] == "-" else total


def _plus(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value).strip()


def _block(lines: list[str]) -> _Block:
    """Read the few facts the pre-scan needs from a VEVENT's kept lines."""
    b = _Block(lines=lines)
    dtend: dt.date | None = None
    duration: int | None = None
    rules: list[dict[str, str]] = []
    rdates: list[dt.date] = []
    period_ends: list[dt.date] = []
    for line in lines:
        if not _FACTS.match(line):
            continue  # DESCRIPTION and the like: kept for icalendar, of no use here
        name, params, value = _split_line(line)
        if name == "DTSTART" and b.start is None:
            b.start = _day(value)
            b.tzid = _param(params, "TZID")
        elif name == "DTEND" and dtend is None:
            dtend = _end_day(value)
        elif name == "DURATION" and duration is None:
            duration = _duration_days(value)
        elif name == "RRULE":
            parts = dict(p.partition("=")[::2] for p in value.upper().split(";") if p)
            rules.append(parts)
        elif name == "RDATE":
            b.recurring = True
            for item in value.split(","):
                first, _, second = item.partition("/")
                day = _day(first)
                if day is None:
                    continue
                rdates.append(day)
                if second:  # a PERIOD: start/end or start/duration, its own length
                    span = _duration_days(second)
                    end = _end_day(second) if span is None else _plus(day, span)
                    period_ends.append(max(end or day, _plus(day, 1)))
        elif name == "RECURRENCE-ID":
            b.rid = _day(value)
            b.this_and_future = (_param(params, "RANGE") or "").upper() == "THISANDFUTURE"
        elif name == "UID" and not b.uid:
            b.uid = value.strip()
        elif name == "SUMMARY" and not b.summary:
            b.summary = _unescape(value)
        elif name == "STATUS":
            b.cancelled = value.strip().upper() == "CANCELLED"
    if b.start is None:
        return b
    # How many days the first occurrence lasts: DTEND, else DURATION, else a day for a DATE.
    if dtend is not None:
        b.end = max(dtend, _plus(b.start, 1))
    else:
        b.end = _plus(b.start, max(duration or 0, 1))
    length = (b.end - b.start).days
    b.first = min([b.start, *rdates])
    b.series_end = max([b.end, *(_plus(d, length) for d in rdates), *period_ends])
    if rules:
        b.recurring = True
        for rule in rules:
            last = _rule_last_day(rule, b.start)
            if last is None:
                b.series_end = None
                break
            b.series_end = max(b.series_end, _plus(last, length))
    return b


def _rule_last_day(rule: dict[str, str], start: dt.date) -> dt.date | None:
    """The last day an RRULE can reach, as text says it; None if unbounded or unknowable."""
    if "UNTIL" in rule:
        return _day(rule["UNTIL"])
    count = rule.get("COUNT", "")
    if not count.isdigit():
        return None
    # Filters (BYDAY on DAILY, BYMONTH...) can skip periods, so COUNT times the period is an
    # upper bound only without them; with them the end is unknowable without expanding.
    if any(rule.get(part) for part in _LIMITING_PARTS):
        return None
    interval = rule.get("INTERVAL", "1")
    period = _PERIOD_DAYS.get(rule.get("FREQ", ""), 1)
    steps = int(count) * (int(interval) if interval.isdigit() and int(interval) > 0 else 1)
    return _plus(start, min(steps * period, 3_000_000))


def _scan(data: bytes, label: str, name: str | None = None) -> _Scan:
    """Split a file into calendars and VEVENT blocks, as text. Raises InputError for junk."""
    name = name or Path(label).name
    warn: list[str] = []
    # A leading newline lets every pattern look for "\n" + name: sre then jumps from line
    # to line instead of trying each character (re.M's "^" is several times slower).
    text = "\n" + _decode(data, label, name, warn)
    if not _CALENDAR.search(text):
        raise InputError(f"{label}: is not an iCalendar file (no BEGIN:VCALENDAR)")
    # Count first, in C: refusing a flood should not cost the walk through it.
    if len(_BEGIN.findall(text)) > MAX_COMPONENTS:
        raise InputError(f"{label}: has more than {MAX_COMPONENTS} components; refused")
    if len(_BEGIN_EVENT.findall(text)) > MAX_EVENTS:
        raise InputError(f"{label}: has more than {MAX_EVENTS} events; refused")
    calendars: list[_CalText] = []
    stack: list[str] = []
    cal: _CalText | None = None
    cal_gap = 0  # start of the calendar text not inside a child component
    child_start = 0
    event_gaps: list[tuple[int, int]] = []
    event_gap = 0  # start of the event text not inside a nested component (VALARM)
    components = events = 0

    def finish_event(stop: int) -> None:
        event_gaps.append((event_gap, stop))
        lines = [m[1] for s, e in event_gaps for m in _PROP.finditer(text, s, e)]
        block = _block(lines)
        if sum(map(len, lines)) > MAX_EVENT_CHARS:
            warn.append(
                f"{name}: event {_quote(block.summary or block.uid)} is too large to read; skipped"
            )
        elif cal is not None:
            cal.blocks.append(block)

    def read_header(cal: _CalText, begin: int, stop: int) -> None:
        for m in _HEADER.finditer(text, begin, stop):
            cal.header.append(m[1])
            key, _, value = _split_line(m[1])
            if key == "X-WR-TIMEZONE" and cal.x_wr_timezone is None and value.strip():
                cal.x_wr_timezone = _unescape(value)

    def finish_calendar(stop: int) -> None:
        assert cal is not None
        read_header(cal, cal_gap, stop)
        calendars.append(cal)

    for m in _COMPONENT.finditer(text):
        kind, comp = m[1].upper(), m[2].upper()
        if kind == "BEGIN":
            components += 1
            if components > MAX_COMPONENTS:
                raise InputError(f"{label}: has more than {MAX_COMPONENTS} components; refused")
            depth = len(stack)
            if depth == 0 and comp == "VCALENDAR":
                cal, cal_gap = _CalText(), m.end()
            elif depth == 1 and stack[0] == "VCALENDAR":
                assert cal is not None
                read_header(cal, cal_gap, m.start())
                child_start = m.end()
                if comp == "VEVENT":
                    events += 1
                    if events > MAX_EVENTS:
                        raise InputError(f"{label}: has more than {MAX_EVENTS} events; refused")
                    event_gaps, event_gap = [], m.end()
            elif depth == 2 and stack[1] == "VEVENT":
                event_gaps.append((event_gap, m.start()))
            stack.append(comp)
            continue
        if comp not in stack:
            continue  # a stray END: nothing to close
        while stack:  # close up to the matching BEGIN, forgiving unclosed children
            top = stack.pop()
            depth = len(stack)
            if depth == 2 and stack[1] == "VEVENT":
                event_gap = m.end()
            elif depth == 1 and stack[0] == "VCALENDAR":
                if top == "VEVENT":
                    finish_event(m.start())
                elif top == "VTIMEZONE" and cal is not None:
                    _read_vtimezone(text[child_start : m.start()], cal.zones)
                cal_gap = m.end()
            elif depth == 0 and top == "VCALENDAR":
                finish_calendar(m.start())
                cal = None
            if top == comp:
                break
    if stack and stack[0] == "VCALENDAR" and cal is not None:
        # A download cut off mid-file: keep what was complete, say what was lost.
        if len(stack) > 1 and stack[1] == "VEVENT":
            gaps = (*event_gaps, (event_gap, len(text)))
            lost = _block([m[1] for s, e in gaps for m in _PROP.finditer(text, s, e)])
            warn.append(
                f"{name}: the file ends inside event {_quote(lost.summary or lost.uid)} "
                "(cut off?); that event was skipped"
            )
        else:
            warn.append(f"{name}: the file ends without END:VCALENDAR (cut off?)")
        finish_calendar(len(text) if len(stack) == 1 else cal_gap)
    if not calendars:
        raise InputError(f"{label}: is not an iCalendar file (no complete VCALENDAR)")
    return _Scan(label=label, name=name, calendars=calendars, warnings=warn)


def _read_vtimezone(text: str, zones: dict[str, str]) -> None:
    tzid = location = None
    for m in _TZ_PROPS.finditer(text):
        key, _, value = _split_line(m[1])
        if key == "TZID" and tzid is None:
            tzid = value.strip().strip('"')
        elif key == "X-LIC-LOCATION" and location is None:
            location = value.strip()
    if tzid and location:
        zones[tzid] = location


# --------------------------------------------------------------------------- time zones


_zone_cache: dict[str, bool] = {}


def _is_zone(name: str) -> bool:
    """Whether ZoneInfo knows ``name`` (cached: a miss means a file system search)."""
    known = _zone_cache.get(name)
    if known is None:
        try:
            ZoneInfo(name)
            known = True
        except Exception:  # ZoneInfoNotFoundError, ValueError for '../x', IsADirectoryError...
            known = False
        _zone_cache[name] = known
    return known


def _resolve_tzid(tzid: str | None, zones: dict[str, str] | None = None) -> str | None:
    """An IANA name for a TZID as calendars write it, or None if it is unknown."""
    if not tzid:
        return None
    name = tzid.strip().strip('"').strip()
    candidates = [name, name.strip("/")]
    windows = WINDOWS_ZONES.get(name) or _WINDOWS_FOLDED.get(name.casefold())
    if windows:
        candidates.append(windows)
    if zones and zones.get(tzid):
        candidates.append(zones[tzid])
    if name.startswith("/"):
        # RFC 5545 "globally unique" TZIDs: /mozilla.org/20050126_1/America/New_York.
        parts = name.strip("/").split("/")
        candidates += ["/".join(parts[i:]) for i in range(1, len(parts))]
    for candidate in candidates:
        if candidate and len(candidate) < 200 and _is_zone(candidate):
            return candidate
    # Hand-typed TZIDs come in any case ('Europe/lisbon'); zone files are case-sensitive.
    for candidate in candidates:
        folded = _folded_zones().get(candidate.casefold())
        if folded:
            return folded
    return None


_WINDOWS_FOLDED = {k.casefold(): v for k, v in WINDOWS_ZONES.items()}
_FOLDED_ZONES: dict[str, str] = {}


def _folded_zones() -> dict[str, str]:
    if not _FOLDED_ZONES:
        import zoneinfo

        _FOLDED_ZONES.update((z.casefold(), z) for z in sorted(zoneinfo.available_timezones()))
    return _FOLDED_ZONES


def _local_zone() -> str:
    """The machine's zone: TZ, else /etc/localtime's link target, else /etc/timezone, else UTC."""
    found: list[str] = []
    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        found.append(env)
    with contextlib.suppress(OSError):
        found.append(os.path.realpath("/etc/localtime"))
    with contextlib.suppress(OSError):
        found.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in found:
        if "zoneinfo/" in name:
            name = name.split("zoneinfo/", 1)[1]
            for prefix in ("posix/", "right/"):
                name = name.removeprefix(prefix)
        if name and not name.startswith("/") and _is_zone(name):
            return name
    return "UTC"


def _detect_tz(scans: Sequence[_Scan]) -> str | None:
    for scan in scans:
        for cal in scan.calendars:
            zone = _resolve_tzid(cal.x_wr_timezone, cal.zones)
            if zone:
                return zone
    counts: Counter[str] = Counter()
    for scan in scans:
        for cal in scan.calendars:
            for block in cal.blocks:
                zone = _resolve_tzid(block.tzid, cal.zones)
                if zone:
                    counts[zone] += 1
    if not counts:
        return None
    # Most used wins; a UTC zone only when there is nothing else (many tools write TZID=UTC
    # for machine-made events while the person lives elsewhere); then by name, for determinism.
    return min(counts, key=lambda z: (z in _UTC_ZONES, -counts[z], z))


# --------------------------------------------------------------------------- horizon


def _horizon(
    scans: Sequence[_Scan], start: dt.date | None, end: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """The horizon [start, end) in days; None when it is left open and there is no event."""
    blocks = [
        b
        for scan in scans
        for cal in scan.calendars
        for b in cal.blocks
        if b.start is not None and not b.cancelled
    ]
    if start is None:
        firsts = [b.first for b in blocks if b.first is not None]
        if firsts:
            # The text gives days in each event's own zone, up to a day off the athlete's.
            start = _plus(min(firsts), -1)
        elif end is None:
            return None
        else:
            start = end
    if end is None:
        ends = [b.series_end or b.end for b in blocks if (b.series_end or b.end) is not None]
        last = _plus(max([e for e in ends if e is not None], default=start), 1)
        end = min(max(last, _plus(start, 1)), _plus(start, DEFAULT_WEEKS * 7))
    return min(max(start, _FIRST_DAY), _LAST_DAY), min(max(end, _FIRST_DAY), _LAST_DAY)


def _keep(block: _Block, lo: dt.date, hi: dt.date, length: int) -> bool:
    """Whether a VEVENT block can touch [lo, hi). Unsure means yes: dropping is the risk.

    ``length``: days the series' occurrences last, for a RECURRENCE-ID block: it must stay
    if the occurrence it replaces touches the horizon, or that one would show instead.
    """
    if block.start is None or block.end is None:
        return True  # icalendar will say what is wrong with it
    if block.rid is not None:
        if block.this_and_future:
            return True  # it moves every later occurrence, maybe from far away
        if block.rid < hi and _plus(block.rid, length + 1) > lo:
            return True
    if block.recurring:
        first = block.first or block.start
        return first < hi and (block.series_end is None or block.series_end > lo)
    return block.start < hi and block.end > lo


def _kept_blocks(cal: _CalText, lo: dt.date, hi: dt.date) -> list[_Block]:
    """The VEVENT blocks of one calendar that can matter for [lo, hi), in file order."""
    lengths: dict[str, int] = defaultdict(int)
    for b in cal.blocks:
        if b.rid is None and b.uid and b.start is not None and b.end is not None:
            lengths[b.uid] = max(lengths[b.uid], (b.end - b.start).days)
    keep = [_keep(b, lo, hi, lengths.get(b.uid, 0)) for b in cal.blocks]
    # Blocks for one slot (one UID, and the same RECURRENCE-ID or none) compete: the highest
    # SEQUENCE wins. Keep them all or none, so the filter never changes the winner. And a kept
    # change keeps its series: the master's EXDATE can hide it.
    slots: dict[tuple[str, dt.date | None], bool] = {}
    for b, k in zip(cal.blocks, keep, strict=True):
        if b.uid:
            slots[b.uid, b.rid] = slots.get((b.uid, b.rid), False) or k
    used = {uid for (uid, _), k in slots.items() if k}
    # RANGE=THISANDFUTURE shifts later slots, so any change of that series may land inside:
    # such series (rare) are kept whole.
    shifted = {b.uid for b in cal.blocks if b.this_and_future and b.uid}
    return [
        b
        for b, k in zip(cal.blocks, keep, strict=True)
        if (not b.uid and k)
        or b.uid in shifted
        or (b.uid and (slots[b.uid, b.rid] or (b.rid is None and b.uid in used)))
    ]


# --------------------------------------------------------------------------- import core


def _import(
    files: Sequence[tuple[bytes, str, str]],
    *,
    tz: str | None,
    start: dt.date | None,
    end: dt.date | None,
    prefilter: bool = True,
) -> ImportResult:
    scans = [_scan(data, label, name) for data, label, name in files]
    if tz is None:
        zone_name = _detect_tz(scans) or _local_zone()
    else:
        resolved = _resolve_tzid(tz)
        if resolved is None:
            raise InputError(f"unknown time zone {tz!r}; use an IANA name such as Europe/Berlin")
        zone_name = resolved
    if start is not None and end is not None and end <= start:
        raise InputError(f"the horizon is empty: it ends ({end}) before it starts ({start})")
    horizon = _horizon(scans, start, end)
    zone = ZoneInfo(zone_name)
    events: list[CalEvent] = []
    messages: list[str] = []
    calendar_name: str | None = None
    for scan in scans:
        file_warnings = list(scan.warnings)
        for cal_text in scan.calendars:
            reader = _CalendarReader(
                scan.label, scan.name, cal_text, zone_name, zone, horizon, prefilter
            )
            events.extend(reader.read())
            file_warnings.extend(reader.warnings)
            if calendar_name is None and reader.calendar_name:
                calendar_name = reader.calendar_name
        messages.extend(sorted(set(file_warnings)))
    events.sort(key=_sort_key)
    return ImportResult(
        events=tuple(events), warnings=tuple(messages), tz=zone_name, calendar_name=calendar_name
    )


_UTC = dt.UTC


def _sort_key(e: CalEvent) -> tuple[Any, ...]:
    # Aware datetimes sharing a tzinfo compare by wall time, which is ambiguous in the hour
    # the clocks go back; UTC is not.
    return (
        e.start.astimezone(_UTC),
        e.end.astimezone(_UTC),
        e.summary,
        e.uid,
        e.recurrence_id,
        e.source,
        e.all_day,
        e.description,
        e.categories,
        e.transparent,
    )


def _quote(label: str) -> str:
    label = " ".join(label.split())
    if len(label) > 60:
        label = label[:57] + "..."
    return f"'{label}'" if label else "(untitled)"


class _TimeUp(BaseException):
    """A series took longer than :data:`SERIES_SECONDS` to expand.

    A BaseException, so that no ``except Exception`` in a library swallows it on its way up
    the helper thread's stack.
    """


def _run_limited(fn: Any, seconds: float) -> tuple[Any, float]:
    """Run ``fn()`` in a helper thread; raise :class:`_TimeUp` if it uses over ``seconds``.

    dateutil iterates up to the year 9999 when a rule can never match again: ``FREQ=DAILY;
    BYMONTH=2;BYMONTHDAY=30`` takes 4 s, the same rule HOURLY takes minutes, and some
    INTERVAL/BYDAY combinations never end. :meth:`_CalendarReader._guard` refuses the rules it
    can see are too dense, but no check finds every rule that never matches. So the expansion
    runs in a thread of its own and, when it runs late, CPython's PyThreadState_SetAsyncExc
    raises :class:`_TimeUp` inside that thread, which unwinds out of dateutil. Only the helper
    thread ever receives it: the caller, its profiler or tracer, and its locks are untouched.

    The budget is the helper's CPU time where the system can tell it (Linux, macOS), so a
    busy machine does not turn a normal series into a refused one; wall time stops it anyway
    at ten times the budget.

    Returns:
        fn's result and the CPU seconds it used.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            try:
                box["value"] = fn()
            except BaseException as e:  # handed to the caller below
                box["error"] = e
            box["cpu"] = time.thread_time()
        except BaseException:
            pass  # a _TimeUp arriving just as fn returned: nothing left to stop

    thread = threading.Thread(target=target, name="legday-expand", daemon=True)
    begun = time.monotonic()
    thread.start()
    assert thread.ident is not None
    clock: int | None = None
    with contextlib.suppress(AttributeError, OSError):
        clock = time.pthread_getcpuclockid(thread.ident)
    used = 0.0
    while True:
        thread.join(min(seconds, 0.05))
        if not thread.is_alive():
            break
        wall = time.monotonic() - begun
        used = wall
        if clock is not None:
            with contextlib.suppress(OSError):  # the thread may end meanwhile
                used = time.clock_gettime(clock)
        if used > seconds or wall > 10 * seconds:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(thread.ident), ctypes.py_object(_TimeUp)
            )
            thread.join(1.0)  # pure-Python loops stop at once; a daemon cannot block exit
            raise _TimeUp
    if "error" in box:
        raise box["error"]
    return box.get("value"), box.get("cpu", used)


@dataclass
class _Series:
    uid: str
    components: list[Any]
    label: str
    recurring: bool


class _CalendarReader:
    """Reads one VCALENDAR (as pre-scanned text) into CalEvents."""

    def __init__(
        self,
        label: str,
        name: str,
        cal_text: _CalText,
        zone_name: str,
        zone: ZoneInfo,
        horizon: tuple[dt.date, dt.date] | None,
        prefilter: bool,
    ) -> None:
        self.label = label
        self.name = name
        self.text = cal_text
        self.zone_name = zone_name
        self.zone = zone
        self.horizon = horizon
        self.prefilter = prefilter
        self.warnings: list[str] = []
        self.calendar_name: str | None = None
        # UID -> unknown TZIDs it uses; warned about only if it yields an occurrence
        self.unknown_zones: dict[str, set[str]] = defaultdict(set)
        self.occurrences = 0  # of repeating events, for MAX_OCCURRENCES_PER_FILE
        self.expand_seconds = 0.0  # CPU time spent expanding recurring series

    def warn(self, label: str, problem: str) -> None:
        self.warnings.append(f"{self.name}: event {_quote(label)} {problem}")

    # ----------------------------------------------------------------- parse

    def read(self) -> list[CalEvent]:
        blocks = self.text.blocks
        if self.horizon is not None and self.prefilter:
            lo, hi = _plus(self.horizon[0], -SLACK.days), _plus(self.horizon[1], SLACK.days)
            blocks = _kept_blocks(self.text, lo, hi)
        if len(blocks) > MAX_KEPT_EVENTS:
            raise InputError(
                f"{self.label}: has {len(blocks)} events touching the horizon, more than "
                f"{MAX_KEPT_EVENTS}; refused (ask for a shorter horizon)"
            )
        calendar = self._parse(blocks)
        if calendar is None:
            return []
        name = calendar.get("X-WR-CALNAME")
        if name is not None and str(name).strip():
            self.calendar_name = str(name).strip()
        if self.horizon is None:
            return []
        series = self._normalise(calendar)
        return self._expand(series)

    def _parse(self, blocks: list[_Block]) -> Any:
        import icalendar

        head = ["BEGIN:VCALENDAR", *self.text.header]
        text = "\r\n".join(
            [*head, *(line for b in blocks for line in _wrap(b)), "END:VCALENDAR", ""]
        )
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("ignore")  # icalendar warns about guessed TZIDs; we resolve
            try:
                return icalendar.Calendar.from_ical(text)
            except Exception:
                pass
            # One broken event should not cost the others: read them one by one.
            try:
                calendar = icalendar.Calendar.from_ical("\r\n".join([*head, "END:VCALENDAR", ""]))
            except Exception:
                calendar = icalendar.Calendar()
            for b in blocks:
                one = "\r\n".join(["BEGIN:VCALENDAR", *_wrap(b), "END:VCALENDAR", ""])
                try:
                    parsed = icalendar.Calendar.from_ical(one)
                except Exception as e:
                    self.warn(b.summary or b.uid, f"cannot be read ({_first_line(e)}); skipped")
                    continue
                for component in parsed.subcomponents:
                    calendar.add_component(component)
            return calendar

    # ----------------------------------------------------------------- time zones

    def _normalise(self, calendar: Any) -> list[_Series]:
        """Resolve every time zone, drop broken values, group the events into series."""
        kept = []
        for event in calendar.subcomponents:
            if getattr(event, "name", "") != "VEVENT":
                continue
            if self._fix_event(event):
                kept.append(event)
        calendar.subcomponents[:] = kept
        xwr = self.text.x_wr_timezone
        if xwr:
            zone = _resolve_tzid(xwr, self.text.zones)
            if zone is None:
                self.warnings.append(
                    f"{self.name}: calendar time zone X-WR-TIMEZONE {xwr!r} is unknown; ignored"
                )
            else:
                import x_wr_timezone

                # Google writes UTC times and means them in X-WR-TIMEZONE: a weekly 7:00 run
                # stays at 7:00 across daylight saving time only when expanded in that zone.
                calendar = x_wr_timezone.to_standard(calendar, timezone=ZoneInfo(zone))
        groups: dict[str, list[Any]] = defaultdict(list)
        for event in calendar.subcomponents:
            if getattr(event, "name", "") == "VEVENT":
                self._visit_times(event, self._floating_to_zone)
                groups[str(event["UID"])].append(event)
        series = []
        for uid, components in groups.items():
            recurring = any(
                key in c for c in components for key in ("RRULE", "RDATE", "RECURRENCE-ID")
            )
            if recurring:
                components = _one_per_slot(components)
            labels = sorted(_text(c.get("SUMMARY")) or uid for c in components)
            series.append(_Series(uid, components, labels[0], recurring))
        series.sort(key=lambda s: s.uid)
        return series

    def _fix_event(self, event: Any) -> bool:
        """Make one VEVENT safe for recurring-ical-events; False if it cannot be used."""
        from icalendar.prop import vDDDLists, vDDDTypes

        summary = _text(event.get("SUMMARY"))
        for key in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "UID", "SUMMARY"):
            value = event.get(key)
            if isinstance(value, list):  # a property written twice: the first one counts
                event[key] = value[0]
        start = event.get("DTSTART")
        uid = _text(event.get("UID"))
        label = summary or uid
        if not isinstance(start, vDDDTypes) or isinstance(start.dt, (dt.time, dt.timedelta)):
            self.warn(label, "has no readable start (DTSTART); skipped")
            return False
        if not uid:
            # A stable UID, so the same file gives the same UIDs every time.
            seed = f"{self.name}\n{start.to_ical().decode()}\n{summary}"
            uid = hashlib.sha1(seed.encode()).hexdigest()[:16] + "@legday"
        event["UID"] = uid
        rid = event.get("RECURRENCE-ID")
        if rid is not None and not isinstance(rid, vDDDTypes):
            self.warn(label, "has a broken RECURRENCE-ID; that change was skipped")
            return False
        for key, kind in (("DTEND", vDDDTypes), ("DURATION", vDDDTypes)):
            if key in event and not isinstance(event[key], kind):
                self.warn(label, f"has a broken {key}; read without it")
                del event[key]
        if isinstance(event.get("DTEND"), vDDDTypes) and isinstance(event["DTEND"].dt, dt.time):
            del event["DTEND"]
        if isinstance(event.get("DURATION"), vDDDTypes) and not isinstance(
            event["DURATION"].dt, dt.timedelta
        ):
            del event["DURATION"]
        for key in ("EXDATE", "RDATE"):
            values = event.get(key)
            if values is None:
                continue
            values = values if isinstance(values, list) else [values]
            good = [v for v in values if isinstance(v, vDDDLists)]
            if len(good) < len(values):
                self.warn(label, f"has a broken {key}; read without it")
                del event[key]
                for v in good:
                    event.add(key, v)
        rules = event.get("RRULE")
        if rules is not None:
            rules = rules if isinstance(rules, list) else [rules]
            if any(_is_broken(r) for r in rules):
                self.warn(label, "has a broken RRULE; skipped")
                return False
        self._visit_times(event, lambda value, tzid: self._resolve_value(value, tzid, uid))
        return True

    def _visit_times(self, event: Any, fix: Any) -> None:
        """Apply ``fix(value, tzid)`` to every date-time of an event, in place."""
        from icalendar.prop import vDDDLists, vDDDTypes

        for key in ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE"):
            values = event.get(key)
            if values is None:
                continue
            for prop in values if isinstance(values, list) else [values]:
                if isinstance(prop, vDDDTypes):
                    prop.dt = _map_time(prop.dt, prop.params.get("TZID"), fix)
                elif isinstance(prop, vDDDLists):
                    for item in prop.dts:
                        tzid = item.params.get("TZID") or prop.params.get("TZID")
                        item.dt = _map_time(item.dt, tzid, fix)

    def _resolve_value(self, value: dt.datetime, tzid: str | None, uid: str) -> dt.datetime:
        if not tzid:
            return value  # UTC stays UTC; floating waits for X-WR-TIMEZONE, then the athlete's
        zone_name = _resolve_tzid(tzid, self.text.zones)
        if zone_name is None:
            self.unknown_zones[uid].add(tzid)
            zone_name = self.zone_name
        # The digits as written, in the zone the TZID names (icalendar may have attached a
        # zone of its own, or none for a TZID it did not know).
        return value.replace(tzinfo=ZoneInfo(zone_name))

    def _floating_to_zone(self, value: dt.datetime, tzid: str | None) -> dt.datetime:
        return value.replace(tzinfo=self.zone) if value.tzinfo is None else value

    # ----------------------------------------------------------------- expand

    def _expand(self, series: list[_Series]) -> list[CalEvent]:
        assert self.horizon is not None
        h_start = dt.datetime.combine(self.horizon[0], dt.time(), tzinfo=self.zone)
        h_end = dt.datetime.combine(self.horizon[1], dt.time(), tzinfo=self.zone)
        # Ask for a day more on each side; the exact cut is made on the converted times.
        q_start, q_end = h_start - dt.timedelta(days=1), h_end + dt.timedelta(days=1)
        result: list[CalEvent] = []
        for s in series:
            if not s.recurring:
                # Nothing to expand. Several copies of one UID are updates: the highest
                # SEQUENCE wins; copies with equal SEQUENCE are kept, since some exporters
                # reuse one UID for different events.
                top = max(_sequence(c) for c in s.components)
                chosen = [c for c in s.components if _sequence(c) == top]
                events = self._convert(s, chosen, h_start, h_end)
                self._note(s, events)
                result.extend(events)
        skipped = 0
        for s in series:
            if not s.recurring:
                continue
            if (
                self.occurrences >= MAX_OCCURRENCES_PER_FILE
                or self.expand_seconds > FILE_EXPAND_SECONDS
            ):
                skipped += 1
                continue
            result.extend(self._expand_one(s, q_start, q_end, h_start, h_end))
        if skipped:
            why = (
                f"more than {MAX_OCCURRENCES_PER_FILE} occurrences in the horizon"
                if self.occurrences >= MAX_OCCURRENCES_PER_FILE
                else f"more than {FILE_EXPAND_SECONDS:.0f} s of expanding"
            )
            self.warnings.append(f"{self.name}: {why}; {skipped} repeating events were skipped")
        return result

    def _expand_one(
        self,
        s: _Series,
        q_start: dt.datetime,
        q_end: dt.datetime,
        h_start: dt.datetime,
        h_end: dt.datetime,
    ) -> list[CalEvent]:
        import icalendar
        import recurring_ical_events

        window = self._guard(s, q_start, q_end)
        if window is None:
            return []
        w_end, step = window
        calendar = icalendar.Calendar()
        for c in s.components:
            calendar.add_component(c)

        def expand() -> tuple[list[Any], dt.datetime]:
            query = recurring_ical_events.of(calendar)
            stop, widen = w_end, step
            while True:
                found = query.between(q_start, stop)
                # The estimate is an upper bound: widen until the cap or the horizon's end.
                if len(found) >= MAX_OCCURRENCES_PER_EVENT or stop >= q_end:
                    return found, stop
                widen *= 2
                stop = min(q_end, stop + widen)

        try:
            if _always_matches(s.components):
                # Every period yields an occurrence, so _guard's bounds hold and no watchdog
                # (nor its thread) is needed: most real repeats are like this.
                begun = time.thread_time()
                found, w_end = expand()
                cpu = time.thread_time() - begun
            else:
                (found, w_end), cpu = _run_limited(expand, SERIES_SECONDS)
            self.expand_seconds += cpu
        except _TimeUp:
            self.expand_seconds += SERIES_SECONDS
            self.warn(s.label, f"took over {SERIES_SECONDS:.0f} s to expand; skipped")
            return []
        except Exception as e:
            if type(e).__name__ == "BadRuleStringFormat":
                # It says "UNTIL parameter is missing: <rule>" for any rule dateutil refused.
                problem = f"has an RRULE that cannot be read ({str(e).rsplit(': ', 1)[-1]})"
            else:
                problem = f"cannot be expanded ({_first_line(e)})"
            self.warn(s.label, f"{problem}; skipped")
            return []
        events = self._convert(s, found, h_start, h_end)
        if len(events) > MAX_OCCURRENCES_PER_EVENT or w_end < q_end:
            events.sort(key=_sort_key)
            del events[MAX_OCCURRENCES_PER_EVENT:]
            self.warn(
                s.label,
                f"repeats more than {MAX_OCCURRENCES_PER_EVENT} times in the horizon; "
                f"only the first {MAX_OCCURRENCES_PER_EVENT} were read",
            )
        self._note(s, events)
        self.occurrences += len(events)
        return events

    def _guard(
        self, s: _Series, q_start: dt.datetime, q_end: dt.datetime
    ) -> tuple[dt.datetime, dt.timedelta] | None:
        """Refuse or narrow a series whose rules would take too long to expand.

        Returns where to stop expanding at first (before ``q_end`` if the series might have
        more than the cap of occurrences) and by how much to widen if that was too early;
        None to skip the series.
        The estimate is an upper bound on occurrences per day, from FREQ, INTERVAL and the BY
        parts that multiply (BYHOUR on a DAILY rule, BYMINUTE on an HOURLY one...).
        """
        per_day = 0.0
        steps_per_day = 0.0
        starts: list[dt.date] = []
        for c in s.components:
            rules = c.get("RRULE")
            if rules is None:
                continue
            start = c["DTSTART"].dt
            starts.append(start.date() if isinstance(start, dt.datetime) else start)
            for rule in rules if isinstance(rules, list) else [rules]:
                freq = str((rule.get("FREQ") or [""])[0]).upper()
                if freq in ("SECONDLY", "MINUTELY"):
                    every = "second" if freq == "SECONDLY" else "minute"
                    self.warn(s.label, f"repeats every {every} (FREQ={freq}); skipped")
                    return None
                try:
                    interval = int((rule.get("INTERVAL") or [1])[0])
                except (TypeError, ValueError):
                    interval = 0
                if interval < 1:
                    self.warn(s.label, "has an RRULE with an INTERVAL below 1; skipped")
                    return None
                if _never_matches(rule):
                    self.warn(s.label, "repeats on a day that does not exist; skipped")
                    return None

                def n(part: str, rule: Any = rule) -> int:
                    return max(len(rule.get(part) or []), 1)

                times = n("BYMINUTE") * n("BYSECOND")
                if freq == "HOURLY":
                    base = 24 / interval
                    rate = base * times
                else:
                    base = 1 / (interval * _PERIOD_DAYS.get(freq, 1))
                    dates = 1.0 if any(rule.get(p) for p in _LIMITING_PARTS) else base
                    rate = min(dates, 1.0) * n("BYHOUR") * times
                per_day += rate
                steps_per_day += max(rate, base)
        whole = (q_end, q_end - q_start)
        if not starts:
            return whole
        first = min(starts)
        days_to_end = max((q_end.date() - first).days, 0)
        if steps_per_day * days_to_end > MAX_RULE_STEPS:
            self.warn(
                s.label,
                f"repeats too often since {first.isoformat()} to be expanded; skipped",
            )
            return None
        w_start = max(q_start, dt.datetime.combine(first, dt.time(), tzinfo=self.zone))
        if w_start >= q_end:
            return whole
        window_days = (q_end - w_start).total_seconds() / 86400
        if per_day * window_days <= MAX_OCCURRENCES_PER_EVENT:
            return whole
        # Expand just long enough for the cap (plus a day): dateutil makes every occurrence
        # before it can be counted, and recurring-ical-events copies each one.
        step = dt.timedelta(days=MAX_OCCURRENCES_PER_EVENT / per_day + 1)
        return min(q_end, w_start + step), step

    # ----------------------------------------------------------------- convert

    def _convert(
        self, s: _Series, found: list[Any], h_start: dt.datetime, h_end: dt.datetime
    ) -> list[CalEvent]:
        events = []
        for c in found:
            if _text(c.get("STATUS")).upper() == "CANCELLED":
                continue
            try:
                event = self._event(s, c)
            except (OverflowError, ValueError) as e:  # DURATION:P99999999W and the like
                self.warn(s.label, f"has a time legday cannot handle ({_first_line(e)}); skipped")
                continue
            if event.start < h_end and (
                event.end > h_start or (event.start == event.end and event.start >= h_start)
            ):
                events.append(event)
        return events

    def _event(self, s: _Series, c: Any) -> CalEvent:
        """One occurrence (or single event) as a CalEvent in the athlete's zone."""
        start_value = c["DTSTART"].dt
        start = _to_zone(start_value, self.zone)
        end = _end(c, start_value, start, self.zone)
        if end < start:  # as recurring-ical-events does: the writer swapped them
            start, end = end, start
        recurrence_id = ""
        if s.recurring:
            rid = c.get("RECURRENCE-ID")
            rid_value = rid.dt if rid is not None else start_value
            if isinstance(rid_value, dt.datetime):
                recurrence_id = _to_zone(rid_value, self.zone).isoformat()
            else:
                recurrence_id = rid_value.isoformat()
        return CalEvent(
            uid=s.uid,
            summary=_text(c.get("SUMMARY")),
            start=start,
            end=end,
            all_day=not isinstance(start_value, dt.datetime),
            description=_text(c.get("DESCRIPTION")),
            categories=_categories(c.get("CATEGORIES")),
            source=self.name,
            recurrence_id=recurrence_id,
            transparent=_text(c.get("TRANSP")).upper() == "TRANSPARENT",
        )

    def _note(self, s: _Series, events: list[CalEvent]) -> None:
        """Warn about a series' unknown zones, only if it has occurrences to show."""
        if events and s.uid in self.unknown_zones:
            for tzid in sorted(self.unknown_zones[s.uid]):
                self.warn(s.label, f"uses unknown time zone {tzid!r}; read in {self.zone_name}")


# --------------------------------------------------------------------------- helpers


def _wrap(block: _Block) -> Iterator[str]:
    yield "BEGIN:VEVENT"
    yield from block.lines
    yield "END:VEVENT"


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:120]


def _is_broken(value: Any) -> bool:
    from icalendar.prop import vBroken

    return isinstance(value, vBroken)


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return "" if value is None else str(value).strip()


def _categories(value: Any) -> tuple[str, ...]:
    """CATEGORIES may be written several times, each with several values: one flat tuple."""
    if value is None:
        return ()
    seen: dict[str, None] = {}
    for prop in value if isinstance(value, list) else [value]:
        items = getattr(prop, "cats", None)
        if items is None:
            items = str(prop).split(",")
        for item in items:
            text = str(item).strip()
            if text:
                seen.setdefault(text, None)
    return tuple(seen)


def _one_per_slot(components: list[Any]) -> list[Any]:
    """One component per (series, RECURRENCE-ID): the highest SEQUENCE, then the larger text.

    recurring-ical-events keeps the first of equal SEQUENCEs, which depends on the file's
    order; this makes the choice independent of it.
    """
    slots: dict[str, list[Any]] = defaultdict(list)
    for c in components:
        rid = c.get("RECURRENCE-ID")
        value = getattr(rid, "dt", None)
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(_UTC)
        slots["" if value is None else str(value)].append(c)
    chosen = []
    for candidates in slots.values():
        if len(candidates) == 1:
            chosen.append(candidates[0])
        else:
            chosen.append(max(candidates, key=lambda c: (_sequence(c), c.to_ical())))
    return chosen


_SAFE_PARTS = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY"})
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _always_matches(components: list[Any]) -> bool:
    """Whether every period of every RRULE yields an occurrence.

    With no BY part but plain weekdays, dateutil finds one in each period (a month without a
    31st or a year without 29 February only skips a period or a few); a rule that filters
    (BYMONTH, BYSETPOS, '5MO'...) may search for a very long time, or for ever.
    """
    for c in components:
        rules = c.get("RRULE")
        for rule in rules if isinstance(rules, list) else [] if rules is None else [rules]:
            if not set(rule) <= _SAFE_PARTS:
                return False
            if any(not str(day).isalpha() for day in rule.get("BYDAY") or []):
                return False
    return True


def _never_matches(rule: Any) -> bool:
    """30 February and the like: BYMONTHDAY values that none of the BYMONTH months has."""
    try:
        days = [int(d) for d in rule.get("BYMONTHDAY") or []]
        months = [int(m) for m in rule.get("BYMONTH") or []] or list(range(1, 13))
    except (TypeError, ValueError):
        return False
    if not days:
        return False
    lengths = [_MONTH_DAYS[m - 1] for m in months if 1 <= m <= 12]
    return not any(1 <= abs(d) <= n for d in days for n in lengths)


def _sequence(component: Any) -> int:
    try:
        return int(component.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


def _end(component: Any, start_value: dt.date, start: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """DTEND; else DTSTART + DURATION; else a day for a DATE and no time for a DATE-TIME."""
    end = component.get("DTEND")
    if end is not None:
        return _to_zone(end.dt, zone)
    duration = component.get("DURATION")
    if duration is not None:
        return start + duration.dt
    if isinstance(start_value, dt.datetime):
        return start
    return _to_zone(start_value + dt.timedelta(days=1), zone)


def _map_time(value: Any, tzid: str | None, fix: Any) -> Any:
    if isinstance(value, tuple):  # an RDATE PERIOD: (start, end or duration)
        return tuple(_map_time(v, tzid, fix) for v in value)
    if isinstance(value, dt.datetime):
        return fix(value, tzid)
    return value


def _to_zone(value: dt.date | dt.datetime, zone: ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
    return dt.datetime.combine(value, dt.time(), tzinfo=zone)
