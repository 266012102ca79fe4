"""Export a plan as an iCalendar file (the only writer of .ics), and write files atomically.

The same plan renders to the same bytes: DTSTAMP and LAST-MODIFIED come from the plan
(its first Monday), never the clock; UIDs come from the athlete's name and the session's
date; events are sorted. Subscribed calendars and feed ETags depend on that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from optimizer.domain import Problem, Session

PRODID = "-//legday//legday strength planner//EN"
REFRESH = dt.timedelta(hours=6)
FOLD_OCTETS = 74  # a folded piece is shorter than RFC 5545's 75 octets, as icalendar folds


def session_uid(problem: Problem, day: dt.date) -> str:
    """Stable across re-runs of the same plan, so re-importing never duplicates."""
    key = hashlib.sha256(problem.name.encode("utf-8")).hexdigest()[:10]
    return f"legday-{day:%Y%m%d}-{key}@legday"


def plan_stamp(problem: Problem) -> dt.datetime:
    """DTSTAMP/LAST-MODIFIED of a plan: its first Monday, 00:00 UTC (the plan, not the clock)."""
    return dt.datetime.combine(problem.start, dt.time(0), dt.UTC)


def to_ical(
    problem: Problem,
    sessions: Sequence[Session],
    *,
    cancelled: Sequence[Session] = (),
    calendar_name: str | None = None,
) -> bytes:
    """Render sessions (and, for re-plans, cancelled ones) as a calendar with VTIMEZONE."""
    from zoneinfo import ZoneInfo

    import icalendar

    zone = ZoneInfo(problem.tz)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = calendar_name or f"Strength training ({problem.name})"
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    cal.add("x-wr-timezone", problem.tz)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    stamp = plan_stamp(problem)
    rows = [(s, False) for s in sessions] + [(s, True) for s in cancelled]
    rows.sort(key=lambda r: (r[0].start, r[1], r[0].uid))
    for s, is_cancelled in rows:
        ev = icalendar.Event()
        ev.add("uid", s.uid or session_uid(problem, s.day))
        ev.add("dtstamp", stamp)
        ev.add("last-modified", _last_modified(problem, s, stamp))
        ev.add("sequence", s.sequence)
        ev.add("dtstart", s.start.astimezone(zone))
        ev.add("dtend", s.end.astimezone(zone))
        ev.add("summary", s.summary or f"Strength, {_minutes(s)} min")
        if s.description and not is_cancelled:
            # A cancellation only has to say what it cancels (UID); its text would be dead
            # weight in a feed that keeps cancellations for a while.
            ev.add("description", s.description)
        ev.add("categories", ["Strength", "legday"])
        ev.add("transp", "OPAQUE")
        ev.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
        ev.add("x-legday-plan", problem.name)
        cal.add_component(ev)
    if rows:
        # Only the transitions around the plan, not icalendar's default 1970-2038: one RDATE
        # per change keeps the VTIMEZONE short, readers such as vobject (which takes only
        # the first date of a long RDATE list) get the offsets right, and plans past 2038 work.
        days = [r[0].start.date() for r in rows] + [problem.start, problem.end]
        margin = dt.timedelta(days=7)
        cal.add_missing_timezones(first_date=min(days) - margin, last_date=max(days) + margin)
    return serialise(cal)


def serialise(component: Any) -> bytes:
    """``component.to_ical()``, byte for byte, with long ASCII lines folded by slicing.

    icalendar folds every content line a character at a time (measuring each one's UTF-8
    length), which was the largest cost of writing a plan: a session's workout text is a few
    kilobytes. A line of ASCII text folds the same way by slicing: pieces of 74 octets, a piece
    that would end in an escape character (a backslash, or ``^`` for parameter values) leaves it
    to the next one. Other lines are folded by icalendar itself.
    """
    lines = component.content_lines()
    return b"\r\n".join(_fold(line) for line in lines if line) + b"\r\n"


def _fold(line: Any) -> bytes:
    if not line.isascii():
        return line.to_ical()
    text = str(line)
    if len(text) <= FOLD_OCTETS:
        return text.encode("ascii")
    pieces, i = [], 0
    while len(text) - i > FOLD_OCTETS:
        j = i + FOLD_OCTETS
        if text[j - 1] in "\\^":
            j -= 1
        pieces.append(text[i:j])
        i = j
    pieces.append(text[i:])
    return "\r\n ".join(pieces).encode("ascii")


def _minutes(s: Session) -> int:
    return round((s.end - s.start).total_seconds() / 60)


def _last_modified(problem: Problem, s: Session, stamp: dt.datetime) -> dt.datetime:
    # A re-planned session's SEQUENCE rises; its LAST-MODIFIED moves with it, by a second per
    # revision, so it stays a function of the plan and never of the clock.
    return stamp + dt.timedelta(seconds=s.sequence)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the new one, never a torn one.

    One output alone; a command with several commits them together with
    :class:`optimizer.outputs.Outputs`.
    """
    from optimizer.outputs import Outputs

    outputs = Outputs()
    outputs.add(path, data)
    outputs.commit()
