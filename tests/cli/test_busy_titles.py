"""What a plan says about the runner's other appointments: their times, not their titles,
unless asked (issue 12, item 7). Real command, real files."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.support import legday
from tests.conftest import SAMPLES

RUNS = SAMPLES / "10k_outlook.ics"
TITLES = ("Physio - calf", "Early call with NY office")
BUSY = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//legday tests//busy//EN
BEGIN:VEVENT
UID:physio@busy.test
DTSTART;TZID=Europe/Berlin:20270301T120000
DTEND;TZID=Europe/Berlin:20270301T130000
RRULE:FREQ=DAILY;COUNT=60
SUMMARY:Physio - calf
END:VEVENT
BEGIN:VEVENT
UID:call@busy.test
DTSTART;TZID=Europe/Berlin:20270301T063000
DTEND;TZID=Europe/Berlin:20270301T073000
RRULE:FREQ=DAILY;COUNT=60
SUMMARY:Early call with NY office
END:VEVENT
END:VCALENDAR
"""


def plan(tmp_path: Path, *extra: str | Path) -> tuple[str, str, str]:
    busy = tmp_path / "work.ics"
    busy.write_text(BUSY, encoding="utf-8")
    out, report = tmp_path / "strength.ics", tmp_path / "report.json"
    done = legday("plan", RUNS, "--busy", busy, "-o", out, "--report", report, "--explain", *extra)
    assert done.returncode == 0, done.stderr
    ics = out.read_bytes().decode("utf-8").replace("\r\n ", "")  # unfolded
    return ics, report.read_text(encoding="utf-8"), done.stdout


def test_busy_titles_stay_out_of_the_plan_by_default(tmp_path: Path) -> None:
    """Every session's description copied busy-calendar titles ("busy that day: 'Physio -
    calf', 'Early call with NY office'") into a calendar whose feed URL may be shared with a
    coach. By default only the times are said; the plan, its report and --explain alike."""
    ics, report, shown = plan(tmp_path)
    assert "busy 06:30-07:30\\, 12:00-13:00" in ics  # TEXT escapes the comma
    for text in (ics, report, shown):
        for title in TITLES:
            assert title not in text
    reasons = [r for s in json.loads(report)["sessions"] for r in s["reasons"]]
    assert any(r.startswith("busy ") for r in reasons)


def test_busy_titles_only_when_asked(tmp_path: Path) -> None:
    """--busy-titles (or busy_titles = true in legday.toml) names them again."""
    ics, _, _ = plan(tmp_path, "--busy-titles")
    assert "busy that day: 06:30-07:30 'Early call with NY office'\\, 12:00-13:00 'Physio" in ics
    config = tmp_path / "legday.toml"
    config.write_text("[plan]\nbusy_titles = true\n", encoding="utf-8")
    again, _, _ = plan(tmp_path, "--config", config)
    assert again == ics
