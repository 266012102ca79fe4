"""Hard: between MIN and MAX strength sessions in each plan week (weeks inside a race window need not reach MIN)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from constraints import ClashWords, Ladder, PlanView, RuleInstance, register
from constraints.race_window import window_days
from optimizer.domain import Problem, Violation

# Dropped this early when a clash is shrunk (fine-grained rules first: what is left speaks
# of whole days and weeks).
CORE_RANK = 7

# A best-effort plan pays this for each weekly minimum it cannot keep; far above any soft
# goal, so it only gives up a minimum that no plan can keep.
SHORT_WEEK_COST = 1_000_000
# ... and this for each session such a week misses: above any soft goal a session can pay
# (their weights times SCALE add up to well under it), below the price of a short week.
SHORT_SESSION_COST = 100_000


def week_bounds(problem: Problem) -> tuple[list[int], list[int]]:
    """Each week's MIN and MAX of legday's sessions. A week inside a race window (four or more
    of its days in it) need not reach MIN; a week the window only grazes still does. The
    runner's own strength sessions (``own_strength``) count towards both."""
    from constraints.own_strength import per_week

    counts = [0] * problem.weeks
    for day in window_days(problem):
        w = (day - problem.start).days // 7
        if 0 <= w < problem.weeks:
            counts[w] += 1
    own = per_week(problem)
    rules = problem.rules
    minimums = [
        0 if n >= 4 else max(0, rules.sessions_min - k) for n, k in zip(counts, own, strict=True)
    ]
    return minimums, [max(0, rules.sessions_max - k) for k in own]


def week_minimums(problem: Problem) -> list[int]:
    """Each week's MIN of legday's sessions (see :func:`week_bounds`)."""
    return week_bounds(problem)[0]


def instance(grid: Any, week: int, bound: str) -> RuleInstance:
    """The weekly count of plan week ``week`` (0-based), its ``min`` or ``max`` side."""
    days = tuple(grid.days[d].date for d in grid.week_days(week))
    return RuleInstance(
        "sessions_per_week", f"week={week + 1},{bound}", days=days, week=week + 1, bound=bound
    )


def shortfall(grid: Any, m: Any, week: int, need: int, lit: Any) -> Any:
    """The price of a week below ``need`` sessions when its minimum's switch ``lit`` is off:
    once for the short week, and again for each session it misses (without the second
    price a week that can only have one session got none)."""
    x = m.x
    missing = m.cp.new_int_var(0, need, f"short_sessions(week={week + 1})")
    m.cp.add(missing >= need - sum(x[d] for d in grid.week_days(week)))
    return SHORT_WEEK_COST * (1 - lit) + SHORT_SESSION_COST * missing


def away_weeks(grid: Any) -> set[int]:
    """Plan weeks with a day the runner is away (a trip, out of office): their minimum may
    fall short, at the best-effort price, rather than leave no plan."""
    return {d // 7 for day in grid.away_dates if (d := grid.day_index(day)) is not None}


@register("sessions_per_week", hard=True)
def sessions_per_week(grid, m):
    away = away_weeks(grid)
    for w in range(grid.weeks):
        count = sum(m.x[d] for d in grid.week_days(w))
        if grid.week_min[w] > 0:
            at_least = m.cp.add(count >= grid.week_min[w])
            lit = m.switch(instance(grid, w, "min"), liftable=True, soft=w in away)
            at_least.only_enforce_if(lit)
            if m.best_effort or (w in away and m.priced):
                # A lifted minimum is paid for (priced once every rule is built).
                m.defer(lambda w=w, lit=lit: shortfall(grid, m, w, grid.week_min[w], lit))
        m.cp.add(count <= grid.week_max[w]).only_enforce_if(m.switch(instance(grid, w, "max")))
    return []


def check(view: PlanView) -> list[Violation]:
    problem = view.problem
    rules = problem.rules
    counts = [0] * problem.weeks
    for s in view.inside:
        counts[(s.day - problem.start).days // 7] += 1
    minimums, maximums = week_bounds(problem)
    out = []
    for w, n in enumerate(counts):
        monday = problem.start + dt.timedelta(weeks=w)
        if n < minimums[w]:
            out.append(
                Violation(
                    "sessions_per_week",
                    monday,
                    f"week {w + 1} has {n} session(s), fewer than {minimums[w]}",
                    "min",
                )
            )
        if n > maximums[w]:
            own = rules.sessions_max - maximums[w]
            beside = f" beside your own {own}" if own else ""
            out.append(
                Violation(
                    "sessions_per_week",
                    monday,
                    f"week {w + 1} has {n} sessions{beside}, more than {rules.sessions_max}",
                    "max",
                )
            )
    return out


def clash(grid: Any, core: list[RuleInstance], scope: set[dt.date]) -> ClashWords | None:
    weeks = sorted({i.week for i in core if i.bound == "min" and i.week is not None})
    if not weeks:
        return None
    need = grid.week_min[weeks[0] - 1]
    return ClashWords((f"{need} session{'s' if need != 1 else ''} a week",))


def ladders(problem: Problem, opts: Any) -> list[Ladder]:
    lo, hi = opts.sessions
    if lo <= 1:
        return []
    return [
        Ladder(
            "sessions",
            0,
            tuple((("sessions", (k, hi)),) for k in range(lo - 1, 0, -1)),
            lambda o: (
                ("--sessions", f"{o.sessions[0]}-{o.sessions[1]}"),
                f"plan {o.sessions[0]} to {o.sessions[1]} sessions a week",
            ),
        )
    ]


DP_READY = True


def week_price(grid: Any, w: int, count: int, best_effort: bool) -> int | None:
    """What week ``w`` with ``count`` sessions costs the plan beyond its soft goals: 0 when
    it keeps its bounds, the shortfall price when it may fall short (best effort, days
    away), None when no plan may have it (the dynamic program's form)."""
    if count > grid.week_max[w]:
        return None
    need = grid.week_min[w]
    if count >= need:
        return 0
    if best_effort or w in away_weeks(grid):
        return SHORT_WEEK_COST + SHORT_SESSION_COST * (need - count)
    return None
