"""The workout stage's plain data: a session as the stage sees it, and what it writes.

:class:`SessionContext` is the input (one fixed strength session); :class:`Prescription`,
:class:`Workout` and :class:`Dose` are what the progression and the selection produce. They
check themselves and know their own time and text; they import no solver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from optimizer.workouts.library import by_key
from optimizer.workouts.timing import CONTENT_CAP_MINUTES, exercise_seconds, set_seconds

RACE_PHASES = ("taper", "post_race")
INTENSITIES = ("intro", "build", "deload", "taper", "post-race")
#: Kinds of run a day can hold, from the easiest to the toughest.
RUN_KINDS = ("easy", "hard", "long", "race")

#: Most sets of one exercise in a session (the guidance: 1-3 sets).
MAX_SETS = 3


def toughest_run(kinds: Iterable[str]) -> str | None:
    """The toughest of a day's run kinds (``"race"`` > ``"long"`` > ``"hard"`` > ``"easy"``),
    or None on a day without a run. Anything else (cross-training, rest) is ignored."""
    found = [k for k in kinds if k in RUN_KINDS]
    return max(found, key=RUN_KINDS.index) if found else None


@dataclass(frozen=True)
class SessionContext:
    """What the selection stage knows about one fixed strength session.

    Attributes:
        day: The session's date.
        week: 0-based plan week; the progression depends on it (and the phase) alone.
        minutes: The session's length in the calendar, warm-up included.
        before_long_or_hard: A long run, hard run or race is the next day.
        race_phase: None, ``"taper"`` (the weeks leading to a race) or
            ``"post_race"`` (the week after it).
        run_today: The toughest run the same day (the session comes after it):
            ``"easy"``, ``"hard"``, ``"long"``, ``"race"``, or None on a day off running.
    """

    day: dt.date
    week: int
    minutes: int
    before_long_or_hard: bool = False
    race_phase: str | None = None
    run_today: str | None = None

    def __post_init__(self) -> None:
        if self.week < 0:
            raise ValueError(f"session on {self.day}: the plan week cannot be negative")
        if not 10 <= self.minutes <= 180:
            raise ValueError(
                f"session on {self.day}: a strength session must be 10 to 180 minutes, "
                f"got {self.minutes}"
            )
        if self.race_phase is not None and self.race_phase not in RACE_PHASES:
            raise ValueError(
                f"session on {self.day}: race phase must be taper or post_race, "
                f"got {self.race_phase!r}"
            )
        if self.run_today is not None and self.run_today not in RUN_KINDS:
            raise ValueError(
                f"session on {self.day}: the day's run must be one of {', '.join(RUN_KINDS)}, "
                f"got {self.run_today!r}"
            )


@dataclass(frozen=True)
class Prescription:
    """One exercise of a workout and how much of it.

    Attributes:
        exercise: The exercise key.
        sets: Number of sets.
        reps: Reps per set (each side when one-sided), or None for a hold.
        seconds: Hold time per set (each side when one-sided), or None.
        rest_seconds: Rest between sets.
        load: How heavy, e.g. ``"bodyweight"`` or ``"about 70% of 1RM, or RPE 7 ..."``.
        easier: An easier exercise the athlete may swap in (a key), if any.
        harder: A harder one, if any.
    """

    exercise: str
    sets: int
    reps: int | None
    seconds: int | None
    rest_seconds: int
    load: str
    easier: str | None = field(default=None, compare=False)
    harder: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not 1 <= self.sets <= MAX_SETS:
            raise ValueError(f"{self.exercise}: sets must be 1 to {MAX_SETS}, got {self.sets}")
        if (self.reps is None) == (self.seconds is None):
            raise ValueError(f"{self.exercise}: give either reps or seconds, not both or neither")
        if (self.reps is not None and self.reps < 1) or (
            self.seconds is not None and self.seconds < 1
        ):
            raise ValueError(f"{self.exercise}: reps and seconds must be positive")
        if self.rest_seconds < 0:
            raise ValueError(f"{self.exercise}: rest cannot be negative")

    def set_seconds(self) -> int:
        """Work time of one set, both sides included.

        Raises:
            KeyError: The exercise is not in the library.
        """
        return set_seconds(by_key()[self.exercise], self.reps, self.seconds)

    def total_seconds(self) -> int:
        """Its time in the session: the sets, the rests between them and the change-over."""
        ex = by_key()[self.exercise]
        return exercise_seconds(ex, self.sets, self.reps, self.seconds, self.rest_seconds)

    def dose_text(self) -> str:
        """``"3 x 12 each side"`` or ``"2 x 30 s hold"``."""
        ex = by_key().get(self.exercise)
        side = " each side" if ex and ex.unilateral else ""
        if self.reps is not None:
            return f"{self.sets} x {self.reps}{side}"
        return f"{self.sets} x {self.seconds} s hold{side}"


@dataclass(frozen=True)
class Workout:
    """The content of one strength session.

    Attributes:
        focus: What the session holds, for the title (e.g. ``"legs (squat, single-leg) & core"``).
        minutes: The session's length in the calendar.
        warmup_minutes: Warm-up length.
        items: The exercises in the order they are done.
        intensity: The week's kind: one of :data:`INTENSITIES`.
        effort: How hard every set should feel (RPE / reps in reserve).
        note: Why this session differs from the week's others (e.g. lighter after a run), or "".
    """

    focus: str
    minutes: int
    warmup_minutes: int
    items: tuple[Prescription, ...]
    intensity: str
    effort: str = ""
    note: str = ""

    @property
    def summary(self) -> str:
        """A calendar title, e.g. ``"Strength: legs (squat, single-leg) & core, 30 min"``."""
        return f"Strength: {self.focus}, {self.minutes} min"

    def work_seconds(self) -> int:
        """Time of the exercises: sets, rests and change-overs (warm-up excluded)."""
        return sum(p.total_seconds() for p in self.items)

    def content_seconds(self) -> int:
        """Time of everything the session asks for: warm-up, sets, rests and change-overs."""
        return self.warmup_minutes * 60 + self.work_seconds()

    def description(self) -> str:
        """The session written out for a calendar event's description.

        The first line is the warm-up; then one line per exercise with its dose
        (sets x reps or seconds, each side where it applies), rest and load, each
        followed by its two how-to lines and the easier/harder swaps; then the time
        the content takes, the effort, what kind of week it is and the day's note.
        """
        lib = by_key()
        lines = [self.warmup_text()]
        for number, p in enumerate(self.items, 1):
            ex = lib.get(p.exercise)
            name = ex.name if ex else p.exercise
            lines.append(f"{number}. {name}: {p.dose_text()}, rest {p.rest_seconds} s, {p.load}")
            if ex:
                lines.extend(f"   {line}" for line in ex.how_to)
            swaps = [
                f"{label}: {lib[key].name}."
                for label, key in (("Easier", p.easier), ("Harder", p.harder))
                if key in lib
            ]
            if swaps:
                lines.append("   " + " ".join(swaps))
        lines += [self.time_text(), self.effort, self.week_text(), self.note]
        return "\n".join(line for line in lines if line)

    def warmup_text(self) -> str:
        """The warm-up line: its minutes and drills (skips and easy hops before jumps)."""
        lib = by_key()
        jumps = any(lib[p.exercise].plyometric for p in self.items if p.exercise in lib)
        drills = "leg swings, skips and a few easy hops" if jumps else "leg swings and hip circles"
        return f"Warm-up: {self.warmup_minutes} min easy jog or brisk walk, {drills}."

    def time_text(self) -> str:
        """How long the content takes against the slot, e.g. ``"Time: about 23 of 30 min
        (5 min warm-up, 18 min of sets, rests and change-overs)."``; "" when an exercise is
        not in the library (its time is unknown)."""
        if not all(p.exercise in by_key() for p in self.items):
            return ""
        total = round(self.content_seconds() / 60)
        work = total - self.warmup_minutes
        line = (
            f"Time: about {total} of {self.minutes} min ({self.warmup_minutes} min warm-up, "
            f"{work} min of sets, rests and change-overs)."
        )
        if self.minutes > CONTENT_CAP_MINUTES:
            line += (
                f" More than {CONTENT_CAP_MINUTES} minutes of strength adds little for a runner: "
                "the rest of the slot is yours."
            )
        return line

    def week_text(self) -> str:
        """What kind of week it is and what that asks, e.g. ``"Intro week: start small, ..."``."""
        return _INTENSITY_NOTES.get(self.intensity, "")

    def report(self) -> dict[str, Any]:
        """The workout as plain data for ``--report`` (JSON)."""
        lib = by_key()
        return {
            "focus": self.focus,
            "intensity": self.intensity,
            "minutes": self.minutes,
            "warmup_minutes": self.warmup_minutes,
            "content_seconds": self.content_seconds()
            if all(p.exercise in lib for p in self.items)
            else None,
            "note": self.note,
            "exercises": [
                {
                    "exercise": p.exercise,
                    "sets": p.sets,
                    "reps": p.reps,
                    "seconds": p.seconds,
                    "each_side": bool(p.exercise in lib and lib[p.exercise].unilateral),
                    "rest_seconds": p.rest_seconds,
                    "load": p.load,
                    "total_seconds": p.total_seconds() if p.exercise in lib else None,
                }
                for p in self.items
            ],
        }


_INTENSITY_NOTES = {
    "intro": "Intro week: start small, learn the movements, finish feeling fresh.",
    "build": "Build week: controlled reps, a little more than a few weeks ago.",
    "deload": "Deload week: lighter on purpose so the last weeks' work can sink in.",
    "taper": "Taper: keep the habit, keep it light; the race comes first.",
    "post-race": "Post-race week: easy and light, just get moving again.",
}


@dataclass(frozen=True)
class Dose:
    """How much every exercise of a session gets: a function of the session, level and program.

    Attributes:
        intensity: ``"intro"``, ``"build"``, ``"deload"``, ``"taper"`` or ``"post-race"``.
        light: A lighter session (any week but a build week, or a lighter day in one).
        note: Why the day is lighter or different, for the session text ("" if not).
        stage: Row of the dose tables: 0 intro and lighter sessions, 1-3 build blocks.
        sets: Sets per exercise.
        reps: Reps per set for strength, functional and core exercises.
        contacts: Jumps per set for plyometrics.
        hold_percent: Holds as a percentage of the exercise's reference hold.
        extra_rest: Seconds added to every rest (intro weeks).
        effort: How hard every set should feel, in words (RPE and reps in reserve).
        reserve: Reps in reserve at the end of a set.
        warmup_minutes: Warm-up length.
        reference_minutes: The minutes the content is measured against.
        fill_low: Least share of ``reference_minutes`` the content fills, in percent.
        fill_high: Most share, in percent.
        plyometrics: Whether jumps are allowed in this session.
        min_plyometrics: Fewest jump exercises in the session.
        max_plyometrics: Most jump exercises in the session.
    """

    intensity: str
    light: bool
    note: str
    stage: int
    sets: int
    reps: int
    contacts: int
    hold_percent: int
    extra_rest: int
    effort: str
    reserve: int
    warmup_minutes: int
    reference_minutes: int
    fill_low: int
    fill_high: int
    plyometrics: bool
    min_plyometrics: int
    max_plyometrics: int

    def work_window(self) -> tuple[int, int]:
        """Seconds the exercises (after the warm-up) may take: ``(least, most)``."""
        ref = self.reference_minutes * 60
        warm = self.warmup_minutes * 60
        return -(-ref * self.fill_low // 100) - warm, ref * self.fill_high // 100 - warm
