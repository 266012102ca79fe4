"""`legday diff`: what moved, was added, dropped or stayed between two versions of a plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.calendar.plan_file import compare, read_plan
from optimizer.cli import main
from tests.conftest import SAMPLES

TEN_K = SAMPLES / "10k_outlook.ics"


def legday(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def rows(output: str) -> list[list[str]]:
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("change "))
    return [line.split() for line in lines[start + 2 : -1]]


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Our 10K plan, then re-planned from 15 Mar with Tue 9 Mar missed and 45-minute sessions
    from then on (so every later session changes its length), then with a later window."""
    folder = tmp_path_factory.mktemp("diff")
    old, missed, longer = folder / "old.ics", folder / "missed.ics", folder / "longer.ics"
    assert legday("plan", TEN_K, "-o", old, "-q").exit_code == 0
    assert (
        legday(
            "plan",
            TEN_K,
            "--previous",
            old,
            "-o",
            missed,
            "--today",
            "2027-03-15",
            "--missed",
            "2027-03-09",
            "-q",
        ).exit_code
        == 0
    )
    assert (
        legday(
            "plan",
            TEN_K,
            "--previous",
            old,
            "-o",
            longer,
            "--today",
            "2027-04-05",
            "--minutes",
            "45",
            "-q",
        ).exit_code
        == 0
    )
    return old, missed, longer


def test_identical_plans_show_only_unchanged(versions) -> None:
    old, _, _ = versions
    result = legday("diff", old, old, "--exit-code")
    assert result.exit_code == 0
    assert {r[0] for r in rows(result.output)} == {"unchanged"}
    assert result.output.splitlines()[-1] == (
        "moved 0, added 0, dropped 0, unchanged 14 (times in Europe/Berlin)"
    )


def test_a_missed_session_shows_as_dropped(versions) -> None:
    old, missed, _ = versions
    result = legday("diff", old, missed, "--changes-only", "--exit-code")
    assert result.exit_code == 1
    assert rows(result.output) == [
        ["dropped", "Tue", "2027-03-09", "20:15", "0->1", *rows(result.output)[0][5:]]
    ]
    assert "moved 0, added 0, dropped 1, unchanged 13" in result.output


def test_longer_sessions_show_as_changed_with_their_sequence(versions) -> None:
    old, _, longer = versions
    result = legday("diff", old, longer, "--changes-only")
    assert result.exit_code == 0  # without --exit-code
    table = rows(result.output)
    assert table and {r[0] for r in table} == {"changed"}
    assert all(r[7] == "0->1" for r in table)  # was, now (same start), then SEQUENCE
    assert all(r[1:4] == r[4:7] for r in table)


def test_matching_is_by_uid_not_by_time(tmp_path: Path, versions) -> None:
    """Same times under new UIDs: every session dropped and added again (a subscribed calendar
    would see exactly that)."""
    old, _, _ = versions
    renamed = tmp_path / "renamed.ics"
    renamed.write_bytes(old.read_bytes().replace(b"UID:legday-", b"UID:other-"))
    result = legday("diff", old, renamed)
    kinds = [r[0] for r in rows(result.output)]
    assert kinds.count("dropped") == kinds.count("added") == 14
    assert "unchanged" not in kinds


def test_compare_on_entries(versions) -> None:
    old, missed, _ = versions
    changes = compare(read_plan(old, tz="UTC").entries, read_plan(missed, tz="UTC").entries)
    assert [c.kind for c in changes].count("unchanged") == 13
    dropped = [c for c in changes if c.kind == "dropped"]
    assert len(dropped) == 1 and dropped[0].new is not None and dropped[0].new.cancelled


def test_bad_input_is_one_line_exit_2(tmp_path: Path, versions) -> None:
    old, _, _ = versions
    result = CliRunner().invoke(main, ["diff", str(old), str(tmp_path / "nope.ics")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"legday: error: {tmp_path / 'nope.ics'}: no such file"
    ]
    result = CliRunner().invoke(main, ["diff", str(old), str(old), "--tz", "Mars/Olympus"])
    assert result.exit_code == 2 and "unknown time zone" in result.output
