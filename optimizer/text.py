"""Small helpers for the words legday prints: lists and days, the way a runner reads them."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence


def join(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def short_days(dates: Iterable[dt.date], *, dated: bool = False) -> str:
    """Weekday names when the days share a week (and ``dated`` is off), else dated days."""
    unique = sorted(set(dates))
    if not dated and len({d.isocalendar()[:2] for d in unique}) <= 1:
        return ", ".join(f"{d:%a}" for d in unique)
    return ", ".join(f"{d:%a %d %b}" for d in unique)


def days_text(dates: Iterable[dt.date], scope: set[dt.date]) -> str:
    """The days of a clash: only those in its own weeks (``scope``) when it has weeks.

    A long run on the Sunday before also takes this Monday, but the runner wants to hear
    about this week. Without a week, dates say which.
    """
    days = list(dates)
    shown = [d for d in days if not scope or d in scope]
    return short_days(shown or days, dated=not scope)


def fold(text: str) -> str:
    """Lower case without accents, for matching words a runner typed ("València" = "valencia")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()
