"""An exact dynamic program over the plan's days: the optimum of the plan model, fast at
every length, which CP-SAT then only has to confirm.

Every coupling in the plan model spans at most seven days: the recovery gap and the spread
pairs (at most ``min_gap_days`` apart), the habit's weekday pairs (seven apart), and the
weekly counts (one week). So the model's optimum is a shortest path over the days whose state
is the last seven days' sessions: at most 128 states a day, usually 34. Each rule says its
own costs in a form this program reads (``constraints/<rule>.py``: ``day_cost``,
``start_cost``, ``pair_cost``, ``week_cost``, ``week_price``, and the bans and allowed starts
every hard rule gives); a rule that does not (``DP_READY``) makes the program decline.

The result is lexicographic, as the model's: the objective (SCALE x the soft costs, plus
best-effort prices) first, then the tie-breaks (earlier in the day, earlier in the week). It
is exact, and it is used as CP-SAT's hint and as a lower bound on its objective, so CP-SAT
proves the optimum at once; were the two ever to disagree, the plan is solved again without
it (see :func:`optimizer.solver.plan.solve_grid`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from constraints import REGISTRY, Rule
from optimizer.grid import Grid

WINDOW = 7  # days of state: the longest coupling (the habit's weekday pairs)


@dataclass(frozen=True)
class Optimum:
    """The plan model's lexicographic optimum.

    Attributes:
        objective: SCALE x the soft costs plus the prices, as the model's objective reads.
        tiebreak: the tie-break sum (start slots plus weekdays of the sessions).
        plan: the chosen days and their start slots, ``{day: slot}``.
    """

    objective: int
    tiebreak: int
    plan: dict[int, int]


def _rules(grid: Grid, names: Sequence[str]) -> list[Rule] | None:
    rules = [REGISTRY[n] for n in names]
    if not all(getattr(r.module, "DP_READY", False) for r in rules):
        return None
    return rules


def optimum(grid: Grid, names: Sequence[str], *, best_effort: bool, scale: int) -> Optimum | None:
    """The optimum of the model built with rules ``names``; None when a rule cannot be read
    by the program or no plan keeps the rules."""
    rules = _rules(grid, names)
    if rules is None:
        return None
    n = len(grid.days)
    hooks = {
        name: [getattr(r.module, name) for r in rules if hasattr(r.module, name)]
        for name in ("day_cost", "start_cost", "pair_cost", "week_cost", "week_price")
    }
    gap = grid.rules.min_gap_days if "recovery_gap" in names else 1
    # A session on day d: its cost at its best start, lexicographically (cost, start).
    session: list[tuple[int, int, int] | None] = []
    banned: set[int] = set()
    for r in rules:
        if r.hard:
            banned |= set(r.banned_days(grid))
    everything = tuple(range(grid.n_starts))
    for d, day in enumerate(grid.days):
        starts = everything
        for r in rules:
            if r.hard:
                starts = r.allowed_starts(grid, day, starts)
        if d in banned or not starts:
            session.append(None)
            continue
        fixed = sum(f(grid, d) for f in hooks["day_cost"])
        cost, slot = min((sum(f(grid, d, s) for f in hooks["start_cost"]), s) for s in starts)
        session.append((scale * (fixed + cost), slot, slot + day.date.weekday()))
    pairs = [f(grid) for f in hooks["pair_cost"]]
    mask = (1 << WINDOW) - 1
    near = (1 << (gap - 1)) - 1  # the days before today a session must not be on
    # best[state] = (objective, tiebreak); back[d][state] = (previous state, session today)
    best: dict[int, tuple[int, int]] = {0: (0, 0)}
    back: list[dict[int, tuple[int, int]]] = []
    for d in range(n):
        nxt: dict[int, tuple[int, int]] = {}
        came: dict[int, tuple[int, int]] = {}
        for state, (obj, tie) in best.items():
            for b in (0, 1):
                if b:
                    if session[d] is None or state & near:
                        continue
                    cost, _, t = session[d]  # type: ignore[misc]
                    o, k = obj + cost, tie + t
                else:
                    o, k = obj, tie
                for offset, kind, weight in pairs:
                    if not weight or d < offset:
                        continue
                    was = (state >> (offset - 1)) & 1
                    if (kind == "both" and was and b) or (kind == "differ" and was != b):
                        o += scale * weight
                new = ((state << 1) | b) & mask
                if d % 7 == 6:
                    count = bin(new).count("1")
                    price = 0
                    ok = True
                    for f in hooks["week_price"]:
                        p = f(grid, d // 7, count, best_effort)
                        if p is None:
                            ok = False
                            break
                        price += p
                    if not ok:
                        continue
                    o += price + scale * sum(f(grid, d // 7, count) for f in hooks["week_cost"])
                if new not in nxt or (o, k) < nxt[new]:
                    nxt[new] = (o, k)
                    came[new] = (state, b)
        if not nxt:
            return None
        back.append(came)
        best = nxt
    state = min(best, key=lambda s: (best[s], s))
    objective, tiebreak = best[state]
    plan: dict[int, int] = {}
    for d in range(n - 1, -1, -1):
        state, b = back[d][state]
        if b:
            plan[d] = session[d][1]  # type: ignore[index]
    return Optimum(objective, tiebreak, dict(sorted(plan.items())))
