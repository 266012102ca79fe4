"""The exercise library: complete, valid, and filtered the way a runner expects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from optimizer.domain import Level
from optimizer.workouts.library import (
    EQUIPMENT,
    EQUIPMENT_PROFILES,
    KINDS,
    LATERALITY,
    MUSCLES,
    PATTERNS,
    PROGRAMS,
    Exercise,
    available,
    by_key,
    difficulty,
    exercise_rows,
    library,
    load,
    variant,
)

# Every exercise the coaching guidance names (jumps as several entries), then runner staples.
REQUIRED = {
    "back_squat": "Back squat",
    "bodyweight_squat": "Bodyweight squat",
    "single_leg_squat": "Single-leg squat to bench",
    "pistol_squat": "Pistol squat",
    "deadlift": "Deadlift",
    "single_leg_deadlift": "Single-leg deadlift",
    "bent_over_row": "Bent-over row",
    "bulgarian_split_squat": "Bulgarian split squat",
    "forward_lunge": "Forward lunge",
    "dumbbell_walking_lunge": "Dumbbell walking lunge",
    "step_up_knee_raise": "Step-up with knee raise",
    "hip_bridge": "Hip bridge",
    "plank": "Plank",
    "extended_plank": "Extended plank",
    "v_sit": "V-sit",
    "bicycle_crunch": "Bicycle crunch",
    "reverse_crunch": "Reverse crunch",
    "toe_raises_heel_drops": "Toe raises and heel drops",
    "burpees": "Burpees",
    "side_skaters": "Side skaters",
    "push_ups": "Push-ups",
    "box_jump": "Box jump",
    "squat_jump": "Squat jump",
}
STAPLES = (
    "calf_raise",
    "single_leg_calf_raise",
    "single_leg_bridge",
    "side_plank",
    "dead_bug",
    "bird_dog",
    "clamshell",
    "lateral_lunge",
    "wall_sit",
    "copenhagen_plank",
    "tibialis_raise",
    "nordic_curl",
)


def test_library_has_every_named_exercise_and_the_staples() -> None:
    lib = by_key()
    assert {k: lib[k].name for k in REQUIRED if k in lib} == REQUIRED
    assert not set(STAPLES) - set(lib)


def test_library_fields_are_valid_and_sorted() -> None:
    lib = library()
    assert [e.key for e in lib] == sorted(e.key for e in lib)
    for e in lib:
        assert e.muscles and e.muscles <= MUSCLES, e.key
        assert e.equipment in EQUIPMENT, e.key
        assert e.laterality in LATERALITY, e.key
        assert e.kind in KINDS, e.key
        assert e.pattern in PATTERNS, e.key
        assert isinstance(e.min_level, Level), e.key
        assert (e.hold_seconds is None) == (e.kind != "isometric"), e.key
        assert e.is_hold or 0.5 <= (e.seconds_per_rep or 0) <= 10, e.key
        assert len(e.how_to) == 2 and all(len(line) > 20 for line in e.how_to), e.key


def test_at_least_twenty_exercises_need_no_equipment_calf_work_among_them() -> None:
    bare = [e for e in library() if e.equipment == "none"]
    assert len(bare) >= 20
    assert any(e.calves for e in bare)
    beginner = available(Level.BEGINNER, "none", "functional")
    assert len(beginner) >= 20 and any(e.calves for e in beginner)


def test_families_are_near_duplicates_within_one_pattern() -> None:
    lib = by_key()
    assert lib["plank"].family == lib["extended_plank"].family
    assert lib["pistol_squat"].family == lib["single_leg_squat"].family
    patterns: dict[str, set[str]] = {}
    for e in library():
        patterns.setdefault(e.family, set()).add(e.pattern)
    assert all(len(p) == 1 for p in patterns.values())


def test_easier_and_harder_variants_lead_somewhere() -> None:
    lib = by_key()
    for e in library():
        for other in (e.easier, e.harder):
            assert other is None or (other in lib and other != e.key), e.key
    assert lib["plank"].harder == "extended_plank" and lib["extended_plank"].easier == "plank"
    assert difficulty("bodyweight_squat") == 0 < difficulty("back_squat")
    nothing = available(Level.BEGINNER, "none", "mixed")
    harder = variant(lib["bodyweight_squat"], "harder", [e.key for e in nothing])
    assert harder is None or harder.equipment == "none"


def test_plyometrics_are_the_jumps_and_advanced_only() -> None:
    jumps = {e.key for e in library() if e.plyometric}
    assert {"box_jump", "squat_jump"} <= jumps
    assert all(by_key()[k].min_level is Level.ADVANCED for k in jumps)
    assert all(by_key()[k].pattern in ("jump", "hop") for k in jumps)


def test_library_covers_the_runner_focus() -> None:
    """Legs, glutes, hamstrings, core and some back, with both one- and two-leg work."""
    lib = library()
    for muscle in ("quads", "glutes", "hamstrings", "calves", "core", "back"):
        assert any(muscle in e.muscles for e in lib), muscle
    assert any(e.legs and e.unilateral for e in lib)
    assert any(e.legs and not e.unilateral for e in lib)


def test_core_exercise_means_a_core_pattern() -> None:
    lib = by_key()
    assert lib["plank"].core and not lib["plank"].legs
    assert "core" in lib["back_squat"].muscles and not lib["back_squat"].core
    assert lib["push_ups"].accessory and not lib["push_ups"].core


def test_library_is_cached() -> None:
    assert library() is library()


def test_equipment_none_gives_only_none_or_mat() -> None:
    for level in Level:
        for program in PROGRAMS:
            got = available(level, "none", program)
            assert got
            assert {e.equipment for e in got} <= {"none"}


def test_home_has_no_barbell_and_gym_has_everything_for_advanced_mixed() -> None:
    assert all(e.equipment != "barbell" for e in available(Level.ADVANCED, "home", "mixed"))
    assert available(Level.ADVANCED, "gym", "mixed") == library()
    assert EQUIPMENT_PROFILES["gym"] == frozenset(EQUIPMENT)


@pytest.mark.parametrize("equipment", list(EQUIPMENT_PROFILES))
@pytest.mark.parametrize("program", PROGRAMS)
def test_beginner_gets_no_plyometric_and_no_harder_exercise(equipment: str, program: str) -> None:
    got = available(Level.BEGINNER, equipment, program)
    assert got
    assert not any(e.plyometric for e in got)
    assert all(e.min_level is Level.BEGINNER for e in got)


def test_intermediate_gets_no_advanced_exercise() -> None:
    got = available(Level.INTERMEDIATE, "gym", "plyometric")
    assert not any(e.min_level is Level.ADVANCED for e in got)
    assert "pistol_squat" not in {e.key for e in got}


def test_plyometrics_only_on_plyometric_or_mixed_program() -> None:
    for program in PROGRAMS:
        jumps = any(e.plyometric for e in available(Level.ADVANCED, "gym", program))
        assert jumps == (program in ("plyometric", "mixed")), program


def test_functional_program_is_bodyweight_only() -> None:
    got = available(Level.ADVANCED, "gym", "functional")
    assert got and {e.equipment for e in got} <= {"none"}


def test_unknown_options_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="unknown equipment 'garage'"):
        available(Level.BEGINNER, "garage", "mixed")
    with pytest.raises(ValueError, match="unknown program 'crossfit'"):
        available(Level.BEGINNER, "gym", "crossfit")


def test_exercise_rows_filters_and_stringifies() -> None:
    rows = exercise_rows()
    assert len(rows) == len(library())
    assert set(rows[0]) == {
        "key",
        "name",
        "muscles",
        "equipment",
        "laterality",
        "kind",
        "pattern",
        "family",
        "level",
        "timing",
        "easier",
        "harder",
    }
    assert all(isinstance(v, str) for row in rows for v in row.values())
    none_beginner = exercise_rows("none", Level.BEGINNER)
    assert none_beginner
    assert {r["equipment"] for r in none_beginner} == {"none"}
    assert {r["level"] for r in none_beginner} == {"beginner"}
    bridge = next(r for r in rows if r["key"] == "hip_bridge")
    assert bridge["muscles"] == "glutes, hamstrings"
    assert bridge["timing"] == "3 s a rep" and bridge["harder"] == "Single-leg bridge"
    side = next(r for r in rows if r["key"] == "side_plank")
    assert side["timing"] == "30 s hold each side"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("muscles", frozenset({"biceps"}), "muscles must be among"),
        ("equipment", "rowing machine", "unknown equipment"),
        ("laterality", "both", "laterality"),
        ("kind", "cardio", "unknown kind"),
        ("pattern", "twist", "unknown pattern"),
        ("seconds_per_rep", 0.1, "seconds_per_rep"),
        ("hold_seconds", 30, "only a hold"),
        ("how_to", ("only one line",), "two non-empty lines"),
    ],
)
def test_exercise_rejects_bad_fields(field: str, value: object, message: str) -> None:
    good = dict(
        key="x",
        name="X",
        muscles=frozenset({"quads"}),
        equipment="none",
        laterality="bilateral",
        kind="strength",
        pattern="squat",
        family="squat",
        min_level=Level.BEGINNER,
        seconds_per_rep=3.0,
        hold_seconds=None,
        easier=None,
        harder=None,
        how_to=("line one", "line two"),
    )
    Exercise(**good)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=message):
        Exercise(**{**good, field: value})  # type: ignore[arg-type]


def test_load_rejects_duplicate_keys_and_missing_fields(tmp_path: Path) -> None:
    table = """
[[exercise]]
key = "plank"
name = "Plank"
muscles = ["core"]
equipment = "none"
laterality = "bilateral"
kind = "isometric"
pattern = "anti_extension"
family = "plank"
min_level = "beginner"
hold_seconds = 30
how_to = ["a line", "another line"]
"""
    twice = tmp_path / "twice.toml"
    twice.write_text(table + table)
    with pytest.raises(ValueError, match="used twice: plank"):
        load(twice)
    missing = tmp_path / "missing.toml"
    missing.write_text(table.replace('kind = "isometric"\n', ""))
    with pytest.raises(ValueError, match="missing field 'kind'"):
        load(missing)
    bad_level = tmp_path / "level.toml"
    bad_level.write_text(table.replace('"beginner"', '"elite"'))
    with pytest.raises(ValueError, match="unknown level 'elite'"):
        load(bad_level)
    nowhere = tmp_path / "nowhere.toml"
    nowhere.write_text(table.replace("hold_seconds = 30", 'hold_seconds = 30\nharder = "unicorn"'))
    with pytest.raises(ValueError, match="harder 'unicorn' is not another exercise"):
        load(nowhere)


def test_import_is_cheap() -> None:
    """Listing exercises must not pull in the solver."""
    code = (
        "import sys, optimizer.workouts.library as e; e.library(); "
        "print(any(m.startswith('ortools') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
