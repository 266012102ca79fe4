"""The CP-SAT model proto as a MIP (:func:`translate`), generically: see :mod:`benchmarks.mip`.

Only the standard library: the HiGHS worker imports this package and must not load OR-Tools.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


@dataclass
class MipModel:
    """A MIP in the form HiGHS takes: bounded integer columns and CSR rows.

    Attributes:
        col_lower, col_upper: Column bounds.
        col_cost: Objective coefficient of each column (minimised).
        offset, scaling: CP-SAT reports ``scaling * (cost . x + offset)``, and so does
            :func:`solve_highs`.
        row_lower, row_upper: Row bounds (``±inf`` for one-sided rows).
        starts, index, value: The rows in compressed sparse row form.
        n_cp_vars: How many columns are CP-SAT variables (the rest are interval binaries).
    """

    col_lower: list[float]
    col_upper: list[float]
    col_cost: list[float]
    offset: float
    scaling: float
    row_lower: list[float]
    row_upper: list[float]
    starts: list[int]
    index: list[int]
    value: list[float]
    n_cp_vars: int

    @property
    def n_cols(self) -> int:
        return len(self.col_lower)

    @property
    def n_rows(self) -> int:
        return len(self.row_lower)

    def save(self, path: Path) -> None:
        """Write the model as ``.npz`` (for the HiGHS worker process)."""
        import numpy as np

        np.savez(
            path,
            col_lower=np.array(self.col_lower, dtype=np.float64),
            col_upper=np.array(self.col_upper, dtype=np.float64),
            col_cost=np.array(self.col_cost, dtype=np.float64),
            row_lower=np.array(self.row_lower, dtype=np.float64),
            row_upper=np.array(self.row_upper, dtype=np.float64),
            starts=np.array(self.starts, dtype=np.int32),
            index=np.array(self.index, dtype=np.int32),
            value=np.array(self.value, dtype=np.float64),
            meta=np.array([self.offset, self.scaling, self.n_cp_vars], dtype=np.float64),
        )


class _Rows:
    """Collects rows ``lo <= sum(coef * col) + const <= hi`` as CSR."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.starts: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []

    def add(self, terms: dict[int, float], const: float, lo: float, hi: float) -> None:
        terms = {c: v for c, v in terms.items() if v}
        if not terms:
            if lo - 1e-9 <= const <= hi + 1e-9:
                return  # always true
            terms = {}  # an always-false row: 0 in [lo - const, hi - const] is empty
        for c in sorted(terms):
            self.index.append(c)
            self.value.append(float(terms[c]))
        self.starts.append(len(self.index))
        self.lower.append(lo - const)
        self.upper.append(hi - const)


def _inf(bound: int, hi: bool) -> float:
    if hi and bound >= INT64_MAX:
        return float("inf")
    if not hi and bound <= INT64_MIN:
        return float("-inf")
    return float(bound)


def translate(proto: Any) -> MipModel:
    """Translate a CP-SAT ``CpModelProto`` (``model.cp.proto``) into a :class:`MipModel`.

    Args:
        proto: The CP-SAT model proto, as ``CpModel.proto`` returns it.

    Returns:
        The equivalent MIP: every feasible CP-SAT assignment extends to a feasible MIP
        point with the same objective, and every MIP point restricted to the CP-SAT
        columns is CP-SAT feasible.

    Raises:
        NotImplementedError: The proto uses a constraint kind other than linear, bool_or,
            bool_and, at_most_one or exactly_one, or a floating-point objective.
    """
    mip = _Translator(proto)
    for k, ct in enumerate(proto.constraints):
        enforce = list(ct.enforcement_literal)
        if ct.has_linear():
            mip.add_linear(_linear_expr(ct.linear), enforce, list(ct.linear.domain))
        elif ct.has_bool_or() or ct.has_bool_and() or ct.has_exactly_one() or ct.has_at_most_one():
            mip.add_boolean(ct, enforce)
        else:
            raise NotImplementedError(
                f"constraint {k} is a {_kind(ct)} constraint; no MIP form for it"
            )
    if proto.has_floating_point_objective():
        raise NotImplementedError("floating-point objectives are not translated")
    return mip.model(proto)


# Constraint kinds with no MIP form here, to name the one a model uses.
_OTHER_KINDS = (
    "lin_max",
    "int_prod",
    "int_div",
    "int_mod",
    "element",
    "table",
    "automaton",
    "interval",
    "no_overlap",
    "cumulative",
    "circuit",
    "all_diff",
    "bool_xor",
    "reservoir",
    "inverse",
)


def _kind(ct: Any) -> str:
    """The name of a constraint's kind (``no_overlap``, ...), or ``unknown``."""
    return next((n for n in _OTHER_KINDS if getattr(ct, f"has_{n}")()), "unknown")


def _linear_expr(linear: Any) -> dict[int, float]:
    """A linear constraint's expression as {column: coefficient}."""
    expr: dict[int, float] = {}
    for ref, c in zip(linear.vars, linear.coeffs, strict=True):
        # In a linear expression a negative reference is the negated integer.
        v, coef = (ref, float(c)) if ref >= 0 else (-ref - 1, -float(c))
        expr[v] = expr.get(v, 0.0) + coef
    return expr


def _lit(ref: int) -> tuple[int, float, float]:
    """A literal as (column, coefficient, constant): its value is const + coef * col."""
    return (ref, 1.0, 0.0) if ref >= 0 else (-ref - 1, -1.0, 1.0)


def _violation(refs: list[int]) -> tuple[dict[int, float], float]:
    """sum(1 - l) over literals: 0 exactly when all of them hold."""
    terms: dict[int, float] = {}
    const = 0.0
    for ref in refs:
        col, coef, c0 = _lit(ref)
        terms[col] = terms.get(col, 0.0) - coef
        const += 1.0 - c0
    return terms, const


class _Translator:
    """The columns (CP-SAT variables, then interval binaries) and rows of one translation."""

    def __init__(self, proto: Any) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        holes: list[tuple[int, list[int]]] = []
        for i, var in enumerate(proto.variables):
            dom = list(var.domain)
            self.lower.append(float(dom[0]))
            self.upper.append(float(dom[-1]))
            if len(dom) > 2:
                holes.append((i, dom))
        self.n_cp = len(self.lower)
        self.rows = _Rows()
        for i, dom in holes:
            self.add_linear({i: 1.0}, [], dom)

    def new_binary(self) -> int:
        self.lower.append(0.0)
        self.upper.append(1.0)
        return len(self.lower) - 1

    def add_linear(self, expr: dict[int, float], enforce: list[int], dom: list[int]) -> None:
        """``expr in dom`` when every ``enforce`` literal holds (big-M rows)."""
        lower, upper, rows = self.lower, self.upper, self.rows
        emin = sum(min(c * lower[v], c * upper[v]) for v, c in expr.items())
        emax = sum(max(c * lower[v], c * upper[v]) for v, c in expr.items())
        intervals = [(dom[k], dom[k + 1]) for k in range(0, len(dom), 2)]
        if not enforce and len(intervals) == 1:
            lo, hi = _inf(intervals[0][0], False), _inf(intervals[0][1], True)
            rows.add(expr, 0.0, lo, hi)
            return
        base_terms, base_const = _violation(enforce)
        picks: list[int | None] = [None]
        if len(intervals) > 1:
            binaries = [self.new_binary() for _ in intervals]
            rows.add(dict.fromkeys(binaries, 1.0), 0.0, 1.0, 1.0)
            picks = [*binaries]
        for (lo_i, hi_i), pick in zip(intervals, picks, strict=True):
            v_terms = dict(base_terms)
            v_const = base_const
            if pick is not None:  # 1 - z
                v_terms[pick] = v_terms.get(pick, 0.0) - 1.0
                v_const += 1.0
            lo, hi = _inf(lo_i, False), _inf(hi_i, True)
            if lo > emin:  # expr + (lo - emin) * V >= lo
                self._big_m(expr, v_terms, v_const, lo - emin, lo, float("inf"))
            if hi < emax:  # expr - (emax - hi) * V <= hi
                self._big_m(expr, v_terms, v_const, -(emax - hi), float("-inf"), hi)

    def _big_m(
        self,
        expr: dict[int, float],
        v_terms: dict[int, float],
        v_const: float,
        m: float,
        lo: float,
        hi: float,
    ) -> None:
        """The row ``lo <= expr + m * V <= hi``, V the violation (0 when enforced)."""
        terms = dict(expr)
        for c, v in v_terms.items():
            terms[c] = terms.get(c, 0.0) + m * v
        self.rows.add(terms, m * v_const, lo, hi)

    def add_boolean(self, ct: Any, enforce: list[int]) -> None:
        """bool_or, bool_and, exactly_one or at_most_one, when every ``enforce`` literal holds."""
        if ct.has_bool_or():
            refs = list(ct.bool_or.literals)
        elif ct.has_bool_and():
            refs = list(ct.bool_and.literals)
        elif ct.has_exactly_one():
            refs = list(ct.exactly_one.literals)
        else:
            refs = list(ct.at_most_one.literals)
        v_terms, v_const = _violation(enforce)
        lits = [_lit(r) for r in refs]
        if ct.has_bool_and():
            for col, coef, c0 in lits:  # l + V >= 1
                terms = dict(v_terms)
                terms[col] = terms.get(col, 0.0) + coef
                self.rows.add(terms, c0 + v_const, 1.0, float("inf"))
            return
        terms = dict(v_terms)
        total = 0.0
        for col, coef, c0 in lits:
            terms[col] = terms.get(col, 0.0) + coef
            total += c0
        if not ct.has_at_most_one():  # at least one: sum(l) + V >= 1
            self.rows.add(terms, total + v_const, 1.0, float("inf"))
        if ct.has_exactly_one() or ct.has_at_most_one():  # sum(l) - (n - 1) V <= 1
            m = max(0, len(lits) - 1)
            terms = {}
            for col, coef, _ in lits:
                terms[col] = terms.get(col, 0.0) + coef
            for c, v in v_terms.items():
                terms[c] = terms.get(c, 0.0) - m * v
            self.rows.add(terms, total - m * v_const, float("-inf"), 1.0)

    def model(self, proto: Any) -> MipModel:
        """The MIP, with the proto's objective (coefficients, offset and scaling)."""
        cost = [0.0] * len(self.lower)
        offset = scaling = 0.0
        if proto.has_objective():
            obj = proto.objective
            offset = float(obj.offset)
            scaling = float(obj.scaling_factor) or 1.0
            for ref, c in zip(obj.vars, obj.coeffs, strict=True):
                if ref >= 0:
                    cost[ref] += float(c)
                else:  # the negated integer
                    cost[-ref - 1] -= float(c)
        rows = self.rows
        return MipModel(
            col_lower=self.lower,
            col_upper=self.upper,
            col_cost=cost,
            offset=offset,
            scaling=scaling or 1.0,
            row_lower=rows.lower,
            row_upper=rows.upper,
            starts=rows.starts,
            index=rows.index,
            value=rows.value,
            n_cp_vars=self.n_cp,
        )
