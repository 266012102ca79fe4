"""``legday diff``: what changed between two versions of a plan, matched by UID.

Only click and the standard library at the top (fast ``legday --help``).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from optimizer.cli.common import check_paths, format_table, guarded

if TYPE_CHECKING:
    from optimizer.calendar.plan_file import Change


@click.command()
@click.argument("old", metavar="OLD.ics", type=click.Path(dir_okay=False))
@click.argument("new", metavar="NEW.ics", type=click.Path(dir_okay=False))
@click.option("--tz", help="Show times in this zone (IANA). Default: NEW.ics's own zone.")
@click.option(
    "--changes-only",
    "changes_only",
    is_flag=True,
    help="Leave out the sessions that did not change.",
)
@click.option(
    "--exit-code",
    "exit_code",
    is_flag=True,
    help="Exit 1 when something changed (as `git diff --exit-code`).",
)
@guarded
def diff(old: str, new: str, tz: str | None, changes_only: bool, exit_code: bool) -> None:
    """Show which sessions moved, were added, dropped or stayed between OLD.ics and NEW.ics.

    Sessions are matched by UID (a re-plan keeps the UID of a session it moves and marks a
    dropped one STATUS:CANCELLED).

    \b
    Example:
      legday plan runs.ics --previous strength.ics -o strength-new.ics
      legday diff strength.ics strength-new.ics
    """
    from optimizer.calendar.plan_file import compare, plan_zone, read_plan
    from optimizer.config import PARSERS
    from optimizer.domain import InputError

    check_paths([old, new], [])
    if tz:
        try:
            zone = PARSERS["tz"](tz)
        except ValueError as exc:
            raise InputError(f"command line: {exc}") from None
    else:
        zone = plan_zone(new) or plan_zone(old) or "UTC"
    before = read_plan(old, tz=zone)
    after = read_plan(new, tz=zone)
    before.require_plan()
    after.require_plan()
    for w in (*before.warnings, *after.warnings):
        click.echo(f"legday: warning: {w}", err=True)
    changes = compare(before.entries, after.entries)
    rows = [_row(c) for c in changes if not (changes_only and c.kind == "unchanged")]
    click.echo(format_table(["change", "was", "now", "seq", "title", "uid"], rows))
    counts = {
        k: sum(1 for c in changes if c.kind == k)
        for k in ("moved", "changed", "added", "dropped", "unchanged")
    }
    click.echo(
        ", ".join(f"{k} {v}" for k, v in counts.items() if v or k != "changed")
        + f" (times in {zone})"
    )
    if exit_code and any(c.kind != "unchanged" for c in changes):
        sys.exit(1)


def _row(c: Change) -> list[str]:
    """One line of the table: what happened to one session."""
    entry = c.new or c.old
    assert entry is not None  # compare() gives every change an old or a new entry
    was = f"{c.old.start:%a %Y-%m-%d %H:%M}" if c.old else ""
    now = f"{c.new.start:%a %Y-%m-%d %H:%M}" if c.new and not c.new.cancelled else ""
    seq = f"{c.old.sequence if c.old else ''}->{c.new.sequence if c.new else ''}"
    return [c.kind, was, now, seq, entry.summary[:40], entry.uid]
