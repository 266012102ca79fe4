"""The text pre-scan: a calendar file split into VCALENDARs and VEVENT blocks, as text.

icalendar parses about 1 MB/s, so a 15 MB work calendar with years of history would take
15 s. The pre-scan refuses what is not a calendar (binary, absurd component counts), walks the
BEGIN/END lines once, keeps per VEVENT only the properties legday uses (see :data:`_KEEP`) and
reads each block's days (:func:`~optimizer.calendar.blocks.read_block`), so that
:mod:`optimizer.calendar.horizon` can drop, as text, every block that cannot touch the plan.
A file cut off mid-download keeps what was complete, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from optimizer.calendar.blocks import Block, read_block, split_line, unescape
from optimizer.calendar.files import decode
from optimizer.calendar.vtimezone import MAX_VTIMEZONE_CHARS
from optimizer.domain import InputError

MAX_EVENTS = 200_000  # VEVENTs in one file
MAX_COMPONENTS = 500_000  # BEGIN: lines of any kind in one file
MAX_EVENT_CHARS = 1_000_000  # the kept text of one VEVENT (e.g. a million EXDATEs)
MAX_DEFINITIONS = 100  # VTIMEZONE definitions kept per calendar (for TZIDs no one knows)

# Properties legday reads from a VEVENT. Everything else (attendees, HTML descriptions,
# attachments, alarms) is dropped before icalendar sees it: less to parse, less to break.
_KEEP = (
    "UID|DTSTART|DTEND|DURATION|RRULE|RDATE|EXDATE|RECURRENCE-ID|SEQUENCE|SUMMARY|"
    "DESCRIPTION|CATEGORIES|TRANSP|STATUS|"
    # Outlook's "Show as" (out of office blocks the day) and its all-day flag
    "X-MICROSOFT-CDO-BUSYSTATUS|X-MICROSOFT-CDO-INTENDEDSTATUS|X-MICROSOFT-CDO-ALLDAYEVENT|"
    "X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT"
)
_PROP = re.compile(rf"\n((?:{_KEEP})(?=[;:])[^\n]*)", re.I)
_HEADER = re.compile(r"\n((?:VERSION|PRODID|X-WR-CALNAME|X-WR-TIMEZONE)(?=[;:])[^\n]*)", re.I)
_TZ_PROPS = re.compile(r"\n((?:TZID|X-LIC-LOCATION)(?=[;:])[^\n]*)", re.I)
_COMPONENT = re.compile(r"\n(BEGIN|END):([A-Za-z0-9-]+)[ \t]*(?=\n|\Z)", re.I)
_CALENDAR = re.compile(r"^BEGIN:VCALENDAR[ \t]*$", re.M | re.I)
_BEGIN = re.compile(r"\nBEGIN:", re.I)
_BEGIN_EVENT = re.compile(r"\nBEGIN:VEVENT[ \t]*(?=\n|\Z)", re.I)


@dataclass
class CalText:
    """One VCALENDAR as text: its header lines, VTIMEZONE locations and VEVENT blocks."""

    header: list[str] = field(default_factory=list)
    zones: dict[str, str] = field(default_factory=dict)  # TZID -> X-LIC-LOCATION
    definitions: dict[str, str] = field(default_factory=dict)  # TZID -> its VTIMEZONE text
    blocks: list[Block] = field(default_factory=list)
    x_wr_timezone: str | None = None


@dataclass
class Scan:
    """One file, pre-scanned."""

    label: str  # the path as given, for errors
    name: str  # the file's name, for warnings and CalEvent.source
    calendars: list[CalText]
    warnings: list[str]


def quote(label: str) -> str:
    """An event's name for a message: one line, at most 60 characters, quoted."""
    label = " ".join(label.split())
    if len(label) > 60:
        label = label[:57] + "..."
    return f"'{label}'" if label else "(untitled)"


def scan(data: bytes, label: str, name: str | None = None) -> Scan:
    """Split a file into calendars and VEVENT blocks, as text.

    Args:
        data: the file's bytes.
        label: the path as given, for errors.
        name: the file's name, for warnings (default: the last part of ``label``).

    Returns:
        The file's calendars and the warnings so far.

    Raises:
        InputError: the file is not a calendar, or has absurdly many components.
    """
    name = name or Path(label).name
    warn: list[str] = []
    # A leading newline lets every pattern look for "\n" + name: sre then jumps from line
    # to line instead of trying each character (re.M's "^" is several times slower).
    text = "\n" + decode(data, label, name, warn)
    if not _CALENDAR.search(text):
        raise InputError(f"{label}: is not an iCalendar file (no BEGIN:VCALENDAR)")
    # Count first, in C: refusing a flood should not cost the walk through it.
    if len(_BEGIN.findall(text)) > MAX_COMPONENTS:
        raise InputError(f"{label}: has more than {MAX_COMPONENTS} components; refused")
    if len(_BEGIN_EVENT.findall(text)) > MAX_EVENTS:
        raise InputError(f"{label}: has more than {MAX_EVENTS} events; refused")
    walker = _Walker(text, label, name, warn)
    walker.walk()
    if not walker.calendars:
        raise InputError(f"{label}: is not an iCalendar file (no complete VCALENDAR)")
    return Scan(label=label, name=name, calendars=walker.calendars, warnings=warn)


class _Walker:
    """One pass over a file's BEGIN/END lines, tracking where each VEVENT's own text lies.

    The text of a VEVENT is what lies between its BEGIN and END outside nested components
    (VALARM): a list of gaps. The calendar's header is what lies outside its children.
    Unclosed children are forgiven: an END closes everything up to its BEGIN.
    """

    def __init__(self, text: str, label: str, name: str, warn: list[str]) -> None:
        self.text = text
        self.label = label
        self.name = name
        self.warn = warn
        self.calendars: list[CalText] = []
        self.stack: list[str] = []
        self.cal: CalText | None = None
        self.cal_gap = 0  # start of the calendar text not inside a child component
        self.child_start = 0
        self.event_gaps: list[tuple[int, int]] = []
        self.event_gap = 0  # start of the event text not inside a nested component (VALARM)
        self.components = 0
        self.events = 0

    def walk(self) -> None:
        """Walk the whole text once; the complete calendars land in ``calendars``."""
        for m in _COMPONENT.finditer(self.text):
            kind, comp = m[1].upper(), m[2].upper()
            if kind == "BEGIN":
                self._begin(m, comp)
            elif comp in self.stack:  # else a stray END: nothing to close
                self._end(m, comp)
        if self.stack and self.stack[0] == "VCALENDAR" and self.cal is not None:
            self._cut_off()

    def _begin(self, m: re.Match[str], comp: str) -> None:
        self.components += 1
        if self.components > MAX_COMPONENTS:
            raise InputError(f"{self.label}: has more than {MAX_COMPONENTS} components; refused")
        depth = len(self.stack)
        if depth == 0 and comp == "VCALENDAR":
            self.cal, self.cal_gap = CalText(), m.end()
        elif depth == 1 and self.stack[0] == "VCALENDAR":
            self._begin_child(m, comp)
        elif depth == 2 and self.stack[1] == "VEVENT":
            self.event_gaps.append((self.event_gap, m.start()))
        self.stack.append(comp)

    def _begin_child(self, m: re.Match[str], comp: str) -> None:
        """A component inside the VCALENDAR begins (VEVENT, VTIMEZONE, VTODO...)."""
        assert self.cal is not None
        self._read_header(self.cal, self.cal_gap, m.start())
        self.child_start = m.end()
        if comp == "VEVENT":
            self.events += 1
            if self.events > MAX_EVENTS:
                raise InputError(f"{self.label}: has more than {MAX_EVENTS} events; refused")
            self.event_gaps, self.event_gap = [], m.end()

    def _end(self, m: re.Match[str], comp: str) -> None:
        while self.stack:  # close up to the matching BEGIN, forgiving unclosed children
            top = self.stack.pop()
            depth = len(self.stack)
            if depth == 2 and self.stack[1] == "VEVENT":
                self.event_gap = m.end()
            elif depth == 1 and self.stack[0] == "VCALENDAR":
                self._end_child(m, top)
            elif depth == 0 and top == "VCALENDAR":
                self._finish_calendar(m.start())
                self.cal = None
            if top == comp:
                break

    def _end_child(self, m: re.Match[str], top: str) -> None:
        """A component inside the VCALENDAR ends."""
        if top == "VEVENT":
            self._finish_event(m.start())
        elif top == "VTIMEZONE" and self.cal is not None:
            _read_vtimezone(self.text[self.child_start : m.start()], self.cal)
        self.cal_gap = m.end()

    def _lines(self, gaps: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> list[str]:
        return [m[1] for s, e in gaps for m in _PROP.finditer(self.text, s, e)]

    def _finish_event(self, stop: int) -> None:
        self.event_gaps.append((self.event_gap, stop))
        lines = self._lines(self.event_gaps)
        block = read_block(lines)
        if sum(map(len, lines)) > MAX_EVENT_CHARS:
            self.warn.append(
                f"{self.name}: event {quote(block.summary or block.uid)} "
                "is too large to read; skipped"
            )
        elif self.cal is not None:
            self.cal.blocks.append(block)

    def _read_header(self, cal: CalText, begin: int, stop: int) -> None:
        for m in _HEADER.finditer(self.text, begin, stop):
            cal.header.append(m[1])
            key, _, value = split_line(m[1])
            if key == "X-WR-TIMEZONE" and cal.x_wr_timezone is None and value.strip():
                cal.x_wr_timezone = unescape(value)

    def _finish_calendar(self, stop: int) -> None:
        assert self.cal is not None
        self._read_header(self.cal, self.cal_gap, stop)
        self.calendars.append(self.cal)

    def _cut_off(self) -> None:
        """A download cut off mid-file: keep what was complete, say what was lost."""
        if len(self.stack) > 1 and self.stack[1] == "VEVENT":
            lost = read_block(self._lines((*self.event_gaps, (self.event_gap, len(self.text)))))
            self.warn.append(
                f"{self.name}: the file ends inside event {quote(lost.summary or lost.uid)} "
                "(cut off?); that event was skipped"
            )
        else:
            self.warn.append(f"{self.name}: the file ends without END:VCALENDAR (cut off?)")
        self._finish_calendar(len(self.text) if len(self.stack) == 1 else self.cal_gap)


def _read_vtimezone(text: str, cal: CalText) -> None:
    """Note a VTIMEZONE's X-LIC-LOCATION (an IANA name) and its text under its TZID."""
    tzid = location = None
    for m in _TZ_PROPS.finditer(text):
        key, _, value = split_line(m[1])
        if key == "TZID" and tzid is None:
            tzid = value.strip().strip('"')
        elif key == "X-LIC-LOCATION" and location is None:
            location = value.strip()
    if tzid and location:
        cal.zones[tzid] = location
    if tzid and len(text) <= MAX_VTIMEZONE_CHARS and len(cal.definitions) < MAX_DEFINITIONS:
        cal.definitions.setdefault(tzid, text)
