"""The solver layer: the only package that talks to CP-SAT's statuses, parameters,
objectives and lexicographic stages. The rest of legday sees ``SolveStatus`` and plain
values."""

from optimizer.solver.engine import Solved, SolverSettings, hint, make_solver, run

__all__ = ["Solved", "SolverSettings", "hint", "make_solver", "run"]
