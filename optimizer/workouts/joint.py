"""The one-model fallback: every session decided together in one CP-SAT model.

Used when the session-by-session selection paints itself into a corner (a later session
has no valid choice given the earlier ones). Each session's own part comes from the rules'
``step`` (without a history), the links between sessions from their ``joint``; the solver
layer solves it with a deterministic limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from optimizer.workouts.problem import Problem, Step

if TYPE_CHECKING:
    from optimizer.solver.cpsat import cp_model

    from optimizer.workouts.rules.base import WorkoutRule


@dataclass
class Joint:
    """The one model as the rules' ``joint`` parts see it.

    Attributes:
        problem: The problem.
        model: The CP-SAT model.
        x: Per session (day order): exercise key -> "chosen" literal.
        terms: The objective's terms (maximised).
    """

    problem: Problem
    model: cp_model.CpModel
    x: list[dict[str, Any]] = field(default_factory=list)
    terms: list[Any] = field(default_factory=list)


def build_joint(problem: Problem, rules: Sequence[WorkoutRule]) -> Joint:
    """The one model over every session of ``problem``."""
    from optimizer.solver.cpsat import cp_model

    from optimizer.workouts.cpsat import add_step_model
    from optimizer.workouts.selection import step_model

    j = Joint(problem, cp_model.CpModel())
    for p in range(len(problem.slots)):
        m = step_model(Step(problem, p, None), rules)
        x, terms = add_step_model(j.model, m, f"{p},")
        j.x.append(x)
        j.terms.extend(terms)
    for rule in rules:
        rule.joint(j)
    j.model.maximize(sum(j.terms))
    return j
