"""The exercise library: what strength work legday can prescribe, read from data.

The exercises live in ``optimizer/workouts/data/exercises.toml`` (one table each, with a
two-line how-to); this module loads, checks and filters them. It imports only
the standard library, so listing exercises stays cheap.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from optimizer.domain import Level

DATA_FILE = Path(__file__).parent / "data" / "exercises.toml"

MUSCLES = frozenset(
    {
        "quads",
        "glutes",
        "hamstrings",
        "calves",
        "shins",
        "hips",
        "core",
        "back",
        "chest",
        "shoulders",
    }
)
LEG_MUSCLES = frozenset({"quads", "glutes", "hamstrings", "calves", "shins"})
EQUIPMENT = ("none", "step", "band", "dumbbells", "kettlebell", "barbell")
LATERALITY = ("bilateral", "unilateral")
KINDS = ("strength", "core", "plyometric", "functional", "isometric")
PROGRAMS = ("mixed", "endurance", "functional", "plyometric")

#: Movement patterns, in the order a session is written out (jumps first while fresh, the
#: big leg lifts, then the smaller leg work, the upper body, the core last). A session holds
#: at most one exercise of each pattern.
PATTERNS = (
    "jump",
    "hop",
    "squat",
    "hinge",
    "lunge",
    "single_leg",
    "bridge",
    "hamstring",
    "lateral",
    "hip",
    "calf",
    "shin",
    "full_body",
    "push",
    "pull",
    "anti_extension",
    "anti_lateral",
    "anti_rotation",
    "rotation",
    "flexion",
    "back_extension",
)
#: The patterns of plyometric exercises.
JUMP_PATTERNS = frozenset({"jump", "hop"})
#: The big leg patterns: every session has one of these.
MAIN_LEG_PATTERNS = frozenset(
    {"squat", "hinge", "lunge", "single_leg", "bridge", "hamstring", "lateral"}
)
LEG_PATTERNS = MAIN_LEG_PATTERNS | {"jump", "hop", "hip", "calf", "shin"}
CORE_PATTERNS = frozenset(
    {"anti_extension", "anti_lateral", "anti_rotation", "rotation", "flexion", "back_extension"}
)

#: What each equipment choice gives access to.
EQUIPMENT_PROFILES: dict[str, frozenset[str]] = {
    "gym": frozenset(EQUIPMENT),
    "home": frozenset({"none", "step", "band", "dumbbells", "kettlebell"}),
    "none": frozenset({"none"}),
}

#: Equipment the functional (bodyweight, anywhere) program allows.
BODYWEIGHT = frozenset({"none"})
#: Equipment that is a load to lift (dosed by effort or % of 1RM).
LOADED = frozenset({"dumbbells", "kettlebell", "barbell"})

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
        kind: One of :data:`KINDS`; ``"isometric"`` exercises are holds.
        pattern: Movement pattern, one of :data:`PATTERNS`.
        family: Variant family: near-duplicates share it (and never a session).
        min_level: The lowest level it suits.
        seconds_per_rep: Time of one rep, one side (None for a hold).
        hold_seconds: Reference hold, one side (holds only).
        easier: Key of the next easier exercise, if any.
        harder: Key of the next harder exercise, if any.
        how_to: Two lines: set-up, then the movement.
    """

    key: str
    name: str
    muscles: frozenset[str]
    equipment: str
    laterality: str
    kind: str
    pattern: str
    family: str
    min_level: Level
    seconds_per_rep: float | None
    hold_seconds: int | None
    easier: str | None
    harder: str | None
    how_to: tuple[str, str]

    def __post_init__(self) -> None:
        where = f"exercise {self.key!r}"
        if not self.key or not self.key.replace("_", "").isalnum() or self.key != self.key.lower():
            raise ValueError(f"{where}: the key must be lower-case letters, digits and '_'")
        if not self.name.strip() or not self.family.strip():
            raise ValueError(f"{where}: the name and the family must not be empty")
        if not self.muscles or not self.muscles <= MUSCLES:
            raise ValueError(
                f"{where}: muscles must be among {', '.join(sorted(MUSCLES))}, "
                f"got {', '.join(sorted(self.muscles)) or 'none'}"
            )
        for field, value, allowed in (
            ("equipment", self.equipment, EQUIPMENT),
            ("laterality", self.laterality, LATERALITY),
            ("kind", self.kind, KINDS),
            ("pattern", self.pattern, PATTERNS),
        ):
            if value not in allowed:
                raise ValueError(f"{where}: unknown {field} {value!r}")
        if not isinstance(self.min_level, Level):
            raise ValueError(f"{where}: unknown level {self.min_level!r}")
        self._check_timing(where)
        if len(self.how_to) != 2 or not all(line.strip() for line in self.how_to):
            raise ValueError(f"{where}: how_to needs exactly two non-empty lines")

    def _check_timing(self, where: str) -> None:
        if self.is_hold:
            if self.hold_seconds is None or not 5 <= self.hold_seconds <= 120:
                raise ValueError(f"{where}: a hold needs hold_seconds from 5 to 120")
            if self.seconds_per_rep is not None:
                raise ValueError(f"{where}: a hold has hold_seconds, not seconds_per_rep")
        else:
            spr = self.seconds_per_rep
            if spr is None or not 0.5 <= spr <= 10:
                raise ValueError(f"{where}: seconds_per_rep must be 0.5 to 10")
            if self.hold_seconds is not None:
                raise ValueError(f"{where}: only a hold (kind isometric) has hold_seconds")

    @property
    def is_hold(self) -> bool:
        """Whether it is dosed in seconds (a hold) rather than reps."""
        return self.kind == "isometric"

    @property
    def legs(self) -> bool:
        """Whether it is leg work (a leg pattern: squats to calf raises and jumps)."""
        return self.pattern in LEG_PATTERNS

    @property
    def main_legs(self) -> bool:
        """Whether it is one of the big leg movements (squat, hinge, lunge, single-leg,
        bridge, hamstring or lateral)."""
        return self.pattern in MAIN_LEG_PATTERNS

    @property
    def core(self) -> bool:
        """Whether it is a core exercise (planks, crunches, bird dog, ...).

        A squat braces the middle too, but only a dedicated core exercise
        counts as a session's core work.
        """
        return self.pattern in CORE_PATTERNS

    @property
    def accessory(self) -> bool:
        """Neither legs nor core: push-ups, rows, burpees."""
        return not self.legs and not self.core

    @property
    def calves(self) -> bool:
        """Whether it is dedicated calf work (a calf raise of some kind)."""
        return self.pattern == "calf"

    @property
    def unilateral(self) -> bool:
        """Whether it works one side at a time."""
        return self.laterality == "unilateral"

    @property
    def plyometric(self) -> bool:
        """Whether it is a jump or hop (plyometric)."""
        return self.kind == "plyometric"

    @property
    def loaded(self) -> bool:
        """Whether it lifts a weight (dumbbells, kettlebell, barbell)."""
        return self.equipment in LOADED

    @property
    def sides(self) -> int:
        """How many times one set is done: 2 for one side at a time, else 1."""
        return 2 if self.unilateral else 1


def _optional_key(table: dict[str, object], field: str) -> str | None:
    value = table.get(field)
    return str(value) if value else None


def _number(table: dict[str, object], field: str, key: str) -> float | None:
    value = table.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"exercise {key!r}: {field} must be a number")
    return float(value)


def _from_table(table: dict[str, object]) -> Exercise:
    key = str(table.get("key", "?"))
    try:
        how = table["how_to"]
        muscles = table["muscles"]
        if not isinstance(how, list) or not isinstance(muscles, list):
            raise ValueError(f"exercise {key!r}: how_to and muscles must be lists")
        try:
            level = Level(str(table["min_level"]))
        except ValueError:
            raise ValueError(f"exercise {key!r}: unknown level {table['min_level']!r}") from None
        hold = _number(table, "hold_seconds", key)
        if hold is not None and not hold.is_integer():
            raise ValueError(f"exercise {key!r}: hold_seconds must be a whole number")
        return Exercise(
            key=key,
            name=str(table["name"]),
            muscles=frozenset(str(m) for m in muscles),
            equipment=str(table["equipment"]),
            laterality=str(table["laterality"]),
            kind=str(table["kind"]),
            pattern=str(table["pattern"]),
            family=str(table["family"]),
            min_level=level,
            seconds_per_rep=_number(table, "seconds_per_rep", key),
            hold_seconds=None if hold is None else int(hold),
            easier=_optional_key(table, "easier"),
            harder=_optional_key(table, "harder"),
            # Any length here: Exercise.__post_init__ says, in words, that it needs two.
            how_to=cast("tuple[str, str]", tuple(str(line) for line in how)),
        )
    except KeyError as missing:
        raise ValueError(f"exercise {key!r}: missing field {missing}") from None


def _check_links(exercises: Iterable[Exercise]) -> None:
    """Variants point at real exercises; a family keeps to one movement pattern; jumps and
    hops, and only they, are plyometric."""
    by = {e.key: e for e in exercises}
    family_pattern: dict[str, str] = {}
    for e in by.values():
        if e.plyometric != (e.pattern in JUMP_PATTERNS):
            raise ValueError(f"exercise {e.key!r}: plyometric exercises are jumps or hops")
        for field, other in (("easier", e.easier), ("harder", e.harder)):
            if other is not None and (other not in by or other == e.key):
                raise ValueError(f"exercise {e.key!r}: {field} {other!r} is not another exercise")
        pattern = family_pattern.setdefault(e.family, e.pattern)
        if pattern != e.pattern:
            raise ValueError(
                f"exercise {e.key!r}: family {e.family!r} is {pattern} work, not {e.pattern}"
            )


def load(path: Path = DATA_FILE) -> tuple[Exercise, ...]:
    """Read and check an exercise library file.

    Args:
        path: A TOML file with one ``[[exercise]]`` table per exercise.

    Returns:
        The exercises sorted by key.

    Raises:
        ValueError: A field is missing or invalid, a key is used twice, a variant is
            not in the library, or a family spans two movement patterns.
    """
    with path.open("rb") as f:
        data = tomllib.load(f)
    exercises = sorted((_from_table(t) for t in data.get("exercise", [])), key=lambda e: e.key)
    keys = [e.key for e in exercises]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise ValueError(f"exercise key(s) used twice: {', '.join(twice)}")
    _check_links(exercises)
    return tuple(exercises)


@functools.cache
def library() -> tuple[Exercise, ...]:
    """The built-in exercise library, sorted by key (read once, then cached)."""
    return load()


@functools.cache
def by_key() -> dict[str, Exercise]:
    """The built-in library as a mapping from key to exercise."""
    return {e.key: e for e in library()}


@functools.cache
def difficulty(key: str) -> int:
    """How many ``easier`` steps lead down from an exercise (0: the easiest of its line)."""
    lib = by_key()
    seen = {key}
    step = 0
    easier = lib[key].easier
    while easier is not None and easier not in seen:
        seen.add(easier)
        step += 1
        easier = lib[easier].easier
    return step


def variant(ex: Exercise, direction: str, allowed: Iterable[str]) -> Exercise | None:
    """The nearest easier or harder exercise the athlete may do (None if none is).

    Args:
        ex: The exercise.
        direction: ``"easier"`` or ``"harder"``.
        allowed: Keys of the exercises the athlete may do.
    """
    lib = by_key()
    ok = set(allowed)
    seen = {ex.key}
    nxt = getattr(ex, direction)
    while nxt is not None and nxt not in seen:
        if nxt in ok:
            return lib[nxt]
        seen.add(nxt)
        nxt = getattr(lib[nxt], direction)
    return None


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


def _timing(e: Exercise) -> str:
    side = " each side" if e.unilateral else ""
    if e.hold_seconds is not None:
        return f"{e.hold_seconds} s hold{side}"
    return f"{e.seconds_per_rep or 0:g} s a rep{side}"


def exercise_rows(equipment: str | None = None, level: Level | None = None) -> list[dict[str, str]]:
    """Rows for the ``legday exercises`` table.

    Args:
        equipment: Keep only exercises this equipment profile allows (all if None).
        level: Keep only exercises this level may do (all if None).

    Returns:
        One dict per exercise with the string fields key, name, muscles, equipment,
        laterality, kind, pattern, family, level, timing, easier and harder (names),
        sorted by key.

    Raises:
        ValueError: Unknown equipment.
    """
    kit = _check_equipment(equipment) if equipment is not None else frozenset(EQUIPMENT)
    lib = by_key()
    return [
        {
            "key": e.key,
            "name": e.name,
            "muscles": ", ".join(sorted(e.muscles)),
            "equipment": e.equipment,
            "laterality": e.laterality,
            "kind": e.kind,
            "pattern": e.pattern,
            "family": e.family,
            "level": e.min_level.value,
            "timing": _timing(e),
            "easier": lib[e.easier].name if e.easier else "",
            "harder": lib[e.harder].name if e.harder else "",
        }
        for e in library()
        if e.equipment in kit and (level is None or level_allows(level, e.min_level))
    ]
