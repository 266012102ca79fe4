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
    return _Program(grid, rules, best_effort, scale).solve()


class _Program:
    """The shortest path over (day, the last seven days' sessions)."""

    def __init__(self, grid: Grid, rules: list[Rule], best_effort: bool, scale: int) -> None:
        self.grid = grid
        self.best_effort = best_effort
        self.scale = scale
        self.hooks = {
            name: [getattr(r.module, name) for r in rules if hasattr(r.module, name)]
            for name in ("day_cost", "start_cost", "pair_cost", "week_cost", "week_price")
        }
        names = {r.name for r in rules}
        gap = grid.rules.min_gap_days if "recovery_gap" in names else 1
        self.near = (1 << (gap - 1)) - 1  # the days before today a session must not be on
        self.pairs = [f(grid) for f in self.hooks["pair_cost"]]
        self.session = self._sessions(rules)

    def _sessions(self, rules: list[Rule]) -> list[tuple[int, int, int] | None]:
        """Per day: (objective, start, tie-break) of a session at its best start, or None."""
        grid = self.grid
        banned: set[int] = set()
        for r in rules:
            if r.hard:
                banned |= set(r.banned_days(grid))
        everything = tuple(range(grid.n_starts))
        out: list[tuple[int, int, int] | None] = []
        for d, day in enumerate(grid.days):
            starts = everything
            for r in rules:
                if r.hard:
                    starts = r.allowed_starts(grid, day, starts)
            if d in banned or not starts:
                out.append(None)
                continue
            fixed = sum(f(grid, d) for f in self.hooks["day_cost"])
            cost, slot = min(
                (sum(f(grid, d, s) for f in self.hooks["start_cost"]), s) for s in starts
            )
            out.append((self.scale * (fixed + cost), slot, slot + day.date.weekday()))
        return out

    def _pair_costs(self, d: int, state: int, b: int) -> int:
        """What today's choice ``b`` pays with the days ``offset`` back (spread, habit)."""
        cost = 0
        for offset, kind, weight in self.pairs:
            if not weight or d < offset:
                continue
            was = (state >> (offset - 1)) & 1
            if (kind == "both" and was and b) or (kind == "differ" and was != b):
                cost += self.scale * weight
        return cost

    def _week_end(self, w: int, week: int) -> int | None:
        """What week ``w`` holding ``week`` (its seven days' bits) costs; None: not allowed."""
        count = bin(week).count("1")
        price = 0
        for f in self.hooks["week_price"]:
            p = f(self.grid, w, count, self.best_effort)
            if p is None:
                return None
            price += p
        return price + self.scale * sum(f(self.grid, w, count) for f in self.hooks["week_cost"])

    def _step(
        self, d: int, best: dict[int, tuple[int, int]]
    ) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
        """The best (objective, tie-break) of every state after day ``d``, and how."""
        mask = (1 << WINDOW) - 1
        nxt: dict[int, tuple[int, int]] = {}
        came: dict[int, tuple[int, int]] = {}
        session = self.session[d]
        for state, (obj, tie) in best.items():
            for b in (0, 1):
                if b and (session is None or state & self.near):
                    continue
                o = obj + (session[0] if b and session else 0) + self._pair_costs(d, state, b)
                k = tie + (session[2] if b and session else 0)
                new = ((state << 1) | b) & mask
                if d % 7 == 6:
                    week = self._week_end(d // 7, new)
                    if week is None:
                        continue
                    o += week
                if new not in nxt or (o, k) < nxt[new]:
                    nxt[new] = (o, k)
                    came[new] = (state, b)
        return nxt, came

    def solve(self) -> Optimum | None:
        best: dict[int, tuple[int, int]] = {0: (0, 0)}
        back: list[dict[int, tuple[int, int]]] = []
        for d in range(len(self.grid.days)):
            best, came = self._step(d, best)
            if not best:
                return None
            back.append(came)
        state = min(best, key=lambda s: (best[s], s))
        objective, tiebreak = best[state]
        plan: dict[int, int] = {}
        for d in range(len(back) - 1, -1, -1):
            state, b = back[d][state]
            session = self.session[d]
            if b and session is not None:
                plan[d] = session[1]
        return Optimum(objective, tiebreak, dict(sorted(plan.items())))
