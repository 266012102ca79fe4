"""The plan's dates: the horizon read from the calendars, and which blocks can touch it.

Both work on the pre-scanned text (:mod:`optimizer.calendar.prescan`), whose days are in each
event's own zone: up to a day off the athlete's. So the horizon starts a day before the first
event when left open, and :func:`kept_blocks` keeps :data:`SLACK` days more on either side.
Unsure means keep: dropping an event that mattered is the risk, parsing one more is not.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from optimizer.calendar.blocks import Block, plus_days
from optimizer.calendar.prescan import CalText, Scan
from optimizer.domain import MAX_WEEKS

# Left open, the horizon reads past the longest plan legday makes, so a calendar that runs
# longer is refused, never cut silently.
DEFAULT_WEEKS = MAX_WEEKS + 2
SLACK = dt.timedelta(days=2)  # zones differ by at most 26 h from UTC
# Horizon days stay inside these, so that no date arithmetic near year 1 or 9999 overflows.
_FIRST_DAY, _LAST_DAY = dt.date(2, 1, 1), dt.date(9998, 12, 31)

Slot = tuple[str, dt.date | None]  # (UID, RECURRENCE-ID's day or None for the series)


def find_horizon(
    scans: Sequence[Scan], start: dt.date | None, end: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """The horizon [start, end) in days; None when it is left open and there is no event.

    Args:
        scans: the pre-scanned files.
        start: first day asked for; None: a day before the first event's day.
        end: first day after the horizon asked for; None: a day after the last event that
            ends (unbounded repeats do not count), at most :data:`DEFAULT_WEEKS` weeks on.

    Returns:
        (start, end), or None.
    """
    blocks = [
        b
        for scan in scans
        for cal in scan.calendars
        for b in cal.blocks
        if b.start is not None and not b.cancelled
    ]
    if start is None:
        firsts = [b.first for b in blocks if b.first is not None]
        if firsts:
            # The text gives days in each event's own zone, up to a day off the athlete's.
            start = plus_days(min(firsts), -1)
        elif end is None:
            return None
        else:
            start = end
    if end is None:
        ends = [b.series_end or b.end for b in blocks if (b.series_end or b.end) is not None]
        last = plus_days(max([e for e in ends if e is not None], default=start), 1)
        end = min(max(last, plus_days(start, 1)), plus_days(start, DEFAULT_WEEKS * 7))
    return _clamp(start), _clamp(end)


def _clamp(day: dt.date) -> dt.date:
    return min(max(day, _FIRST_DAY), _LAST_DAY)


def days_that_matter(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """[lo, hi): the days whose blocks :func:`kept_blocks` looks at, for the horizon asked
    for as [start, end) (what :func:`find_horizon` returns for it, with :data:`SLACK`)."""
    return kept_days((_clamp(start), _clamp(end)))


def kept_days(horizon: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The horizon with :data:`SLACK` days more on either side."""
    return plus_days(horizon[0], -SLACK.days), plus_days(horizon[1], SLACK.days)


def _keep(block: Block, lo: dt.date, hi: dt.date, length: int) -> bool:
    """Whether a VEVENT block can touch [lo, hi). Unsure means yes: dropping is the risk.

    ``length``: days the series' occurrences last, for a RECURRENCE-ID block: it must stay
    if the occurrence it replaces touches the horizon, or that one would show instead.
    """
    if block.start is None or block.end is None:
        return True  # icalendar will say what is wrong with it
    if block.rid is not None:
        if block.this_and_future:
            return True  # it moves every later occurrence, maybe from far away
        if block.rid < hi and plus_days(block.rid, length + 1) > lo:
            return True
    if block.recurring:
        first = block.first or block.start
        return first < hi and (block.series_end is None or block.series_end > lo)
    return block.start < hi and block.end > lo


def kept_blocks(cal: CalText, horizon: tuple[dt.date, dt.date]) -> list[Block]:
    """The VEVENT blocks of one calendar that can matter for the horizon, in file order.

    Args:
        cal: one pre-scanned VCALENDAR.
        horizon: [start, end) in days; :data:`SLACK` days are added on either side.

    Returns:
        The blocks to hand to icalendar.
    """
    lo, hi = kept_days(horizon)
    lengths = _series_lengths(cal.blocks)
    keep = [_keep(b, lo, hi, lengths.get(b.uid, 0)) for b in cal.blocks]
    # Blocks for one slot (one UID, and the same RECURRENCE-ID or none) compete: the highest
    # SEQUENCE wins. Keep them all or none, so the filter never changes the winner. And a kept
    # change keeps its series: the master's EXDATE can hide it.
    slots: dict[Slot, bool] = {}
    for b, k in zip(cal.blocks, keep, strict=True):
        if b.uid:
            slots[b.uid, b.rid] = slots.get((b.uid, b.rid), False) or k
    used = {uid for (uid, _), k in slots.items() if k}
    # RANGE=THISANDFUTURE shifts later slots, so any change of that series may land inside:
    # such series (rare) are kept whole.
    shifted = {b.uid for b in cal.blocks if b.this_and_future and b.uid}
    return [b for b, k in zip(cal.blocks, keep, strict=True) if _wanted(b, k, slots, used, shifted)]


def _series_lengths(blocks: list[Block]) -> dict[str, int]:
    """UID -> days its series' occurrences last (the longest master copy)."""
    lengths: dict[str, int] = defaultdict(int)
    for b in blocks:
        if b.rid is None and b.uid and b.start is not None and b.end is not None:
            lengths[b.uid] = max(lengths[b.uid], (b.end - b.start).days)
    return lengths


def _wanted(b: Block, k: bool, slots: dict[Slot, bool], used: set[str], shifted: set[str]) -> bool:
    """Whether a block stays: by itself without a UID, else with its slot or its series."""
    if not b.uid:
        return k
    return b.uid in shifted or slots[b.uid, b.rid] or (b.rid is None and b.uid in used)
