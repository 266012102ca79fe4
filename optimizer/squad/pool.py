"""A pool of worker processes that knows which job each worker is running.

``concurrent.futures.ProcessPoolExecutor`` would do most of this, but when one of its workers
dies (a segfault in a native library, the kernel's out-of-memory killer, a ``kill -9``) it
marks the whole pool broken, terminates the other workers and fails every pending job, and it
cannot say which job killed the worker. A club's plans must not depend on one athlete's
calendar, so this pool keeps, per worker, the chunk of jobs sent to it: results come back in
order, so when a worker dies the first job of its chunk without a result is the one that was
running. That job fails with :class:`WorkerDied`; the rest of the chunk goes back to the queue,
a new worker takes the dead one's place, and the other workers never notice.

- Processes are started with ``spawn`` (CP-SAT and threads do not survive ``fork``), once;
  each imports legday's pipeline when it starts (:func:`warm_up`), so that cost is paid once
  per worker, not once per athlete.
- Jobs go out in chunks (guided: large while the queue is long, single jobs at its end, so no
  worker idles while another still has a long chunk); each result comes back as soon as it is
  done, so progress is live.
- Workers ignore SIGINT (the parent decides what Ctrl-C means and stops them) and exit when
  the parent goes away (their pipe closes).
- ``submit`` returns a :class:`concurrent.futures.Future`; ``asyncio.wrap_future`` makes it
  awaitable for the feed server.
"""

from __future__ import annotations

import collections
import itertools
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

log = logging.getLogger("legday.pool")

MAX_CHUNK = 8  # jobs sent to a worker at once, at most
READY = "ready"  # a worker's first message: imports done, send jobs
START_FAILURES = 3  # workers dying before taking any job, in a row, before the pool gives up


class WorkerDied(RuntimeError):
    """The worker process running this job died (killed, or crashed in native code)."""


def cpu_count() -> int:
    """The cores this process may run on (its affinity mask, else every core)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def warm_up() -> None:
    """Import what planning an athlete needs, once per worker, before its first job."""
    import optimizer.calendar.export  # noqa: F401
    import optimizer.calendar.importer  # noqa: F401
    import optimizer.classify  # noqa: F401
    import optimizer.pipeline  # noqa: F401
    import optimizer.solver.plan  # noqa: F401
    import optimizer.workouts  # noqa: F401


def _worker_main(conn: Connection, nice: int) -> None:
    """A worker's loop: take a chunk of jobs, run them in order, send each result back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if nice:
        os.nice(nice)
    warm_up()
    conn.send(READY)
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if chunk is None:
            return
        for job_id, fn in chunk:
            try:
                message = (job_id, True, fn())
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to its job
                message = (job_id, False, exc)
            try:
                conn.send(message)
            except (EOFError, OSError):
                return
            except Exception as exc:  # noqa: BLE001 - a result that does not pickle
                conn.send((job_id, False, RuntimeError(f"{type(exc).__name__}: {exc}")))


@dataclass
class _Job:
    id: int
    fn: Callable[[], Any]
    future: Future


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process of the spawn context
    conn: Connection
    running: collections.deque[_Job] = field(default_factory=collections.deque)
    ready: bool = False


class WorkerPool:
    """Worker processes that run picklable callables; see the module docstring.

    Args:
        workers: processes (default: the cores this process may use).
        nice: added to the workers' niceness (the feed server keeps its own CPU priority).
    """

    def __init__(self, workers: int | None = None, *, nice: int = 0) -> None:
        self.workers = max(1, workers or cpu_count())
        self.nice = nice
        self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._queue: collections.deque[_Job] = collections.deque()
        self._ids = itertools.count()
        self._wake_r, self._wake_w = self._ctx.Pipe(duplex=False)
        self._thread: threading.Thread | None = None
        self._closed = False
        self._abort = False
        self._pool: list[_Worker] = []
        self._start_failures = 0
        self.started = 0  # worker processes started, replacements included
        self.done: collections.Counter[int] = collections.Counter()  # jobs done, by worker pid

    # ------------------------------------------------------------------ public

    def submit(self, fn: Callable[[], Any]) -> Future:
        """Run ``fn()`` (picklable: a module-level function or a ``functools.partial`` of one)
        in a worker; its result, or the exception it raised, comes back in the future."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the worker pool is shut down")
            self._queue.append(_Job(next(self._ids), fn, future))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._dispatch, name="legday-pool", daemon=True
                )
                self._thread.start()
        self._wake()
        return future

    def shutdown(self, *, cancel: bool = False) -> None:
        """Stop the workers once the queue is empty (``cancel``: now, cancelling what waits)."""
        with self._lock:
            self._closed = True
            if cancel:
                self._abort = True
                while self._queue:
                    self._queue.popleft().future.cancel()
            thread = self._thread
        self._wake()
        if thread is not None:
            thread.join()
        self._wake_r.close()
        self._wake_w.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown(cancel=exc[0] is not None)

    # ------------------------------------------------------------------ the dispatcher

    def _wake(self) -> None:
        try:
            self._wake_w.send_bytes(b".")
        except OSError:
            pass

    def _dispatch(self) -> None:
        try:
            while True:
                with self._lock:
                    busy = any(w.running for w in self._pool)
                    if self._abort or (self._closed and not self._queue and not busy):
                        break
                    self._start_workers()
                    chunks = self._hand_out()
                # Sent outside the lock: a feed server's job carries its calendars (megabytes),
                # and submit(), called from the event loop, must not wait for the pipe.
                for worker, chunk in chunks:
                    self._send(worker, chunk)
                self._wait_once()
        except BaseException as exc:  # noqa: BLE001 - never leave a future hanging
            log.exception("the worker pool failed")
            self._fail_all(exc)
        finally:
            self._stop_workers()
            with self._lock:
                # A later submit() starts a new dispatcher (after a bug here, say).
                self._thread = None
                if self._queue and not self._closed:
                    self._thread = threading.Thread(
                        target=self._dispatch, name="legday-pool", daemon=True
                    )
                    self._thread.start()

    def _start_workers(self) -> None:
        wanted = min(self.workers, len(self._pool) + len(self._queue))
        while len(self._pool) < wanted:
            parent, child = self._ctx.Pipe()
            process = self._ctx.Process(
                target=_worker_main, args=(child, self.nice), name="legday-worker", daemon=True
            )
            process.start()
            self.started += 1
            child.close()
            self._pool.append(_Worker(process, parent))

    def _hand_out(self) -> list[tuple[_Worker, list[_Job]]]:
        """A chunk of the queue for each idle worker (called under the lock)."""
        out = []
        for worker in self._pool:
            if not worker.ready or worker.running or not self._queue:
                continue
            size = max(1, min(MAX_CHUNK, len(self._queue) // (2 * self.workers)))
            chunk: list[_Job] = []
            while self._queue and len(chunk) < size:
                job = self._queue.popleft()
                # A job put back from a dead worker's chunk is running already.
                if job.future.running() or job.future.set_running_or_notify_cancel():
                    chunk.append(job)
            if chunk:
                worker.running.extend(chunk)
                out.append((worker, chunk))
        return out

    def _send(self, worker: _Worker, chunk: list[_Job]) -> None:
        try:
            worker.conn.send([(job.id, job.fn) for job in chunk])
        except (EOFError, OSError):
            # The worker died before it got the chunk: none of it ran, all of it goes back.
            with self._lock:
                for job in reversed(chunk):
                    worker.running.remove(job)
                    self._queue.appendleft(job)
        except Exception as exc:  # noqa: BLE001 - e.g. a job that does not pickle
            for job in chunk:
                worker.running.remove(job)
                job.future.set_exception(exc)

    def _wait_once(self) -> None:
        conns = {w.conn: w for w in self._pool}
        sentinels = {w.process.sentinel: w for w in self._pool}
        ready = wait([self._wake_r, *conns, *sentinels], timeout=1.0)
        if self._wake_r in ready:
            while self._wake_r.poll():
                self._wake_r.recv_bytes()
        for item in ready:
            if item in conns:
                self._receive(conns[item])
        for item in ready:
            if item in sentinels and sentinels[item] in self._pool:
                self._lost(sentinels[item])

    def _receive(self, worker: _Worker) -> None:
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if message == READY:
                    worker.ready = True
                    self._start_failures = 0
                    continue
                job_id, ok, value = message
                job = worker.running.popleft()
                assert job.id == job_id, "results come back in the order sent"
                self.done[worker.process.pid] += 1
                if ok:
                    job.future.set_result(value)
                else:
                    job.future.set_exception(value)
        except (EOFError, OSError):
            pass  # the worker is gone; its sentinel says so

    def _lost(self, worker: _Worker) -> None:
        """A worker died: fail the job it was running, queue the rest of its chunk again."""
        self._receive(worker)  # results it sent before dying
        worker.process.join()
        code = worker.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit {code}"
        self._pool.remove(worker)
        worker.conn.close()
        with self._lock:
            if worker.running:
                culprit = worker.running.popleft()
                culprit.future.set_exception(WorkerDied(f"the worker process died ({how})"))
                self._queue.extendleft(reversed(worker.running))
            elif not worker.ready:
                self._start_failures += 1
                if self._start_failures >= START_FAILURES:
                    self._fail_queue(WorkerDied(f"worker processes cannot start ({how})"))
        log.warning("a worker process died (%s); starting another", how)

    def _fail_queue(self, exc: BaseException) -> None:
        while self._queue:
            job = self._queue.popleft()
            if not job.future.done():
                job.future.set_exception(exc)

    def _fail_all(self, exc: BaseException) -> None:
        with self._lock:
            self._fail_queue(exc)
            for worker in self._pool:
                while worker.running:
                    job = worker.running.popleft()
                    if not job.future.done():
                        job.future.set_exception(exc)

    def _stop_workers(self) -> None:
        """Ask the workers to exit (terminate them when cancelled, or when they hang)."""
        from concurrent.futures import CancelledError

        for worker in self._pool:
            if self._abort:
                worker.process.terminate()
                continue
            try:
                worker.conn.send(None)
            except (EOFError, OSError):
                pass
        for worker in self._pool:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join()
            worker.conn.close()
            while worker.running:
                job = worker.running.popleft()
                if not job.future.done():
                    job.future.set_exception(CancelledError())
        self._pool.clear()


_SHARED: WorkerPool | None = None
_SHARED_LOCK = threading.Lock()
SERVER_NICE = 5  # the feed server's workers yield the CPU to the requests


def shared_pool() -> WorkerPool:
    """The process's pool for the feed server's re-plans: one worker per core, started on
    first use, kept for the life of the process (every poller of the process shares it)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            import atexit

            _SHARED = WorkerPool(nice=SERVER_NICE)
            atexit.register(_SHARED.shutdown, cancel=True)
        return _SHARED
