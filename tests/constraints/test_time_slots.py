"""time_slots: on the grid, inside the window, overlapping no run, calendar event or busy time."""

from __future__ import annotations

import datetime as dt

import pytest

from optimizer.domain import Busy, Rules
from optimizer.grid import build_grid
from tests.patterns import at, feasible, make_problem, switches

RULE = "time_slots"
UTC = dt.UTC


def busy(day: int, h1: int, m1: int, h2: int, m2: int, day2: int | None = None) -> Busy:
    return Busy(at(day, h1, m1), at(day if day2 is None else day2, h2, m2), "Meeting")


@pytest.mark.parametrize(
    ("block", "ok"),
    [
        (busy(0, 18, 15, 19, 0), False),  # the session's second slot
        (busy(0, 17, 45, 18, 15), False),  # its first slot
        (busy(0, 18, 30, 19, 0), True),  # starts as the session ends
        (busy(0, 17, 30, 18, 0), True),  # ends as the session starts
        (busy(0, 18, 10, 18, 20), False),  # inside it, off the grid
        (busy(0, 6, 0, 21, 0), False),  # the whole window
        (busy(6, 22, 0, 19, 0, day2=7), True),  # another day
        # An all-night block from the day before.
        (busy(-1, 22, 0, 18, 15, day2=0), False),
        (busy(-1, 22, 0, 18, 0, day2=0), True),
        # A three-day conference.
        (Busy(at(-1, 9), at(2, 17), "Conference"), False),
    ],
)
def test_busy_blocks(block: Busy, ok: bool) -> None:
    assert feasible("S . . . . . .", RULE, busy=[block]) is ok


@pytest.mark.parametrize(
    ("pattern", "hh", "mm", "ok"),
    [
        ("eS . . . . . .", 7, 30, False),  # during the run
        ("eS . . . . . .", 8, 0, True),
        ("eS . . . . . .", 6, 30, True),  # ends as the run starts (run_days is another rule)
        ("eS . . . . . .", 6, 45, False),
        ("xS . . . . . .", 7, 30, False),  # a timed non-run event blocks its time too
        ("~xS . . . . . .", 7, 30, True),  # an all-day non-run event ("Rest day") does not
        ("~eS . . . . . .", 7, 30, False),  # an all-day run is taken to be 07:00-08:00
        ("~eS . . . . . .", 8, 0, True),
    ],
)
def test_runs_and_events_block_their_time(pattern: str, hh: int, mm: int, ok: bool) -> None:
    assert feasible(pattern, RULE, None, hh, mm=mm) is ok


def test_window_and_grid() -> None:
    grid = build_grid(make_problem(". . . . . . ."))
    assert grid.start_of(0, 0) == at(0, 6)
    last = grid.start_of(0, grid.n_starts - 1)
    assert last == at(0, 20, 30)  # a 30-minute session ends with the window at 21:00
    assert feasible("S . . . . . .", RULE, None, 20, mm=30)
    assert feasible("S . . . . . .", RULE, None, 6, mm=0)

    narrow = Rules(window_start=dt.time(17, 0), window_end=dt.time(18, 0), minutes=45)
    grid = build_grid(make_problem(". . . . . . .", narrow))
    assert grid.n_starts == 2  # 17:00 and 17:15; a 17:30 start would end 18:15
    assert grid.dur_slots == 3


@pytest.mark.parametrize(
    ("day", "hh", "ok"), [(27, 18, False), (27, 17, True), (26, 18, True), (26, 17, False)]
)
def test_dst_change_day(day: int, hh: int, ok: bool) -> None:
    """A busy block given in UTC, 16:00-17:00Z: 18:00-19:00 on Sun 2027-03-28 (summer time,
    UTC+2) but 17:00-18:00 on Sat 2027-03-27 (UTC+1)."""
    blocks = [
        Busy(dt.datetime(2027, 3, d, 16, tzinfo=UTC), dt.datetime(2027, 3, d, 17, tzinfo=UTC))
        for d in (27, 28)
    ]
    days = ["."] * 28
    days[day] = "S"
    assert feasible(" ".join(days), RULE, None, hh, busy=blocks) is ok


def test_only_blocked_days_get_a_switch() -> None:
    blocks = [busy(2, 18, 0, 19, 0)]
    assert switches("e . . . . . .", RULE, busy=blocks) == ["2027-03-01", "2027-03-03"]
    pattern = "S . S . . . ."
    assert not feasible(pattern, RULE, None, 18, busy=blocks + [busy(0, 18, 0, 19, 0)])
    assert not feasible(
        pattern, RULE, None, 18, busy=blocks + [busy(0, 18, 0, 19, 0)], lifted=["2027-03-01"]
    )
    assert feasible(
        pattern,
        RULE,
        None,
        18,
        busy=blocks + [busy(0, 18, 0, 19, 0)],
        lifted=["2027-03-01", "2027-03-03"],
    )


def test_can_be_switched_off() -> None:
    blocks = [busy(0, 18, 0, 19, 0)]
    assert not feasible("S . S . . . .", None, busy=blocks)
    assert feasible("S . S . . . .", None, Rules(disabled=frozenset({RULE})), busy=blocks)


@pytest.mark.parametrize(
    ("day", "hh", "ok"), [(6, 17, False), (6, 18, True), (5, 18, False), (5, 17, True)]
)
def test_dst_end_day(day: int, hh: int, ok: bool) -> None:
    """Berlin falls back on Sun 2027-10-31: 16:00-17:00Z is 17:00-18:00 that Sunday (UTC+1)
    but 18:00-19:00 on Saturday (UTC+2)."""
    blocks = [
        Busy(dt.datetime(2027, 10, d, 16, tzinfo=UTC), dt.datetime(2027, 10, d, 17, tzinfo=UTC))
        for d in (30, 31)
    ]
    days = ["."] * 7
    days[day] = "S"
    assert feasible(" ".join(days), RULE, None, hh, busy=blocks, start=dt.date(2027, 10, 25)) is ok


def test_run_on_the_dst_end_day_blocks_its_local_time() -> None:
    pattern = ". . . . . . eS"
    october = dt.date(2027, 10, 25)
    assert not feasible(pattern, RULE, None, 7, mm=30, start=october)
    assert feasible(pattern, RULE, None, 8, start=october)
