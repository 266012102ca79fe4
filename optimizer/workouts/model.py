"""One session's selection model, stated once for every solver.

Each workout rule adds its part (:mod:`optimizer.workouts.rules`): candidates it rules out,
linear rows over the session's "chosen" booleans, gains per exercise (the objective), and
the groups of which at most one exercise may be chosen. The model is
plain data: :mod:`optimizer.workouts.search` solves it by exact branch-and-bound, and
:mod:`optimizer.workouts.selection` hands the very same model to CP-SAT when the search
runs out of nodes, and to cross-check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from optimizer.workouts.library import Exercise


@dataclass(frozen=True)
class Row:
    """``lo <= sum(coef[key] * chosen[key]) <= hi`` (None: no bound on that side).

    Attributes:
        rule: The rule that asks for it.
        coef: Coefficient per exercise key (keys not listed: 0).
        lo: Least value, or None.
        hi: Most value, or None.
        knapsack: Non-negative weights against a budget (the session's time): the search
            bounds the objective with it.
    """

    rule: str
    coef: tuple[tuple[str, int], ...]
    lo: int | None
    hi: int | None
    knapsack: bool = False

    def value(self, keys: Iterable[str]) -> int:
        chosen = set(keys)
        return sum(c for k, c in self.coef if k in chosen)

    def holds(self, keys: Iterable[str]) -> bool:
        v = self.value(keys)
        return (self.lo is None or v >= self.lo) and (self.hi is None or v <= self.hi)


class StepModel:
    """The selection model of one session: choose a subset of its candidates.

    Maximise the gains of the chosen exercises, subject to the rows and to at most one
    exercise per group.
    """

    def __init__(self, candidates: Sequence[Exercise]) -> None:
        self._all = {e.key: e for e in sorted(candidates, key=lambda e: e.key)}
        self.ruled_out: dict[str, str] = {}  # key -> the rule that ruled it out
        self._rows: list[Row] = []
        self.gains: dict[str, int] = {k: 0 for k in self._all}
        self.group_of: Callable[[Exercise], str] = lambda e: e.key
        self.category_of: Callable[[Exercise], str] = lambda e: ""
        self._candidates: tuple[Exercise, ...] | None = None
        self._filtered: tuple[Row, ...] | None = None
        self._categories: dict[str, frozenset[str]] | None = None

    # ------------------------------------------------------------------ what rules add

    def keep_only(self, keys: Iterable[str], rule: str) -> None:
        """Rule out every candidate not in ``keys``."""
        keep = set(keys)
        self.rule_out((k for k in self._all if k not in keep), rule)

    def rule_out(self, keys: Iterable[str], rule: str) -> None:
        """These exercises may not be chosen (the first rule to say so is remembered)."""
        for k in keys:
            if k in self._all:
                self.ruled_out.setdefault(k, rule)
        self._candidates = None
        self._filtered = None
        self._categories = None

    def add(
        self,
        rule: str,
        coef: Mapping[str, int],
        lo: int | None = None,
        hi: int | None = None,
        *,
        knapsack: bool = False,
    ) -> None:
        """Add the row ``lo <= sum(coef * chosen) <= hi``."""
        terms = tuple(sorted((k, c) for k, c in coef.items() if c and k in self._all))
        self._rows.append(Row(rule, terms, lo, hi, knapsack))
        self._filtered = None

    def gain(self, key: str, value: int) -> None:
        """Add ``value`` to the objective when ``key`` is chosen."""
        if key in self.gains:
            self.gains[key] += value

    def at_most_one_per(self, group_of: Callable[[Exercise], str]) -> None:
        """At most one chosen exercise per ``group_of(exercise)`` (a partition)."""
        self.group_of = group_of

    def count_per(
        self,
        rule: str,
        category_of: Callable[[Exercise], str],
        limits: Mapping[str, tuple[int, int]],
    ) -> None:
        """Between ``lo`` and ``hi`` chosen exercises of each category (a partition coarser
        than the groups): rows like any other, and the search bounds with them."""
        self.category_of = category_of
        self._categories = None
        mine = {e.key: category_of(e) for e in self.candidates}
        for name, (lo, hi) in sorted(limits.items()):
            self.add(rule, {k: 1 for k, c in mine.items() if c == name}, lo, hi)

    # ------------------------------------------------------------------ what solvers read

    @property
    def candidates(self) -> tuple[Exercise, ...]:
        """The exercises still allowed, by key."""
        if self._candidates is None:
            out = self.ruled_out
            self._candidates = tuple(e for k, e in self._all.items() if k not in out)
        return self._candidates

    @property
    def rows(self) -> tuple[Row, ...]:
        """Every row, restricted to the allowed candidates."""
        if self._filtered is None:
            out = self.ruled_out
            self._filtered = tuple(
                Row(
                    r.rule, tuple((k, c) for k, c in r.coef if k not in out), r.lo, r.hi, r.knapsack
                )
                for r in self._rows
            )
        return self._filtered

    def categories(self) -> dict[str, frozenset[str]]:
        """The allowed candidates of each category (see :meth:`count_per`)."""
        if self._categories is None:
            out: dict[str, set[str]] = {}
            for e in self.candidates:
                out.setdefault(self.category_of(e), set()).add(e.key)
            self._categories = {c: frozenset(keys) for c, keys in sorted(out.items())}
        return self._categories

    def groups(self) -> dict[str, tuple[str, ...]]:
        """The at-most-one groups of the allowed candidates, by group name."""
        out: dict[str, list[str]] = {}
        for e in self.candidates:
            out.setdefault(self.group_of(e), []).append(e.key)
        return {g: tuple(keys) for g, keys in sorted(out.items())}

    def objective(self, keys: Iterable[str]) -> int:
        """The objective of a choice: the sum of its gains."""
        return sum(self.gains.get(k, 0) for k in set(keys))

    def broken(self, keys: Iterable[str]) -> list[str]:
        """The rules a choice breaks (empty: it is a solution)."""
        chosen = sorted(set(keys))
        found = [
            self.ruled_out.get(k, "available") for k in chosen if k not in self.candidates_keys
        ]
        found += [r.rule for r in self._rows if not r.holds(chosen)]
        groups: dict[str, int] = {}
        for k in chosen:
            if k in self._all:
                g = self.group_of(self._all[k])
                groups[g] = groups.get(g, 0) + 1
        found += ["group"] * sum(n > 1 for n in groups.values())
        return found

    @property
    def candidates_keys(self) -> frozenset[str]:
        return frozenset(e.key for e in self.candidates)
