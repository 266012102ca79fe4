"""Read each calendar event as a long run, a hard run, an easy run, a race, or not a run.

Titles are read in English, Spanish, German, French, Italian, Portuguese and Dutch (one word
list per language in ``data/<code>.toml``, notation and emoji in ``data/common.toml``), and
several languages in one calendar or one title ("Long run / Tirada larga"). Words are matched
whole ("Rest" is not "Restaurant", "LT" is not "ALTitude"), case-insensitively, with accents,
subscripts and emoji variants folded ("V̇O₂max" reads as "vo2max", "Côtes" as "cotes"); German
and Dutch compounds are read from their parts ("Tempodauerlauf", "hersteltraining"). App names
before or after a title ("Runna:", "[Garmin]", "TrainingPeaks - ") are not the runner's words.
A config file's ``[keywords]`` table replaces or extends the words, for every language or for
one (``[keywords.de]``) (:meth:`Keywords.merged`).

The classifier reads an event's title first; its categories and description only speak when the
title says nothing, or when the title only says "run" (or gives just a distance) and the details
name a race, a long run or a workout.

Each run also says the language of its words (``Run.language``; words every language shares,
"Fartlek" or "8 x 400", take the calendar's language) and, for a race that says it, its
priority (``Run.priority``: "goal race", "carrera objetivo", "Saisonziel" are the goal;
"tune-up", "B race", "Vorbereitungswettkampf", "course de préparation" a tune-up; a tune-up
wins when both are said, as a tune-up often names its goal). Otherwise the priority is None and
the pipeline picks the goal race.

Precedence, for one title:

1. **Choices.** "Rest or easy run", "Off or 4-5 mi very easy", "Easy run OR Day off" are split at
   "or" and the most demanding option wins (race > long > hard > easy > not a run): a runner who
   may run is planned for as if they run. "Rest or cross-train" has no run option, so it is not a
   run.
2. **Another sport wins when nothing names running.** A not-a-run word other than a pause word
   (rest, off, walk, recovery), e.g. "bike", "swim", "yoga", "strength", "cross", "rest day",
   makes the event not a run unless it also says run/jog/running: "Bike intervals" is not a run,
   "Tempo run, then gym" is a hard run.
3. **race > long > hard > easy.** "Marathon", "Race day", "8K-10K tune-up race", "Half Marathon",
   "Media maratón de Valencia", "Halbmarathon", "10 km de Vincennes" are races, but "race pace",
   "marathon pace", "MP", "goal pace", "Marathon Simulation", "ritmo de carrera", "allure
   marathon", "Wettkampftempo" are workouts (hard: a race word inside a pace's words is a
   pace), and "post-race jog", "race week shakeout" or "race expo" are not races. **parkrun and
   time trials are hard runs, not races** (a weekly parkrun is training), unless the title also
   says race ("5K race (parkrun)"). A long run with a fast finish is still the long run ("Long
   run with 8 at race pace" is long). "Med-long run" / "medium-long" is an easy run, not a long
   one; "Endurance" (Pfitzinger's long run) is long, but "endurance fondamentale" is easy.
4. **Pause words lose to workouts, win over easy adjectives.** "12 x 500m at 108% MP with 30 sec
   walk" is hard; "30 minutes of easy walking" is not a run; "5 minute walk, 25 minute jog" is an
   easy run.
5. **A distance alone is an easy run** ("{12:19}", "10 mi", "21,1 km", an otherwise empty title
   with a distance). Nothing at all: not a run ("Plan Ends", "Dentist", an empty title), unless
   the calendar says more (below).

Judgement calls, made on ~90 published plans (``shared/plans``):

* Strides and short hill sprints are not a workout: Pfitzinger's "General aerobic + speed ... with
  8 x 100 m strides" and "Recovery + speed" are easy runs; "Speed {8:13}" (200-300 m repeats) and
  "Race pace + speed" are hard.
* Repeats ("8 x 800", "4 × (1 km at 105% MP, 1 km at 90% MP)", "3 sets of ...") are hard, but
  not strides' repeats, before or after them ("8 x 100 m strides", "Allunghi 6 x 80 m").
* Pace percentages: slower than 86% of 5K pace or 93% of marathon pace is steady aerobic running,
  not a workout ("{14-15:23-25} at 80% 5k through rolling hills" is easy); at or above, hard.
* "Progression" runs (Kenyan-style) are hard; "easy progressing to moderate" is easy.
* Hal Higdon's "{5:8.1} pace" is a marathon-pace run: hard.
* "AM ... PM ..." doubles are easy unless a part names a workout.

Then the calendar speaks for events nobody's words describe (:mod:`optimizer.classify.unknown`):
a running app's workout, or a recurring 30-180 minute event in a calendar that is otherwise a
running plan, is an easy run ("no words understood; a recurring 45-min event in a plan of
runs: an easy run"); other unknown events that look like training are named in a warning
(:func:`classify_calendar`), never silently treated as free time. A one-off event of a plan of
runs that says no more than "a run" but has a name and a race distance or format ("NYC Half",
"Spring 10K", "Corrida de São Silvestre") is a race (:mod:`optimizer.classify.named_race`).

Then, week by week (Monday to Sunday, by the event's own local date):

* **"Endurance" is the long run only once a week.** Pfitzinger's Faster Road Racing has a
  midweek and a weekend "Endurance" run: when a week has several, only the longest is the long run
  (ties: the later one), and none is when another event says "long" (or LSD, LR). The others are
  read without the long word: easy, or hard if they name a workout. Events that say "long" all
  stay long runs: back-to-back weekend long runs (ultra training) are both long.
* **The clearly longest run is the long run** when nothing in the week says long: the longest
  easy or hard run (by distance, else by timed duration at 5 min/km) is the long run when it is at
  least 12 km (~60 min) and at least 20% longer than the week's second-longest run or race. A week
  with a single measured run has no second-longest to compare, so nothing is promoted.

Distances (:func:`parse_distance_km`) use the plans' notation ``{mi:km}`` (the km side),
``{N}`` (in the calendar's units), ranges (upper bound), "10 mi", "8K", "400m", "21,1 km",
"10 Meilen", "5.000 m", named races in every language, sums of warm-up/main/cool-down parts,
"total ..." and AM/PM doubles.

:func:`says_away` reads trips, vacation and absence ("Business trip", "Urlaub", "congés"...)
for the pipeline, which decides with the event's busy status whether its days are blocked.

One job per module: ``text`` (folding; app names; steady paces), ``keywords`` (the
:class:`Keywords` and ``Vocabulary`` types and the data files), ``matcher`` (finding every
language's words in a text, fast), ``distance`` (:func:`parse_distance_km`), ``duration``
(:func:`parse_duration_min`, for all-day runs' length), ``reading`` (one event's title,
categories and description into a kind and a reason), ``unknown`` (events no words describe),
``away`` (:func:`says_away`) and ``weekly`` (the week rules above).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from optimizer.classify.away import says_away
from optimizer.classify.distance import distance, normal_units, parse_distance_km
from optimizer.classify.duration import parse_duration_min
from optimizer.classify.keywords import ANY, CONFIG, LANGUAGES, Keywords
from optimizer.classify.reading import Reading, read_event
from optimizer.classify.unknown import is_plan_of_runs, read_unknowns, title_keys, warnings
from optimizer.classify.weekly import Item, apply_week_rules
from optimizer.domain import CalEvent, RacePriority, Run, RunKind

__all__ = [
    "LANGUAGES",
    "Classification",
    "Keywords",
    "classify",
    "classify_calendar",
    "parse_distance_km",
    "parse_duration_min",
    "says_away",
]


@dataclass(frozen=True)
class Classification:
    """A calendar as legday read it.

    Attributes:
        runs: One :class:`~optimizer.domain.Run` per event, in the order given: its kind,
            distance, reason, language and (races) priority.
        words: For each run, the words recognised in it, as written (lower-case), in order.
        warnings: One line per event title nobody understood that looks like training (and per
            such title read as an easy run), naming it; empty when there are none.
        languages: The languages the calendar is written in, most spoken first (ISO codes;
            those with at least a fifth of the first one's words).
    """

    runs: tuple[Run, ...]
    words: tuple[tuple[str, ...], ...]
    warnings: tuple[str, ...]
    languages: tuple[str, ...]


def classify(
    events: Sequence[CalEvent], keywords: Keywords | None = None, *, units: str = "km"
) -> tuple[Run, ...]:
    """One Run per event, same order as given (:func:`classify_calendar` without the rest).

    `reason` says why in a runner's words, e.g. 'title says "tempo"',
    'longest run of the week (32 km)', 'not a run: title says "rest"'.

    Args:
        events: Calendar events, in any order.
        keywords: The words to look for; :meth:`Keywords.default` when None.
        units: "km" or "mi": the unit of bare numbers in braces ("{6}") and of distances in reasons.

    Returns:
        One :class:`~optimizer.domain.Run` per event, in the order given, with the distance in km
        when the event states one.

    Raises:
        ValueError: ``units`` is neither km nor mi.
    """
    return classify_calendar(events, keywords, units=units).runs


def classify_calendar(
    events: Sequence[CalEvent], keywords: Keywords | None = None, *, units: str = "km"
) -> Classification:
    """Read every event of a calendar: kinds, languages, race priorities and warnings.

    Each event is read on its own (its words); then the calendar speaks: unknown titles that
    a running plan makes runs (see :mod:`optimizer.classify.unknown`), the week rules, and the
    calendar's language for words several languages share.

    Args:
        events: Calendar events, in any order.
        keywords: The words to look for; :meth:`Keywords.default` when None.
        units: "km" or "mi", as for :func:`classify`.

    Returns:
        The runs, the words each one said, warnings about unknown events, the languages.

    Raises:
        ValueError: ``units`` is neither km nor mi.
    """
    units = normal_units(units)
    kw = keywords if keywords is not None else Keywords.default()
    readings = [read_event(event, kw, units) for event in events]
    titles = title_keys(events)
    unknowns = read_unknowns(
        events,
        [r.kind for r in readings],
        [i for i, (r, e) in enumerate(zip(readings, events, strict=True)) if _unknown(r, e)],
        titles,
    )
    items = []
    for index, (event, reading) in enumerate(zip(events, readings, strict=True)):
        dist = distance(event.summary or "", units) or distance(event.description or "", units)
        if dist is not None and dist.total <= 0:
            dist = None
        items.append(Item(index, event, reading, dist, reading.kind, reading.reason))
    for u in unknowns:
        if u.kind.is_run:
            items[u.index].kind, items[u.index].reason = u.kind, u.reason
    named = _named_races(items, titles)
    unknowns = [u for u in unknowns if u.index not in named]
    apply_week_rules(items, units)
    ranking = _ranking(readings)
    runs = tuple(
        Run(
            event=i.event,
            kind=i.kind,
            distance_km=round(i.dist.total, 2) if i.dist and i.kind.is_run else None,
            reason=i.reason,
            language=_language(i.reading, ranking, kw.languages),
            priority=_priority(i),
        )
        for i in items
    )
    return Classification(
        runs, tuple(r.words for r in readings), tuple(warnings(unknowns)), _spoken(readings)
    )


def _named_races(items: Sequence[Item], titles: Sequence[str]) -> set[int]:
    """Make races of the one-off events named like races (:mod:`.named_race`); their indexes
    (``titles``: the items' :func:`.unknown.title_keys`)."""
    from optimizer.classify.named_race import named_race

    counts = Counter(titles)
    plan = is_plan_of_runs([i.kind for i in items])
    out = set()
    for item, title in zip(items, titles, strict=True):
        if not (item.reading.generic or not item.reading.understood) or not title:
            continue
        km = item.dist.total if item.dist else None
        why = named_race(item.event.summary or "", item.reading.words, km, counts[title] == 1, plan)
        if why:
            item.kind, item.reason = RunKind.RACE, why
            out.add(item.index)
    return out


def _unknown(reading: Reading, event: CalEvent) -> bool:
    return not reading.understood and bool((event.summary or "").strip())


def _priority(item: Item) -> RacePriority | None:
    return item.reading.priority if item.kind is RunKind.RACE else None


def _votes(readings: Sequence[Reading]) -> dict[str, float]:
    votes: dict[str, float] = {}
    for r in readings:
        for lang, weight in r.votes:
            votes[lang] = votes.get(lang, 0.0) + weight
    return votes


def _ranking(readings: Sequence[Reading]) -> tuple[str, ...]:
    """The calendar's languages, most spoken first (ties: legday's language order)."""
    votes = _votes(readings)
    order = {lang: i for i, lang in enumerate(LANGUAGES)}
    return tuple(sorted(votes, key=lambda lang: (-votes[lang], order.get(lang, 99), lang)))


def _spoken(readings: Sequence[Reading]) -> tuple[str, ...]:
    """The languages the calendar is written in: those with at least a fifth of the words the
    most spoken one has (a Spanish plan's "descanso" is Portuguese too, but it is Spanish)."""
    votes = _votes(readings)
    ranking = _ranking(readings)
    return tuple(lang for lang in ranking if votes[lang] >= 0.2 * votes[ranking[0]])


def _language(reading: Reading, ranking: Sequence[str], languages: Sequence[str]) -> str:
    """The event's language: the one most of its words speak; on a tie (or for words every
    language shares, "Fartlek", "8 x 400"), the calendar's most spoken one."""
    langs = set(reading.langs)
    if not langs or langs == {CONFIG}:
        return ""
    votes = dict(reading.votes)
    if votes:
        top = max(votes.values())
        candidates = {lang for lang, v in votes.items() if v >= top - 1e-9}
    elif ANY in langs:  # only notation ("8 x 400"): the calendar's language, if it has one
        return ranking[0] if ranking else ""
    else:
        candidates = langs - {CONFIG}
    for lang in (*ranking, *languages):
        if lang in candidates:
            return lang
    return sorted(candidates)[0] if candidates else ""
