"""Where a squad's jobs run: local worker processes, or Ray (one machine or a cluster).

Both engines take the same jobs (:class:`~optimizer.squad.job.Job`), run the same function
(:func:`~optimizer.squad.job.plan_athlete`) and yield one :class:`~optimizer.squad.job.Result`
per job as soon as it is done, in whatever order they finish (the caller sorts). A job whose
worker dies comes back as a ``crashed`` row; every other job still runs.

- :class:`LocalEngine`: a :class:`~optimizer.squad.pool.WorkerPool` with one process per core
  (CP-SAT solves each plan with one worker, so a process per core uses every core).
- :class:`RayEngine` (:mod:`optimizer.squad.ray_engine`): Ray tasks over batches of athletes,
  on a local Ray instance or the cluster at ``--address`` / ``RAY_ADDRESS``.
"""

from __future__ import annotations

import functools
import queue
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Future
from typing import Protocol

from optimizer.squad.job import Job, Result, crashed, plan_athlete
from optimizer.squad.pool import WorkerDied, WorkerPool, cpu_count


class Engine(Protocol):
    """Runs jobs and yields their results as they finish."""

    name: str

    @property
    def workers(self) -> int:
        """Jobs that run at once."""
        ...

    def run(self, jobs: Sequence[Job]) -> Iterator[Result]: ...


class LocalEngine:
    """Worker processes on this machine (see :mod:`optimizer.squad.pool`).

    Args:
        workers: processes (default: the cores this process may use); never more than jobs.
        fn: what each job runs (a module-level function; the tests swap in one that crashes).
    """

    name = "local"

    def __init__(
        self, workers: int | None = None, fn: Callable[[Job], Result] = plan_athlete
    ) -> None:
        self._workers = workers or cpu_count()
        self.fn = fn

    @property
    def workers(self) -> int:
        return self._workers

    def run(self, jobs: Sequence[Job]) -> Iterator[Result]:
        if not jobs:
            return
        done: queue.SimpleQueue[tuple[Job, Future]] = queue.SimpleQueue()
        self._workers = min(self._workers, len(jobs))  # no idle process for a small roster
        with WorkerPool(self._workers) as pool:
            for job in jobs:
                future = pool.submit(functools.partial(self.fn, job))
                future.add_done_callback(functools.partial(_put, done, job))
            for _ in jobs:
                job, future = _get(done)
                yield outcome(job, future)


def _put(done: queue.SimpleQueue, job: Job, future: Future) -> None:
    done.put((job, future))


def _get(done: queue.SimpleQueue) -> tuple[Job, Future]:
    # With a timeout, so Ctrl-C is seen while waiting.
    while True:
        try:
            return done.get(timeout=0.5)
        except queue.Empty:
            continue


def outcome(job: Job, future: Future) -> Result:
    """A finished job's row; a worker that died, or anything else raised, makes it crashed."""
    try:
        return future.result()
    except WorkerDied as exc:
        return crashed(job, str(exc))
    except CancelledError:
        return crashed(job, "cancelled")
    except Exception as exc:  # noqa: BLE001 - e.g. a result that could not be sent back
        return crashed(job, f"{type(exc).__name__}: {exc}")


ENGINES = ("local", "ray")


def make_engine(name: str, *, workers: int | None = None, address: str | None = None) -> Engine:
    """The engine called ``name`` (``local`` or ``ray``)."""
    if name == "ray":
        from optimizer.squad.ray_engine import RayEngine

        return RayEngine(address=address, workers=workers)
    return LocalEngine(workers)
