"""The solver-free validator: every hard rule's own check, on datetimes.

It judges any list of sessions (ours, a coach's, a hand-made one) against a problem and
returns the violations in plain words. Each rule restates itself without the solver in its
own module (``check`` in ``constraints/<rule>.py``); this module only runs them, and adds
what no rule owns (a session outside the plan's weeks, two sessions on one day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from constraints import REGISTRY, PlanView
from optimizer.domain import Problem, Session, Violation


def validate(problem: Problem, sessions: Sequence[Session]) -> list[Violation]:
    """Every broken hard rule, sorted by day then rule. Empty means the plan holds."""
    view = PlanView.of(problem, sessions)
    inside = set(view.inside)
    out = [
        Violation("horizon", s.day, "session outside the plan's weeks")
        for s in view.sessions
        if s not in inside
    ]
    out += [
        Violation("recovery_gap", day, f"{len(same)} sessions on one day")
        for day, same in view.by_day.items()
        if len(same) > 1
    ]
    for rule in REGISTRY.values():
        if rule.hard:
            out.extend(rule.check(view))
    out.sort(key=lambda v: (v.day or dt.date.min, v.rule, v.message))
    return out
