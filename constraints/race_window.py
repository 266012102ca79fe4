"""Hard: no strength from `race_before_days` days before the goal race through `race_after_days` days after it; tune-up races keep a shorter window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from constraints import Ban, ClashWords, Ladder, PlanView, RuleInstance, ban_each, register
from optimizer.domain import Problem, RacePriority, Run, RunKind, Violation

# Dropped this early when a clash is shrunk (fine-grained rules first: what is left speaks
# of whole days and weeks).
CORE_RANK = 4

BANS_DAYS = True
BLOCK_RANK = 0


def race_priorities(problem: Problem) -> dict[dt.date, RacePriority]:
    """Each race day and how much its race matters (the goal race wins a shared day; a race
    nothing named is a goal race)."""
    out: dict[dt.date, RacePriority] = {}
    for run in problem.runs:
        if run.kind is RunKind.RACE:
            prio = run.priority or RacePriority.GOAL
            if out.get(run.day) is not RacePriority.GOAL:
                out[run.day] = prio
    return dict(sorted(out.items()))


def window(rules: Any, priority: RacePriority) -> tuple[int, int]:
    """Days before and after a race of ``priority`` without strength."""
    if priority is RacePriority.TUNE_UP:
        return rules.tune_up_before_days, rules.tune_up_after_days
    return rules.race_before_days, rules.race_after_days


def instances(problem: Problem) -> list[RuleInstance]:
    """One per race the problem knows, also just outside the plan: a race the Sunday after
    the last week still keeps that week free (the validator judges the same way)."""
    out = []
    for race, priority in race_priorities(problem).items():
        before, after = window(problem.rules, priority)
        days = tuple(race + dt.timedelta(days=k) for k in range(-before, after + 1))
        label = f"{race}" if priority is RacePriority.GOAL else f"{race},tune-up"
        out.append(RuleInstance("race_window", label, days=days, anchor=race, bound=priority.value))
    return out


def _race_words(inst: RuleInstance) -> str:
    return "tune-up race" if inst.bound == RacePriority.TUNE_UP.value else "race"


def prioritise(
    runs: Sequence[Run],
    *,
    goal: Sequence[str] = (),
    tune_up: Sequence[str] = (),
    not_race: Sequence[str] = (),
) -> tuple[Run, ...]:
    """Each race's priority: as the runner named it (a word of its title or its date), as its
    own words say (the classifier's), else the plan's longest race (the last of equals) is
    the goal race and the others are tune-ups. An event named "not a race" is a hard run.

    Args:
        runs: the plan's runs, as classified.
        goal, tune_up, not_race: the runner's marks (``--goal-race``, ``legday.toml``).
    """
    marked: list[Run] = []
    for run in runs:
        if _marked(run, not_race) and run.kind is RunKind.RACE:
            run = replace(
                run,
                kind=RunKind.HARD,
                priority=None,
                reason=f"you named it no race: a hard run ({run.reason})",
            )
        elif _marked(run, goal):
            run = replace(
                run,
                kind=RunKind.RACE,
                priority=RacePriority.GOAL,
                reason=f"your goal race ({run.reason})",
            )
        elif _marked(run, tune_up):
            run = replace(
                run,
                kind=RunKind.RACE,
                priority=RacePriority.TUNE_UP,
                reason=f"a tune-up race, as you said ({run.reason})",
            )
        marked.append(run)
    races = [r for r in marked if r.kind is RunKind.RACE]
    if not races:
        return tuple(marked)
    chosen = None
    if not any(r.priority is RacePriority.GOAL for r in races):
        unnamed = [r for r in races if r.priority is None]
        if unnamed:
            chosen = max(unnamed, key=lambda r: (r.distance_km or 0.0, r.event.start))
    out = []
    for run in marked:
        if run.kind is RunKind.RACE and run.priority is None:
            run = replace(
                run, priority=RacePriority.GOAL if run is chosen else RacePriority.TUNE_UP
            )
        out.append(run)
    return tuple(out)


def _marked(run: Run, marks: Sequence[str]) -> bool:
    from optimizer.text import fold

    title = fold(run.event.summary)
    for mark in marks:
        try:
            if dt.date.fromisoformat(mark) == run.day:
                return True
            continue
        except ValueError:
            pass
        if fold(mark) and fold(mark) in title:
            return True
    return False


def window_days(problem: Problem) -> set[dt.date]:
    """Every day with no strength around a race."""
    return {day for inst in instances(problem) for day in inst.days}


@register("race_window", hard=True)
def race_window(grid, m):
    ban_each(grid, m, instances(grid.problem))
    return []


def banned_days(grid: Any) -> dict[int, Ban]:
    out: dict[int, Ban] = {}
    for inst in instances(grid.problem):
        assert inst.anchor is not None
        for day in inst.days:
            d = grid.day_index(day)
            if d is not None:
                out.setdefault(
                    d,
                    Ban(inst, f"race window of the {_race_words(inst)} on {inst.anchor:%a %d %b}"),
                )
    return out


def check(view: PlanView) -> list[Violation]:
    out = []
    mine = instances(view.problem)
    for day in view.by_day:
        for inst in mine:
            if day in inst.days:
                before, after = window(view.problem.rules, RacePriority(inst.bound))
                out.append(
                    Violation(
                        "race_window",
                        day,
                        f"strength within {before} days before or {after} after the "
                        f"{_race_words(inst)} on {inst.anchor:%a %Y-%m-%d}",
                    )
                )
                break
    return out


def clash(grid: Any, core: list[RuleInstance], scope: set[dt.date]) -> ClashWords | None:
    phrases = []
    taken: dict[int, str] = {}
    for inst in core:
        if inst.rule != "race_window" or inst.anchor is None:
            continue
        for day in inst.days:
            d = grid.day_index(day)
            if d is not None:
                taken.setdefault(d, "race")
        before, after = window(grid.rules, RacePriority(inst.bound))
        phrases.append(
            f"no strength from {before} days before to {after} after the {_race_words(inst)} "
            f"on {inst.anchor:%a %d %b}"
        )
    return ClashWords(tuple(phrases), taken) if phrases else None


def ladders(problem: Problem, opts: Any) -> list[Ladder]:
    if not any(i.bound == RacePriority.GOAL.value for i in instances(problem)):
        return []
    out = []
    if opts.race_before_days > 0:
        out.append(
            Ladder(
                "race_before",
                3,
                tuple((("race_before_days", k),) for k in range(opts.race_before_days - 1, -1, -1)),
                lambda o: (
                    ("--race-before-days", str(o.race_before_days)),
                    f"shorten the race window to {o.race_before_days} days before",
                ),
            )
        )
    if opts.race_after_days > 0:
        out.append(
            Ladder(
                "race_after",
                4,
                tuple((("race_after_days", k),) for k in range(opts.race_after_days - 1, -1, -1)),
                lambda o: (
                    ("--race-after-days", str(o.race_after_days)),
                    f"shorten the race window to {o.race_after_days} days after",
                ),
            )
        )
    return out


# Its bans and allowed starts say all the dynamic program needs.
DP_READY = True
