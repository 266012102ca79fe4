"""`legday squad` as a coach runs it: real roster, real calendars, real worker processes.

The plans are compared byte for byte with what the real `legday plan` command writes for
the same athlete, whatever the worker count. Timing is the benchmarks' business
(``python -m benchmarks.squad``), never asserted here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from optimizer.squad.roster import safe_file_name
from tests.conftest import SAMPLES as SAMPLE_DIR
from tests.squad.support import CLUB, legday, make_club


@pytest.fixture(scope="module")
def club(tmp_path_factory):
    """The club planned by `legday squad` (2 workers) and by `legday plan`, athlete by athlete."""
    folder = tmp_path_factory.mktemp("club")
    roster = make_club(folder)
    squad = legday("squad", roster, "-o", folder / "plans", "--workers", "2", cwd=folder)
    singles = folder / "singles"
    singles.mkdir()
    exits = {}
    for name, (_, args) in CLUB.items():
        out = singles / safe_file_name(name)
        exits[name] = legday("plan", *args, "--name", name, "-o", out, cwd=folder).exit_code
    return folder, squad, exits


def test_every_plan_is_legday_plan_s_byte_for_byte(club):
    folder, squad, exits = club
    assert squad.exit_code == 0, squad.output
    assert set(exits.values()) == {0}
    for name in CLUB:
        file = safe_file_name(name)
        assert (folder / "plans" / file).read_bytes() == (folder / "singles" / file).read_bytes()


def test_one_worker_writes_the_same_bytes(club, tmp_path):
    folder, _, _ = club
    result = legday("squad", "roster.csv", "-o", tmp_path, "--workers", "1", "-q", cwd=folder)
    assert result.exit_code == 0, result.output
    for name in CLUB:
        file = safe_file_name(name)
        assert (tmp_path / file).read_bytes() == (folder / "plans" / file).read_bytes()


def test_the_results_table_has_a_row_per_athlete(club):
    folder, squad, _ = club
    csv_table = pd.read_csv(folder / "plans" / "results.csv", keep_default_na=False)
    parquet = pd.read_parquet(folder / "plans" / "results.parquet")
    assert list(csv_table.columns) == list(parquet.columns)
    assert {"athlete", "status", "sessions", "weeks_short", "objective", "bound"} <= set(
        parquet.columns
    )
    assert {"solve_seconds", "warnings", "error", "exit", "file"} <= set(parquet.columns)
    assert list(parquet["athlete"]) == list(CLUB)
    assert set(parquet["status"]) == {"optimal"}
    assert (parquet["objective"] == parquet["bound"]).all()
    assert list(parquet["file"]) == [safe_file_name(n) for n in CLUB]
    assert "squad: 6 of 6 athletes planned" in squad.output


def test_safe_file_names():
    assert safe_file_name("Dee/Dee") == "Dee_Dee.ics"
    assert safe_file_name("Chloé") == "Chloé.ics"
    assert safe_file_name("../../etc/passwd") == "etc_passwd.ics"
    assert safe_file_name("CON") == "CON_.ics"
    assert safe_file_name(" . ") == "athlete.ics"


def test_bad_rows_are_reported_and_the_others_planned(tmp_path):
    """A missing file, a login page saved as .ics, an infeasible beginner, a bad option."""
    (tmp_path / "cal").mkdir()
    (tmp_path / "cal" / "login.ics").write_text(
        "<!DOCTYPE html>\n<html><body>Please sign in</body></html>\n", encoding="utf-8"
    )
    roster = make_club(
        tmp_path,
        extra={
            "Gone": {"runs": "cal/nobody.ics"},
            "Html": {"runs": "cal/login.ics"},
            "Tight": {"runs": "cal/infeasible_tight.ics", "level": "beginner"},
            "Odd": {"runs": "cal/10k_outlook.ics", "sessions": "5-2"},
        },
    )
    result = legday("squad", roster, "-o", tmp_path / "out", "-q", cwd=tmp_path)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("legday: ")]
    assert len(lines) == 4, result.output
    gone, html, tight, odd = lines
    assert gone.startswith("legday: Gone (row 7): bad_input: ")
    assert gone.endswith("cal/nobody.ics: no such file")
    assert "Html (row 8): bad_input:" in html and "is not an iCalendar file" in html
    assert tight.startswith("legday: Tight (row 9): infeasible: no plan keeps every rule")
    assert "try: --sessions 1-3" in tight
    assert odd.startswith("legday: Odd (row 10): bad_input: roster: sessions:")
    assert "squad: 6 of 10 athletes planned, 4 without a plan" in result.output
    table = pd.read_parquet(tmp_path / "out" / "results.parquet").set_index("athlete")
    assert dict(table["exit"]) | {} == {
        **{n: 0 for n in CLUB},
        "Gone": 2,
        "Html": 2,
        "Tight": 1,
        "Odd": 2,
    }
    assert not (tmp_path / "out" / "Gone.ics").exists()
    assert sorted(p.name for p in (tmp_path / "out").glob("*.ics")) == sorted(
        safe_file_name(n) for n in CLUB
    )


@pytest.mark.parametrize(
    "header, rows, message",
    [
        ("name,runs,sesions", ["Ana,cal/a.ics,2-3"], "unknown column 'sesions'"),
        ("name,level", ["Ana,beginner"], "no 'runs' column"),
        (
            "name,runs",
            ["Ana,a.ics", "ana,b.ics"],
            "rows 1 ('Ana') and 2 ('ana') name the same athlete",
        ),
        ("name,runs", ["A/B,a.ics", "A:B,b.ics"], "would both be written to A_B.ics"),
        ("name,runs", [",a.ics"], "row 1: no name"),
        ("name,runs", [], "no athletes"),
    ],
)
def test_a_bad_roster_exits_2_and_plans_nothing(tmp_path, header, rows, message):
    roster = tmp_path / "roster.csv"
    roster.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    result = legday("squad", roster, "-o", tmp_path / "out", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.output.startswith("legday: error: ")
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_plan_never_overwrites_an_input(tmp_path):
    roster = make_club(tmp_path, extra={"marathon_google": {"runs": "cal/marathon_google.ics"}})
    result = legday("squad", roster, "-o", tmp_path / "cal", cwd=tmp_path)
    assert result.exit_code == 2
    assert "refusing to write over an input file" in result.output


def test_config_fills_empty_cells_and_the_row_wins(tmp_path):
    """legday.toml's [plan] under every row; a cell over it; legday's default under both."""
    (tmp_path / "legday.toml").write_text(
        '[plan]\nsessions = "1-1"\nprefer = "morning"\n', encoding="utf-8"
    )
    cal = Path("cal/10k_outlook.ics")
    roster = make_club(tmp_path)
    with roster.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "runs", "sessions"])
        w.writerow(["Cfg", cal, ""])
        w.writerow(["Row", cal, "2-2"])
    out = tmp_path / "out"
    result = legday("squad", roster, "-o", out, "--config", "legday.toml", "-q", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    for name, args in (("Cfg", []), ("Row", ["--sessions", "2-2"])):
        single = tmp_path / f"{name}_single.ics"
        cmd = ["plan", cal, "--config", "legday.toml", *args, "--name", name, "-o", single]
        assert legday(*cmd, cwd=tmp_path).exit_code == 0
        assert (out / f"{name}.ics").read_bytes() == single.read_bytes()
    table = pd.read_csv(out / "results.csv").set_index("athlete")
    assert table.loc["Cfg", "sessions"] <= table.loc["Cfg", "weeks"]  # at most 1 a week
    assert table.loc["Row", "sessions"] > table.loc["Cfg", "sessions"]


def test_a_parquet_roster_with_typed_cells(tmp_path):
    """Parquet cells are numbers, dates and lists, not text; they mean the same."""
    make_club(tmp_path)
    frame = pd.DataFrame(
        {
            "name": ["Fin"],
            "runs": [["cal/marathon_google.ics"]],
            "start": [pd.Timestamp("2027-02-01")],
            "weeks": [6.0],
        }
    )
    frame.to_parquet(tmp_path / "roster.parquet")
    result = legday("squad", "roster.parquet", "-o", "out", "-q", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    single = tmp_path / "fin.ics"
    assert legday("plan", *CLUB["Fin"][1], "--name", "Fin", "-o", single, cwd=tmp_path)
    assert (tmp_path / "out" / "Fin.ics").read_bytes() == single.read_bytes()


def test_progress_is_plain_lines_off_a_terminal(club):
    _, squad, _ = club
    progress = [line for line in squad.output.splitlines() if line.startswith("squad ")]
    assert progress[-1].startswith("squad 6/6 athletes, ")
    assert all("[" not in line for line in progress)  # the bar is for terminals only


def test_the_bar_on_a_terminal_and_nothing_when_quiet():
    import io

    from optimizer.squad.progress import Progress

    screen = io.StringIO()
    bar = Progress(4, stream=screen, tty=True)
    for ok in (True, False, True, True):
        bar.update(ok)
    bar.close()
    last = screen.getvalue().split("\r")[-1]
    assert last.startswith("squad [" + "#" * 24 + "] 4/4 athletes, 1 failed, ")
    assert last.endswith("/s\x1b[K\n")
    quiet = io.StringIO()
    hush = Progress(4, stream=quiet, tty=True, quiet=True)
    hush.update(True)
    hush.close()
    assert quiet.getvalue() == ""


def test_a_calendar_from_a_url_plans_as_the_same_file_does(tmp_path):
    """A URL cell is fetched as `legday serve` fetches it; the plan is the file's plan."""
    from tests.serve_support import SourceServer

    body = (SAMPLE_DIR / "10k_outlook.ics").read_bytes()
    source = SourceServer().start()
    try:
        source.set("/plan.ics", body)
        source.set("/login", b"<html><body>Sign in</body></html>")
        roster = tmp_path / "roster.csv"
        roster.write_text(
            "name,runs\n"
            f"Web,{source.base}/plan.ics\n"
            f"Gone,{source.base}/missing.ics\n"
            f"Login,webcal://127.0.0.1:{source.base.rsplit(':', 1)[1]}/login\n",
            encoding="utf-8",
        )
        result = legday("squad", roster, "-o", tmp_path / "out", "-q", "--workers", "1")
    finally:
        source.stop()
    (tmp_path / "plan.ics").write_bytes(body)
    single = tmp_path / "single.ics"
    assert legday("plan", tmp_path / "plan.ics", "--name", "Web", "-o", single).exit_code == 0
    assert (tmp_path / "out" / "Web.ics").read_bytes() == single.read_bytes()
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("legday: ")]
    assert lines[0].startswith("legday: Gone (row 2): bad_input: ")
    assert "the server answered HTTP 404" in lines[0] and "missing.ics" not in lines[0]
    assert lines[1].startswith("legday: Login (row 3): bad_input: ")
    assert "login" not in lines[1]  # a URL's path is never shown (apps keep tokens there)
