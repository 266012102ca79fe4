"""`legday plan` as a user runs it: real command, real files, real exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from optimizer.domain import Session
from tests.conftest import SAMPLES, sample_options

CASES = {
    "marathon_google": ["marathon_google.ics", "--busy", "work_office_hours.ics"],
    "half_allday_trainingapp": ["half_allday_trainingapp.ics"],
    "10k_outlook": ["10k_outlook.ics", "--prefer", "evening"],
    "beginner_5k": ["beginner_5k.ics", "--level", "beginner"],
}


def legday(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimizer.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def sample_args(key: str) -> list[str]:
    return [str(SAMPLES / a) if a.endswith(".ics") else a for a in CASES[key]]


def read_sessions(path: Path) -> list[Session]:
    import icalendar

    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [
        Session(ev.decoded("dtstart"), ev.decoded("dtend"), str(ev["uid"]))
        for ev in cal.walk("VEVENT")
    ]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Each sample planned once by the real command: (process, output, report)."""
    out = {}
    for key in CASES:
        folder = tmp_path_factory.mktemp(key)
        ics, report = folder / "strength.ics", folder / "report.json"
        proc = legday("plan", *sample_args(key), "-o", ics, "--report", report)
        out[key] = (proc, ics, report)
    return out


@pytest.mark.parametrize("key", sorted(CASES))
def test_each_sample_writes_a_plan_that_validates(runs, key: str) -> None:
    from optimizer import pipeline
    from optimizer.validate import validate

    proc, ics, report = runs[key]
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    sessions = read_sessions(ics)
    assert sessions
    args = CASES[key]
    busy = [SAMPLES / args[i + 1] for i, a in enumerate(args) if a == "--busy"]
    values = {args[i][2:]: args[i + 1] for i in range(1, len(args), 2) if args[i] != "--busy"}
    loaded = pipeline.load([SAMPLES / args[0]], busy, sample_options(**values))
    assert validate(loaded.problem, sessions) == []
    data = json.loads(report.read_text())
    assert len(data["sessions"]) == len(sessions)


@pytest.mark.parametrize("key", sorted(CASES))
def test_report_json(runs, key: str) -> None:
    _, ics, report = runs[key]
    data = json.loads(report.read_text())
    assert data["status"] == "optimal"
    assert data["objective"] == pytest.approx(data["best_bound"])
    assert isinstance(data["solve_seconds"], float) and data["solve_seconds"] >= 0
    uids = [s.uid for s in read_sessions(ics)]
    for s in data["sessions"]:
        assert {"date", "start", "end", "reasons"} <= set(s)
        assert s["start"].startswith(s["date"]) and s["end"] > s["start"]
        assert s["reasons"] and all(isinstance(r, str) and r for r in s["reasons"])
        assert s["uid"] in uids


@pytest.mark.parametrize("key", sorted(CASES))
def test_terminal_shows_the_week_table(runs, key: str) -> None:
    proc, ics, report = runs[key]
    lines = proc.stdout.splitlines()
    assert lines[0].split() == [
        "wk",
        "monday",
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
        "S",
    ]
    weeks = json.loads(report.read_text())["weeks"]
    rows = [line.split() for line in lines[2 : 2 + weeks]]
    assert [r[0] for r in rows] == [str(w) for w in range(1, weeks + 1)]
    assert sum(int(r[-1]) for r in rows) == len(read_sessions(ics))
    assert lines[-1].startswith("optimal: ")


def test_rerun_gives_the_same_bytes(runs, tmp_path: Path) -> None:
    proc, ics, report = runs["10k_outlook"]
    again, again_report = tmp_path / "strength.ics", tmp_path / "report.json"
    assert (
        legday(
            "plan", *sample_args("10k_outlook"), "-o", again, "--report", again_report
        ).returncode
        == 0
    )
    assert again.read_bytes() == ics.read_bytes()
    first, second = json.loads(report.read_text()), json.loads(again_report.read_text())
    for data in (first, second):
        data.pop("solve_seconds"), data.pop("build_seconds")
    assert first == second


def test_rerun_over_its_own_output_replaces_it(runs, tmp_path: Path) -> None:
    _, ics, _ = runs["half_allday_trainingapp"]
    out = tmp_path / "strength.ics"
    out.write_text("an older plan")
    assert legday("plan", *sample_args("half_allday_trainingapp"), "-o", out).returncode == 0
    assert out.read_bytes() == ics.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["strength.ics"]  # no temporary left


GARBAGE = "this is not a calendar\n"


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["{tmp}/missing.ics"], ["missing.ics", "no such file"]),
        (["{tmp}/garbage.ics"], ["garbage.ics"]),
        (["{10k}", "--sessions", "3-2"], ["sessions", "3-2"]),
        (["{10k}", "--sessions", "lots"], ["sessions", "lots"]),
        (["{10k}", "--window", "21:00-06:00"], ["window", "21:00-06:00"]),
        # Options that contradict each other are named as options, not as the calendar's fault.
        (["{10k}", "--window", "06:10-21:00"], ["options:", "window", "grid"]),
        (["{10k}", "--window", "06:00-06:20"], ["options:", "does not fit the window 06:00-06:20"]),
        (["{10k}", "--tz", "Mars/Olympus"], ["Mars/Olympus"]),
        (["{10k}", "--minutes", "500"], ["minutes", "500"]),
        (["{10k}", "--busy", "{tmp}/garbage.ics"], ["garbage.ics"]),
        (["{10k}", "--config", "{tmp}/missing.toml"], ["missing.toml"]),
        (["{10k}", "--start", "2027-13-01"], ["2027-13-01"]),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path: Path, args, names) -> None:
    (tmp_path / "garbage.ics").write_text(GARBAGE)
    out, report = tmp_path / "out.ics", tmp_path / "report.json"
    out.write_text("an older plan")
    real = [a.format(tmp=tmp_path, **{"10k": SAMPLES / "10k_outlook.ics"}) for a in args]
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = legday("plan", *real, "-o", out, "--report", report)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("legday: error: "), proc.stderr
    for name in names:
        assert name in lines[0]
    assert out.read_text() == "an older plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "garbage.ics").read_text() == GARBAGE


@pytest.mark.parametrize("which", ["output", "report", "busy-output"])
def test_never_writes_over_an_input(tmp_path: Path, which: str) -> None:
    runs = tmp_path / "runs.ics"
    busy = tmp_path / "busy.ics"
    original = (SAMPLES / "10k_outlook.ics").read_bytes()
    runs.write_bytes(original)
    busy.write_bytes((SAMPLES / "work_office_hours.ics").read_bytes())
    target = {
        "output": ["-o", runs],
        "report": ["-o", tmp_path / "out.ics", "--report", runs],
        "busy-output": ["--busy", busy, "-o", busy],
    }[which]
    proc = legday("plan", runs, *target)
    assert proc.returncode == 2
    assert "refusing to write over an input file" in proc.stderr
    assert runs.read_bytes() == original
    assert busy.read_bytes() == (SAMPLES / "work_office_hours.ics").read_bytes()
    assert not (tmp_path / "out.ics").exists()


def test_infeasible_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    out, report = tmp_path / "out.ics", tmp_path / "report.json"
    proc = legday("plan", SAMPLES / "infeasible_tight.ics", "-o", out, "--report", report)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "nothing written" in proc.stderr
    for week in range(1, 5):
        assert f"week {week} " in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_best_effort_writes_and_names_the_short_weeks(tmp_path: Path) -> None:
    out = tmp_path / "out.ics"
    proc = legday("plan", SAMPLES / "infeasible_tight.ics", "-o", out, "--best-effort")
    assert proc.returncode == 0, proc.stderr
    assert len(read_sessions(out)) == 4
    short = [line for line in proc.stderr.splitlines() if line.startswith("legday: short: ")]
    assert [line.split()[3] for line in short] == ["1", "2", "3", "4"]


def test_help_does_not_import_the_solver() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from optimizer.cli import main\n"
        "for args in (['--help'], ['plan', '--help']):\n"
        "    result = CliRunner().invoke(main, args)\n"
        "    assert result.exit_code == 0, result.output\n"
        "    assert 'Example' in result.output\n"
        "top = {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(top & {'ortools', 'pandas', 'icalendar'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


def test_weeks_without_start_counts_from_the_first_runs_week(tmp_path: Path) -> None:
    """Bug: --weeks was ignored unless --start was given too."""
    report = tmp_path / "report.json"
    proc = legday(
        "plan",
        SAMPLES / "10k_outlook.ics",
        "--weeks",
        "2",
        "-o",
        tmp_path / "out.ics",
        "--report",
        report,
        "-q",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(report.read_text())
    assert (data["start"], data["weeks"]) == ("2027-03-01", 2)
    assert all(s["date"] < "2027-03-15" for s in data["sessions"])


def test_long_run_the_day_before_start_still_counts(tmp_path: Path) -> None:
    """Bug: runs before --start were not read, so a plan starting the Monday after Sunday's
    long run (Sun 10 Jan) could put strength on that Monday."""
    report = tmp_path / "report.json"
    proc = legday(
        "plan",
        SAMPLES / "marathon_google.ics",
        "--start",
        "2027-01-11",
        "--weeks",
        "4",
        "-o",
        tmp_path / "out.ics",
        "--report",
        report,
        "-q",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(report.read_text())
    assert data["start"] == "2027-01-11"
    assert "2027-01-11" not in [s["date"] for s in data["sessions"]]


def test_a_hostile_rule_is_named_when_nothing_is_left(tmp_path: Path) -> None:
    """Bug: a calendar whose only run repeats every second said just "no runs found"; the
    importer's warning (the skipped FREQ=SECONDLY rule) was lost with the error."""
    src = tmp_path / "secondly.ics"
    src.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\nBEGIN:VEVENT\nUID:a@t\n"
        "DTSTART:20270101T070000Z\nRRULE:FREQ=SECONDLY\nSUMMARY:Easy run\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    done = legday("plan", src, "-o", tmp_path / "out.ics")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "SECONDLY" in lines[0] and "secondly.ics" in lines[0]
    assert not (tmp_path / "out.ics").exists()
