"""`legday plan --html PAGE --fit DIR`: the command of the issue, run as a user runs it."""

from __future__ import annotations

import urllib.parse

from tests.cli.test_plan_cli import legday, read_sessions
from tests.conftest import SAMPLES
from tests.render_support import fit_exercises, read_fit, read_html


def test_plan_writes_page_and_watch_files_that_agree_with_the_calendar(tmp_path):
    done = legday(
        "plan",
        SAMPLES / "marathon_google.ics",
        "-o",
        "s.ics",
        "--html",
        "p.html",
        "--fit",
        "fit/",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "page: p.html" in done.stdout and "watch: 34 FIT workout files in fit/" in done.stdout
    sessions = read_sessions(tmp_path / "s.ics")
    doc = read_html((tmp_path / "p.html").read_bytes())
    shown = doc.find_all("details", class_="session")
    assert [d.attrs["data-uid"] for d in shown] == [s.uid for s in sessions]
    fits = sorted((tmp_path / "fit").iterdir())
    assert len(fits) == len(sessions)
    links = [a.attrs["href"] for a in doc.find_all("a")]
    assert "s.ics" in links
    for d in shown:
        (a,) = d.find_all("a", class_="fit")
        target = tmp_path / urllib.parse.unquote(a.attrs["href"])
        steps = fit_exercises(read_fit(target.read_bytes()))
        names = [
            li.find_all("strong")[0].text for li in d.find_all("li") if "data-exercise" in li.attrs
        ]
        assert [e.name for e in steps] == names
    # Planning again gives the same bytes.
    first = {p.name: p.read_bytes() for p in [tmp_path / "p.html", *fits]}
    again = legday(
        "plan",
        SAMPLES / "marathon_google.ics",
        "-o",
        "s.ics",
        "--html",
        "p.html",
        "--fit",
        "fit",
        "-q",
        cwd=tmp_path,
    )
    assert again.returncode == 0
    assert {p.name: p.read_bytes() for p in [tmp_path / "p.html", *fits]} == first


def test_page_links_reach_files_in_other_folders(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "cal").mkdir()
    done = legday(
        "plan",
        SAMPLES / "10k_outlook.ics",
        "-o",
        "cal/my plan.ics",
        "--html",
        "out/p.html",
        "--fit",
        "watch files",
        "-q",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    doc = read_html((tmp_path / "out" / "p.html").read_bytes())
    hrefs = [a.attrs["href"] for a in doc.find_all("a")]
    assert "../cal/my%20plan.ics" in hrefs
    fit_links = [h for h in hrefs if h.endswith(".fit")]
    assert fit_links and all(h.startswith("../watch%20files/legday-") for h in fit_links)
    for h in fit_links:
        assert (tmp_path / "out" / urllib.parse.unquote(h)).resolve().is_file()


def test_fit_into_a_file_is_one_clear_error(tmp_path):
    (tmp_path / "fit").write_text("not a folder")
    done = legday("plan", SAMPLES / "10k_outlook.ics", "-o", "s.ics", "--fit", "fit", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "'--fit'" in done.stderr and "is a file" in done.stderr
    assert not (tmp_path / "s.ics").exists()


def test_html_over_an_input_is_refused(tmp_path):
    src = tmp_path / "runs.ics"
    src.write_bytes((SAMPLES / "10k_outlook.ics").read_bytes())
    done = legday("plan", src, "-o", "s.ics", "--html", src, cwd=tmp_path)
    assert done.returncode == 2 and "refusing to write over an input file" in done.stderr


def test_fit_without_the_sdk_says_how_to_install_it(tmp_path):
    """Garmin's SDK is an extra (legday[watch]): without it --fit stops before planning."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['garmin_fit_sdk'] = None; "
        "from optimizer.cli import main; sys.argv[0] = 'legday'; main()"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "plan",
            str(SAMPLES / "10k_outlook.ics"),
            "-o",
            "s.ics",
            "--html",
            "p.html",
            "--fit",
            "fit",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "legday: error: FIT files need Garmin's FIT SDK: pip install 'legday[watch]'\n"
    )
    assert list(tmp_path.iterdir()) == []
