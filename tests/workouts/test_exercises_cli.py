"""`legday exercises`: the library as a table, filtered by equipment and level."""

from __future__ import annotations

from click.testing import CliRunner

from optimizer.cli import main


def _names(output: str) -> list[str]:
    lines = output.splitlines()[2:-1]  # header, rule ... count
    return [line.split("  ")[0].strip() for line in lines if line.strip()]


def test_no_equipment_beginner_lists_only_bodyweight_beginner_moves() -> None:
    from optimizer.domain import Level
    from optimizer.workouts.library import by_key, level_allows

    result = CliRunner().invoke(main, ["exercises", "--equipment", "none", "--level", "beginner"])
    assert result.exit_code == 0, result.output
    names = _names(result.output)
    assert "Bodyweight squat" in names and "Plank" in names
    assert "Back squat" not in names and "Box jump" not in names
    lib = {e.name: e for e in by_key().values()}
    for name in names:
        assert lib[name].equipment == "none"
        assert level_allows(Level.BEGINNER, lib[name].min_level)
    assert result.output.rstrip().endswith(f"{len(names)} exercises")


def test_full_library_with_its_fields_and_how_to() -> None:
    from optimizer.workouts.library import library

    result = CliRunner().invoke(main, ["exercises", "--how"])
    assert result.exit_code == 0, result.output
    assert f"{len(library())} exercises" in result.output
    header = result.output.splitlines()[0].split()
    assert header == [
        "name",
        "pattern",
        "family",
        "muscles",
        "equipment",
        "laterality",
        "kind",
        "level",
        "timing",
    ]
    for ex in library():
        assert ex.how_to[0] in result.output
    assert "Easier: Plank." in result.output  # under the extended plank
    assert "30 s hold each side" in result.output  # the side plank's timing


def test_bad_level_is_refused() -> None:
    result = CliRunner().invoke(main, ["exercises", "--level", "expert"])
    assert result.exit_code == 2
