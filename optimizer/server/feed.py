"""From source bytes to feed bytes: import, classify, (re-)plan, export.

The feed server reads its sources over HTTP, so it plans from bytes (the importer's
:func:`~optimizer.calendar.read_calendar_bytes`) rather than from paths; otherwise it plans
exactly as ``legday plan`` does (:func:`optimizer.pipeline.plan`).

A re-plan must look like an update to a subscribed calendar, not like a new calendar
(:mod:`optimizer.replan` does the fewest-changes part):

- a session that stays keeps its UID and SEQUENCE (SEQUENCE + 1 when its title or text
  changed, so clients show the new words);
- a session that moves keeps its UID and gets SEQUENCE + 1 (the exporter moves LAST-MODIFIED
  with it);
- a session that is no longer planned is published as STATUS:CANCELLED with SEQUENCE + 1 and
  no description, and stays published so for ``keep_cancelled_days`` (30 by default), so
  clients that keep events they once saw (Outlook, Thunderbird) remove it too, even if they
  were offline at the time; then it leaves the feed (the store remembers its UID and
  SEQUENCE, so a session planned on that day again comes back as a newer revision);
- a new session gets a UID no live event of this feed has (or revives a cancelled one);
- the past stays as it was published.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from optimizer.calendar.plan_file import PlanEntry
from optimizer.config import PlanOptions
from optimizer.domain import CalEvent, Session
from optimizer.pipeline import Loaded, frame
from optimizer.server.store import Entry

CONFIRMED, CANCELLED = "CONFIRMED", "CANCELLED"
KEEP_CANCELLED_DAYS = 30


class PlanError(Exception):
    """The sources were read but no publishable plan came out (one line, for /healthz)."""


@dataclass(frozen=True)
class SourceData:
    """One source's bytes and what to call it in messages."""

    label: str
    body: bytes


@dataclass(frozen=True)
class Built:
    """A rendered feed and what changed against the previous one."""

    body: bytes
    entries: tuple[Entry, ...]
    sessions: int  # confirmed sessions in the feed
    kept: int
    moved: int
    added: int
    dropped: int
    warnings: tuple[str, ...]
    view: bytes | None = None  # the pages' view of the plan (PlanView JSON)
    next_expiry: int | None = None  # when the first published cancellation leaves the feed


def load_sources(
    runs: Sequence[SourceData], busy: Sequence[SourceData], opts: PlanOptions
) -> Loaded:
    """Read calendars held in memory, classify the runs and frame the plan's weeks.

    The same steps as :func:`optimizer.pipeline.load` (both go through
    :func:`optimizer.pipeline.frame`), from bytes instead of paths. With several running
    calendars, the first one's zone is the athlete's unless ``tz`` is set.

    Raises:
        InputError: a source is not a calendar, has no runs, or spans too long.
    """
    return frame(
        lambda **kw: _read_all(runs, **kw),
        (lambda **kw: _read_all(busy, **kw)) if busy else None,
        names=", ".join(s.label for s in runs),
        fallback_name="legday",
        opts=opts,
    )


def _read_all(sources: Sequence[SourceData], *, tz, start, end):
    """Read each source in turn, as ``read_calendars`` reads several files."""
    from optimizer.calendar import ImportResult, read_calendar_bytes

    warnings: list[str] = []
    events: list[CalEvent] = []
    unexpanded: list = []
    calendar_name = None
    for src in sources:
        got = read_calendar_bytes(src.body, src.label, tz=tz, start=start, end=end)
        tz = tz or got.tz
        calendar_name = calendar_name or got.calendar_name
        warnings.extend(got.warnings)
        events.extend(got.events)
        unexpanded.extend(got.unexpanded)
    assert tz is not None  # sources is never empty: the config requires one
    return ImportResult(
        events=tuple(sorted(events, key=_event_order)),
        warnings=tuple(warnings),
        tz=tz,
        calendar_name=calendar_name,
        unexpanded=tuple(unexpanded),
    )


def _event_order(e) -> tuple:
    # A prefix of the importer's own order, in UTC (wall times are ambiguous when the clocks
    # go back): a stable sort keeps one source's events exactly as the importer gave them.
    return (e.start.astimezone(dt.UTC), e.end.astimezone(dt.UTC), e.summary, e.uid)


def build_feed(
    runs: Sequence[SourceData],
    busy: Sequence[SourceData],
    opts: PlanOptions,
    previous: Sequence[Entry],
    *,
    today: dt.date | None = None,
    settings=None,
    now: int | None = None,
    keep_cancelled_days: int = KEEP_CANCELLED_DAYS,
) -> Built:
    """Plan an athlete from their sources and render the feed, carrying the previous one over.

    The first feed is planned as ``legday plan`` plans (same sessions, same bytes); later ones
    are re-plans with the fewest changes (:func:`optimizer.replan.replan`).

    Args:
        runs: the running calendars' bytes.
        busy: the busy calendars' bytes.
        opts: the athlete's plan options.
        previous: every entry of the feed published so far (empty the first time).
        today: the first day that may change (default: today in the athlete's zone).
        settings: solver settings (:class:`optimizer.solver.SolverSettings`).
        now: the time, epoch seconds (default: the clock); cancellations are dated by it.
        keep_cancelled_days: how long a cancellation stays published.

    Returns:
        The feed bytes and its entries.

    Raises:
        InputError: a source cannot be read as a calendar.
        PlanError: no plan keeps the rules, or the plan failed its own validation.
    """
    from optimizer import pipeline
    from optimizer.calendar.export import to_ical
    from optimizer.replan import replan

    loaded = load_sources(runs, busy, opts)
    problem = loaded.problem
    zone = ZoneInfo(problem.tz)
    if today is None:
        today = dt.datetime.now(zone).date()
    entries = [_plan_entry(e, zone) for e in previous]
    if any(not e.cancelled for e in entries):
        again = replan(loaded, opts, entries, today=today, settings=settings)
        outcome, cancelled = again.outcome, list(again.cancelled)
        counts = (again.kept, again.moved, again.added, again.dropped)
    else:
        outcome = pipeline.plan(loaded, opts, settings=settings)
        cancelled = []
        counts = (0, 0, len(outcome.sessions), 0)
    if not outcome.ok:
        raise PlanError(
            f"no plan keeps every rule ({outcome.result.status.value}); "
            "run `legday plan` on the sources to see why"
        )
    if outcome.violations:
        raise PlanError(f"the plan failed its own validation: {outcome.violations[0]}")
    confirmed, cancelled = _keep_cancelled(list(outcome.sessions), cancelled, entries)
    now = int(time.time()) if now is None else now
    since = {e.uid: e.cancelled_at for e in previous if e.status == CANCELLED}
    stamp = {s.uid: since.get(s.uid) or now for s in cancelled}
    keep = keep_cancelled_days * 86_400
    shown = [s for s in cancelled if now - stamp[s.uid] < keep]
    body = to_ical(problem, confirmed, cancelled=shown)
    out = [_entry(s, CONFIRMED) for s in confirmed]
    out += [_entry(replace(s, description=""), CANCELLED, stamp[s.uid]) for s in cancelled]
    out.sort(key=lambda e: (e.start, e.uid))
    expiry = min((stamp[s.uid] + keep for s in shown), default=None)
    from optimizer.render.view import plan_view

    view = plan_view(outcome, confirmed).to_json()
    return Built(body, tuple(out), len(confirmed), *counts, loaded.warnings, view, expiry)


def _keep_cancelled(
    confirmed: list[Session], cancelled: list[Session], previous: Sequence[PlanEntry]
) -> tuple[list[Session], list[Session]]:
    """Go on publishing what was cancelled before; a UID planned again is revived instead.

    A client that was offline when a session was cancelled still has to learn it, so cancelled
    events stay in the feed. The re-plan ignores them, and may give a new session the UID of a
    cancelled one (the same day): that event comes back with a higher SEQUENCE, so the feed
    never holds one UID twice.
    """
    old = {e.uid: e for e in previous if e.cancelled}
    revived = []
    for s in confirmed:
        e = old.pop(s.uid, None)
        revived.append(replace(s, sequence=max(s.sequence, e.sequence + 1)) if e else s)
    now_cancelled = {s.uid for s in cancelled}
    cancelled = cancelled + [e.session() for uid, e in old.items() if uid not in now_cancelled]
    revived.sort(key=lambda s: (s.start, s.uid))
    cancelled.sort(key=lambda s: (s.start, s.uid))
    return revived, cancelled


def _plan_entry(e: Entry, zone: ZoneInfo) -> PlanEntry:
    return PlanEntry(
        uid=e.uid,
        start=dt.datetime.fromisoformat(e.start).astimezone(zone),
        end=dt.datetime.fromisoformat(e.end).astimezone(zone),
        sequence=e.sequence,
        status=e.status,
        summary=e.summary,
        description=e.description,
    )


def _entry(s: Session, status: str, cancelled_at: int | None = None) -> Entry:
    return Entry(
        s.uid,
        s.start.isoformat(),
        s.end.isoformat(),
        s.sequence,
        status,
        s.summary,
        s.description,
        cancelled_at,
    )
