"""`--engine ray` on a small local Ray instance (2 CPUs): the same files as the local pool.

One Ray instance for the module, shut down at the end; a handful of athletes. Ray's start
and stop are most of this module's time.
"""

from __future__ import annotations

import pytest

from optimizer.squad.batch import run_squad
from optimizer.squad.job import plan_athlete
from optimizer.squad.ray_engine import RayEngine
from optimizer.squad.roster import read_roster, safe_file_name
from tests.squad import support
from tests.squad.support import CLUB, legday, make_club

ray = pytest.importorskip("ray")  # the test extra installs it; CI never skips


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    # Ray's workers cannot import the tests package: ship the test helpers by value.
    ray.cloudpickle.register_pickle_by_value(support)
    yield
    ray.shutdown()


def test_ray_writes_the_local_pool_s_bytes(cluster, tmp_path):
    roster = make_club(tmp_path)
    local = legday("squad", roster, "-o", tmp_path / "local", "-q", cwd=tmp_path)
    assert local.exit_code == 0, local.output
    on_ray = legday("squad", roster, "-o", tmp_path / "ray", "--engine", "ray", cwd=tmp_path)
    assert on_ray.exit_code == 0, on_ray.output
    assert "ray engine, 2 workers" in on_ray.output
    for name in CLUB:
        file = safe_file_name(name)
        assert (tmp_path / "ray" / file).read_bytes() == (tmp_path / "local" / file).read_bytes()
    assert ray.is_initialized()  # a Ray the command did not start is left running


def test_a_crashed_ray_worker_costs_one_athlete(cluster, tmp_path):
    roster = read_roster(make_club(tmp_path, extra={"Crash": {"runs": "cal/10k_outlook.ics"}}))
    jobs = [j for j in roster.jobs if j.name in ("Crash", "Ben", "Chloé")]
    rows = run_squad(jobs, tmp_path / "out", RayEngine(retries=0, fn=support.plan_or_die))
    by_name = {r.name: r for r in rows}
    assert by_name["Crash"].status == "crashed"
    assert by_name["Crash"].error.startswith("internal error: ")
    assert by_name["Ben"].status == by_name["Chloé"].status == "optimal"
    assert plan_athlete(jobs[0]).ics == (tmp_path / "out" / jobs[0].file).read_bytes()
