"""Text as the classifier reads it: folded (case, accents, dashes) and with steady paces blanked.

Only the standard library: the keyword patterns, the distance parser and the event reader all
read text through :func:`fold`.
"""

from __future__ import annotations

import re
import unicodedata

MAX_TEXT = 4000  # characters of a description worth reading


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


def fold(text: str) -> str:
    """Lower-case, accents and sub/superscripts folded, one kind of dash and times sign."""
    text = unicodedata.normalize("NFKD", text[:MAX_TEXT])
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().translate(_FOLD)
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,200 m -> 1200 m


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
