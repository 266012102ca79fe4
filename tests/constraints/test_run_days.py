"""run_days: strength on a run day only after the run; beginners never on hard days."""

from __future__ import annotations

import datetime as dt

import pytest

from optimizer.domain import Level, Rules
from tests.patterns import feasible, switches

RULE = "run_days"
BEGINNER = Rules(level=Level.BEGINNER)
NO_GAP = Rules(gap_after_run=0)


@pytest.mark.parametrize("level", [Level.INTERMEDIATE, Level.ADVANCED])
@pytest.mark.parametrize(
    ("pattern", "hh", "mm", "ok"),
    [
        ("eS . . . . . .", 18, 0, True),  # after the 07:00-08:00 run
        ("eS . . . . . .", 8, 0, True),  # the moment it ends
        ("eS . . . . . .", 7, 45, False),  # while it is still going
        ("eS . . . . . .", 6, 0, False),  # before it: run first, then strength
        ("HS . . . . . .", 6, 0, False),
        ("LS . . . . . .", 9, 30, True),  # the long run ends 09:30
        ("LS . . . . . .", 9, 15, False),
        ("S . . . . . .", 6, 0, True),  # an off day: any time
        ("xS . . . . . .", 6, 0, True),  # yoga is not a run
    ],
)
def test_intermediate_and_advanced(level: Level, pattern: str, hh: int, mm: int, ok: bool) -> None:
    assert feasible(pattern, RULE, Rules(level=level, gap_after_run=0), hh, mm=mm) is ok


@pytest.mark.parametrize(
    ("gap", "hh", "mm", "ok"),
    [
        (30, 8, 0, False),
        (30, 8, 15, False),
        (30, 8, 30, True),
        (0, 8, 0, True),
        (60, 8, 45, False),
        (60, 9, 0, True),
    ],
)
def test_the_gap_after_the_run(gap: int, hh: int, mm: int, ok: bool) -> None:
    """Travel, shower, food: strength starts the gap after the 07:00-08:00 run (30 min unless
    told)."""
    assert feasible("eS . . . . . .", RULE, Rules(gap_after_run=gap), hh, mm=mm) is ok


@pytest.mark.parametrize(
    ("pattern", "hh", "ok"),
    [
        ("eS . . . . . .", 18, True),  # after an easy run: allowed (a soft cost: separate_days)
        ("eS . . . . . .", 6, False),  # ...but never before it
        ("~eS . . . . . .", 18, True),
        ("HS . . . . . .", 18, False),  # never on a hard-run day
        ("LS . . . . . .", 18, False),  # nor a long-run day
        ("RS . . . . . .", 18, False),  # nor a race day
        ("eHS . . . . . .", 18, False),  # an easy and a hard run: a hard day
        ("e S . . . . .", 18, True),
        ("xS . . . . . .", 6, True),  # a non-run event is no run day
        ("S . . . . . .", 6, True),
    ],
)
def test_beginner_keeps_hard_days_free(pattern: str, hh: int, ok: bool) -> None:
    assert feasible(pattern, RULE, BEGINNER, hh) is ok


@pytest.mark.parametrize(
    ("hh", "mm", "ok"),
    [(20, 0, True), (18, 0, False), (19, 30, False)],
)
def test_evening_run_then_strength(hh: int, mm: int, ok: bool) -> None:
    """A 19:00-20:00 run: strength may follow it, not come before it."""
    assert feasible("eS . . . . . .", RULE, NO_GAP, hh, mm=mm, run_hour=19) is ok


@pytest.mark.parametrize(("hh", "mm", "ok"), [(6, 0, False), (7, 30, False), (8, 0, True)])
def test_all_day_run_is_assumed_at_seven(hh: int, mm: int, ok: bool) -> None:
    """An all-day run (training app) is taken to start 07:00 and last an hour."""
    assert feasible("~eS . . . . . .", RULE, NO_GAP, hh, mm=mm) is ok


def test_all_day_run_start_is_an_option() -> None:
    late = Rules(all_day_run_start=dt.time(12, 0), gap_after_run=0)
    assert not feasible("~eS . . . . . .", RULE, late, 8)
    assert feasible("~eS . . . . . .", RULE, late, 13)


@pytest.mark.parametrize(("hh", "mm", "ok"), [(8, 0, True), (7, 45, False)])
def test_dst_change_day(hh: int, mm: int, ok: bool) -> None:
    """Sun 2027-03-28, Berlin springs forward at 02:00: the 07:00 run is 07:00 local time."""
    pattern = ". . . . . . . | " * 3 + ". . . . . . eS"
    assert feasible(pattern, RULE, NO_GAP, hh, mm=mm) is ok


def test_one_switch_per_run_day() -> None:
    pattern = "eS H eS . . . ."
    assert switches(pattern, RULE) == ["2027-03-01", "2027-03-02", "2027-03-03"]
    assert not feasible(pattern, RULE, None, 6, lifted=["2027-03-01"])
    assert feasible(pattern, RULE, None, 6, lifted=["2027-03-01", "2027-03-03"])
    hard = "HS H HS . . . ."
    assert not feasible(hard, RULE, BEGINNER, lifted=["2027-03-01"])
    assert feasible(hard, RULE, BEGINNER, lifted=["2027-03-01", "2027-03-03"])
    assert feasible(pattern, RULE, BEGINNER, 18)  # easy days, after the run


def test_can_be_switched_off() -> None:
    off = frozenset({RULE})
    assert not feasible("HS . HS . . . .", None, BEGINNER)
    assert feasible("HS . HS . . . .", None, Rules(level=Level.BEGINNER, disabled=off))
    assert feasible("eS . eS . . . .", None, Rules(disabled=off), 6)
