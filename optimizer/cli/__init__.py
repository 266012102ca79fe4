"""The ``legday`` command line. Commands are thin: parse, call the library, print.

One module per command (``plan``, ``classify``, ``check``, ``diff``, ``explain``,
``exercises``, ``serve`` with ``token``, ``squad``; ``bench`` lives in ``benchmarks.cli``);
the options they share are in :mod:`optimizer.cli.options`, exit codes and one-line errors in
:mod:`optimizer.cli.common`. The group imports a command's module only when it needs that
command, and the modules import heavy libraries (ortools, icalendar, pandas) only inside
their commands, so ``legday --help`` starts fast.
"""

from __future__ import annotations

import sys

import click

from optimizer.cli.common import EXIT_INPUT, fail

# Every command, as "module:attribute", imported only when asked for (fast --help).
LAZY_COMMANDS = {
    "plan": "optimizer.cli.plan:plan",
    "classify": "optimizer.cli.classify:classify",
    "check": "optimizer.cli.check:check",
    "explain": "optimizer.cli.explain:explain",
    "diff": "optimizer.cli.diff:diff",
    "exercises": "optimizer.cli.exercises:exercises",
    "serve": "optimizer.cli.serve:serve",
    "squad": "optimizer.cli.squad:squad",
    "token": "optimizer.cli.serve:token",
    "bench": "benchmarks.cli:bench",
}


class LazyGroup(click.Group):
    """A group whose commands are loaded from :data:`LAZY_COMMANDS` when first needed."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Usage errors as one line (``legday: error: ...``), exit 2, like every other error."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name or "legday", complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(EXIT_INPUT)
        except click.UsageError as exc:
            where = f"{exc.ctx.command_path}: " if exc.ctx and exc.ctx.command_path else ""
            hint = f" (see {exc.ctx.command_path} --help)" if exc.ctx else ""
            fail(f"{where}{exc.format_message()}{hint}".replace("\n", " "))
        except click.ClickException as exc:
            fail(exc.format_message().replace("\n", " "), exc.exit_code)
        except click.exceptions.Abort:
            fail("aborted", 1)
        sys.exit(code if isinstance(code, int) else 0)

    def list_commands(self, ctx: click.Context) -> list[str]:
        lazy = [n for n in LAZY_COMMANDS if self._load(n) is not None]
        return sorted(set(super().list_commands(ctx)) | set(lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, name) or self._load(name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        """The command ``name``, or None when unknown or its module is not installed."""
        import importlib
        import importlib.util

        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        if importlib.util.find_spec(module) is None:
            return None
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="legday")
def main() -> None:
    """legday: strength training placed around your running plan.

    \b
    Example:
      legday plan sample_calendars/marathon_google.ics \\
          --busy sample_calendars/work_office_hours.ics -o strength.ics
      legday classify sample_calendars/10k_outlook.ics
    """


def run() -> None:
    """The ``legday`` command: :data:`main`, then an exit without the interpreter's teardown.

    Every file a command writes is complete and closed when it returns (written atomically),
    and nothing else waits for the interpreter to shut down, so the process leaves at once
    rather than freeing every object of a plan and every imported module one by one.
    """
    import logging
    import os

    code: int | str | None = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe (legday ... | head) has nothing more to say
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
        code = 1
    os._exit(code or 0)


__all__ = ["LAZY_COMMANDS", "LazyGroup", "main", "run"]
