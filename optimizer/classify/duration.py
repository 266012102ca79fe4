"""How long an event's text says the run is: :func:`parse_duration_min`, in any language.

For runs exported as all-day events (TrainingPeaks, Runna, plan generators), whose calendar
times say nothing: "Rodaje 45'", "Sortie longue 1h30", "Langer Lauf 2:30 h", "Lungo 1h 45'",
"Long run 2 hours", "90 Minuten", "1,5 h", "Umbral 3 x 10'" (repeats count whole: 30 min).
Recoveries between repeats ("rec 1'", "Pause 2 min", "R = 3'") and paces ("4:30/km", "5'30")
are not the run's length, nor a time of day ("18:00").
"""

from __future__ import annotations

import functools
import re

from optimizer.classify.text import fold

# minutes in every language (not a bare "m": "5 x 1000 m" is metres)
_MIN = r"(?:'(?!')|min\b|mins\b|minutes?\b|minutos?\b|minuti\b|minuten\b|minuut\b|mn\b)"
_HOUR = r"(?:h\b|hrs?\b|hours?\b|horas?\b|ore\b|ora\b|stunden?\b|std\b|uur\b|heures?\b)"
_NUM = r"\d+(?:\.\d+)?"
# recoveries between repeats, in every language: their minutes are no run's length
_RECOVERY = re.compile(
    r"(?:\brec\b|\brecs?\.|recup\w*|recovery|pause|pausa|descanso|rust|trabpause|gehpause"
    r"|\br\s*=|\bjog\b|\btrote\b|\btrab\b)\s*:?\s*$"
)
_PATTERNS = (
    # 1:15:00
    (re.compile(r"(?<![\d:])(\d{1,2}):(\d{2}):(\d{2})(?![\d:])"), "hms"),
    # 1h30, 1 h 30 min, 1h30', 1h 45
    (re.compile(rf"(?<![\d.:])(\d{{1,2}})\s*h\s*(\d{{1,2}})\s*(?:{_MIN})?(?![\d:/])"), "hm"),
    # 1:30 h, 2:30 Std
    (re.compile(rf"(?<![\d:])(\d{{1,2}}):(\d{{2}})\s*{_HOUR}"), "hm"),
    # 2 hours, 1.5 h, 2 Stunden
    (re.compile(rf"(?<![\d.:])({_NUM})\s*{_HOUR}"), "h"),
    # 45', 45 min, 90 Minuten (not a pace: 5'30, 4:30/km)
    (re.compile(rf"(?<![\d.:'])({_NUM})\s*{_MIN}(?!\s*\d)(?!\s*/\s*(?:km|mi))"), "m"),
)
# repeats: "3 x 10'", "4 x 8 min", "2 x 20 min"
_REPEATS = re.compile(rf"(?<![\d.])(\d{{1,2}})\s*x\s*\(?\s*({_NUM})\s*{_MIN}")


@functools.lru_cache(maxsize=4096)
def parse_duration_min(text: str) -> float | None:
    """The longest duration a text states, in minutes, or None.

    A repeat counts whole ("3 x 10'" is 30 minutes); recoveries, paces and times of day are not
    durations. The longest is taken, not the sum: "15' warm-up, 3 x 10', 10' cool-down" says at
    least 30 minutes (a caller may add a distance at an easy pace).

    Args:
        text: A title or a description, in any language.

    Returns:
        Minutes (> 0), or None when the text states no duration.
    """
    t = fold(text)
    found: list[float] = []
    taken: list[tuple[int, int]] = []
    for m in _REPEATS.finditer(t):
        found.append(float(m.group(1)) * float(m.group(2)))
        taken.append(m.span())
    for rx, kind in _PATTERNS:
        for m in rx.finditer(t):
            if any(a <= m.start() < b for a, b in taken) or _RECOVERY.search(t[: m.start()]):
                continue
            taken.append(m.span())
            found.append(_minutes(m, kind))
    best = max(found, default=0.0)
    return best if best > 0 else None


def _minutes(m: re.Match[str], kind: str) -> float:
    if kind == "hms":
        return int(m.group(1)) * 60 + int(m.group(2)) + int(m.group(3)) / 60
    if kind == "hm":
        return int(m.group(1)) * 60 + int(m.group(2))
    if kind == "h":
        return float(m.group(1)) * 60
    return float(m.group(1))
