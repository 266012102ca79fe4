"""Exact branch-and-bound for one session's :class:`~optimizer.workouts.model.StepModel`.

A session chooses a handful of exercises from a few dozen, at most one per movement
pattern: small enough to solve in Python in about a millisecond, where building and
solving the same model with CP-SAT costs several (``benchmarks/WORKOUTS.md``). The
search branches on the groups (each exercise of the pattern in turn, then none of it), best
group first, and prunes with

* each row's reachable range over the groups still open, and the time budget against the
  shortest and the longest exercises the count still allows;
* three bounds on the objective, the least of which counts: the best open groups for the
  exercises still to choose; the same with each category's count limits (core, legs,
  jumps, other); and the same with the exercises each unmet "at least one of these" row
  (a calf exercise, a big leg movement) still needs.

Every bound is read from tables built once per model, so a node costs a few microseconds.
The search proves optimality when it finishes (most sessions, within a few dozen nodes). A
node limit bounds the worst case: the session then keeps the best choice found so far (the
first dive follows the best groups, so it is rarely far off: ``benchmarks/WORKOUTS.md``
compares the plans with CP-SAT's proven optimum of every session), and if none was found,
the caller hands the same model to CP-SAT. Everything is visited in a fixed order, so the
same model always gives the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.workouts.model import Row, StepModel

#: Nodes before the search stops: enough to prove most sessions (a typical session takes
#: 20-80 nodes); a session that needs more keeps the best choice found by then.
NODE_LIMIT = 300
_INF = float("inf")


@dataclass(frozen=True)
class Answer:
    """What a solve found.

    Attributes:
        keys: The chosen exercises (sorted), or None.
        value: Their objective, or None.
        status: ``"optimal"`` (proven), ``"feasible"`` (the best found when the node limit
            was reached), ``"infeasible"`` (proven: no choice keeps the rules) or ``"limit"``
            (nothing found within the limit: ask CP-SAT).
        nodes: Nodes visited.
    """

    keys: tuple[str, ...] | None
    value: int | None
    status: str
    nodes: int


class _Limit(Exception):
    pass


def _prefix(values: list[int] | list[float]) -> list[float]:
    out = [0.0]
    for v in values:
        out.append(out[-1] + v)
    return out


class _Tables:
    """Everything the search reads, computed once per model."""

    def __init__(self, m: StepModel) -> None:
        rows = m.rows
        self.keys = [e.key for e in m.candidates]
        index = {k: i for i, k in enumerate(self.keys)}
        gain = [m.gains[k] for k in self.keys]
        self.gain = gain
        groups = [
            sorted((index[k] for k in g), key=lambda i: (-gain[i], self.keys[i]))
            for g in m.groups().values()
        ]
        groups.sort(key=lambda g: (-gain[g[0]], self.keys[g[0]]))
        self.groups = groups
        self.group_of = [0] * len(self.keys)
        for n, grp in enumerate(groups):
            for i in grp:
                self.group_of[i] = n
        best = [gain[g[0]] for g in groups]
        self.raw_prefix = _prefix(best)
        self.pos_prefix = _prefix([max(0, b) for b in best])
        self._rows(rows, index)
        self._time(rows, index)
        cats = m.categories()
        self._covers(rows, index, set(cats.values()))
        self._categories(rows, index, cats, best)
        # Per open suffix, the range each row's current value must lie in for the open
        # groups to still bring it within its bounds.
        rows_range = range(len(self.lo))
        self.upper = [
            [self.hi[r] - self.smin[r][g] for r in rows_range] for g in range(len(groups) + 1)
        ]
        self.lower = [
            [self.lo[r] - self.smax[r][g] for r in rows_range] for g in range(len(groups) + 1)
        ]
        self.feasible = len(groups) >= self.least and all(
            lo <= 0 <= hi for lo, hi in zip(self.lower[0], self.upper[0], strict=True)
        )

    def _rows(self, rows: tuple[Row, ...], index: dict[str, int]) -> None:
        """Bounds, the rows each candidate is in, what the open groups can add to each row,
        and the count limits (rows of 1s over every candidate)."""
        n_groups = len(self.groups)
        self.lo: list[float] = []
        self.hi: list[float] = []
        self.touches: list[list[tuple[int, int]]] = [[] for _ in self.keys]
        self.smin: list[list[float]] = []  # per row: least addable from group g on
        self.smax: list[list[float]] = []  # per row: most addable from group g on
        self.card, self.least = len(self.keys), 0
        for r, row in enumerate(rows):
            self.lo.append(-_INF if row.lo is None else row.lo)
            self.hi.append(_INF if row.hi is None else row.hi)
            lows, highs = [0] * n_groups, [0] * n_groups
            touches, group_of = self.touches, self.group_of
            for k, c in row.coef:
                i = index[k]
                touches[i].append((r, c))
                g = group_of[i]
                if c < lows[g]:
                    lows[g] = c
                elif c > highs[g]:
                    highs[g] = c
            self.smin.append(_suffix(lows))
            self.smax.append(_suffix(highs))
            if len(row.coef) == len(self.keys) and all(c == 1 for _, c in row.coef):
                self.card = min(self.card, len(self.keys) if row.hi is None else row.hi)
                self.least = max(self.least, row.lo or 0)

    def _time(self, rows: tuple[Row, ...], index: dict[str, int]) -> None:
        """The time row, and each group's longest and shortest exercise."""
        self.time_row = next((r for r, row in enumerate(rows) if row.knapsack), None)
        seconds = [0] * len(self.keys)
        if self.time_row is not None:
            for k, c in rows[self.time_row].coef:
                seconds[index[k]] = c
        self.group_longest = [max(seconds[i] for i in g) for g in self.groups]
        self.group_shortest = [min(seconds[i] for i in g) for g in self.groups]

    def _covers(
        self, rows: tuple[Row, ...], index: dict[str, int], categories: set[frozenset[str]]
    ) -> None:
        """Rows "at least lo of these" (1s over some candidates): the best gain each group
        offers them, and the best from each suffix on."""
        self.covers: list[tuple[int, list[float], list[float]]] = []
        self.cover_members: list[set[int]] = []
        for r, row in enumerate(rows):
            mine = frozenset(k for k, _ in row.coef)
            whole = len(mine) == len(self.keys) or mine in categories
            if not row.lo or whole or any(c != 1 for _, c in row.coef):
                continue  # the count and the category limits are bounded on their own
            members = {index[k] for k in mine}
            offer = [
                max((float(self.gain[i]) for i in g if i in members), default=-_INF)
                for g in self.groups
            ]
            best_from = [-_INF] * (len(offer) + 1)
            for g in range(len(offer) - 1, -1, -1):
                best_from[g] = max(best_from[g + 1], offer[g])
            self.covers.append((r, offer, best_from))
            self.cover_members.append(members)
        self.apart = [[not a & b for b in self.cover_members] for a in self.cover_members]

    def _categories(
        self,
        rows: tuple[Row, ...],
        index: dict[str, int],
        cats: dict[str, frozenset[str]],
        best: list[int],
    ) -> None:
        """The count limits per category (rows of 1s over exactly a category's candidates),
        each category's groups in search order, and where its open groups start."""
        self.cat_lo: list[int] = []
        self.cover_cat: list[int] = []
        cat_of = {index[k]: n for n, keys in enumerate(cats.values()) for k in keys}
        group_cat = []
        for grp in self.groups:
            kinds = {cat_of[i] for i in grp}
            if len(kinds) != 1:
                return  # a group across categories: no bound from them
            group_cat.append(kinds.pop())
        self.group_cat = group_cat
        self._category_limits(rows, list(cats.values()))
        n_cats = len(cats)
        self.cat_groups = [[g for g, c in enumerate(group_cat) if c == n] for n in range(n_cats)]
        self.cat_best = [[best[g] for g in grps] for grps in self.cat_groups]
        self.cat_prefix = [_prefix(v) for v in self.cat_best]
        self.cat_start = [_starts(group_cat, n) for n in range(n_cats)]
        self.cat_longest = [_ranked(group_cat, n, self.group_longest, True) for n in range(n_cats)]
        self.cat_shortest = [
            _ranked(group_cat, n, self.group_shortest, False) for n in range(n_cats)
        ]
        for members in self.cover_members:
            kinds = {cat_of[i] for i in members}
            self.cover_cat.append(kinds.pop() if len(kinds) == 1 else -1)

    def _category_limits(self, rows: tuple[Row, ...], cats: list[frozenset[str]]) -> None:
        self.cat_lo = [0] * len(cats)
        self.cat_hi = [len(self.keys)] * len(cats)
        for row in rows:
            ones = frozenset(k for k, c in row.coef if c == 1)
            if len(ones) == len(row.coef) and ones in cats:
                n = cats.index(ones)
                self.cat_lo[n] = max(self.cat_lo[n], row.lo or 0)
                self.cat_hi[n] = min(self.cat_hi[n], len(self.keys) if row.hi is None else row.hi)


def _starts(group_cat: list[int], n: int) -> list[int]:
    """For each suffix ``g``: how many of category ``n``'s groups come before it."""
    out, seen = [], 0
    for c in group_cat:
        out.append(seen)
        seen += c == n
    return [*out, seen]


def _ranked(group_cat: list[int], n: int, seconds: list[int], longest: bool) -> list[list[int]]:
    """For each suffix ``g``: category ``n``'s open groups' times, longest or shortest first."""
    out: list[list[int]] = [[] for _ in range(len(group_cat) + 1)]
    for g in range(len(group_cat) - 1, -1, -1):
        out[g] = out[g + 1]
        if group_cat[g] == n:
            out[g] = sorted([*out[g + 1], seconds[g]], reverse=longest)
    return out


def _suffix(values: list[int]) -> list[float]:
    out = [0.0] * (len(values) + 1)
    for g in range(len(values) - 1, -1, -1):
        out[g] = out[g + 1] + values[g]
    return out


def branch_and_bound(m: StepModel, node_limit: int = NODE_LIMIT) -> Answer:
    """Solve a session's model: exactly if the search ends within ``node_limit`` nodes, else
    the best choice found by then.

    Args:
        m: The model.
        node_limit: Most nodes to visit.

    Returns:
        The best choice (ties: the first in the search order), or why there is none.
    """
    tables = _Tables(m)
    if not tables.feasible:
        return Answer(None, None, "infeasible", 0)
    search = _Search(tables, node_limit)
    try:
        search.visit(0, 0)
    except _Limit:
        if search.best is None:
            return Answer(None, None, "limit", search.nodes)
        return Answer(search.best, search.best_value, "feasible", search.nodes)
    if search.best is None:
        return Answer(None, None, "infeasible", search.nodes)
    return Answer(search.best, search.best_value, "optimal", search.nodes)


class _Search:
    """Depth-first over the groups: each member of a group in turn, then none of it."""

    def __init__(self, t: _Tables, node_limit: int) -> None:
        self.t = t
        self.limit = node_limit
        self.act = [0] * len(t.lo)
        self.chosen: list[int] = []
        self.per_cat = [0] * len(t.cat_lo)
        self.cat_of = (
            {i: t.group_cat[n] for n, g in enumerate(t.groups) for i in g} if t.cat_lo else {}
        )
        self.best: tuple[str, ...] | None = None
        self.best_value = 0
        self.nodes = 0
        self.memo: dict[tuple[int, ...], tuple[float | None, float | None]] = {}
        self.split_memo: dict[tuple[float, ...], float | None] = {}

    def visit(self, g: int, value: int) -> None:
        t = self.t
        self.nodes += 1
        if self.nodes > self.limit:
            raise _Limit
        room = t.card - len(self.chosen)
        if t.cat_lo:  # a group whose category is full has nothing to offer: pass it by
            while g < len(t.groups) and self.per_cat[t.group_cat[g]] >= t.cat_hi[t.group_cat[g]]:
                g += 1
        if g == len(t.groups) or room == 0:
            self._leaf(value)
            return
        must = max(0, t.least - len(self.chosen))
        if self._pruned(g, room, must, value):
            return
        # Members come best first: once the cheapest bound rules one out, it rules out the rest.
        rest = value + self._top(g + 1, must - 1, room - 1)
        for i in t.groups[g]:
            if self.best is not None and rest + t.gain[i] < self.best_value + 1:
                break
            self._take(i, +1)
            self.visit(g + 1, value + t.gain[i])
            self._take(i, -1)
        if self.best is None or value + self._top(g + 1, must, room) >= self.best_value + 1:
            self.visit(g + 1, value)

    def _pruned(self, g: int, room: int, must: int, value: int) -> bool:
        """Whether this node can be left: the cheap bound first, then the rows, then the rest."""
        best = self.best_value + 1 if self.best is not None else -_INF
        if value + self._top(g, must, room) < best:
            return True
        if not self._reachable(g, room, must):
            return True
        bound = self._bound(g, room, must)
        return bound is None or value + bound < best

    def _reachable(self, g: int, room: int, must: int) -> bool:
        """Every row can still hold, given what the open groups can add."""
        t, act = self.t, self.act
        if not all(lo <= a <= hi for a, lo, hi in zip(act, t.lower[g], t.upper[g], strict=True)):
            return False
        r = t.time_row
        if r is None:
            return True
        if not t.cat_lo:  # no categories: the longest and shortest open groups
            longest = sorted(t.group_longest[g:], reverse=True)[:room]
            shortest = sorted(t.group_shortest[g:])[:must]
            return act[r] + sum(longest) >= t.lo[r] and act[r] + sum(shortest) <= t.hi[r]
        # With each category's count limits: the longest and shortest they still allow. They
        # depend on the open groups and the category counts only: siblings share them.
        key = (g, must, room, *self.per_cat)
        if key not in self.memo:
            self.memo[key] = (
                self._fill(g, room, room, t.cat_longest, -1),
                self._fill(g, must, must, t.cat_shortest, 1),
            )
        most, least = self.memo[key]
        return (
            most is not None
            and least is not None
            and act[r] + most >= t.lo[r]
            and act[r] - least <= t.hi[r]
        )

    def _fill(
        self, g: int, least: int, most: int, ranked: list[list[list[int]]], sign: int
    ) -> float | None:
        """The most seconds (``sign`` -1, ``ranked`` longest first) that ``least`` to ``most``
        more exercises from the open groups can add within the categories' limits, or with
        ``sign`` 1 (``ranked`` shortest first) minus the least. None if they cannot fit."""
        t = self.t
        forced = 0
        needs = 0
        tails: list[int] = []
        for k in range(len(t.cat_lo)):
            need = t.cat_lo[k] - self.per_cat[k]
            cap = t.cat_hi[k] - self.per_cat[k]
            values = ranked[k][g]
            if need < 0:
                need = 0
            if cap < need or len(values) < need:
                return None
            forced += sum(values[:need])
            needs += need
            tails += values[need:cap]
        if needs > most:
            return None
        extra = (least if sign > 0 else most) - needs
        if extra <= 0:
            return forced if sign < 0 else -forced
        if sign > 0 and len(tails) < extra:
            return None
        tails.sort(reverse=sign < 0)
        total = forced + sum(tails[:extra])
        return total if sign < 0 else -total

    def _bound(self, g: int, room: int, must: int) -> float | None:
        """The most the open groups can add (None: they cannot complete the session)."""
        bound = self._top(g, must, room)
        cover = self._cover_bound(g, room, must)
        split = self._category_bound(g, room, must)
        if cover is None or split is None:
            return None
        return min(bound, cover, split)

    def _top(self, g: int, least: int, most: int) -> float:
        """The best open groups: at least ``least`` of them, then up to ``most`` that gain."""
        t = self.t
        end = len(t.groups)
        lo, hi = min(end, g + max(0, least)), min(end, g + most)
        return t.raw_prefix[lo] - t.raw_prefix[g] + max(0.0, t.pos_prefix[hi] - t.pos_prefix[lo])

    def _cover_bound(self, g: int, room: int, must: int) -> float | None:
        """A completion holds what every unmet "at least" row still needs. For one row: its
        best open exercises, then the best open groups for the rest; for rows that share no
        exercise, the needed exercises are different ones, so their best add up."""
        t, act = self.t, self.act
        bound = _INF
        picked: list[int] = []
        forced = 0.0
        needed = 0
        for n, (r, offer, best_from) in enumerate(t.covers):
            need = int(t.lo[r] - act[r])
            if need <= 0:
                continue
            mine = self._offered(offer, best_from, g, need)
            if need > room or mine is None:
                return None
            bound = min(bound, mine + self._top(g, must - need, room - need))
            if all(t.apart[n][p] for p in picked):
                picked.append(n)
                forced += mine
                needed += need
        if len(picked) > 1:
            if needed > room:
                return None
            bound = min(bound, forced + self._top(g, must - needed, room - needed))
        return bound

    def _category_bound(self, g: int, room: int, must: int) -> float | None:
        """Each category takes at least what it still needs and at most what it still may:
        the best open exercises of the unmet "at least" rows inside it (rows that share no
        exercise), its best open groups for the rest of its needs, then the best of what the
        categories still allow for the rest of the room."""
        t = self.t
        if not t.cat_lo:
            return _INF
        key = (g, room, must, *self.per_cat, *(self.act[r] for r, _, _ in t.covers))
        if key not in self.split_memo:
            self.split_memo[key] = self._split(g, room, must)
        return self.split_memo[key]

    def _split(self, g: int, room: int, must: int) -> float | None:
        t = self.t
        inner = self._cover_needs(g)
        forced = 0.0
        needs = 0
        tails: list[list[int]] = []
        for k in range(len(t.cat_lo)):
            cover_value, cover_need = inner.get(k, (0.0, 0))
            need = max(0, t.cat_lo[k] - self.per_cat[k], cover_need)
            cap = t.cat_hi[k] - self.per_cat[k]
            start = t.cat_start[k][g]
            if cap < need or len(t.cat_best[k]) - start < need:
                return None
            own = need - cover_need
            forced += cover_value + t.cat_prefix[k][start + own] - t.cat_prefix[k][start]
            needs += need
            tails.append(t.cat_best[k][start + own : start + own + cap - need])
        if needs > room:
            return None
        rest = sorted((v for tail in tails for v in tail[: room - needs]), reverse=True)
        least = max(0, must - needs)
        if len(rest) < least:
            return None
        return forced + sum(rest[:least]) + sum(v for v in rest[least : room - needs] if v > 0)

    def _cover_needs(self, g: int) -> dict[int, tuple[float, int]]:
        """Per category: the best open exercises its unmet "at least" rows need (rows that
        share no exercise with one already counted), and how many."""
        t, act = self.t, self.act
        out: dict[int, tuple[float, int]] = {}
        picked: list[int] = []
        for n, (r, offer, best_from) in enumerate(t.covers):
            k = t.cover_cat[n]
            need = int(t.lo[r] - act[r])
            if k < 0 or need <= 0 or not all(t.apart[n][p] for p in picked):
                continue
            mine = self._offered(offer, best_from, g, need)
            if mine is None:
                continue
            picked.append(n)
            value, count = out.get(k, (0.0, 0))
            out[k] = (value + mine, count + need)
        return out

    @staticmethod
    def _offered(offer: list[float], best_from: list[float], g: int, need: int) -> float | None:
        """The best ``need`` offers from group ``g`` on (None: fewer than that)."""
        if need == 1:
            return best_from[g] if best_from[g] > -_INF else None
        top = sorted((v for v in offer[g:] if v > -_INF), reverse=True)[:need]
        return sum(top) if len(top) == need else None

    def _take(self, i: int, sign: int) -> None:
        for r, coef in self.t.touches[i]:
            self.act[r] += sign * coef
        if sign > 0:
            self.chosen.append(i)
        else:
            self.chosen.pop()
        if self.cat_of:
            self.per_cat[self.cat_of[i]] += sign

    def _leaf(self, value: int) -> None:
        t = self.t
        if all(t.lo[r] <= a <= t.hi[r] for r, a in enumerate(self.act)) and (
            self.best is None or value > self.best_value
        ):
            self.best = tuple(sorted(t.keys[i] for i in self.chosen))
            self.best_value = value
