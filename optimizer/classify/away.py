"""Is the runner away? :func:`says_away` reads an event's title and categories for trips,
vacation and absence, in every language legday reads ("Business trip", "out of office",
"Urlaub", "Dienstreise", "vacaciones", "congés", "ferie", "férias", "vakantie", ✈...).

A public holiday is not a trip: "Bank holiday", "Feiertag", "festivo", "jour férié" say
nothing here (their calendars mark them free: TRANSP:TRANSPARENT). Whether an away event
blocks days is the pipeline's call, with the event's busy status.
"""

from __future__ import annotations

from optimizer.classify.keywords import Keywords
from optimizer.classify.matcher import matcher
from optimizer.classify.text import fold, quoter, strip_app
from optimizer.domain import CalEvent


def says_away(event: CalEvent, keywords: Keywords | None = None) -> str | None:
    """Why the event says the runner is away, or None.

    Args:
        event: Any calendar event (a run, a trip, a meeting).
        keywords: The words to look for; :meth:`Keywords.default` when None (a config's
            ``away``/``extra_away`` lists and ``[keywords.<language>]`` tables apply).

    Returns:
        A reason in a runner's words, e.g. ``'title says "business trip"'``, or None when
        neither the title nor the categories say away.

    Example:
        "Business trip - Singapore (out of office)" gives 'title says "business trip"'.
    """
    kw = keywords if keywords is not None else Keywords.default()
    found = matcher(kw)
    for source, text in (
        ("title", strip_app(event.summary or "")[0]),
        ("category", ", ".join(event.categories)),
    ):
        hits = [h for h in found.hits(fold(text)) if h.list == "away"]
        if hits:
            first = min(hits, key=lambda h: (h.start, -(h.end - h.start)))
            return f'{source} says "{quoter(text)(first.start, first.end).strip()}"'
    return None
