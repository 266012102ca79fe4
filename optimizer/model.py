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

from dataclasses import dataclass, field
from enum import StrEnum

from ortools.sat.python import cp_model

from constraints import REGISTRY, Term
from optimizer.grid import Grid


class Mode(StrEnum):
    PLAN = "plan"  # every switch fixed on
    EXPLAIN = "explain"  # switches free, used as assumptions; no objective
    BEST_EFFORT = "best_effort"  # weekly minimums may be switched off, at a high price


# A best-effort plan pays this for each weekly minimum it cannot keep; far above any
# soft goal, so it only gives up a minimum that no plan can keep.
SHORT_WEEK_COST = 1_000_000
# ... and this for each session such a week misses: above any soft goal a session can pay
# (their weights times SCALE add up to well under it), below the price of a short week.
SHORT_SESSION_COST = 100_000
# The unit of the soft weights; tie-breaks are worth less than one unit.
SCALE = 16


@dataclass
class Switch:
    rule: str
    where: str
    lit: cp_model.IntVar


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

    def in_force(self, rule: str) -> bool:
        """Whether ``rule`` is built with its switches fixed on, so other rules may rely on it."""
        return self.mode is not Mode.EXPLAIN and rule in self.rules

    def switch(self, rule: str, where: str) -> cp_model.IntVar:
        """A new enforcement literal for one instance of ``rule`` at ``where``."""
        name = f"{rule}({where})"
        lit = self.cp.new_bool_var(name)
        if self.mode is Mode.PLAN or (self.mode is Mode.BEST_EFFORT and not where.endswith(",min")):
            self.cp.add(lit == 1)
        self.switches.append(Switch(rule, where, lit))
        return lit

    def weekday_name(self, grid: Grid, d: int) -> str:
        return f"{grid.days[d].date:%a %Y-%m-%d}"


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
        objective = [SCALE * t.weight * t.var for t in terms if t.weight]
        # Tie-breaks (earlier in the day, earlier in the week) make the optimum unique. They
        # are a second, lexicographic stage (see optimizer.solve): folded into one objective
        # they could outweigh a soft goal, e.g. by dropping a session to save its start slot.
        tiebreak = [(start[d].index, 1) for d in range(n)] + [
            (x[d].index, grid.days[d].date.weekday()) for d in range(n)
        ]
        if mode is Mode.BEST_EFFORT:
            for s in ctx.switches:
                if not s.where.endswith(",min"):
                    continue
                # A short week costs once, and each session it misses costs again: without
                # the second price a week that can only have one session got none, since
                # a lifted minimum was paid the same whatever the week held.
                w = int(s.where.split("=")[1].split(",")[0]) - 1
                missing = cp.new_int_var(0, grid.week_min[w], f"short_sessions(week={w + 1})")
                cp.add(missing >= grid.week_min[w] - sum(x[d] for d in grid.week_days(w)))
                objective += [SHORT_WEEK_COST * (1 - s.lit), SHORT_SESSION_COST * missing]
        cp.minimize(sum(objective))
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
    out = []
    for day in grid.days:
        starts = day.free_starts if "time_slots" in names else everything
        if "run_days" in names and day.is_run_day and day.after_run is not None:
            starts = tuple(s for s in starts if s >= day.after_run)
        out.append(starts)
    return out
