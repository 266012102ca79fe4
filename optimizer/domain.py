"""Domain objects: what a runner's plan, calendar and rules are, free of any library.

Small frozen dataclasses that check themselves in ``__post_init__`` and raise
``ValueError`` with a message a runner understands. Nothing here imports
icalendar, ortools or pandas.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class RunKind(StrEnum):
    """How a calendar event was read."""

    LONG = "long"
    HARD = "hard"
    EASY = "easy"
    RACE = "race"
    OTHER = "other"  # not a run: rest, cross-training, yoga, existing strength, meetings

    @property
    def is_run(self) -> bool:
        return self is not RunKind.OTHER


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Prefer(StrEnum):
    """Preferred time of day for strength sessions."""

    MORNING = "morning"
    MIDDAY = "midday"
    EVENING = "evening"

    @property
    def band(self) -> tuple[dt.time, dt.time]:
        return {
            Prefer.MORNING: (dt.time(6, 0), dt.time(9, 0)),
            Prefer.MIDDAY: (dt.time(11, 0), dt.time(14, 0)),
            Prefer.EVENING: (dt.time(17, 0), dt.time(20, 30)),
        }[self]


@dataclass(frozen=True)
class CalEvent:
    """One occurrence of a calendar event, already expanded and in the athlete's zone.

    ``start``/``end`` are timezone-aware datetimes in the athlete's zone. For
    all-day events ``all_day`` is True, ``start`` is local midnight of the first
    day and ``end`` local midnight after the last day (DTEND is exclusive).
    """

    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    all_day: bool = False
    description: str = ""
    categories: tuple[str, ...] = ()
    source: str = ""  # file name or URL it came from
    recurrence_id: str = ""  # set for expanded occurrences of a recurring event
    transparent: bool = False  # TRANSP:TRANSPARENT: shown as free time
    # How the event shows the runner's time, when it says: "free", "busy" or "away"
    # (Outlook's X-MICROSOFT-CDO-BUSYSTATUS: OOF is away; else TRANSP); "" when unsaid.
    show_as: str = ""

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError(f"event {self.summary!r} has a time without a time zone")
        if self.end < self.start:
            raise ValueError(f"event {self.summary!r} ends before it starts")

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60.0

    @property
    def day(self) -> dt.date:
        return self.start.date()


class RacePriority(StrEnum):
    """How much a race matters: the goal race gets the full race window, a tune-up a short one."""

    GOAL = "goal"
    TUNE_UP = "tune-up"


@dataclass(frozen=True)
class Run:
    """A calendar event as legday read it: its kind, distance and why.

    Attributes:
        event: the calendar event.
        kind: how it was read.
        distance_km: the distance it states, if any.
        reason: why, in a runner's words (e.g. 'title says "tempo"').
        language: the language of the words that decided it (``en``, ``es``, ``de``...), or
            empty when no words did (a distance, a duration, the week's shape).
        priority: for a race, how much it matters (set by its words, the config, or the plan:
            by default the plan's last and longest race is the goal race).
    """

    event: CalEvent
    kind: RunKind
    distance_km: float | None = None
    reason: str = ""
    language: str = ""
    priority: RacePriority | None = None

    @property
    def day(self) -> dt.date:
        return self.event.day


@dataclass(frozen=True)
class Busy:
    """A block of time the athlete cannot train (work, meetings, other events).

    ``away`` is set for whole days away (a trip, out of office, a busy all-day event): why,
    in a runner's words.
    """

    start: dt.datetime
    end: dt.datetime
    summary: str = ""
    source: str = ""
    away: str = ""

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError(f"busy block {self.summary!r} has a time without a time zone")
        if self.end < self.start:
            raise ValueError(f"busy block {self.summary!r} ends before it starts")


# Objective weights. Integers: CP-SAT works on integers. The unit is "one slot
# (15 minutes) away from your habit"; everything else is a multiple of it.
DEFAULT_WEIGHTS: dict[str, int] = {
    "volume": 100,  # each session short of the week's target (or over it while ramping up)
    "easy_days": 60,  # a session on an easy-run day (hard days hard, easy days easy)
    # a beginner's session on an easy-run day: far above any other day's costs, so only a
    # week with no two free days gets one
    "separate_days": 500,
    "fresh_legs": 80,  # a session the day before a long run, hard run or race
    "back_to_back": 40,  # a session the day after a hard or long run
    "spread": 30,  # two sessions with only the minimum gap between them
    "habit_day": 12,  # a weekday used one week and not the next (or the reverse)
    "habit_time": 2,  # each 15 minutes away from that weekday's usual time
    "prefer": 3,  # each 15 minutes outside the preferred time of day
}


@dataclass(frozen=True)
class Rules:
    """The athlete's rules and options; defaults follow coaching guidance for runners."""

    sessions_min: int = 2
    sessions_max: int = 3
    min_gap_days: int = 2
    no_strength_after_long_run: bool = True
    level: Level = Level.INTERMEDIATE
    race_before_days: int = 7  # the goal race's window
    race_after_days: int = 2
    tune_up_before_days: int = 3  # a tune-up race's shorter window
    tune_up_after_days: int = 1
    window_start: dt.time = dt.time(6, 0)
    window_end: dt.time = dt.time(21, 0)
    minutes: int = 30
    prefer: Prefer | None = None
    slot_minutes: int = 15
    ramp_weeks: int = 2  # start small: the first weeks aim at sessions_min
    all_day_run_start: dt.time = dt.time(7, 0)  # when an all-day run is assumed to happen
    # ... on these weekdays (Mon=0) at these times instead (--run-time Mon=18:00,Sat=08:00)
    run_times: tuple[tuple[int, dt.time], ...] = ()
    gap_after_run: int = 30  # minutes between a run's end and strength (shower, food, travel)
    disabled: frozenset[str] = frozenset()  # rule names switched off
    weights: tuple[tuple[str, int], ...] = tuple(sorted(DEFAULT_WEIGHTS.items()))

    def __post_init__(self) -> None:
        if not 0 <= self.sessions_min <= self.sessions_max <= 7:
            raise ValueError(
                f"sessions must be MIN-MAX with 0 <= MIN <= MAX <= 7, got "
                f"{self.sessions_min}-{self.sessions_max}"
            )
        if not 1 <= self.min_gap_days <= 7:
            raise ValueError(f"min gap must be 1 to 7 days, got {self.min_gap_days}")
        if self.slot_minutes not in (5, 10, 15, 20, 30, 60):
            raise ValueError(f"slot length must divide an hour, got {self.slot_minutes} minutes")
        if not 10 <= self.minutes <= 180:
            raise ValueError(f"session length must be 10 to 180 minutes, got {self.minutes}")
        if self.window_end <= self.window_start:
            raise ValueError(
                f"the daily window must end after it starts, got "
                f"{self.window_start:%H:%M}-{self.window_end:%H:%M}"
            )
        span = _minutes(self.window_end) - _minutes(self.window_start)
        if span < self.minutes:
            raise ValueError(
                f"a {self.minutes}-minute session does not fit the window "
                f"{self.window_start:%H:%M}-{self.window_end:%H:%M}"
            )
        if _minutes(self.window_start) % self.slot_minutes:
            raise ValueError(f"the window must start on the {self.slot_minutes}-minute grid")
        if (
            min(
                self.race_before_days,
                self.race_after_days,
                self.tune_up_before_days,
                self.tune_up_after_days,
            )
            < 0
        ):
            raise ValueError("race window days cannot be negative")
        if not 0 <= self.gap_after_run <= 240:
            raise ValueError(
                f"the gap after a run must be 0 to 240 minutes, got {self.gap_after_run}"
            )
        unknown = {k for k, _ in self.weights} - set(DEFAULT_WEIGHTS)
        if unknown:
            raise ValueError(f"unknown weight(s): {', '.join(sorted(unknown))}")

    @property
    def weight(self) -> dict[str, int]:
        return dict(self.weights)

    def run_time(self, weekday: int) -> dt.time:
        """When the runner runs on ``weekday`` (Mon=0): where an all-day run is placed."""
        return dict(self.run_times).get(weekday, self.all_day_run_start)

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


MAX_WEEKS = 520  # ten years: the longest plan legday makes


@dataclass(frozen=True)
class Problem:
    """Everything the optimizer needs: the horizon, the runs, the busy time and the rules."""

    start: dt.date  # a Monday
    weeks: int
    tz: str  # IANA zone name of the athlete
    runs: tuple[Run, ...]
    busy: tuple[Busy, ...] = ()
    rules: Rules = field(default_factory=Rules)
    name: str = "legday"  # athlete or plan name; seeds stable UIDs

    def __post_init__(self) -> None:
        if self.start.weekday() != 0:
            raise ValueError(f"the plan must start on a Monday, got {self.start:%a %Y-%m-%d}")
        if not 1 <= self.weeks <= MAX_WEEKS:
            raise ValueError(f"a plan is 1 to {MAX_WEEKS} weeks long, got {self.weeks}")

    @property
    def days(self) -> int:
        return self.weeks * 7

    @property
    def end(self) -> dt.date:
        """The first day after the plan."""
        return self.start + dt.timedelta(days=self.days)


@dataclass(frozen=True)
class Session:
    """One planned strength session."""

    start: dt.datetime
    end: dt.datetime
    uid: str = ""
    reasons: tuple[str, ...] = ()
    summary: str = ""
    description: str = ""
    sequence: int = 0

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("a session needs zoned start and end times")
        if self.end <= self.start:
            raise ValueError(f"session on {self.start:%Y-%m-%d} ends before it starts")

    @property
    def day(self) -> dt.date:
        return self.start.date()


class SolveStatus(StrEnum):
    """legday's own solver status; nothing outside the solve step sees CP-SAT's."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Penalty:
    """One paid soft goal: its rule, where, and how much it cost.

    Attributes:
        rule: the soft rule.
        where: its name in reports (e.g. ``week=3``, ``2026-03-04``); never parsed.
        cost: what it cost (weight x amount).
        days: the days whose sessions pay it.
        aspect: which part of the rule, for rules with several (``habit``: day or time).
    """

    rule: str
    where: str
    cost: int
    days: tuple[dt.date, ...] = ()
    aspect: str = ""


@dataclass(frozen=True)
class PlanResult:
    status: SolveStatus
    sessions: tuple[Session, ...]
    objective: float | None = None
    best_bound: float | None = None
    solve_seconds: float = 0.0
    build_seconds: float = 0.0
    penalties: tuple[Penalty, ...] = ()
    short_weeks: tuple[int, ...] = ()  # weeks below MIN (only with best effort)
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Violation:
    """A broken rule found by the solver-free validator.

    Attributes:
        rule: the rule broken.
        day: the day it is broken on (a week's Monday for weekly rules).
        message: what is wrong, in plain words.
        bound: for a weekly count, the side broken (``min``: too few, ``max``: too many).
    """

    rule: str
    day: dt.date | None
    message: str
    bound: str = ""

    def __str__(self) -> str:
        when = f"{self.day:%a %Y-%m-%d}: " if self.day else ""
        return f"{when}{self.message} [{self.rule}]"


class InputError(Exception):
    """Bad input from the user: one clear line, exit code 2."""
