"""What every command shares: exit codes, one-line errors, path checks and plain tables.

Only click and the standard library: every command module imports this one, and
``legday --help`` imports every command module.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, ParamSpec, TypeVar

import click

from optimizer.domain import InputError
from optimizer.outputs import check_target, silence_stdout

EXIT_OK, EXIT_INFEASIBLE, EXIT_INPUT = 0, 1, 2

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    """Print ``legday: error: MESSAGE`` on stderr and exit with ``code``."""
    click.echo(f"legday: error: {message}", err=True)
    sys.exit(code)


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """One clear line and a non-zero exit for bad input; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except BrokenPipeError:
            # The reader of our output stopped reading (`legday classify X | head -1`): that
            # is its choice, not an error. Quiet, and nothing more to write.
            silence_stdout()
            sys.exit(EXIT_OK)
        except InputError as exc:
            fail(str(exc))
        except (OSError, ValueError) as exc:
            if os.environ.get("LEGDAY_DEBUG"):
                raise
            fail(str(exc) or exc.__class__.__name__)
        except KeyboardInterrupt:
            fail("interrupted", 130)

    return wrapper


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table: columns as wide as their widest cell, two spaces apart."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return "\n".join(out)


def check_paths(inputs: Sequence[str], outputs: Sequence[str | None]) -> None:
    """Inputs must exist; an output must never be one of the inputs, nor a FIFO, a device or
    a folder (``-`` is standard output)."""
    for p in inputs:
        path = Path(p)
        if not path.exists():
            raise InputError(f"{p}: no such file")
        if path.is_dir():
            raise InputError(f"{p}: is a folder, not a calendar file")
    resolved = {Path(p).resolve() for p in inputs}
    seen: set[Path | str] = set()
    for out in outputs:
        if not out:
            continue
        if out == "-":
            if "-" in seen:
                raise InputError("-: standard output named as two outputs")
            seen.add("-")
            continue
        check_target(out)
        r = Path(out).resolve()
        if r in resolved:
            raise InputError(f"{out}: refusing to write over an input file")
        if r in seen:
            raise InputError(f"{out}: named as two outputs")
        seen.add(r)
        if not r.parent.is_dir():
            raise InputError(f"{out}: folder {r.parent} does not exist")
