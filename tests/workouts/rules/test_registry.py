"""Every workout rule module is registered once, in a fixed order, with its words."""

from __future__ import annotations

import pkgutil

import optimizer.workouts.rules as rules_package
from optimizer.workouts.rules import RULES


def test_every_rule_module_is_registered() -> None:
    modules = {m.name for m in pkgutil.iter_modules(rules_package.__path__) if m.name != "base"}
    keys = [r.key for r in RULES]
    assert len(keys) == len(set(keys))
    assert set(keys) == modules
    for rule in RULES:
        assert rule.words and type(rule).__module__.endswith(rule.key)
