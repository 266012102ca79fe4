"""The solver-free validator: every hard rule restated in plain Python, on datetimes.

It judges any list of sessions (ours, a coach's, a hand-made one) against a problem and
returns the violations in plain words. It shares with the model only the definition of
what blocks time (``optimizer.timeline``), never the grid or the solver.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from optimizer import timeline
from optimizer.domain import Level, Problem, RunKind, Session, Violation


def validate(problem: Problem, sessions: Sequence[Session]) -> list[Violation]:
    """Every broken hard rule, sorted by day then rule. Empty means the plan holds."""
    rules = problem.rules
    out: list[Violation] = []
    # Judge every session on the athlete's calendar: a plan read from a file may be in UTC
    # (Google writes UTC), and 20:30 in New York is already tomorrow in UTC.
    zone = _zone(problem)
    mine = sorted(
        (replace(s, start=s.start.astimezone(zone), end=s.end.astimezone(zone)) for s in sessions),
        key=lambda s: s.start,
    )
    inside = [s for s in mine if problem.start <= s.day < problem.end]
    for s in mine:
        if s not in inside:
            out.append(Violation("horizon", s.day, "session outside the plan's weeks"))
    by_day: dict[dt.date, list[Session]] = defaultdict(list)
    for s in inside:
        by_day[s.day].append(s)
    for day, same in by_day.items():
        if len(same) > 1:
            out.append(Violation("recovery_gap", day, f"{len(same)} sessions on one day"))

    def on(rule: str) -> bool:
        return rules.enabled(rule)

    if on("sessions_per_week"):
        counts = [0] * problem.weeks
        for s in inside:
            counts[timeline.week_of(problem, s.day)] += 1
        minimums = timeline.week_minimums(problem)
        for w, n in enumerate(counts):
            monday = problem.start + dt.timedelta(weeks=w)
            if n < minimums[w]:
                out.append(
                    Violation(
                        "sessions_per_week",
                        monday,
                        f"week {w + 1} has {n} session(s), fewer than {minimums[w]}",
                    )
                )
            if n > rules.sessions_max:
                out.append(
                    Violation(
                        "sessions_per_week",
                        monday,
                        f"week {w + 1} has {n} sessions, more than {rules.sessions_max}",
                    )
                )

    if on("recovery_gap"):
        days = sorted(by_day)
        for a, b in zip(days, days[1:], strict=False):
            if (b - a).days < rules.min_gap_days:
                out.append(
                    Violation(
                        "recovery_gap",
                        b,
                        f"only {(b - a).days} day(s) after the session on {a:%a %Y-%m-%d} "
                        f"(at least {rules.min_gap_days} wanted)",
                    )
                )

    kinds = timeline.run_kinds_by_day(problem)
    if on("no_strength_after_long_run") and rules.no_strength_after_long_run:
        for day in by_day:
            if RunKind.LONG in kinds.get(day, ()):
                out.append(
                    Violation("no_strength_after_long_run", day, "strength on a long-run day")
                )
            elif RunKind.LONG in kinds.get(day - dt.timedelta(days=1), ()):
                out.append(
                    Violation(
                        "no_strength_after_long_run", day, "strength the day after the long run"
                    )
                )

    if on("run_days"):
        ends = timeline.last_run_end_by_day(problem)
        for day, same in by_day.items():
            if not kinds.get(day):
                continue
            if rules.level is Level.BEGINNER:
                out.append(Violation("run_days", day, "a beginner keeps strength off run days"))
            else:
                for s in same:
                    if day in ends and s.start < ends[day]:
                        out.append(
                            Violation(
                                "run_days",
                                day,
                                f"strength at {s.start:%H:%M} before the run ends at "
                                f"{ends[day]:%H:%M} (run first, then strength)",
                            )
                        )

    if on("race_window"):
        races = timeline.race_days(problem)
        for day in by_day:
            for race in races:
                if -rules.race_after_days <= (race - day).days <= rules.race_before_days:
                    out.append(
                        Violation(
                            "race_window",
                            day,
                            f"strength within {rules.race_before_days} days before or "
                            f"{rules.race_after_days} after the race on {race:%a %Y-%m-%d}",
                        )
                    )
                    break

    if on("time_slots"):
        out.extend(_time_slot_violations(problem, inside))

    out.sort(key=lambda v: (v.day or dt.date.min, v.rule, v.message))
    return out


def _time_slot_violations(problem: Problem, sessions: Sequence[Session]) -> list[Violation]:
    rules = problem.rules
    out = []
    blocks = timeline.blocks(problem)
    w_start = rules.window_start.hour * 60 + rules.window_start.minute
    w_end = rules.window_end.hour * 60 + rules.window_end.minute
    for s in sessions:
        local_start = s.start.astimezone(_zone(problem))
        local_end = s.end.astimezone(_zone(problem))
        begin = local_start.hour * 60 + local_start.minute
        length = (s.end - s.start).total_seconds() / 60
        if length != rules.minutes:
            out.append(
                Violation("time_slots", s.day, f"lasts {length:g} minutes, not {rules.minutes}")
            )
        if begin % rules.slot_minutes or local_start.second:
            out.append(
                Violation(
                    "time_slots",
                    s.day,
                    f"starts at {local_start:%H:%M}, off the {rules.slot_minutes}-minute grid",
                )
            )
        end_min = begin + length
        if begin < w_start or end_min > w_end or local_end.date() != local_start.date():
            out.append(
                Violation(
                    "time_slots",
                    s.day,
                    f"{local_start:%H:%M}-{local_end:%H:%M} is outside the window "
                    f"{rules.window_start:%H:%M}-{rules.window_end:%H:%M}",
                )
            )
        for b in blocks:
            if b.start < s.end and s.start < b.end:
                out.append(
                    Violation("time_slots", s.day, f"{local_start:%H:%M} overlaps '{b.label}'")
                )
    return out


def _zone(problem: Problem):
    from zoneinfo import ZoneInfo

    return ZoneInfo(problem.tz)
