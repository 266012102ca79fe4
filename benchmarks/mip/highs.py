"""HiGHS in a worker process: :class:`HighsWorker`, :func:`solve_highs` and the worker itself.

highspy and OR-Tools each ship their own HiGHS library and, loaded into one process, clash over
its symbols, so HiGHS runs in ``python -m benchmarks.mip``; see :mod:`benchmarks.mip`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.mip.translation import MipModel


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
