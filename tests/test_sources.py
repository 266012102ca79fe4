"""optimizer.sources: a link or a file; and the squad workers' cache of calendars read."""

from __future__ import annotations

from pathlib import Path

from optimizer.calendar import read_calendars
from optimizer.sources import ReadCache, is_url, label
from tests.conftest import SAMPLES


def test_links_and_files_are_told_apart_and_links_keep_their_secret() -> None:
    assert is_url("webcal://app.example/u/secret/plan.ics")
    assert is_url("HTTPS://app.example/plan.ics")
    assert not is_url("plans/webcal.ics")
    assert "secret" not in label("https://app.example/u/secret/plan.ics")
    assert label("plans/a.ics") == "plans/a.ics"


def test_a_calendar_is_read_once_and_gives_what_the_file_gives(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    path.write_bytes((SAMPLES / "marathon_google.ics").read_bytes())
    cache = ReadCache()
    first = cache([path], tz="America/New_York", start=None, end=None)
    assert cache([path], tz="America/New_York", start=None, end=None) is first
    assert first == read_calendars([path], tz="America/New_York", start=None, end=None)
    other_zone = cache([path], tz="Europe/Berlin", start=None, end=None)
    assert other_zone is not first and other_zone.tz == "Europe/Berlin"


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    path.write_bytes((SAMPLES / "marathon_google.ics").read_bytes())
    cache = ReadCache()
    first = cache([path], tz=None, start=None, end=None)
    path.write_bytes((SAMPLES / "10k_outlook.ics").read_bytes())
    again = cache([path], tz=None, start=None, end=None)
    assert again is not first
    assert again == read_calendars([path], tz=None, start=None, end=None)


def test_the_cache_keeps_at_most_its_size(tmp_path: Path) -> None:
    cache = ReadCache(size=2)
    files = []
    for name in ("marathon_google", "10k_outlook", "beginner_5k"):
        files.append(tmp_path / f"{name}.ics")
        files[-1].write_bytes((SAMPLES / f"{name}.ics").read_bytes())
    got = [cache([f], tz=None, start=None, end=None) for f in files]
    assert len(cache._kept) == 2
    assert cache([files[2]], tz=None, start=None, end=None) is got[2]
    assert cache([files[0]], tz=None, start=None, end=None) is not got[0]
