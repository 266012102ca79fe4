"""Reading one event (title, then categories and description) as a kind of run, with a reason.

A title is split at "or" into options; each option's keyword hits decide its kind
(:func:`_decide`), the most demanding option wins, and the reason quotes the words that decided.
The details only speak when the title says nothing or only "run" (see :func:`read_event`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from optimizer.classify.distance import distance, km_label
from optimizer.classify.keywords import KINDS, Keywords, pattern
from optimizer.classify.text import fold, soften
from optimizer.domain import CalEvent, RunKind

_KIND_OF = {
    "long": RunKind.LONG,
    "hard": RunKind.HARD,
    "easy": RunKind.EASY,
    "race": RunKind.RACE,
    "other": RunKind.OTHER,
}
# How much a run asks of the legs: when an event offers a choice, the most demanding option wins.
_DEMAND = {RunKind.OTHER: 0, RunKind.EASY: 1, RunKind.HARD: 2, RunKind.LONG: 3, RunKind.RACE: 4}

# Words that appear inside run workouts ("2 min walk", "jog rest"), so they only beat easy words.
_PAUSE_WORDS = frozenset({"rest", "off", "walk", "walks", "walking", "recovery"})
# Words that name running itself: with one of these, another sport's word does not win.
_RUN_NOUN = re.compile(r"\b(?:run|runs|running|jog|jogs|jogging|shake[\s-]?out|run/walk)\b")
# Words too generic to stop the description from saying more ("Run" + "8 x 800 in the notes").
_GENERIC = frozenset({"run", "runs", "running", "jog", "jogs", "jogging"})

_QUOTE = 40  # longest quote in a reason
# For the week's long run, a title saying "long" (LSD, LR) beats one saying only "endurance".
_EXPLICIT_LONG = re.compile(r"\blong\b|\blsd\b|\blr\b")


@dataclass(frozen=True)
class _Hit:
    kind: RunKind
    words: str  # what matched, as the folded text has it
    start: int = 0  # where, so the reason can quote the first thing the title says
    steady: bool = False  # a pace percentage read as steady running


@dataclass(frozen=True)
class Reading:
    """How one text (or event) reads: its kind and why, and what the week rules need."""

    kind: RunKind
    reason: str
    without_long: tuple[RunKind, str] = (RunKind.EASY, "")  # if the week's long run is elsewhere
    generic: bool = False  # only "run"/"jog" or a bare distance: the details may say more
    workout: str = ""  # the hard words, for the reason of a promoted long run
    says_long: bool = False  # "long", "LSD", "LR" rather than only "endurance"


def _hits(text: str, keywords: Keywords) -> list[_Hit]:
    out: list[_Hit] = []
    for name in KINDS:
        kind = _KIND_OF[name]
        for word in getattr(keywords, name):
            for m in pattern(word, name).finditer(text):
                words = re.sub(r"\s+", " ", m.group(0).strip())
                if words:
                    out.append(_Hit(kind, words, m.start()))
    return out


def _best(hits: Iterable[_Hit], kind: RunKind) -> _Hit | None:
    """The words to quote: the first the text says, the longest of those."""
    mine = [h for h in hits if h.kind is kind]
    return min(mine, key=lambda h: (h.start, -len(h.words))) if mine else None


def _decide(text: str, hits: list[_Hit], km: float | None) -> tuple[RunKind, _Hit | None] | None:
    """The kind one option of a title names, with the words that decided it; None if silent."""
    running = bool(_RUN_NOUN.search(text))
    activity = [h for h in hits if h.kind is RunKind.OTHER and h.words not in _PAUSE_WORDS]
    if activity and not running:
        return RunKind.OTHER, _best(activity, RunKind.OTHER)
    for kind in (RunKind.RACE, RunKind.LONG, RunKind.HARD):
        hit = _best(hits, kind)
        if hit:
            return kind, hit
    if not running and any(h.kind is RunKind.OTHER for h in hits):
        return RunKind.OTHER, _best(hits, RunKind.OTHER)
    hit = _best(hits, RunKind.EASY)
    if hit:
        return RunKind.EASY, hit
    if km:
        return RunKind.EASY, None
    return None


def _says(source: str, hit: _Hit) -> str:
    words = re.sub(r"^\{[^{}]*\}\s*", "", hit.words)  # "{5:8.1} pace" -> "pace"
    if len(words) > _QUOTE:
        words = words[: _QUOTE - 3].rstrip() + "..."
    if hit.steady:
        return f'{source} says "{words}", a steady pace'
    return f'{source} says "{words}"'


@functools.lru_cache(maxsize=4096)
def _read_text(text: str, keywords: Keywords, units: str, source: str) -> Reading | None:
    """Read one title (or description, or categories); None when it says nothing."""
    folded, steady = soften(fold(text))
    if not folded.strip():
        return None
    dist = distance(text, units)
    bounds, start = [], 0
    for sep in re.finditer(r"\s+\*?or\*?\s+", folded):
        bounds.append((start, sep.start()))
        start = sep.end()
    bounds.append((start, len(folded)))
    decided = []
    for lo, hi in bounds:
        option = folded[lo:hi]
        if not option.strip():
            continue
        hits = _hits(option, keywords)
        hits += [_Hit(RunKind.EASY, w, at - lo, True) for at, w in steady if lo <= at < hi]
        option_km = distance(option, units)
        verdict = _decide(option, hits, option_km.total if option_km else None)
        if verdict:
            decided.append((verdict, hits))
    if not decided:
        return None
    (kind, hit), hits = max(decided, key=lambda d: _DEMAND[d[0][0]])
    choice = any(d[0][0] is RunKind.OTHER for d in decided)
    if hit is None:
        km = dist.total if dist else 0.0
        reason = f"only a distance ({km_label(km, units)}): an easy run"
    elif kind is RunKind.OTHER:
        reason = f"not a run: {_says(source, hit)}"
    else:
        reason = _says(source, hit)
    if choice and kind.is_run:
        reason += " (one of its options)"
    hard = _best(hits, RunKind.HARD)
    without = (RunKind.HARD, _says(source, hard)) if hard else (RunKind.EASY, reason)
    easy_words = {h.words for h in hits if h.kind is RunKind.EASY}
    generic = kind is RunKind.EASY and easy_words <= _GENERIC
    says_long = any(h.kind is RunKind.LONG and _EXPLICIT_LONG.search(h.words) for h in hits)
    workout = _says(source, hard) if hard else ""
    return Reading(kind, reason, without, generic, workout, says_long)


def read_event(event: CalEvent, keywords: Keywords, units: str) -> Reading:
    """How one event reads: its title, unless the title is silent or only says "run"."""
    title = _read_text(event.summary or "", keywords, units, "title")
    if title is not None and not title.generic:
        return title
    read = [
        _read_text(text, keywords, units, source)
        for source, text in (
            ("category", ", ".join(event.categories)),
            ("description", event.description or ""),
        )
    ]
    details = [d for d in read if d is not None]
    if title is None:
        for d in details:
            if not d.generic:
                return d
        if details:
            return details[0]
        if not (event.summary or "").strip():
            return Reading(RunKind.OTHER, "not a run: the event has no title")
        return Reading(RunKind.OTHER, "not a run: nothing in it says running")
    for d in details:
        if d.kind in (RunKind.RACE, RunKind.LONG, RunKind.HARD):
            return d
    return title
