"""no_strength_after_long_run: none on a long-run day, none the day after it."""

from __future__ import annotations

import pytest

from optimizer.domain import Rules
from tests.patterns import feasible, switches

RULE = "no_strength_after_long_run"


@pytest.mark.parametrize(
    ("pattern", "ok"),
    [
        ("L . S . S . .", True),
        ("LS . . . . . .", False),  # even after the run has ended
        ("L S . . . . .", False),
        ("S . . . . . L", True),  # the day before is a soft matter (fresh_legs)
        ("HS S . . . . .", True),  # only long runs count
        ("eS . . . . . .", True),
        # Sunday long run: Monday of the next week is the day after.
        (". . . . . . L | S . S . . . .", False),
        (". . . . . . L | . S . S . . .", True),
        # A long run on the horizon's last day: no day after it to protect.
        (". . . . . S L", True),
        # Back-to-back long runs (ultra weekends): both days and the Monday after.
        ("S . . . . L L | . S . . . . .", True),
        (". . . . . L L | S . . . . . .", False),
        # An all-day long run (training app) is a long run all the same.
        ("~L S . . . . .", False),
        ("~L . S . . . .", True),
    ],
)
def test_pattern(pattern: str, ok: bool) -> None:
    assert feasible(pattern, RULE) is ok


def test_one_switch_per_long_run_covers_both_days() -> None:
    pattern = "L S . . . L S"
    assert switches(pattern, RULE) == ["2027-03-01", "2027-03-06"]
    # Sunday is still the day after Saturday's long run.
    assert not feasible(pattern, RULE, lifted=["2027-03-01"])
    assert not feasible(pattern, RULE, lifted=["2027-03-06"])
    assert feasible(pattern, RULE, lifted=["2027-03-01", "2027-03-06"])


@pytest.mark.parametrize(
    "rules",
    [Rules(no_strength_after_long_run=False), Rules(disabled=frozenset({RULE}))],
    ids=["option", "disabled"],
)
def test_can_be_switched_off(rules: Rules) -> None:
    pattern = "L S . S . . ."
    assert not feasible(pattern, RULE)
    assert feasible(pattern, None, rules)
    assert not feasible(pattern, None)


def test_the_option_lifts_only_the_day_after() -> None:
    """Bug: --allow-after-long-run also allowed strength on the long-run day itself."""
    allow = Rules(no_strength_after_long_run=False)
    assert feasible("L S . S . . .", RULE, allow)
    assert not feasible("LS . . S . . .", RULE, allow)
    assert switches("L S . S . . .", RULE, allow) == ["2027-03-01"]


def test_the_option_on_the_real_command(tmp_path) -> None:
    """The real command with --allow-after-long-run keeps every long-run day free: Saturday's
    long run costs nothing soft, so before the fix the plan put a session on it."""
    import subprocess
    import sys

    import icalendar

    from tests.patterns import write_pattern_ics

    runs, out = tmp_path / "runs.ics", tmp_path / "plan.ics"
    write_pattern_ics("e e e e e L . | e e e e e L . | e e e e e L .", runs)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "optimizer.cli",
            "plan",
            str(runs),
            "-o",
            str(out),
            "--allow-after-long-run",
            "--tz",
            "Europe/Berlin",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    days = [
        ev.decoded("dtstart").date()
        for ev in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    ]
    assert days and all(d.weekday() != 5 for d in days)  # never on the long-run Saturday


@pytest.mark.parametrize(("pattern", "ok"), [("S . S . . . .", False), (". S . S . . .", True)])
def test_long_run_the_sunday_before_the_plan(pattern: str, ok: bool) -> None:
    """Bug: only long runs inside the plan counted, so a plan starting the Monday after a long
    run could put strength on that Monday."""
    assert feasible(pattern, RULE, outside=[(-1, "L")]) is ok
    assert switches(". . . . . . .", RULE) == []


def test_long_runs_further_out_change_nothing() -> None:
    assert feasible("S . . . . . S", RULE, outside=[(-2, "L"), (7, "L")])
