"""Guarded file reading and decoding: the first thing done to any calendar or plan file.

:func:`read_file` turns a path into bytes or one :class:`~optimizer.domain.InputError` line
(missing, a folder, unreadable, too big). :func:`decode` turns a calendar's bytes into unfolded
text (BOMs, UTF-16/32, UTF-8 folded mid-character, Windows-1252) and refuses binary junk.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from optimizer.domain import InputError

MAX_BYTES = 64 * 1024 * 1024  # a file larger than this is refused unread

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def size_text(n: int) -> str:
    """A byte count as a person reads it: ``"64 MB"``, ``"512 bytes"``."""
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n} bytes"


def read_file(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes, or one InputError line naming it.

    Also used for plan files (:mod:`optimizer.calendar.plan_file`).

    Args:
        path: the file.
        limit: the largest size accepted, in bytes.

    Returns:
        The file's content.

    Raises:
        InputError: the file is missing, a folder, unreadable or over ``limit`` bytes.
    """
    p = Path(path)
    try:
        st = p.stat()
        if p.is_dir():
            raise InputError(f"{path}: is a folder, not a calendar file")
        if not p.is_file():
            raise InputError(f"{path}: is not a regular file")
        if st.st_size > limit:
            raise InputError(
                f"{path}: {size_text(st.st_size)} is too big "
                f"(files over {size_text(limit)} are refused)"
            )
        with p.open("rb") as f:
            data = f.read(limit + 1)  # the file may have grown since stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read (permission denied)") from None
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror or e})") from None
    if len(data) > limit:
        raise InputError(f"{path}: is too big (files over {size_text(limit)} are refused)")
    return data


def decode(data: bytes, label: str, name: str, warn: list[str]) -> str:
    """Bytes -> unfolded text with LF line ends.

    UTF-8 is unfolded as bytes first: some writers fold in the middle of a multi-byte
    character, which only decodes once the fold is gone.

    Args:
        data: the file's bytes.
        label: the path as given, for errors.
        name: the file's name, for warnings.
        warn: warnings are appended here (a file read as Windows-1252).

    Returns:
        The text, unfolded, with LF line ends.

    Raises:
        InputError: the file is empty, binary or in no encoding legday reads.
    """
    if not data.strip():
        raise InputError(f"{label}: is empty")
    text = _decode_with_bom(data, label)
    if text is None:
        text = _decode_without_bom(data, label, name, warn)
    # Random bytes without NULs still decode as Windows-1252; control characters give them away.
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(f"{label}: is binary, not an iCalendar file")
    return text


def _decode_with_bom(data: bytes, label: str) -> str | None:
    """UTF-32 or UTF-16 text named by its byte order mark, unfolded; None without one."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"{label}: is not valid {codec.upper()} text") from None
            return _unfold_text(text)
    return None


def _decode_without_bom(data: bytes, label: str, name: str, warn: list[str]) -> str:
    """UTF-8 (an optional BOM dropped), else Windows-1252 with a warning; unfolded."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:
        raise InputError(f"{label}: is binary (it contains NUL bytes), not an iCalendar file")
    data = re.sub(rb"\n[ \t]", b"", data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(f"{label}: is neither UTF-8 nor Windows-1252 text") from None
    warn.append(f"{name}: is not UTF-8; read as Windows-1252")
    return text


def _unfold_text(text: str) -> str:
    return re.sub(r"\n[ \t]", "", text.replace("\r\n", "\n").replace("\r", "\n"))
