"""Helpers for the page and watch tests: a hostile calendar, an HTML reader, a FIT reader.

- :data:`HOSTILE`: a running calendar whose titles (and calendar name) are HTML and script.
- :func:`read_html`: every element of a page with its attributes and text (standard library).
- :func:`read_fit`: a FIT file decoded by Garmin's FIT SDK, and :func:`fit_exercises`: its
  steps folded back into (name, sets, reps, seconds, rest) per exercise, the way a watch
  runs them.
"""

from __future__ import annotations

import html.parser
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "calendars"
HOSTILE = FIXTURES / "hostile_titles.ics"
HOSTILE_BITS = ("<script>alert('xss')</script>", "<img src=x onerror=alert(1)>", "<svg onload")


def plan_file(path: Path, **values):
    """The pipeline's outcome for one calendar file (options as on the command line)."""
    from optimizer import pipeline
    from tests.conftest import sample_options

    opts = sample_options(**values)
    return pipeline.plan(pipeline.load([path], [], opts), opts)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        out = []
        for c in self.children:
            if (tag is None or c.tag == tag) and all(
                (
                    v in c.attrs.get(k.rstrip("_"), "").split()
                    if k == "class_"
                    else c.attrs.get(k) == v
                )
                for k, v in attrs.items()
            ):
                out.append(c)
            out += c.find_all(tag, **attrs)
        return out

    def all_text(self) -> str:
        return self.text + "".join(c.all_text() for c in self.children)


_VOID = {"meta", "link", "br", "input", "img", "hr", "rect", "path", "line"}


class _Reader(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        el = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(el)
        if tag not in _VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        target = self.stack[-1]
        if target.children:
            # text after a child element belongs to the parent, after that child
            target.children.append(Element("#text", {}, data))
        else:
            target.text += data


def read_html(data: bytes) -> Element:
    reader = _Reader()
    reader.feed(data.decode("utf-8"))
    reader.close()
    return reader.root


def read_fit(data: bytes) -> dict:
    """Decode with Garmin's FIT SDK; the file must pass its integrity (CRC) check."""
    from garmin_fit_sdk import Decoder, Stream

    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def fit_exercises(messages: dict) -> list[tuple[str, int, int | None, int | None, int]]:
    """Each exercise's (step name, sets, reps, seconds, rest seconds), from the steps."""
    steps = messages["workout_step_mesgs"]
    out: list[list] = []
    starts: dict[int, int] = {}  # step index of an active step -> its row in out
    for step in steps:
        i = step["message_index"]
        if step.get("intensity") == "active":
            starts[i] = len(out)
            reps = step.get("duration_reps")
            seconds = step.get("duration_time")
            out.append(
                [step["wkt_step_name"], 1, reps, None if seconds is None else int(seconds), 0]
            )
        elif step.get("intensity") == "rest" and out:
            out[-1][4] = int(step["duration_time"])
        elif step.get("duration_type") == "repeat_until_steps_cmplt":
            out[starts[step["duration_step"]]][1] = step["repeat_steps"]
    return [tuple(row) for row in out]
