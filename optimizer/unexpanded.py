"""A plan is never made as if an event the importer could not expand were not there.

The importer expands every recurring series within the plan's dates
(:mod:`optimizer.calendar.bounds`); the few valid series it still cannot expand (far too dense,
or a COUNT walked from a DTSTART long ago; see :mod:`optimizer.calendar.expand`) are reported
in ``ImportResult.unexpanded``. Whether one matters is known only after classification, so the
pipeline asks here: a run that is missing would put strength on its day, and busy time that is
missing would put a session over an appointment or on a day away. Either refuses the plan with
one line naming the file and the event; an event that could not have changed the plan (a free
event, an all-day note that is no absence) stays a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from optimizer.domain import InputError

if TYPE_CHECKING:
    from optimizer.calendar import ImportResult
    from optimizer.domain import CalEvent

_ADVICE = "simplify its RRULE (fewer BY parts, an UNTIL) or export its dates"


def refuse_unexpanded(
    runs: ImportResult, busy: ImportResult | None = None, keywords: Any = None
) -> None:
    """Raise when an event that could not be expanded is a run or blocks time.

    Args:
        runs: what the importer read from the running calendars.
        busy: what it read from the busy calendars, if any.
        keywords: the classifier's keywords (as the plan uses them).

    Raises:
        InputError: one line naming the file, the event and why it was not expanded.
    """
    if runs.unexpanded:
        from optimizer.classify import classify

        events = [u.event for u in runs.unexpanded]
        read = classify([*runs.events, *events], keywords)[len(runs.events) :]
        for u, run in zip(runs.unexpanded, read, strict=True):
            if run.kind.is_run:
                kind = run.kind.value
                what = (
                    "a race" if kind == "race" else f"{'an' if kind == 'easy' else 'a'} {kind} run"
                )
                raise InputError(
                    f"{_where(u.event)} is {what} that legday cannot expand ({u.why}); "
                    f"no plan is made with runs missing: {_ADVICE}"
                )
            if blocks_time(u.event, busy_calendar=False, reading=run, keywords=keywords):
                raise _busy(u.event, u.why)
    for u in busy.unexpanded if busy is not None else ():
        if blocks_time(u.event, busy_calendar=True, keywords=keywords):
            raise _busy(u.event, u.why)


def blocks_time(
    event: CalEvent, *, busy_calendar: bool, reading: Any = None, keywords: Any = None
) -> bool:
    """Whether a non-run event keeps sessions off its time, as the plan counts it: a timed
    event that is not free, or an all-day one that says the runner is away
    (:func:`optimizer.timeline.away_blocks`)."""
    if not event.all_day:
        return not event.transparent
    from optimizer.timeline import away_blocks

    readings = [reading] if reading is not None else None
    return bool(
        away_blocks([event], busy_calendar=busy_calendar, readings=readings, keywords=keywords)
    )


def _where(event: CalEvent) -> str:
    from optimizer.calendar.prescan import quote

    return f"{event.source}: event {quote(event.summary or event.uid)}"


def _busy(event: CalEvent, why: str) -> InputError:
    return InputError(
        f"{_where(event)} is busy time that legday cannot expand ({why}); no plan is made "
        f"over appointments it cannot see: {_ADVICE}"
    )


__all__ = ["blocks_time", "refuse_unexpanded"]
