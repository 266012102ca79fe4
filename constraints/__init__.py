"""The rules, one module each, in one explicit, ordered registry, and what they work with.

A rule is a module of this package. Its function named after the module is its CP-SAT
``build(grid, m) -> list[Term]``: hard rules add constraints, each instance guarded by its
own enforcement literal from ``m.switch(instance)``, and return no terms; soft rules return
their named, weighted penalty terms. The module also owns everything else about the rule,
as functions the rest of legday asks for through :class:`Rule` (each optional):

- ``banned_days(grid) -> dict[int, Ban]``: the plan days no session may take, and why;
- ``allowed_starts(grid, day, starts) -> starts``: the start slots it leaves on a day (the
  model's valid cuts);
- ``check(view) -> list[Violation]``: its solver-free twin (what ``legday check`` runs);
- ``clash(grid, core, scope) -> ClashWords``: its part of a clash, in a runner's words;
- ``ladders(problem, opts) -> list[Ladder]``: how it can be relaxed, smallest step first;
- ``paid(ctx, penalty) -> str`` / ``kept(ctx) -> list[str]``: what a session pays or keeps;
- ``BLOCK_RANK`` / ``WORDS_RANK``: the order its reasons are read in;
- ``BANS_DAYS``: its instances ban a stretch of days, which a re-plan may cut at today.

The order below is the order the model is built in, every run.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo

from optimizer.domain import Problem, RunKind, Session, Violation

if TYPE_CHECKING:
    from optimizer.config import PlanOptions
    from optimizer.grid import Day, Grid
    from optimizer.solver.model import ModelContext


@dataclass(frozen=True)
class RuleInstance:
    """One instance of a hard rule: what a switch guards, a clash names, a re-plan settles.

    Attributes:
        rule: the rule's registry key (or a re-plan's own guard: ``done``, ``locked``,
            ``missed``).
        days: every day the instance concerns, in order (the days a ban takes, both days of
            a gap, the week of a weekly count); may reach outside the plan's weeks.
        week: the 1-based plan week of a weekly instance.
        bound: which side of a weekly count (``min``/``max``) or what a fixed day holds
            (``on``/``off``).
        anchor: the run or race the instance comes from (a long run, a race).
        label: its name in CP-SAT variable names, tests and logs; never parsed.
    """

    rule: str
    label: str
    days: tuple[dt.date, ...] = ()
    week: int | None = None
    bound: str = ""
    anchor: dt.date | None = None

    def __str__(self) -> str:
        return self.label

    @property
    def first(self) -> dt.date | None:
        return self.days[0] if self.days else None

    @property
    def last(self) -> dt.date | None:
        return self.days[-1] if self.days else None

    def settled_by(self, today: dt.date) -> bool:
        """Whether every day it concerns is before ``today`` (done is done)."""
        return bool(self.days) and self.days[-1] < today


@dataclass(frozen=True)
class Term:
    """One soft penalty: ``weight * var`` in the objective, named after its rule and place.

    Attributes:
        rule: the soft rule.
        where: its name (report, logs); never parsed.
        weight: the rule's weight.
        var: a CP-SAT linear expression (a BoolVar or an IntVar).
        days: the days whose sessions pay it.
        aspect: which part of the rule, for rules with several (``habit``: day or time).
    """

    rule: str
    where: str
    weight: int
    var: Any
    days: tuple[dt.date, ...] = ()
    aspect: str = ""


@dataclass(frozen=True)
class ClashWords:
    """A rule's part of a clash, in a runner's words.

    Attributes:
        phrases: what the rule asks ("no strength on a long-run day or the day after (Sat,
            Sun)"), one phrase or a few.
        taken: the plan days (indices) it takes away, with a one-word reason.
    """

    phrases: tuple[str, ...]
    taken: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Ladder:
    """One kind of relaxation, from its smallest step to its largest (feasibility only grows).

    Attributes:
        name: what it relaxes.
        rank: the order a coach would give relaxations up in (smallest first).
        steps: the ``PlanOptions`` changes of each step.
        render: the flags and the words of a relaxed ``PlanOptions``.
    """

    name: str
    rank: int
    steps: tuple[tuple[tuple[str, Any], ...], ...]
    render: Callable[[PlanOptions], tuple[tuple[str, ...], str]]


@dataclass(frozen=True)
class PlanView:
    """A plan as the solver-free checks read it: sessions on the athlete's calendar.

    Attributes:
        problem: the problem the plan is judged against.
        sessions: every session, in the athlete's zone, by start.
    """

    problem: Problem
    sessions: tuple[Session, ...]

    @classmethod
    def of(cls, problem: Problem, sessions: Sequence[Session]) -> PlanView:
        # Judge every session on the athlete's calendar: a plan read from a file may be in
        # UTC (Google writes UTC), and 20:30 in New York is already tomorrow in UTC.
        zone = ZoneInfo(problem.tz)
        mine = sorted(
            (
                replace(s, start=s.start.astimezone(zone), end=s.end.astimezone(zone))
                for s in sessions
            ),
            key=lambda s: s.start,
        )
        return cls(problem, tuple(mine))

    @cached_property
    def inside(self) -> tuple[Session, ...]:
        """The sessions inside the plan's weeks."""
        p = self.problem
        return tuple(s for s in self.sessions if p.start <= s.day < p.end)

    @cached_property
    def by_day(self) -> dict[dt.date, list[Session]]:
        """The sessions inside the plan, by day."""
        out: dict[dt.date, list[Session]] = defaultdict(list)
        for s in self.inside:
            out[s.day].append(s)
        return dict(out)

    @cached_property
    def kinds(self) -> dict[dt.date, set[RunKind]]:
        from optimizer import timeline

        return timeline.run_kinds_by_day(self.problem)


class Ban(NamedTuple):
    """A day a rule takes away: the instance that takes it and why, in a runner's words."""

    inst: RuleInstance
    why: str


def ban_each(grid: Grid, m: ModelContext, instances: Sequence[RuleInstance]) -> None:
    """Build a ban of whole days: no session on any plan day of an instance while its
    switch is on (instances wholly outside the plan add nothing)."""
    for inst in instances:
        days = [d for d in map(grid.day_index, inst.days) if d is not None]
        if not days:
            continue
        lit = m.switch(inst)
        for d in days:
            m.cp.add(m.x[d] == 0).only_enforce_if(lit)


def days_taken(
    grid: Grid, instances: Sequence[RuleInstance], what: str
) -> tuple[dict[int, str], list[dt.date]]:
    """A clash's days of day-banning instances: plan day -> ``what`` took it, and the days."""
    taken: dict[int, str] = {}
    days = []
    for inst in instances:
        for day in inst.days:
            d = grid.day_index(day)
            if d is not None:
                taken.setdefault(d, what)
                days.append(day)
    return taken, days


@dataclass(frozen=True)
class Rule:
    """A registered rule: its build function and the hooks its module defines."""

    name: str
    hard: bool
    build: Callable[[Grid, ModelContext], list[Term]]
    doc: str

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(f"constraints.{self.name}")

    def _hook(self, name: str) -> Any:
        return getattr(self.module, name, None)

    def banned_days(self, grid: Grid) -> dict[int, Ban]:
        """The plan days (indices) this rule takes away, each with its instance and reason."""
        hook = self._hook("banned_days")
        if hook is None or not grid.rules.enabled(self.name):
            return {}
        return dict(hook(grid))

    def allowed_starts(self, grid: Grid, day: Day, starts: tuple[int, ...]) -> tuple[int, ...]:
        """The starts of ``starts`` this rule leaves on ``day`` (valid cuts)."""
        hook = self._hook("allowed_starts")
        return starts if hook is None else tuple(hook(grid, day, starts))

    def check(self, view: PlanView) -> list[Violation]:
        """The rule's solver-free twin: what it finds broken in a plan."""
        hook = self._hook("check")
        if hook is None or not view.problem.rules.enabled(self.name):
            return []
        return list(hook(view))

    def clash(
        self, grid: Grid, core: Sequence[RuleInstance], scope: set[dt.date]
    ) -> ClashWords | None:
        """This rule's part of a clash (``core``: its instances in it, all rules')."""
        hook = self._hook("clash")
        return None if hook is None else hook(grid, core, scope)

    def ladders(self, problem: Problem, opts: PlanOptions) -> list[Ladder]:
        hook = self._hook("ladders")
        return [] if hook is None else list(hook(problem, opts))

    def paid(self, ctx: Any, penalty: Any) -> str:
        hook = self._hook("paid")
        return "" if hook is None else hook(ctx, penalty)

    def kept(self, ctx: Any, paid: Any) -> list[str]:
        hook = self._hook("kept")
        return [] if hook is None else list(hook(ctx, paid))

    @property
    def bans_days(self) -> bool:
        return bool(getattr(self.module, "BANS_DAYS", False))

    @property
    def block_rank(self) -> int:
        return int(getattr(self.module, "BLOCK_RANK", 99))

    @property
    def words_rank(self) -> int:
        return int(getattr(self.module, "WORDS_RANK", 99))


REGISTRY: dict[str, Rule] = {}


def register(name: str, *, hard: bool) -> Callable:
    def deco(fn: Callable) -> Callable:
        if name in REGISTRY:
            raise RuntimeError(f"rule {name!r} registered twice")
        if fn.__name__ != name:
            raise RuntimeError(f"rule {name!r} must be built by a function of the same name")
        doc = (fn.__module__ and importlib.import_module(fn.__module__).__doc__) or ""
        REGISTRY[name] = Rule(name, hard, fn, doc.strip().splitlines()[0] if doc else name)
        return fn

    return deco


def rule(name: str) -> Rule:
    """The registered rule ``name``."""
    return REGISTRY[name]


def by_block_rank() -> list[Rule]:
    """Hard rules in the order a runner names the reason a day is out."""
    return sorted((r for r in REGISTRY.values() if r.hard), key=lambda r: r.block_rank)


def by_words_rank() -> list[Rule]:
    """Soft rules in the order a session's costs and gains are read."""
    return sorted((r for r in REGISTRY.values() if not r.hard), key=lambda r: r.words_rank)


# The build order, every run: hard rules first, then soft goals. (Importing a rule module
# registers it; a rule may import another's helpers, so the order is set here, not by import.)
_ORDER = (
    "sessions_per_week",
    "recovery_gap",
    "own_strength",
    "no_strength_after_long_run",
    "run_days",
    "race_window",
    "time_slots",
    "volume",
    "easy_days",
    "separate_days",
    "spread",
    "fresh_legs",
    "back_to_back",
    "habit",
    "prefer_time",
)
for _name in _ORDER:
    importlib.import_module(f"constraints.{_name}")
_registered = dict(REGISTRY)
REGISTRY.clear()
REGISTRY.update({name: _registered.pop(name) for name in _ORDER})
REGISTRY.update(_registered)  # rules registered later (tests) keep their order

HARD_RULES = tuple(r.name for r in REGISTRY.values() if r.hard)
SOFT_RULES = tuple(r.name for r in REGISTRY.values() if not r.hard)
