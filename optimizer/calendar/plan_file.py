"""Read a strength plan (.ics) back into sessions: ours, a coach's hand-made file, another app's.

A plan file is read with icalendar and expanded with recurring-ical-events (a hand-made plan
may say "every Tuesday" with an RRULE). Every VEVENT is one planned session; what legday needs
besides the times is kept per entry: UID and SEQUENCE (a re-plan keeps or raises them), STATUS
(a cancelled entry is not a session), and whether the user locked it (``CATEGORIES`` containing
"locked", or ``X-LEGDAY-LOCKED:TRUE``).

This is an import module, so it may import icalendar; it does so inside the functions, which
keeps ``legday --help`` fast.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from optimizer.calendar.files import read_file
from optimizer.domain import InputError, Session

MAX_BYTES = 16 * 1024 * 1024  # a plan is a few hundred events; anything this big is not one
MAX_ENTRIES = 20_000  # occurrences after expansion (a daily RRULE over three years is ~1100)
DEFAULT_SPAN = dt.timedelta(days=3 * 366)  # how far an open-ended RRULE is expanded


@dataclass(frozen=True)
class PlanEntry:
    """One planned session as a plan file states it.

    ``start``/``end`` are aware datetimes in the zone the file was read in. An all-day entry
    (``DTSTART;VALUE=DATE``, as some coaches write them) starts at local midnight and has
    ``all_day`` set: it names a day but no time.
    """

    uid: str
    start: dt.datetime
    end: dt.datetime
    sequence: int = 0
    status: str = "CONFIRMED"  # upper-case STATUS; CONFIRMED when the file gives none
    locked: bool = False
    summary: str = ""
    description: str = ""
    all_day: bool = False
    recurrence_id: str = ""  # set when the UID names a recurring series: which occurrence
    categories: tuple[str, ...] = ()
    # Written by legday, so a re-plan may rewrite its title and text; read from a file, only
    # when it carries X-LEGDAY-PLAN (a coach's own text is kept).
    by_legday: bool = True

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError(f"plan entry {self.uid!r} has a time without a time zone")
        if self.end <= self.start:
            raise ValueError(f"plan entry {self.summary or self.uid!r} ends before it starts")

    @property
    def day(self) -> dt.date:
        """The day the entry starts, in the zone the file was read in."""
        return self.start.date()

    @property
    def cancelled(self) -> bool:
        """STATUS:CANCELLED: the entry is no session."""
        return self.status == "CANCELLED"

    @property
    def key(self) -> str:
        """What identifies the entry across two versions of a plan: UID (and occurrence)."""
        return f"{self.uid}/{self.recurrence_id}" if self.recurrence_id else self.uid

    def session(self) -> Session:
        """The entry as a legday session (UID, SEQUENCE, title and text kept)."""
        return Session(
            start=self.start,
            end=self.end,
            uid=self.uid,
            summary=self.summary,
            description=self.description,
            sequence=self.sequence,
        )


@dataclass(frozen=True)
class PlanFile:
    """What a plan file holds: its entries (sorted by start, then key) and warnings."""

    entries: tuple[PlanEntry, ...]
    warnings: tuple[str, ...]
    name: str
    prodid: str = ""  # the PRODID of its (first) calendar

    @property
    def by_legday(self) -> bool:
        """Written by legday: its calendar or any entry carries legday's mark."""
        return self.prodid.startswith("-//legday//") or any(e.by_legday for e in self.entries)

    def require_plan(self) -> None:
        """Refuse a file that is not a strength plan (one clear line).

        A file legday wrote is a plan; so is another app's or a coach's file whose every
        session says strength ("Strength A", "Krafttraining", "Gym: legs"...). A running
        calendar given by mistake is not: a plan read from it would cancel or move the
        runner's own runs.

        Raises:
            InputError: the file is not a strength plan.
        """
        if self.by_legday:
            return
        for e in self.active:
            if not says_strength(e):
                raise InputError(
                    f"{self.name}: not a strength plan: no legday mark, and "
                    f"'{e.summary or e.uid}' on {e.start:%a %d %b %Y} is no strength session "
                    f"(is it your running calendar?)"
                )

    @property
    def active(self) -> tuple[PlanEntry, ...]:
        """The entries that are planned sessions (not cancelled)."""
        return tuple(e for e in self.entries if not e.cancelled)


# Words a strength session's title or category says, in the languages legday reads.
_STRENGTH = re.compile(
    r"\b(?:strength|s&c|gym|weights?|weight training|lifting|core|conditioning|circuit|"
    r"kettlebells?|squats?|lunges?|deadlifts?|plank|plyo\w*|legday|"
    r"kraft\w*|fuerza|musculaci[oó]n|gimnasio|pesas|muscu\w*|renforcement|"
    r"forza|palestra|pesi|for[cç]a|muscula[cç][aã]o|academia|kracht\w*|sportschool)\b",
    re.IGNORECASE,
)


def says_strength(e: PlanEntry) -> bool:
    """Whether an entry says it is a strength session (title, categories or text)."""
    return bool(_STRENGTH.search(f"{e.summary}\n{' '.join(e.categories)}\n{e.description}"))


def read_plan(
    path: str | Path,
    *,
    tz: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> PlanFile:
    """Read a plan file.

    Args:
        path: the .ics file.
        tz: the athlete's zone (IANA); every time is converted to it, floating times and
            all-day dates are read in it.
        start: expand recurring entries from this day (default: the first entry's day).
        end: expand recurring entries up to this day, exclusive (default: three years later).
            Single (non-recurring) entries are always read, wherever they lie.

    Returns:
        The file's entries and warnings.

    Raises:
        InputError: the file is missing, unreadable or not a calendar.
    """
    data = read_file(path, limit=MAX_BYTES)
    return read_plan_bytes(data, str(path), tz=tz, start=start, end=end)


def read_plan_bytes(
    data: bytes,
    name: str,
    *,
    tz: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> PlanFile:
    """Read a plan held in memory; see :func:`read_plan`."""
    import icalendar
    import recurring_ical_events
    import x_wr_timezone

    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: too big for a plan (over 16 MB)")
    if not data.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCALENDAR"):
        raise InputError(f"{name}: not an iCalendar file (it does not start with BEGIN:VCALENDAR)")
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise InputError(f"{name}: not a readable iCalendar file ({_first_line(exc)})") from None
    zone = ZoneInfo(tz)
    warnings: list[str] = []
    entries: list[PlanEntry] = []
    prodid = str(calendars[0].get("PRODID", "")) if calendars else ""
    for cal in calendars:
        try:
            # Google's X-WR-TIMEZONE: UTC times that mean wall-clock times in that zone.
            cal = x_wr_timezone.to_standard(cal)
        except Exception as exc:  # noqa: BLE001 - a broken header must not stop the read
            warnings.append(f"{name}: X-WR-TIMEZONE ignored ({_first_line(exc)})")
        events = list(cal.walk("VEVENT"))
        if not events:
            continue
        lo, hi = _horizon(events, zone, start, end)
        try:
            found = recurring_ical_events.of(cal, skip_bad_series=True).between(lo, hi)
            occurrences = list(found)
        except Exception as exc:  # noqa: BLE001 - library errors become one clear line
            raise InputError(f"{name}: cannot expand its events ({_first_line(exc)})") from None
        if len(occurrences) > MAX_ENTRIES:
            raise InputError(f"{name}: more than {MAX_ENTRIES} sessions; not a plan")
        recurring = Counter(str(ev.get("UID", "")) for ev in occurrences)
        for ev in occurrences:
            entry = _entry(ev, zone, name, recurring, warnings)
            if entry is not None:
                entries.append(entry)
    entries.sort(key=lambda e: (e.start, e.key))
    return PlanFile(tuple(entries), tuple(warnings), name, prodid)


def sessions_of(entries: Iterable[PlanEntry]) -> tuple[Session, ...]:
    """The planned (not cancelled) entries as sessions, sorted by start."""
    return tuple(e.session() for e in sorted(entries, key=lambda e: e.start) if not e.cancelled)


@dataclass(frozen=True)
class Change:
    """One session across two versions of a plan: ``moved``, ``changed`` (same start, new
    length), ``added``, ``dropped`` or ``unchanged``; ``old``/``new`` are its entries (None
    where it is absent)."""

    kind: str
    old: PlanEntry | None
    new: PlanEntry | None


def compare(old: Iterable[PlanEntry], new: Iterable[PlanEntry]) -> list[Change]:
    """Match two versions of a plan by UID (and occurrence) and say what happened to each.

    A session the new version cancels (STATUS:CANCELLED) or leaves out is dropped; an entry
    cancelled in both is history and not listed.
    """
    before = {e.key: e for e in old if not e.cancelled}
    after_all = {e.key: e for e in new}
    out = []
    for key, e in before.items():
        n = after_all.get(key)
        if n is None or n.cancelled:
            out.append(Change("dropped", e, n))
        elif n.start != e.start:
            out.append(Change("moved", e, n))
        elif n.end != e.end:
            out.append(Change("changed", e, n))  # same start, another length
        else:
            out.append(Change("unchanged", e, n))
    for key, n in after_all.items():
        if key not in before and not n.cancelled:
            out.append(Change("added", None, n))

    def when(c: Change) -> tuple:
        first = c.new if c.new is not None and not c.new.cancelled else c.old
        assert first is not None
        return (first.start, c.kind, first.key)

    return sorted(out, key=when)


def plan_zone(path: str | Path) -> str | None:
    """The zone a plan file names: X-WR-TIMEZONE, else its first VTIMEZONE with an IANA name."""
    import icalendar

    try:
        data = Path(path).read_bytes()[:MAX_BYTES]
        cals = icalendar.Calendar.from_ical(data, multiple=True)
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None
    names = []
    for cal in cals:
        names.append(str(cal.get("X-WR-TIMEZONE", "")).strip())
        names += [str(tz.get("TZID", "")).strip() for tz in cal.walk("VTIMEZONE")]
    for name in names:
        if not name:
            continue
        try:
            ZoneInfo(name)
        except (KeyError, ValueError):
            continue
        return name
    return None


def _horizon(events: list[Any], zone: ZoneInfo, start: dt.date | None, end: dt.date | None):
    """The span to expand: what was asked, else from the first entry for three years."""
    if start is None:
        firsts = [_as_date(ev.get("DTSTART").dt) for ev in events if ev.get("DTSTART")]
        start = min(firsts) if firsts else dt.date(1970, 1, 1)
    lo = dt.datetime.combine(start, dt.time(0), zone)
    hi = dt.datetime.combine(end, dt.time(0), zone) if end else lo + DEFAULT_SPAN
    return lo, hi


def _entry(
    ev: Any, zone: ZoneInfo, name: str, recurring: Counter, warnings: list[str]
) -> PlanEntry | None:
    uid = str(ev.get("UID", "")).strip()
    summary = str(ev.get("SUMMARY", "")).strip()
    label = summary or uid or "an event"
    raw_start = ev.get("DTSTART")
    if raw_start is None:
        warnings.append(f"{name}: '{label}' has no start; skipped")
        return None
    begin = raw_start.dt
    try:
        finish = ev.end
    except Exception:  # noqa: BLE001 - icalendar raises its own errors for odd DTEND/DURATION
        finish = None
    all_day = not isinstance(begin, dt.datetime)
    if all_day:
        start = dt.datetime.combine(begin, dt.time(0), zone)
        is_date = isinstance(finish, dt.date) and not isinstance(finish, dt.datetime)
        last = finish if is_date else None
        end = (
            dt.datetime.combine(last, dt.time(0), zone)
            if last and last > begin
            else (start + dt.timedelta(days=1))
        )
    else:
        start = _in_zone(begin, zone)
        end = _in_zone(finish, zone) if isinstance(finish, dt.datetime) else start
        if end <= start:
            warnings.append(f"{name}: '{label}' on {start:%Y-%m-%d} has no length; skipped")
            return None
    if not uid:
        # A hand-made file may omit UIDs; the start names the entry then (stable per file).
        uid = f"no-uid-{start:%Y%m%dT%H%M}"
        warnings.append(f"{name}: '{label}' on {start:%Y-%m-%d} has no UID")
    rid = ""
    if recurring[uid] > 1:
        # Occurrences of one series share the UID; RECURRENCE-ID (set by the expansion, and
        # kept by a moved occurrence) tells them apart.
        original = ev.get("RECURRENCE-ID")
        when = original.dt if original is not None else begin
        rid = (
            f"{_in_zone(when, zone):%Y%m%dT%H%M}"
            if isinstance(when, dt.datetime)
            else f"{when:%Y%m%d}"
        )
    status = str(ev.get("STATUS", "CONFIRMED")).strip().upper() or "CONFIRMED"
    try:
        sequence = int(ev.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        warnings.append(f"{name}: '{label}' has an unreadable SEQUENCE; read as 0")
        sequence = 0
    return PlanEntry(
        uid=uid,
        start=start,
        end=end,
        sequence=max(0, sequence),
        status=status,
        locked=_locked(ev),
        summary=summary,
        description=str(ev.get("DESCRIPTION", "")),
        all_day=all_day,
        recurrence_id=rid,
        by_legday=ev.get("X-LEGDAY-PLAN") is not None,
        categories=tuple(str(c) for c in ev.categories),
    )


def _locked(ev: Any) -> bool:
    flag = str(ev.get("X-LEGDAY-LOCKED", "")).strip().upper()
    if flag in ("TRUE", "YES", "1"):
        return True
    return any(c.strip().lower() == "locked" for c in ev.categories)


def _in_zone(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    # A floating time means wall-clock time wherever the athlete is.
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else exc.__class__.__name__
