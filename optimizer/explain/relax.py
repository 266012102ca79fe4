"""What would give a plan: relaxations found by re-solving, never guessed.

Each rule offers its own relaxation ladders (``ladders`` in ``constraints/<rule>.py``:
fewer sessions, a shorter race window, a wider daily window...). Each kind is tried alone
first (its largest step, then a binary search for the smallest that works, feasibility
growing along the ladder); when no kind works alone, pairs are tried the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from constraints import REGISTRY, Ladder
from optimizer.config import PlanOptions
from optimizer.domain import Problem
from optimizer.grid import Grid, build_grid
from optimizer.solver.cores import Budget, feasible, fewest_off

# A model without objective, every constraint that may take part in a clash behind a free
# switch, and those switches.
ModelMaker = Callable[[Grid], tuple[Any, list[Any]]]


@dataclass(frozen=True)
class Relaxation:
    """A change of options that was tried and gives a plan.

    Attributes:
        flags: what to add to ``legday plan`` (e.g. ``("--sessions", "1-3")``).
        text: the change in a runner's words.
        changes: the PlanOptions fields it changes.
    """

    flags: tuple[str, ...]
    text: str
    changes: tuple[tuple[str, Any], ...] = ()

    @property
    def command_line(self) -> str:
        return " ".join(self.flags)

    def apply(self, opts: PlanOptions) -> PlanOptions:
        return replace(opts, **dict(self.changes))


def ladders(problem: Problem, opts: PlanOptions) -> list[Ladder]:
    """Every relaxation worth trying, in the order a coach would give them up."""
    out = [ladder for rule in REGISTRY.values() for ladder in rule.ladders(problem, opts)]
    return sorted(out, key=lambda ladder: ladder.rank)


def find_relaxations(
    problem: Problem,
    opts: PlanOptions,
    clock: Budget,
    *,
    limit: int = 4,
    maker: ModelMaker,
) -> tuple[Relaxation, ...]:
    """The relaxations that give a plan, each at its smallest step."""
    found: list[Relaxation] = []
    all_ladders = ladders(problem, opts)

    def works(changes: tuple[tuple[str, Any], ...]) -> bool:
        return _feasible(problem, replace(opts, **dict(changes)), clock, maker) is True

    def smallest(ladder: Ladder, base: tuple[tuple[str, Any], ...]) -> int | None:
        if not works(base + ladder.steps[-1]):
            return None
        lo, hi = 0, len(ladder.steps) - 1  # hi works
        while lo < hi and not clock.spent:
            mid = (lo + hi) // 2
            if works(base + ladder.steps[mid]):
                hi = mid
            else:
                lo = mid + 1
        return hi

    for ladder in all_ladders:
        if clock.spent or len(found) >= limit:
            break
        k = smallest(ladder, ())
        if k is not None:
            found.append(_relaxation(opts, (ladder,), (ladder.steps[k],)))
    if found:
        return tuple(found)
    for i, a in enumerate(all_ladders):
        for b in all_ladders[i + 1 :]:
            if clock.spent or len(found) >= limit:
                return tuple(found)
            if a.name.startswith("window") and b.name.startswith("window"):
                continue
            kb = smallest(b, a.steps[-1])
            if kb is None:
                continue
            ka = smallest(a, b.steps[kb])
            ka = len(a.steps) - 1 if ka is None else ka
            found.append(_relaxation(opts, (a, b), (a.steps[ka], b.steps[kb])))
    return tuple(found)


def _relaxation(
    opts: PlanOptions, steps_of: Sequence[Ladder], steps: Sequence[tuple[tuple[str, Any], ...]]
) -> Relaxation:
    changes: tuple[tuple[str, Any], ...] = tuple(c for step in steps for c in step)
    relaxed = replace(opts, **dict(changes))
    flags: list[str] = []
    texts: list[str] = []
    for ladder in steps_of:
        f, t = ladder.render(relaxed)
        flags += f
        texts.append(t)
    return Relaxation(tuple(flags), " and ".join(texts), changes)


def _feasible(problem: Problem, opts: PlanOptions, clock: Budget, maker: ModelMaker) -> bool | None:
    """Does any plan keep every rule under ``opts``? None when the solver ran out of time."""
    if clock.spent:
        return None
    try:
        relaxed = replace(problem, rules=opts.rules())
    except ValueError:
        return False  # e.g. a window too short for the sessions: not a relaxation at all
    model, guards = maker(build_grid(relaxed))
    for g in guards:
        model.cp.add(g.lit == 1)
    # Feasibility only (no objective): much faster, and all a relaxation needs.
    return feasible(model.cp, clock)


def best_effort_short_weeks(grid: Grid, clock: Budget, maker: ModelMaker) -> tuple[int, ...] | None:
    """The fewest weeks that must fall short of MIN (what ``--best-effort`` would give up);
    None when even that gives no plan (the clash is not about weekly numbers)."""
    if clock.spent:
        return None
    model, guards = maker(grid)
    liftable = [g for g in guards if g.liftable]
    for g in guards:
        if not g.liftable:
            model.cp.add(g.lit == 1)
    kept = fewest_off(model.cp, [g.lit for g in liftable], clock)
    if kept is None:
        return None
    return tuple(sorted(g.inst.week for g, on in zip(liftable, kept, strict=True) if not on))
