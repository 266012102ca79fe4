"""Text as the classifier reads it: folded (case, accents, dashes, numbers), app names dropped,
steady paces blanked.

Only the standard library: the keyword matcher, the distance parser and the event reader all
read text through :func:`fold`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

MAX_TEXT = 4000  # characters of a description worth reading


_FOLD = str.maketrans(
    {
        "×": "x",
        "–": "-",
        "—": "-",
        "‑": "-",
        "−": "-",
        "’": "'",
        "′": "'",
        "″": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\r": "\n",
        "\t": " ",
        # letters NFKD leaves alone: "Straße" reads as "strasse", "cœur" as "coeur"
        "ß": "ss",
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "ł": "l",
        # emoji presentation selectors and skin tones: "✈️" reads as "✈", "🏃🏽‍♀️" as "🏃"
        "\ufe0f": None,
        "\ufe0e": None,
        "\u200d": None,
        "♀": None,
        "♂": None,
        **{chr(c): None for c in range(0x1F3FB, 0x1F400)},
    }
)
# "1,200 m" is 1200 m (thousands); "21,1 km" and "42,195 km" are decimals (nobody runs 42195 km).
# "5.000 m" (German, Spanish, Italian...) is 5000 m. Each keeps the text's length (the separator
# moves after the number), so a place in the folded text is a place in the original.
_THOUSANDS_COMMA = re.compile(
    r"(?<![\d.,])(\d{1,3}),(\d{3})(?![\d,])(?!\s*(?:km|k\b|kms|kilom|mi\b|mil|meil|mijl))"
)
_THOUSANDS_DOT = re.compile(
    r"(?<![\d.])(\d{1,2})\.(\d{3})(?=\s*(?:m|mts?|mtrs?|meters?|metres?|metros?|metri)\b)"
)
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")


def _fold_chars(text: str) -> str:
    if not text.isascii():  # most titles and every word list: nothing to decompose
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().translate(_FOLD)


def _numbers(text: str) -> str:
    if "," not in text and "." not in text:
        return text
    text = _THOUSANDS_COMMA.sub(r"\1\2 ", text)
    text = _THOUSANDS_DOT.sub(r"\1\2 ", text)
    return _DECIMAL_COMMA.sub(".", text)


def fold(text: str) -> str:
    """Lower-case; accents, sub/superscripts and emoji variants folded; one kind of dash, times
    sign and decimal point ("21,1 km" reads as "21.1 km", "1,200 m" as "1200  m")."""
    return _numbers(_fold_chars(text[:MAX_TEXT]))


def quoter(text: str) -> Callable[[int, int], str]:
    """Quotes of ``text``: the original words at ``fold(text)[start:end]``, lower-cased
    ("Côtes" -> "côtes", where the folded text has "cotes")."""
    folded = fold(text)
    offsets: list[int] = []
    for i, c in enumerate(text[:MAX_TEXT]):
        offsets += [i] * len(_fold_chars(c))

    def quote(start: int, end: int) -> str:
        if len(offsets) != len(folded) or not 0 <= start < end <= len(folded):
            return folded[start:end]  # a letter that folds differently alone: quote as read
        return text[offsets[start] : offsets[end - 1] + 1].lower()

    return quote


def fold_keep_case(text: str) -> str:
    """``fold`` without lower-casing, or "" when folding changed the text's length."""
    folded = fold(text)
    if len(folded) != len(text[:MAX_TEXT]):
        return ""
    return "".join(c.upper() if o.isupper() else c for c, o in zip(folded, text, strict=False))


# Apps that put their name before (or after) the workout: "Runna: Easy Run", "[Garmin] Tempo",
# "TrainingPeaks - Long Run", "Tempo (Strava)". Their names are not the runner's words ("Nike
# Run Club: Yoga" is yoga, not a run), so they are dropped before reading.
RUNNING_APPS = (
    "runna",
    "nike run club",
    "nrc",
    "runkeeper",
    "adidas running",
    "runtastic",
    "stryd",
    "coach jeff",
    "vert run",
)
APPS = RUNNING_APPS + (
    "trainingpeaks",
    "training peaks",
    "garmin connect",
    "garmin coach",
    "garmin",
    "strava",
    "coros",
    "polar flow",
    "polar",
    "suunto",
    "final surge",
    "finalsurge",
    "intervals.icu",
    "trainasone",
    "zwift",
    "apple fitness",
    "campus coach",
    "kiprun pacer",
)


@functools.cache
def _app_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An app's name before the title, and after it (compiled when first needed)."""
    names = "|".join(
        re.escape(a).replace(r"\ ", r"\s+") for a in sorted(APPS, key=len, reverse=True)
    )
    before = re.compile(
        rf"^\W*?(?:[\[(]\s*(?P<a>{names})\s*[\])]\s*[:\-|>»]?|(?P<b>{names})\s*(?::|\s-|\||»|>))\s*",
        re.IGNORECASE,
    )
    after = re.compile(
        rf"\s*(?:[\[(]\s*(?:via\s+)?(?P<a>{names})\s*[\])]|\s[-|]\s*(?:via\s+)?(?P<b>{names}))\W*$",
        re.IGNORECASE,
    )
    return before, after


def strip_app(title: str) -> tuple[str, str]:
    """The title without an app's name before or after it, and the app's name (folded, or "")."""
    app = ""
    for rx in _app_patterns():
        m = rx.search(title)
        if m and m.end() - m.start() < len(title.strip()):  # never strip a title to nothing
            app = re.sub(r"\s+", " ", (m.group("a") or m.group("b")).lower())
            title = title[: m.start()] + (" " if m.start() else "") + title[m.end() :]
            title = title.strip()
    return title, app


# "at 75-80% 5k", "at 90-92% MP": steady running, not a workout (see optimizer.classify).
_PERCENT = re.compile(
    r"(?:\bat\s+)?~?(\d{2,3}(?:\s*-\s*\d{2,3}){0,6})\s*%\s*(?:of\s*)?(5\s*k|mp|marathon pace)\b"
    r"(?:\s*(?:effort|pace))?"
)
_STEADY_BELOW = {"5k": 86, "mp": 93, "marathon pace": 93}


def soften(text: str) -> tuple[str, list[tuple[int, str]]]:
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
