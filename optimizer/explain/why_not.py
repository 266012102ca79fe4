"""Why not: when no plan keeps every rule, which rule instances clash, in a runner's words.

CP-SAT finds a small set of guarded rule instances that cannot all hold
(:mod:`optimizer.solver.cores`); each rule then says its part of the clash (``clash`` in
``constraints/<rule>.py``), and :mod:`optimizer.explain.relax` finds the changes that give
a plan by re-solving.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from constraints import REGISTRY, RuleInstance
from optimizer.config import PlanOptions
from optimizer.domain import Problem
from optimizer.explain.relax import (
    ModelMaker,
    Relaxation,
    best_effort_short_weeks,
    find_relaxations,
)
from optimizer.grid import Grid, build_grid
from optimizer.solver.cores import Budget, assuming, shrink_core
from optimizer.text import join, short_days


@dataclass(frozen=True)
class Clash:
    """One rule instance of a clash (an element of the core), named by rule and label."""

    rule: str
    where: str
    inst: RuleInstance | None = field(default=None, compare=False)


@dataclass(frozen=True)
class WhyNot:
    """Why no plan keeps every rule, and what would give one.

    Attributes:
        clashes: one core per clash found, each confirmed infeasible on its own and
            irreducible (dropping any element makes it feasible).
        lines: the clashes in a runner's words, one line each.
        relaxations: changes that were tried and give a plan, the smallest first.
        confirmed: every core was re-solved alone and found infeasible.
        seconds: time spent explaining.
        solves: CP-SAT calls made.
        short_weeks: what ``--best-effort`` would leave short.
    """

    clashes: tuple[tuple[Clash, ...], ...]
    lines: tuple[str, ...]
    relaxations: tuple[Relaxation, ...]
    confirmed: bool
    seconds: float
    solves: int
    short_weeks: tuple[int, ...] = ()


# Deletion order of a re-plan's own guards when shrinking a core (rules give theirs as
# CORE_RANK): what is left speaks of whole days and weeks, which read better.
_GUARD_RANK = {"done": 5, "locked": 6}


def _core_rank(rule: str) -> int:
    if rule in REGISTRY:
        return int(getattr(REGISTRY[rule].module, "CORE_RANK", 9))
    return _GUARD_RANK.get(rule, 9)


def find_core(
    cp: Any,
    named: Iterable[Any],
    *,
    per_solve: float = 5.0,
    budget: float = 30.0,
    skip: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[tuple[Clash, ...], bool, int]:
    """A small set of guarded rule instances that cannot all hold.

    Args:
        cp: a CP-SAT model without objective whose rule instances are guarded by literals.
        named: the guards that may take part, each unpacking as ``(rule, label, literal)``
            (a :class:`optimizer.solver.model.Switch` also carries its instance).
        per_solve: time limit of one solve, in seconds.
        budget: time limit of the whole search.
        skip: guards left out (already explained clashes), by ``(rule, label)``.

    Returns:
        ``(core, confirmed, solves)``: the core (empty when the guards can all hold or the
        time ran out), whether it was re-solved alone and found infeasible, and the number
        of solves.
    """
    clock = Budget(time.perf_counter() + budget, per_solve)
    guards = [g for g in named if (tuple(g)[0], tuple(g)[1]) not in skip]
    core, confirmed = shrink_core(
        cp,
        guards,
        lit=lambda g: tuple(g)[2],
        order=lambda g: (_core_rank(tuple(g)[0]), tuple(g)[1]),
        clock=clock,
    )
    if not core:
        return (), False, clock.solves
    clashes = tuple(Clash(tuple(g)[0], tuple(g)[1], getattr(g, "inst", None)) for g in core)
    return clashes, confirmed, clock.solves


def plain_model(grid: Grid) -> tuple[Any, list[Any]]:
    """The plan's model without objective, every hard rule instance behind a free switch."""
    from optimizer.solver.model import Mode, build_model

    model = build_model(grid, mode=Mode.EXPLAIN)
    return model, list(model.ctx.switches)


def _min_week(c: Clash) -> int | None:
    inst = c.inst
    if inst is not None and inst.rule == "sessions_per_week" and inst.bound == "min":
        return inst.week
    return None


def why_not(
    problem: Problem,
    opts: PlanOptions,
    *,
    budget: float = 30.0,
    per_solve: float = 5.0,
    max_clashes: int = 6,
    maker: ModelMaker = plain_model,
) -> WhyNot:
    """Explain why no plan keeps every rule, and find the relaxations that give one.

    Args:
        problem: the problem no plan solves.
        opts: the options it was built from (relaxations change them).
        budget: seconds for the whole explanation (cores and relaxations).
        per_solve: seconds for one solve.
        max_clashes: how many separate clashes to name (e.g. one per week).
        maker: builds the model without objective and returns its guards: every constraint
            that may take part in a clash behind a free literal. The default is the plan's
            own model; a re-plan adds its done, locked and missed sessions.
    """
    t0 = time.perf_counter()
    deadline = t0 + budget
    grid = build_grid(problem)
    model, named = maker(grid)
    clashes: list[tuple[Clash, ...]] = []
    confirmed = True
    solves = 0
    skip: set[tuple[str, str]] = set()
    # One clash at a time: after each, its weekly minimums are set aside and the search goes
    # on, so a plan that fails in several weeks names each of them.
    while len(clashes) < max_clashes and time.perf_counter() < deadline:
        core, ok, n = find_core(
            model.cp,
            named,
            per_solve=per_solve,
            budget=max(0.1, deadline - time.perf_counter()),
            skip=frozenset(skip),
        )
        solves += n
        if not core:
            break
        clashes.append(core)
        confirmed = confirmed and ok
        mins = {(c.rule, c.where) for c in core if _min_week(c) is not None}
        skip |= mins or {(c.rule, c.where) for c in core}
    more = False
    if len(clashes) == max_clashes:
        # Stopped by the cap, not because the rest is feasible: say there is more.
        rest = [g.lit for g in named if (g.rule, g.where) not in skip]
        status, _ = assuming(model.cp, rest, Budget(deadline, per_solve))
        solves += 1
        more = status != "feasible"
    clashes.sort(
        key=lambda core: min((w for c in core if (w := _min_week(c)) is not None), default=0)
    )
    lines = tuple(describe_clash(grid, core) for core in clashes)
    if more:
        lines += (f"... and more weeks clash the same way (the first {max_clashes} are shown)",)
    clock = Budget(deadline, per_solve)
    relaxations = find_relaxations(problem, opts, clock, maker=maker)
    short = best_effort_short_weeks(grid, clock, maker)
    if short is not None:  # tried, and best effort gives a plan
        weeks = (
            (
                f" (week{'s' if len(short) > 1 else ''} {join([str(w) for w in short])} "
                f"will fall short)"
            )
            if short
            else ""
        )
        relaxations = (
            *relaxations,
            Relaxation(
                ("--best-effort",), "write the best plan anyway" + weeks, (("best_effort", True),)
            ),
        )
    return WhyNot(
        clashes=tuple(clashes),
        lines=lines,
        relaxations=relaxations,
        confirmed=bool(clashes) and confirmed,
        seconds=time.perf_counter() - t0,
        solves=solves + clock.solves,
        short_weeks=short or (),
    )


def describe_clash(grid: Grid, core: Sequence[Clash]) -> str:
    """One clash in a runner's words: which rules take which days, and what is left."""
    insts = [c.inst for c in core if c.inst is not None]
    weeks = sorted({w for c in core if (w := _min_week(c)) is not None})
    scope = {grid.days[d].date for w in weeks for d in grid.week_days(w - 1)}
    removed: dict[int, str] = {}  # day -> the rule that takes it away
    phrases: list[str] = []
    for rule in REGISTRY.values():
        if not rule.hard:
            continue
        words = rule.clash(grid, insts, scope)
        if words is None:
            continue
        phrases.extend(words.phrases)
        for d, why in words.taken.items():
            removed.setdefault(d, why)
    phrases.extend(_guard_phrases(grid, insts, scope, removed))
    if not weeks:
        return f"{join(phrases)} cannot all hold"
    days = [d for w in weeks for d in grid.week_days(w - 1)]
    free = [d for d in days if d not in removed]
    label = (
        f"week {weeks[0]} ({grid.days[days[0]].date:%a %d %b %Y})"
        if len(weeks) == 1
        else f"weeks {join([str(w) for w in weeks])}"
    )
    need = sum(grid.week_min[w - 1] for w in weeks)
    return f"{label}: {join(phrases)} {_room(grid, free, need)}"


def _room(grid: Grid, free: list[int], need: int) -> str:
    """What the clash leaves: no day, too few days, or too little room for the gap."""
    gap = grid.rules.min_gap_days
    free_txt = short_days(grid.days[d].date for d in free)
    if not free:
        return "leave no possible day"
    if len(free) < need:
        return f"leave only {len(free)} possible day{'s' if len(free) != 1 else ''} ({free_txt})"
    fit, last = 0, None
    for d in free:  # earliest first is the most that fit with the gap (days on a line)
        if last is None or d - last >= gap:
            fit, last = fit + 1, d
    if fit >= need:
        # The week alone has room; the sessions of the weeks around it take the rest.
        return (
            f"leave {free_txt} possible, too few with the sessions of the weeks around "
            f"it ({gap} days apart)"
        )
    return (
        f"leave room for only {fit} session{'s' if fit != 1 else ''} ({free_txt} possible, "
        f"{gap} days apart)"
    )


def _guard_phrases(
    grid: Grid, insts: Sequence[RuleInstance], scope: set, removed: dict[int, str]
) -> list[str]:
    """A re-plan's own guards: the days already done, and locked sessions."""
    from optimizer.text import days_text

    out = []
    for rule, word in (("done", "the past stays as it was"), ("locked", "your locked sessions")):
        mine = [i for i in insts if i.rule == rule]
        if not mine:
            continue
        out.append(f"{word} ({days_text([i.days[0] for i in mine if i.days], scope)})")
        for i in mine:
            d = grid.day_index(i.days[0]) if i.days else None
            if d is not None and i.bound == "off":
                removed.setdefault(d, rule)
    return out
