"""A re-plan's solve: the plan's own optimum given what is fixed, then the fewest changes at
that optimum, then the plan's tie-breaks among those.

Lexicographic (:func:`optimizer.solver.objective.solve_in_stages`): first the plan's own
objective (the same terms and prices ``legday plan`` minimises), then, with it held at its
optimum, a change cost: a session that leaves its day costs far more than one that keeps its
day at another hour, and a new hour costs by how far it moved; last, among those, the plan's
own tie-breaks. The previous plan is the solver's hint for the first stage, each stage's
plan the hint for the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from constraints import sessions_per_week as weekly
from optimizer.config import PlanOptions
from optimizer.domain import Penalty, SolveStatus
from optimizer.grid import Grid
from optimizer.replan.spec import Spec, nearest_slot
from optimizer.solver import Solved, SolverSettings
from optimizer.solver.model import SCALE, objective_of
from optimizer.solver.objective import solve_in_stages

# Change costs of the second stage. A session leaving its day (or a day gaining one) costs
# DAY; keeping the day at another hour costs HOUR plus one per slot moved. DAY is far above
# any sum of hour costs a real plan reaches, HOUR above any one session's slot distance, so
# the order is: fewest day changes, then fewest hour changes, then the smallest moves.
DAY = 1_000_000
HOUR = 1_000


@dataclass(frozen=True)
class Solution:
    status: SolveStatus
    days: tuple[int, ...] = ()
    slots: tuple[int, ...] = ()
    objective: float | None = None
    bound: float | None = None
    penalties: tuple[Penalty, ...] = ()
    short_weeks: tuple[int, ...] = ()


def solve(grid: Grid, spec: Spec, opts: PlanOptions, settings: SolverSettings) -> Solution:
    """Solve a re-plan in its three stages."""
    model, guards = spec.make(grid)
    cp, x, start = model.cp, model.ctx.x, model.ctx.start
    # Best effort: weekly minimums may fall short, each at the price `legday plan` charges.
    lifted = [g for g in guards if opts.best_effort and g.liftable]
    for g in guards:
        if not any(g is h for h in lifted):
            cp.add(g.lit == 1)
    missed = spec.missed_by_week(grid)
    prices = []
    for g in lifted:
        w = g.inst.week - 1
        need = max(0, grid.week_min[w] - missed.get(w, 0))
        prices.append(weekly.shortfall(grid, model.ctx, w, need, g.lit))
    objective = objective_of(model.terms, prices)
    n = len(grid.days)
    t = spec.today_index(grid)
    previous = {}
    for day, when in spec.hint.items():
        d = grid.day_index(day)
        if d is not None and d >= t:
            previous[d] = nearest_slot(grid, when)
    change: list[Any] = []

    def change_cost() -> Any:
        for d in range(t, n):
            if d in previous:
                p = previous[d]
                change.append(DAY * (1 - x[d]))
                shifted = cp.new_bool_var(f"shifted[{d}]")
                dist = cp.new_int_var(0, grid.n_starts, f"dist[{d}]")
                cp.add(start[d] == p).only_enforce_if(x[d], ~shifted)
                cp.add(dist >= start[d] - p).only_enforce_if(x[d])
                cp.add(dist >= p - start[d]).only_enforce_if(x[d])
                change.extend([HOUR * shifted, dist])
            elif grid.days[d].date not in spec.locked:
                change.append(DAY * x[d])
        return sum(change)

    def tiebreak() -> Any:
        # `legday plan`'s own tie-breaks (earlier in the day, earlier in the week), so a new
        # session lands where `legday plan` would put it.
        return sum(start[d] + grid.days[d].date.weekday() * x[d] for d in range(t, n))

    def start_from(solved: Solved) -> list[tuple[Any, int]]:
        out: list[tuple[Any, int]] = []
        for d in range(n):
            on = solved.boolean(x[d])
            out += [(x[d], 1 if on else 0), (start[d], solved.value(start[d]) if on else 0)]
        return out

    stages, failed = solve_in_stages(
        cp, [lambda: objective, change_cost, tiebreak], settings, start_from=start_from
    )
    if failed is not None:
        return Solution(failed.status)
    first, last = stages[0], stages[-1]
    chosen = {d: last.value(start[d]) for d in range(n) if last.boolean(x[d])}
    penalties = tuple(
        Penalty(term.rule, term.where, term.weight * v, term.days, term.aspect)
        for term in model.terms
        if term.weight and (v := last.value(term.var))
    )
    short = tuple(sorted(g.inst.week for g in lifted if not last.boolean(g.lit)))
    days = tuple(sorted(chosen))
    assert first.objective is not None and first.bound is not None
    return Solution(
        first.status,
        days,
        tuple(chosen[d] for d in days),
        first.objective / SCALE,
        first.bound / SCALE,
        penalties,
        short,
    )
