"""``legday plan --html PAGE --fit DIR``: the page and the watch files, beside the calendar.

The page links the calendar file and the FIT files by relative paths, so the three can be
moved (or synced to a phone) together and the page still finds them.
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from optimizer.domain import InputError

if TYPE_CHECKING:
    from optimizer.outputs import Outputs
    from optimizer.pipeline import Outcome


@dataclass(frozen=True)
class Written:
    """What :func:`write_page_and_watch` wrote."""

    page: Path | None
    fit: tuple[Path, ...]
    removed: tuple[Path, ...]  # FIT files of sessions no longer planned


def check_fit_dir(fit_dir: str | None, inputs: list[str]) -> None:
    """Before planning: the FIT SDK is there and ``fit_dir`` is (or can be) a folder.

    Raises:
        InputError: one line saying what to do.
    """
    if not fit_dir:
        return
    from optimizer.render.fit import require_sdk

    require_sdk()
    path = Path(fit_dir)
    if path.exists() and not path.is_dir():
        raise InputError(f"{fit_dir}: --fit needs a folder, this is a file")
    if any(Path(p).resolve() == path.resolve() for p in inputs):
        raise InputError(f"{fit_dir}: refusing to write over an input file")
    if not path.exists() and not path.resolve().parent.is_dir():
        raise InputError(f"{fit_dir}: folder {path.resolve().parent} does not exist")


def relative_href(target: str | Path, page: str | Path, *, folder: bool = False) -> str:
    """``target`` as a link from the page ``page``: relative, POSIX, percent-encoded."""
    start = Path(page).resolve().parent
    rel = Path(os.path.relpath(Path(target).resolve(), start)).as_posix()
    href = urllib.parse.quote(rel)
    return href.rstrip("/") + "/" if folder else href


def page_and_watch(
    outcome: Outcome, outputs: Outputs, *, calendar: str, page: str | None, fit_dir: str | None
) -> Written:
    """Add the plan page and the FIT files of a planned outcome to ``outputs`` (committed with
    the calendar: all of them or none), and the FIT files of sessions no longer planned to its
    removals.

    Args:
        outcome: the plan (or re-plan) written to ``calendar``.
        outputs: the command's outputs (:class:`optimizer.outputs.Outputs`).
        calendar: the .ics the page links.
        page: where the page goes, or None.
        fit_dir: the folder for the FIT files, or None.
    """
    from optimizer.render.page import PageLinks, render_page
    from optimizer.render.view import plan_view

    view = plan_view(outcome)
    written: list[Path] = []
    removed: list[Path] = []
    if fit_dir:
        from optimizer.render.fit import FIT_NAME, fit_files

        folder = Path(fit_dir)
        outputs.folder(folder)
        files = fit_files(view)
        for name, data in sorted(files.items()):
            outputs.add(folder / name, data)
            written.append(folder / name)
        if folder.is_dir():
            for old in sorted(folder.iterdir()):
                if FIT_NAME.match(old.name) and old.name not in files and old.is_file():
                    outputs.remove(old)
                    removed.append(old)
    if page:
        links = PageLinks(
            calendar=relative_href(calendar, page),
            fit_base=relative_href(fit_dir, page, folder=True) if fit_dir else None,
        )
        outputs.add(page, render_page(view, links))
    return Written(Path(page) if page else None, tuple(written), tuple(removed))


def write_page_and_watch(
    outcome: Outcome, *, calendar: str, page: str | None, fit_dir: str | None
) -> Written:
    """Write the plan page and the FIT files of a planned outcome, together (see
    :func:`page_and_watch`)."""
    from optimizer.outputs import Outputs

    outputs = Outputs()
    done = page_and_watch(outcome, outputs, calendar=calendar, page=page, fit_dir=fit_dir)
    outputs.commit()
    return done
