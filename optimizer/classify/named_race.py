"""Races a runner writes by their name: "NYC Half", "Spring 10K", "Bay to Breakers 12K".

A runner's own calendar names a race the way the race calls itself, and a race's name is no
keyword: "Spring 10K" says only a distance (an easy run, by the word lists), "NYC Half" says
nothing the lists know, and "Resolution Run 5K" only says "run". Read as easy runs or free
time, their days get strength two days before the start line. An event is a race by its name
when all of these hold (the words are in ``data/races/names.toml``, per language):

- **its words say no more than "a run"**: nothing at all, "run"/"Lauf"/"corrida", or only a
  distance. A workout, a long run or another sport keeps its kind ("Tempo 10K", "Easy 5K");
- **it happens once in a plan of runs**: no other event of the calendar has its title (a
  weekly "Club 5K" is training), and the calendar is mostly runs (elsewhere a "Budget 10K" or a
  "Semi-annual review" names no race);
- **it says a race**: a race distance (5K, 10K, 10 mi, 21.1 km, 50K... within 3%), or a race
  format in one of legday's languages ("half", "relay", "ultra", "cross country", "media",
  "Staffel", "semi", "mezza", "meia", a Dutch "...loop", "Corrida de ...");
- **it has a name**: a capitalised word that no list explains, that is neither a weekday nor a
  month, nor a plan's "Week 3", "Day 2" (a word followed by a bare number), nor one of the
  plain words a plan writes ("Club", "Morning", "Lauf", "Treino"...).

So "Spring 10K", "Bay to Breakers 12K", "Broad Street Run (10 mi)", "NYC Half", "Ragnar Relay",
"Zevenheuvelenloop 15 km" and "Corrida de São Silvestre" are races; "5K", "Run 10k", "Week 3:
Run 5K" and "Lauf mit Freunden 8 km" are not. The goal race is then chosen as for any race.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from optimizer.classify.text import fold, strip_app

DATA = Path(__file__).resolve().parent / "data" / "races" / "names.toml"
_WORD = re.compile(r"(?<![\w'.&-])[^\W\d_][\w'.&-]*")
_BARE_NUMBER = re.compile(
    r"\s*[#:.-]?\s*\d+(?![\d.,]*\s*(?:k|km|kms|mi|miles?|miler|m)\b)", re.IGNORECASE
)
TOLERANCE = 0.03


@dataclass(frozen=True)
class RaceNames:
    """The words that make a one-off event a race by its name (see the module docstring)."""

    distances_km: tuple[float, ...]
    format: re.Pattern[str]
    not_name: frozenset[str]
    never: re.Pattern[str]

    def says_race(self, folded: str, km: float | None) -> str:
        """What in the (folded) title says a race: a race distance or format ("" if nothing)."""
        if km is not None and any(abs(km - d) <= TOLERANCE * d for d in self.distances_km):
            return "a race distance"
        m = self.format.search(folded)
        return f'"{m.group(0).strip()}"' if m else ""

    def name(self, title: str, known: set[str]) -> str:
        """The first capitalised word of the title that names something, a race format's own
        word ("Ultra", "Zevenheuvelenloop") only when nothing else does ("" when none does)."""
        names = []
        for m in _WORD.finditer(title):
            word = m.group(0).strip("'.&-")
            if not word or not word[0].isupper():
                continue
            key = fold(word)
            if key in self.not_name or key in known or _BARE_NUMBER.match(title, m.end()):
                continue
            names.append(word)
        plain = [w for w in names if not self.format.fullmatch(fold(w))]
        return (plain or names or [""])[0]


@functools.cache
def race_names() -> RaceNames:
    """The words of ``data/races/names.toml``, every language's together (read once)."""
    import tomllib

    from optimizer.classify.keywords import phrase_source

    with open(DATA, "rb") as f:
        data = tomllib.load(f)
    formats: list[str] = []
    never: list[str] = []
    not_name: set[str] = set()
    for table in data.values():
        if isinstance(table, dict):
            formats.extend(phrase_source(w) for w in table.get("format", ()))
            never.extend(phrase_source(w) for w in table.get("never", ()))
            not_name.update(fold(w) for w in table.get("not_name", ()))
    return RaceNames(
        tuple(float(d) for d in data["distances_km"]),
        re.compile("|".join(f"(?:{s})(?!-[^\\W\\d_])" for s in formats)),
        frozenset(not_name),
        re.compile("|".join(f"(?:{s})" for s in never)),
    )


def named_race(title: str, words: Sequence[str], km: float | None, once: bool, plan: bool) -> str:
    """Why an event whose words say no more than "a run" is a race by its name ("" if it is not).

    Args:
        title: the event's title, as written.
        words: the words the word lists recognised in it (lower-case).
        km: the distance it gives, if any.
        once: no other event of the calendar has this title.
        plan: the calendar is a plan of runs (:func:`.unknown.is_plan_of_runs`): elsewhere a
            "Budget 10K" or a "Semi-annual review" names no race.
    """
    if not (once and plan):
        return ""
    names = race_names()
    plain, _ = strip_app(title)
    folded = fold(plain)
    if names.never.search(folded):
        return ""
    what = names.says_race(folded, km)
    if not what:
        return ""
    known = {fold(part) for w in words for part in _WORD.findall(w)}
    name = names.name(plain, known)
    if not name:
        return ""
    return f'a race by its name: "{name}", once in the calendar, with {what}'
