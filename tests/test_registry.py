"""The registry is explicit, ordered and complete: a module, a function, a test file per rule."""

from __future__ import annotations

import importlib
from pathlib import Path

import constraints
from constraints import HARD_RULES, REGISTRY, SOFT_RULES

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(p.stem for p in (ROOT / "constraints").glob("*.py") if p.stem != "__init__")


def test_every_module_is_registered_under_its_file_name() -> None:
    assert sorted(REGISTRY) == MODULES


def test_function_name_is_the_registry_key() -> None:
    for name, rule in REGISTRY.items():
        module = importlib.import_module(f"constraints.{name}")
        assert rule.name == name
        assert rule.build.__name__ == name
        assert getattr(module, name) is rule.build


def test_docstring_says_hard_or_soft_and_matches_the_flag() -> None:
    for name, rule in REGISTRY.items():
        first = importlib.import_module(f"constraints.{name}").__doc__.strip().splitlines()[0]
        assert rule.doc == first
        assert first.startswith("Hard: " if rule.hard else "Soft: "), name


def test_hard_rules_come_before_soft_goals() -> None:
    order = list(REGISTRY)
    assert order == list(HARD_RULES) + list(SOFT_RULES)
    assert set(HARD_RULES) == {
        "sessions_per_week",
        "recovery_gap",
        "own_strength",
        "no_strength_after_long_run",
        "run_days",
        "race_window",
        "time_slots",
    }


def test_every_rule_has_its_own_test_module() -> None:
    tests = {p.stem for p in (ROOT / "tests" / "constraints").glob("test_*.py")}
    assert {f"test_{name}" for name in REGISTRY} <= tests
    assert tests - {f"test_{name}" for name in REGISTRY} == set(), "a test file names no rule"


def test_registering_twice_or_under_another_name_is_refused() -> None:
    import pytest

    def volume(grid, m):  # same name as a registered rule
        return []

    with pytest.raises(RuntimeError, match="twice"):
        constraints.register("volume", hard=False)(volume)

    def not_named_so(grid, m):
        return []

    with pytest.raises(RuntimeError, match="same name"):
        constraints.register("some_rule", hard=False)(not_named_so)
    assert "some_rule" not in REGISTRY
