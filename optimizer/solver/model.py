"""The CP-SAT model: variables, every registered rule, and the objective.

Variables (time-indexed, precomputed by the grid so the model stays small):
- ``x[d]``: a strength session on day ``d``;
- ``start[d]``: its start slot (pinned to 0 when there is no session, so no two
  solutions differ only in an unused start).

Every hard rule instance is guarded by its own enforcement literal (a *switch*). When
planning, switches are fixed true; when explaining, they are left free and passed as
assumptions, so an infeasible model can be traced to the rule instances that clash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from optimizer.solver.cpsat import cp_model

from constraints import REGISTRY, RuleInstance, Term
from optimizer.grid import Grid


class Mode(StrEnum):
    PLAN = "plan"  # every switch fixed on
    EXPLAIN = "explain"  # switches free, used as assumptions; no objective
    BEST_EFFORT = "best_effort"  # liftable instances (weekly minimums) may be off, at a price


# The unit of the soft weights; tie-breaks are worth less than one unit.
SCALE = 16


@dataclass
class Switch:
    """The enforcement literal of one rule instance.

    It unpacks as ``(rule, label, literal)``, the shape the clash search takes.
    """

    inst: RuleInstance
    lit: cp_model.IntVar
    liftable: bool = False  # a best-effort plan may switch it off, at its price

    @property
    def rule(self) -> str:
        return self.inst.rule

    @property
    def where(self) -> str:
        return self.inst.label

    def __iter__(self) -> Iterator[Any]:
        return iter((self.inst.rule, self.inst.label, self.lit))


@dataclass
class ModelContext:
    """What a rule needs to add itself: the model, the variables, and switches."""

    cp: cp_model.CpModel
    x: list[cp_model.IntVar]
    start: list[cp_model.IntVar]
    mode: Mode
    switches: list[Switch] = field(default_factory=list)
    # Per day, the starts the hard rules being built allow when their switches are on: what
    # valid cuts may assume. Every start in EXPLAIN mode, where any switch may be off.
    allowed: list[tuple[int, ...]] = field(default_factory=list)
    rules: tuple[str, ...] = ()  # the rules being built
    # Objective parts that are not soft goals (best effort's price of a short week), made
    # once every rule is built.
    deferred: list[Callable[[], Any]] = field(default_factory=list)

    @property
    def best_effort(self) -> bool:
        return self.mode is Mode.BEST_EFFORT

    def in_force(self, rule: str) -> bool:
        """Whether ``rule`` is built with its switches fixed on, so other rules may rely on it."""
        return self.mode is not Mode.EXPLAIN and rule in self.rules

    @property
    def priced(self) -> bool:
        """Whether the model has an objective for prices to join (not when explaining)."""
        return self.mode is not Mode.EXPLAIN

    def switch(
        self, inst: RuleInstance, *, liftable: bool = False, soft: bool = False
    ) -> cp_model.IntVar:
        """A new enforcement literal for ``inst``.

        Args:
            inst: the rule instance it guards.
            liftable: a best-effort plan may switch it off (the rule then adds its price).
            soft: any plan may switch it off, at its price (a week the runner is away).
        """
        lit = self.cp.new_bool_var(f"{inst.rule}({inst.label})")
        if not soft and (
            self.mode is Mode.PLAN or (self.mode is Mode.BEST_EFFORT and not liftable)
        ):
            self.cp.add(lit == 1)
        self.switches.append(Switch(inst, lit, liftable or soft))
        return lit

    def defer(self, price: Callable[[], Any]) -> None:
        """Add a price to the objective, made once every rule is built (not a soft goal: it
        is not reported as paid)."""
        self.deferred.append(price)


@dataclass
class Model:
    grid: Grid
    ctx: ModelContext
    terms: list[Term]
    rules: tuple[str, ...]  # the rules built, in order
    # (proto variable index, coefficient) terms minimised once the objective is optimal.
    tiebreak: list[tuple[int, int]] | None = None

    @property
    def cp(self) -> cp_model.CpModel:
        return self.ctx.cp


def objective_of(terms: list[Term], prices: list[Any]) -> Any:
    """The plan's objective: SCALE x the weighted soft terms, plus the prices."""
    return sum(SCALE * t.weight * t.var for t in terms if t.weight) + sum(prices)


def build_model(
    grid: Grid,
    *,
    mode: Mode = Mode.PLAN,
    rules: tuple[str, ...] | None = None,
    hint: dict[int, int] | None = None,
) -> Model:
    """Build the CP-SAT model of ``grid`` with the registered rules (all enabled ones by default).

    Args:
        grid: the precomputed time grid.
        mode: plan, explain (no objective) or best effort.
        rules: the rules to build, by name; defaults to every registered rule the athlete
            has not switched off.
        hint: a previous plan as ``{day: slot}``, given to CP-SAT as a solution hint.
    """
    cp = cp_model.CpModel()
    n = len(grid.days)
    names = (
        rules if rules is not None else tuple(name for name in REGISTRY if grid.rules.enabled(name))
    )
    allowed = _cut_starts(grid, names, mode)
    x = [cp.new_bool_var(f"x[{d}]") for d in range(n)]
    start = [cp.new_int_var(0, grid.n_starts - 1, f"start[{d}]") for d in range(n)]
    for d in range(n):
        cp.add(start[d] == 0).only_enforce_if(~x[d])
        if allowed[d] and allowed[d][0] > 0:
            # Valid cut for the tie-break below: a session starts no earlier than the
            # day's first allowed start.
            cp.add(start[d] >= allowed[d][0] * x[d])
    ctx = ModelContext(cp=cp, x=x, start=start, mode=mode, allowed=allowed, rules=names)

    terms: list[Term] = []
    for name in names:
        terms.extend(REGISTRY[name].build(grid, ctx))

    tiebreak = None
    if mode is not Mode.EXPLAIN:
        # Tie-breaks (earlier in the day, earlier in the week) make the optimum unique. They
        # are a second, lexicographic stage (see optimizer.solver.plan): folded into one
        # objective they could outweigh a soft goal, e.g. by dropping a session to save its
        # start slot.
        tiebreak = [(start[d].index, 1) for d in range(n)] + [
            (x[d].index, grid.days[d].date.weekday()) for d in range(n)
        ]
        cp.minimize(objective_of(terms, [price() for price in ctx.deferred]))
    if hint:
        for d in range(n):
            cp.add_hint(x[d], 1 if d in hint else 0)
            cp.add_hint(start[d], hint.get(d, 0))
    return Model(grid=grid, ctx=ctx, terms=terms, rules=names, tiebreak=tiebreak)


def _cut_starts(grid: Grid, names: tuple[str, ...], mode: Mode) -> list[tuple[int, ...]]:
    """Each day's starts allowed by the hard rules in ``names``, for valid cuts only.

    A cut must follow from the rules actually built: with ``run_days`` switched off (or lifted
    in EXPLAIN mode) a session may come before the day's run, and a cut that assumed "after
    the run" would forbid it or overcharge its soft costs.
    """
    everything = tuple(range(grid.n_starts))
    if mode is Mode.EXPLAIN:
        return [everything] * len(grid.days)
    built = [REGISTRY[name] for name in names if REGISTRY[name].hard]
    out = []
    for day in grid.days:
        starts = everything
        for rule in built:
            starts = rule.allowed_starts(grid, day, starts)
        out.append(starts)
    return out
