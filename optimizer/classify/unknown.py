"""Events whose words nobody understood: what else they say, and a warning naming them.

A title in no language legday reads ("Sesión Z", "Behobia", "Bieg spokojny") is not free time
just because its words are unknown. Only signals that are strong *in a calendar that is
otherwise a running plan* make it a run, so meetings and dentist appointments stay what they
are:

- **A running app's workout** ("Runna: Sesión 3"): an easy run, in any calendar.
- **A recurring 30-180 minute event in a plan of runs**: an easy run (and, as any run, the
  week's long run when it is clearly the week's longest).

A plan of runs is a calendar where at least three events, and at least 60% of all events, are
runs. Other unknown events that look like training (in a plan of runs: recurring, or with a
duration, a pace or a heart rate in their text) stay "not a run" but are named in a warning,
never silently treated as free time. A one-off event with nothing but unknown words ("Dentist",
"Behobia") says too little to warn about.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from optimizer.classify.text import RUNNING_APPS, fold, strip_app
from optimizer.domain import CalEvent, RunKind

PLAN_MIN_RUNS = 3
PLAN_SHARE = 0.6  # of all events
RECURS = 3  # the same title this many times is a recurring event
MINUTES = (30.0, 180.0)

# A duration ("45'", "45 min", "1h30", "1:15 h"), a pace ("5:30/km", "5'30''") or a heart rate
# ("140 bpm", "FC 150", "HF 150", "Puls 140", "< 75% FCmax") in any language.
_TRAINING_NOTATION = (
    r"\b\d{1,3}\s*(?:'|min\b|mins\b|minutes?\b|minutos?\b|minuti\b|minuten\b|minuut\b)"
    r"|\b\d{1,2}\s*h\s*\d{2}\b|\b\d{1,2}:\d{2}\s*(?:h|/km|/mi)\b|\b\d{1,2}'\d{2}"
    r"|\b\d{2,3}\s*(?:bpm|ppm|lpm|spm)\b|\b(?:fc|hf|fcm|fcmax|hr|puls|pulso|hartslag)\b"
)


@dataclass
class Unknown:
    """An event nothing understood, and what the calendar around it says."""

    index: int
    event: CalEvent
    title: str  # as written, without an app's name
    app: str  # a running app's name, or ""
    count: int  # events with the same title
    kind: RunKind = RunKind.OTHER
    reason: str = ""
    signal: str = ""  # why it looks like training ("" when it does not)


def is_plan_of_runs(kinds: Sequence[RunKind]) -> bool:
    """Is the calendar a running plan: at least 3 runs, and at least 60% of its events?"""
    runs = sum(1 for k in kinds if k.is_run)
    return runs >= PLAN_MIN_RUNS and runs >= PLAN_SHARE * len(kinds)


def title_keys(events: Sequence[CalEvent]) -> list[str]:
    """Each event's title as the calendar compares titles: folded, without an app's name."""
    return [fold(strip_app(e.summary or "")[0]).strip() for e in events]


def read_unknowns(
    events: Sequence[CalEvent],
    kinds: Sequence[RunKind],
    unknown: Sequence[int],
    titles: Sequence[str],
) -> list[Unknown]:
    """What the unknown events (indexes into ``events``) are, judged by the calendar
    (``titles``: :func:`title_keys` of the events).

    Returns:
        One :class:`Unknown` per index, its ``kind`` EASY when a strong signal makes it a
        run (``reason`` then says which), its ``signal`` set when it only looks like training.
    """
    counts = Counter(titles)
    plan = is_plan_of_runs(kinds)
    out = []
    for i in unknown:
        event = events[i]
        title, app = strip_app(event.summary or "")
        u = Unknown(i, event, title.strip(), app if app in RUNNING_APPS else "", counts[titles[i]])
        _judge(u, plan)
        out.append(u)
    return out


def _judge(u: Unknown, plan: bool) -> None:
    event = u.event
    timed = not event.all_day and MINUTES[0] <= event.minutes <= MINUTES[1]
    recurring = u.count >= RECURS
    if u.app:
        u.kind = RunKind.EASY
        u.reason = f"no words understood; a {u.app.title()} workout: an easy run"
        return
    if plan and recurring and timed:
        u.kind = RunKind.EASY
        u.reason = (
            f"no words understood; a recurring {event.minutes:.0f}-min event in a plan of runs:"
            " an easy run"
        )
        return
    text = f"{event.summary or ''}\n{event.description or ''}"
    notation = re.search(_TRAINING_NOTATION, fold(text))  # re caches it
    if plan and recurring:
        u.signal = f"it recurs ({u.count} times) in a plan of runs"
    elif plan and notation:
        u.signal = f'it says "{notation.group(0).strip()}" in a plan of runs'


def warnings(unknowns: Sequence[Unknown]) -> list[str]:
    """One line per title: the unknown events read as runs, and those that look like training."""
    seen: dict[str, list[Unknown]] = {}
    for u in unknowns:
        if u.kind.is_run or u.signal:
            seen.setdefault(fold(u.title), []).append(u)
    out = []
    for group in seen.values():
        first = group[0]
        when = f"{first.event.day:%a %d %b %Y}"
        many = f"{len(group)} events from {when}" if len(group) > 1 else when
        if first.kind.is_run:
            out.append(
                f'"{first.title}" ({many}): no words understood, read as an easy run '
                f"({first.reason.split('; ', 1)[-1].removesuffix(': an easy run')}); "
                "if it is a workout, a long run or not a run, add its words to legday.toml "
                "[keywords] (extra_hard, extra_long, extra_other)"
            )
        else:
            out.append(
                f'"{first.title}" ({many}) looks like training ({first.signal}) but no words '
                "say so: it is treated as free time; if it is a run, add its words to "
                "legday.toml [keywords] (extra_easy, extra_hard, extra_long)"
            )
    return out
