"""From source bytes to feed bytes: import, classify, plan, carry UIDs/SEQUENCE over, export.

The feed server reads its sources over HTTP, so it plans from bytes (the importer's
:func:`~optimizer.importer.read_calendar_bytes`) rather than from paths; otherwise it plans
exactly as ``legday plan`` does (:func:`optimizer.pipeline.plan`).

A re-plan must look like an update to a subscribed calendar, not like a new calendar:

- a session that stays keeps its UID and SEQUENCE (its workout text may change);
- a session that moves keeps its UID and gets SEQUENCE + 1 (the exporter moves LAST-MODIFIED
  with it);
- a session that is no longer planned is published as STATUS:CANCELLED with SEQUENCE + 1, so
  clients that keep events they once saw (Outlook, Thunderbird) remove it too;
- a new session gets a UID never used before in this feed;
- the past stays as it was published.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from optimizer.config import PlanOptions
from optimizer.domain import Busy, InputError, Problem, Session
from optimizer.pipeline import Loaded, monday_of
from optimizer.server.store import Entry

CONFIRMED, CANCELLED = "CONFIRMED", "CANCELLED"


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


def load_sources(
    runs: Sequence[SourceData], busy: Sequence[SourceData], opts: PlanOptions
) -> Loaded:
    """Read calendars held in memory, classify the runs and frame the plan's weeks.

    The same steps as :func:`optimizer.pipeline.load`, from bytes instead of paths.

    Raises:
        InputError: a source is not a calendar, has no runs, or spans too long.
    """
    from optimizer.classify import Keywords, classify
    from optimizer.importer import read_calendar_bytes

    try:
        keywords = Keywords.default().merged(opts.keywords) if opts.keywords else None
    except ValueError as exc:
        raise InputError(f"config: keywords: {exc}") from None
    start = monday_of(opts.start) if opts.start else None
    end = start + dt.timedelta(weeks=opts.weeks) if start and opts.weeks else None
    warnings: list[str] = []
    events = []
    tz = opts.tz
    calendar_name = None
    for src in runs:
        got = read_calendar_bytes(src.body, src.label, tz=tz, start=start, end=end)
        tz = tz or got.tz  # the first calendar's zone is the athlete's, as for `legday plan`
        calendar_name = calendar_name or got.calendar_name
        warnings.extend(got.warnings)
        events.extend(got.events)
    assert tz is not None  # runs is never empty: the config requires one
    read = classify(sorted(events, key=lambda e: (e.start, e.end, e.summary, e.uid)), keywords)
    real = [r for r in read if r.kind.is_run]
    names = ", ".join(s.label for s in runs)
    if not real:
        raise InputError(f"{names}: no runs found in the calendar")
    if start is None:
        start = monday_of(min(r.day for r in real))
    if end is None:
        after = [r.day for r in real if r.day >= start]
        last = max(after) if after else start
        end = start + dt.timedelta(weeks=max(1, math.ceil(((last - start).days + 1) / 7)))
    weeks = (end - start).days // 7
    if weeks > 156:
        raise InputError(f"{names}: the runs span {weeks} weeks; plan at most 156 (set weeks)")
    blocked: list[Busy] = []
    for src in busy:
        got = read_calendar_bytes(src.body, src.label, tz=tz, start=start, end=end)
        warnings.extend(got.warnings)
        blocked.extend(
            Busy(e.start, e.end, e.summary, e.source)
            for e in got.events
            if not e.all_day and not e.transparent
        )
    try:
        problem = Problem(
            start=start,
            weeks=weeks,
            tz=tz,
            runs=tuple(r for r in read if start <= r.day < end),
            busy=tuple(blocked),
            rules=opts.rules(),
            name=opts.name or calendar_name or "legday",
        )
    except ValueError as exc:
        raise InputError(f"{names}: {exc}") from None
    return Loaded(problem, tuple(warnings), calendar_name)


def build_feed(
    runs: Sequence[SourceData],
    busy: Sequence[SourceData],
    opts: PlanOptions,
    previous: Sequence[Entry],
    *,
    today: dt.date | None = None,
    settings=None,
) -> Built:
    """Plan an athlete from their sources and render the feed, carrying the previous one over.

    Args:
        runs: the running calendars' bytes.
        busy: the busy calendars' bytes.
        opts: the athlete's plan options.
        previous: every entry of the feed published so far (empty the first time).
        today: the first day that may change (default: today in the athlete's zone).
        settings: solver settings (:class:`optimizer.solve.SolverSettings`).

    Returns:
        The feed bytes and its entries.

    Raises:
        InputError: a source cannot be read as a calendar.
        PlanError: no plan keeps the rules, or the plan failed its own validation.
    """
    from optimizer import pipeline
    from optimizer.export import to_ical

    loaded = load_sources(runs, busy, opts)
    problem = loaded.problem
    outcome = pipeline.plan(loaded, opts, settings=settings)
    if not outcome.ok:
        raise PlanError(
            f"no plan keeps every rule ({outcome.result.status.value}); "
            "run `legday plan` on the sources to see why"
        )
    if outcome.violations:
        raise PlanError(f"the plan failed its own validation: {outcome.violations[0]}")
    zone = ZoneInfo(problem.tz)
    if today is None:
        today = dt.datetime.now(zone).date()
    confirmed, cancelled, counts = carry_over(
        problem, outcome.sessions, [_session(e, zone) for e in previous], previous, today
    )
    body = to_ical(problem, confirmed, cancelled=cancelled)
    entries = [_entry(s, CONFIRMED) for s in confirmed] + [_entry(s, CANCELLED) for s in cancelled]
    entries.sort(key=lambda e: (e.start, e.uid))
    return Built(body, tuple(entries), len(confirmed), *counts, loaded.warnings)


def carry_over(
    problem: Problem,
    planned: Sequence[Session],
    previous: Sequence[Session],
    previous_entries: Sequence[Entry],
    today: dt.date,
) -> tuple[list[Session], list[Session], tuple[int, int, int, int]]:
    """Give the new plan the previous feed's UIDs and SEQUENCEs.

    Args:
        problem: the new plan's problem (for fresh UIDs).
        planned: the new plan's sessions (UIDs from the day, SEQUENCE 0).
        previous: the previous feed's entries as sessions, same order as ``previous_entries``.
        previous_entries: the previous entries (for their status).
        today: entries before this day stay exactly as they were published.

    Returns:
        (confirmed sessions, cancelled sessions, (kept, moved, added, dropped)).
    """
    status = {e.uid: e.status for e in previous_entries}
    past = [s for s in previous if s.day < today]
    future = [s for s in previous if s.day >= today]
    confirmed = [s for s in past if status[s.uid] == CONFIRMED]
    cancelled = [s for s in past if status[s.uid] == CANCELLED]
    todo = [s for s in planned if s.day >= today]
    was_on = [s for s in future if status[s.uid] == CONFIRMED]
    was_off = [s for s in future if status[s.uid] == CANCELLED]
    used = {s.uid for s in previous}
    kept = moved = added = 0

    # Sessions that did not move keep UID and SEQUENCE. A new workout text alone is not a
    # "significant" change in RFC 5546's sense (time, status), so SEQUENCE stays.
    by_time = {(s.start, s.end): s for s in was_on}
    rest = []
    for s in todo:
        old = by_time.pop((s.start, s.end), None)
        if old is None:
            rest.append(s)
            continue
        confirmed.append(replace(s, uid=old.uid, sequence=old.sequence))
        kept += 1
    # Sessions that moved within their week keep the UID of the one they replace.
    unmatched_old = [s for s in was_on if (s.start, s.end) in by_time]
    week = _week_of(problem)
    new_by_week: dict[int, list[Session]] = defaultdict(list)
    old_by_week: dict[int, list[Session]] = defaultdict(list)
    for s in rest:
        new_by_week[week(s)].append(s)
    for s in unmatched_old:
        old_by_week[week(s)].append(s)
    fresh: list[Session] = []
    dropped: list[Session] = []
    for w in sorted(set(new_by_week) | set(old_by_week)):
        pairs, lone_new, lone_old = _align(old_by_week[w], new_by_week[w])
        for old, new in pairs:
            confirmed.append(replace(new, uid=old.uid, sequence=old.sequence + 1))
            moved += 1
        fresh.extend(lone_new)
        dropped.extend(lone_old)
    # A session on a day whose session was cancelled earlier revives that event.
    off_by_day: dict[dt.date, list[Session]] = defaultdict(list)
    for s in was_off:
        off_by_day[s.day].append(s)
    for s in fresh:
        if off_by_day[s.day]:
            old = off_by_day[s.day].pop(0)
            confirmed.append(replace(s, uid=old.uid, sequence=old.sequence + 1))
        else:
            uid = _fresh_uid(s.uid, used)
            confirmed.append(replace(s, uid=uid, sequence=0))
        used.add(confirmed[-1].uid)
        added += 1
    cancelled.extend(s for ss in off_by_day.values() for s in ss)
    cancelled.extend(replace(s, sequence=s.sequence + 1) for s in dropped)
    confirmed.sort(key=lambda s: (s.start, s.uid))
    cancelled.sort(key=lambda s: (s.start, s.uid))
    return confirmed, cancelled, (kept, moved, added, len(dropped))


def _week_of(problem: Problem):
    def week(s: Session) -> int:
        return (s.day - problem.start).days // 7

    return week


def _align(
    old: list[Session], new: list[Session]
) -> tuple[list[tuple[Session, Session]], list[Session], list[Session]]:
    """Pair old and new sessions of one week in order, as many as possible, least displaced.

    A week has at most seven of each, so a small edit-distance table is exact and cheap.
    """
    old = sorted(old, key=lambda s: s.start)
    new = sorted(new, key=lambda s: s.start)
    skip = 10**9  # leaving one unpaired costs more than any displacement: pair all we can
    n, m = len(old), len(new)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        cost[i][0] = i * skip
    for j in range(1, m + 1):
        cost[0][j] = j * skip
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            shift = abs((new[j - 1].start - old[i - 1].start).total_seconds())
            cost[i][j] = min(cost[i - 1][j] + skip, cost[i][j - 1] + skip,
                             cost[i - 1][j - 1] + shift)
    pairs, lone_old, lone_new = [], [], []
    i, j = n, m
    while i or j:
        if i and j:
            shift = abs((new[j - 1].start - old[i - 1].start).total_seconds())
            if cost[i][j] == cost[i - 1][j - 1] + shift:
                pairs.append((old[i - 1], new[j - 1]))
                i, j = i - 1, j - 1
                continue
        if i and cost[i][j] == cost[i - 1][j] + skip:
            lone_old.append(old[i - 1])
            i -= 1
        else:
            lone_new.append(new[j - 1])
            j -= 1
    return pairs[::-1], lone_new[::-1], lone_old[::-1]


def _fresh_uid(uid: str, used: set[str]) -> str:
    """The day's UID, or a variant of it: a UID once published never names another session."""
    if uid not in used:
        return uid
    head, _, tail = uid.partition("@")
    n = 2
    while f"{head}-{n}@{tail}" in used:
        n += 1
    return f"{head}-{n}@{tail}"


def _session(e: Entry, zone: ZoneInfo) -> Session:
    return Session(
        start=dt.datetime.fromisoformat(e.start).astimezone(zone),
        end=dt.datetime.fromisoformat(e.end).astimezone(zone),
        uid=e.uid,
        summary=e.summary,
        description=e.description,
        sequence=e.sequence,
    )


def _entry(s: Session, status: str) -> Entry:
    return Entry(s.uid, s.start.isoformat(), s.end.isoformat(), s.sequence, status, s.summary,
                 s.description)
