"""Re-plan with the fewest changes: the calendar moved, a session was missed, the coach locked one.

Semantics:

- **Done is done.** Every day before ``today`` stays exactly as the previous plan has it: its
  sessions are fixed in the model (they still count for the weekly numbers and the recovery
  gap to the days after), the days without one stay without. Rule instances that only concern
  past days no longer bind (what was done was done, even if the calendar now says otherwise).
- **Locked** sessions (``CATEGORIES:locked``, ``X-LEGDAY-LOCKED:TRUE`` or ``--lock DATE``) are
  fixed to their day and time.
- **Missed** sessions (``--missed DATE``) did not happen: their day holds no session, that
  week's MIN is lowered by the number missed and the week gets no session the previous plan
  did not have (nothing is crammed into the following days to catch up). They are emitted as
  cancelled, so the next re-plan reads them as not done.
- **Fewest changes, among the best plans.** Lexicographic: first the plan's own objective is
  minimised (the same model and objective as ``legday plan``), then, with the objective held
  at that optimum, a change cost: a session that leaves its day costs far more than one that
  keeps its day at another hour, and a new hour costs by how far it moved; last, among those,
  the plan's own tie-breaks. The previous plan is the solver's hint for the first stage, each
  stage's plan the hint for the next.

UIDs: a session that stays keeps its UID and SEQUENCE; a moved one keeps its UID with
SEQUENCE + 1; a dropped one is returned in ``cancelled`` (same UID, SEQUENCE + 1, to be
written with STATUS:CANCELLED); a new one gets a fresh UID that no previous session used.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from optimizer.calendar.plan_file import PlanEntry
from optimizer.config import PlanOptions
from optimizer.domain import InputError, PlanResult, Session, SolveStatus, Violation
from optimizer.grid import Grid, build_grid
from optimizer.pipeline import Loaded, Outcome
from optimizer.solve import SolverSettings

# Change costs of the second stage. A session leaving its day (or a day gaining one) costs
# DAY; keeping the day at another hour costs HOUR plus one per slot moved. DAY is far above
# any sum of hour costs a real plan reaches, HOUR above any one session's slot distance, so
# the order is: fewest day changes, then fewest hour changes, then the smallest moves.
DAY = 1_000_000
HOUR = 1_000


@dataclass(frozen=True)
class ReplanOutcome:
    """A re-plan and what it changed.

    Attributes:
        outcome: the new plan; its sessions carry UID and SEQUENCE (past sessions as they
            were, moved ones with SEQUENCE + 1, new ones with fresh UIDs).
        cancelled: previous sessions the new plan drops (future ones, and missed ones), same
            UID, SEQUENCE + 1, to be emitted with STATUS:CANCELLED.
        kept: previous sessions emitted unchanged in day and time (past ones included).
        moved: previous future sessions at a new day or hour (same UID).
        added: new sessions (fresh UIDs).
        dropped: previous future sessions the new plan no longer has.
    """

    outcome: Outcome
    cancelled: tuple[Session, ...]
    kept: int
    moved: int
    added: int
    dropped: int

    @property
    def changes(self) -> int:
        """Sessions changed for the runner: moved, added and dropped."""
        return self.moved + self.added + self.dropped


@dataclass
class _Spec:
    """What a re-plan fixes, by date; turned into model constraints for any grid."""

    today: dt.date
    done: dict[dt.date, dt.datetime]  # past day -> start of the session done (first of day)
    locked: dict[dt.date, dt.datetime]  # future day -> start of the locked session
    missed: set[dt.date]
    hint: dict[dt.date, dt.datetime]  # future day -> previous start (unlocked, not missed)
    planned_after: dict[int, int] = field(default_factory=dict)  # week -> previous sessions
    #   on its days from today on (not missed): the most a week with a missed session may hold

    def make(self, grid: Grid) -> tuple[Any, list[tuple]]:
        """The model without objective and its guards (see ``optimizer.explain``)."""
        from optimizer.model import Mode, build_model

        model = build_model(grid, mode=Mode.EXPLAIN, hint=self._hint(grid))
        cp, x, start = model.cp, model.ctx.x, model.ctx.start
        t = self._today_index(grid)
        missed_by_week = self._missed_by_week(grid)
        guards: list[tuple] = []
        for s in model.ctx.switches:
            first, last = _span(grid, s.rule, s.where)
            if last < t:
                continue  # settled: it only concerns days already done
            if first < t and s.rule in _DAY_BANS:
                # Half in the past (a long run yesterday, a race window under way): what was
                # done stays, the days from today on keep the ban.
                lit = cp.new_bool_var(f"{s.rule}({s.where},from today)")
                for d in range(t, min(last, len(grid.days) - 1) + 1):
                    cp.add(x[d] == 0).only_enforce_if(lit)
                guards.append((s.rule, s.where, lit))
                continue
            if s.rule == "sessions_per_week" and s.where.endswith(",min"):
                week = int(s.where.split("=")[1].split(",")[0]) - 1
                if week in missed_by_week:
                    continue  # replaced below by the lowered minimum
            guards.append((s.rule, s.where, s.lit))
        for w, n in sorted(missed_by_week.items()):
            days = list(grid.week_days(w))
            if days[-1] < t:
                continue
            lit = cp.new_bool_var(f"sessions_per_week(week={w + 1},min)")
            need = max(0, grid.week_min[w] - n)
            cp.add(sum(x[d] for d in days) >= need).only_enforce_if(lit)
            guards.append(("sessions_per_week", f"week={w + 1},min", lit))
            later = [d for d in days if d >= t]
            cap = cp.new_bool_var(f"missed(week={w + 1})")
            cp.add(sum(x[d] for d in later) <= self.planned_after.get(w, 0)).only_enforce_if(cap)
            guards.append(("missed", f"week={w + 1},nocatchup", cap))
        for d, day in enumerate(grid.days[:t]):
            lit = cp.new_bool_var(f"done({day.date})")
            if day.date in self.done:
                cp.add(x[d] == 1).only_enforce_if(lit)
                slot = _exact_slot(grid, d, self.done[day.date])
                if slot is not None:
                    cp.add(start[d] == slot).only_enforce_if(lit)
                guards.append(("done", f"{day.date},on", lit))
            else:
                cp.add(x[d] == 0).only_enforce_if(lit)
                guards.append(("done", f"{day.date},off", lit))
        for day, when in sorted(self.locked.items()):
            d = grid.day_index(day)
            if d is None or d < t:
                continue
            lit = cp.new_bool_var(f"locked({day})")
            cp.add(x[d] == 1).only_enforce_if(lit)
            slot = _exact_slot(grid, d, when)
            if slot is not None:
                cp.add(start[d] == slot).only_enforce_if(lit)
            guards.append(("locked", f"{day},on", lit))
        for day in sorted(self.missed):
            d = grid.day_index(day)
            if d is None or d < t:
                continue  # a past missed day is already off through "done"
            lit = cp.new_bool_var(f"missed({day})")
            cp.add(x[d] == 0).only_enforce_if(lit)
            guards.append(("missed", f"{day},off", lit))
        return model, guards

    def _missed_by_week(self, grid: Grid) -> dict[int, int]:
        out: dict[int, int] = {}
        for day in self.missed:
            d = grid.day_index(day)
            if d is not None:
                out[d // 7] = out.get(d // 7, 0) + 1
        return out

    def _today_index(self, grid: Grid) -> int:
        return max(0, min(len(grid.days), (self.today - grid.problem.start).days))

    def _hint(self, grid: Grid) -> dict[int, int]:
        out = {}
        for source in (self.done, self.locked, self.hint):
            for day, when in source.items():
                d = grid.day_index(day)
                if d is not None:
                    out[d] = _nearest_slot(grid, when)
        return out


def replan(
    loaded: Loaded,
    opts: PlanOptions,
    previous: Sequence[PlanEntry],
    *,
    today: dt.date,
    locked: Iterable[dt.date] = (),
    missed: Iterable[dt.date] = (),
    settings: SolverSettings | None = None,
) -> ReplanOutcome:
    """Re-plan ``loaded`` from ``previous``, changing as few future sessions as possible.

    Args:
        loaded: the problem with the calendar as it is now.
        opts: the plan options.
        previous: the previous plan's entries (``optimizer.plan_io.read_plan``); cancelled
            entries are ignored.
        today: the first day that may change; every day before it stays as it was.
        locked: more days whose session is locked (``--lock``).
        missed: days whose session did not happen (``--missed``).
        settings: ``optimizer.solve.SolverSettings`` (default: the plan's).

    Returns:
        The new plan, the sessions to cancel, and the change counts.

    Raises:
        InputError: a ``--lock`` or ``--missed`` date has no planned session.
    """
    settings = settings or SolverSettings()
    grid = keep_habits(build_grid(loaded.problem), previous)
    spec, active, by_day = _prepare(grid, previous, today, locked, missed)
    t0 = time.perf_counter()
    solved = _solve(grid, spec, opts, settings)
    seconds = time.perf_counter() - t0
    if solved.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        result = PlanResult(status=solved.status, sessions=(), solve_seconds=seconds)
        return ReplanOutcome(Outcome(loaded, result, (), ()), (), 0, 0, 0, 0)
    return _assemble(
        loaded,
        opts,
        grid,
        spec,
        active,
        previous,
        by_day,
        solved.days,
        solved.slots,
        PlanResult(
            status=solved.status,
            sessions=(),
            objective=solved.objective,
            best_bound=solved.bound,
            solve_seconds=seconds,
            penalties=solved.penalties,
            short_weeks=solved.short_weeks,
        ),
    )


def keep_habits(grid: Grid, previous: Sequence[PlanEntry]) -> Grid:
    """The grid with each weekday's usual time taken from the previous plan.

    The grid derives the habit time from the whole calendar, so moving one long run onto a
    Monday could shift the usual Monday time and, with it, every later Monday session by
    an hour that no rule asked for. A re-plan keeps the habit the runner already has: the
    most common start of the previous plan's sessions on that weekday (ties: the earlier).
    """
    from collections import Counter
    from dataclasses import replace

    zone = grid.start_of(0, 0).tzinfo
    seen: dict[int, Counter] = {}
    for e in previous:
        if e.cancelled:
            continue
        local = e.start.astimezone(zone)
        slot = grid.slot_of(local.time())
        if grid.start_of(0, slot).time() != local.time().replace(tzinfo=None):
            continue  # off the grid: no habit to keep
        seen.setdefault(local.weekday(), Counter())[slot] += 1
    usual = tuple(
        min(seen[k].items(), key=lambda kv: (-kv[1], kv[0]))[0] if k in seen else slot
        for k, slot in enumerate(grid.usual_slot)
    )
    return replace(grid, usual_slot=usual)


def why_not_replan(
    loaded: Loaded,
    opts: PlanOptions,
    previous: Sequence[PlanEntry],
    *,
    today: dt.date,
    locked: Iterable[dt.date] = (),
    missed: Iterable[dt.date] = (),
    budget: float = 30.0,
):
    """Why a re-plan has no solution (``optimizer.explain.WhyNot``); the clash may involve the
    sessions done, locked or missed, and relaxations are tried with them in place."""
    from optimizer.explain import why_not

    spec, _, _ = _prepare(build_grid(loaded.problem), previous, today, locked, missed)
    return why_not(loaded.problem, opts, budget=budget, maker=spec.make)


def _prepare(
    grid: Grid,
    previous: Sequence[PlanEntry],
    today: dt.date,
    locked: Iterable[dt.date],
    missed: Iterable[dt.date],
) -> tuple[_Spec, list[PlanEntry], dict[dt.date, list[PlanEntry]]]:
    """What the previous plan fixes, by date: (spec, active entries, entries by day)."""
    zone = grid.start_of(0, 0).tzinfo
    active = sorted((e for e in previous if not e.cancelled), key=lambda e: (e.start, e.key))
    by_day: dict[dt.date, list[PlanEntry]] = {}
    for e in active:
        by_day.setdefault(e.start.astimezone(zone).date(), []).append(e)
    lock_days = set(locked)
    missed_days = set(missed)
    for flag, days in (("--lock", lock_days), ("--missed", missed_days)):
        for day in sorted(days):
            if day not in by_day:
                raise InputError(f"{flag} {day}: the previous plan has no session that day")
    lock_days |= {day for day, es in by_day.items() if any(e.locked for e in es)}
    lock_days -= missed_days

    spec = _Spec(today=today, done={}, locked={}, missed=missed_days, hint={})
    for day, entries in by_day.items():
        first = entries[0].start.astimezone(zone)  # a second one that day cannot stay
        if day in missed_days:
            continue
        if day < today:
            spec.done[day] = first
        elif day in lock_days:
            spec.locked[day] = first
        else:
            spec.hint[day] = first
    t = spec._today_index(grid)
    for day in list(spec.hint) + list(spec.locked):
        d = grid.day_index(day)
        if d is not None and d >= t:
            spec.planned_after[d // 7] = spec.planned_after.get(d // 7, 0) + 1
    return spec, active, by_day


@dataclass(frozen=True)
class _Solved:
    status: SolveStatus
    days: tuple[int, ...] = ()
    slots: tuple[int, ...] = ()
    objective: float | None = None
    bound: float | None = None
    penalties: tuple = ()
    short_weeks: tuple[int, ...] = ()


def _solve(grid: Grid, spec: _Spec, opts: PlanOptions, settings: SolverSettings) -> _Solved:
    """The plan's optimum given what is fixed, then the fewest changes at it, then the plan's
    tie-breaks among those."""
    from optimizer.domain import Penalty
    from optimizer.model import SCALE, SHORT_SESSION_COST, SHORT_WEEK_COST
    from optimizer.solve import make_solver

    model, guards = spec.make(grid)
    cp, x, start = model.cp, model.ctx.x, model.ctx.start
    # Best effort: weekly minimums may fall short, each at the price `legday plan` charges.
    soft = [
        g
        for g in guards
        if opts.best_effort and g[0] == "sessions_per_week" and g[1].endswith(",min")
    ]
    soft_ids = {id(g) for g in soft}
    for g in guards:
        if id(g) not in soft_ids:
            cp.add(g[2] == 1)
    # The plan's own objective, made as optimizer.model makes it: SCALE x the weighted soft
    # terms, and under best effort a price per short week and per session it misses. (Built
    # here from this model's own terms: the plan's model is built with its switches fixed,
    # which a re-plan cannot have for the days already done.)
    objective = sum(SCALE * t.weight * t.var for t in model.terms if t.weight)
    missed = spec._missed_by_week(grid)
    for _, where, lit in soft:
        w = int(where.split("=")[1].split(",")[0]) - 1
        need = max(0, grid.week_min[w] - missed.get(w, 0))
        missing = cp.new_int_var(0, need, f"short_sessions(week={w + 1})")
        cp.add(missing >= need - sum(x[d] for d in grid.week_days(w)))
        objective += SHORT_WEEK_COST * (1 - lit) + SHORT_SESSION_COST * missing
    cp.minimize(objective)
    solver = make_solver(settings)
    status = _status(solver.solve(cp))
    if status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return _Solved(status)
    best = round(solver.objective_value)
    bound = solver.best_objective_bound
    n = len(grid.days)

    def snapshot() -> tuple[dict[int, int], dict[int, int], tuple[int, ...]]:
        chosen = {d: solver.value(start[d]) for d in range(n) if solver.boolean_value(x[d])}
        values = {id(t): solver.value(t.var) for t in model.terms if t.weight}
        short = tuple(
            sorted(
                int(g[1].split("=")[1].split(",")[0])
                for g in soft
                if not solver.boolean_value(g[2])
            )
        )
        return chosen, values, short

    first = snapshot()

    # Stage 2: hold the objective at its optimum, minimise the changes to the previous plan.
    cp.add(objective <= best)
    t = spec._today_index(grid)
    previous = {}
    for day, when in spec.hint.items():
        d = grid.day_index(day)
        if d is not None and d >= t:
            previous[d] = _nearest_slot(grid, when)
    change = []
    for d in range(t, n):
        if d in previous:
            p = previous[d]
            change.append(DAY * (1 - x[d]))
            shifted = cp.new_bool_var(f"shifted[{d}]")
            dist = cp.new_int_var(0, grid.n_starts, f"dist[{d}]")
            cp.add(start[d] == p).only_enforce_if(x[d], ~shifted)
            cp.add(dist >= start[d] - p).only_enforce_if(x[d])
            cp.add(dist >= p - start[d]).only_enforce_if(x[d])
            change += [HOUR * shifted, dist]
        elif grid.days[d].date not in spec.locked:
            change.append(DAY * x[d])
    cp.minimize(sum(change))
    cp.clear_hints()
    for d in range(n):
        cp.add_hint(x[d], 1 if d in first[0] else 0)
        cp.add_hint(start[d], first[0].get(d, 0))
    if _status(solver.solve(cp)) in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        chosen, values, short = snapshot()
        # Stage 3: among those, the plan's own tie-breaks (earlier in the day, earlier in the
        # week), so a new session lands where `legday plan` would put it.
        cp.add(sum(change) <= round(solver.objective_value))
        cp.minimize(sum(start[d] + grid.days[d].date.weekday() * x[d] for d in range(t, n)))
        cp.clear_hints()
        for d in range(n):
            cp.add_hint(x[d], 1 if d in chosen else 0)
            cp.add_hint(start[d], chosen.get(d, 0))
        if _status(solver.solve(cp)) in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
            chosen, values, short = snapshot()
    else:  # pragma: no cover - stage 1's plan satisfies stage 2; only a timeout lands here
        chosen, values, short = first
    penalties = tuple(
        Penalty(t_.rule, t_.where, t_.weight * values[id(t_)])
        for t_ in model.terms
        if t_.weight and values.get(id(t_))
    )
    days = tuple(sorted(chosen))
    return _Solved(
        status, days, tuple(chosen[d] for d in days), best / SCALE, bound / SCALE, penalties, short
    )


def _status(code: Any) -> SolveStatus:
    from ortools.sat.python import cp_model

    return {
        cp_model.OPTIMAL: SolveStatus.OPTIMAL,
        cp_model.FEASIBLE: SolveStatus.FEASIBLE,
        cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    }.get(code, SolveStatus.UNKNOWN)


def _assemble(
    loaded: Loaded,
    opts: PlanOptions,
    grid: Grid,
    spec: _Spec,
    active: Sequence[PlanEntry],
    previous_all: Sequence[PlanEntry],
    by_day: dict[dt.date, list[PlanEntry]],
    days: Sequence[int],
    slots: Sequence[int],
    result: PlanResult,
) -> ReplanOutcome:
    from optimizer.calendar.export import session_uid

    problem = loaded.problem
    zone = grid.start_of(0, 0).tzinfo
    length = dt.timedelta(minutes=problem.rules.minutes)
    t = spec._today_index(grid)
    today = spec.today
    chosen = {grid.days[d].date: grid.start_of(d, s) for d, s in zip(days, slots, strict=True)}

    out: dict[str, Session] = {}  # key -> session, for entries carried over
    cancelled: list[Session] = []
    kept = moved = 0
    lost: list[PlanEntry] = []
    taken: set[dt.date] = set()
    for e in active:
        day = e.start.astimezone(zone).date()
        first = by_day[day][0] is e
        if day in spec.missed:
            cancelled.append(replace(e.session(), sequence=e.sequence + 1))
            continue
        if day < today or day in spec.locked:
            out[e.key] = e.session()  # done is done; locked stays
            kept += 1
            taken.add(day)
            continue
        if first and day in chosen and grid.day_index(day) is not None:
            taken.add(day)
            if chosen[day] == e.start.astimezone(zone) and e.end - e.start == length:
                out[e.key] = e.session()
                kept += 1
            else:
                out[e.key] = replace(
                    e.session(),
                    start=chosen[day],
                    end=chosen[day] + length,
                    sequence=e.sequence + 1,
                )
                moved += 1
            continue
        lost.append(e)
    gained = sorted(d for d in chosen if d not in taken)
    # A session that left its day and a day that gained one, close together, are one move.
    pairs = _pair(lost, gained, zone, problem.start)
    added = dropped = 0
    used = {e.uid for e in previous_all}  # cancelled ones too: a UID is never given twice
    for e in lost:
        day = pairs.get(e.key)
        if day is None:
            cancelled.append(replace(e.session(), sequence=e.sequence + 1))
            dropped += 1
            continue
        out[e.key] = replace(
            e.session(), start=chosen[day], end=chosen[day] + length, sequence=e.sequence + 1
        )
        moved += 1
    paired_days = set(pairs.values())
    fresh: list[Session] = []
    for day in gained:
        if day in paired_days:
            continue
        uid = session_uid(problem, day)
        n = 2
        while uid in used:
            uid = session_uid(problem, day).replace("@", f"-{n}@")
            n += 1
        used.add(uid)
        fresh.append(Session(start=chosen[day], end=chosen[day] + length, uid=uid))
        added += 1

    sessions = sorted([*out.values(), *fresh], key=lambda s: (s.start, s.uid))
    # Only sessions legday wrote (or new ones) get legday's title and text; a coach's keep
    # theirs.
    carried = {e.uid: e for e in active}
    regenerate = {
        s.uid
        for s in sessions
        if s.day >= today
        and s.day not in spec.locked
        and problem.start <= s.day < problem.end
        and (s.uid not in carried or carried[s.uid].by_legday)
    }
    sessions, workouts = _decorate(grid, opts, sessions, result.penalties, regenerate)
    cancelled.sort(key=lambda s: (s.start, s.uid))
    violations = _violations(problem, grid, spec, sessions, t, result.short_weeks)
    result = replace(result, sessions=tuple(sessions))
    outcome = Outcome(loaded, result, tuple(sessions), tuple(violations), tuple(workouts))
    return ReplanOutcome(outcome, tuple(cancelled), kept, moved, added, dropped)


def _pair(
    lost: Sequence[PlanEntry], gained: Sequence[dt.date], zone: Any, monday: dt.date
) -> dict[str, dt.date]:
    """Pair each lost session with a gained day: same plan week first, then within 6 days."""
    free = list(gained)
    out: dict[str, dt.date] = {}

    def week(day: dt.date) -> int:
        return (day - monday).days // 7

    for same_week in (True, False):
        for e in lost:
            if e.key in out:
                continue
            day = e.start.astimezone(zone).date()
            if same_week:
                options = [g for g in free if week(g) == week(day)]
            else:
                options = [g for g in free if abs((g - day).days) <= 6]
            if options:
                best = min(options, key=lambda g: (abs((g - day).days), g))
                out[e.key] = best
                free.remove(best)
    return out


def _decorate(
    grid: Grid,
    opts: PlanOptions,
    sessions: Sequence[Session],
    penalties: Sequence[Any],
    regenerate: set[str],
) -> tuple[list[Session], list[Any]]:
    """Title, workout and reasons for the sessions legday (re)writes, as ``legday plan`` does."""
    from optimizer.pipeline import _workouts, describe
    from optimizer.reasons import session_reasons

    problem = grid.problem
    inside = [s for s in sessions if problem.start <= s.day < problem.end]
    reasons = session_reasons(problem, inside, penalties)
    _, workouts = _workouts(grid, inside, opts)
    by_uid = {}
    for s, why, wo in zip(inside, reasons, workouts, strict=True):
        by_uid[s.uid] = (why, wo)
    out = []
    for s in sessions:
        if s.uid not in regenerate:
            out.append(s)
            continue
        why, wo = by_uid[s.uid]
        out.append(describe(s, why, wo))
    return out, [by_uid[s.uid][1] for s in inside]


def _violations(
    problem: Any,
    grid: Grid,
    spec: _Spec,
    sessions: Sequence[Session],
    t: int,
    short_weeks: Sequence[int],
) -> list[Violation]:
    """The validator's findings that the re-plan is answerable for (not the past's)."""
    from optimizer.validate import validate

    inside = [s for s in sessions if problem.start <= s.day < problem.end]
    missed_weeks: dict[int, int] = {}
    for day in spec.missed:
        d = grid.day_index(day)
        if d is not None:
            missed_weeks[d // 7] = missed_weeks.get(d // 7, 0) + 1
    out = []
    for v in validate(problem, inside):
        if v.rule == "sessions_per_week" and v.day is not None:
            w = (v.day - problem.start).days // 7
            if w * 7 + 6 < t:
                continue  # a week already done
            if "fewer" in v.message and (w in missed_weeks or (w + 1) in short_weeks):
                continue  # lowered by the missed sessions, or short by design (best effort)
        elif v.day is not None and v.day < spec.today:
            continue  # done is done
        out.append(v)
    return out


# Rules whose instance bans sessions on a stretch of days; the only ones that can straddle
# today (the recovery gap and the weekly counts must hold across it as they are).
_DAY_BANS = ("no_strength_after_long_run", "race_window")


def _span(grid: Grid, rule: str, where: str) -> tuple[int, int]:
    """The first and last day index a rule instance concerns (all past: it is settled)."""
    rules = grid.rules
    if rule == "sessions_per_week":
        week = int(where.split("=")[1].split(",")[0]) - 1
        return week * 7, week * 7 + 6
    dates = []
    for part in where.replace(",", " ").split():
        try:
            dates.append(dt.date.fromisoformat(part))
        except ValueError:
            continue
    if not dates:
        return 0, len(grid.days)  # an instance of unknown shape: never settled
    first = (min(dates) - grid.problem.start).days
    last = (max(dates) - grid.problem.start).days
    if rule == "no_strength_after_long_run":
        return first, last + 1
    if rule == "race_window":
        return first - rules.race_before_days, last + rules.race_after_days
    return first, last


def _exact_slot(grid: Grid, d: int, when: dt.datetime) -> int | None:
    """The grid slot that starts exactly at ``when`` on day ``d``, if there is one."""
    slot = grid.slot_of(when.time())
    return slot if grid.start_of(d, slot) == when else None


def _nearest_slot(grid: Grid, when: dt.datetime) -> int:
    zone = grid.start_of(0, 0).tzinfo
    return grid.slot_of(when.astimezone(zone).time())
