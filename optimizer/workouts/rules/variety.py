"""Hard: at least 10 different exercises in any 4 weeks (12 when there is equipment to use).

Soft: rotate the exercises: new ones are worth more, so are ones not done in the last 4
weeks; repeating one within a week costs, and every earlier use costs a little.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from optimizer.domain import Violation
from optimizer.workouts.rules.base import WorkoutRule

if TYPE_CHECKING:
    from optimizer.workouts.checks import PlanView
    from optimizer.workouts.joint import Joint
    from optimizer.workouts.model import StepModel
    from optimizer.workouts.problem import Problem, Step

WINDOW_WEEKS = 4
DISTINCT_BODYWEIGHT = 10
DISTINCT_EQUIPMENT = 12
#: A session holds at least this many exercises: a window with few sessions asks for less.
_PER_SESSION = 3

W_NEW = 30  # never done in this plan
W_FRESH = 30  # not done in the last 4 weeks
W_WEEK_REPEAT = 60  # already done this week
W_USE = 3  # per earlier use


@dataclass(frozen=True)
class Window:
    """Plan weeks ``first .. last`` and how many different exercises they need."""

    first: int
    last: int
    required: int


def windows(weeks: list[int], sessions: dict[int, int], target: int, pool: int) -> list[Window]:
    """Every run of 4 plan weeks (the whole plan if shorter), with its requirement:
    ``target``, or less where the window has too few sessions or the pool too few exercises."""
    first, last = min(weeks), max(weeks)
    starts = range(first, last - WINDOW_WEEKS + 2) if last - first + 1 >= WINDOW_WEEKS else [first]
    out = []
    for s in starts:
        end = min(last, s + WINDOW_WEEKS - 1)
        n = sum(sessions.get(w, 0) for w in range(s, end + 1))
        out.append(Window(s, end, min(target, pool, _PER_SESSION * n)))
    return out


def target(has_equipment: bool) -> int:
    return DISTINCT_EQUIPMENT if has_equipment else DISTINCT_BODYWEIGHT


def _problem_windows(problem: Problem) -> list[tuple[Window, tuple[int, ...]]]:
    """The windows with the positions of their sessions (computed once per problem)."""
    if "variety" not in problem.memo:
        counts = {w: len(ps) for w, ps in problem.weeks.items()}
        equipped = any(e.equipment != "none" for e in problem.pool)
        found = windows(sorted(counts), counts, target(equipped), len(problem.pool))
        problem.memo["variety"] = [
            (
                win,
                tuple(
                    p for w, ps in problem.weeks.items() if win.first <= w <= win.last for p in ps
                ),
            )
            for win in found
        ]
    return problem.memo["variety"]


class Variety(WorkoutRule):
    key = "variety"
    words = (
        "rotate the exercises: at least 10 different ones in any 4 weeks (12 with equipment), "
        "few repeats within a week"
    )

    def step(self, s: Step, m: StepModel) -> None:
        if s.history is None:
            return
        uses = s.history.uses
        week = s.week
        recent = {
            k
            for q in range(s.pos)
            if week - WINDOW_WEEKS < s.problem.week_of(q) <= week
            for k in s.chosen(q)
        }
        this_week = s.week_keys()
        for e in m.candidates:
            n = uses.get(e.key, 0)
            m.gain(e.key, (W_NEW if n == 0 else 0) + (W_FRESH if e.key not in recent else 0))
            m.gain(e.key, -(W_WEEK_REPEAT if e.key in this_week else 0) - W_USE * n)
        for win, positions in _problem_windows(s.problem):
            if positions and positions[-1] == s.pos:
                done = {k for q in positions if q < s.pos for k in s.chosen(q)}
                need = win.required - len(done)
                if need > 0:
                    m.add(self.key, {e.key: 1 for e in m.candidates if e.key not in done}, lo=need)

    def joint(self, j: Joint) -> None:
        for n, (win, positions) in enumerate(_problem_windows(j.problem)):
            used = []
            for k in sorted({k for p in positions for k in j.x[p]}):
                u = j.model.new_bool_var(f"variety(window={n},{k})")
                j.model.add_bool_or([~u, *(j.x[p][k] for p in positions if k in j.x[p])])
                used.append(u)
            j.model.add(sum(used) >= win.required)
        keys = sorted({k for xs in j.x for k in xs})
        for k in keys:  # each exercise used at least once in the plan is worth W_NEW
            once = j.model.new_bool_var(f"variety(used={k})")
            j.model.add_bool_or([~once, *(xs[k] for xs in j.x if k in xs)])
            j.terms.append(W_NEW * once)

    def check(self, plan: PlanView) -> list[Violation]:
        weeks = plan.weeks()
        if not weeks:
            return []
        counts = {w: len(idx) for w, idx in weeks}
        equipped = any(plan.lib[k].equipment != "none" for k in plan.pool)
        out = []
        for win in windows(sorted(counts), counts, target(equipped), len(plan.pool)):
            idx = [i for w, ids in weeks if win.first <= w <= win.last for i in ids]
            distinct = {k for i in idx for k in plan.keys(i)}
            if len(distinct) < win.required:
                first = min(plan.contexts[i].day for i in idx)
                out.append(
                    Violation(
                        self.key,
                        first,
                        f"weeks {win.first + 1}-{win.last + 1} have {len(distinct)} different "
                        f"exercises where {win.required} keep them varied",
                    )
                )
        return out
