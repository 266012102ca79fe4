"""The week rules: one long run a week, and the clearly longest run is the long run.

Runs are grouped by ISO week (Monday to Sunday, by the event's own local date); see
:mod:`optimizer.classify` for the rules in a runner's words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from optimizer.classify.distance import Dist, km_label
from optimizer.classify.reading import Reading
from optimizer.domain import CalEvent, RunKind

_LONG_MIN_KM = 12.0  # ~8 mi, ~60 min: shorter is never the week's long run by length alone
_LONG_MARGIN = 1.2  # "clearly longest": 20% longer than the second-longest
_KM_PER_MIN = 1 / 5  # a timed event without a distance counts as 5 min/km


@dataclass
class Item:
    """One event being classified: its reading, its distance, and the kind and reason so far."""

    index: int
    event: CalEvent
    reading: Reading
    dist: Dist | None
    kind: RunKind
    reason: str

    @property
    def length(self) -> float | None:
        """How long the run is, in km (a timed event without a distance at 5 min/km)."""
        if self.dist is not None:
            return self.dist.longest
        if not self.event.all_day and self.event.minutes > 0:
            return self.event.minutes * _KM_PER_MIN
        return None

    def label(self, units: str) -> str:
        """Its length as the reasons quote it ("19 km", "45 min")."""
        if self.dist is not None:
            return km_label(self.dist.longest, units)
        return f"{self.event.minutes:.0f} min"


def one_long_run(week: list[Item], units: str) -> None:
    """Runs that only say "endurance" give way to one that says "long", else to the longest."""
    longs = [i for i in week if i.kind is RunKind.LONG]
    weak = [i for i in longs if not i.reading.says_long]
    if len(longs) < 2 or not weak:
        return
    if len(weak) < len(longs):  # someone says "long": every "endurance" gives way
        keep = max(
            (i for i in longs if i.reading.says_long),
            key=lambda i: (i.length or -1.0, i.event.start, i.event.uid, i.index),
        )
    else:
        keep = max(weak, key=lambda i: (i.length or -1.0, i.event.start, i.event.uid, i.index))
    day = f"{keep.event.day:%a %d %b}"
    size = f" ({keep.label(units)})" if keep.length is not None else ""
    for item in weak:
        if item is not keep:
            item.kind, workout = item.reading.without_long
            if item.kind is RunKind.HARD:  # say the workout, not the long word that lost
                item.reason = f"{workout}; {day}{size} is the week's long run"
            else:
                item.reason = f"{item.reason}, but {day}{size} is the week's long run"


def longest_is_long(week: list[Item], units: str) -> None:
    if any(i.kind is RunKind.LONG for i in week):
        return
    measured = [
        i
        for i in week
        if i.kind in (RunKind.EASY, RunKind.HARD, RunKind.RACE) and i.length is not None
    ]
    if len(measured) < 2:
        return
    measured.sort(key=lambda i: i.length or 0.0, reverse=True)
    top, second = measured[0], measured[1]
    top_len, second_len = top.length or 0.0, second.length or 0.0
    if top.kind is RunKind.RACE or top_len < _LONG_MIN_KM:
        return
    if top_len + 1e-9 < _LONG_MARGIN * second_len:
        return
    reason = f"longest run of the week ({top.label(units)})"
    if top.kind is RunKind.HARD and top.reading.workout:
        reason += f"; {top.reading.workout}"
    top.kind, top.reason = RunKind.LONG, reason


def apply_week_rules(items: Iterable[Item], units: str) -> None:
    """Group the runs by ISO week and apply the week rules to each week, in place."""
    weeks: dict[tuple[int, int], list[Item]] = {}
    for item in items:
        if item.kind.is_run:
            iso = item.event.day.isocalendar()
            weeks.setdefault((iso.year, iso.week), []).append(item)
    for week in weeks.values():
        one_long_run(week, units)
        longest_is_long(week, units)
