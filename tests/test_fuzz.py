"""The fuzzing suite, small enough for every test run (`python -m benchmarks.fuzz` runs the
full one and writes benchmarks/RELIABILITY.md): mutated real-world calendars and generated
adversarial ones through the real `legday classify` and `legday plan`."""

from __future__ import annotations

import pytest

_SMALL_RUN = """
import json, sys
from pathlib import Path
from benchmarks.fuzz import KINDS, run_fuzz
from benchmarks.fuzz.mutate import CORPUS
summary = run_fuzz(
    cases=12, seconds=60, seed=2027, work=Path(sys.argv[1]), risky=False,
    kinds=KINDS if CORPUS.is_dir() else ("generated",), deadline=60, every_nth_twice=2,
)
print(json.dumps({
    "results": len(summary.results),
    "failures": [str(f) for f in summary.failures()],
    "exits": sorted({r.exit for r in summary.results}, key=str),
    "planned": any(r.exit == 0 and r.args[0] == "plan" for r in summary.results),
    "twice": summary.determinism_checked,
}))
"""


@pytest.mark.fuzz
def test_a_small_fuzz_run_finds_nothing(tmp_path):
    """No traceback, timeout or crash; every written plan keeps every rule (independent
    checker and validator); inputs untouched; a failed command leaves the old output; no temp
    file left; a second run gives the same bytes. The suite forks its cases, so it runs in a
    process of its own (the test session may hold threads: a fork must not copy them)."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _SMALL_RUN, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["results"] >= 8
    assert summary["failures"] == []
    assert set(summary["exits"]) <= {0, 1, 2}
    assert summary["planned"]
    assert summary["twice"] >= 1


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
