"""Why each session is where it is, in a runner's words (solver-free, from the plan itself)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from optimizer import timeline
from optimizer.domain import Penalty, Problem, Run, RunKind, Session

_PAID = {
    "easy_days": "it is an easy-run day: no off day or hard-run day was free for it this week",
    "fresh_legs": "the day before a tough run: no better day was left this week",
    "back_to_back": "the day after a tough run: no better day was left this week",
    "spread": "only the minimum gap from the next session: the week left no wider spacing",
    "prefer_time": "outside your preferred time of day: that was the nearest free time",
}


def session_reasons(
    problem: Problem,
    sessions: Sequence[Session],
    penalties: Sequence[Penalty] = (),
) -> list[tuple[str, ...]]:
    """One tuple of reasons per session (same order as ``sessions``)."""
    runs_by_day: dict[dt.date, list[Run]] = {}
    for run in problem.runs:
        if run.kind.is_run:
            runs_by_day.setdefault(run.day, []).append(run)
    ends = timeline.last_run_end_by_day(problem)
    paid: dict[dt.date, set[str]] = {}
    for p in penalties:
        day = _first_date(p.where)
        if day is not None:
            paid.setdefault(day, set()).add(p.rule)
    ordered = sorted(sessions, key=lambda s: s.start)
    previous: dict[dt.date, dt.date] = {}
    for a, b in zip(ordered, ordered[1:], strict=False):
        previous[b.day] = a.day
    out = []
    for s in sessions:
        day = s.day
        reasons: list[str] = []
        todays = runs_by_day.get(day, [])
        if not todays:
            reasons.append(f"{day:%a}: an off day from running")
        else:
            main = _toughest(todays)
            end = ends.get(day)
            after = f", after it ends at {end:%H:%M}" if end else ""
            if main.kind in (RunKind.HARD, RunKind.LONG, RunKind.RACE):
                reasons.append(
                    f"{day:%a}: same day as your {main.kind.value} run '{main.event.summary}'"
                    f"{after} (run first, then strength; hard days hard)"
                )
            else:
                reasons.append(
                    f"{day:%a}: after your easy run '{main.event.summary}'{after} (run first)"
                )
        if day in previous:
            gap = (day - previous[day]).days
            reasons.append(f"{gap} days after your last session ({previous[day]:%a %d %b})")
        else:
            reasons.append("your first session of the plan: start small")
        tomorrow = runs_by_day.get(day + dt.timedelta(days=1), [])
        tough = [r for r in tomorrow if r.kind in (RunKind.LONG, RunKind.HARD, RunKind.RACE)]
        if not tough:
            what = "an easy run" if tomorrow else "no run"
            reasons.append(f"tomorrow has {what}, so your legs recover")
        reasons.append(f"{s.start:%H:%M}-{s.end:%H:%M} is free in your calendars")
        for rule in sorted(paid.get(day, ())):
            if rule in _PAID:
                reasons.append(_PAID[rule])
        out.append(tuple(reasons))
    return out


def _toughest(runs: Sequence[Run]) -> Run:
    order = {RunKind.RACE: 0, RunKind.LONG: 1, RunKind.HARD: 2, RunKind.EASY: 3}
    return min(runs, key=lambda r: (order.get(r.kind, 9), r.event.start))


def _first_date(where: str) -> dt.date | None:
    for part in where.replace(",", " ").split():
        try:
            return dt.date.fromisoformat(part)
        except ValueError:
            continue
    return None
