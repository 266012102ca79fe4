"""Every file of shared/calendars/real_world/ (test calendars of icalendar, ical,
recurring-ical-events and x-wr-timezone, some deliberately broken) is either read or refused
with one line naming it: nothing else may raise, and nothing may hang."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from optimizer.calendar import ImportResult, read_calendars
from optimizer.domain import InputError
from tests.conftest import ROOT

REAL_WORLD = ROOT.parent / "shared" / "calendars" / "real_world"
FILES = sorted(p for p in REAL_WORLD.rglob("*") if p.is_file()) if REAL_WORLD.is_dir() else []
HORIZONS = {
    "2000-2030": {"tz": "Europe/Berlin", "start": dt.date(2000, 1, 1), "end": dt.date(2030, 1, 1)},
    "default": {},  # and the zone too: the calendar's own, else the machine's
}
SECONDS_PER_FILE = 30  # a hang, not a slow file: the slowest takes about 3 s


def test_real_world_folder_is_there():
    """Fail loudly, not skip, when the shared calendars are missing."""
    assert REAL_WORLD.is_dir(), f"{REAL_WORLD} is missing: the robustness tests need it"
    assert len(FILES) > 300


@pytest.fixture
def no_hang() -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise AssertionError(f"still reading after {SECONDS_PER_FILE} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(SECONDS_PER_FILE)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.usefixtures("no_hang")
@pytest.mark.parametrize("horizon", list(HORIZONS), ids=list(HORIZONS))
@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(REAL_WORLD)) for p in FILES])
def test_real_world_file_is_read_or_refused_in_one_line(path: Path, horizon: str):
    """Read: well-formed events in the athlete's zone, sorted, warnings naming the file.
    Refused: an InputError of one line that names the file."""
    try:
        result = read_calendars([path], **HORIZONS[horizon])
    except InputError as error:
        message = str(error)
        assert message.startswith(f"{path}: ") and "\n" not in message
        return
    assert isinstance(result, ImportResult)
    zone = ZoneInfo(result.tz)
    keys = [(e.start, e.end, e.summary, e.uid) for e in result.events]
    assert keys == sorted(keys)
    for event in result.events:
        assert event.start.tzinfo == zone and event.end.tzinfo == zone
        assert event.end >= event.start and event.uid and event.source == path.name
    for warning in result.warnings:
        assert warning.startswith(f"{path.name}: ") and "\n" not in warning
