"""A worker killed in the middle of an athlete: that athlete's row says so, the club is planned."""

from __future__ import annotations

from optimizer.squad.batch import run_squad
from optimizer.squad.engines import LocalEngine
from optimizer.squad.roster import read_roster
from tests.squad.support import CLUB, make_club, plan_or_die


def test_a_killed_worker_costs_one_athlete(tmp_path):
    roster = read_roster(make_club(tmp_path, extra={"Crash": {"runs": "cal/10k_outlook.ics"}}))
    rows = run_squad(roster.jobs, tmp_path / "out", LocalEngine(2, fn=plan_or_die))
    by_name = {r.name: r for r in rows}
    crash = by_name.pop("Crash")
    assert crash.status == "crashed" and crash.exit == 1
    assert crash.error.startswith("internal error: the worker process died (killed by signal 9)")
    assert {r.status for r in by_name.values()} == {"optimal"}
    assert set(by_name) == set(CLUB)
    assert [r.row for r in rows] == list(range(1, len(CLUB) + 2))
