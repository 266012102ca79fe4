"""Why here, and why not: legday explains every decision in a runner's words.

- :mod:`optimizer.explain.why_here`: for each planned session, the rules that shaped its day
  and time and the soft goals it paid or kept (solver-free).
- :mod:`optimizer.explain.why_not`: when no plan keeps every rule, the rule instances that
  clash (cores from the solver layer) and, from :mod:`optimizer.explain.relax`, the changes
  that give a plan.

The words themselves come from each rule's own module in ``constraints/``.
"""

from optimizer.explain.relax import Relaxation, find_relaxations
from optimizer.explain.why_here import SessionWhy, plan_penalties, why_here
from optimizer.explain.why_not import (
    Clash,
    WhyNot,
    describe_clash,
    find_core,
    plain_model,
    why_not,
)

__all__ = [
    "Clash",
    "Relaxation",
    "SessionWhy",
    "WhyNot",
    "describe_clash",
    "find_core",
    "find_relaxations",
    "plain_model",
    "plan_penalties",
    "why_here",
    "why_not",
]
