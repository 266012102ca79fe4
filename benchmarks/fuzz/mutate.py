"""Mutations of real-world calendar files: what a broken export, a cut-off download or a
hostile hand does to a calendar.

Each mutation works on bytes or on content lines and is chosen by a seeded generator, so a
case can be made again from its seed. Some keep the calendar readable (a run title put in a
SUMMARY, an RRULE made costly, a time moved to the year 9999), some break it on purpose
(cut mid-character, a NUL, an unbalanced BEGIN).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

from benchmarks.fuzz.generate import COSTLY_RULES, RUN_TITLES

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "calendars" / "real_world"
EXTREMES = {
    "DTSTART": ("00010101T000000", "99991231T235959", "20270228T250000", "2027-03-01", "x"),
    "DTEND": ("00010101", "99991231T235959Z", "19700101T000000Z", ""),
    "DURATION": ("P99999999W", "-P1D", "PT0S", "P1Y", "PT-5M"),
    "RRULE": (
        *COSTLY_RULES,
        "FREQ=SECONDLY",
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=WEEKLY;COUNT=-3",
        "FREQ=YEARLY;UNTIL=2",
        "FREQ=MINUTELY;COUNT=100000",
    ),
    "TZID": ("Mars/Olympus_Mons", "../../etc/passwd", "", "W. Europe Standard Time", "UTC"),
    "SEQUENCE": ("-1", "99999999999999999999", "x"),
    "EXDATE": ("99991231T000000Z", "garbage", "20270301"),
    "RECURRENCE-ID": ("20270301T000000", "x", "99991231"),
    "STATUS": ("CANCELLED", "TENTATIVE", ""),
}
_LINE = re.compile(rb"\r?\n")


def corpus_files(root: Path = CORPUS) -> list[Path]:
    """The corpus's .ics files, in a fixed order."""
    return sorted(p for p in root.rglob("*.ics") if p.is_file())


def _lines(data: bytes) -> list[bytes]:
    return _LINE.split(data)


def _join(lines: list[bytes], rng: random.Random) -> bytes:
    return rng.choice((b"\r\n", b"\r\n", b"\n", b"\r")).join(lines)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """A download cut off anywhere (even mid-character)."""
    return data[: rng.randrange(max(len(data), 1))]


def delete_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 5)):
        if lines:
            del lines[rng.randrange(len(lines))]
    return _join(lines, rng)


def duplicate_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 5)):
        if lines:
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
    return _join(lines, rng)


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    if len(lines) > 2:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return _join(lines, rng)


def extreme_value(data: bytes, rng: random.Random) -> bytes:
    """A property's value replaced by an extreme or malformed one."""
    lines = _lines(data)
    name = rng.choice(sorted(EXTREMES))
    hits = [i for i, line in enumerate(lines) if line.upper().startswith(name.encode())]
    value = rng.choice(EXTREMES[name]).encode()
    if hits:
        i = rng.choice(hits)
        head = lines[i].split(b":", 1)[0]
        if name == "TZID":
            lines[i] = re.sub(rb"TZID=[^;:]*", b"TZID=" + value, lines[i])
        else:
            lines[i] = head + b":" + value
    else:
        events = [i for i, line in enumerate(lines) if line.strip().upper() == b"BEGIN:VEVENT"]
        if events:
            lines.insert(rng.choice(events) + 1, name.encode() + b":" + value)
    return _join(lines, rng)


def run_titles(data: bytes, rng: random.Random) -> bytes:
    """Events become runs: SUMMARYs replaced by training titles (so `plan` has work to do)."""
    lines = _lines(data)
    for i, line in enumerate(lines):
        if line.upper().startswith(b"SUMMARY") and rng.random() < 0.7:
            lines[i] = b"SUMMARY:" + rng.choice(RUN_TITLES).encode()
    return _join(lines, rng)


def noise(data: bytes, rng: random.Random) -> bytes:
    """Random bytes, NULs or control characters somewhere."""
    pos = rng.randrange(max(len(data), 1))
    junk = bytes(rng.choice((0, 1, 7, 27, 0xFF, 0xC3, 0x80, rng.randrange(256))) for _ in range(8))
    return data[:pos] + junk + data[pos:]


def encoding(data: bytes, rng: random.Random) -> bytes:
    """The same text in another encoding: UTF-16 with a BOM, Windows-1252, a UTF-8 BOM."""
    text = data.decode("utf-8", "replace")
    choice = rng.randrange(3)
    if choice == 0:
        return text.encode("utf-16")
    if choice == 1:
        return text.encode("cp1252", "replace")
    return b"\xef\xbb\xbf" + data


def fold(data: bytes, rng: random.Random) -> bytes:
    """Lines folded at random points, also inside a multi-byte character."""
    out = []
    for line in _lines(data):
        while len(line) > 10 and rng.random() < 0.3:
            cut = rng.randrange(1, len(line))
            out.append(line[:cut])
            line = b" " + line[cut:]
        out.append(line)
    return b"\r\n".join(out)


def unbalance(data: bytes, rng: random.Random) -> bytes:
    """A BEGIN or END that has no partner."""
    lines = _lines(data)
    extra = rng.choice(
        (
            b"BEGIN:VEVENT",
            b"END:VEVENT",
            b"BEGIN:VCALENDAR",
            b"END:VCALENDAR",
            b"BEGIN:VALARM",
            b"BEGIN:VTIMEZONE",
        )
    )
    lines.insert(rng.randrange(len(lines) + 1), extra)
    return _join(lines, rng)


def multiply(data: bytes, rng: random.Random) -> bytes:
    """One event copied hundreds of times under new UIDs (a flood)."""
    m = re.search(rb"BEGIN:VEVENT.*?END:VEVENT\r?\n?", data, re.S)
    if m is None:
        return data
    copies = [
        re.sub(rb"UID:[^\r\n]*", b"UID:flood-%d" % i, m.group(0))
        for i in range(rng.randint(50, 800))
    ]
    return data[: m.end()] + b"".join(copies) + data[m.end() :]


def costly_rule(data: bytes, rng: random.Random) -> bytes:
    """A costly, valid RRULE put on an event."""
    lines = _lines(data)
    events = [i for i, line in enumerate(lines) if line.strip().upper() == b"BEGIN:VEVENT"]
    if events:
        lines.insert(rng.choice(events) + 1, b"RRULE:" + rng.choice(COSTLY_RULES).encode())
    return _join(lines, rng)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": truncate,
    "delete_lines": delete_lines,
    "duplicate_lines": duplicate_lines,
    "swap_lines": swap_lines,
    "extreme_value": extreme_value,
    "noise": noise,
    "encoding": encoding,
    "fold": fold,
    "unbalance": unbalance,
    "multiply": multiply,
    "costly_rule": costly_rule,
}


def mutate(data: bytes, rng: random.Random, *, runs: bool) -> tuple[bytes, list[str]]:
    """One to three mutations (``runs``: titles made run titles first)."""
    applied = []
    if runs:
        data = run_titles(data, rng)
        applied.append("run_titles")
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(sorted(MUTATIONS))
        data = MUTATIONS[name](data, rng)
        applied.append(name)
    return data, applied
