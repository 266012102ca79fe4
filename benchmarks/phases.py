"""Where a whole ``legday plan`` goes, phase by phase, measured inside the command's own process.

Run as a script (``python benchmarks/phases.py OUT.json LEGDAY_SCRIPT plan ARGS...``, which
:func:`benchmarks.profile.phase_profile` does), this module starts ``legday`` exactly as its
installed script does (``optimizer.cli.run``), after putting clocks around:

- every import of a module not yet loaded (``_find_and_load``, the function CPython's
  ``import`` statement calls for those; ``-X importtime`` times the same call), charged to the
  module's top-level package, its own time only (a package that imports another is not
  charged for it);
- the pipeline's steps: reading calendars, classifying, the grid, the model, the dynamic
  program, each CP-SAT solve (named after the step that asked for it), the reasons, the
  workout stage, validation, export, the terminal output, and the clash search of a plan
  that cannot be made.

Each clock counts only while it is innermost (a step's own time, its imports and inner
steps apart), so the phases add up to the process's time. What no clock covers is
``legday (CLI, glue)``. Times are taken from ``time.perf_counter`` (the system-wide monotonic
clock on Linux), so the parent reads the interpreter's start (spawn to this module's first
line) and its exit (``os._exit`` to the parent's ``wait4``) on the same clock.

Only the standard library is imported before ``legday`` starts, and the wrappers cost a few
microseconds a call (the summary shows the instrumented total beside the plain command's).
"""

from __future__ import annotations

import time

T_START = time.perf_counter()

import json  # noqa: E402  (after the first clock reading: the harness's own start-up shows)
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

# module -> [(function, phase)]: the steps of the pipeline, wrapped when their module loads.
STEPS: dict[str, tuple[tuple[str, str], ...]] = {
    "optimizer.calendar.importer": (("read_calendars", "read calendars"),),
    "optimizer.classify": (("classify_calendar", "classify runs"),),
    "optimizer.timeline": (("away_blocks", "classify runs"),),
    "optimizer.grid": (("build_grid", "time grid"),),
    "optimizer.solver.model": (("build_model", "model build"),),
    "optimizer.solver.plan": (
        ("known_optimum", "dynamic program"),
        ("solve_model", "solve: set-up and read-back"),
    ),
    "optimizer.solver.engine": (("run", "CP-SAT"),),
    "optimizer.explain.why_here": (("why_here", "reasons"),),
    "optimizer.explain": (("why_not", "clash search (no plan)"),),
    "optimizer.workouts.selection": (("plan_workouts", "workout stage"),),
    "optimizer.validate": (("validate", "validation"),),
    "optimizer.workouts.checks": (("check_workouts", "validation"),),
    "optimizer.calendar.export": (("to_ical", "export"), ("write_atomic", "export")),
    "optimizer.cli.plan": (("_print_plan", "terminal output"), ("_report", "export")),
}
# The step a CP-SAT solve serves, by the step it is called from.
CPSAT_FOR = {
    "dynamic program": "CP-SAT: fill the dynamic program's hint",
    "solve: set-up and read-back": "CP-SAT: confirm the optimum",
    "workout stage": "CP-SAT: workouts (fallback)",
    "reasons": "CP-SAT: reasons",
    "clash search (no plan)": "CP-SAT: clash search",
}
OWN = ("optimizer", "constraints", "benchmarks")
REST = "legday (CLI, glue)"


class Clock:
    """Exclusive time per label: only the innermost label's clock runs."""

    def __init__(self, now: float) -> None:
        self.stack: list[list[Any]] = [[REST, now]]
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def enter(self, label: str) -> None:
        now = time.perf_counter()
        top = self.stack[-1]
        self.seconds[top[0]] = self.seconds.get(top[0], 0.0) + now - top[1]
        self.stack.append([label, now])
        self.calls[label] = self.calls.get(label, 0) + 1

    def leave(self) -> None:
        now = time.perf_counter()
        label, since = self.stack.pop()
        self.seconds[label] = self.seconds.get(label, 0.0) + now - since
        self.stack[-1][1] = now

    def current(self) -> str:
        return str(self.stack[-1][0])

    def close(self) -> None:
        while len(self.stack) > 1:
            self.leave()
        label, since = self.stack[0]
        now = time.perf_counter()
        self.seconds[label] = self.seconds.get(label, 0.0) + now - since
        self.stack[0][1] = now


def library(module: str) -> str:
    """The import label of ``module``: legday's own, the standard library, or its package."""
    top = module.partition(".")[0]
    if top in OWN:
        return "import: legday's own modules"
    if top in sys.stdlib_module_names or top.startswith("_"):
        return "import: standard library"
    return f"import: {top}"


def _timed(clock: Clock, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        name = label
        if label == "CP-SAT":
            name = CPSAT_FOR.get(clock.current(), "CP-SAT: other")
        clock.enter(name)
        try:
            return fn(*args, **kwargs)
        finally:
            clock.leave()

    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    wrapper.__name__ = getattr(fn, "__name__", label)
    wrapper.__doc__ = fn.__doc__
    return wrapper


def instrument(clock: Clock) -> None:
    """Clocks around imports, and around the pipeline's steps as their modules load."""
    import _frozen_importlib as bootstrap  # what `import` calls (importlib._bootstrap)

    find_and_load = bootstrap._find_and_load  # type: ignore[attr-defined]

    def timed_load(name: str, import_: Any) -> Any:
        if name in sys.modules:  # importlib.import_module and from-lists call it anyway
            return find_and_load(name, import_)
        clock.enter(library(name))
        try:
            module = find_and_load(name, import_)
        finally:
            clock.leave()
        for attr, label in STEPS.get(name, ()):
            fn = getattr(module, attr, None)
            if fn is not None and not hasattr(fn, "__wrapped__"):
                setattr(module, attr, _timed(clock, label, fn))
        return module

    bootstrap._find_and_load = timed_load  # type: ignore[attr-defined]


def main(argv: list[str]) -> None:
    """``OUT.json LEGDAY_SCRIPT ARGS...``: run legday with clocks; write them at its exit."""
    out, script, args = argv[0], argv[1], argv[2:]
    clock = Clock(T_START)
    instrument(clock)
    real_exit = os._exit

    def leave(code: int) -> Any:
        clock.close()
        t_exit = time.perf_counter()
        with open(out, "w", encoding="utf-8") as f:
            json.dump(
                {
                    "t_start": T_START,
                    "t_exit": t_exit,
                    "seconds": clock.seconds,
                    "calls": clock.calls,
                    "exit": code,
                },
                f,
            )
        real_exit(code)

    os._exit = leave  # type: ignore[assignment]  # legday leaves through os._exit (cli.run)
    # As the installed script runs: its folder first on the path, then legday's run().
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    sys.argv = [script, *args]
    from optimizer.cli import run

    run()


if __name__ == "__main__":
    main(sys.argv[1:])
