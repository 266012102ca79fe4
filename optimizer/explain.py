"""Why here, and why not: legday explains every decision in a runner's words.

**Why here** (:func:`why_here`, solver-free): for each planned session, which hard rules shaped
its day and time (the run before it, the gap to its neighbours, the days this week the rules
take away, the busy time that day) and which soft goals it paid for or kept. The lines go into
the event's DESCRIPTION, the JSON report, ``legday plan --explain`` and ``legday explain``.

**Why not** (:func:`why_not`): when no plan keeps every rule, CP-SAT finds a small set of rule
instances that clash. The model is built with every hard rule instance behind its own switch
(``Mode.EXPLAIN``: switches free, no objective, because CP-SAT ignores the assumptions' core
when an objective is present); the switches are passed as assumptions and
``sufficient_assumptions_for_infeasibility`` names a core. Presolve has been seen to return a
core that is not one, so the core is then shrunk by deletion, each step re-solving the smaller
set alone, which also confirms it. Relaxations (fewer sessions, a wider window...) are found by
re-solving with the relaxed options, never guessed.

This module is a solve step (assumptions, cores), so it may use CP-SAT; nothing it returns
does.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from optimizer import timeline
from optimizer.config import PlanOptions
from optimizer.diagnose import day_blockers
from optimizer.domain import Level, Penalty, Problem, Run, RunKind, Session
from optimizer.grid import Grid, allowed_starts, build_grid

# --------------------------------------------------------------------------- why here

_KIND_WORD = {
    RunKind.LONG: "long run",
    RunKind.HARD: "hard run",
    RunKind.EASY: "easy run",
    RunKind.RACE: "race",
}
_TOUGH_ORDER = {RunKind.RACE: 0, RunKind.LONG: 1, RunKind.HARD: 2, RunKind.EASY: 3}


@dataclass(frozen=True)
class SessionWhy:
    """Why one session is where it is.

    Attributes:
        session: the session explained.
        headline: the day and time and what the day is ("Tue 05 Jan 18:45: after your hard
            run 'Intervals' (hard days hard)").
        day: the hard rules that shaped the day (gap to the neighbours, days ruled out).
        time: what shaped the time of day (the run before it, busy time, the habit).
        paid: the soft goals this session gives up, with their cost.
        kept: the soft goals it keeps.
    """

    session: Session
    headline: str
    day: tuple[str, ...]
    time: tuple[str, ...]
    paid: tuple[str, ...]
    kept: tuple[str, ...]

    def lines(self) -> tuple[str, ...]:
        """The explanation as short lines, headline first."""
        paid = tuple(f"gives up: {p}" for p in self.paid)
        kept = tuple(f"keeps: {k}" for k in self.kept)
        return (self.headline, *self.day, *self.time, *paid, *kept)


def why_here(
    grid: Grid, sessions: Sequence[Session], penalties: Sequence[Penalty] = ()
) -> list[SessionWhy]:
    """Explain each session (same order as ``sessions``), from the grid and the paid penalties.

    Args:
        grid: the problem's time grid.
        sessions: the plan (any plan: ours, or one read from a file).
        penalties: the soft costs the plan pays (``PlanResult.penalties``, or
            :func:`plan_penalties` for a plan read from a file).
    """
    problem = grid.problem
    runs_by_day: dict[dt.date, list[Run]] = {}
    for run in problem.runs:
        if run.kind.is_run:
            runs_by_day.setdefault(run.day, []).append(run)
    ends = timeline.last_run_end_by_day(problem)
    blocks = [b for b in timeline.blocks(problem) if not b.is_run]
    paid_by_day = _penalties_by_day(penalties)
    ordered = sorted({s.day for s in sessions})
    out = []
    for s in sessions:
        d = grid.day_index(s.day)
        local = s.start.astimezone(grid.start_of(0, 0).tzinfo)
        if d is None:
            out.append(
                SessionWhy(s, f"{local:%a %d %b %H:%M}: outside the plan's weeks", (), (), (), ())
            )
            continue
        day = grid.days[d]
        todays = runs_by_day.get(s.day, [])
        at = ordered.index(s.day)
        prev_day = ordered[at - 1] if at > 0 else None
        next_day = ordered[at + 1] if at + 1 < len(ordered) else None
        out.append(
            SessionWhy(
                session=s,
                headline=f"{local:%a %d %b %H:%M}: {_what_day(todays)}",
                day=tuple(_day_lines(grid, d, prev_day, next_day)),
                time=tuple(_time_lines(grid, d, local, ends.get(s.day), blocks)),
                paid=tuple(
                    _paid_lines(grid, d, local, paid_by_day, runs_by_day, prev_day, next_day)
                ),
                kept=tuple(_kept_lines(grid, day, paid_by_day.get(s.day, {}), runs_by_day)),
            )
        )
    return out


def _what_day(todays: Sequence[Run]) -> str:
    if not todays:
        return "an off day from running"
    main = min(todays, key=lambda r: (_TOUGH_ORDER.get(r.kind, 9), r.event.start))
    word = _KIND_WORD.get(main.kind, "run")
    title = f" '{main.event.summary}'" if main.event.summary else ""
    if main.kind is RunKind.HARD:
        return f"after your {word}{title} (hard days hard)"
    return f"after your {word}{title}"


def _day_lines(grid: Grid, d: int, prev_day: dt.date | None, next_day: dt.date | None) -> list[str]:
    rules = grid.rules
    date = grid.days[d].date
    lines = []
    gap_rule = f"at least {rules.min_gap_days} days between sessions"
    parts = []
    if prev_day is not None:
        parts.append(f"{(date - prev_day).days} days after your last session ({prev_day:%a %d %b})")
    if next_day is not None:
        parts.append(f"{(next_day - date).days} days before the next ({next_day:%a %d %b})")
    if parts:
        lines.append(f"{' and '.join(parts)}: {gap_rule}")
    if prev_day is None:
        lines.append("your first session of the plan: start small")
    # The days this week the hard rules take away: why the session is not on one of them.
    taken: dict[str, list[str]] = {}
    for k in grid.week_days(grid.days[d].week):
        if k == d:
            continue
        why = day_blockers(grid, k)
        if why:
            taken.setdefault(why[0], []).append(f"{grid.days[k].date:%a}")
    if taken:
        said = "; ".join(f"{_join(days)}: {why}" for why, days in taken.items())
        lines.append(f"ruled out this week: {said}")
    return lines


def _time_lines(
    grid: Grid,
    d: int,
    local: dt.datetime,
    run_end: dt.datetime | None,
    blocks: Sequence[timeline.Block],
) -> list[str]:
    rules = grid.rules
    day = grid.days[d]
    lines = []
    if run_end is not None:
        lines.append(f"your run ends at {run_end:%H:%M}: run first, then strength")
    lo = grid.start_of(d, 0)
    hi = grid.start_of(d, grid.n_starts - 1) + dt.timedelta(minutes=rules.minutes)
    busy = [b for b in blocks if b.start < hi and lo < b.end]
    if busy:
        shown = ", ".join(
            f"{max(b.start, lo):%H:%M}-{min(b.end, hi):%H:%M} '{b.label}'" for b in busy[:3]
        )
        more = f" and {len(busy) - 3} more" if len(busy) > 3 else ""
        lines.append(f"busy that day: {shown}{more}")
    slot = grid.slot_of(local.time())
    usual = grid.usual_slot[day.date.weekday()]
    allowed = allowed_starts(day)
    weekday = f"{day.date:%A}"
    usual_at = grid.start_of(d, usual)
    if rules.prefer is not None:
        first, last = rules.prefer.band
        if first <= local.time() and (local + dt.timedelta(minutes=rules.minutes)).time() <= last:
            lines.append(
                f"{local:%H:%M} is inside your preferred {rules.prefer.value} hours "
                f"({first:%H:%M}-{last:%H:%M})"
            )
        elif allowed:
            lines.append(
                f"{local:%H:%M} is the free time nearest your preferred "
                f"{rules.prefer.value} hours ({first:%H:%M}-{last:%H:%M})"
            )
    elif slot == usual:
        lines.append(f"{local:%H:%M} is your usual {weekday} time (a habit is easier to keep)")
    elif allowed and usual not in allowed:
        nearest = min(allowed, key=lambda s: (abs(s - usual), s))
        if nearest == slot:
            lines.append(
                f"your usual {weekday} time {usual_at:%H:%M} is taken that day; "
                f"{local:%H:%M} is the nearest free start"
            )
        else:
            lines.append(f"your usual {weekday} time {usual_at:%H:%M} is taken that day")
    if not lines:
        lines.append(
            f"free in your calendars, inside your daily window "
            f"{rules.window_start:%H:%M}-{rules.window_end:%H:%M}"
        )
    return lines


def _paid_lines(
    grid: Grid,
    d: int,
    local: dt.datetime,
    paid_by_day: dict[dt.date, dict[str, list[tuple[str, int]]]],
    runs_by_day: dict[dt.date, list[Run]],
    prev_day: dt.date | None,
    next_day: dt.date | None,
) -> list[str]:
    day = grid.days[d]
    date = day.date
    mine = paid_by_day.get(date, {})
    lines = []
    for rule in ("easy_days", "fresh_legs", "back_to_back", "spread", "habit", "prefer_time"):
        for where, cost in mine.get(rule, []):
            text = _paid_text(grid, d, local, rule, where, runs_by_day, prev_day, next_day)
            if text:
                lines.append(f"{text} (cost {cost})")
    return lines


def _paid_text(
    grid: Grid,
    d: int,
    local: dt.datetime,
    rule: str,
    where: str,
    runs_by_day: dict[dt.date, list[Run]],
    prev_day: dt.date | None,
    next_day: dt.date | None,
) -> str:
    date = grid.days[d].date
    rules = grid.rules
    if rule == "easy_days":
        return "easy days easy: it is on an easy-run day (no off day or hard-run day suited)"
    if rule == "fresh_legs":
        tomorrow = _tough_run(runs_by_day.get(date + dt.timedelta(days=1), []))
        what = (
            f"your {_KIND_WORD[tomorrow.kind]} '{tomorrow.event.summary}'"
            if tomorrow
            else ("a tough run")
        )
        return f"fresh legs: it is the day before {what}"
    if rule == "back_to_back":
        yesterday = _tough_run(runs_by_day.get(date - dt.timedelta(days=1), []))
        what = f"your {_KIND_WORD[yesterday.kind]}" if yesterday else "a tough run"
        return f"no back-to-back: it is the day after {what}"
    if rule == "spread":
        dates = _dates(where)
        if len(dates) == 2 and dates[0] == date and next_day is not None:
            return (
                f"spread: only {(next_day - date).days} days before your next session "
                f"({next_day:%a %d %b})"
            )
        if len(dates) == 2 and dates[1] == date and prev_day is not None:
            return (
                f"spread: only {(date - prev_day).days} days after your last session "
                f"({prev_day:%a %d %b})"
            )
        return ""
    if rule == "habit":
        if where.startswith("time "):
            usual = grid.start_of(d, grid.usual_slot[date.weekday()])
            minutes = abs((local.hour * 60 + local.minute) - (usual.hour * 60 + usual.minute))
            return f"habit: {minutes} min from your usual {date:%A} time {usual:%H:%M}"
        dates = _dates(where)
        if dates and dates[0] == date:
            return f"habit: no session on the {date:%A} a week later"
        if dates and dates[0] + dt.timedelta(days=7) == date:
            return f"habit: no session on the {date:%A} a week earlier"
        return ""
    if rule == "prefer_time" and rules.prefer is not None:
        first, last = rules.prefer.band
        return (
            f"preferred time: outside your {rules.prefer.value} hours ({first:%H:%M}-{last:%H:%M})"
        )
    return ""


def _kept_lines(
    grid: Grid,
    day: Any,
    paid: dict[str, list[tuple[str, int]]],
    runs_by_day: dict[dt.date, list[Run]],
) -> list[str]:
    lines = []
    d = day.index
    if day.is_hard:
        lines.append("hard days hard: strength on the same day as a hard run")
    elif not day.is_run_day:
        lines.append("an off day: no run to share the day with")
    if "fresh_legs" not in paid and d + 1 < len(grid.days):
        tomorrow = runs_by_day.get(grid.days[d + 1].date, [])
        lines.append(
            "fresh legs: tomorrow's run is an easy one"
            if tomorrow
            else "fresh legs: no run tomorrow"
        )
    if "back_to_back" not in paid and d > 0 and not grid.days[d - 1].is_tough:
        lines.append("no back-to-back: yesterday was not a long or hard run")
    return lines


def _tough_run(runs: Sequence[Run]) -> Run | None:
    tough = [r for r in runs if r.kind in (RunKind.LONG, RunKind.HARD, RunKind.RACE)]
    return min(tough, key=lambda r: (_TOUGH_ORDER[r.kind], r.event.start)) if tough else None


def _penalties_by_day(
    penalties: Sequence[Penalty],
) -> dict[dt.date, dict[str, list[tuple[str, int]]]]:
    """Each paid soft term under the day(s) whose session pays it."""
    out: dict[dt.date, dict[str, list[tuple[str, int]]]] = {}
    for p in penalties:
        dates = _dates(p.where)
        if p.rule == "habit" and not p.where.startswith("time ") and dates:
            # A weekday kept one week and not the next: the session that exists pays it.
            dates = [dates[0], dates[0] + dt.timedelta(days=7)]
        for day in dates:
            out.setdefault(day, {}).setdefault(p.rule, []).append((p.where, p.cost))
    return out


def _dates(where: str) -> list[dt.date]:
    out = []
    for part in where.replace(",", " ").split():
        try:
            out.append(dt.date.fromisoformat(part))
        except ValueError:
            continue
    return out


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plan_penalties(
    grid: Grid, sessions: Sequence[Session], *, time_limit: float = 10.0
) -> tuple[Penalty, ...]:
    """The soft costs a given plan pays (for a plan read from a file).

    The model is built without switches enforced, the plan's days and start slots are fixed,
    and the soft terms are minimised: what is left is exactly what the plan pays.
    """
    from ortools.sat.python import cp_model

    from optimizer.model import Mode, build_model
    from optimizer.solve import SolverSettings, make_solver

    model = build_model(grid, mode=Mode.EXPLAIN)
    zone = grid.start_of(0, 0).tzinfo
    chosen: dict[int, int] = {}
    for s in sessions:
        d = grid.day_index(s.start.astimezone(zone).date())
        if d is not None and d not in chosen:
            chosen[d] = grid.slot_of(s.start.astimezone(zone).time())
    for d in range(len(grid.days)):
        model.cp.add(model.ctx.x[d] == (1 if d in chosen else 0))
        if d in chosen:
            model.cp.add(model.ctx.start[d] == chosen[d])
    model.cp.minimize(sum(t.weight * t.var for t in model.terms if t.weight))
    solver = make_solver(SolverSettings(time_limit=time_limit))
    if solver.solve(model.cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ()
    return tuple(
        Penalty(t.rule, t.where, t.weight * v)
        for t in model.terms
        if t.weight and (v := solver.value(t.var))
    )


# --------------------------------------------------------------------------- why not


@dataclass(frozen=True)
class Clash:
    """One rule instance of a clash (an element of the core)."""

    rule: str
    where: str


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
    """

    clashes: tuple[tuple[Clash, ...], ...]
    lines: tuple[str, ...]
    relaxations: tuple[Relaxation, ...]
    confirmed: bool
    seconds: float
    solves: int
    short_weeks: tuple[int, ...] = ()  # what --best-effort would leave short


@dataclass
class _Budget:
    """A deadline shared by every solve of one explanation."""

    deadline: float
    per_solve: float
    solves: int = 0

    def limit(self) -> float:
        return max(0.05, min(self.per_solve, self.deadline - time.perf_counter()))

    @property
    def spent(self) -> bool:
        return time.perf_counter() >= self.deadline


# Deletion order when shrinking a core: the rules whose instances are many and fine-grained go
# first, so the core that is left speaks of whole days and weeks, which read better.
_SHRINK_ORDER = {
    "recovery_gap": 0,
    "time_slots": 1,
    "run_days": 2,
    "no_strength_after_long_run": 3,
    "race_window": 4,
    "done": 5,
    "locked": 6,
    "sessions_per_week": 7,
}


def find_core(
    cp: Any,
    named: Sequence[tuple[str, str, Any]],
    *,
    per_solve: float = 5.0,
    budget: float = 30.0,
    skip: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[tuple[Clash, ...], bool, int]:
    """A small set of guarded rule instances that cannot all hold.

    Args:
        cp: a CP-SAT model without objective whose rule instances are guarded by literals.
        named: ``(rule, where, literal)`` for every guard that may take part.
        per_solve: time limit of one solve, in seconds.
        budget: time limit of the whole search.
        skip: guards left out of the assumptions (already explained clashes).

    Returns:
        ``(core, confirmed, solves)``: the core (empty when the assumptions are satisfiable or
        the time ran out), whether it was re-solved alone and found infeasible, and the number
        of solves.
    """
    clock = _Budget(time.perf_counter() + budget, per_solve)
    active = [n for n in named if (n[0], n[1]) not in skip]
    by_index = {lit.index: (rule, where, lit) for rule, where, lit in active}
    status, found = _solve_assuming(cp, [n[2] for n in active], clock)
    if status != "infeasible":
        return (), False, clock.solves
    core = [by_index[i] for i in found if i in by_index] or active
    core.sort(key=lambda n: (_SHRINK_ORDER.get(n[0], 9), n[1]))
    # Deletion: drop each element in turn; if the rest is still infeasible it was not needed
    # (and the solver's own, smaller core of the rest replaces it: clause-set refinement).
    i = 0
    while i < len(core) and not clock.spent:
        trial = core[:i] + core[i + 1 :]
        status, found = _solve_assuming(cp, [n[2] for n in trial], clock)
        if status == "infeasible":
            keep = set(found)
            refined = [n for n in trial if n[2].index in keep]
            core = refined if refined and len(refined) < len(trial) else trial
            # The refined core may have lost elements before i; restart from where we are.
            i = min(i, len(core))
        else:
            i += 1
    # Confirm the final core on its own (presolve has returned cores that were not).
    status, _ = _solve_assuming(cp, [n[2] for n in core], clock)
    confirmed = status == "infeasible"
    cp.clear_assumptions()
    return tuple(Clash(rule, where) for rule, where, _ in core), confirmed, clock.solves


def _solve_assuming(cp: Any, lits: Sequence[Any], clock: _Budget) -> tuple[str, list[int]]:
    from ortools.sat.python import cp_model

    from optimizer.solve import SolverSettings, make_solver

    cp.clear_assumptions()
    cp.add_assumptions(list(lits))
    solver = make_solver(SolverSettings(time_limit=clock.limit()))
    # No objective: the LP relaxation the plan's solve needs only slows a feasibility question.
    solver.parameters.linearization_level = 0
    clock.solves += 1
    code = solver.solve(cp)
    if code == cp_model.INFEASIBLE:
        return "infeasible", list(solver.sufficient_assumptions_for_infeasibility())
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "feasible", []
    return "unknown", []


Guard = tuple[str, str, Any]  # (rule, where, enforcement literal)
ModelMaker = Callable[[Grid], tuple[Any, list[Guard]]]


def plain_model(grid: Grid) -> tuple[Any, list[Guard]]:
    """The plan's model without objective, every hard rule instance behind a free guard."""
    from optimizer.model import Mode, build_model

    model = build_model(grid, mode=Mode.EXPLAIN)
    return model, [(s.rule, s.where, s.lit) for s in model.ctx.switches]


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
        mins = {(c.rule, c.where) for c in core if c.where.endswith(",min")}
        skip |= mins or {(c.rule, c.where) for c in core}
    more = False
    if len(clashes) == max_clashes:
        # Stopped by the cap, not because the rest is feasible: say there is more.
        status, _ = _solve_assuming(
            model.cp,
            [n[2] for n in named if (n[0], n[1]) not in skip],
            _Budget(deadline, per_solve),
        )
        model.cp.clear_assumptions()
        solves += 1
        more = status != "feasible"
    clashes.sort(
        key=lambda core: min(
            (int(c.where.split("=")[1].split(",")[0]) for c in core if c.where.endswith(",min")),
            default=0,
        )
    )
    lines = tuple(describe_clash(grid, core) for core in clashes)
    if more:
        lines += (f"... and more weeks clash the same way (the first {max_clashes} are shown)",)
    clock = _Budget(deadline, per_solve)
    relaxations = find_relaxations(problem, opts, clock, maker=maker)
    short = _best_effort_short_weeks(grid, clock, maker)
    if short is not None:  # tried, and best effort gives a plan
        relaxations = (
            *relaxations,
            Relaxation(
                ("--best-effort",),
                "write the best plan anyway"
                + (
                    f" (week{'s' if len(short) > 1 else ''} {_join([str(w) for w in short])} "
                    f"will fall short)"
                    if short
                    else ""
                ),
                (("best_effort", True),),
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
    rules = grid.rules
    n = len(grid.days)
    weeks = sorted(
        {
            int(c.where.split("=")[1].split(",")[0])
            for c in core
            if c.rule == "sessions_per_week" and c.where.endswith(",min")
        }
    )
    scope = {grid.days[d].date for w in weeks for d in grid.week_days(w - 1)}

    def days_txt(days: Any) -> str:
        # Only the clash's own weeks: a long run on the Sunday before also takes this Monday,
        # but the runner wants to hear about this week. Without a week, dates say which.
        days = list(days)
        shown = [d for d in days if not scope or d in scope]
        return _days(shown or days, dated=not scope)

    by_rule: dict[str, list[Clash]] = {}
    for c in core:
        by_rule.setdefault(c.rule, []).append(c)
    removed: dict[int, str] = {}  # day -> the rule that takes it away

    def take(day: int, why: str) -> None:
        if 0 <= day < n:
            removed.setdefault(day, why)

    phrases: list[str] = []
    if weeks:
        need = grid.week_min[weeks[0] - 1]
        phrases.append(f"{need} session{'s' if need != 1 else ''} a week")
    if "recovery_gap" in by_rule:
        phrases.append(f"{rules.min_gap_days} days between sessions")
    if "no_strength_after_long_run" in by_rule:
        days = []
        for c in by_rule["no_strength_after_long_run"]:
            d = _index(grid, c.where)
            if d is not None:
                take(d, "long run")
                take(d + 1, "long run")
                days += [grid.days[k].date for k in (d, d + 1) if k < n]
        phrases.append(f"no strength on a long-run day or the day after ({days_txt(days)})")
    run_days_all = {_index(grid, c.where) for c in by_rule.get("run_days", [])} - {None}
    slot_days = {_index(grid, c.where) for c in by_rule.get("time_slots", [])} - {None}
    if "run_days" in by_rule:
        if rules.level is Level.BEGINNER:
            for d in run_days_all:
                take(d, "run day")
            phrases.append(
                f"beginners keep strength off run days "
                f"({days_txt(grid.days[d].date for d in sorted(run_days_all))})"
            )
        else:
            late = sorted(d for d in run_days_all if d not in slot_days)
            both = sorted(d for d in run_days_all if d in slot_days)
            for d in late + both:
                take(d, "run first")
            if late:
                ends = timeline.last_run_end_by_day(grid.problem)
                times = [ends[grid.days[d].date] for d in late if grid.days[d].date in ends]
                latest = f"runs end as late as {max(times):%H:%M}, " if times else ""
                phrases.append(
                    f"run first, then strength ({days_txt(grid.days[d].date for d in late)}: "
                    f"{latest}too late for {rules.minutes} minutes before "
                    f"{rules.window_end:%H:%M})"
                )
            if both:
                phrases.append(
                    f"run first, then strength, and busy after the run "
                    f"({days_txt(grid.days[d].date for d in both)})"
                )
    only_slots = sorted(slot_days - run_days_all)
    if only_slots:
        for d in only_slots:
            take(d, "busy")
        phrases.append(
            f"no free {rules.minutes} minutes in {rules.window_start:%H:%M}-"
            f"{rules.window_end:%H:%M} "
            f"({days_txt(grid.days[d].date for d in only_slots)})"
        )
    for c in by_rule.get("race_window", []):
        r = _index(grid, c.where)
        if r is None:
            continue
        for k in range(r - rules.race_before_days, r + rules.race_after_days + 1):
            take(k, "race")
        phrases.append(
            f"no strength from {rules.race_before_days} days before to "
            f"{rules.race_after_days} after the race on {grid.days[r].date:%a %d %b}"
        )
    for rule, word in (("done", "the past stays as it was"), ("locked", "your locked sessions")):
        if rule in by_rule:
            days = [_dates(c.where)[0] for c in by_rule[rule] if _dates(c.where)]
            phrases.append(f"{word} ({days_txt(days)})")
            for c in by_rule[rule]:
                d = _index(grid, c.where)
                if d is not None and c.where.endswith(",off"):
                    take(d, rule)
    if not weeks:
        return f"{_join(phrases)} cannot all hold"
    days = [d for w in weeks for d in grid.week_days(w - 1)]
    free = [d for d in days if d not in removed]
    label = (
        f"week {weeks[0]} ({grid.days[days[0]].date:%a %d %b %Y})"
        if len(weeks) == 1
        else f"weeks {_join([str(w) for w in weeks])}"
    )
    need = sum(grid.week_min[w - 1] for w in weeks)
    free_txt = _days(grid.days[d].date for d in free)
    if not free:
        tail = "leave no possible day"
    elif len(free) < need:
        tail = f"leave only {len(free)} possible day{'s' if len(free) != 1 else ''} ({free_txt})"
    else:
        fit, last = 0, None
        for d in free:  # earliest first is the most that fit with the gap (days on a line)
            if last is None or d - last >= rules.min_gap_days:
                fit, last = fit + 1, d
        tail = (
            f"leave room for only {fit} session{'s' if fit != 1 else ''} ({free_txt} possible, "
            f"{rules.min_gap_days} days apart)"
        )
    return f"{label}: {_join(phrases)} {tail}"


def _days(dates: Any, *, dated: bool = False) -> str:
    unique = sorted(set(dates))
    if not dated and len({d.isocalendar()[:2] for d in unique}) <= 1:
        return ", ".join(f"{d:%a}" for d in unique)
    return ", ".join(f"{d:%a %d %b}" for d in unique)


def _index(grid: Grid, where: str) -> int | None:
    dates = _dates(where)
    return grid.day_index(dates[0]) if dates else None


# --------------------------------------------------------------------------- relaxations


@dataclass(frozen=True)
class _Ladder:
    """One kind of relaxation, from its smallest step to its largest (feasibility only grows)."""

    name: str
    steps: tuple[tuple[tuple[str, Any], ...], ...]  # PlanOptions changes per step
    render: Callable[[PlanOptions], tuple[tuple[str, ...], str]]


def _ladders(problem: Problem, opts: PlanOptions) -> list[_Ladder]:
    """Every relaxation worth trying, in the order a coach would give them up."""
    rules = problem.rules
    out: list[_Ladder] = []
    lo, hi = opts.sessions
    if lo > 1:
        out.append(
            _Ladder(
                "sessions",
                tuple((("sessions", (k, hi)),) for k in range(lo - 1, 0, -1)),
                lambda o: (
                    ("--sessions", f"{o.sessions[0]}-{o.sessions[1]}"),
                    f"plan {o.sessions[0]} to {o.sessions[1]} sessions a week",
                ),
            )
        )
    if opts.min_gap_days > 2:
        # Above the coaching default (a full day between sessions) only: never below it.
        out.append(
            _Ladder(
                "min_gap",
                tuple((("min_gap_days", k),) for k in range(opts.min_gap_days - 1, 1, -1)),
                lambda o: (
                    ("--min-gap-days", str(o.min_gap_days)),
                    f"{o.min_gap_days} days between sessions",
                ),
            )
        )
    if opts.level is Level.BEGINNER:
        out.append(
            _Ladder(
                "level",
                ((("level", Level.INTERMEDIATE),),),
                lambda o: (
                    ("--level", "intermediate"),
                    "allow strength on run days, after the run (intermediate level)",
                ),
            )
        )
    if timeline.race_days(problem):
        if opts.race_before_days > 0:
            out.append(
                _Ladder(
                    "race_before",
                    tuple(
                        (("race_before_days", k),) for k in range(opts.race_before_days - 1, -1, -1)
                    ),
                    lambda o: (
                        ("--race-before-days", str(o.race_before_days)),
                        f"shorten the race window to {o.race_before_days} days before",
                    ),
                )
            )
        if opts.race_after_days > 0:
            out.append(
                _Ladder(
                    "race_after",
                    tuple(
                        (("race_after_days", k),) for k in range(opts.race_after_days - 1, -1, -1)
                    ),
                    lambda o: (
                        ("--race-after-days", str(o.race_after_days)),
                        f"shorten the race window to {o.race_after_days} days after",
                    ),
                )
            )
    if opts.no_strength_after_long_run and rules.enabled("no_strength_after_long_run"):
        out.append(
            _Ladder(
                "after_long_run",
                ((("no_strength_after_long_run", False),),),
                lambda o: (
                    ("--allow-after-long-run",),
                    "allow strength the day after the long run",
                ),
            )
        )
    w0, w1 = opts.window
    step = dt.timedelta(minutes=max(15, rules.slot_minutes))
    later = []
    end = dt.datetime.combine(dt.date(2000, 1, 1), w1)
    for k in range(1, 17):  # up to four hours later
        t = end + k * step
        if t.date() != end.date():
            break
        later.append((("window", (w0, t.time())),))
    earlier = []
    begin = dt.datetime.combine(dt.date(2000, 1, 1), w0)
    for k in range(1, 17):
        t = begin - k * step
        if t.date() != begin.date():
            break
        earlier.append((("window", (t.time(), w1)),))

    def window_text(o: PlanOptions) -> tuple[tuple[str, ...], str]:
        a, b = o.window
        return (("--window", f"{a:%H:%M}-{b:%H:%M}"), f"train between {a:%H:%M} and {b:%H:%M}")

    if later:
        out.append(_Ladder("window_end", tuple(later), window_text))
    if earlier:
        out.append(_Ladder("window_start", tuple(earlier), window_text))
    shorter = tuple((("minutes", m),) for m in range(opts.minutes - 5, 14, -5))
    if shorter:
        out.append(
            _Ladder(
                "minutes",
                shorter,
                lambda o: (
                    ("--minutes", str(o.minutes)),
                    f"shorter sessions of {o.minutes} minutes",
                ),
            )
        )
    return out


def find_relaxations(
    problem: Problem,
    opts: PlanOptions,
    clock: _Budget,
    *,
    limit: int = 4,
    maker: ModelMaker = plain_model,
) -> tuple[Relaxation, ...]:
    """The relaxations that give a plan, each at its smallest step, found by re-solving.

    Each kind is tried alone first (its largest step, then a binary search for the smallest
    that works, feasibility growing along the ladder); when no kind works alone, pairs are
    tried the same way.
    """
    ladders = _ladders(problem, opts)
    found: list[Relaxation] = []

    def works(changes: tuple[tuple[str, Any], ...]) -> bool:
        return _feasible(problem, replace(opts, **dict(changes)), clock, maker) is True

    def smallest(ladder: _Ladder, base: tuple[tuple[str, Any], ...]) -> int | None:
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

    for ladder in ladders:
        if clock.spent or len(found) >= limit:
            break
        k = smallest(ladder, ())
        if k is not None:
            found.append(_relaxation(opts, (ladder,), (ladder.steps[k],)))
    if found:
        return tuple(found)
    for i, a in enumerate(ladders):
        for b in ladders[i + 1 :]:
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
    opts: PlanOptions, ladders: Sequence[_Ladder], steps: Sequence[tuple]
) -> Relaxation:
    changes: tuple[tuple[str, Any], ...] = tuple(c for step in steps for c in step)
    relaxed = replace(opts, **dict(changes))
    flags: list[str] = []
    texts: list[str] = []
    for ladder in ladders:
        f, t = ladder.render(relaxed)
        flags += f
        texts.append(t)
    return Relaxation(tuple(flags), " and ".join(texts), changes)


def _feasible(
    problem: Problem, opts: PlanOptions, clock: _Budget, maker: ModelMaker
) -> bool | None:
    """Does any plan keep every rule under ``opts``? None when the solver ran out of time."""
    from ortools.sat.python import cp_model

    from optimizer.solve import SolverSettings, make_solver

    if clock.spent:
        return None
    try:
        relaxed = replace(problem, rules=opts.rules())
    except ValueError:
        return False  # e.g. a window too short for the sessions: not a relaxation at all
    model, guards = maker(build_grid(relaxed))
    for _, _, lit in guards:
        model.cp.add(lit == 1)
    # Feasibility only (no objective): much faster, and all a relaxation needs.
    solver = make_solver(SolverSettings(time_limit=clock.limit()))
    solver.parameters.linearization_level = 0
    clock.solves += 1
    code = solver.solve(model.cp)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if code == cp_model.INFEASIBLE else None


def _best_effort_short_weeks(
    grid: Grid, clock: _Budget, maker: ModelMaker
) -> tuple[int, ...] | None:
    """The fewest weeks that must fall short of MIN (what ``--best-effort`` would give up);
    None when even that gives no plan (the clash is not about weekly numbers)."""
    from ortools.sat.python import cp_model

    from optimizer.solve import SolverSettings, make_solver

    if clock.spent:
        return None
    model, guards = maker(grid)
    mins = []
    for rule, where, lit in guards:
        if rule == "sessions_per_week" and where.endswith(",min"):
            mins.append((where, lit))
        else:
            model.cp.add(lit == 1)
    model.cp.minimize(sum(1 - lit for _, lit in mins))
    solver = make_solver(SolverSettings(time_limit=clock.limit()))
    clock.solves += 1
    if solver.solve(model.cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return tuple(
        sorted(
            int(where.split("=")[1].split(",")[0])
            for where, lit in mins
            if not solver.boolean_value(lit)
        )
    )
