"""Read each calendar event as a long run, a hard run, an easy run, a race, or not a run.

The classifier reads an event's title first; its categories and description only speak when the
title says nothing, or when the title only says "run" (or gives just a distance) and the details
name a race, a long run or a workout. Words are matched whole ("Rest" is not "Restaurant", "LT"
is not "ALTitude"), case-insensitively, with accents and subscripts folded ("V̇O₂max" reads as
"vo2max"). The default words live in ``optimizer/data/keywords.toml``; a config file's
``[keywords]`` table replaces or extends them (:meth:`Keywords.merged`).

Precedence, for one title:

1. **Choices.** "Rest or easy run", "Off or 4-5 mi very easy", "Easy run OR Day off" are split at
   "or" and the most demanding option wins (race > long > hard > easy > not a run): a runner who
   may run is planned for as if they run. "Rest or cross-train" has no run option, so it is not a
   run.
2. **Another sport wins when nothing names running.** A not-a-run word other than a pause word
   (rest, off, walk, recovery), e.g. "bike", "swim", "yoga", "strength", "cross", "rest day",
   makes the event not a run unless it also says run/jog/running: "Bike intervals" is not a run,
   "Tempo run, then gym" is a hard run.
3. **race > long > hard > easy.** "Marathon", "Race day", "8K-10K tune-up race", "Half Marathon"
   are races, but "race pace", "marathon pace", "MP", "goal pace" and "Marathon Simulation" are
   workouts (hard), and "post-race jog", "race week shakeout" or "race expo" are not races. A
   long run with a fast finish is still the long run ("Long run with 8 at race pace" is long).
   "Med-long run" / "medium-long" is an easy run, not a long one; "Endurance" (Pfitzinger's long
   run) is long.
4. **Pause words lose to workouts, win over easy adjectives.** "12 x 500m at 108% MP with 30 sec
   walk" is hard; "30 minutes of easy walking" is not a run; "5 minute walk, 25 minute jog" is an
   easy run.
5. **A distance alone is an easy run** ("{12:19}", "10 mi", an otherwise empty title with a
   distance). Nothing at all: not a run ("Plan Ends", "Dentist", an empty title).

Judgement calls, made on ~90 published plans (``shared/plans``):

* Strides and short hill sprints are not a workout: Pfitzinger's "General aerobic + speed ... with
  8 x 100 m strides" and "Recovery + speed" are easy runs; "Speed {8:13}" (200-300 m repeats) and
  "Race pace + speed" are hard.
* Repeats ("8 x 800", "4 × (1 km at 105% MP, 1 km at 90% MP)", "3 sets of ...") are hard.
* Pace percentages: slower than 86% of 5K pace or 93% of marathon pace is steady aerobic running,
  not a workout ("{14-15:23-25} at 80% 5k through rolling hills" is easy); at or above, hard.
* "Progression" runs (Kenyan-style) are hard; "easy progressing to moderate" is easy.
* Hal Higdon's "{5:8.1} pace" is a marathon-pace run: hard.
* "AM ... PM ..." doubles are easy unless a part names a workout.

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
``{N}`` (in the calendar's units), ranges (upper bound), "10 mi", "8K", "400m", named races, sums
of warm-up/main/cool-down parts, "total ..." and AM/PM doubles.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

from optimizer.domain import CalEvent, Run, RunKind

__all__ = ["Keywords", "classify", "parse_distance_km"]

_KINDS = ("long", "hard", "easy", "race", "other")
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

_LONG_MIN_KM = 12.0  # ~8 mi, ~60 min: shorter is never the week's long run by length alone
_LONG_MARGIN = 1.2  # "clearly longest": 20% longer than the second-longest
_KM_PER_MIN = 1 / 5  # a timed event without a distance counts as 5 min/km
_MAX_TEXT = 4000  # characters of a description worth reading
_MI = 1.609344
_QUOTE = 40  # longest quote in a reason
# For the week's long run, a title saying "long" (LSD, LR) beats one saying only "endurance".
_EXPLICIT_LONG = re.compile(r"\blong\b|\blsd\b|\blr\b")


# --------------------------------------------------------------------------- keywords


@dataclass(frozen=True)
class Keywords:
    """The words (or /regex/ patterns) that mark each kind of event.

    Attributes:
        long: Words of a long run ("long run", "LSD", "endurance").
        hard: Words of a workout ("tempo", "LT", "VO2max", "8 x 800", "marathon pace").
        easy: Words of an easy run ("easy", "recovery", "general aerobic", "jog", "run").
        race: Words of a race ("race", "marathon", "tune-up race", "parkrun").
        other: Words of something that is not a run ("rest", "cross-train", "yoga", "walk").
    """

    long: tuple[str, ...]
    hard: tuple[str, ...]
    easy: tuple[str, ...]
    race: tuple[str, ...]
    other: tuple[str, ...]

    def __post_init__(self) -> None:
        for f in fields(self):
            words = _as_words(f.name, getattr(self, f.name))
            object.__setattr__(self, f.name, words)
            for word in words:
                _pattern(word, f.name)  # raises ValueError on a bad entry

    @classmethod
    def default(cls) -> Keywords:
        """The default words, from ``optimizer/data/keywords.toml``."""
        return _default_keywords()

    def merged(self, overrides: Mapping[str, Sequence[str]]) -> Keywords:
        """Config file override: [keywords] table, keys long/hard/easy/race/other.

        Each key holds a list of words or phrases (regex allowed if wrapped in /.../). A list
        REPLACES that kind's defaults; a key 'extra_<kind>' ADDS to them. Unknown keys raise
        ValueError naming the key.

        Args:
            overrides: The ``[keywords]`` table, e.g.
                ``{"long": ["sunday run"], "extra_hard": ["/\\bk\\d+\\b/"]}``.

        Returns:
            New keywords; ``self`` is unchanged.

        Raises:
            ValueError: An unknown key, a value that is not a list of words, or a bad /regex/.
        """
        lists = {kind: list(getattr(self, kind)) for kind in _KINDS}
        extras: dict[str, list[str]] = {}
        for key, value in overrides.items():
            kind = key.removeprefix("extra_") if isinstance(key, str) else ""
            if kind not in _KINDS:
                raise ValueError(
                    f"unknown keywords key {key!r}: use long, hard, easy, race or other "
                    f"(a list replaces the defaults) or extra_<kind> (a list adds to them)"
                )
            words = list(_as_words(key, value))
            if key == kind:
                lists[kind] = words
            else:
                extras[kind] = words
        for kind, words in extras.items():
            lists[kind] += [w for w in words if w not in lists[kind]]
        return Keywords(**{kind: tuple(words) for kind, words in lists.items()})


def _as_words(key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValueError(f"keywords.{key} must be a list of words, got {value!r}")
    words = tuple(value)
    for word in words:
        if not isinstance(word, str) or not word.strip():
            raise ValueError(f"keywords.{key}: every entry must be a non-empty word, got {word!r}")
    return words


@functools.cache
def _default_keywords() -> Keywords:
    import tomllib  # only when the defaults are first needed

    path = os.path.join(os.path.dirname(__file__), "data", "keywords.toml")
    with open(path, "rb") as f:
        data = tomllib.load(f)
    return Keywords(**{kind: tuple(data.get(kind, ())) for kind in _KINDS})


@functools.lru_cache(maxsize=4096)
def _pattern(word: str, kind: str = "") -> re.Pattern[str]:
    """Compile one keyword: /regex/ as written, else a whole-word phrase (space ~ hyphen)."""
    raw = word.strip()
    if len(raw) > 2 and raw.startswith("/") and raw.endswith("/"):
        source = raw[1:-1]
    else:
        parts = re.split(r"[\s\-]+", _fold(raw))
        source = r"[\s\-]*".join(re.escape(p) for p in parts if p)
        source = rf"(?<![a-z0-9]){source}(?![a-z0-9])"
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as exc:
        where = f"keywords.{kind}" if kind else "keywords"
        raise ValueError(f"{where}: bad pattern {word!r}: {exc}") from None


# --------------------------------------------------------------------------- text


_FOLD = str.maketrans(
    {
        "×": "x",
        "–": "-",
        "—": "-",
        "‑": "-",
        "−": "-",
        "’": "'",
        "\u00a0": " ",
        "\r": "\n",
        "\t": " ",
    }
)


def _fold(text: str) -> str:
    """Lower-case, accents and sub/superscripts folded, one kind of dash and times sign."""
    text = unicodedata.normalize("NFKD", text[:_MAX_TEXT])
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().translate(_FOLD)
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,200 m -> 1200 m


# "at 75-80% 5k", "at 90-92% MP": steady running, not a workout (see the module docstring).
_PERCENT = re.compile(
    r"(?:\bat\s+)?~?(\d{2,3}(?:\s*-\s*\d{2,3}){0,6})\s*%\s*(?:of\s*)?(5\s*k|mp|marathon pace)\b"
    r"(?:\s*(?:effort|pace))?"
)
_STEADY_BELOW = {"5k": 86, "mp": 93, "marathon pace": 93}


def _soften(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Blank out steady pace percentages: the text (same length) and (where, what) was blanked."""
    steady: list[tuple[int, str]] = []

    def sub(m: re.Match[str]) -> str:
        ref = re.sub(r"\s+", "", m.group(2)) if m.group(2) != "marathon pace" else m.group(2)
        top = max(int(n) for n in re.findall(r"\d+", m.group(1)))
        if top < _STEADY_BELOW[ref]:
            steady.append((m.start(), m.group(0).strip()))
            return " " * len(m.group(0))
        return m.group(0)

    return _PERCENT.sub(sub, text), steady


# --------------------------------------------------------------------------- distances

_NUM = r"\d+(?:\.\d+)?"
_UNIT = r"(?:km|kms|kilomet(?:er|re)s?|k|mi|miles?|m|met(?:er|re)s?)"
_BRACE = re.compile(
    rf"\{{\s*({_NUM})(?:\s*-\s*({_NUM}))?\s*(?::\s*({_NUM})(?:\s*-\s*({_NUM}))?)?\s*\}}"
    rf"(?:\s*-\s*\{{\s*({_NUM})(?:\s*:\s*({_NUM}))?\s*\}})?"
)
_PLAIN = re.compile(
    rf"(?<![\w.\-])({_NUM})(?:\s*(?:-|to)\s*({_NUM}))?\s*-?\s*({_UNIT})(?![a-z])"
    rf"(?:\s*-\s*({_NUM})\s*-?\s*({_UNIT})(?![a-z]))?"
)
_LADDER = re.compile(rf"(?<![\w.\-])(\d+(?:\s*-\s*\d+){{2,8}})\s*({_UNIT})(?![a-z])")
_PACE_AFTER = re.compile(r"\s*(?:-\s*\d+\s*-?\s*k\s*)?(?:race\s*)?(?:pace|effort)\b")
_PACE_BEFORE = re.compile(r"(?:\bat|@|%|~|/)\s*~?\s*$")
_REP = re.compile(
    r"(?<![\w.])(\d+)(?:\s*-\s*(\d+))?\s*(?:x|sets?\s+of)\s*"
    rf"(?:\(([^()]*)\)|(\{{[^{{}}]*\}})|({_NUM}\s*-?\s*{_UNIT}(?![a-z]))|(\d{{3,4}})(?![\d.]*\s*(?:s|sec|min)\b)"
    r"|(miles?)\b)"
)
_NAMED = (
    (re.compile(r"\bhalf[\s-]*marathon\b(?![\s-]*(?:race[\s-]*)?(?:pace|effort))"), 21.1),
    (
        re.compile(
            r"(?<!half )(?<!half-)\bmarathon\b(?![\s-]*(?:race[\s-]*)?(?:pace|effort|simulation))"
        ),
        42.2,
    ),
    (re.compile(r"\bparkrun\b"), 5.0),
)
_WARMUP = re.compile(r"\b(?:wu|cd|warm[\s-]?(?:up|down)|cool[\s-]?(?:down|-down))\b")
_DOUBLE = re.compile(r"\bam\b(.*?)\bpm\b(.*)", re.S)
_BARE = re.compile(rf"^[\s:]*({_NUM})(?:\s*-\s*({_NUM}))?(?![\d.]*\s*(?:x|%|min|sec|h\b|:\d))")


@dataclass(frozen=True)
class _Dist:
    total: float  # all the running the event holds, km
    longest: float  # its longest single run, km (less than total for doubles)


def _units(units: str) -> str:
    u = units.strip().lower()
    if u in ("km", "k", "kms", "kilometer", "kilometers", "kilometre", "kilometres"):
        return "km"
    if u in ("mi", "mile", "miles"):
        return "mi"
    raise ValueError(f'units must be "km" or "mi", got {units!r}')


def _unit_km(unit: str) -> float:
    if unit.startswith("mi"):
        return _MI
    if unit.startswith("k"):
        return 1.0
    return 0.001  # metres


def _brace_km(m: re.Match[str], units: str) -> float:
    a, a2, b, b2, c, c2 = m.groups()
    if c is not None:  # "{1}-{4}" or "{4:6}-{6:10}": a range of braces, take the upper one
        return float(c2) if c2 is not None else float(c) * (_MI if units == "mi" else 1.0)
    if b is not None:
        return float(b2 or b)
    return float(a2 or a) * (_MI if units == "mi" else 1.0)


def _is_pace(text: str, m: re.Match[str]) -> bool:
    return bool(_PACE_BEFORE.search(text[: m.start()]) or _PACE_AFTER.match(text, m.end()))


def _plains(text: str) -> list[tuple[int, int, float]]:
    """Distances written with units, skipping paces ("at 10k pace", "95% 5k")."""
    out: list[tuple[int, int, float]] = []
    for m in _LADDER.finditer(text):
        steps = [float(n) for n in re.findall(r"\d+", m.group(1))]
        out.append((m.start(), m.end(), sum(steps) * _unit_km(m.group(2))))
    for m in _PLAIN.finditer(text):
        if any(s <= m.start() < e for s, e, _ in out) or _is_pace(text, m):
            continue
        if m.group(4) is not None:
            km = float(m.group(4)) * _unit_km(m.group(5))
        else:
            km = float(m.group(2) or m.group(1)) * _unit_km(m.group(3))
        out.append((m.start(), m.end(), km))
    return sorted(out)


def _echoes(text: str, spans: list[tuple[int, int, float]]) -> set[int]:
    """Indexes of distances that only repeat the one before in brackets: "10 mi (16 km)"."""
    drop = set()
    for i in range(1, len(spans)):
        between = text[spans[i - 1][1] : spans[i][0]]
        if re.fullmatch(r"\s*\(\s*", between) and re.match(r"\s*\)", text[spans[i][1] :]):
            drop.add(i)
    return drop


def _without_details(text: str) -> str:
    """Drop a "with ..." clause: "LT {8:13} with {4:6} at LT pace" is 13 km, not 19."""
    return re.split(r"\b(?:with|w/|w\.)(?:\s|$)", text, maxsplit=1)[0]


def _pieces(text: str, separators: str) -> list[str]:
    """The parts of a run that add up: split, "with ..." dropped, then split at "+"."""
    out: list[str] = []
    for piece in re.split(separators, text):
        out += re.split(r"\+", _without_details(piece))
    return out


def _segment(seg: str, units: str) -> _Dist | None:
    """One part of a workout: its stated distance (braces first, then repeats, units, names)."""
    seg = _without_details(seg)
    reps = []
    for m in _REP.finditer(seg):
        n = float(m.group(2) or m.group(1))
        if m.group(3) is not None:
            inner = m.group(3)
            each = sum(_brace_km(b, units) for b in _BRACE.finditer(inner))
            each += sum(km for _, _, km in _plains(inner))
        elif m.group(4) is not None:
            each = _brace_km(_BRACE.match(m.group(4)), units)  # type: ignore[arg-type]
        elif m.group(5) is not None:
            p = _PLAIN.match(m.group(5))
            each = float(p.group(2) or p.group(1)) * _unit_km(p.group(3)) if p else 0.0
        elif m.group(6) is not None:
            each = float(m.group(6)) / 1000  # "4 x 800": metres
        else:
            each = _MI
        if each:
            reps.append((m.start(), m.end(), n * each))

    def outside(s: int) -> bool:
        return not any(a <= s < b for a, b, _ in reps)

    braces = [(m.start(), m.end(), _brace_km(m, units)) for m in _BRACE.finditer(seg)]
    braces = [b for i, b in enumerate(braces) if outside(b[0]) and i not in _echoes(seg, braces)]
    if braces:
        kms = [km for _, _, km in braces]
        return _Dist(sum(kms), max(kms))
    if reps:
        return _Dist(reps[0][2], reps[0][2])
    plains = _plains(seg)
    plains = [p for i, p in enumerate(plains) if outside(p[0]) and i not in _echoes(seg, plains)]
    if plains:
        return _Dist(plains[0][2], plains[0][2])
    for pattern, km in _NAMED:
        if pattern.search(seg):
            return _Dist(km, km)
    return None


def _add(parts: Iterable[_Dist | None], *, one_run: bool) -> _Dist | None:
    known = [p for p in parts if p is not None]
    if not known:
        return None
    total = sum(p.total for p in known)
    return _Dist(total, total if one_run else max(p.longest for p in known))


def _part(text: str, units: str) -> _Dist | None:
    """One run (or one half of a double)."""
    total = re.search(r"\btotal\b\W{0,4}", text)
    if total:
        found = _segment(text[total.end() :], units)
        if found:
            return _Dist(found.total, found.total)
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and re.search(r"consisting\s+of", lines[0]):
        head = _segment(lines[0], units)
        if head is None:
            bare = _BARE.match(lines[0])
            if bare:
                head = _segment(f"{{{bare.group(2) or bare.group(1)}}}", units)
        if head:
            return head
    end = re.search(r"\(\s*(\{[^{}]{0,40}\}|[^()]{0,40}?)\s*\)\s*$", text)
    if end and len(_BRACE.findall(text)) + len(_plains(text)) >= 3:
        found = _segment(end.group(1), units)
        if found:
            return _Dist(found.total, found.total)
    if _WARMUP.search(text):
        return _add((_segment(s, units) for s in _pieces(text, r"[;\n,]")), one_run=True)
    for line in lines:  # the first line with a distance is the headline; later lines are detail
        found = _add((_segment(s, units) for s in _pieces(line, r";")), one_run=True)
        if found:
            return found
    return None


@functools.lru_cache(maxsize=4096)  # calendars repeat their titles (recurring events, plans)
def _distance(text: str, units: str) -> _Dist | None:
    t, _ = _soften(_fold(text))
    if not t.strip():
        return None
    options = re.split(r"\s+\*?or\*?\s+", t)
    if len(options) > 1:
        found = [d for d in (_distance_one(o, units) for o in options) if d]
        return max(found, key=lambda d: d.total) if found else None
    return _distance_one(t, units)


def _distance_one(t: str, units: str) -> _Dist | None:
    double = _DOUBLE.search(t)
    if double:
        halves = []
        for half in double.groups():
            found = _part(half, units)
            bare = _BARE.match(half)
            if found is None and bare:
                km = float(bare.group(2) or bare.group(1)) * (_MI if units == "mi" else 1.0)
                found = _Dist(km, km)
            halves.append(found)
        joined = _add(halves, one_run=False)
        if joined:
            return joined
    found = _part(t, units)
    if found and re.search(r"^\W*(?:2|two)\s+(?:[a-z-]+\s+)?runs\b", t):
        return _Dist(found.total, found.total / 2)
    return found


def parse_distance_km(text: str, default_units: str = "km") -> float | None:
    """The distance an event's text states, in km.

    '{12:19}' -> 19.0 (take the km side); '{5-7:8-12}' -> upper bound of km (12.0);
    '10 mi' -> 16.09; '8K' -> 8.0; '5 km' -> 5.0; 'half marathon' -> 21.1; 'marathon' -> 42.2;
    '4-6 mile Easy Run {6}' -> braces without colon are in default_units.
    None when no distance is stated.

    Also: "{1}-{4}" -> the upper brace; "400m" -> 0.4; "8 x 800" -> 6.4 (repeats add up);
    "{2} WU; {4}-{6} at MP; {1} CD" -> the parts add up; "... total {9-11:14-18}" and a
    closing "({10})" give the total; "AM {6:10} PM {4:6}" -> both runs (16.0); "with ..."
    clauses and paces ("at 10k pace", "95% 5k") are not distances.

    Args:
        text: A title or description.
        default_units: "km" or "mi": the unit of numbers in braces without a colon.

    Returns:
        Kilometres, rounded to 0.01, or None.

    Raises:
        ValueError: ``default_units`` is neither km nor mi.
    """
    found = _distance(text, _units(default_units))
    # Round before judging: "1m" (a metre) rounds to 0.0 km, which is no distance at all.
    km = round(found.total, 2) if found else 0.0
    return km if km > 0 else None


# --------------------------------------------------------------------------- reading one event


@dataclass(frozen=True)
class _Hit:
    kind: RunKind
    words: str  # what matched, as the folded text has it
    start: int = 0  # where, so the reason can quote the first thing the title says
    steady: bool = False  # a pace percentage read as steady running


@dataclass(frozen=True)
class _Reading:
    kind: RunKind
    reason: str
    without_long: tuple[RunKind, str] = (RunKind.EASY, "")  # if the week's long run is elsewhere
    generic: bool = False  # only "run"/"jog" or a bare distance: the details may say more
    workout: str = ""  # the hard words, for the reason of a promoted long run
    says_long: bool = False  # "long", "LSD", "LR" rather than only "endurance"


def _hits(text: str, keywords: Keywords) -> list[_Hit]:
    out: list[_Hit] = []
    for name in _KINDS:
        kind = _KIND_OF[name]
        for word in getattr(keywords, name):
            for m in _pattern(word, name).finditer(text):
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
def _read_text(text: str, keywords: Keywords, units: str, source: str) -> _Reading | None:
    """Read one title (or description, or categories); None when it says nothing."""
    folded, steady = _soften(_fold(text))
    if not folded.strip():
        return None
    dist = _distance(text, units)
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
        option_km = _distance(option, units)
        verdict = _decide(option, hits, option_km.total if option_km else None)
        if verdict:
            decided.append((verdict, hits))
    if not decided:
        return None
    (kind, hit), hits = max(decided, key=lambda d: _DEMAND[d[0][0]])
    choice = any(d[0][0] is RunKind.OTHER for d in decided)
    if hit is None:
        km = dist.total if dist else 0.0
        reason = f"only a distance ({_label(km, units)}): an easy run"
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
    return _Reading(kind, reason, without, generic, workout, says_long)


def _read_event(event: CalEvent, keywords: Keywords, units: str) -> _Reading:
    title = _read_text(event.summary or "", keywords, units, "title")
    if title is not None and not title.generic:
        return title
    details = [
        _read_text(text, keywords, units, source)
        for source, text in (
            ("category", ", ".join(event.categories)),
            ("description", event.description or ""),
        )
    ]
    details = [d for d in details if d is not None]
    if title is None:
        for d in details:
            if not d.generic:
                return d
        if details:
            return details[0]
        if not (event.summary or "").strip():
            return _Reading(RunKind.OTHER, "not a run: the event has no title")
        return _Reading(RunKind.OTHER, "not a run: nothing in it says running")
    for d in details:
        if d.kind in (RunKind.RACE, RunKind.LONG, RunKind.HARD):
            return d
    return title


# --------------------------------------------------------------------------- the week rules


@dataclass
class _Item:
    index: int
    event: CalEvent
    reading: _Reading
    dist: _Dist | None
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
        if self.dist is not None:
            return _label(self.dist.longest, units)
        return f"{self.event.minutes:.0f} min"


def _label(km: float, units: str) -> str:
    value, unit = (km / _MI, "mi") if units == "mi" else (km, "km")
    shown = f"{value:.0f}" if value >= 10 else f"{value:.1f}".removesuffix(".0")
    return f"{shown} {unit}"


def _one_long_run(week: list[_Item], units: str) -> None:
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


def _longest_is_long(week: list[_Item], units: str) -> None:
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


def classify(
    events: Sequence[CalEvent], keywords: Keywords | None = None, *, units: str = "km"
) -> tuple[Run, ...]:
    """One Run per event, same order as given.

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
    units = _units(units)
    kw = keywords if keywords is not None else Keywords.default()
    items = []
    for index, event in enumerate(events):
        reading = _read_event(event, kw, units)
        dist = _distance(event.summary or "", units) or _distance(event.description or "", units)
        if dist is not None and dist.total <= 0:
            dist = None
        items.append(_Item(index, event, reading, dist, reading.kind, reading.reason))
    weeks: dict[tuple[int, int], list[_Item]] = {}
    for item in items:
        if item.kind.is_run:
            iso = item.event.day.isocalendar()
            weeks.setdefault((iso.year, iso.week), []).append(item)
    for week in weeks.values():
        _one_long_run(week, units)
        _longest_is_long(week, units)
    return tuple(
        Run(
            event=i.event,
            kind=i.kind,
            distance_km=round(i.dist.total, 2) if i.dist and i.kind.is_run else None,
            reason=i.reason,
        )
        for i in items
    )
