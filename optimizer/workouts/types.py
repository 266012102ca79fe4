"""The workout stage's plain data: a session as the stage sees it, and what it writes.

:class:`SessionContext` is the input (one fixed strength session); :class:`Prescription`,
:class:`Workout` and :class:`Dose` are what the progression and the selection produce. They
check themselves and know their own time and text; they import no solver.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from optimizer.workouts.library import Exercise, by_key

RACE_PHASES = ("taper", "post_race")
INTENSITIES = ("intro", "build", "deload", "taper", "post-race")

#: Largest allowed weekly difference between one-leg and two-leg sets.
BALANCE_SETS = 3
#: Most sets of one exercise in a session.
MAX_SETS = 3
#: Reps that ``Exercise.seconds_per_set`` is timed for.
REFERENCE_REPS = 10


@dataclass(frozen=True)
class SessionContext:
    """What the selection stage knows about one fixed strength session.

    Attributes:
        day: The session's date.
        week: 0-based plan week; the progression depends on it alone.
        minutes: The session's length, warm-up included.
        before_long_or_hard: A long run, hard run or race is the next day.
        race_phase: None, ``"taper"`` (the weeks leading to a race) or
            ``"post_race"`` (the week after it).
    """

    day: dt.date
    week: int
    minutes: int
    before_long_or_hard: bool = False
    race_phase: str | None = None

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


@dataclass(frozen=True)
class Prescription:
    """One exercise of a workout and how much of it.

    Attributes:
        exercise: The exercise key.
        sets: Number of sets.
        reps: Reps per set (each side when one-sided), or None for a hold.
        seconds: Hold time per set (each side when one-sided), or None.
        rest_seconds: Rest after each set.
        load: How heavy, e.g. ``"about 70% of 1RM"`` or ``"bodyweight"``.
    """

    exercise: str
    sets: int
    reps: int | None
    seconds: int | None
    rest_seconds: int
    load: str

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
        return _set_work(by_key()[self.exercise], self.reps, self.seconds)

    def total_seconds(self) -> int:
        """Work and rest of all its sets (each set is followed by its rest)."""
        return self.sets * (self.set_seconds() + self.rest_seconds)


def _set_work(ex: Exercise, reps: int | None, seconds: int | None) -> int:
    if seconds is not None:
        return seconds * ex.sides
    return math.ceil(ex.seconds_per_set * (reps or 0) / REFERENCE_REPS)


@dataclass(frozen=True)
class Workout:
    """The content of one strength session."""

    focus: str
    minutes: int
    warmup_minutes: int
    items: tuple[Prescription, ...]
    intensity: str

    @property
    def summary(self) -> str:
        """A calendar title, e.g. ``"Strength: single-leg & core, 25 min"``."""
        return f"Strength: {self.focus}, {self.minutes} min"

    def work_seconds(self) -> int:
        """Estimated time of the exercises, rests included (warm-up excluded).

        Each set counts its work time and the rest after it; this is what must
        fit into ``minutes - warmup_minutes``.
        """
        return sum(p.total_seconds() for p in self.items)

    def description(self) -> str:
        """The session written out for a calendar event's description.

        The first line is the warm-up; then one line per exercise with its
        dose, rest and load, each followed by its two how-to lines; the last
        line says what kind of week it is.
        """
        lib = by_key()
        jumps = any(lib[p.exercise].plyometric for p in self.items if p.exercise in lib)
        drills = "leg swings, skips and a few easy hops" if jumps else "leg swings and hip circles"
        lines = [f"Warm-up: {self.warmup_minutes} min easy jog or brisk walk, {drills}."]
        for number, p in enumerate(self.items, 1):
            ex = lib.get(p.exercise)
            name = ex.name if ex else p.exercise
            side = " each side" if ex and ex.unilateral else ""
            dose = (
                f"{p.sets} x {p.reps}{side}"
                if p.reps is not None
                else (f"{p.sets} x {p.seconds} s hold{side}")
            )
            lines.append(f"{number}. {name}: {dose}, rest {p.rest_seconds} s, {p.load}")
            if ex:
                lines.extend(f"   {line}" for line in ex.how_to)
        lines.append(_INTENSITY_NOTES.get(self.intensity, ""))
        return "\n".join(line for line in lines if line)


_INTENSITY_NOTES = {
    "intro": "Intro week: start small, learn the movements, finish feeling fresh.",
    "build": "Build week: controlled reps, stop each set with 2-3 reps in reserve.",
    "deload": "Deload week: lighter on purpose so the last weeks' work can sink in.",
    "taper": "Taper: keep the habit, keep it light; the race comes first.",
    "post-race": "Post-race week: easy and light, just get moving again.",
}


@dataclass(frozen=True)
class Dose:
    """How much every exercise of a session gets: a function of week, phase and program.

    Attributes:
        intensity: ``"intro"``, ``"build"``, ``"deload"``, ``"taper"`` or ``"post-race"``.
        sets: Sets per exercise.
        max_exercises: Most exercises in the session.
        reps: Reps per set for strength, functional and core exercises.
        contacts: Jumps per set for plyometrics.
        hold_percent: Holds as a percentage of the exercise's reference hold.
        warmup_minutes: Warm-up length.
        plyometrics: Whether jumps are allowed in this session.
        min_plyometrics: Fewest jump exercises in the session.
        max_plyometrics: Most jump exercises in the session.
    """

    intensity: str
    sets: int
    max_exercises: int
    reps: int
    contacts: int
    hold_percent: int
    warmup_minutes: int
    plyometrics: bool
    min_plyometrics: int
    max_plyometrics: int
