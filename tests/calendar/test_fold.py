"""legday's folding of content lines writes what icalendar's own folding writes, byte for byte
(it is only faster): long lines, escapes at the fold, non-ASCII text."""

from __future__ import annotations

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.calendar.export import serialise

TEXT = st.text(
    alphabet=st.sampled_from(list("abc XYZ019,;:\\^\"'\n-") + ["é", "✈", "\u00a0"]),
    max_size=400,
)


def _calendar(description: str, summary: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//test//EN")
    cal.add("version", "2.0")
    ev = icalendar.Event()
    ev.add("uid", "x@test")
    ev.add("summary", summary)
    ev.add("description", description)
    ev.add("x-param", "v", parameters={"X-NOTE": description[:90]})
    cal.add_component(ev)
    return cal


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_the_same_bytes_as_icalendar(description: str, summary: str) -> None:
    cal = _calendar(description, summary)
    assert serialise(cal) == cal.to_ical()


def test_an_escape_at_the_fold_moves_to_the_next_line() -> None:
    for n in range(60, 80):
        cal = _calendar("a" * n + ",;\\" + "b" * 200, "s")
        assert serialise(cal) == cal.to_ical()
    assert all(len(line) <= 75 for line in serialise(cal).split(b"\r\n"))
