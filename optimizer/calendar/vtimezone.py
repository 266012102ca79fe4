"""A calendar's own VTIMEZONE as a time zone, for a TZID no one else knows.

Outlook writes ``TZID:"Customized Time Zone"`` (or a name of its own) and defines it in the
file: a STANDARD and a DAYLIGHT part, each with its offset and a yearly rule such as "the last
Sunday of October at 03:00". Such a zone is read from that definition (:func:`vtimezone_zone`)
rather than in a fallback zone.

Only the shapes real writers use are read: a fixed offset, or yearly changes on the n-th (or
last) weekday of a month, as Windows and POSIX zones define them; several parts of one kind
count from their DTSTART on (a zone whose rules changed). Anything else (RDATE lists, other
RRULEs) gives None, and the importer falls back to the athlete's zone with a warning. No
recurrence is ever expanded here: the change dates of a year are computed directly, so a
hostile definition costs nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from optimizer.calendar.blocks import split_line

MAX_VTIMEZONE_CHARS = 20_000
_OFFSET = re.compile(r"^([+-])(\d{2})(\d{2})(\d{2})?$")
_LOCAL = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$")
_BYDAY = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_PART = re.compile(r"^BEGIN:(STANDARD|DAYLIGHT)$(.*?)^END:\1$", re.M | re.S | re.I)


@dataclass(frozen=True)
class _Change:
    """One STANDARD or DAYLIGHT part: from ``since`` on, each year at ``rule`` (or once)."""

    daylight: bool
    since: dt.datetime  # local wall time of the first change (in the offset before it)
    offset_to: dt.timedelta
    rule: tuple[int, int, int] | None  # (month, n-th weekday or -1 for the last, weekday)
    until: dt.date | None = None  # the rule's last year's day (UNTIL)

    def at(self, year: int) -> dt.datetime | None:
        """This change's local wall time in ``year``, or None if it has none that year."""
        if year < self.since.year:
            return None
        if self.rule is None:
            return self.since if year == self.since.year else None
        month, nth, weekday = self.rule
        day = _nth_weekday(year, month, nth, weekday)
        if day is None or (self.until is not None and day > self.until):
            return None
        return max(dt.datetime.combine(day, self.since.time()), self.since)


def _nth_weekday(year: int, month: int, nth: int, weekday: int) -> dt.date | None:
    first = dt.date(year, month, 1)
    if nth > 0:
        day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        return day if day.month == month else None
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    day = last - dt.timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))
    return day if day.month == month else None


class VTimezone(dt.tzinfo):
    """A zone defined by a VTIMEZONE: fixed, or with yearly changes (see the module)."""

    def __init__(self, tzid: str, changes: tuple[_Change, ...]) -> None:
        self.tzid = tzid
        self.changes = changes

    def __repr__(self) -> str:
        return f"VTimezone({self.tzid!r})"

    def _current(self, local: dt.datetime) -> _Change:
        """The change in force at a local wall time (the latest one before it)."""
        naive = local.replace(tzinfo=None, fold=0)
        best: tuple[dt.datetime, _Change] | None = None
        for year in (naive.year - 1, naive.year):
            for c in self.changes:
                when = c.at(year)
                if when is not None and when <= naive and (best is None or when >= best[0]):
                    best = (when, c)
        if best is None:  # before every change: the earliest part's offset
            return min(self.changes, key=lambda c: c.since)
        return best[1]

    def utcoffset(self, value: dt.datetime | None) -> dt.timedelta:
        if value is None:
            return self.changes[0].offset_to
        return self._current(value).offset_to

    def dst(self, value: dt.datetime | None) -> dt.timedelta:
        if value is None:
            return dt.timedelta(0)
        current = self._current(value)
        if not current.daylight:
            return dt.timedelta(0)
        standard = [c.offset_to for c in self.changes if not c.daylight]
        return current.offset_to - (standard[0] if standard else current.offset_to)

    def tzname(self, value: dt.datetime | None) -> str:
        return self.tzid

    def fromutc(self, value: dt.datetime) -> dt.datetime:
        # Try each offset the zone knows: the one whose local time maps back to it.
        utc = value.replace(tzinfo=None)
        offsets = sorted({c.offset_to for c in self.changes}, reverse=True)
        for offset in offsets:
            local = (utc + offset).replace(tzinfo=self)
            if self.utcoffset(local) == offset:
                return local
        return (utc + offsets[-1]).replace(tzinfo=self)


def vtimezone_zone(tzid: str, text: str) -> VTimezone | None:
    """The zone a VTIMEZONE defines, or None when it is not a shape legday reads.

    Args:
        tzid: its TZID.
        text: the VTIMEZONE's unfolded text (its STANDARD and DAYLIGHT parts).

    Returns:
        The zone, or None.
    """
    if len(text) > MAX_VTIMEZONE_CHARS:
        return None
    return _parse(tzid, text)


@lru_cache(maxsize=64)
def _parse(tzid: str, text: str) -> VTimezone | None:
    changes = []
    for m in _PART.finditer(text.replace("\r\n", "\n")):
        change = _change(m[1].upper() == "DAYLIGHT", m[2])
        if change is None:
            return None
        changes.append(change)
    if not changes or len(changes) > 20:
        return None
    return VTimezone(tzid, tuple(changes))


def _change(daylight: bool, body: str) -> _Change | None:
    values: dict[str, str] = {}
    for line in body.strip().split("\n"):
        name, _, value = split_line(line.strip())
        if name in ("RDATE",) or (name in values and name in ("RRULE", "DTSTART")):
            return None  # lists of dates, several rules: not a shape legday reads
        values.setdefault(name, value.strip())
    since = _local(values.get("DTSTART", ""))
    offset = _offset(values.get("TZOFFSETTO", ""))
    if since is None or offset is None:
        return None
    rule, until = None, None
    if "RRULE" in values:
        parsed = _yearly(values["RRULE"])
        if parsed is None:
            return None
        rule, until = parsed
    return _Change(daylight, since, offset, rule, until)


def _local(value: str) -> dt.datetime | None:
    m = _LOCAL.match(value)
    if not m:
        return None
    try:
        year, month, day, hour, minute, second = (int(g) for g in m.groups())
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _offset(value: str) -> dt.timedelta | None:
    m = _OFFSET.match(value)
    if not m:
        return None
    hours, minutes, seconds = int(m[2]), int(m[3]), int(m[4] or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        return None
    size = dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)
    return -size if m[1] == "-" else size


def _yearly(rule: str) -> tuple[tuple[int, int, int], dt.date | None] | None:
    """FREQ=YEARLY;BYMONTH=m;BYDAY=nDD (or BYDAY=DD;BYSETPOS=n), INTERVAL=1, UNTIL: the
    (month, n-th, weekday) and UNTIL's day; None for any other rule."""
    parts = dict(p.partition("=")[::2] for p in rule.upper().split(";") if p)
    if parts.pop("FREQ", "") != "YEARLY" or parts.pop("INTERVAL", "1") != "1":
        return None
    until_text = parts.pop("UNTIL", None)
    if until_text is not None and len(until_text) == 8:
        until_text += "T000000"  # a DATE
    until = _local(until_text.rstrip("Z")) if until_text else None
    if until_text and until is None:
        return None
    parts.pop("WKST", None)
    month, byday, setpos = (
        parts.pop("BYMONTH", ""),
        parts.pop("BYDAY", ""),
        parts.pop("BYSETPOS", ""),
    )
    m = _BYDAY.match(byday)
    if parts or not month.isdigit() or not 1 <= int(month) <= 12 or not m:
        return None
    if setpos and (m[1] or not re.fullmatch(r"[+-]?[1-5]", setpos)):
        return None
    nth = int(setpos or m[1] or 1)
    return (int(month), nth, _WEEKDAYS.index(m[2])), until.date() if until else None
