"""``timeline.ByDay``: finding the blocks that overlap a time through the days they touch
gives exactly what a walk through every block gives, in the same order."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from optimizer.timeline import Block, ByDay

ZONE = ZoneInfo("America/New_York")


def test_by_day_finds_what_a_walk_through_every_block_finds():
    """Short meetings, meetings across midnight and the DST change, trips of several days,
    one block over a year; times in two zones."""
    rng = random.Random(7)
    base = dt.datetime(2027, 3, 1, tzinfo=ZONE)
    blocks = []
    for i in range(400):
        start = base + dt.timedelta(minutes=15 * rng.randrange(60 * 96))
        minutes = rng.choice((15, 60, 300, 1440, 3 * 1440))
        if i % 2:
            start = start.astimezone(ZoneInfo("Asia/Tokyo"))
        blocks.append(Block(start, start + dt.timedelta(minutes=minutes), f"b{i}", False))
    blocks.append(Block(base, base + dt.timedelta(days=400), "a year away", False))
    blocks.sort(key=lambda b: (b.start, b.end, b.label))
    by_day = ByDay(blocks, ZONE)
    for _ in range(300):
        start = base + dt.timedelta(minutes=15 * rng.randrange(60 * 100))
        end = start + dt.timedelta(minutes=rng.choice((30, 45, 90, 600)))
        walked = [b for b in blocks if b.start < end and start < b.end]
        found = [b for b in by_day.touching(start, end) if b.start < end and start < b.end]
        assert found == walked
