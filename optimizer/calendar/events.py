"""One parsed occurrence (an icalendar component) as a :class:`~optimizer.domain.CalEvent`.

Times land in the athlete's zone: DTEND, else DTSTART + DURATION, else a day for a DATE and
no time for a DATE-TIME. Events are ordered by :func:`sort_key`, in UTC, so that the same
calendar gives the same list whatever the order of its events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from optimizer.calendar.expand import Series
from optimizer.domain import CalEvent


@dataclass(frozen=True)
class Unexpanded:
    """A valid recurring event the importer could not expand within the horizon.

    Attributes:
        event: its first occurrence as written (DTSTART), enough to classify it.
        why: why it was not expanded ("took over 1 s to expand").
    """

    event: CalEvent
    why: str


def to_event(s: Series, c: Any, zone: ZoneInfo, source: str) -> CalEvent:
    """One occurrence (or single event) as a CalEvent in the athlete's zone.

    Args:
        s: the series it belongs to.
        c: the occurrence, as recurring-ical-events or icalendar gives it.
        zone: the athlete's zone.
        source: the file's name, for ``CalEvent.source``.

    Returns:
        The event.

    Raises:
        OverflowError, ValueError: a time out of range (``DURATION:P99999999W`` and the like).
    """
    start_value = c["DTSTART"].dt
    days = whole_days(c, start_value)
    if days is not None:  # an all-day event dressed as midnight to midnight: a DATE
        start_value = days[0]
    start = _to_zone(start_value, zone)
    end = _to_zone(days[1], zone) if days is not None else _end(c, start_value, start, zone)
    if end < start:  # as recurring-ical-events does: the writer swapped them
        start, end = end, start
    recurrence_id = ""
    if s.recurring:
        rid = c.get("RECURRENCE-ID")
        rid_value = rid.dt if rid is not None else start_value
        if isinstance(rid_value, dt.datetime):
            recurrence_id = _to_zone(rid_value, zone).isoformat()
        else:
            recurrence_id = rid_value.isoformat()
    return CalEvent(
        uid=s.uid,
        summary=text_of(c.get("SUMMARY")),
        start=start,
        end=end,
        all_day=days is not None or not isinstance(start_value, dt.datetime),
        description=text_of(c.get("DESCRIPTION")),
        categories=_categories(c.get("CATEGORIES")),
        source=source,
        recurrence_id=recurrence_id,
        transparent=text_of(c.get("TRANSP")).upper() == "TRANSPARENT",
        show_as=show_as(c),
    )


_ALL_DAY_FLAGS = ("X-MICROSOFT-CDO-ALLDAYEVENT", "X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT")


def whole_days(c: Any, start_value: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days of an all-day event written with times: ``(first, after last)``, or None.

    Outlook writes an all-day event as ``00:00`` to ``00:00`` in its zone with
    ``X-MICROSOFT-CDO-ALLDAYEVENT:TRUE``; other exporters write the same midnight-to-midnight
    span without the flag. Either is read as the DATE the writer meant (so an all-day run is
    placed at the runner's run time, and an all-day trip blocks its days), never as a run or a
    meeting that lasts 24 hours. An event flagged all-day whose end is not at midnight ends
    with its last day.
    """
    if not isinstance(start_value, dt.datetime) or start_value.time() != dt.time():
        return None
    end_prop = c.get("DTEND")
    end_value = end_prop.dt if end_prop is not None else None
    if end_value is None:
        duration = c.get("DURATION")
        end_value = start_value + duration.dt if duration is not None else None
    if not isinstance(end_value, dt.datetime) or end_value <= start_value:
        return None
    if end_value.tzinfo is not None and start_value.tzinfo is not None:
        end_value = end_value.astimezone(start_value.tzinfo)
    flagged = any(text_of(c.get(name)).upper() == "TRUE" for name in _ALL_DAY_FLAGS)
    midnight = end_value.time() == dt.time()
    if midnight and (flagged or (end_value - start_value) % dt.timedelta(days=1) == dt.timedelta()):
        return start_value.date(), end_value.date()
    if flagged:
        return start_value.date(), end_value.date() + dt.timedelta(days=1)
    return None


# Outlook's "Show as": its busy status says more than TRANSP (an all-day event Outlook shows
# as Free is written TRANSPARENT; Out of Office is OPAQUE).
_SHOW_AS = {
    "FREE": "free",
    "TENTATIVE": "busy",
    "BUSY": "busy",
    "WORKINGELSEWHERE": "busy",
    "OOF": "away",
}


def show_as(c: Any) -> str:
    """How the event shows the runner's time: ``free``, ``busy``, ``away``, or ``""`` when it
    does not say (RFC 5545's default, opaque, is then the reader's call)."""
    for name in ("X-MICROSOFT-CDO-BUSYSTATUS", "X-MICROSOFT-CDO-INTENDEDSTATUS"):
        status = text_of(c.get(name)).upper()
        if status in _SHOW_AS:
            return _SHOW_AS[status]
    transp = text_of(c.get("TRANSP")).upper()
    return {"OPAQUE": "busy", "TRANSPARENT": "free"}.get(transp, "")


def sort_key(e: CalEvent) -> tuple[Any, ...]:
    """The importer's order of events: by start, end, summary, UID... with times in UTC."""
    # Aware datetimes sharing a tzinfo compare by wall time, which is ambiguous in the hour
    # the clocks go back; UTC is not.
    return (
        e.start.astimezone(dt.UTC),
        e.end.astimezone(dt.UTC),
        e.summary,
        e.uid,
        e.recurrence_id,
        e.source,
        e.all_day,
        e.description,
        e.categories,
        e.transparent,
        e.show_as,
    )


def text_of(value: Any) -> str:
    """A TEXT property as a trimmed string; the first one if written several times."""
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
            name = str(item).strip()
            if name:
                seen.setdefault(name, None)
    return tuple(seen)


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


def _to_zone(value: dt.date | dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A DATE as midnight in ``zone``; a floating DATE-TIME read in it; an aware one moved."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
    return dt.datetime.combine(value, dt.time(), tzinfo=zone)
