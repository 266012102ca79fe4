"""A re-plan's answer as sessions: UIDs and SEQUENCE kept, moved, added or cancelled.

A session that stays keeps its UID and SEQUENCE (SEQUENCE + 1 if its title or text changed);
a moved one keeps its UID with SEQUENCE + 1;
a dropped one is returned in ``cancelled`` (same UID, SEQUENCE + 1, to be written with
STATUS:CANCELLED); a new one gets a fresh UID that no previous session used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from optimizer.calendar.plan_file import PlanEntry
from optimizer.config import PlanOptions
from optimizer.domain import PlanResult, Session, Violation
from optimizer.grid import Grid
from optimizer.pipeline import Loaded, Outcome
from optimizer.replan.spec import Spec


@dataclass(frozen=True)
class ReplanOutcome:
    """A re-plan and what it changed.

    Attributes:
        outcome: the new plan; its sessions carry UID and SEQUENCE (past sessions as they
            were, moved ones with SEQUENCE + 1, new ones with fresh UIDs).
        cancelled: previous sessions the new plan drops (future ones, and missed ones), same
            UID, SEQUENCE + 1, to be emitted with STATUS:CANCELLED.
        kept: previous sessions emitted unchanged in day and time (past ones included).
        moved: previous future sessions at a new day or hour (same UID).
        added: new sessions (fresh UIDs).
        dropped: previous future sessions the new plan no longer has.
    """

    outcome: Outcome
    cancelled: tuple[Session, ...]
    kept: int
    moved: int
    added: int
    dropped: int

    @property
    def changes(self) -> int:
        """Sessions changed for the runner: moved, added and dropped."""
        return self.moved + self.added + self.dropped


def assemble(
    loaded: Loaded,
    opts: PlanOptions,
    grid: Grid,
    spec: Spec,
    active: Sequence[PlanEntry],
    previous_all: Sequence[PlanEntry],
    by_day: dict[dt.date, list[PlanEntry]],
    days: Sequence[int],
    slots: Sequence[int],
    result: PlanResult,
) -> ReplanOutcome:
    from optimizer.calendar.export import session_uid

    problem = loaded.problem
    zone = grid.start_of(0, 0).tzinfo
    length = dt.timedelta(minutes=problem.rules.minutes)
    t = spec.today_index(grid)
    today = spec.today
    chosen = {grid.days[d].date: grid.start_of(d, s) for d, s in zip(days, slots, strict=True)}

    out: dict[str, Session] = {}  # key -> session, for entries carried over
    cancelled: list[Session] = []
    kept = moved = 0
    lost: list[PlanEntry] = []
    taken: set[dt.date] = set()
    for e in active:
        day = e.start.astimezone(zone).date()
        first = by_day[day][0] is e
        if day in spec.missed:
            cancelled.append(replace(e.session(), sequence=e.sequence + 1))
            continue
        if day < today or day in spec.locked:
            out[e.key] = e.session()  # done is done; locked stays
            kept += 1
            taken.add(day)
            continue
        if first and day in chosen and grid.day_index(day) is not None:
            taken.add(day)
            if chosen[day] == e.start.astimezone(zone) and e.end - e.start == length:
                out[e.key] = e.session()
                kept += 1
            else:
                out[e.key] = replace(
                    e.session(),
                    start=chosen[day],
                    end=chosen[day] + length,
                    sequence=e.sequence + 1,
                )
                moved += 1
            continue
        lost.append(e)
    gained = sorted(d for d in chosen if d not in taken)
    # A session that left its day and a day that gained one, close together, are one move.
    pairs = _pair(lost, gained, zone, problem.start)
    added = dropped = 0
    used = {e.uid for e in previous_all}  # cancelled ones too: a UID is never given twice
    for e in lost:
        moved_to = pairs.get(e.key)
        if moved_to is None:
            cancelled.append(replace(e.session(), sequence=e.sequence + 1))
            dropped += 1
            continue
        out[e.key] = replace(
            e.session(),
            start=chosen[moved_to],
            end=chosen[moved_to] + length,
            sequence=e.sequence + 1,
        )
        moved += 1
    paired_days = set(pairs.values())
    fresh: list[Session] = []
    for day in gained:
        if day in paired_days:
            continue
        uid = session_uid(problem, day)
        n = 2
        while uid in used:
            uid = session_uid(problem, day).replace("@", f"-{n}@")
            n += 1
        used.add(uid)
        fresh.append(Session(start=chosen[day], end=chosen[day] + length, uid=uid))
        added += 1

    sessions = sorted([*out.values(), *fresh], key=lambda s: (s.start, s.uid))
    # Only sessions legday wrote (or new ones) get legday's title and text; a coach's keep
    # theirs.
    carried = {e.uid: e for e in active}
    regenerate = {
        s.uid
        for s in sessions
        if s.day >= today
        and s.day not in spec.locked
        and problem.start <= s.day < problem.end
        and (s.uid not in carried or carried[s.uid].by_legday)
    }
    sessions, workouts = _decorate(grid, opts, sessions, result.penalties, regenerate)
    sessions = [_revised(s, carried.get(s.uid)) for s in sessions]
    cancelled.sort(key=lambda s: (s.start, s.uid))
    violations = _violations(problem, grid, spec, sessions, t, result.short_weeks)
    result = replace(result, sessions=tuple(sessions))
    outcome = Outcome(loaded, result, tuple(sessions), tuple(violations), tuple(workouts))
    return ReplanOutcome(outcome, tuple(cancelled), kept, moved, added, dropped)


def _revised(s: Session, before: PlanEntry | None) -> Session:
    """A kept session whose title or text changed is a new revision for subscribers.

    Clients update an event they hold only when its SEQUENCE rises (the exporter moves
    LAST-MODIFIED with it), so new words on the same day and time raise it too, once.
    """
    if before is None or s.sequence > before.sequence:
        return s  # new, or moved (already raised)
    if (s.summary, s.description) == (before.summary, before.description):
        return s
    return replace(s, sequence=before.sequence + 1)


def _pair(
    lost: Sequence[PlanEntry], gained: Sequence[dt.date], zone: Any, monday: dt.date
) -> dict[str, dt.date]:
    """Pair each lost session with a gained day: same plan week first, then within 6 days."""
    free = list(gained)
    out: dict[str, dt.date] = {}

    def week(day: dt.date) -> int:
        return (day - monday).days // 7

    for same_week in (True, False):
        for e in lost:
            if e.key in out:
                continue
            day = e.start.astimezone(zone).date()
            if same_week:
                options = [g for g in free if week(g) == week(day)]
            else:
                options = [g for g in free if abs((g - day).days) <= 6]
            if options:
                best = min(options, key=lambda g: (abs((g - day).days), g))
                out[e.key] = best
                free.remove(best)
    return out


def _decorate(
    grid: Grid,
    opts: PlanOptions,
    sessions: Sequence[Session],
    penalties: Sequence[Any],
    regenerate: set[str],
) -> tuple[list[Session], list[Any]]:
    """Title, workout and reasons for the sessions legday (re)writes, as ``legday plan`` does."""
    from optimizer.explain import why_here
    from optimizer.pipeline import _workouts, describe

    problem = grid.problem
    inside = [s for s in sessions if problem.start <= s.day < problem.end]
    reasons = [w.lines() for w in why_here(grid, inside, penalties, busy_titles=opts.busy_titles)]
    _, workouts = _workouts(grid, inside, opts)
    by_uid = {}
    for s, why, wo in zip(inside, reasons, workouts, strict=True):
        by_uid[s.uid] = (why, wo)
    out = []
    for s in sessions:
        if s.uid not in regenerate:
            out.append(s)
            continue
        why, wo = by_uid[s.uid]
        out.append(describe(s, why, wo))
    return out, [by_uid[s.uid][1] for s in inside]


def _violations(
    problem: Any,
    grid: Grid,
    spec: Spec,
    sessions: Sequence[Session],
    t: int,
    short_weeks: Sequence[int],
) -> list[Violation]:
    """The validator's findings that the re-plan is answerable for (not the past's)."""
    from optimizer.validate import validate

    inside = [s for s in sessions if problem.start <= s.day < problem.end]
    missed_weeks: dict[int, int] = {}
    for day in spec.missed:
        d = grid.day_index(day)
        if d is not None:
            missed_weeks[d // 7] = missed_weeks.get(d // 7, 0) + 1
    out = []
    for v in validate(problem, inside):
        if v.rule == "sessions_per_week" and v.day is not None:
            w = (v.day - problem.start).days // 7
            if w * 7 + 6 < t:
                continue  # a week already done
            if v.bound == "min" and (w in missed_weeks or (w + 1) in short_weeks):
                continue  # lowered by the missed sessions, or short by design (best effort)
        elif v.day is not None and v.day < spec.today:
            continue  # done is done
        out.append(v)
    return out
