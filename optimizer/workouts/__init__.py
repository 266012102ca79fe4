"""What each strength session contains: programs, progression and exercise selection.

After the days are fixed, a second CP-SAT stage picks the exercises of every
session. Sets, reps, holds, rests and loads are not decided by the solver: they
follow the program and a progression that depends only on the plan week and the
race phase (so a missed session never makes the next week harder). The solver
chooses *which* exercises, subject to these rules (each re-checked without the
solver by :func:`check_workouts`, under the rule name in brackets):

Hard:
    * the session's work, rests included, fits its minutes after the warm-up
      [``fits_time``];
    * every session has leg work and a core exercise, and no more core
      exercises than leg exercises [``legs_and_core``];
    * every week works the posterior chain: glutes and hamstrings
      [``posterior_chain``];
    * one-leg and two-leg work are balanced over each week: the sets differ by
      at most :data:`BALANCE_SETS` [``unilateral_balance``];
    * an exercise is never in two consecutive sessions, nor twice in one
      [``no_repeat``];
    * plyometrics only for advanced athletes on the plyometric or mixed program,
      never before a long run, hard run or race, nor in a taper or the week
      after a race; the plyometric program has a jump session whenever allowed
      [``plyometrics``];
    * only exercises the athlete's level, equipment and program allow
      [``available``];
    * the doses and number of exercises follow the progression [``progression``].

Soft (the objective): fill each session up to the progression's number of
exercises, with leg work first; use as much of the available library as
possible over the plan; few repeats within a week; an even spread of use over
the plan; some back work every week.

The package, one module per job:

* :mod:`~optimizer.workouts.types`: the plain data (session context, prescription,
  workout, dose);
* :mod:`~optimizer.workouts.library`: the exercise library, read from ``data/exercises.toml``;
* :mod:`~optimizer.workouts.progression`: how much each session gets, week by week;
* :mod:`~optimizer.workouts.problem`: the selection problem and its solver-free objective;
* :mod:`~optimizer.workouts.selection`: the CP-SAT models that choose the exercises;
* :mod:`~optimizer.workouts.checks`: every rule above, re-checked without the solver.

Importing the package does not import OR-Tools; only solving does.
"""

from optimizer.workouts.checks import check_workouts
from optimizer.workouts.library import PROGRAMS
from optimizer.workouts.progression import prescribe, session_dose, weekly_volume
from optimizer.workouts.selection import plan_workouts
from optimizer.workouts.types import BALANCE_SETS, Dose, Prescription, SessionContext, Workout

__all__ = [
    "BALANCE_SETS",
    "PROGRAMS",
    "Dose",
    "Prescription",
    "SessionContext",
    "Workout",
    "check_workouts",
    "plan_workouts",
    "prescribe",
    "session_dose",
    "weekly_volume",
]
