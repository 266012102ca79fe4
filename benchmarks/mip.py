"""The CP-SAT model as a MIP, solved by HiGHS: the same model, another solver.

:func:`translate` reads the CP-SAT model proto generically (it knows nothing of legday's
rules), so the MIP is the model legday solves, not a re-implementation that could drift:

- every CP-SAT variable becomes an integer column with the same bounds;
- a linear constraint ``expr in domain`` becomes one or two rows; an enforcement literal
  ``l`` turns ``expr >= L`` into the big-M row ``expr + (L - min(expr)) * (1 - l) >= L``
  (likewise for ``<= U``), with ``min(expr)`` taken from the variable bounds, so M is as
  small as it can be; a domain with holes (``start in {2, 3, 7}``) gets one binary per
  interval, exactly one of them on;
- ``bool_or``/``bool_and``/``at_most_one``/``exactly_one`` become their usual linear rows;
- the objective keeps its coefficients, offset and scaling.

Any other constraint kind raises :class:`NotImplementedError` naming it.

HiGHS runs in a subprocess (:func:`solve_highs`, the worker is this module's ``__main__``):
highspy and OR-Tools each ship their own HiGHS library and, loaded into one process, clash
over its symbols (``undefined symbol`` on import). The model travels as a ``.npz`` file.

The worker answers on a channel of its own: before it imports anything it keeps a private
copy of its standard output for the answers and points file descriptor 1 at standard error,
so whatever a library prints (highspy 1.16 prints a banner from C on every ``Highs()``)
can never be taken for an answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
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


class HighsWorker:
    """One HiGHS worker process for many models: its start-up (numpy and highspy imports,
    about half a second) is paid once per benchmark run instead of once per model.

    Use as a context manager; :meth:`solve` sends a model's path and reads one JSON line.
    """

    def __init__(self) -> None:
        self._proc: subprocess.Popen[str] | None = None
        self._err: Any = None

    def __enter__(self) -> HighsWorker:
        import tempfile

        self._err = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.mip", "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._err,
            text=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        proc = self._proc
        if proc is not None:
            if proc.stdin:
                proc.stdin.close()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout:
                proc.stdout.close()
        if self._err is not None:
            self._err.close()
        self._proc = None

    def solve(self, path: Path, time_limit: float) -> dict[str, Any]:
        """Solve the ``.npz`` at ``path``; the worker's answer (see :func:`solve_highs`)."""
        proc = self._proc
        if proc is None or proc.stdin is None or proc.stdout is None:
            raise RuntimeError("the HiGHS worker is not running (use it in a with block)")
        proc.stdin.write(json.dumps({"path": str(path), "time_limit": time_limit}) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line:
            self._err.seek(0)
            last = (
                self._err.read().decode("utf-8", "replace").strip().splitlines() or ["no output"]
            )[-1]
            raise RuntimeError(f"HiGHS worker stopped (exit {proc.poll()}): {last}")
        return json.loads(line)


def solve_highs(
    model: MipModel,
    folder: Path,
    *,
    time_limit: float = 60.0,
    name: str = "model",
    worker: HighsWorker | None = None,
) -> dict[str, Any]:
    """Solve ``model`` with HiGHS in a worker process.

    Args:
        model: The translated MIP.
        folder: Where to write the ``.npz`` the worker reads.
        time_limit: HiGHS's own time limit, seconds.
        name: File stem of the ``.npz``.
        worker: A running :class:`HighsWorker` to use; None starts a one-off process.

    Returns:
        ``status`` (``optimal``, ``infeasible``, ``time_limit`` or HiGHS's word),
        ``objective`` and ``bound`` (in CP-SAT's units, None when unknown), ``seconds``
        (HiGHS's run time, presolve included), ``nodes``, ``cols``, ``rows``, and
        ``values`` (the CP-SAT columns of the best solution, or None).
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.npz"
    model.save(path)
    if worker is not None:
        return worker.solve(path, time_limit)
    cmd = [sys.executable, "-m", "benchmarks.mip", str(path), "--time-limit", str(time_limit)]
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=time_limit + 60, check=False
        )
    except subprocess.TimeoutExpired:
        return {
            "status": "timeout",
            "objective": None,
            "bound": None,
            "seconds": time_limit,
            "nodes": None,
            "cols": model.n_cols,
            "rows": model.n_rows,
            "values": None,
        }
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"HiGHS worker failed (exit {done.returncode}): {last}")
    return json.loads(done.stdout)


def _worker(path: str, time_limit: float) -> dict[str, Any]:
    """Solve the ``.npz`` model with highspy (this process must not load OR-Tools)."""
    import highspy
    import numpy as np

    data = np.load(path)
    offset, scaling, n_cp = data["meta"]
    n_cp = int(n_cp)
    n_cols = len(data["col_lower"])
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = len(data["row_lower"])
    lp.col_cost_ = data["col_cost"]
    lp.col_lower_ = data["col_lower"]
    lp.col_upper_ = data["col_upper"]
    inf = highspy.kHighsInf
    lp.row_lower_ = np.where(np.isinf(data["row_lower"]), -inf, data["row_lower"])
    lp.row_upper_ = np.where(np.isinf(data["row_upper"]), inf, data["row_upper"])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = data["starts"]
    lp.a_matrix_.index_ = data["index"]
    lp.a_matrix_.value_ = data["value"]
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_cols
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 0.0)  # a proof of optimality, as CP-SAT gives
    h.setOptionValue("random_seed", 0)
    h.passModel(lp)
    t0 = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - t0
    status = h.getModelStatus()
    info = h.getInfo()
    words = {
        highspy.HighsModelStatus.kOptimal: "optimal",
        highspy.HighsModelStatus.kInfeasible: "infeasible",
        highspy.HighsModelStatus.kTimeLimit: "time_limit",
    }
    word = words.get(status, h.modelStatusToString(status))
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    objective = scaling * (info.objective_function_value + offset) if has_solution else None
    bound = scaling * (info.mip_dual_bound + offset) if word in ("optimal", "time_limit") else None
    values = None
    if has_solution:
        values = [round(v) for v in list(h.getSolution().col_value)[:n_cp]]
    return {
        "status": word,
        "objective": objective,
        "bound": bound,
        "seconds": seconds,
        "nodes": int(info.mip_node_count),
        "cols": n_cols,
        "rows": int(lp.num_row_),
        "values": values,
    }


def answer_channel() -> Any:
    """This process's answer channel: a private copy of standard output.

    File descriptor 1 (and ``sys.stdout``) then write to standard error, so a library that
    prints, from Python or from C, cannot corrupt the answers.
    """
    import os

    sys.stdout.flush()
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return channel


def main(argv: list[str] | None = None) -> int:
    """Worker entry point: ``python -m benchmarks.mip MODEL.npz [--time-limit S]``.

    With ``--serve`` instead of a model, it reads one JSON request a line from stdin
    (``{"path": ..., "time_limit": ...}``) and answers each with one JSON line. Answers go
    to the answer channel (:func:`answer_channel`); anything else printed goes to stderr.
    """
    import argparse

    channel = answer_channel()

    parser = argparse.ArgumentParser(prog="python -m benchmarks.mip")
    parser.add_argument("model", nargs="?", help="a .npz written by MipModel.save")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--serve", action="store_true", help="answer requests from stdin")
    args = parser.parse_args(argv)
    if args.serve:
        for line in sys.stdin:
            if line.strip():
                request = json.loads(line)
                answer = _worker(request["path"], request["time_limit"])
                print(json.dumps(answer), file=channel, flush=True)
        return 0
    if not args.model:
        parser.error("a model file or --serve is needed")
    print(json.dumps(_worker(args.model, args.time_limit)), file=channel, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
