"""The exercise library: what strength work legday can prescribe, read from data.

The exercises live in ``optimizer/workouts/data/exercises.toml`` (one table each, with a
two-line how-to); this module loads, checks and filters them. It imports only
the standard library, so listing exercises stays cheap.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from optimizer.domain import Level

DATA_FILE = Path(__file__).parent / "data" / "exercises.toml"

MUSCLES = frozenset({"quads", "glutes", "hamstrings", "calves", "core", "back", "hips"})
LEG_MUSCLES = frozenset({"quads", "glutes", "hamstrings", "calves"})
EQUIPMENT = ("none", "mat", "step", "dumbbells", "kettlebell", "barbell")
LATERALITY = ("bilateral", "unilateral")
KINDS = ("strength", "core", "plyometric", "functional", "isometric")
PROGRAMS = ("mixed", "endurance", "functional", "plyometric")

#: What each equipment choice gives access to.
EQUIPMENT_PROFILES: dict[str, frozenset[str]] = {
    "gym": frozenset(EQUIPMENT),
    "home": frozenset({"none", "mat", "step", "dumbbells", "kettlebell"}),
    "none": frozenset({"none", "mat"}),
}

#: Equipment the functional (bodyweight, anywhere) program allows.
BODYWEIGHT = frozenset({"none", "mat"})

_LEVEL_RANK = {Level.BEGINNER: 0, Level.INTERMEDIATE: 1, Level.ADVANCED: 2}


def level_allows(level: Level, min_level: Level) -> bool:
    """Whether an athlete at ``level`` may do an exercise that needs ``min_level``."""
    return _LEVEL_RANK[Level(level)] >= _LEVEL_RANK[Level(min_level)]


@dataclass(frozen=True)
class Exercise:
    """One exercise of the library.

    Attributes:
        key: Stable identifier, e.g. ``"hip_bridge"``.
        name: What a runner reads, e.g. ``"Hip bridge"``.
        muscles: Worked muscle groups, among :data:`MUSCLES`.
        equipment: One of :data:`EQUIPMENT`.
        laterality: ``"bilateral"`` or ``"unilateral"`` (one side at a time).
        kind: One of :data:`KINDS`.
        min_level: The lowest level it suits.
        seconds_per_set: Work time of one set of 10 reps (10 each side when
            unilateral), or for an isometric hold the reference hold time
            (each side when unilateral).
        how_to: Two lines: set-up, then the movement.
    """

    key: str
    name: str
    muscles: frozenset[str]
    equipment: str
    laterality: str
    kind: str
    min_level: Level
    seconds_per_set: int
    how_to: tuple[str, str]

    def __post_init__(self) -> None:
        where = f"exercise {self.key!r}"
        if not self.key or not self.key.replace("_", "").isalnum() or self.key != self.key.lower():
            raise ValueError(f"{where}: the key must be lower-case letters, digits and '_'")
        if not self.name.strip():
            raise ValueError(f"{where}: the name is empty")
        if not self.muscles or not self.muscles <= MUSCLES:
            raise ValueError(
                f"{where}: muscles must be among {', '.join(sorted(MUSCLES))}, "
                f"got {', '.join(sorted(self.muscles)) or 'none'}"
            )
        if self.equipment not in EQUIPMENT:
            raise ValueError(f"{where}: unknown equipment {self.equipment!r}")
        if self.laterality not in LATERALITY:
            raise ValueError(f"{where}: laterality must be bilateral or unilateral")
        if self.kind not in KINDS:
            raise ValueError(f"{where}: unknown kind {self.kind!r}")
        if not isinstance(self.min_level, Level):
            raise ValueError(f"{where}: unknown level {self.min_level!r}")
        if not 5 <= self.seconds_per_set <= 180:
            raise ValueError(f"{where}: seconds_per_set must be 5 to 180")
        if len(self.how_to) != 2 or not all(line.strip() for line in self.how_to):
            raise ValueError(f"{where}: how_to needs exactly two non-empty lines")

    @property
    def legs(self) -> bool:
        """Whether it works the legs (quads, glutes, hamstrings or calves)."""
        return bool(self.muscles & LEG_MUSCLES)

    @property
    def core(self) -> bool:
        """Whether it is a core exercise: works the core and not the legs.

        A squat braces the middle too, but only a dedicated core exercise
        counts as a session's core work.
        """
        return "core" in self.muscles and not self.legs

    @property
    def unilateral(self) -> bool:
        """Whether it works one side at a time."""
        return self.laterality == "unilateral"

    @property
    def plyometric(self) -> bool:
        """Whether it is a jump (plyometric)."""
        return self.kind == "plyometric"

    @property
    def sides(self) -> int:
        """How many times one set is done: 2 for one side at a time, else 1."""
        return 2 if self.unilateral else 1


def _from_table(table: dict[str, object]) -> Exercise:
    key = str(table.get("key", "?"))
    try:
        how = table["how_to"]
        if not isinstance(how, list):
            raise ValueError(f"exercise {key!r}: how_to must be a list of two lines")
        muscles = table["muscles"]
        if not isinstance(muscles, list):
            raise ValueError(f"exercise {key!r}: muscles must be a list")
        try:
            level = Level(str(table["min_level"]))
        except ValueError:
            raise ValueError(f"exercise {key!r}: unknown level {table['min_level']!r}") from None
        seconds = table["seconds_per_set"]
        if not isinstance(seconds, int) or isinstance(seconds, bool):
            raise ValueError(f"exercise {key!r}: seconds_per_set must be a whole number")
        return Exercise(
            key=key,
            name=str(table["name"]),
            muscles=frozenset(str(m) for m in muscles),
            equipment=str(table["equipment"]),
            laterality=str(table["laterality"]),
            kind=str(table["kind"]),
            min_level=level,
            seconds_per_set=seconds,
            # Any length here: Exercise.__post_init__ says, in words, that it needs two.
            how_to=cast("tuple[str, str]", tuple(str(line) for line in how)),
        )
    except KeyError as missing:
        raise ValueError(f"exercise {key!r}: missing field {missing}") from None


def load(path: Path = DATA_FILE) -> tuple[Exercise, ...]:
    """Read and check an exercise library file.

    Args:
        path: A TOML file with one ``[[exercise]]`` table per exercise.

    Returns:
        The exercises sorted by key.

    Raises:
        ValueError: A field is missing or invalid, or a key is used twice.
    """
    with path.open("rb") as f:
        data = tomllib.load(f)
    exercises = sorted((_from_table(t) for t in data.get("exercise", [])), key=lambda e: e.key)
    keys = [e.key for e in exercises]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise ValueError(f"exercise key(s) used twice: {', '.join(twice)}")
    return tuple(exercises)


@functools.cache
def library() -> tuple[Exercise, ...]:
    """The built-in exercise library, sorted by key (read once, then cached)."""
    return load()


@functools.cache
def by_key() -> dict[str, Exercise]:
    """The built-in library as a mapping from key to exercise."""
    return {e.key: e for e in library()}


def _check_equipment(equipment: str) -> frozenset[str]:
    try:
        return EQUIPMENT_PROFILES[equipment]
    except KeyError:
        raise ValueError(
            f"unknown equipment {equipment!r}: choose one of {', '.join(EQUIPMENT_PROFILES)}"
        ) from None


def available(level: Level, equipment: str, program: str) -> tuple[Exercise, ...]:
    """The exercises an athlete may be given.

    Args:
        level: The athlete's level; exercises above it are left out, and
            plyometrics are for advanced athletes only.
        equipment: ``"gym"``, ``"home"`` or ``"none"`` (see :data:`EQUIPMENT_PROFILES`).
        program: One of :data:`PROGRAMS`. ``functional`` keeps to bodyweight
            exercises; ``endurance`` and ``functional`` have no plyometrics.

    Returns:
        The matching exercises, sorted by key.

    Raises:
        ValueError: Unknown equipment or program.
    """
    kit = _check_equipment(equipment)
    if program not in PROGRAMS:
        raise ValueError(f"unknown program {program!r}: choose one of {', '.join(PROGRAMS)}")
    if program == "functional":
        kit = kit & BODYWEIGHT
    jumps = Level(level) is Level.ADVANCED and program in ("plyometric", "mixed")
    return tuple(
        e
        for e in library()
        if e.equipment in kit and level_allows(level, e.min_level) and (jumps or not e.plyometric)
    )


def exercise_rows(equipment: str | None = None, level: Level | None = None) -> list[dict[str, str]]:
    """Rows for the ``legday exercises`` table.

    Args:
        equipment: Keep only exercises this equipment profile allows (all if None).
        level: Keep only exercises this level may do (all if None).

    Returns:
        One dict per exercise with the string fields key, name, muscles,
        equipment, laterality, kind and level, sorted by key.

    Raises:
        ValueError: Unknown equipment.
    """
    kit = _check_equipment(equipment) if equipment is not None else frozenset(EQUIPMENT)
    return [
        {
            "key": e.key,
            "name": e.name,
            "muscles": ", ".join(sorted(e.muscles)),
            "equipment": e.equipment,
            "laterality": e.laterality,
            "kind": e.kind,
            "level": e.min_level.value,
        }
        for e in library()
        if e.equipment in kit and (level is None or level_allows(level, e.min_level))
    ]
