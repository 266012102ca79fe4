"""Run fuzz cases as the real command, each in a process of its own.

legday is imported once; each case is a ``fork()`` of that process (the command starts in
milliseconds instead of seconds), with its own folder, stdout and stderr files, and runs
``legday``'s own entry point (:func:`optimizer.cli.main`) with the case's arguments: exit code,
output and traceback are the command's. The child measures its own CPU time (all threads: the
solver's too) and peak memory when the command returns, then judges a written plan
(:mod:`benchmarks.fuzz.check`) and writes what it found as JSON. The parent waits with a
deadline and kills a case that outlives it (a timeout is a failure), so no case is left
running. Inputs are hashed before and after (a command never changes them) and a failed
command must leave the existing output as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import resource
import shutil
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

OLD_OUTPUT = b"the previous plan\r\n"


@dataclass
class Result:
    """What one case did."""

    name: str
    kind: str
    args: list[str]
    exit: int | None  # None: killed at the deadline; negative: died of that signal
    cpu: float = 0.0  # CPU seconds of the command (all threads)
    rss_mb: float = 0.0  # peak resident memory of the process when the command returned
    wall: float = 0.0
    traceback: bool = False
    violations: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # data safety, determinism
    stderr_tail: str = ""
    mutations: list[str] = field(default_factory=list)
    status: str = ""  # a written plan's solve status (report.json): "optimal", "feasible"...


def _child(args: list[str], folder: Path, check: bool) -> int:
    """In the forked child: run the command, measure it, judge its plan; the exit code."""
    out = os.open(folder / "stdout.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(folder / "stderr.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(err, 2)
    # Python's own streams on those descriptors (a test runner may have replaced them).
    sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    os.chdir(folder)
    before = resource.getrusage(resource.RUSAGE_SELF)
    code = 0
    from optimizer.cli import main

    try:
        main(args, prog_name="legday")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # the command let an exception out: a traceback, as Python prints it
        traceback.print_exc()
        code = 1
    after = resource.getrusage(resource.RUSAGE_SELF)
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    found: dict = {
        "exit": code,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "rss_mb": after.ru_maxrss / 1024,
        "violations": [],
    }
    if check and code == 0 and args[0] == "plan":
        try:
            from benchmarks.fuzz.check import check_plan

            found["violations"] = check_plan(args, folder)
        except Exception as exc:  # noqa: BLE001 - the judge failing is reported, not fatal
            found["violations"] = [f"the checker could not judge the plan: {exc!r}"[:300]]
    (folder / "result.json").write_text(json.dumps(found), encoding="utf-8")
    return code


def run_case(
    name: str,
    kind: str,
    files: dict[str, bytes],
    args: list[str],
    work: Path,
    *,
    deadline: float = 120.0,
    check: bool = True,
    mutations: list[str] | None = None,
) -> Result:
    """Write the case's files into a fresh folder under ``work`` and run it (see module)."""
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for file_name, data in files.items():
        (folder / file_name).write_bytes(data)
    if args[0] == "plan":
        args = [*args, "-o", "out.ics", "--report", "report.json"]
        (folder / "out.ics").write_bytes(OLD_OUTPUT)
    digests = {n: hashlib.sha256(d).hexdigest() for n, d in files.items()}
    result = Result(name, kind, args, None, mutations=list(mutations or []))
    began = time.monotonic()
    code = _fork_and_wait(lambda: _child(args, folder, check), deadline)
    result.wall = time.monotonic() - began
    result.exit = code
    err = (folder / "stderr.txt").read_text(encoding="utf-8", errors="replace")
    result.traceback = "Traceback (most recent call last)" in err
    result.stderr_tail = err.strip().splitlines()[-1][:300] if err.strip() else ""
    found_path = folder / "result.json"
    if code is not None and found_path.exists():
        found = json.loads(found_path.read_text(encoding="utf-8"))
        result.cpu, result.rss_mb = found["cpu"], found["rss_mb"]
        result.violations = found["violations"]
    if args[0] == "plan" and code == 0:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
            result.status = str(report.get("status", ""))
    for file_name, digest in digests.items():
        if hashlib.sha256((folder / file_name).read_bytes()).hexdigest() != digest:
            result.problems.append(f"input {file_name} was changed")
    if args[0] == "plan" and code not in (0, None):
        if (folder / "out.ics").read_bytes() != OLD_OUTPUT:
            result.problems.append(f"exit {code}, yet the existing output was replaced")
        if (folder / "report.json").exists():
            result.problems.append(f"exit {code}, yet a report was written")
    if any(p.name.endswith(".tmp") for p in folder.iterdir()):
        result.problems.append("a temp file was left behind")
    return result


def same_bytes_again(result: Result, work: Path, deadline: float = 120.0) -> bool:
    """Run a successful plan case again in its folder: the same input gives the same bytes."""
    folder = work / result.name
    first = (folder / "out.ics").read_bytes()
    code = _fork_and_wait(lambda: _child(result.args, folder, False), deadline)
    return code == 0 and (folder / "out.ics").read_bytes() == first


def _fork_and_wait(work: object, deadline: float) -> int | None:
    """Run ``work()`` in a forked child; its exit code, or None if killed at the deadline."""
    assert threading.active_count() == 1, "fork with threads running"
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 70
        try:
            _die_with_parent()
            code = work()  # type: ignore[operator]
        except BaseException:  # noqa: BLE001
            with contextlib.suppress(Exception):
                traceback.print_exc()
        finally:
            os._exit(code if isinstance(code, int) and 0 <= code < 256 else 70)
    end = time.monotonic() + deadline
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                pid = 0
                return os.waitstatus_to_exitcode(status)  # negative: killed by that signal
            if time.monotonic() > end:
                return None
            time.sleep(0.01)
    finally:
        if pid:  # the deadline, or the suite itself stopped (Ctrl-C, SIGTERM): no case left
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _die_with_parent() -> None:
    """Linux: the case is killed if the suite dies without cleaning up (kill -9)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
