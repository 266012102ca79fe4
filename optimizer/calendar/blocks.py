"""One VEVENT as text: the few facts the pre-scan reads from its lines, without icalendar.

:func:`read_block` gives a :class:`Block`: UID, SUMMARY, the DTSTART day and TZID, the days
of its first occurrence, and the last day its series can reach (from UNTIL, or COUNT times the
period when no BY part can skip periods; unbounded or unknowable otherwise). Days are read
as written, in the event's own zone; :mod:`optimizer.calendar.horizon` allows for that.
Also the small text helpers the pre-scan shares: content-line splitting, parameters, days,
durations and unescaping.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

PERIOD_DAYS = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7, "DAILY": 1}
# RRULE parts that can skip periods: with them, COUNT says nothing about the last day.
LIMITING_PARTS = ("BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYSETPOS")

_FACTS = re.compile(
    r"(?:DTSTART|DTEND|DURATION|RRULE|RDATE|RECURRENCE-ID|UID|SUMMARY|STATUS)[;:]", re.I
)
_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DURATION = re.compile(
    r"([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$", re.I
)
_PARAMS = {name: re.compile(rf";{name}=(\"[^\"]*\"|[^;]*)", re.I) for name in ("TZID", "RANGE")}


@dataclass
class Block:
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
class _Facts:
    """What :func:`read_block` gathers on its way through the lines besides the Block's own."""

    dtend: dt.date | None = None
    duration: int | None = None
    rules: list[dict[str, str]] = field(default_factory=list)
    rdates: list[dt.date] = field(default_factory=list)
    period_ends: list[dt.date] = field(default_factory=list)


def split_line(line: str) -> tuple[str, str, str]:
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


def plus_days(day: dt.date, days: int) -> dt.date:
    """``day + days``, held at the first or last representable day instead of overflowing."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def unescape(value: str) -> str:
    """An iCalendar TEXT value as plain text (``\\n``, ``\\,``, ``\\;``, ``\\\\``), trimmed."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value).strip()


def read_block(lines: list[str]) -> Block:
    """Read the few facts the pre-scan needs from a VEVENT's kept lines.

    Args:
        lines: the VEVENT's unfolded content lines, without BEGIN/END.

    Returns:
        The block; ``start`` is None when no DTSTART day could be read.
    """
    b = Block(lines=lines)
    facts = _Facts()
    for line in lines:
        if not _FACTS.match(line):
            continue  # DESCRIPTION and the like: kept for icalendar, of no use here
        _read_fact(b, facts, *split_line(line))
    if b.start is not None:
        _set_days(b, b.start, facts)
    return b


def _read_fact(b: Block, facts: _Facts, name: str, params: str, value: str) -> None:
    """Note one property; DTSTART, DTEND, DURATION, UID and SUMMARY count the first time."""
    if name == "DTSTART" and b.start is None:
        b.start = _day(value)
        b.tzid = _param(params, "TZID")
    elif name == "DTEND" and facts.dtend is None:
        facts.dtend = _end_day(value)
    elif name == "DURATION" and facts.duration is None:
        facts.duration = _duration_days(value)
    elif name == "RRULE":
        parts = dict(p.partition("=")[::2] for p in value.upper().split(";") if p)
        facts.rules.append(parts)
    elif name == "RDATE":
        b.recurring = True
        _read_rdates(value, facts)
    elif name == "RECURRENCE-ID":
        b.rid = _day(value)
        b.this_and_future = (_param(params, "RANGE") or "").upper() == "THISANDFUTURE"
    elif name == "UID" and not b.uid:
        b.uid = value.strip()
    elif name == "SUMMARY" and not b.summary:
        b.summary = unescape(value)
    elif name == "STATUS":
        b.cancelled = value.strip().upper() == "CANCELLED"


def _read_rdates(value: str, facts: _Facts) -> None:
    """An RDATE's days, and the end of each PERIOD (start/end or start/duration)."""
    for item in value.split(","):
        first, _, second = item.partition("/")
        day = _day(first)
        if day is None:
            continue
        facts.rdates.append(day)
        if second:  # a PERIOD: start/end or start/duration, its own length
            span = _duration_days(second)
            end = _end_day(second) if span is None else plus_days(day, span)
            facts.period_ends.append(max(end or day, plus_days(day, 1)))


def outside(text: str, begin: int, stop: int, lo: dt.date, hi: dt.date) -> str | None:
    """The UID ('' for none) of a single event that certainly lies outside [lo, hi), else None.

    A cheap look, for the pre-scan of a calendar whose horizon is known, at the lines
    :func:`read_block` would read: the event's own text ``text[begin:stop]`` (no nested
    component), with a plain DTSTART and DTEND (or none) and no RRULE, RDATE, RECURRENCE-ID
    or DURATION. Anything less plain answers None: read the block in full. Where it answers,
    :func:`read_block` would give a block whose first occurrence starts on or after ``hi``
    or ends by ``lo``.
    """
    if _NOT_PLAIN.search(text, begin, stop):
        return None
    m = _DTSTART.search(text, begin, stop)
    start = _plain_day(m[1]) if m else None
    if start is None:
        return None
    if start < lo:
        # The first occurrence ends a day after DTEND's day at the latest; without DTEND
        # (nor DURATION), a day after DTSTART's.
        m = _DTEND.search(text, begin, stop)
        end = _plain_day(m[1]) if m else start
        if end is None or end >= lo:
            return None
    elif start < hi:
        return None
    # The first UID line with a value counts; a quoted parameter may hide the colon.
    for m in _UID.finditer(text, begin, stop):
        line = m[1]
        colon = line.find(":")
        if colon < 0 or '"' in line[:colon]:
            return None
        if uid := line[colon + 1 :].strip():
            return uid
    return ""


_NOT_PLAIN = re.compile(r"\n(?:RRULE|RDATE|RECURRENCE-ID|DURATION)[;:]", re.I)
_DTSTART = re.compile(r"\nDTSTART([;:][^\n]*)", re.I)
_DTEND = re.compile(r"\nDTEND([;:][^\n]*)", re.I)
_UID = re.compile(r"\n(UID[;:][^\n]*)", re.I)


def _plain_day(rest: str) -> dt.date | None:
    """The day of ';PARAMS:YYYYMMDD...' (a line's rest, one colon) as :func:`_day` reads it;
    None for anything else."""
    m = _PLAIN.fullmatch(rest)
    return _ymd(m[1]) if m else None


# One colon, then the value: whitespace, eight digits (what _DAY matches once stripped).
_PLAIN = re.compile(r"[^:\n]*:\s*([0-9]{8})[^:\n]*")


@functools.lru_cache(maxsize=8192)
def _ymd(digits: str) -> dt.date | None:
    """'YYYYMMDD' as a date, None if there is no such day (cached: events share days)."""
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _set_days(b: Block, start: dt.date, facts: _Facts) -> None:
    """The first occurrence's days and the series' end, from what the lines said."""
    # How many days the first occurrence lasts: DTEND, else DURATION, else a day for a DATE.
    if facts.dtend is not None:
        b.end = max(facts.dtend, plus_days(start, 1))
    else:
        b.end = plus_days(start, max(facts.duration or 0, 1))
    length = (b.end - start).days
    b.first = min([start, *facts.rdates])
    b.series_end = max([b.end, *(plus_days(d, length) for d in facts.rdates), *facts.period_ends])
    if facts.rules:
        b.recurring = True
        for rule in facts.rules:
            last = rule_last_day(rule, start)
            if last is None:
                b.series_end = None
                break
            b.series_end = max(b.series_end, plus_days(last, length))


def rule_last_day(rule: dict[str, str], start: dt.date) -> dt.date | None:
    """The last day an RRULE can reach, as text says it; None if unbounded or unknowable.

    Args:
        rule: the RRULE's parts, upper-cased (``{"FREQ": "WEEKLY", "COUNT": "10"}``).
        start: DTSTART's day.

    Returns:
        UNTIL's day; else, for a COUNT without filters, an upper bound; else None.
    """
    if "UNTIL" in rule:
        return _day(rule["UNTIL"])
    count = rule.get("COUNT", "")
    if not count.isdigit():
        return None
    # Filters (BYDAY on DAILY, BYMONTH...) can skip periods, so COUNT times the period is an
    # upper bound only without them; with them the end is unknowable without expanding.
    if any(rule.get(part) for part in LIMITING_PARTS):
        return None
    interval = rule.get("INTERVAL", "1")
    period = PERIOD_DAYS.get(rule.get("FREQ", ""), 1)
    steps = int(count) * (int(interval) if interval.isdigit() and int(interval) > 0 else 1)
    return plus_days(start, min(steps * period, 3_000_000))
