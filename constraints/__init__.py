"""The rules, one module each, in one explicit, ordered registry.

Each rule is a function ``rule(grid, m) -> list[Term]`` registered under its module's
name. Hard rules add CP-SAT constraints, each instance guarded by its own enforcement
literal from ``m.switch(rule, where)``, and return no terms; soft rules return their named,
weighted penalty terms. The order below is the order the model is built in, every run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from optimizer.grid import Grid
    from optimizer.model import ModelContext


@dataclass(frozen=True)
class Term:
    """One soft penalty: ``weight * var`` in the objective, named after its rule and place."""

    rule: str
    where: str
    weight: int
    var: Any  # a CP-SAT linear expression (a BoolVar or an IntVar)


@dataclass(frozen=True)
class Rule:
    name: str
    hard: bool
    build: Callable[[Grid, ModelContext], list[Term]]
    doc: str


REGISTRY: dict[str, Rule] = {}


def register(name: str, *, hard: bool) -> Callable:
    def deco(fn: Callable) -> Callable:
        if name in REGISTRY:
            raise RuntimeError(f"rule {name!r} registered twice")
        if fn.__name__ != name:
            raise RuntimeError(f"rule {name!r} must be built by a function of the same name")
        doc = (fn.__module__ and __import__(fn.__module__, fromlist=["x"]).__doc__) or ""
        REGISTRY[name] = Rule(name, hard, fn, doc.strip().splitlines()[0] if doc else name)
        return fn

    return deco


# Import order is build order. Hard rules first, then soft goals.
from constraints import (  # noqa: E402,F401
    sessions_per_week,
    recovery_gap,
    no_strength_after_long_run,
    run_days,
    race_window,
    time_slots,
    volume,
    easy_days,
    spread,
    fresh_legs,
    back_to_back,
    habit,
    prefer_time,
)

HARD_RULES = tuple(r.name for r in REGISTRY.values() if r.hard)
SOFT_RULES = tuple(r.name for r in REGISTRY.values() if not r.hard)
