"""Finding the words of every language in a folded text: :func:`matcher` and :class:`Hit`.

Seven languages hold about 1,500 words; compiling a regex for each would cost ~100 ms before
the first event is read. Instead:

- **Plain words and phrases** are looked up token by token: the text is cut into runs of
  ``[a-z0-9]`` (the same whole-word boundaries a ``(?<![a-z0-9])word(?![a-z0-9])`` pattern has),
  and a phrase matches when its tokens follow each other with only spaces or hyphens between
  ("cross train" finds "cross-train"), or written as one ("crosstrain").
- **Symbols** (emoji) are found wherever they appear.
- **/regex/ entries** (and words with other punctuation, "run/walk") are joined into one
  alternation per list and language, compiled the first time a text is read.
- **Compound words** (German, Dutch) are split into the language's parts: "Tempodauerlauf"
  = tempo (hard) + dauer (easy) + lauf (run); a compound must end in a
  head ("lauf", "training", "wettkampf"...) and may join its parts with an "s"
  ("Regenerationslauf"). Every part with a kind gives a hit on the whole word. Parts nobody
  listed make no compound: "Projektablauf" is not a run.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from optimizer.classify.keywords import (
    LISTS,
    Keywords,
    Vocabulary,
    is_regex,
    phrase_source,
)
from optimizer.classify.text import fold

_TOKEN = re.compile(r"[a-z0-9]+")
_GAP = re.compile(r"[\s\-]*")
_MIN_PART = 3  # shortest compound part ("rad", "bos")
_MIN_COMPOUND = 6  # shortest word worth splitting


class Hit(NamedTuple):
    """Words of one list found in a text.

    Attributes:
        list: Which list ("race", "hard", "run", "goal"...).
        words: What matched, as the folded text has it (a compound: the whole word).
        start: Where it starts in the folded text.
        end: Where it ends.
        langs: The languages whose words these are ("*": notation read in every language,
            "": the config's own words).
    """

    list: str
    words: str
    start: int
    end: int
    langs: frozenset[str]


@dataclass
class _Compounds:
    """One language's compound parts: which lists each part names, and which parts end a word."""

    lang: str
    parts: dict[str, set[str]]
    heads: set[str]
    longest: int
    cache: dict[str, tuple[str, ...] | None] = field(default_factory=dict)

    def split(self, token: str) -> tuple[str, ...] | None:
        """The parts of a compound ("tempodauerlauf" -> tempo, dauer, lauf), or None."""
        if token not in self.cache:
            found = self._from(token, 0, {})
            self.cache[token] = tuple(found) if found and len(found) > 1 else None
        return self.cache[token]

    def _from(self, token: str, i: int, memo: dict[int, list[str] | None]) -> list[str] | None:
        if i in memo:
            return memo[i]
        memo[i] = None
        n = len(token)
        for size in range(min(self.longest, n - i), _MIN_PART - 1, -1):
            part = token[i : i + size]
            if part not in self.parts:
                continue
            j = i + size
            if j == n:
                if part in self.heads:
                    memo[i] = [part]
                    return memo[i]
                continue
            rest = self._from(token, j, memo)
            if rest is None and token[j] == "s" and j + 1 < n:  # the linking "s"
                rest = self._from(token, j + 1, memo)
            if rest is not None:
                memo[i] = [part, *rest]
                return memo[i]
        return None


def _tokens(word: str) -> tuple[str, ...] | None:
    """A plain word's tokens, or None when it needs a regex (punctuation other than - and space)."""
    folded = fold(word.strip())
    tokens = _TOKEN.findall(folded)
    if not tokens:
        return None
    gaps = _TOKEN.split(folded)
    if any(not _GAP.fullmatch(g) for g in gaps[1:-1]) or gaps[0].strip() or gaps[-1].strip():
        return None
    return tuple(tokens)


class Matcher:
    """Every list of every language, ready to search folded texts (:meth:`hits`)."""

    def __init__(self, keywords: Keywords) -> None:
        self.phrases: dict[str, dict[tuple[str, ...], dict[str, set[str]]]] = {}
        self.symbols: dict[str, dict[str, set[str]]] = {}
        self.sources: dict[tuple[str, str], list[str]] = {}
        self.compounds: list[_Compounds] = []
        self._compiled: list[tuple[str, frozenset[str], re.Pattern[str]]] | None = None
        self.vocabulary: set[str] = set()  # every single token any list names
        for vocabulary in keywords.vocabularies:
            for name in LISTS:
                for word in vocabulary.words(name):
                    self._add(word, name, vocabulary.language)
        for vocabulary in keywords.vocabularies:
            if vocabulary.part("head"):
                self.compounds.append(self._compound(vocabulary))

    def _add(self, word: str, name: str, lang: str) -> None:
        if is_regex(word):
            self.sources.setdefault((name, lang), []).append(word.strip()[1:-1])
            return
        tokens = _tokens(word)
        if tokens is None:
            folded = fold(word.strip())
            if _TOKEN.search(folded):  # "run/walk": a phrase with punctuation
                self.sources.setdefault((name, lang), []).append(phrase_source(word))
            else:  # an emoji
                self.symbols.setdefault(folded, {}).setdefault(name, set()).add(lang)
            return
        forms = [tokens] + ([("".join(tokens),)] if len(tokens) > 1 else [])
        for form in forms:
            entry = self.phrases.setdefault(form[0], {}).setdefault(form, {})
            entry.setdefault(name, set()).add(lang)
        if len(tokens) == 1:
            self.vocabulary.add(tokens[0])

    def _compound(self, vocabulary: Vocabulary) -> _Compounds:
        parts: dict[str, set[str]] = {}
        for key in (*LISTS, "head", "neutral"):
            for stem in vocabulary.part(key):
                parts.setdefault(fold(stem).replace(" ", ""), set())
                if key in LISTS:
                    parts[fold(stem).replace(" ", "")].add(key)
        for name in LISTS:  # the language's own single words are parts too ("fahrtspiel")
            for word in vocabulary.words(name):
                tokens = None if is_regex(word) else _tokens(word)
                if tokens and len(tokens) == 1 and len(tokens[0]) >= 4:
                    parts.setdefault(tokens[0], set()).add(name)
        heads = {fold(h).replace(" ", "") for h in vocabulary.part("head")}
        longest = max((len(p) for p in parts), default=0)
        return _Compounds(vocabulary.language, parts, heads, longest)

    def _regexes(self) -> list[tuple[str, frozenset[str], re.Pattern[str]]]:
        """One alternation per list and language, compiled once, when first needed."""
        if self._compiled is None:
            compiled = []
            for (name, lang), sources in self.sources.items():
                joined = "|".join(f"(?:{s})" for s in sources)
                try:
                    compiled.append((name, frozenset({lang}), re.compile(joined, re.IGNORECASE)))
                except re.error:  # an entry that only works alone (a global flag, a group ref)
                    for s in sources:
                        compiled.append((name, frozenset({lang}), re.compile(s, re.IGNORECASE)))
            self._compiled = compiled
        return self._compiled

    def hits(self, text: str) -> list[Hit]:
        """Every word of every list in ``text`` (already folded)."""
        out = list(self._phrase_hits(text))
        for symbol, lists in self.symbols.items():
            at = text.find(symbol)
            while at >= 0:
                for name, langs in lists.items():
                    out.append(Hit(name, symbol, at, at + len(symbol), frozenset(langs)))
                at = text.find(symbol, at + len(symbol))
        for name, languages, rx in self._regexes():
            for m in rx.finditer(text):
                words = re.sub(r"\s+", " ", m.group(0).strip())
                if words:
                    out.append(Hit(name, words, m.start(), m.end(), languages))
        return out

    def _phrase_hits(self, text: str) -> Iterator[Hit]:
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        joins = [
            bool(_GAP.fullmatch(text, tokens[i][2], tokens[i + 1][1]))
            for i in range(len(tokens) - 1)
        ]
        for i, (token, start, end) in enumerate(tokens):
            for phrase, lists in self.phrases.get(token, {}).items():
                n = len(phrase)
                if n > 1 and not (
                    i + n <= len(tokens)
                    and all(tokens[i + k][0] == phrase[k] for k in range(1, n))
                    and all(joins[i : i + n - 1])
                ):
                    continue
                stop = tokens[i + n - 1][2]
                for name, langs in lists.items():
                    yield Hit(name, text[start:stop], start, stop, frozenset(langs))
            if len(token) < _MIN_COMPOUND:
                continue
            for compound in self.compounds:  # listed whole or not: "voorbereidingswedstrijd"
                parts = compound.split(token)  # is a race (wedstrijd) and a tune-up
                if parts is None:
                    continue
                names = {n for p in parts for n in compound.parts[p]}
                for name in sorted(names):
                    yield Hit(name, token, start, end, frozenset({compound.lang}))


@functools.lru_cache(maxsize=8)
def matcher(keywords: Keywords) -> Matcher:
    """The matcher for these keywords, built once."""
    return Matcher(keywords)
