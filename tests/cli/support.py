"""The real ``legday`` command, run as a user runs it (a new Python process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LEGDAY = [sys.executable, "-m", "optimizer.cli"]


def legday(*args: str | Path, cwd: str | Path | None = None) -> subprocess.CompletedProcess:
    """Run ``legday ARGS`` to the end; its exit code, stdout and stderr (text)."""
    return subprocess.run(
        [*LEGDAY, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )
