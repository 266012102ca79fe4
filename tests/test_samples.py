"""The bundled sample calendars (``sample_calendars/``) and the published-plan converter.

Each sample claims a vendor quirk in ``sample_calendars/README.md``; these tests check the
raw text really has it, that the file parses and expands, and that the generator still
writes the committed bytes.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from benchmarks.plans_to_ics import main as plans_to_ics_main
from benchmarks.plans_to_ics import plan_to_ics

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_calendars"
PLANS = ROOT.parent / "shared" / "plans"
NEW_YORK = ZoneInfo("America/New_York")
NAMES = [
    "marathon_google.ics",
    "half_allday_trainingapp.ics",
    "10k_outlook.ics",
    "beginner_5k.ics",
    "work_office_hours.ics",
    "infeasible_tight.ics",
]


@pytest.fixture(scope="module")
def make_samples() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def raw(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def text(name: str) -> str:
    return raw(name).decode("utf-8")


def occurrences(name: str, data: bytes | None = None) -> list[icalendar.Event]:
    """Every occurrence in 2027, sorted by start (all-day dates first on their day)."""
    cal = icalendar.Calendar.from_ical(raw(name) if data is None else data)
    found = recurring_ical_events.of(cal).between(dt.date(2027, 1, 1), dt.date(2028, 1, 1))
    return sorted(found, key=lambda e: (_day(e), str(e.start)))


def _day(ev: icalendar.Event) -> dt.date:
    start = ev.start
    return start.date() if isinstance(start, dt.datetime) else start


def on(events: list[icalendar.Event], day: dt.date) -> list[str]:
    return [str(e["SUMMARY"]) for e in events if _day(e) == day]


# --- generator ---------------------------------------------------------------------------


def test_generator_reproduces_the_committed_files(make_samples: ModuleType, tmp_path: Path) -> None:
    """Running make_samples.py again gives the same bytes as the committed samples."""
    written = make_samples.write_all(tmp_path)
    assert [p.name for p in written] == NAMES
    for path in written:
        assert path.read_bytes() == raw(path.name), f"{path.name} differs: rerun make_samples.py"
    assert sorted(p.name for p in SAMPLES.glob("*.ics")) == sorted(NAMES)


def test_readme_has_one_line_per_sample() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert sum(line.startswith(f"| `{name}`") for line in readme.splitlines()) == 1


# --- every sample ------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_sample_parses_and_expands(name: str) -> None:
    data = raw(name)
    assert len(data) < 64_000, "keep samples small"
    cal = icalendar.Calendar.from_ical(data)
    assert cal.get_missing_tzids() == set()
    events = occurrences(name)
    assert events
    assert all(_day(e).year == 2027 for e in events)
    # Reversed component order expands to the same occurrences (RFC 5545 imposes none).
    shuffled = icalendar.Calendar.from_ical(data)
    shuffled.subcomponents.reverse()
    again = recurring_ical_events.of(shuffled).between(dt.date(2027, 1, 1), dt.date(2028, 1, 1))
    assert sorted(str(e.start) for e in again) == sorted(str(e.start) for e in events)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "work_office_hours.ics"])
def test_plan_starts_on_a_monday(name: str) -> None:
    first = _day(occurrences(name)[0])
    assert first.weekday() in (0, 1)  # the plan's Monday, or its Tuesday when Monday is off
    assert (first - dt.timedelta(days=first.weekday())).weekday() == 0


# --- marathon_google.ics -----------------------------------------------------------------


def test_google_marathon_writes_utc_with_x_wr_timezone() -> None:
    """Google writes every time in UTC and names the zone only in X-WR-TIMEZONE."""
    t = text("marathon_google.ics")
    assert "PRODID:-//Google Inc//Google Calendar" in t
    assert "X-WR-TIMEZONE:America/New_York\r\n" in t
    assert "X-WR-CALNAME:" in t
    assert "TZID" not in t and "VTIMEZONE" not in t
    times = re.findall(r"^(?:DTSTART|DTEND|EXDATE|RECURRENCE-ID):(\S+)\r$", t, re.M)
    assert times and all(v.endswith("Z") for v in times)
    assert "RRULE:FREQ=WEEKLY;WKST=SU;UNTIL=20270507T035959Z;BYDAY=TU,TH" in t
    assert "\r\nEXDATE:20270218T113000Z\r\n" in t
    assert "\r\nRECURRENCE-ID:20270304T113000Z\r\n" in t


def test_google_marathon_easy_runs_keep_local_time_across_dst() -> None:
    """Bug shape: a UTC RRULE read as UTC drifts an hour when New York changes to DST.

    The Tue/Thu series is 11:30Z = 06:30 EST. After 14 Mar 2027 it must stay 06:30 (EDT):
    X-WR-TIMEZONE says the series lives in New York time. Without the header it drifts
    to 07:30, which is what a reader that ignores X-WR-TIMEZONE would see.
    """
    tue_before, tue_after = dt.date(2027, 3, 9), dt.date(2027, 3, 16)
    events = occurrences("marathon_google.ics")
    easy = {_day(e): e.start.astimezone(NEW_YORK).time() for e in events if "Easy" in e["SUMMARY"]}
    assert easy[tue_before] == easy[tue_after] == dt.time(6, 30)

    without = raw("marathon_google.ics").replace(b"X-WR-TIMEZONE:America/New_York\r\n", b"")
    drifted = {
        _day(e): e.start.astimezone(NEW_YORK).time()
        for e in occurrences("marathon_google.ics", without)
        if "Easy" in e["SUMMARY"]
    }
    assert drifted[tue_before] == dt.time(6, 30)
    assert drifted[tue_after] == dt.time(7, 30)


def test_google_marathon_exdate_and_moved_occurrence() -> None:
    """EXDATE removes Thu 18 Feb; the RECURRENCE-ID override moves Thu 4 Mar to Fri 17:30."""
    events = occurrences("marathon_google.ics")
    assert not [s for s in on(events, dt.date(2027, 2, 18)) if "Easy" in s]
    assert not [s for s in on(events, dt.date(2027, 3, 4)) if "Easy" in s]
    moved = [e for e in events if _day(e) == dt.date(2027, 3, 5) and "Easy" in e["SUMMARY"]]
    assert len(moved) == 1
    assert moved[0].start.astimezone(NEW_YORK).time() == dt.time(17, 30)
    assert "moved" in moved[0]["SUMMARY"]


def test_google_marathon_plan_shape() -> None:
    """18 weeks from Mon 4 Jan 2027: long runs on Sundays up to 20 mi, race on the last Sunday."""
    events = occurrences("marathon_google.ics")
    start, race = dt.date(2027, 1, 4), dt.date(2027, 5, 9)
    assert _day(events[0]) == start + dt.timedelta(days=1)
    assert on(events, race) == ["Hudson River Marathon"]
    assert race == start + dt.timedelta(weeks=18, days=-1)
    longs = [e for e in events if str(e["SUMMARY"]).startswith("Long run")]
    assert len(longs) == 17 and all(_day(e).weekday() == 6 for e in longs)
    miles = [int(re.search(r"(\d+) mi", str(e["SUMMARY"])).group(1)) for e in longs]
    assert max(miles) == 20 and miles[-1] < miles[-2] < max(miles)  # taper
    wednesdays = " ".join(str(e["SUMMARY"]) for e in events if _day(e).weekday() == 2)
    for kind in ("Intervals", "Tempo", "Hill", "MP"):
        assert kind in wednesdays


# --- half_allday_trainingapp.ics ---------------------------------------------------------


def test_training_app_half_is_all_day_and_floating() -> None:
    """Training apps export workouts as all-day dates with an exclusive DTEND, no zone."""
    t = text("half_allday_trainingapp.ics")
    assert "\r" not in t  # bare LF line endings
    assert "TZID" not in t and "X-WR-TIMEZONE" not in t and "VTIMEZONE" not in t
    assert "X-WR-CALNAME:" in t
    prodid = re.search(r"^PRODID:(.*)$", t, re.M).group(1)
    assert not re.search("Google|Microsoft|Apple", prodid)
    starts = re.findall(r"^DTSTART(.*)$", t, re.M)
    assert starts and all(re.fullmatch(r";VALUE=DATE:\d{8}", s) for s in starts)
    cal = icalendar.Calendar.from_ical(raw("half_allday_trainingapp.ics"))
    days = []
    for ev in cal.walk("VEVENT"):
        assert type(ev.start) is dt.date
        assert ev.end == ev.start + dt.timedelta(days=1)
        days.append(ev.start)
    assert sorted(days) == [dt.date(2027, 7, 5) + dt.timedelta(days=i) for i in range(84)]


def test_training_app_half_titles_and_race() -> None:
    events = occurrences("half_allday_trainingapp.ics")
    titles = [str(e["SUMMARY"]) for e in events]
    for want in ("Tempo Run - 8 km", "Easy Run 6 km", "Long Run 16 km", "Intervals 6x800m"):
        assert want in titles
    assert titles.count("Rest Day") == 24
    assert on(events, dt.date(2027, 9, 26)) == ["Half Marathon Race"]


# --- 10k_outlook.ics ---------------------------------------------------------------------


def test_outlook_10k_uses_windows_zone_names() -> None:
    """Outlook names zones the Windows way and quotes the TZID parameter."""
    data, t = raw("10k_outlook.ics"), text("10k_outlook.ics")
    assert data.count(b"\n") == data.count(b"\r\n")  # CRLF everywhere
    assert "PRODID:-//Microsoft Corporation//Outlook" in t
    assert "TZID:W. Europe Standard Time\r\n" in t
    assert 'DTSTART;TZID="W. Europe Standard Time":' in t
    assert "Europe/Berlin" not in t
    assert "X-MICROSOFT-CDO-BUSYSTATUS:" in t and "BEGIN:STANDARD" in t and "BEGIN:DAYLIGHT" in t
    tzids = set(re.findall(r';TZID=("?)([^:;]+)\1[:;]', t))
    assert {z for _, z in tzids} == {"W. Europe Standard Time"}


def test_outlook_10k_times_resolve_across_dst() -> None:
    """The Windows zone follows CET/CEST: +01:00 in early March, +02:00 on race day."""
    events = occurrences("10k_outlook.ics")
    first_tue = [e for e in events if _day(e) == dt.date(2027, 3, 2)][0]
    assert first_tue.start.utcoffset() == dt.timedelta(hours=1)
    race = [e for e in events if _day(e) == dt.date(2027, 4, 25)]
    assert [str(e["SUMMARY"]) for e in race] == ["10K race - Stadtlauf Frankfurt"]
    assert race[0].start.utcoffset() == dt.timedelta(hours=2)
    assert race[0].start.time() == dt.time(10, 0)


def test_outlook_10k_mixes_runs_and_other_events() -> None:
    """Only the runs carry CATEGORIES:Running; yoga and the dentist must not count as runs."""
    events = occurrences("10k_outlook.ics")
    running = {str(e["SUMMARY"]) for e in events if "Running" in str(e.get("CATEGORIES", ""))}
    others = {str(e["SUMMARY"]) for e in events} - running
    assert {"Yoga", "Dentist"} <= others
    assert not [s for s in others if "run" in s.lower()]
    yoga = [e for e in events if e["SUMMARY"] == "Yoga"]
    assert len(yoga) == 7  # COUNT=8 minus the Easter Monday EXDATE


# --- beginner_5k.ics ---------------------------------------------------------------------


def test_apple_beginner_5k() -> None:
    """Apple style: TZID=Europe/London with a VTIMEZONE, X-APPLE props, three runs a week."""
    t = text("beginner_5k.ics")
    assert "PRODID:-//Apple Inc.//" in t
    assert "DTSTART;TZID=Europe/London:" in t and "TZID:Europe/London" in t
    assert "X-APPLE-" in t
    events = occurrences("beginner_5k.ics")
    assert len(events) == 27
    assert {_day(e).weekday() for e in events} == {1, 3, 5}
    assert not [e for e in events if "rest" in str(e["SUMMARY"]).lower()]
    assert "Run/walk 20 min" in {str(e["SUMMARY"]) for e in events}
    assert on(events, dt.date(2027, 4, 24)) == ["5K race (parkrun)"]


# --- work_office_hours.ics ---------------------------------------------------------------


def test_work_calendar_recurs_without_end() -> None:
    t = text("work_office_hours.ics")
    assert "X-WR-TIMEZONE:America/New_York" in t
    rules = re.findall(r"^RRULE:(.*)\r$", t, re.M)
    assert "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" in rules
    assert not [r for r in rules if "UNTIL" in r or "COUNT" in r]
    assert "DTSTART;VALUE=DATE:" in t


def test_work_calendar_covers_the_marathon_weeks() -> None:
    """Office hours 09:00-17:00 and a Wed 18:00 meeting in every marathon week (New York)."""
    events = occurrences("work_office_hours.ics")
    start = dt.date(2027, 1, 4)
    for week in range(18):
        monday = start + dt.timedelta(weeks=week)
        days = [monday + dt.timedelta(days=i) for i in range(7)]
        office = [e for e in events if e["SUMMARY"] == "Office hours" and _day(e) in days]
        assert 4 <= len(office) <= 5
        for e in office:
            assert e.start.astimezone(NEW_YORK).time() == dt.time(9, 0)
            assert e.end.astimezone(NEW_YORK).time() == dt.time(17, 0)
        meetings = [e for e in events if "Team meeting" in e["SUMMARY"] and _day(e) in days]
        assert len(meetings) == 1
        assert meetings[0].start.astimezone(NEW_YORK).time() == dt.time(18, 0)
    assert "Office hours" not in on(events, dt.date(2027, 2, 15))
    assert "Presidents' Day - office closed" in on(events, dt.date(2027, 2, 15))


# --- infeasible_tight.ics ----------------------------------------------------------------


def test_infeasible_tight_matches_its_readme() -> None:
    """The README's argument, restated without the solver.

    A run every day (so no day for a beginner); Mon-Thu the run ends after 20:30, the last
    start of a 30-minute session in 06:00-21:00; Sat and Sun are long-run days. That leaves
    Friday alone each week, one session where the defaults ask for two.
    """
    london = ZoneInfo("Europe/London")
    events = occurrences("infeasible_tight.ics")
    start = dt.date(2027, 2, 1)
    days = [start + dt.timedelta(days=i) for i in range(28)]
    assert sorted({_day(e) for e in events}) == days
    assert not [s for s in (str(e["SUMMARY"]).lower() for e in events) if "race" in s]
    possible = []
    for day in days:
        todays = [e for e in events if _day(e) == day]
        if any(str(e["SUMMARY"]).startswith("Long run") for e in todays):
            continue
        if any(str(e["SUMMARY"]).startswith("Long run") for e in on_day(events, day, -1)):
            continue
        end = max(e.end.astimezone(london) for e in todays)
        first = (end.hour * 60 + end.minute + 14) // 15 * 15  # next start on the grid
        if first + 30 <= 21 * 60:
            possible.append(day)
    assert possible == [d for d in days if d.weekday() == 4]


def on_day(events: list[icalendar.Event], day: dt.date, shift: int) -> list[icalendar.Event]:
    target = day + dt.timedelta(days=shift)
    return [e for e in events if _day(e) == target]


# --- benchmarks/plans_to_ics.py ----------------------------------------------------------

CONVERTED = ["c25k", "hansons_c210k", "mee_breeze_12", "pfitz_18_55"]


def load_plan(plan_id: str) -> dict:
    path = PLANS / f"{plan_id}.json"
    if not path.exists():
        pytest.skip(f"{path} not available")
    return json.loads(path.read_text(encoding="utf-8"))


def _uid_position(uid: str) -> tuple[int, int]:
    m = re.fullmatch(r".+-w(\d+)-d(\d)@plans\.legday", uid)
    assert m, uid
    return int(m.group(1)), int(m.group(2))


@pytest.mark.parametrize("style", ["timed", "allday"])
@pytest.mark.parametrize("plan_id", CONVERTED)
def test_plan_converter_round_trips(plan_id: str, style: str) -> None:
    """One VEVENT per non-empty workout, each on its week's right weekday."""
    plan = load_plan(plan_id)
    start = dt.date(2027, 1, 4)
    data = plan_to_ics(plan, start=start, tz="America/New_York", style=style)
    assert data == plan_to_ics(plan, start=start, tz="America/New_York", style=style)
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    workouts = [w for week in plan["schedule"] for w in week["workouts"]]
    assert len(events) == sum(1 for w in workouts if w["title"].strip())
    assert len({str(e["UID"]) for e in events}) == len(events)
    for ev in events:
        week, day = _uid_position(str(ev["UID"]))
        assert ev["SUMMARY"] == plan["schedule"][week - 1]["workouts"][day - 1]["title"].strip()
        date = _day(ev)
        assert date == start + dt.timedelta(weeks=week - 1, days=day - 1)
        assert date.weekday() == day - 1
        if style == "allday":
            assert type(ev.start) is dt.date and ev.end == ev.start + dt.timedelta(days=1)
        elif isinstance(ev.start, dt.datetime):
            assert ev.start.time() == dt.time(7, 0)
            assert ev.start.utcoffset() in (dt.timedelta(hours=-5), dt.timedelta(hours=-4))
    assert bool(cal.timezones) == (style == "timed")
    expanded = recurring_ical_events.of(cal).between(start, start + dt.timedelta(weeks=30))
    assert len(expanded) == len(events)


def test_plan_converter_durations_and_rest_days() -> None:
    """Distance x pace sets the length; rest days are all-day; no distance means 45 minutes."""
    plan = {
        "id": "tiny",
        "name": "Tiny",
        "units": "mi",
        "schedule": [
            {
                "workouts": [
                    {"title": "Rest"},
                    {"title": "{6} Easy", "distance": 6},
                    {"title": "Cross"},
                    {"title": "5 minute walk, 25 minute jog, 5 minute walk"},
                    {"title": ""},
                    {"title": "Tempo", "distance": [4, 5]},
                    {"title": "Rest or {3-5:5-8} easy", "distance": [0.0, 4.0]},
                ]
            }
        ],
    }
    cal = icalendar.Calendar.from_ical(plan_to_ics(plan, start=dt.date(2027, 1, 4)))
    by_title = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert len(by_title) == 6

    def minutes(title: str) -> float:
        ev = by_title[title]
        return (ev.end - ev.start).total_seconds() / 60

    assert type(by_title["Rest"].start) is dt.date
    assert by_title["Rest"]["TRANSP"] == "TRANSPARENT"
    assert minutes("{6} Easy") == round(6 * 1.609344 * 6)
    assert minutes("Cross") == 45
    assert minutes("5 minute walk, 25 minute jog, 5 minute walk") == 35
    assert minutes("Tempo") == round(5 * 1.609344 * 6)
    assert isinstance(by_title["Rest or {3-5:5-8} easy"].start, dt.datetime)
    assert "Distance: 4-5 mi" in str(by_title["Tempo"]["DESCRIPTION"])
    assert by_title["{6} Easy"]["UID"] == "tiny-w1-d2@plans.legday"
    assert str(by_title["{6} Easy"].start.tzinfo) == "Europe/London"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": dt.date(2027, 1, 5)}, "Monday"),
        ({"start": dt.date(2027, 1, 4), "tz": "Mars/Olympus"}, "time zone"),
        ({"start": dt.date(2027, 1, 4), "style": "weird"}, "style"),
    ],
)
def test_plan_converter_rejects_bad_input(kwargs: dict, message: str) -> None:
    plan = {"id": "p", "units": "km", "schedule": [{"workouts": [{"title": "Run"}] * 7}]}
    with pytest.raises(ValueError, match=message):
        plan_to_ics(plan, **kwargs)


def test_plan_converter_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan_path = PLANS / "c25k.json"
    if not plan_path.exists():
        pytest.skip(f"{plan_path} not available")
    out = tmp_path / "c25k.ics"
    argv = [str(plan_path), "--start", "2027-01-04", "--time", "18:30", "--style", "allday"]
    assert plans_to_ics_main([*argv, "-o", str(out)]) == 0
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    assert out.read_bytes() == plan_to_ics(
        plan, start=dt.date(2027, 1, 4), time_of_day=dt.time(18, 30), style="allday"
    )
    assert plans_to_ics_main([str(plan_path), "--start", "2027-01-05", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Monday" in err
