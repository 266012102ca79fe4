"""Reading one event (title, then categories and description) as a kind of run, with a reason.

A title is split at "or" (oder, ou, o) into options; each option's words decide its kind
(:func:`_decide`), the most demanding option wins, and the reason quotes the words that decided.
The details only speak when the title says nothing or only "run" (see :func:`read_event`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from optimizer.classify.distance import distance, km_label
from optimizer.classify.keywords import ANY, CONFIG, Keywords
from optimizer.classify.matcher import Hit, matcher
from optimizer.classify.text import fold, fold_keep_case, quoter, soften, strip_app
from optimizer.domain import CalEvent, RacePriority, RunKind

_KIND_OF = {
    "race": RunKind.RACE,
    "long": RunKind.LONG,
    "weak_long": RunKind.LONG,
    "hard": RunKind.HARD,
    "easy": RunKind.EASY,
    "run": RunKind.EASY,
    "strides": RunKind.EASY,
    "steady": RunKind.EASY,
    "other": RunKind.OTHER,
    "pause": RunKind.OTHER,
    "away": RunKind.OTHER,
}
# How much a run asks of the legs: when an event offers a choice, the most demanding option wins.
_DEMAND = {RunKind.OTHER: 0, RunKind.EASY: 1, RunKind.HARD: 2, RunKind.LONG: 3, RunKind.RACE: 4}
_OR = re.compile(r"\s+\*?(?:or|oder|ou|o)\*?\s+")
_QUOTE = 40  # longest quote in a reason

# "10 km de Valencia", "10K di Roma", "15 km van Haarlem", "Media de Valencia", "Meia do Rio":
# a distance (or a half marathon's short name), then a place's name (a capitalised word no list
# names), is a race.
_NAMED_RACE = re.compile(
    r"(?:(?<![\w.])\d+(?:[.,]\d+)?\s?(?:k|km|K|Km|KM)|\b(?:[Mm]edia|[Mm]eia|[Mm]ezza|[Ss]emi|[Hh]alve))"
    r"\s+(?:de|del|di|du|van|von|do|da)\s+(?:(?:la|le|el|l')\s*)?([A-Z][a-z'-]{2,})"
)


@dataclass(frozen=True)
class Reading:
    """How one text (or event) reads: its kind and why, and what the week rules need.

    Attributes:
        langs: The languages of the words that decided (empty: none did).
        words: Every word recognised, as the text writes it (lower-case), in order.
        priority: A race's priority, when the text says it (goal, tune-up).
        votes: How strongly the text speaks each language (for the calendar's language).
    """

    kind: RunKind
    reason: str
    without_long: tuple[RunKind, str] = (RunKind.EASY, "")  # if the week's long run is elsewhere
    generic: bool = False  # only "run"/"jog" or a bare distance: the details may say more
    workout: str = ""  # the hard words, for the reason of a promoted long run
    says_long: bool = False  # "long", "LSD", "LR" rather than only "endurance"
    langs: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()
    priority: RacePriority | None = None
    votes: tuple[tuple[str, float], ...] = ()
    understood: bool = True  # False: no word and no distance (only "nothing says running")


def _best(hits: Iterable[Hit], *lists: str) -> Hit | None:
    """The words to quote: the first the text says, the longest of those."""
    mine = [h for h in hits if h.list in lists]
    return min(mine, key=lambda h: (h.start, -(h.end - h.start))) if mine else None


Verdict = tuple[RunKind, "Hit | None"]


def _decide(hits: list[Hit], km: float | None) -> Verdict | None:
    """The kind one option of a title names, with the words that decided it; None if silent.

    Another sport's word wins when nothing names running; then race > long > hard; pause
    words ("rest", "walk") beat easy words when nothing names running; then easy; then a
    distance alone is an easy run.
    """
    running = any(h.list == "run" for h in hits)
    activity = _best(hits, "other", "away")
    if activity and not running:
        return RunKind.OTHER, activity
    for kind, lists in (
        (RunKind.RACE, ("race",)),
        (RunKind.LONG, ("long", "weak_long")),
        (RunKind.HARD, ("hard",)),
    ):
        hit = _best(hits, *lists)
        if hit:
            return kind, hit
    pause = _best(hits, "pause")
    if pause and not running:
        return RunKind.OTHER, pause
    hit = _best(hits, "easy", "run", "strides", "steady")
    if hit:
        return RunKind.EASY, hit
    if km:
        return RunKind.EASY, None
    return None


def _says(source: str, hit: Hit, quote: Callable[[int, int], str]) -> str:
    words = re.sub(r"\s+", " ", quote(hit.start, hit.end).strip())
    words = re.sub(r"^\{[^{}]*\}\s*", "", words)  # "{5:8.1} pace" -> "pace"
    if len(words) > _QUOTE:
        words = words[: _QUOTE - 3].rstrip() + "..."
    if hit.list == "steady":
        return f'{source} says "{words}", a steady pace'
    return f'{source} says "{words}"'


def _named_races(text: str, folded: str, keywords: Keywords) -> list[Hit]:
    """ "10 km de Valencia": a race, when the capitalised word after it is no list's word."""
    if not re.search(
        r"(?:\d\s?km?|media|meia|mezza|semi|halve)\s+(?:de|di|du|va|vo|do|da)", folded
    ):
        return []
    known = matcher(keywords).vocabulary
    return [
        Hit("race", folded[m.start() : m.end()], m.start(), m.end(), frozenset({ANY}))
        for m in _NAMED_RACE.finditer(fold_keep_case(text))
        if m.group(1).lower() not in known
    ]


# A longer phrase says what its words mean: a race word inside a workout's words is a pace
# ("ritmo de carrera", "allure marathon", "Wettkampftempo"), a long word inside an easy phrase
# is the easy run ("endurance fondamentale"), repeats inside strides are strides ("Allunghi
# 6 x 80 m").
_MASKED_BY = {
    "race": ("hard",),
    "long": ("easy",),
    "weak_long": ("easy",),
    "hard": ("strides",),
}


def _inside_phrases(hits: list[Hit]) -> list[Hit]:
    """The hits without race and long words that lie inside a workout's or an easy run's words
    (a race word only has to start inside: "ritmo de prova 5 km" is a pace over 5 km)."""

    def masked(h: Hit) -> bool:
        by = _MASKED_BY.get(h.list, ())
        return any(
            o.list in by
            and o.start <= h.start
            and (h.end <= o.end or (h.list == "race" and h.start < o.end))
            for o in hits
        )

    return [h for h in hits if not masked(h)]


def _votes(hits: Iterable[Hit]) -> tuple[tuple[str, float], ...]:
    votes: dict[str, float] = {}
    for h in hits:
        if h.list in _KIND_OF and h.list != "steady":
            langs = [lang for lang in h.langs if lang not in (ANY, CONFIG)]
            for lang in langs:
                votes[lang] = votes.get(lang, 0.0) + 1 / len(langs)
    return tuple(sorted(votes.items()))


def _priority(hits: Iterable[Hit]) -> RacePriority | None:
    """Tune-up words win: a tune-up often names the goal it prepares ("tune-up for the goal")."""
    lists = {h.list for h in hits}
    if "tune_up" in lists:
        return RacePriority.TUNE_UP
    if "goal" in lists:
        return RacePriority.GOAL
    return None


def _options(folded: str, found: list[Hit], units: str) -> list[tuple[Verdict, list[Hit]]]:
    """Each option of a choice ("Rest or easy run") with its verdict, when it says something."""
    bounds, start = [], 0
    for sep in _OR.finditer(folded):
        bounds.append((start, sep.start()))
        start = sep.end()
    bounds.append((start, len(folded)))
    decided = []
    for lo, hi in bounds:
        option = folded[lo:hi]
        if not option.strip():
            continue
        hits = _inside_phrases([h for h in found if lo <= h.start < hi])
        option_km = distance(option, units)
        verdict = _decide(hits, option_km.total if option_km else None)
        if verdict:
            decided.append((verdict, hits))
    return decided


def _words(found: list[Hit], quote: Callable[[int, int], str]) -> tuple[str, ...]:
    """The words recognised, as written, each once: "easy run", not "easy run, easy, run"."""
    kept = sorted(_inside_phrases(found), key=lambda h: (h.start, -(h.end - h.start)))
    kept = [
        h
        for h in kept
        if not any(
            o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start
            for o in kept
        )
    ]
    return tuple(dict.fromkeys(quote(h.start, h.end).strip() for h in kept))


@functools.lru_cache(maxsize=4096)
def _read_text(text: str, keywords: Keywords, units: str, source: str) -> Reading | None:
    """Read one title (or description, or categories); None when it says nothing."""
    folded, steady = soften(fold(text))
    if not folded.strip():
        return None
    found = matcher(keywords).hits(folded) + _named_races(text, folded, keywords)
    found += [Hit("steady", w, at, at + len(w), frozenset({ANY})) for at, w in steady]
    decided = _options(folded, found, units)
    if not decided:
        return None
    (kind, hit), hits = max(decided, key=lambda d: _DEMAND[d[0][0]])
    quote = quoter(text)
    if hit is None:
        dist = distance(text, units)
        reason = f"only a distance ({km_label(dist.total if dist else 0.0, units)}): an easy run"
    else:
        reason = ("not a run: " if kind is RunKind.OTHER else "") + _says(source, hit, quote)
    if kind.is_run and any(d[0][0] is RunKind.OTHER for d in decided):
        reason += " (one of its options)"
    hard = _best(hits, "hard")
    easy = [h for h in hits if h.list in ("easy", "run", "strides", "steady")]
    return Reading(
        kind,
        reason,
        (RunKind.HARD, _says(source, hard, quote)) if hard else (RunKind.EASY, reason),
        generic=kind is RunKind.EASY and all(h.list == "run" for h in easy),
        workout=_says(source, hard, quote) if hard else "",
        says_long=any(h.list == "long" for h in hits),
        langs=hit.langs if hit else frozenset(),
        words=_words(found, quote),
        priority=_priority(found),
        votes=_votes(found),
    )


def read_event(event: CalEvent, keywords: Keywords, units: str) -> Reading:
    """How one event reads: its title, unless the title is silent or only says "run"."""
    title_text, _ = strip_app(event.summary or "")
    title = _read_text(title_text, keywords, units, "title")
    if title is not None and not title.generic and title.kind is not RunKind.RACE:
        return title  # the title decides; the details could only name a race's priority
    read = [
        _read_text(text, keywords, units, source)
        for source, text in (
            ("category", ", ".join(event.categories)),
            ("description", event.description or ""),
        )
    ]
    details = [d for d in read if d is not None]
    chosen = _choose(title, details, event)
    priority = next((r.priority for r in (title, *details) if r is not None and r.priority), None)
    if chosen.kind is RunKind.RACE and priority is not chosen.priority:
        chosen = _replace(chosen, priority=priority)
    return chosen


def _choose(title: Reading | None, details: list[Reading], event: CalEvent) -> Reading:
    if title is not None and not title.generic:
        return title
    if title is None:
        for d in details:
            if not d.generic:
                return d
        if details:
            return details[0]
        if not (event.summary or "").strip():
            return Reading(RunKind.OTHER, "not a run: the event has no title", understood=False)
        return Reading(RunKind.OTHER, "not a run: nothing in it says running", understood=False)
    for d in details:
        if d.kind is RunKind.RACE and _shorter_than_the_race(event, d):
            continue
        if d.kind in (RunKind.RACE, RunKind.LONG, RunKind.HARD):
            return d
    return title


def _shorter_than_the_race(event: CalEvent, race: Reading) -> bool:
    """A run whose title gives a distance well short of the race its details name is a run
    of a plan for that race ("{4:6.4} run", described "Half Marathon 3: week 1 of 12"), not
    the race itself."""
    from optimizer.classify.distance import parse_distance_km

    title_km = parse_distance_km(event.summary or "")
    race_km = max((km for w in race.words if (km := parse_distance_km(w))), default=None)
    return title_km is not None and race_km is not None and title_km < 0.95 * race_km


def _replace(reading: Reading, **changes: object) -> Reading:
    import dataclasses

    return dataclasses.replace(reading, **changes)  # type: ignore[arg-type]
