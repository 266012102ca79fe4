"""Lexicographic objectives: a first goal, then tie-breaks (or change costs) among its optima.

Two ways, both here so no other module assembles stages:

- :func:`solve_with_tiebreak`: one solve of ``M * primary + tiebreak`` on a clone of the
  model, with ``M`` larger than any sum the tie-breaks can reach (measured: one solve is
  2.5-3.5x faster than proving the objective and then the tie-breaks in a second solve);
- :func:`solve_in_stages`: one solve per stage, each holding the earlier stages at their
  optimum and starting from the previous stage's solution (a re-plan's three stages).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from optimizer.solver.cpsat import cp_model

from optimizer.domain import SolveStatus
from optimizer.solver.engine import Solved, SolverSettings, hint, run


@dataclass(frozen=True)
class Lexicographic:
    """A solve with tie-breaks, in the primary objective's terms.

    Attributes:
        solved: the solve (its values are the original model's: the clone keeps indices).
        primary: the primary objective's value (raw, offset included), None without one.
        bound: a proven bound on the primary objective.
    """

    solved: Solved
    primary: float | None
    bound: float | None


@dataclass(frozen=True)
class Known:
    """A proven lexicographic optimum found another way (:mod:`optimizer.solver.dp`): the
    solve starts from it and may not go below it.

    Attributes:
        primary: the objective's value (offset included).
        tiebreak: the tie-breaks' value.
        hint: ``(proto index, value)`` of a solution reaching both.
    """

    primary: int
    tiebreak: int
    hint: Sequence[tuple[int, int]]


def solve_with_tiebreak(
    cp: cp_model.CpModel,
    tiebreak: Sequence[tuple[int, int]],
    settings: SolverSettings,
    known: Known | None = None,
) -> Lexicographic:
    """Minimise the model's objective, then ``tiebreak`` (proto index, coefficient) among its
    optima, in one solve of a clone. With ``known``, the clone starts from its solution and
    its value is a lower bound: CP-SAT confirms it rather than searches."""
    obj = cp.proto.objective
    if not tiebreak or not obj.vars:
        solved = run(cp, settings)
        return Lexicographic(solved, solved.objective, solved.bound)
    clone = cp.clone()
    var = clone.get_int_var_from_proto_index
    primary = sum(c * var(v) for v, c in zip(obj.vars, obj.coeffs, strict=True))
    ties = sum(c * var(i) for i, c in tiebreak)
    big = 1 + sum(abs(c) * upper_bound(cp, i) for i, c in tiebreak)
    clone.minimize(big * primary + ties)
    if known is not None:
        offset = round(obj.offset)
        clone.add(big * primary + ties >= big * (known.primary - offset) + known.tiebreak)
        hint(clone, [(var(i), v) for i, v in known.hint])
    solved = run(clone, settings)
    if not solved.ok:
        return Lexicographic(solved, None, None)
    value = solved.value(primary) + obj.offset
    # Any combined value below the bound has a primary part of at least floor(bound / M).
    assert solved.bound is not None
    bound = math.floor(solved.bound / big) + obj.offset
    if solved.status is SolveStatus.OPTIMAL:
        bound = value
    return Lexicographic(solved, value, bound)


def upper_bound(cp: cp_model.CpModel, index: int) -> int:
    """The largest value variable ``index`` of ``cp`` can take, from the model's own API.

    (Indexing the proto's domain from the end, ``domain[-1]``, reads 0 with OR-Tools 9.15's
    C++ proto, which made every tie-break weigh as much as the objective itself.)
    """
    domain = cp.get_int_var_from_proto_index(index).proto.domain
    return int(cp_model.Domain.from_flat_intervals(list(domain)).max())


def solve_in_stages(
    cp: cp_model.CpModel,
    stages: Sequence[Callable[[], Any]],
    settings: SolverSettings,
    *,
    start_from: Callable[[Solved], Sequence[tuple[Any, int]]],
) -> tuple[list[Solved], Solved | None]:
    """Minimise each stage's objective in turn, holding the earlier ones at their optimum.

    Args:
        cp: the model (changed: each stage's bound is added to it).
        stages: builders of each stage's objective expression (called when its turn comes,
            so a stage may use the model as the earlier stages left it).
        settings: solver settings for every stage.
        start_from: the hint for the next stage from a stage's solution.

    Returns:
        Every stage's solve that found a solution, and the first stage's solve when it found
        none (else None).
    """
    done: list[Solved] = []
    for k, stage in enumerate(stages):
        expr = stage()
        cp.minimize(expr)
        if done:
            hint(cp, start_from(done[-1]))
        solved = run(cp, settings)
        if not solved.ok:
            return done, (solved if k == 0 else None)
        done.append(solved)
        assert solved.objective is not None
        cp.add(expr <= solved.objective)
    return done, None
