"""The squad on Ray: the same jobs as Ray tasks, on this machine or a cluster.

Ray is an optional extra (``pip install 'legday[scale]'``), imported only here and only when
the engine runs. Without ``--address`` or ``RAY_ADDRESS`` a local Ray instance is started
(``ray.init()``, one CPU per worker) and shut down at the end; with one, the driver connects
to that cluster, whose nodes need legday installed (the same version) and must be able to read
the roster's calendars (shared storage, or URLs).

Each task plans a batch of athletes (:func:`plan_batch`, large batches while there are many
athletes per CPU, single athletes at the end), and Ray retries a task whose worker or node
died (``max_retries``). A batch that still fails is split into single athletes, so the one
that kills its worker is found and reported as ``crashed`` and the others are planned. Ray
reuses its worker processes, so legday's imports are paid once per worker, not per task.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from optimizer.domain import InputError
from optimizer.squad.job import Job, Result, crashed, plan_athlete
from optimizer.squad.pool import cpu_count

RETRIES = 2  # Ray's retries of a task whose worker process or node died
MAX_BATCH = 16  # athletes per task, at most
WAIT_SECONDS = 0.5  # how often results are collected (and progress shown)


def plan_batch(jobs: list[Job], fn: Callable[[Job], Result] = plan_athlete) -> list[Result]:
    """A Ray task: plan each athlete of the batch (never raises for their input)."""
    return [fn(job) for job in jobs]


class RayEngine:
    """Ray tasks (see the module docstring).

    Args:
        address: a Ray cluster (``ray://host:10001``, ``host:6379`` or ``auto``); default
            ``RAY_ADDRESS``, else a local instance.
        workers: CPUs of the local instance (default: this machine's cores); ignored on a
            cluster, which brings its own.
        retries: Ray's retries of a task whose worker died.
        fn: what each job runs (a module-level function; the tests swap in one that crashes).
    """

    name = "ray"

    def __init__(
        self,
        address: str | None = None,
        workers: int | None = None,
        retries: int = RETRIES,
        fn: Callable[[Job], Result] = plan_athlete,
    ) -> None:
        self.address = address or os.environ.get("RAY_ADDRESS") or None
        self._workers = workers or cpu_count()
        self.retries = retries
        self.fn = fn

    @property
    def workers(self) -> int:
        return self._workers

    def run(self, jobs: Sequence[Job]) -> Iterator[Result]:
        if not jobs:
            return
        ray = _import_ray()
        started = self._connect(ray)
        try:
            task = ray.remote(num_cpus=1, max_retries=self.retries)(plan_batch)
            cpus = max(1, int(ray.cluster_resources().get("CPU", self._workers)))
            self._workers = cpus
            size = max(1, min(MAX_BATCH, len(jobs) // (4 * cpus)))
            pending: dict[Any, list[Job]] = {}
            for i in range(0, len(jobs), size):
                batch = list(jobs[i : i + size])
                pending[task.remote(batch, self.fn)] = batch
            while pending:
                ready, _ = ray.wait(list(pending), num_returns=len(pending), timeout=WAIT_SECONDS)
                for ref in ready:
                    batch = pending.pop(ref)
                    try:
                        yield from ray.get(ref)
                    except ray.exceptions.RayError as exc:
                        if len(batch) == 1:
                            yield crashed(batch[0], _first_line(exc))
                            continue
                        # Find the athlete that kills its worker: one task each.
                        for job in batch:
                            pending[task.remote([job], self.fn)] = [job]
        finally:
            if started:
                ray.shutdown()

    def _connect(self, ray: Any) -> bool:
        """Connect to the cluster, or start a local instance; True if this call started it."""
        if ray.is_initialized():
            return False
        quiet = {"logging_level": logging.ERROR, "log_to_driver": False}
        try:
            if self.address:
                ray.init(address=self.address, **quiet)
            else:
                ray.init(num_cpus=self._workers, include_dashboard=False, **quiet)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = self.address or "a local Ray instance"
            raise InputError(f"ray: cannot start or reach {where}: {_first_line(exc)}") from None
        return True


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise InputError(
            "--engine ray needs Ray: pip install 'legday[scale]' (or use --engine local)"
        ) from None
    return ray


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__
