"""What `legday plan` writes, and what it leaves alone when it cannot: real command, real
file systems.

Full and read-only file systems are real tmpfs mounts in a private mount namespace
(``unshare -Urm``, no privileges needed where user namespaces are enabled; skipped elsewhere);
"File too large" is the real EFBIG of ``RLIMIT_FSIZE``.
"""

from __future__ import annotations

import os
import resource
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

RUNS = str(SAMPLES / "10k_outlook.ics")
LEGDAY = [sys.executable, "-m", "optimizer.cli"]


def legday(*args: str | Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*LEGDAY, *map(str, args)], capture_output=True, text=True, timeout=120, **kw
    )


def _namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null"],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


needs_mounts = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not _namespaces_work(),
    reason="needs unshare -Urm (user and mount namespaces) to mount a tmpfs",
)


def in_namespace(script: str) -> subprocess.CompletedProcess:
    """Run a shell script in a private user and mount namespace (tmpfs mounts vanish after)."""
    return subprocess.run(
        ["unshare", "-Urm", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@needs_mounts
def test_a_report_that_cannot_be_written_leaves_the_old_plan(tmp_path: Path) -> None:
    """Issue 12, item 3: the plan was written before --report; when the report could not be
    written the command failed with the new plan already in place. Now both or neither."""
    out, ro = tmp_path / "strength.ics", tmp_path / "ro"
    ro.mkdir()
    out.write_bytes(b"the old plan\n")
    legday_cmd = shlex.join([*LEGDAY, "plan", RUNS, "-o", str(out), "--report"])
    done = in_namespace(
        f"mount -t tmpfs -o size=1m tmpfs {ro} && echo old > {ro}/report.json && "
        f"mount -o remount,ro {ro} && {legday_cmd} {ro}/report.json"
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"legday: error: {ro}/report.json: cannot be written (Read-only file system); "
        "no output was changed"
    ]
    assert out.read_bytes() == b"the old plan\n"
    assert temps(tmp_path) == []


@needs_mounts
def test_a_full_disk_names_the_output_and_changes_nothing(tmp_path: Path) -> None:
    """Issue 12, item 9: "No space left on device" named no file (or the temp file); the
    message names the output, the old plan stays, no temp file is left behind."""
    disk = tmp_path / "disk"
    disk.mkdir()
    out = disk / "strength.ics"
    legday_cmd = shlex.join([*LEGDAY, "plan", RUNS, "-o", str(out)])
    done = in_namespace(
        f"mount -t tmpfs -o size=256k tmpfs {disk} && echo old plan > {out} && "
        f"(dd if=/dev/zero of={disk}/filler bs=4k 2>/dev/null; true) && {legday_cmd}; "
        f"echo rc=$?; cat {out}; ls -a {disk}"
    )
    lines = done.stdout.splitlines()
    assert "rc=2" in lines and "old plan" in lines, done.stdout + done.stderr
    assert done.stderr.strip() == (
        f"legday: error: {out}: cannot be written (No space left on device); no output was changed"
    )
    assert not [name for name in lines if name.endswith(".tmp")]


@needs_mounts
def test_a_read_only_folder_names_the_output_not_the_temp_file(tmp_path: Path) -> None:
    """Issue 12, item 9: on a read-only file system the error quoted the hidden temp file."""
    ro = tmp_path / "ro"
    ro.mkdir()
    out = ro / "strength.ics"
    legday_cmd = shlex.join([*LEGDAY, "plan", RUNS, "-o", str(out)])
    done = in_namespace(f"mount -t tmpfs -o size=1m,ro tmpfs {ro} && {legday_cmd}")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"legday: error: {out}: cannot be written (Read-only file system); no output was changed"
    )


def _file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed

    return apply


def test_file_too_large_names_the_output(tmp_path: Path) -> None:
    """Issue 12, item 9: EFBIG ("File too large") named the temp file, not the output."""
    out = tmp_path / "strength.ics"
    out.write_bytes(b"the old plan\n")
    done = legday("plan", RUNS, "-o", out, preexec_fn=_file_size_limit(4096))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"legday: error: {out}: cannot be written (File too large); no output was changed"
    )
    assert out.read_bytes() == b"the old plan\n"
    assert temps(tmp_path) == []


def _special_file(folder: Path, kind: str) -> tuple[Path, str]:
    """A FIFO, a socket or a device (a copy of /dev/null's node) inside ``folder``.

    Never the real /dev/null: a legday without this fix, run as root, would replace it.
    """
    target = folder / f"{kind}.ics"
    if kind == "fifo":
        os.mkfifo(target)
        return target, "a FIFO (named pipe)"
    if kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        server.close()
        return target, "a socket"
    try:
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD")
    return target, "a device"


@pytest.mark.parametrize("kind", ["fifo", "socket", "device"])
def test_a_fifo_a_socket_or_a_device_is_refused(tmp_path: Path, kind: str) -> None:
    """Issue 12, item 9: `-o` pointing at a FIFO or a device was silently replaced by a
    regular file. It is refused before anything is planned, and left as it was."""
    target, what = _special_file(tmp_path, kind)
    before = os.stat(target)
    done = legday("plan", RUNS, "-o", target)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"legday: error: {target}: is {what}, not a file; refusing to write there"
    )
    after = os.stat(target)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode,
        before.st_ino,
        before.st_rdev,
    )


def test_dash_writes_the_plan_to_standard_output(tmp_path: Path) -> None:
    """Issue 12, item 9: `-o -` made a file called '-'. It is standard output now, byte for
    byte the file `-o FILE` writes; the table and the summary go to stderr."""
    file_run = legday("plan", RUNS, "-o", tmp_path / "strength.ics")
    piped = subprocess.run(
        [*LEGDAY, "plan", RUNS, "-o", "-"], capture_output=True, timeout=120, cwd=tmp_path
    )
    assert piped.returncode == 0 and file_run.returncode == 0
    assert piped.stdout == (tmp_path / "strength.ics").read_bytes()
    assert b"standard output" in piped.stderr
    assert not (tmp_path / "-").exists()


def test_stale_temp_files_of_a_killed_run_are_cleaned(tmp_path: Path) -> None:
    """Issue 12, item 9: a run killed with SIGKILL left its hidden temp file for ever. The
    next run removes ours, and only ours: this output's, written by a process that is gone,
    a regular file of this user. A live run's temp file, a symlink, someone else's file
    stay."""
    out = tmp_path / "strength.ics"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a real process id that no longer runs
    stale = tmp_path / f".strength.ics.legday-{gone.pid}-0123abcd.tmp"
    stale.write_bytes(b"BEGIN:VCALENDAR\r\n")  # cut off mid-write by the kill
    live = tmp_path / f".strength.ics.legday-{os.getpid()}-89abcdef.tmp"
    live.write_bytes(b"being written\r\n")
    other_output = tmp_path / f".other.ics.legday-{gone.pid}-0123abcd.tmp"
    other_output.write_bytes(b"not this output's\r\n")
    link = tmp_path / f".strength.ics.legday-{gone.pid}-feedbeef.tmp"
    link.symlink_to(other_output)
    not_ours = tmp_path / ".strength.ics.x1y2z3.tmp"
    not_ours.write_bytes(b"someone else's\r\n")
    done = legday("plan", RUNS, "-o", out, "-q")
    assert done.returncode == 0, done.stderr
    assert not stale.exists()
    assert live.exists() and other_output.exists() and link.is_symlink() and not_ours.exists()


def test_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    """Issue 12, item 9: `-q` still printed the summary line."""
    done = legday("plan", RUNS, "-o", tmp_path / "strength.ics", "-q")
    assert done.returncode == 0
    assert done.stdout == "" and done.stderr == ""


def test_a_closed_pipe_is_not_an_error() -> None:
    """Issue 12, item 9: `legday classify X | head -1` exited 2 with "Broken pipe". A reader
    that stops reading is its own business: exit 0, nothing on stderr."""
    proc = subprocess.Popen(
        [*LEGDAY, "classify", str(SAMPLES / "marathon_google.ics")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # as `| head -1` does once it has its line (here: before any)
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert err == b""


@needs_mounts
def test_the_page_and_watch_files_are_committed_with_the_calendar(tmp_path: Path) -> None:
    """Issue 12, item 3, for every output: when the --html page cannot be written, neither
    the calendar nor the report nor the --fit files change (and no FIT folder is left)."""
    pytest.importorskip("garmin_fit_sdk")
    out, ro = tmp_path / "strength.ics", tmp_path / "ro"
    ro.mkdir()
    out.write_bytes(b"the old plan\n")
    legday_cmd = shlex.join(
        [
            *LEGDAY,
            "plan",
            RUNS,
            "-o",
            str(out),
            "--report",
            str(tmp_path / "r.json"),
            "--fit",
            str(tmp_path / "watch"),
            "--html",
        ]
    )
    done = in_namespace(f"mount -t tmpfs -o size=1m,ro tmpfs {ro} && {legday_cmd} {ro}/plan.html")
    assert done.returncode == 2, done.stderr
    assert "plan.html: cannot be written (Read-only file system)" in done.stderr
    assert out.read_bytes() == b"the old plan\n"
    assert not (tmp_path / "r.json").exists() and not (tmp_path / "watch").exists()
    assert temps(tmp_path) == []


def test_a_killed_run_leaves_no_temp_file_for_ever(tmp_path: Path) -> None:
    """Issue 12, item 9, as a user meets it: a run is killed with SIGKILL while its temp
    files are being written (caught by watching the folder: the calendar, the report and the
    page are each written and flushed to disk before any is renamed). The old plan is left
    as it was, and the next run cleans what the killed one left."""
    out = tmp_path / "strength.ics"
    out.write_bytes(b"the old plan\n")
    args = [*LEGDAY, "plan", RUNS, "-o", out, "--report", tmp_path / "r.json", "-q"]
    args += ["--html", tmp_path / "plan.html"]
    left: list[str] = []
    for _ in range(20):  # the window is milliseconds wide: try until a kill lands in it
        proc = subprocess.Popen(list(map(str, args)), stderr=subprocess.DEVNULL)
        while proc.poll() is None and not (left := temps(tmp_path)):
            pass
        if left:
            proc.kill()
        proc.wait(timeout=120)
        if left and proc.returncode == -signal.SIGKILL and temps(tmp_path):
            break
        for path in (out, tmp_path / "r.json", tmp_path / "plan.html"):
            path.unlink(missing_ok=True)
        out.write_bytes(b"the old plan\n")
        left = []
    assert left, "no run was killed while writing its temp files"
    assert out.read_bytes() == b"the old plan\n"
    done = legday(*args[len(LEGDAY) :])
    assert done.returncode == 0, done.stderr
    assert temps(tmp_path) == []
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_classify_into_head_exits_quietly(tmp_path: Path) -> None:
    """Issue 12, item 9, the user's own line: `legday classify X | head -1` printed
    "Broken pipe" and exited 2. In a real shell pipeline, legday's exit is 0 and it says
    nothing (a calendar long enough that its table outgrows the pipe's buffer)."""
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:run{d}@test\r\nDTSTART;VALUE=DATE:{20270301 + d % 28}\r\n"
        f"SUMMARY:Easy run {d} km with a title long enough to fill a terminal line\r\n"
        "END:VEVENT\r\n"
        for d in range(1000)
    )
    cal = tmp_path / "runs.ics"
    cal.write_text(
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{events}END:VCALENDAR\r\n",
        encoding="utf-8",
        newline="",
    )
    line = shlex.join([*LEGDAY, "classify", str(cal)])
    done = subprocess.run(
        ["bash", "-c", f"{line} 2>{tmp_path / 'err'} | head -1; echo rc=${{PIPESTATUS[0]}}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith("when ") and lines[-1] == "rc=0", done.stdout
    assert (tmp_path / "err").read_text(encoding="utf-8") == ""
