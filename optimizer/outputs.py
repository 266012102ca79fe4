"""All the files one command writes, committed together or not at all.

A command collects what it will write (:meth:`Outputs.add`) and then :meth:`Outputs.commit`\\ s
it in one go:

1. every target is checked again: a regular file or nothing yet (``-`` is standard output);
   a FIFO, a device, a socket or a folder is refused (:func:`check_target`);
2. temp files a killed run left beside a target are removed: only ours (our name pattern, our
   user, a regular file, and the process that wrote it no longer runs);
3. every temp file is written and flushed to disk beside its target;
4. standard output is written, if one output is ``-``;
5. every temp file is renamed over its target, then the folders are flushed.

A failure before step 5 removes the temp files and leaves every target as it was; its message
names the target, never the temp file. The renames of step 5 are in one folder each and
cannot run out of space, so in practice a command's outputs all change or none does.
``legday plan`` commits its calendar, ``--report``, the ``--html`` page and the ``--fit`` files
this way (FIT files of an earlier plan are removed only once the new ones are in place).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from optimizer.domain import InputError

STDOUT = "-"
_TMP = re.compile(r"^\.(?P<name>.+)\.legday-(?P<pid>\d+)-[0-9a-f]+\.tmp$")
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_target(path: str) -> None:
    """Refuse an output that is not a regular file (or ``-``, standard output).

    Writing over a FIFO or a device would replace it with a regular file; a FIFO is never
    opened here (that would block until someone reads it).

    Raises:
        InputError: the path is a folder, a FIFO, a device or a socket.
    """
    if path == STDOUT:
        return
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"{path}: cannot be checked ({exc.strerror or exc})") from None
    for test, kind in _KINDS:
        if test(mode):
            raise InputError(f"{path}: is {kind}, not a file; refusing to write there")


def temp_name(target: Path) -> str:
    """A hidden temp file's name beside ``target``: ours, by pattern and process id."""
    return f".{target.name}.legday-{os.getpid()}-{secrets.token_hex(4)}.tmp"


def stale_temps(target: Path) -> Iterator[Path]:
    """Temp files a killed legday run left beside ``target``.

    Only files that match our pattern for this very target, belong to this user, are regular
    files (never a symlink) and were written by a process that no longer runs.
    """
    folder = target.parent
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _TMP.match(name)
        if m is None or m["name"] != target.name:
            continue
        path = folder / name
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid():
            continue
        if _running(int(m["pid"])):
            continue  # another legday run is writing it now
        yield path


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or unsure: keep the file
    return True


@dataclass
class _Pending:
    target: Path
    data: bytes
    temp: Path | None = None


class Outputs:
    """The outputs of one command, committed together (see the module's docstring)."""

    def __init__(self) -> None:
        self._files: list[_Pending] = []
        self._stdout: bytes | None = None
        self._folders: list[Path] = []  # made when the outputs are committed
        self._stale: list[Path] = []  # removed once every output is in place

    def folder(self, path: str | Path) -> None:
        """Make the folder ``path`` when the outputs are committed (removed again, if empty,
        when the commit fails)."""
        self._folders.append(Path(path))

    def remove(self, path: str | Path) -> None:
        """Remove the regular file ``path`` once every output is in place (an output of an
        earlier run that this one no longer has)."""
        self._stale.append(Path(path))

    def add(self, path: str | Path, data: bytes) -> None:
        """Write ``data`` to ``path`` (``-``: standard output) when the outputs are committed."""
        if str(path) == STDOUT:
            if self._stdout is not None:
                raise InputError("-: standard output named as two outputs")
            self._stdout = data
            return
        target = Path(path)
        if any(p.target == target for p in self._files):
            raise InputError(f"{path}: named as two outputs")
        self._files.append(_Pending(target, data))

    def commit(self, stdout: BinaryIO | None = None) -> None:
        """Write every output, or none (the targets stay as they were).

        Args:
            stdout: where ``-`` goes (default: this process's standard output).

        Raises:
            InputError: a target is no regular file, or cannot be written; the message names
                the target.
        """
        for p in self._files:
            check_target(str(p.target))
        made = self._make_folders()
        for p in self._files:
            for stale in stale_temps(p.target):
                with contextlib.suppress(OSError):
                    os.unlink(stale)
        committed = False
        try:
            for p in self._files:
                self._stage(p)
            if self._stdout is not None:
                self._write_stdout(stdout)
            for done, p in enumerate(self._files):
                assert p.temp is not None
                try:
                    os.replace(p.temp, p.target)
                except OSError as exc:
                    written = [str(q.target) for q in self._files[:done]]
                    raise _named(p.target, exc, written=written) from None
                p.temp = None
            committed = True
        finally:
            for p in self._files:
                if p.temp is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(p.temp)
                    p.temp = None
            if not committed:
                for folder in reversed(made):
                    with contextlib.suppress(OSError):
                        folder.rmdir()  # only if still empty
        for stale in self._stale:
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISREG(os.lstat(stale).st_mode):
                    os.unlink(stale)
        for folder in sorted({p.target.parent for p in self._files}):
            _fsync_folder(folder)

    def _make_folders(self) -> list[Path]:
        """The folders asked for, made; the ones that did not exist before."""
        made: list[Path] = []
        for folder in self._folders:
            if folder.is_dir():
                continue
            try:
                folder.mkdir(parents=False)
            except OSError as exc:
                for done in reversed(made):
                    with contextlib.suppress(OSError):
                        done.rmdir()
                raise _named(folder, exc) from None
            made.append(folder)
        return made

    def _stage(self, p: _Pending) -> None:
        """The temp file beside the target, written and on disk, with the target's mode."""
        folder = p.target.parent
        temp = folder / temp_name(p.target)
        try:
            mode = os.stat(p.target).st_mode & 0o777
        except OSError:
            mode = 0o644
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except OSError as exc:
            raise _named(p.target, exc) from None
        p.temp = temp
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(p.data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(temp, mode)
        except OSError as exc:
            raise _named(p.target, exc) from None

    def _write_stdout(self, stdout: BinaryIO | None) -> None:
        assert self._stdout is not None
        out = stdout if stdout is not None else sys.stdout.buffer
        try:
            out.write(self._stdout)
            out.flush()
        except BrokenPipeError:
            # The reader stopped reading (`| head`): its choice; the files still follow.
            silence_stdout()
        except OSError as exc:
            raise _named(Path(STDOUT), exc, "standard output") from None


def _named(
    target: Path, exc: OSError, label: str | None = None, written: list[str] | None = None
) -> InputError:
    """An OS error as one line naming the output (never the temp file)."""
    why = exc.strerror or os.strerror(exc.errno or errno.EIO) or type(exc).__name__
    after = f"only {', '.join(written)} was written" if written else "no output was changed"
    return InputError(f"{label or target}: cannot be written ({why}); {after}")


def _fsync_folder(folder: Path) -> None:
    """Make the renames durable (best effort: some systems cannot open a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def silence_stdout() -> None:
    """Point standard output at /dev/null, so that nothing more (nor Python's exit-time
    flush) fails on the closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
