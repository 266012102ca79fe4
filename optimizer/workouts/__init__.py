"""What each strength session contains: programs, progression and exercise selection.

After the days are fixed, a second stage picks the exercises of every session. Sets,
reps, holds, rests, loads and the effort are not decided by the solver: they follow the
program and a progression that depends only on the session (plan week, race phase, the
day's run, its minutes), so a missed session never makes the next week harder. The
selection chooses *which* exercises, under the workout rules of
:mod:`optimizer.workouts.rules` (one module each: its model part, its solver-free check,
its words); :func:`check_workouts` re-checks every hard rule on any plan.

The package, one module per job:

* :mod:`~optimizer.workouts.types`: the plain data (session context, prescription,
  workout, dose);
* :mod:`~optimizer.workouts.library`: the exercise library, read from ``data/exercises.toml``;
* :mod:`~optimizer.workouts.timing`: how long an exercise and a session take;
* :mod:`~optimizer.workouts.progression`: how much each session gets, week by week;
* :mod:`~optimizer.workouts.problem`: the sessions as the selection sees them;
* :mod:`~optimizer.workouts.rules`: the workout rules;
* :mod:`~optimizer.workouts.model`: one session's selection model, stated once;
* :mod:`~optimizer.workouts.search`: its exact branch-and-bound;
* :mod:`~optimizer.workouts.cpsat` and :mod:`~optimizer.workouts.joint`: the same models
  for CP-SAT (fallback and cross-check), and the one model over all sessions;
* :mod:`~optimizer.workouts.selection`: session by session, with those fallbacks;
* :mod:`~optimizer.workouts.checks`: every hard rule, re-checked without the solver.

Importing the package does not import OR-Tools; only a CP-SAT fallback does.
"""

from optimizer.workouts.checks import check_workouts
from optimizer.workouts.library import PROGRAMS
from optimizer.workouts.progression import prescribe, session_dose, weekly_volume
from optimizer.workouts.selection import plan_workouts
from optimizer.workouts.types import Dose, Prescription, SessionContext, Workout, toughest_run

__all__ = [
    "PROGRAMS",
    "Dose",
    "Prescription",
    "SessionContext",
    "Workout",
    "check_workouts",
    "plan_workouts",
    "prescribe",
    "session_dose",
    "toughest_run",
    "weekly_volume",
]
