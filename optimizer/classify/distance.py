"""How far an event's text says the run is: :func:`parse_distance_km` and its helpers.

Distances use the plans' notation ``{mi:km}`` (the km side), ``{N}`` (in the calendar's units),
ranges (upper bound), "10 mi", "8K", "400m", named races, sums of warm-up/main/cool-down parts,
"total ..." and AM/PM doubles; paces ("at 10k pace", "95% 5k") and "with ..." clauses are not
distances.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from optimizer.classify.text import fold, soften

MI = 1.609344

_NUM = r"\d+(?:\.\d+)?"
# km, miles and metres as every language writes them ("Km", "kilómetros", "Meilen", "millas",
# "miglia", "milhas", "mijl", "metros", "Meter"); the text is folded (lower-case, no accents).
_UNIT = (
    r"(?:km|kms|kilomet(?:er|re|ro|ri)s?n?|quilometros?|k|mi|miles?|millas?|milles?|miglia|miglio"
    r"|milhas?|meilen?|mijlen|mijl|m|mts?|mtrs?|met(?:er|re|ro|ri)s?n?)"
)
_TO = r"(?:-|to|a|bis|tot|au|al|y|e|et|und|en)"  # "8 to 10 km", "8 a 10 km", "8 bis 10 km"
_BRACE = re.compile(
    rf"\{{\s*({_NUM})(?:\s*-\s*({_NUM}))?\s*(?::\s*({_NUM})(?:\s*-\s*({_NUM}))?)?\s*\}}"
    rf"(?:\s*-\s*\{{\s*({_NUM})(?:\s*:\s*({_NUM}))?\s*\}})?"
)
_PLAIN = re.compile(
    rf"(?<![\w.\-])({_NUM})(?:\s*{_TO}\s*({_NUM}))?\s*-?\s*({_UNIT})(?![a-z])"
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
# Named races, in every language, but not their paces ("marathon pace", "ritmo maratón",
# "allure semi"; "Marathontempo" is one word and never matches).
_NOT_A_PACE_BEFORE = (
    r"(?<!ritmo )(?<!ritmo de )(?<!ritmo di )(?<!allure )(?<!passo )(?<!rythme )(?<!tempo )"
)
_NOT_A_PACE_AFTER = (  # nor a race's errands ("marathon registration", "bib pickup")
    r"(?![\s-]*(?:race[\s-]*)?(?:pace|effort|simulation|tempo|ritmo|registration|entry|bib|expo"
    r"|packet|pick-?up|kit|number|results|report|deadline|photos?|party|movie|fundraiser"
    r"|volunteer))"
)
_HALF = (
    r"half[\s-]*marathon|halbmarathon|medi[ao][\s-]*maraton|semi[\s-]*marathon"
    r"|mezza[\s-]*maratona|meia[\s-]*maratona|halve[\s-]*marathon"
)
_NAMED = (
    (re.compile(rf"{_NOT_A_PACE_BEFORE}\b(?:{_HALF})\b{_NOT_A_PACE_AFTER}"), 21.1),
    (
        re.compile(
            rf"{_NOT_A_PACE_BEFORE}(?<!half )(?<!half-)(?<!semi-)(?<!semi )(?<!media )(?<!medio )"
            rf"(?<!mezza )(?<!meia )(?<!meia-)(?<!halve )"
            rf"\b(?:marathon|maraton|maratona)\b{_NOT_A_PACE_AFTER}"
        ),
        42.2,
    ),
    (re.compile(r"\bparkrun\b"), 5.0),
)
_WARMUP = re.compile(r"\b(?:wu|cd|warm[\s-]?(?:up|down)|cool[\s-]?(?:down|-down))\b")
_DOUBLE = re.compile(r"\bam\b(.*?)\bpm\b(.*)", re.S)
_BARE = re.compile(rf"^[\s:]*({_NUM})(?:\s*-\s*({_NUM}))?(?![\d.]*\s*(?:x|%|min|sec|h\b|:\d))")


@dataclass(frozen=True)
class Dist:
    """A distance an event states."""

    total: float  # all the running the event holds, km
    longest: float  # its longest single run, km (less than total for doubles)


def normal_units(units: str) -> str:
    """``"km"`` or ``"mi"`` from any common spelling; ValueError for anything else."""
    u = units.strip().lower()
    if u in ("km", "k", "kms", "kilometer", "kilometers", "kilometre", "kilometres"):
        return "km"
    if u in ("mi", "mile", "miles"):
        return "mi"
    raise ValueError(f'units must be "km" or "mi", got {units!r}')


def _unit_km(unit: str) -> float:
    if unit.startswith(("mi", "meil", "mijl")):
        return MI
    if unit.startswith(("k", "qu")):
        return 1.0
    return 0.001  # metres


def _brace_km(m: re.Match[str], units: str) -> float:
    a, a2, b, b2, c, c2 = m.groups()
    if c is not None:  # "{1}-{4}" or "{4:6}-{6:10}": a range of braces, take the upper one
        return float(c2) if c2 is not None else float(c) * (MI if units == "mi" else 1.0)
    if b is not None:
        return float(b2 or b)
    return float(a2 or a) * (MI if units == "mi" else 1.0)


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


def _segment(seg: str, units: str) -> Dist | None:
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
            each = MI
        if each:
            reps.append((m.start(), m.end(), n * each))

    def outside(s: int) -> bool:
        return not any(a <= s < b for a, b, _ in reps)

    braces = [(m.start(), m.end(), _brace_km(m, units)) for m in _BRACE.finditer(seg)]
    braces = [b for i, b in enumerate(braces) if outside(b[0]) and i not in _echoes(seg, braces)]
    if braces:
        kms = [km for _, _, km in braces]
        return Dist(sum(kms), max(kms))
    if reps:
        return Dist(reps[0][2], reps[0][2])
    plains = _plains(seg)
    plains = [p for i, p in enumerate(plains) if outside(p[0]) and i not in _echoes(seg, plains)]
    if plains:
        return Dist(plains[0][2], plains[0][2])
    for pattern, km in _NAMED:
        if pattern.search(seg):
            return Dist(km, km)
    return None


def _add(parts: Iterable[Dist | None], *, one_run: bool) -> Dist | None:
    known = [p for p in parts if p is not None]
    if not known:
        return None
    total = sum(p.total for p in known)
    return Dist(total, total if one_run else max(p.longest for p in known))


def _part(text: str, units: str) -> Dist | None:
    """One run (or one half of a double)."""
    total = re.search(r"\btotal\b\W{0,4}", text)
    if total:
        found = _segment(text[total.end() :], units)
        if found:
            return Dist(found.total, found.total)
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
            return Dist(found.total, found.total)
    if _WARMUP.search(text):
        return _add((_segment(s, units) for s in _pieces(text, r"[;\n,]")), one_run=True)
    for line in lines:  # the first line with a distance is the headline; later lines are detail
        found = _add((_segment(s, units) for s in _pieces(line, r";")), one_run=True)
        if found:
            return found
    return None


@functools.lru_cache(maxsize=4096)  # calendars repeat their titles (recurring events, plans)
def distance(text: str, units: str) -> Dist | None:
    """The distance ``text`` states (of a choice, the longest option), or None."""
    t, _ = soften(fold(text))
    if not t.strip():
        return None
    options = re.split(r"\s+\*?or\*?\s+", t)
    if len(options) > 1:
        found = [d for d in (_distance_one(o, units) for o in options) if d]
        best = max(found, key=lambda d: d.total) if found else None
    else:
        best = _distance_one(t, units)
    # Under 10 m is no distance ("1m" is a metre, or a minute): it rounds to 0.0 km.
    return best if best is not None and best.total >= 0.005 else None


def _distance_one(t: str, units: str) -> Dist | None:
    double = _DOUBLE.search(t)
    if double:
        halves = []
        for half in double.groups():
            found = _part(half, units)
            bare = _BARE.match(half)
            if found is None and bare:
                km = float(bare.group(2) or bare.group(1)) * (MI if units == "mi" else 1.0)
                found = Dist(km, km)
            halves.append(found)
        joined = _add(halves, one_run=False)
        if joined:
            return joined
    found = _part(t, units)
    if found and re.search(r"^\W*(?:2|two)\s+(?:[a-z-]+\s+)?runs\b", t):
        return Dist(found.total, found.total / 2)
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
    found = distance(text, normal_units(default_units))
    # Round before judging: "1m" (a metre) rounds to 0.0 km, which is no distance at all.
    km = round(found.total, 2) if found else 0.0
    return km if km > 0 else None


def km_label(km: float, units: str) -> str:
    """A distance as a reason quotes it, in the calendar's units ("19 km", "12 mi", "5.5 km")."""
    value, unit = (km / MI, "mi") if units == "mi" else (km, "km")
    shown = f"{value:.0f}" if value >= 10 else f"{value:.1f}".removesuffix(".0")
    return f"{shown} {unit}"
