"""The words that mark each kind of event: the :class:`Keywords` type, its data file and patterns.

The default words live in ``data/keywords.toml`` beside this module, one list per kind; a config
file's ``[keywords]`` table replaces or extends them (:meth:`Keywords.merged`). Each word becomes
a whole-word, case- and accent-insensitive pattern (:func:`pattern`), or a regex when written as
``/.../``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from optimizer.classify.text import fold

KINDS = ("long", "hard", "easy", "race", "other")
# The default words: one file, one list per kind.
DATA_FILE = Path(__file__).resolve().parent / "data" / "keywords.toml"


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
                pattern(word, f.name)  # raises ValueError on a bad entry

    @classmethod
    def default(cls) -> Keywords:
        """The default words, from ``optimizer/classify/data/keywords.toml``."""
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
        lists = {kind: list(getattr(self, kind)) for kind in KINDS}
        extras: dict[str, list[str]] = {}
        for key, value in overrides.items():
            kind = key.removeprefix("extra_") if isinstance(key, str) else ""
            if kind not in KINDS:
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
    """The defaults, read once (every classify() without keywords uses them)."""
    return load_keywords(DATA_FILE)


def load_keywords(path: Path) -> Keywords:
    """The words of a keywords file: a TOML table with a list per kind (missing kinds: none)."""
    import tomllib  # only when a keywords file is first read

    with open(path, "rb") as f:
        data = tomllib.load(f)
    return Keywords(**{kind: tuple(data.get(kind, ())) for kind in KINDS})


@functools.lru_cache(maxsize=4096)
def pattern(word: str, kind: str = "") -> re.Pattern[str]:
    """Compile one keyword: /regex/ as written, else a whole-word phrase (space ~ hyphen)."""
    raw = word.strip()
    if len(raw) > 2 and raw.startswith("/") and raw.endswith("/"):
        source = raw[1:-1]
    else:
        parts = re.split(r"[\s\-]+", fold(raw))
        source = r"[\s\-]*".join(re.escape(p) for p in parts if p)
        source = rf"(?<![a-z0-9]){source}(?![a-z0-9])"
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as exc:
        where = f"keywords.{kind}" if kind else "keywords"
        raise ValueError(f"{where}: bad pattern {word!r}: {exc}") from None
