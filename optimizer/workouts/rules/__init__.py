"""The workout rules, one module each, in the order the selection models are built.

Each module holds its rule's part of the selection model, its solver-free check and its
words (see :mod:`~optimizer.workouts.rules.base`). The registry is explicit and ordered, so
the models are built the same way every run; a test checks that every module is registered.

Hard (the selection never breaks them; ``check_workouts`` re-checks them on any plan):
``available``, ``progression``, ``exercise_count``, ``fills_time``, ``legs_and_core``,
``variant_family``, ``plyometrics``, ``no_repeat``, ``same_weekday``, ``variety``,
``calves_weekly``, ``posterior_chain``, ``unilateral_balance``, ``session_title``.

Soft (the objective): fuller sessions, legs first, rotation of exercises, easier variants in
lighter weeks and harder ones later, calf/posterior/one- and two-leg work early in the week,
some back work every week (``back_weekly``).
"""

from optimizer.workouts.rules.available import Available
from optimizer.workouts.rules.back_weekly import BackWeekly
from optimizer.workouts.rules.base import WeeklyCover, WorkoutRule
from optimizer.workouts.rules.calves_weekly import CalvesWeekly
from optimizer.workouts.rules.exercise_count import ExerciseCount
from optimizer.workouts.rules.fills_time import FillsTime
from optimizer.workouts.rules.legs_and_core import LegsAndCore
from optimizer.workouts.rules.no_repeat import NoRepeat
from optimizer.workouts.rules.plyometrics import Plyometrics
from optimizer.workouts.rules.posterior_chain import PosteriorChain
from optimizer.workouts.rules.progression import Progression
from optimizer.workouts.rules.same_weekday import SameWeekday
from optimizer.workouts.rules.session_title import SessionTitle
from optimizer.workouts.rules.unilateral_balance import UnilateralBalance
from optimizer.workouts.rules.variant_family import VariantFamily
from optimizer.workouts.rules.variety import Variety

RULES: tuple[WorkoutRule, ...] = (
    Available(),
    Plyometrics(),
    NoRepeat(),
    VariantFamily(),
    ExerciseCount(),
    FillsTime(),
    LegsAndCore(),
    Progression(),
    SameWeekday(),
    Variety(),
    CalvesWeekly(),
    PosteriorChain(),
    UnilateralBalance(),
    BackWeekly(),
    SessionTitle(),
)

__all__ = ["RULES", "WeeklyCover", "WorkoutRule"]
