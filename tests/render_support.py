"""Helpers for the page and watch tests: a hostile calendar, an HTML reader, a FIT reader.

- :data:`HOSTILE`: a running calendar whose titles (and calendar name) are HTML and script.
- :func:`read_html`: every element of a page with its attributes and text (standard library).
- :func:`read_fit`: a FIT file decoded by Garmin's FIT SDK; :func:`fit_timeline`: its steps
  in the order a watch runs them (repeats unrolled); :func:`fit_exercises`: that timeline
  folded back into one :class:`FitExercise` per exercise.
"""

from __future__ import annotations

import html.parser
import re
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


@dataclass(frozen=True)
class Ran:
    """One step as a watch runs it: intensity, name, and ``reps`` or ``seconds``."""

    intensity: str
    name: str
    reps: int | None = None
    seconds: int | None = None
    category: str | None = None
    exercise: int | None = None


def fit_timeline(messages: dict) -> list[Ran]:
    """The workout's steps in the order a watch runs them: a ``repeat_until_steps_cmplt`` step
    sends it back to ``duration_step`` until the block has run ``repeat_steps`` times in all."""
    steps = sorted(messages["workout_step_mesgs"], key=lambda st: st["message_index"])
    assert [st["message_index"] for st in steps] == list(range(len(steps)))
    out: list[Ran] = []
    runs: dict[int, int] = {}  # repeat step -> how many times its block has run
    i = 0
    while i < len(steps):
        st = steps[i]
        if st["duration_type"] == "repeat_until_steps_cmplt":
            assert st["duration_step"] < i  # back, never forward
            done = runs.get(i, 1)
            if done < st["repeat_steps"]:
                runs[i] = done + 1
                i = st["duration_step"]
            else:
                runs.pop(i, None)
                i += 1
            continue
        seconds = st.get("duration_time")
        assert (st["duration_type"] == "reps") == (seconds is None)
        out.append(
            Ran(
                intensity=st["intensity"],
                name=st["wkt_step_name"],
                reps=st.get("duration_reps"),
                seconds=None if seconds is None else round(seconds),
                category=st.get("exercise_category"),
                exercise=st.get("exercise_name"),
            )
        )
        i += 1
    return out


@dataclass
class FitExercise:
    """One exercise as the watch runs it, folded back into the plan's terms."""

    name: str
    sets: int = 0
    reps: int | None = None  # per side for a one-sided exercise, as the plan says
    seconds: int | None = None
    rest_seconds: int = 0
    each_side: bool = False
    setup_seconds: int = 0
    switch_seconds: int = 0


_SIDE = re.compile(r" \((?:(\d+) each side|one side|other side)\)$")


def fit_exercises(messages: dict) -> list[FitExercise]:
    """The timeline folded back: a ``Set up: NAME`` step (or a new name) starts an exercise;
    its sets are its active steps (one per set, or one per side of a one-sided hold)."""
    out: list[FitExercise] = []
    for ran in fit_timeline(messages):
        if ran.intensity == "warmup":
            continue
        if ran.intensity == "rest" and ran.name.startswith("Set up: "):
            out.append(
                FitExercise(ran.name.removeprefix("Set up: "), setup_seconds=ran.seconds or 0)
            )
            continue
        current = out[-1] if out else None
        if ran.intensity == "rest":
            assert current is not None
            if ran.name == "Switch sides":
                current.switch_seconds = ran.seconds or 0
            else:
                current.rest_seconds = ran.seconds or 0
            continue
        side = _SIDE.search(ran.name)
        base = ran.name[: side.start()] if side else ran.name
        if current is None or (current.sets and current.name != base):
            current = FitExercise(base)
            out.append(current)
        current.name = base
        current.each_side = side is not None
        if ran.name.endswith("(other side)"):
            continue  # the second half of a one-sided hold's set
        current.sets += 1
        if ran.reps is not None:
            current.reps = int(side.group(1)) if side and side.group(1) else ran.reps
            assert ran.reps == current.reps * (2 if side else 1)
        current.seconds = ran.seconds
    return out
