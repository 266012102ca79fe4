"""The words that mark each kind of event, language by language: :class:`Vocabulary` (one
language's words, from ``data/<code>.toml``) and :class:`Keywords` (all of them, as read).

A word is matched whole, case- and accent-insensitively; a space or hyphen in it also matches a
space, a hyphen or nothing in the text ("cross train" finds "Cross-Train" and "crosstrain"); a
word wrapped in ``/.../`` is a regular expression on the folded text. A symbol (an emoji) is
matched wherever it appears. German and Dutch also read compound words from their parts
("Tempodauerlauf" = tempo + dauer + lauf): see :mod:`optimizer.classify.matcher`.

The lists, in every language:

- ``race``, ``long``, ``hard``, ``easy``, ``other``: the five kinds.
- ``run``: words that only say "a run" ("run", "Lauf", "rodaje"...): an easy run, but the
  event's details may say more, and another sport's word does not win against them.
- ``strides``: strides and drills with their repeats ("Allunghi 6 x 80 m"): an easy run's
  words, and the repeats inside them are no workout.
- ``pause``: not-a-run words that also appear inside runs ("rest", "walk", "Pause"): they only
  beat easy words.
- ``weak_long``: long words a plan may use twice a week (Pfitzinger's "Endurance"): only the
  week's longest is its long run.
- ``goal``, ``tune_up``: how much a race matters, when the event says it.
- ``away``: the runner is away (trips, vacation, out of office): read by :func:`says_away`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LISTS = (
    "race",
    "long",
    "weak_long",
    "hard",
    "easy",
    "run",
    "strides",
    "other",
    "pause",
    "goal",
    "tune_up",
    "away",
)
KINDS = ("long", "hard", "easy", "race", "other")
# A config list named after a kind stands for the kind's finer lists too: `easy = [...]`
# replaces the easy words and the words that only say "run".
FAMILY = {
    "long": ("long", "weak_long"),
    "easy": ("easy", "run", "strides"),
    "other": ("other", "pause"),
}
# Compound parts: the lists above, plus heads (what a compound may end in) and neutral parts.
PART_KEYS = (*LISTS, "head", "neutral")
# The languages legday reads, in the order that breaks ties (a word two languages share).
LANGUAGES = ("en", "es", "de", "fr", "it", "pt", "nl")
ANY = "*"  # notation and emoji, read in every language (data/common.toml)
CONFIG = ""  # words a config adds without naming a language
DATA = Path(__file__).resolve().parent / "data"

Words = tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """One language's words, a list per kind (see the module docstring).

    Attributes:
        language: ISO 639-1 code ("en", "es"...), ``"*"`` for notation read in every language,
            ``""`` for a config's own words.
        name: The language's name, as its speakers write it.
        parts: Compound-word parts by list (and ``head``, ``neutral``), for languages that
            write compounds (German, Dutch).
    """

    language: str
    name: str = ""
    race: Words = ()
    long: Words = ()
    weak_long: Words = ()
    hard: Words = ()
    easy: Words = ()
    run: Words = ()
    strides: Words = ()
    other: Words = ()
    pause: Words = ()
    goal: Words = ()
    tune_up: Words = ()
    away: Words = ()
    parts: tuple[tuple[str, Words], ...] = ()

    def __post_init__(self) -> None:
        where = f"keywords.{self.language}." if self.language not in (ANY, CONFIG) else "keywords."
        for name in LISTS:
            object.__setattr__(self, name, _as_words(where + name, getattr(self, name)))
        for key, words in self.parts:
            if key not in PART_KEYS:
                raise ValueError(f"{where}parts: unknown part kind {key!r}")
            _as_words(f"{where}parts.{key}", words)

    def words(self, name: str) -> Words:
        """The words of one list (``"hard"``, ``"run"``...)."""
        return tuple(getattr(self, name))

    def part(self, key: str) -> Words:
        """The compound parts of one kind (``"hard"``, ``"head"``...)."""
        return next((words for k, words in self.parts if k == key), ())

    def without(self, names: Iterable[str]) -> Vocabulary:
        """The same words with these lists (and their compound parts) emptied."""
        names = set(names)
        parts = tuple((k, w) for k, w in self.parts if k not in names)
        empty: dict[str, Any] = dict.fromkeys(names, ())
        return dataclasses.replace(self, parts=parts, **empty)

    def adding(self, name: str, words: Sequence[str]) -> Vocabulary:
        """The same words with ``words`` added to one list (duplicates skipped)."""
        have = self.words(name)
        more: dict[str, Any] = {name: have + tuple(w for w in words if w not in have)}
        return dataclasses.replace(self, **more)


@dataclass(frozen=True)
class Keywords:
    """Every language's words, as the classifier reads them.

    Attributes:
        vocabularies: One per language, in the order that breaks ties; the notation read in
            every language first, a config's own words last.
    """

    vocabularies: tuple[Vocabulary, ...]

    def __post_init__(self) -> None:
        codes = [v.language for v in self.vocabularies]
        if len(set(codes)) != len(codes):
            raise ValueError(f"keywords: a language appears twice in {codes}")
        object.__setattr__(self, "_hash", hash(self.vocabularies))

    def __hash__(self) -> int:  # computed once: every cached reading hashes its keywords
        return int(self.__dict__["_hash"])

    # The words of each kind, in every language (what `legday.toml` replaces or extends).
    @property
    def long(self) -> Words:
        return self.words("long", "weak_long")

    @property
    def hard(self) -> Words:
        return self.words("hard")

    @property
    def easy(self) -> Words:
        return self.words("easy", "run", "strides")

    @property
    def race(self) -> Words:
        return self.words("race")

    @property
    def other(self) -> Words:
        return self.words("other", "pause")

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages read (ISO codes), in tie-breaking order."""
        return tuple(v.language for v in self.vocabularies if v.language not in (ANY, CONFIG))

    def words(self, *names: str) -> Words:
        """The words of these lists in every language, each once, in order."""
        out: dict[str, None] = {}
        for vocabulary in self.vocabularies:
            for name in names:
                out.update(dict.fromkeys(vocabulary.words(name)))
        return tuple(out)

    def vocabulary(self, language: str) -> Vocabulary | None:
        """One language's words, or None when it is not read."""
        return next((v for v in self.vocabularies if v.language == language), None)

    @classmethod
    def default(cls) -> Keywords:
        """The default words: ``data/common.toml`` and one ``data/<code>.toml`` per language."""
        return _default_keywords()

    def merged(self, overrides: Mapping[str, Any]) -> Keywords:
        """Config file override: the ``[keywords]`` table of ``legday.toml``.

        - ``hard = [...]`` REPLACES the hard words of every language (``long``, ``easy`` and
          ``other`` also replace their finer lists: ``weak_long``; ``run``; ``pause``).
        - ``extra_hard = [...]`` ADDS words to them.
        - ``[keywords.de]`` holds the same keys for one language: ``hard = [...]`` replaces
          the German hard words (and German compound parts of that kind), ``extra_hard``
          adds German words.
        - ``languages = ["en", "es"]`` reads only these languages (notation and emoji are
          read in any case).

        Keys: every list of the module docstring (race, long, weak_long, hard, easy, run,
        strides, other, pause, goal, tune_up, away), with or without ``extra_``. Words are
        plain words or phrases, or /regex/.

        Args:
            overrides: The ``[keywords]`` table, e.g.
                ``{"long": ["sunday run"], "extra_hard": ["/\\bk\\d+\\b/"], "de": {...}}``.

        Returns:
            New keywords; ``self`` is unchanged.

        Raises:
            ValueError: An unknown key or language, a value that is not a list of words, or
                a bad /regex/, named.
        """
        vocabularies = {v.language: v for v in self.vocabularies}
        config = vocabularies.pop(CONFIG, Vocabulary(CONFIG, "legday.toml"))
        tables: dict[str, Mapping[str, Any]] = {}
        keep: list[str] | None = None
        for key, value in overrides.items():
            if key == "languages":
                keep = _languages(value, vocabularies)
            elif isinstance(key, str) and key in vocabularies and key != ANY:
                if not isinstance(value, Mapping):
                    raise ValueError(f"keywords.{key} must be a table of word lists")
                tables[key] = value
            else:
                _list_name(key, "keywords")
        top = {k: v for k, v in overrides.items() if k != "languages" and k not in tables}
        replaced, extras = _parse(top, "keywords")
        for name, words in replaced.items():
            family = FAMILY.get(name, (name,))
            vocabularies = {c: v.without(family) for c, v in vocabularies.items()}
            config = config.without(family).adding(name, words)
        for name, words in extras.items():
            config = config.adding(name, words)
        for code, table in tables.items():
            replaced, extras = _parse(table, f"keywords.{code}")
            vocabulary = vocabularies[code]
            for name, words in replaced.items():
                vocabulary = vocabulary.without(FAMILY.get(name, (name,))).adding(name, words)
            for name, words in extras.items():
                vocabulary = vocabulary.adding(name, words)
            vocabularies[code] = vocabulary
        if keep is not None:
            vocabularies = {c: v for c, v in vocabularies.items() if c == ANY or c in keep}
        if any(config.words(n) for n in LISTS):
            vocabularies[CONFIG] = config
        return Keywords(tuple(vocabularies.values()))


def _list_name(key: object, where: str) -> str:
    name = key.removeprefix("extra_") if isinstance(key, str) else ""
    if name not in LISTS:
        raise ValueError(
            f"unknown {where} key {key!r}: use long, hard, easy, race or other (a list replaces "
            f"the defaults) or extra_<kind> (a list adds to them); also run, strides, pause, "
            f"weak_long, goal, tune_up, away, languages, or a language table "
            f"({', '.join(LANGUAGES)})"
        )
    return name


def _parse(table: Mapping[str, Any], where: str) -> tuple[dict[str, Words], dict[str, Words]]:
    """A table's lists: (replaced, added), each by list name, every /regex/ checked."""
    replaced: dict[str, Words] = {}
    extras: dict[str, Words] = {}
    for key, value in table.items():
        name = _list_name(key, where)
        words = _as_words(f"{where}.{key}", value)
        for word in words:
            pattern(word, f"{where}.{name}")  # raises ValueError on a bad /regex/
        (replaced if key == name else extras)[name] = words
    return replaced, extras


def _languages(value: object, vocabularies: Mapping[str, Vocabulary]) -> list[str]:
    codes = list(_as_words("keywords.languages", value))
    known = [c for c in vocabularies if c not in (ANY, CONFIG)]
    for code in codes:
        if code not in known:
            raise ValueError(f"keywords.languages: unknown language {code!r} (known: {known})")
    return codes


def _as_words(key: str, value: object) -> Words:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValueError(f"{key} must be a list of words, got {value!r}")
    words = tuple(value)
    for word in words:
        if not isinstance(word, str) or not word.strip():
            raise ValueError(f"{key}: every entry must be a non-empty word, got {word!r}")
    return words


@functools.cache
def _default_keywords() -> Keywords:
    """The defaults, read once (every classify() without keywords uses them)."""
    files = {p.stem: p for p in DATA.glob("*.toml")}
    order = ["common", *LANGUAGES, *sorted(set(files) - {"common", *LANGUAGES})]
    return Keywords(tuple(load_vocabulary(files[name]) for name in order if name in files))


def load_vocabulary(path: Path) -> Vocabulary:
    """One language's words: a TOML file with ``language``, ``name``, a list per kind and an
    optional ``[parts]`` table of compound parts."""
    import tomllib  # only when a keywords file is first read

    with open(path, "rb") as f:
        data = tomllib.load(f)
    unknown = set(data) - {"language", "name", "parts", *LISTS}
    if unknown:
        raise ValueError(f"{path.name}: unknown keys {sorted(unknown)}")
    parts = tuple((key, tuple(words)) for key, words in data.get("parts", {}).items())
    lists = {name: tuple(data.get(name, ())) for name in LISTS}
    return Vocabulary(data.get("language", path.stem), data.get("name", ""), parts=parts, **lists)


def is_regex(word: str) -> bool:
    """Is the entry a /regex/?"""
    raw = word.strip()
    return len(raw) > 2 and raw.startswith("/") and raw.endswith("/")


def phrase_source(word: str) -> str:
    """The regex source of one entry: /regex/ as written, else a whole-word phrase."""
    from optimizer.classify.text import fold

    raw = word.strip()
    if is_regex(raw):
        return raw[1:-1]
    parts = re.split(r"[\s\-]+", fold(raw))
    source = r"[\s\-]*".join(re.escape(p) for p in parts if p)
    return rf"(?<![a-z0-9]){source}(?![a-z0-9])"


@functools.lru_cache(maxsize=4096)
def pattern(word: str, where: str = "keywords") -> re.Pattern[str]:
    """Compile one entry on its own (to check a config's /regex/)."""
    try:
        return re.compile(phrase_source(word), re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"{where}: bad pattern {word!r}: {exc}") from None
