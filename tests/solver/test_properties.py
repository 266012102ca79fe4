"""Property tests: any plan a runner could bring gets a plan that keeps every rule, proven
optimal, or an infeasibility that the best-effort plan explains week by week."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.diagnose import explain_short_weeks
from optimizer.domain import Busy, Level, Prefer, Rules, Session, SolveStatus
from optimizer.grid import build_grid
from optimizer.solver.plan import solve_grid
from optimizer.validate import validate
from tests.patterns import MONDAY, at, make_problem

RUN = st.sampled_from([".", ".", "e", "e", "H", "L", "~e", "~L", "x", "eH"])
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def plans(draw):
    """A weekly pattern over 2-8 weeks, each week a little different, maybe a race at the end."""
    weeks = draw(st.integers(2, 8))
    base = [draw(RUN) for _ in range(7)]
    days = []
    for _ in range(weeks):
        week = list(base)
        for _ in range(draw(st.integers(0, 2))):  # a moved or changed run
            week[draw(st.integers(0, 6))] = draw(RUN)
        days += week
    if draw(st.booleans()):
        days[draw(st.integers(len(days) - 7, len(days) - 1))] = "R"
    lo = draw(st.integers(0, 3))
    window_start = draw(st.sampled_from([dt.time(6), dt.time(6), dt.time(12), dt.time(17)]))
    rules = Rules(
        sessions_min=lo,
        sessions_max=draw(st.integers(max(lo, 1), 4)),
        min_gap_days=draw(st.integers(1, 3)),
        no_strength_after_long_run=draw(st.booleans()),
        level=draw(st.sampled_from(list(Level))),
        race_before_days=draw(st.integers(0, 7)),
        race_after_days=draw(st.integers(0, 3)),
        window_start=window_start,
        window_end=draw(st.sampled_from([dt.time(20), dt.time(21), dt.time(22)])),
        minutes=draw(st.sampled_from([30, 45, 60])),
        prefer=draw(st.sampled_from([None, *Prefer])),
    )
    busy = []
    if draw(st.booleans()):  # office hours on weekdays
        h1, h2 = draw(st.sampled_from([(9, 17), (8, 18), (10, 19)]))
        busy = [Busy(at(d, h1), at(d, h2), "Work") for d in range(len(days)) if d % 7 < 5]
    run_hour = draw(st.sampled_from([6, 7, 12, 18, 19]))
    return make_problem(" ".join(days), rules, busy, run_hour)


@SETTINGS
@given(plans())
def test_a_valid_optimal_plan_or_an_explained_clash(problem) -> None:
    grid = build_grid(problem)
    result = solve_grid(grid)
    if result.status is SolveStatus.OPTIMAL:
        assert result.objective == result.best_bound
        assert validate(problem, result.sessions) == []
        assert result.short_weeks == ()
        return
    assert result.status is SolveStatus.INFEASIBLE
    best = solve_grid(grid, best_effort=True)
    assert best.status is SolveStatus.OPTIMAL
    assert best.short_weeks, "an infeasible plan must have a week below MIN"
    mondays = {MONDAY + dt.timedelta(weeks=w - 1): w for w in best.short_weeks}
    for v in validate(problem, best.sessions):
        # Only the named short weeks may break a rule, and only by being short.
        assert v.rule == "sessions_per_week" and "fewer" in v.message, v
        assert v.day in mondays
    counts = {w: 0 for w in best.short_weeks}
    for s in best.sessions:
        w = (s.day - MONDAY).days // 7 + 1
        if w in counts:
            counts[w] += 1
    assert all(counts[w] < grid.week_min[w - 1] for w in counts)
    lines = explain_short_weeks(grid, list(best.short_weeks))
    assert [line.split()[1] for line in lines] == [str(w) for w in best.short_weeks]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_same_problem_same_plan(problem) -> None:
    grid = build_grid(problem)
    first = solve_grid(grid, best_effort=True)
    again = solve_grid(build_grid(problem), best_effort=True)
    assert again.sessions == first.sessions
    assert again.objective == first.objective


@SETTINGS
@given(plans())
def test_best_effort_fills_short_weeks_as_far_as_they_go(problem) -> None:
    """A short week holds as many sessions as its possible days allow, spaced by the gap,
    unless a session of the next or previous week sits within the gap of them."""
    grid = build_grid(problem)
    best = solve_grid(grid, best_effort=True)
    gap = problem.rules.min_gap_days
    planned = {grid.day_index(s.day) for s in best.sessions}
    for w in best.short_weeks:
        days = grid.week_days(w - 1)
        possible = [d for d in days if _day_possible(grid, d)]
        count = len(planned & set(days))
        neighbours = [d for d in planned - set(days) if any(abs(d - p) < gap for p in possible)]
        assert count == _most_spaced(possible, gap) or neighbours


def _day_possible(grid, d: int) -> bool:
    from optimizer.diagnose import day_blockers
    from optimizer.grid import allowed_starts

    day = grid.days[d]
    return not day_blockers(grid, d) and bool(allowed_starts(day))


def _most_spaced(days: list[int], gap: int) -> int:
    count, last = 0, None
    for d in days:
        if last is None or d - last >= gap:
            count, last = count + 1, d
    return count


# A solver-free twin of the objective: every soft goal restated on a plan, and the optimum
# found by enumerating every plan of a small problem.
def _soft_cost(grid, plan: dict[int, int]) -> int:
    """The objective (in SCALE units, as CP-SAT sees it) of ``plan`` = {day: slot}."""

    rules = grid.rules
    w = rules.weight
    n = len(grid.days)
    cost = 0
    for week in range(grid.weeks):
        count = sum(1 for d in grid.week_days(week) if d in plan)
        ramp = week < rules.ramp_weeks or rules.level is Level.BEGINNER
        target = rules.sessions_min if ramp or grid.week_min[week] == 0 else rules.sessions_max
        cost += w["volume"] * (max(target - count, 0) + (max(count - target, 0) if ramp else 0))
    for d, slot in plan.items():
        day = grid.days[d]
        cost += w["easy_days"] * day.is_easy_only
        cost += w["separate_days"] * (day.is_easy_only and rules.level is Level.BEGINNER)
        cost += w["fresh_legs"] * (d + 1 < n and grid.days[d + 1].is_tough)
        cost += w["back_to_back"] * (d >= 1 and grid.days[d - 1].is_tough)
        cost += w["spread"] * (d + rules.min_gap_days in plan)
        cost += w["habit_time"] * abs(slot - grid.usual_slot[day.date.weekday()])
        if rules.prefer is not None:
            lo = grid.slot_of(rules.prefer.band[0])
            hi = max(lo, grid.slot_of(rules.prefer.band[1]) - grid.dur_slots)
            cost += w["prefer"] * max(lo - slot, slot - hi, 0)
    cost += w["habit_day"] * sum((d in plan) != (d + 7 in plan) for d in range(n - 7))
    tie = sum(slot + grid.days[d].date.weekday() for d, slot in plan.items())
    # Lexicographic: the soft cost first, the tie-breaks only among equal soft costs.
    return cost, tie


def _brute_force_optimum(grid) -> int | None:
    """The least (soft cost, tie-break) over every plan the validator accepts (None: no plan)."""
    from itertools import combinations

    problem = grid.problem
    n, gap = len(grid.days), problem.rules.min_gap_days
    slots: dict[int, list[int]] = {}
    for d in range(n):
        ok = []
        for s in range(grid.n_starts):
            start = grid.start_of(d, s)
            one = Session(start, start + dt.timedelta(minutes=problem.rules.minutes))
            if not [v for v in validate(problem, [one]) if v.rule != "sessions_per_week"]:
                ok.append(s)
        if ok:
            slots[d] = ok
    best = None
    days = sorted(slots)
    most = problem.rules.sessions_max * grid.weeks
    for k in range(0, min(len(days), most) + 1):
        for chosen in combinations(days, k):
            if any(b - a < gap for a, b in zip(chosen, chosen[1:], strict=False)):
                continue
            counts = [sum(1 for d in chosen if d // 7 == w) for w in range(grid.weeks)]
            if any(
                c > problem.rules.sessions_max or c < grid.week_min[w] for w, c in enumerate(counts)
            ):
                continue
            # The time of each session is its own choice once the days are fixed.
            plan = {d: min(slots[d], key=lambda s, d=d: _soft_cost(grid, {d: s})) for d in chosen}
            cost = _soft_cost(grid, plan)
            if best is None or cost < best:
                best = cost
    return best


@st.composite
def small_plans(draw):
    weeks = draw(st.integers(1, 2))
    days = [draw(RUN) for _ in range(7 * weeks)]
    if draw(st.booleans()):
        days[draw(st.integers(0, len(days) - 1))] = "R"
    lo = draw(st.integers(0, 2))
    rules = Rules(
        sessions_min=lo,
        sessions_max=draw(st.integers(max(lo, 1), 3)),
        min_gap_days=draw(st.integers(1, 3)),
        level=draw(st.sampled_from(list(Level))),
        race_before_days=draw(st.integers(0, 4)),
        window_start=dt.time(17, 0),
        window_end=dt.time(19, 0),  # five starts for an hour's session: enumerable
        minutes=60,
        ramp_weeks=draw(st.integers(0, 2)),
        prefer=draw(st.sampled_from([None, Prefer.EVENING, Prefer.MORNING])),
    )
    busy = []
    if draw(st.booleans()):
        d = draw(st.integers(0, len(days) - 1))
        busy = [Busy(at(d, 17, 30), at(d, 18, 15), "Meeting")]
    return make_problem(" ".join(days), rules, busy, draw(st.sampled_from([7, 17, 18])))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_plans())
def test_solver_optimum_equals_brute_force(problem) -> None:
    """CP-SAT's optimum is the least objective over every valid plan, each soft goal restated
    without the solver: a soft rule modelled wrongly shows up as a different optimum."""
    grid = build_grid(problem)
    result = solve_grid(grid)
    best = _brute_force_optimum(grid)
    if best is None:
        assert result.status is SolveStatus.INFEASIBLE
        return
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == best[0]
    plan = {grid.day_index(s.day): grid.slot_of(s.start.time()) for s in result.sessions}
    assert _soft_cost(grid, plan) == best
