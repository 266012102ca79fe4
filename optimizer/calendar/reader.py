"""One pre-scanned VCALENDAR read into CalEvents with icalendar and recurring-ical-events.

:class:`CalendarReader` parses the blocks the horizon keeps, makes every VEVENT safe to
expand (broken values dropped with a warning, every TZID resolved by
:mod:`optimizer.calendar.zones`, Google's X-WR-TIMEZONE applied with
``x_wr_timezone.to_standard``, floating times read in the athlete's zone), groups them into
series, reads single events directly and expands recurring ones behind the guards of
:mod:`optimizer.calendar.expand`. Cancelled occurrences are skipped.

icalendar, recurring_ical_events and x_wr_timezone are imported inside the methods that use
them, so importing this module stays cheap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import warnings as pywarnings
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from optimizer.calendar.blocks import Block
from optimizer.calendar.bounds import move_starts, walk_rules
from optimizer.calendar.events import Unexpanded, sort_key, text_of, to_event
from optimizer.calendar.expand import (
    FILE_EXPAND_SECONDS,
    MAX_OCCURRENCES_PER_EVENT,
    MAX_OCCURRENCES_PER_FILE,
    SERIES_SECONDS,
    Series,
    TimeUp,
    expand_series,
    guard,
    one_per_slot,
    sequence,
    series_calendar,
)
from optimizer.calendar.horizon import kept_blocks
from optimizer.calendar.prescan import CalText, quote
from optimizer.calendar.vtimezone import vtimezone_zone
from optimizer.calendar.zones import resolve_tzid
from optimizer.domain import CalEvent, InputError

MAX_KEPT_EVENTS = 30_000  # VEVENTs touching the horizon, parsed by icalendar at ~1 ms each

TimeFix = Callable[[dt.datetime, str | None], dt.datetime]  # (value, its TZID) -> value


class CalendarReader:
    """Reads one VCALENDAR (as pre-scanned text) into CalEvents.

    Args:
        label: the path as given, for errors.
        name: the file's name, for warnings and ``CalEvent.source``.
        cal_text: the pre-scanned calendar.
        zone_name: the athlete's zone (IANA).
        zone: the same, as a ZoneInfo.
        horizon: [start, end) in days; None: read the calendar's name only.
        prefilter: drop, as text, the blocks that cannot touch the horizon.
    """

    def __init__(
        self,
        label: str,
        name: str,
        cal_text: CalText,
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
        self.unexpanded: list[Unexpanded] = []  # valid series that could not be expanded

    def warn(self, label: str, problem: str) -> None:
        """Note a problem with one event, by its summary (or UID)."""
        self.warnings.append(f"{self.name}: event {quote(label)} {problem}")

    def _not_expanded(self, s: Series, first: CalEvent | None, why: str) -> None:
        """A valid series that could not be expanded: warned about, and reported to the
        caller, who must not plan as if it were not there (a run, busy time)."""
        self.warn(s.label, f"{why}; skipped")
        if first is not None:
            self.unexpanded.append(Unexpanded(first, why))

    # ----------------------------------------------------------------- parse

    def read(self) -> list[CalEvent]:
        """The calendar's occurrences touching the horizon (unsorted); sets ``calendar_name``.

        Raises:
            InputError: more than :data:`MAX_KEPT_EVENTS` events touch the horizon.
        """
        blocks = self.text.blocks
        if self.horizon is not None and self.prefilter:
            blocks = kept_blocks(self.text, self.horizon)
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

    def _parse(self, blocks: list[Block]) -> Any:
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

    def _normalise(self, calendar: Any) -> list[Series]:
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
            zone = resolve_tzid(xwr, self.text.zones)
            if zone is None:
                self.warnings.append(
                    f"{self.name}: calendar time zone X-WR-TIMEZONE {xwr!r} is unknown; ignored"
                )
            else:
                # Google writes UTC times and means them in X-WR-TIMEZONE: a weekly 7:00 run
                # stays at 7:00 across daylight saving time only when expanded in that zone.
                calendar = self._in_calendar_zone(calendar, ZoneInfo(zone))
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
                components = one_per_slot(components)
            labels = sorted(text_of(c.get("SUMMARY")) or uid for c in components)
            series.append(Series(uid, components, labels[0], recurring))
        series.sort(key=lambda s: s.uid)
        return series

    def _in_calendar_zone(self, calendar: Any, zone: ZoneInfo) -> Any:
        """``x_wr_timezone.to_standard``; event by event if a time cannot be moved (a DTEND
        at 9999-12-31T23:59:59Z is past the year 9999 in Europe/Berlin): that event is
        skipped with a warning, the others are read."""
        import icalendar
        import x_wr_timezone

        try:
            return x_wr_timezone.to_standard(calendar, timezone=zone)
        except (OverflowError, ValueError):
            pass
        out = icalendar.Calendar()
        for key, value in calendar.items():
            out[key] = value
        for event in calendar.subcomponents:
            one = icalendar.Calendar()
            for key, value in calendar.items():
                one[key] = value
            one.add_component(event)
            try:
                moved = x_wr_timezone.to_standard(one, timezone=zone)
            except (OverflowError, ValueError) as e:
                label = text_of(event.get("SUMMARY")) or text_of(event.get("UID"))
                self.warn(label, f"has a time legday cannot handle ({_first_line(e)}); skipped")
                continue
            for component in moved.subcomponents:
                out.add_component(component)
        return out

    def _fix_event(self, event: Any) -> bool:
        """Make one VEVENT safe for recurring-ical-events; False if it cannot be used."""
        from icalendar.prop import vDDDTypes

        summary = text_of(event.get("SUMMARY"))
        for key in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "UID", "SUMMARY"):
            value = event.get(key)
            if isinstance(value, list):  # a property written twice: the first one counts
                event[key] = value[0]
        start = event.get("DTSTART")
        uid = text_of(event.get("UID"))
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
        self._drop_broken_times(event, label)
        self._drop_broken_lists(event, label)
        rules = event.get("RRULE")
        if rules is not None:
            rules = rules if isinstance(rules, list) else [rules]
            if any(_is_broken(r) for r in rules):
                self.warn(label, "has a broken RRULE; skipped")
                return False
        self._visit_times(event, lambda value, tzid: self._resolve_value(value, tzid, uid))
        return True

    def _drop_broken_times(self, event: Any, label: str) -> None:
        """A DTEND or DURATION that cannot be read goes (with a warning), as does one of the
        wrong kind (a DTEND without a date, a DURATION that is no length)."""
        from icalendar.prop import vDDDTypes

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

    def _drop_broken_lists(self, event: Any, label: str) -> None:
        """EXDATE and RDATE keep only the values that can be read (with a warning if any go)."""
        from icalendar.prop import vDDDLists

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

    def _visit_times(self, event: Any, fix: TimeFix) -> None:
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
        zone_name = resolve_tzid(tzid, self.text.zones)
        if zone_name is None:
            # Outlook's "Customized Time Zone": no one knows the name, the file defines it.
            defined = self._defined_zone(tzid)
            if defined is not None:
                return value.replace(tzinfo=defined)
            self.unknown_zones[uid].add(tzid)
            zone_name = self.zone_name
        # The digits as written, in the zone the TZID names (icalendar may have attached a
        # zone of its own, or none for a TZID it did not know).
        return value.replace(tzinfo=ZoneInfo(zone_name))

    def _defined_zone(self, tzid: str) -> dt.tzinfo | None:
        """The zone the calendar's own VTIMEZONE defines for ``tzid``, if legday reads it."""
        text = self.text.definitions.get(tzid)
        if text is None:
            text = self.text.definitions.get(tzid.strip().strip('"'))
        return vtimezone_zone(tzid, text) if text is not None else None

    def _floating_to_zone(self, value: dt.datetime, tzid: str | None) -> dt.datetime:
        return value.replace(tzinfo=self.zone) if value.tzinfo is None else value

    # ----------------------------------------------------------------- expand

    def _expand(self, series: list[Series]) -> list[CalEvent]:
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
                top = max(sequence(c) for c in s.components)
                chosen = [c for c in s.components if sequence(c) == top]
                events = self._convert(s, chosen, h_start, h_end)
                self._note(s, events)
                result.extend(events)
        skipped = 0
        why = ""
        for s in series:
            if not s.recurring:
                continue
            if (
                self.occurrences >= MAX_OCCURRENCES_PER_FILE
                or self.expand_seconds > FILE_EXPAND_SECONDS
            ):
                why = why or (
                    f"more than {MAX_OCCURRENCES_PER_FILE} occurrences in the horizon"
                    if self.occurrences >= MAX_OCCURRENCES_PER_FILE
                    else f"more than {FILE_EXPAND_SECONDS:.0f} s of expanding"
                )
                skipped += 1
                first = self._first(s)
                if first is not None:
                    self.unexpanded.append(Unexpanded(first, f"not expanded: the file had {why}"))
                continue
            result.extend(self._expand_one(s, q_start, q_end, h_start, h_end))
        if skipped:
            self.warnings.append(f"{self.name}: {why}; {skipped} repeating events were skipped")
        return result

    def _expand_one(
        self,
        s: Series,
        q_start: dt.datetime,
        q_end: dt.datetime,
        h_start: dt.datetime,
        h_end: dt.datetime,
    ) -> list[CalEvent]:
        first = self._first(s)  # as written: move_starts moves DTSTART

        def refused(label: str, problem: str, costly: bool) -> None:
            if costly:
                self._not_expanded(s, first, problem.removesuffix("; skipped"))
            else:
                self.warn(label, problem)

        move_starts(s.components, q_start)
        window = guard(s, q_start, q_end, self.zone, refused)
        if window is None:
            return []
        w_end, step = window
        walk_rules(s.components, q_start, q_end, MAX_OCCURRENCES_PER_EVENT + 1)
        calendar = series_calendar(s)
        try:
            found, w_end, cpu = expand_series(calendar, s.components, q_start, q_end, w_end, step)
            self.expand_seconds += cpu
        except TimeUp:
            self.expand_seconds += SERIES_SECONDS
            self._not_expanded(s, first, f"took over {SERIES_SECONDS:.0f} s to expand")
            return []
        except Exception as e:
            if type(e).__name__ == "BadRuleStringFormat":
                # It says "UNTIL parameter is missing: <rule>" for any rule dateutil refused.
                problem = f"has an RRULE that cannot be read ({str(e).rsplit(': ', 1)[-1]})"
                self.warn(s.label, f"{problem}; skipped")
            else:
                self._not_expanded(s, first, f"cannot be expanded ({_first_line(e)})")
            return []
        events = self._convert(s, found, h_start, h_end)
        if len(events) > MAX_OCCURRENCES_PER_EVENT or w_end < q_end:
            events.sort(key=sort_key)
            del events[MAX_OCCURRENCES_PER_EVENT:]
            self.warn(
                s.label,
                f"repeats more than {MAX_OCCURRENCES_PER_EVENT} times in the horizon; "
                f"only the first {MAX_OCCURRENCES_PER_EVENT} were read",
            )
        self._note(s, events)
        self.occurrences += len(events)
        return events

    # ----------------------------------------------------------------- convert

    def _convert(
        self, s: Series, found: list[Any], h_start: dt.datetime, h_end: dt.datetime
    ) -> list[CalEvent]:
        events = []
        for c in found:
            if text_of(c.get("STATUS")).upper() == "CANCELLED":
                continue
            try:
                event = to_event(s, c, self.zone, self.name)
            except (OverflowError, ValueError) as e:  # DURATION:P99999999W and the like
                self.warn(s.label, f"has a time legday cannot handle ({_first_line(e)}); skipped")
                continue
            if event.start < h_end and (
                event.end > h_start or (event.start == event.end and event.start >= h_start)
            ):
                events.append(event)
        return events

    def _first(self, s: Series) -> CalEvent | None:
        """A series' first occurrence as written (its master's DTSTART), or None."""
        masters = [c for c in s.components if "RECURRENCE-ID" not in c] or s.components
        try:
            return to_event(s, masters[0], self.zone, self.name)
        except (OverflowError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _note(self, s: Series, events: list[CalEvent]) -> None:
        """Warn about a series' unknown zones, only if it has occurrences to show."""
        if events and s.uid in self.unknown_zones:
            for tzid in sorted(self.unknown_zones[s.uid]):
                self.warn(s.label, f"uses unknown time zone {tzid!r}; read in {self.zone_name}")


def _wrap(block: Block) -> Iterator[str]:
    yield "BEGIN:VEVENT"
    yield from block.lines
    yield "END:VEVENT"


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return (lines[0] if lines else type(error).__name__)[:120]


def _is_broken(value: Any) -> bool:
    from icalendar.prop import vBroken

    return isinstance(value, vBroken)


def _map_time(value: Any, tzid: str | None, fix: TimeFix) -> Any:
    if isinstance(value, tuple):  # an RDATE PERIOD: (start, end or duration)
        return tuple(_map_time(v, tzid, fix) for v in value)
    if isinstance(value, dt.datetime):
        return fix(value, tzid)
    return value
