"""A plan as plain data: what the page, the subscribe page and the watch files are made from.

:func:`plan_view` reads the pipeline's :class:`~optimizer.pipeline.Outcome` once: the runs of
the plan's weeks, the sessions with their workouts and reasons. The result is a tree of
frozen dataclasses that round-trips through JSON (:meth:`PlanView.to_json` /
:meth:`PlanView.from_json`), so the feed server can keep it beside the feed and render the
page later with the links of whoever asks.

Workouts are read through their public API only: :meth:`Workout.report` for the numbers
(sets, reps or seconds, each side, rest, load), the workout's own lines for the words (the
warm-up, the time line, the effort, the week and the day's note: the text of the session's
calendar event, never parsed back out of it), each prescription's dose text and swaps, and
the library's names, how-to lines and timing (set-up and side-switch seconds).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from optimizer.domain import Session
    from optimizer.pipeline import Outcome
    from optimizer.workouts import Workout

VIEW_VERSION = 2  # 2: the dose, swaps, timing and the session's own lines


@dataclass(frozen=True)
class ExerciseView:
    """One exercise of a session and how much of it.

    Attributes:
        key: The library key (what the FIT map and the page's ``data-exercise`` use).
        name: What a runner reads.
        sets: Number of sets.
        reps: Reps per set (each side when ``each_side``), or None for a hold.
        seconds: Hold per set (each side when ``each_side``), or None.
        rest_seconds: Rest between two sets.
        load: How heavy, in words (``"bodyweight"``, a share of 1RM and its effort).
        each_side: One side at a time: the dose is done once per side.
        how_to: The library's two lines: set-up, then the movement.
        dose: The session text's dose, e.g. ``"3 x 10 each side"`` or ``"2 x 30 s hold"``.
        easier: The easier exercise the runner may swap in (its name), or "".
        harder: The harder one, or "".
        setup_seconds: Time to get to and set up the exercise (the session's change-over).
        switch_seconds: Time to switch sides inside one set (0 when both sides work together).
    """

    key: str
    name: str
    sets: int
    reps: int | None
    seconds: int | None
    rest_seconds: int
    load: str
    each_side: bool = False
    how_to: tuple[str, ...] = ()
    dose: str = ""
    easier: str = ""
    harder: str = ""
    setup_seconds: int = 0
    switch_seconds: int = 0


@dataclass(frozen=True)
class WorkoutView:
    """The content of one strength session."""

    focus: str
    intensity: str
    minutes: int
    warmup_minutes: int
    exercises: tuple[ExerciseView, ...]
    warmup: str = ""  # e.g. "Warm-up: 5 min easy jog or brisk walk, leg swings and hip circles."
    time: str = ""  # e.g. "Time: about 23 of 30 min (5 min warm-up, 18 min of sets, ...)."
    effort: str = ""  # e.g. "Effort: RPE 5 of 10, finish every set with about 5 reps in reserve."
    week: str = ""  # e.g. "Intro week: start small, learn the movements, finish feeling fresh."
    note: str = ""  # why this day differs, e.g. "After today's hard run: run first, then this."

    @property
    def sets(self) -> int:
        return sum(e.sets for e in self.exercises)


@dataclass(frozen=True)
class SessionView:
    """One strength session: when, what, why."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    reasons: tuple[str, ...] = ()
    description: str = ""
    workout: WorkoutView | None = None

    @property
    def day(self) -> dt.date:
        return self.start.date()

    @property
    def minutes(self) -> int:
        return round((self.end - self.start).total_seconds() / 60)

    @property
    def fit_name(self) -> str | None:
        """The watch file's name (sessions never overlap, so the start names it), or None."""
        if self.workout is None:
            return None
        return f"legday-{self.start:%Y-%m-%d-%H%M}.fit"


@dataclass(frozen=True)
class RunView:
    """One event of the running calendar, as it was read."""

    start: dt.datetime
    end: dt.datetime
    kind: str  # long, hard, easy, race, other (not a run)
    title: str
    all_day: bool = False
    priority: str | None = None  # a race's: goal or tune-up

    @property
    def day(self) -> dt.date:
        return self.start.date()

    @property
    def minutes(self) -> int:
        return 0 if self.all_day else round((self.end - self.start).total_seconds() / 60)


@dataclass(frozen=True)
class WeekView:
    """One plan week, for the chart and the week headings."""

    number: int  # 1-based
    monday: dt.date
    run_minutes: int
    runs: int
    strength_minutes: int
    sessions: int
    sets: int
    intensities: tuple[str, ...]


@dataclass(frozen=True)
class PlanView:
    """Everything the pages and the watch files show of one plan."""

    name: str
    tz: str
    start: dt.date  # the first Monday
    weeks: int
    stamp: dt.datetime  # the plan's own time stamp (its first Monday, 00:00 UTC)
    runs: tuple[RunView, ...] = ()
    sessions: tuple[SessionView, ...] = ()
    version: int = field(default=VIEW_VERSION)
    away: tuple[dt.date, ...] = ()  # days away all day (a trip, out of office): no strength

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(weeks=self.weeks)

    def week_of(self, day: dt.date) -> int:
        """0-based plan week of ``day``."""
        return (day - self.start).days // 7

    def summary_of_weeks(self) -> list[WeekView]:
        """Per week: running and strength minutes, sessions, sets and the weeks' intensities."""
        out = []
        for w in range(self.weeks):
            monday = self.start + dt.timedelta(weeks=w)
            runs = [r for r in self.runs if r.kind != "other" and self.week_of(r.day) == w]
            sessions = [s for s in self.sessions if self.week_of(s.day) == w]
            intensities = sorted({s.workout.intensity for s in sessions if s.workout})
            out.append(
                WeekView(
                    number=w + 1,
                    monday=monday,
                    run_minutes=sum(r.minutes for r in runs),
                    runs=len(runs),
                    strength_minutes=sum(s.minutes for s in sessions),
                    sessions=len(sessions),
                    sets=sum(s.workout.sets for s in sessions if s.workout),
                    intensities=tuple(intensities),
                )
            )
        return out

    def to_json(self) -> bytes:
        """Stable JSON (sorted keys): the same plan gives the same bytes."""
        return json.dumps(_plain(self), sort_keys=True, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> PlanView:
        """Read :meth:`to_json`'s output back. Raises ValueError when it is not a plan view."""
        try:
            raw = json.loads(data)
            if raw.get("version") != VIEW_VERSION:
                raise ValueError(f"plan view version {raw.get('version')!r}")
            return cls(
                name=raw["name"],
                tz=raw["tz"],
                start=dt.date.fromisoformat(raw["start"]),
                weeks=int(raw["weeks"]),
                stamp=dt.datetime.fromisoformat(raw["stamp"]),
                runs=tuple(_run(r) for r in raw["runs"]),
                sessions=tuple(_session(s) for s in raw["sessions"]),
                away=tuple(dt.date.fromisoformat(d) for d in raw.get("away", ())),
            )
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a plan view: {exc}") from None


def readable(data: bytes | None) -> bool:
    """Whether ``data`` is a plan view this legday reads (not None, not another version's)."""
    if data is None:
        return False
    try:
        PlanView.from_json(data)
    except ValueError:
        return False
    return True


def plan_view(outcome: Outcome, sessions: Sequence[Session] | None = None) -> PlanView:
    """The plan as the pages show it.

    Args:
        outcome: a planned (or re-planned) outcome.
        sessions: the sessions to show, when they differ from ``outcome.sessions`` (the feed
            server shows the feed's confirmed sessions); matched to workouts by UID.
    """
    from optimizer.calendar.export import plan_stamp

    problem = outcome.problem
    zone = ZoneInfo(problem.tz)
    shown = list(outcome.sessions if sessions is None else sessions)
    workouts = session_workouts(outcome)
    runs = [
        RunView(
            start=r.event.start.astimezone(zone),
            end=r.event.end.astimezone(zone),
            kind=str(r.kind.value),
            title=r.event.summary,
            all_day=r.event.all_day,
            priority=str(r.priority.value) if r.priority else None,
        )
        for r in problem.runs
        if problem.start <= r.day < problem.end
    ]
    runs.sort(key=lambda r: (r.start, r.end, r.title))
    views = [
        SessionView(
            uid=s.uid,
            start=s.start.astimezone(zone),
            end=s.end.astimezone(zone),
            summary=s.summary,
            reasons=tuple(s.reasons),
            description=s.description,
            workout=workout_view(workouts[s.uid]) if s.uid in workouts else None,
        )
        for s in shown
    ]
    views.sort(key=lambda s: (s.start, s.uid))
    return PlanView(
        name=problem.name,
        tz=problem.tz,
        start=problem.start,
        weeks=problem.weeks,
        stamp=plan_stamp(problem),
        runs=tuple(runs),
        sessions=tuple(views),
        away=_away_days(problem),
    )


def _away_days(problem: Any) -> tuple[dt.date, ...]:
    """The plan's days away all day, as the rules ban them (what blocked them stays off the
    page: it may be shared)."""
    from constraints.time_slots import away_days

    return tuple(sorted(d for d in away_days(problem) if problem.start <= d < problem.end))


def session_workouts(outcome: Outcome) -> dict[str, Any]:
    """Each session's workout by UID, where the session's text is that workout.

    A plan has one workout per session; a re-plan one per session inside the plan's weeks,
    and the sessions it carries over unchanged (done, locked, a coach's) keep the text they
    had. Only a workout whose text the session's description holds is the session's.
    """
    problem = outcome.problem
    workouts = list(outcome.workouts)
    every = list(outcome.sessions)
    inside = [s for s in every if problem.start <= s.day < problem.end]
    pairs: Iterable[tuple[Session, Any]] = ()
    for candidates in (every, inside):
        if len(candidates) == len(workouts):
            pairs = zip(candidates, workouts, strict=True)
            break
    out = {}
    for s, wo in pairs:
        if wo is not None and _describes(s, wo):
            out[s.uid] = wo
    return out


def _describes(session: Session, workout: Any) -> bool:
    try:
        text = workout.description()
    except (AttributeError, KeyError):
        return False
    return bool(text) and text in session.description


def workout_view(workout: Workout) -> WorkoutView:
    """A :class:`~optimizer.workouts.Workout` as plain data (names, how-to and timing from the
    library; an exercise the library does not know keeps its key as its name)."""
    from optimizer.workouts.library import by_key
    from optimizer.workouts.timing import CHANGEOVER_SECONDS, SIDE_SWITCH_SECONDS

    lib = by_key()
    report = workout.report()
    exercises = []
    for p, row in zip(workout.items, report["exercises"], strict=True):
        ex = lib.get(p.exercise)
        exercises.append(
            ExerciseView(
                key=p.exercise,
                name=ex.name if ex else p.exercise.replace("_", " ").capitalize(),
                sets=int(row["sets"]),
                reps=None if row["reps"] is None else int(row["reps"]),
                seconds=None if row["seconds"] is None else int(row["seconds"]),
                rest_seconds=int(row["rest_seconds"]),
                load=str(row["load"]),
                each_side=bool(row["each_side"]),
                how_to=tuple(ex.how_to) if ex else (),
                dose=p.dose_text(),
                easier=lib[p.easier].name if p.easier in lib else "",
                harder=lib[p.harder].name if p.harder in lib else "",
                setup_seconds=CHANGEOVER_SECONDS[ex.equipment] if ex else 0,
                switch_seconds=SIDE_SWITCH_SECONDS if row["each_side"] else 0,
            )
        )
    return WorkoutView(
        focus=str(report["focus"]),
        intensity=str(report["intensity"]),
        minutes=int(report["minutes"]),
        warmup_minutes=int(report["warmup_minutes"]),
        exercises=tuple(exercises),
        warmup=workout.warmup_text(),
        time=workout.time_text(),
        effort=workout.effort,
        week=workout.week_text(),
        note=workout.note,
    )


# ---------------------------------------------------------------- JSON


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def _run(raw: dict) -> RunView:
    return RunView(
        start=dt.datetime.fromisoformat(raw["start"]),
        end=dt.datetime.fromisoformat(raw["end"]),
        kind=raw["kind"],
        title=raw["title"],
        all_day=bool(raw["all_day"]),
        priority=raw.get("priority"),
    )


def _session(raw: dict) -> SessionView:
    wo = raw.get("workout")
    return SessionView(
        uid=raw["uid"],
        start=dt.datetime.fromisoformat(raw["start"]),
        end=dt.datetime.fromisoformat(raw["end"]),
        summary=raw["summary"],
        reasons=tuple(raw["reasons"]),
        description=raw["description"],
        workout=None
        if wo is None
        else WorkoutView(
            focus=wo["focus"],
            intensity=wo["intensity"],
            minutes=wo["minutes"],
            warmup_minutes=wo["warmup_minutes"],
            warmup=wo["warmup"],
            time=wo["time"],
            effort=wo["effort"],
            week=wo["week"],
            note=wo["note"],
            exercises=tuple(
                ExerciseView(**{**e, "how_to": tuple(e["how_to"])}) for e in wo["exercises"]
            ),
        ),
    )
