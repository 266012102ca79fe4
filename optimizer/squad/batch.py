"""Run a squad: every job on an engine, each plan written as soon as it is done.

The driver writes the plans (each atomically, as ``legday plan`` does), so the workers, on
this machine or a cluster, need no access to the output folder, and the bytes written are the
bytes the worker planned. A plan that cannot be written turns its row into ``bad_input``, as
``legday plan`` exits 2 for a folder it cannot write to. An athlete without a plan leaves any
file of an earlier run untouched, as ``legday plan`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from optimizer.squad.engines import Engine
from optimizer.squad.job import BAD_INPUT, Job, Result, failed, plan_athlete


def run_squad(
    jobs: Sequence[Job],
    folder: Path,
    engine: Engine,
    *,
    on_result: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Plan every job, write each plan to ``folder``; the rows in roster order.

    Args:
        jobs: the roster's jobs.
        folder: the output folder (made if missing).
        engine: where the jobs run.
        on_result: called with each row as it finishes (progress).

    Returns:
        One row per job, sorted by roster row, without the plans' bytes.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for result in _results(jobs, engine):
        result = _write(result, folder)
        rows.append(result)
        if on_result is not None:
            on_result(result)
    return sorted(rows, key=lambda r: r.row)


def _results(jobs: Sequence[Job], engine: Engine) -> Iterator[Result]:
    # A row the roster already refused needs no worker.
    yield from (plan_athlete(job) for job in jobs if job.problem)
    yield from engine.run([job for job in jobs if not job.problem])


def _write(result: Result, folder: Path) -> Result:
    from optimizer.calendar.export import write_atomic

    if result.ics is None:
        return result
    path = folder / result.file
    try:
        write_atomic(path, result.ics)
    except OSError as exc:
        job = Job(result.row, result.name, result.file)
        return failed(job, BAD_INPUT, f"{path}: cannot be written ({exc.strerror or exc})")
    return replace(result, ics=None)
