"""The fuzzing suite, small enough for every test run (`python -m benchmarks.fuzz` runs the
full one and writes benchmarks/RELIABILITY.md): mutated real-world calendars and generated
adversarial ones through the real `legday classify` and `legday plan`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.fuzz import KINDS
from benchmarks.fuzz.mutate import CORPUS

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.fuzz
def test_a_small_fuzz_run_finds_nothing(tmp_path):
    """No traceback, timeout or crash; every written plan keeps every rule (independent
    checker and validator); inputs untouched; a failed command leaves the old output; no temp
    file left; a second run gives the same bytes.

    The suite runs as its own command: it forks a process per case, which must not happen
    in a test process that earlier tests left with threads running (Ray's, a pool's).
    """
    kinds = KINDS if CORPUS.is_dir() else ("generated",)
    found, report = tmp_path / "found.json", tmp_path / "RELIABILITY.md"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.fuzz",
            *("--cases", "12", "--seconds", "60", "--seed", "2027", "--deadline", "60"),
            *("--kinds", ",".join(kinds), "--safe", "--twice", "2", "--json", str(found)),
            *("--report", str(report)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(found.read_text(encoding="utf-8"))
    results = summary["results"]
    assert len(results) >= 8
    assert summary["failures"] == []
    assert {r["exit"] for r in results} <= {0, 1, 2}
    assert any(r["exit"] == 0 and r["args"][0] == "plan" for r in results)
    assert summary["determinism_checked"] >= 1
    text = report.read_text(encoding="utf-8")  # every figure RELIABILITY.md promises
    for figure in (
        f"| cases | {len(results)} in ",
        "| tracebacks | 0 |",
        "| torn files (an output replaced by a failed command, or a temp file left) | 0 |",
        "| worst CPU time |",
        "| worst peak memory |",
        "| slowest case (wall clock) |",
        "| solve status of written plans | optimal: ",
        "Load while it ran (the machine is shared): 2 cores" if os.cpu_count() == 2 else "Load",
        "| generated |",
        "| 9g |",
    ):
        assert figure in text, figure


def test_every_test_the_reliability_report_names_exists():
    """The table of issue 12's items in RELIABILITY.md names tests that are really there."""
    import ast

    from benchmarks.fuzz.items import ITEMS

    assert [item for item, _, _ in ITEMS][:8] == [str(n) for n in range(1, 9)]
    assert ITEMS[-1][0] == "10"
    for _, _, tests in ITEMS:
        assert tests
        for test in tests:
            file, name = test.split("::")
            tree = ast.parse((ROOT / file).read_text(encoding="utf-8"))
            names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
            assert name in names, test


def test_the_checker_is_not_fooled(tmp_path):
    """The independent checker finds what a hand edit breaks: a session moved onto the long
    run (Sunday 7 March, 09:30-11:00), and one made 45 minutes long."""
    import re
    import shutil
    import subprocess
    import sys

    from benchmarks.fuzz.check import check_plan
    from tests.conftest import SAMPLES

    shutil.copy(SAMPLES / "10k_outlook.ics", tmp_path / "runs.ics")
    args = ["plan", "runs.ics", "-o", "out.ics"]
    done = subprocess.run(
        [sys.executable, "-m", "optimizer.cli", *args, "-q"], cwd=tmp_path, check=False
    )
    assert done.returncode == 0
    assert check_plan(args, tmp_path) == []
    ics = (tmp_path / "out.ics").read_bytes()
    first = re.search(rb"DTSTART;TZID=Europe/Berlin:(\d{8}T\d{6})", ics)
    end = re.search(rb"DTEND;TZID=Europe/Berlin:(\d{8}T\d{6})", ics)
    assert first and end
    broken = ics.replace(first.group(0), b"DTSTART;TZID=Europe/Berlin:20270307T100000", 1)
    broken = broken.replace(end.group(0), b"DTEND;TZID=Europe/Berlin:20270307T104500", 1)
    (tmp_path / "out.ics").write_bytes(broken)
    found = check_plan(args, tmp_path)
    assert any("long-run day" in f for f in found)
    assert any("lasts 0:45:00" in f for f in found)
    assert any("overlaps" in f for f in found)
    assert any(f.startswith("validate:") for f in found)
