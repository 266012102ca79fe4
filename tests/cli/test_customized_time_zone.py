"""Outlook's "Customized Time Zone", read from the file's own VTIMEZONE by the real command
(issue 12, item 9)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.support import legday

# Outlook names a zone it cannot map "Customized Time Zone" and defines it in the file: here
# +09:00 all year. Read in the runner's zone instead (the bug), the Wednesday 06:00 tempo run
# stays on Wednesday morning in New York; read from the definition it is Tuesday afternoon
# there (16:00, 17:00 once New York is on summer time).
CUSTOM = """BEGIN:VCALENDAR\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
VERSION:2.0\r
BEGIN:VTIMEZONE\r
TZID:Customized Time Zone\r
BEGIN:STANDARD\r
DTSTART:16010101T000000\r
TZOFFSETFROM:+0900\r
TZOFFSETTO:+0900\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:tempo@outlook.test\r
DTSTART;TZID="Customized Time Zone":20270303T060000\r
DTEND;TZID="Customized Time Zone":20270303T070000\r
RRULE:FREQ=WEEKLY;COUNT=3\r
SUMMARY:Tempo 5 km\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:long@outlook.test\r
DTSTART;TZID="Customized Time Zone":20270307T080000\r
DTEND;TZID="Customized Time Zone":20270307T100000\r
RRULE:FREQ=WEEKLY;COUNT=3\r
SUMMARY:Long run 20 km\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_classify_and_plan_read_the_files_own_time_zone(tmp_path: Path) -> None:
    """Bug: a TZID only the file defines was read in the fallback zone (the runner's), a
    day off here. `legday classify` shows the runs at their true time in New York, and
    `legday plan` puts the hard run on Tuesday, without a warning about the zone."""
    runs = tmp_path / "outlook.ics"
    runs.write_text(CUSTOM, encoding="utf-8", newline="")
    shown = legday("classify", runs, "--tz", "America/New_York")
    assert shown.returncode == 0 and shown.stderr == "", shown.stderr
    lines = shown.stdout.splitlines()
    for day in ("Tue 2027-03-02 16:00", "Tue 2027-03-09 16:00", "Tue 2027-03-16 17:00"):
        assert any(line.startswith(f"{day}  hard") for line in lines), (day, shown.stdout)
    assert any(line.startswith("Sat 2027-03-06 18:00  long") for line in lines)

    done = legday(
        "plan", runs, "--tz", "America/New_York", "--start", "2027-03-01", "--weeks", "3",
        "-o", tmp_path / "strength.ics",
    )  # fmt: skip
    assert done.returncode == 0 and done.stderr == "", done.stderr
    table = done.stdout.splitlines()
    header = next(line for line in table if line.startswith("wk "))
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "S"]
    starts = [re.search(rf"(?<= ){name}(?= |$)", header).start() for name in names]
    weeks = [line for line in table if line[:2] in ("1 ", "2 ", "3 ")]
    assert len(weeks) == 3
    for week in weeks:
        cells = {n: week[a:b].split() for n, a, b in zip(names, starts, starts[1:], strict=False)}
        assert "H" in cells["Tue"] and cells["Sat"] == ["L"], week
        assert "H" not in cells["Wed"] and "L" not in cells["Sun"], week
