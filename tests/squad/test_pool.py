"""The worker pool: results, errors and a killed worker, with real processes."""

from __future__ import annotations

import functools

import pytest

from optimizer.squad.pool import WorkerDied, WorkerPool
from tests.squad import support


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(2) as p:
        yield p


def test_results_come_back_for_every_job(pool):
    futures = [pool.submit(functools.partial(support.square, i)) for i in range(40)]
    assert [f.result(timeout=60) for f in futures] == [i * i for i in range(40)]


def test_jobs_spread_over_the_workers(pool):
    # Runs before the kill test below: both workers are warm.
    pids = [pool.submit(support.worker_pid) for _ in range(8)]
    assert len({f.result(timeout=60) for f in pids}) == 2


def test_an_exception_is_the_job_s_own(pool):
    bad = pool.submit(functools.partial(support.boom, 7))
    good = pool.submit(functools.partial(support.square, 7))
    with pytest.raises(ValueError, match="bad 7"):
        bad.result(timeout=60)
    assert good.result(timeout=60) == 49


def test_a_killed_worker_fails_its_job_only(pool):
    """The job that killed its worker says so; the rest of its chunk and the others run."""
    started = pool.started
    futures = {i: pool.submit(functools.partial(support.die, i)) for i in range(12)}
    with pytest.raises(WorkerDied, match="killed by signal 9"):
        futures[3].result(timeout=60)
    assert {i: f.result(timeout=60) for i, f in futures.items() if i != 3} == {
        i: i for i in range(12) if i != 3
    }
    assert pool.submit(functools.partial(support.square, 3)).result(timeout=60) == 9
    assert pool.started == started + 1  # a new worker took the dead one's place


def test_a_closed_pool_takes_no_jobs():
    p = WorkerPool(1)
    p.shutdown()
    with pytest.raises(RuntimeError, match="shut down"):
        p.submit(functools.partial(support.square, 1))
