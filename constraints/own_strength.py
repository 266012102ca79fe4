"""Hard: no session on or within `min_gap_days` of a strength session the runner's own plan already has ("Runna: Strength & Conditioning", "Gym"); those sessions count in their week's MIN and MAX."""

from __future__ import annotations

import datetime as dt
from typing import Any

from constraints import Ban, ClashWords, PlanView, RuleInstance, ban_each, days_taken, register
from optimizer.domain import Problem, RunKind, Violation

# Dropped this early when a clash is shrunk (fine-grained rules first: what is left speaks
# of whole days and weeks).
CORE_RANK = 2

BANS_DAYS = True
BLOCK_RANK = 2


def own_sessions(problem: Problem) -> dict[dt.date, str]:
    """The days of the runner's own strength sessions (events of the running calendar that are
    strength sessions, :func:`optimizer.classify.strength.is_strength_session`), with the
    first one's title; also just outside the plan, where their gap reaches into it."""
    from optimizer.classify.strength import is_strength_session

    out: dict[dt.date, str] = {}
    for run in problem.runs:
        if run.kind is RunKind.OTHER and is_strength_session(run.event.summary):
            out.setdefault(run.day, run.event.summary)
    return dict(sorted(out.items()))


def per_week(problem: Problem) -> list[int]:
    """How many of the runner's own strength sessions each plan week holds."""
    counts = [0] * problem.weeks
    if not problem.rules.enabled("own_strength"):
        return counts
    for day in own_sessions(problem):
        w = (day - problem.start).days // 7
        if 0 <= w < problem.weeks:
            counts[w] += 1
    return counts


def instances(problem: Problem) -> list[RuleInstance]:
    """One per own session: the days around it no legday session may take."""
    reach = max(1, problem.rules.min_gap_days) - 1
    out = []
    for day in own_sessions(problem):
        days = tuple(day + dt.timedelta(days=k) for k in range(-reach, reach + 1))
        out.append(RuleInstance("own_strength", f"{day}", days=days, anchor=day))
    return out


@register("own_strength", hard=True)
def own_strength(grid, m):
    ban_each(grid, m, instances(grid.problem))
    return []


def _where(day: dt.date, own: dt.date) -> str:
    if day == own:
        return "your own strength session that day"
    when = "after" if day > own else "before"
    gap = abs((day - own).days)
    return f"{gap} day{'s' if gap != 1 else ''} {when} your own strength session ({own:%a})"


def banned_days(grid: Any) -> dict[int, Ban]:
    out: dict[int, Ban] = {}
    for inst in instances(grid.problem):
        assert inst.anchor is not None
        for day in inst.days:
            k = grid.day_index(day)
            if k is not None and (k not in out or day == inst.anchor):
                out[k] = Ban(inst, _where(day, inst.anchor))
    return out


def check(view: PlanView) -> list[Violation]:
    own = own_sessions(view.problem)
    gap = view.problem.rules.min_gap_days
    out = []
    for day in view.by_day:
        near = [o for o in own if abs((day - o).days) < gap]
        if near:
            out.append(
                Violation(
                    "own_strength",
                    day,
                    f"a session {_where(day, near[0])} '{own[near[0]]}' "
                    f"(at least {gap} days between sessions)",
                )
            )
    return out


def clash(grid: Any, core: list[RuleInstance], scope: set[dt.date]) -> ClashWords | None:
    from optimizer.text import days_text

    mine = [i for i in core if i.rule == "own_strength"]
    if not mine:
        return None
    taken, days = days_taken(grid, mine, "your own strength session")
    return ClashWords(
        (f"your own strength sessions and a day around them ({days_text(days, scope)})",),
        taken,
    )


def note(problem: Problem) -> str | None:
    """What the plan says of the runner's own sessions (None when there are none)."""
    own = {d: t for d, t in own_sessions(problem).items() if problem.start <= d < problem.end}
    if not own or not problem.rules.enabled("own_strength"):
        return None
    titles = sorted(set(own.values()))
    shown = ", ".join(f"'{t}'" for t in titles[:3]) + (" ..." if len(titles) > 3 else "")
    n = len(own)
    return (
        f"your plan already has {n} strength session{'s' if n != 1 else ''} ({shown}): "
        "each counts in its week's sessions, and legday plans none within a day of it"
    )


# Its bans say all the dynamic program needs.
DP_READY = True
