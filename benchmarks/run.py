"""The benchmark suites and the runner that measures them and writes the results.

Suites (``legday bench --suite NAME``):

- ``quick`` (under a minute): the samples, three published plans, four small scaling
  instances; greedy everywhere, the MIP on two small instances, the whole-command target
  with two repeats.
- ``plans``: every published plan x 3 busy densities x 3 levels, with the greedy baselines.
- ``scaling``: 4 to 104 weeks x 0 to 10 busy events a day, with greedy; 1 vs 2 workers and
  re-planning with a hint at 0 and 5 busy events a day; the whole command (wall time, peak
  memory) and the MIP at 5.
- ``baselines``: the samples, a quarter of the plans (busiest calendar, intermediate) and
  the scaling instances up to 52 weeks at 0 and 5 busy events a day, with every baseline.
- ``full``: the samples, plans and scaling suites; the MIP on one pairing of every plan;
  workers, hints and the whole command on a quarter of the plans; the whole-command and
  ``--help`` targets with 7 repeats. It writes ``benchmarks/RESULTS.md`` and its plots by
  default (about 8 minutes on 2 cores).

Instances run one after another, never in parallel: parallel runs would share the two cores
and make each other's times meaningless.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import platform
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import instances as inst
from benchmarks.measure import Extras, Task

SUITES = ("quick", "full", "plans", "scaling", "baselines")
QUICK_PLANS = ("c25k", "hansons_adv_half", "pfitz_18_55")
MIP_TIME_LIMIT = 120.0


@dataclass(frozen=True)
class SuitePlan:
    """What a suite runs: the instance tasks and the whole-command probes."""

    tasks: list[Task]
    target_repeats: int  # 0: skip the whole-command wall-time target
    help_repeats: int  # 0: skip the --help probe


def suite_plan(suite: str, cache: Path, plans_dir: Path = inst.PLANS) -> SuitePlan:
    """The tasks of ``suite``, with their calendars generated into ``cache``.

    Raises:
        ValueError: Unknown suite, or the published plans cannot be found or read.
    """
    if suite not in SUITES:
        raise ValueError(f"unknown suite {suite!r}: choose one of {', '.join(SUITES)}")
    needs_plans = suite != "scaling"
    if needs_plans and not inst.plan_files(plans_dir):
        raise ValueError(f"{plans_dir}: no published plans (*.json) there; pass --plans DIR")
    samples = inst.sample_instances()
    tasks: list[Task] = []
    if suite == "quick":
        for s in samples:
            tasks.append(
                Task(
                    s,
                    Extras(
                        workers=s.name == inst.TARGET,
                        hint=s.name == inst.TARGET,
                        mip=s.name == "sample/10k_outlook",
                    ),
                )
            )
        for p in inst.plan_instances(
            cache,
            plans_dir=plans_dir,
            only=QUICK_PLANS,
            densities=("office",),
            levels=("intermediate",),
        ):
            tasks.append(Task(p, Extras()))
        for s in inst.scaling_instances(cache, weeks=(4, 13), busy_per_day=(0, 5)):
            tasks.append(Task(s, Extras(mip=s.name == "scaling/4w/0busy")))
        return SuitePlan(tasks, target_repeats=2, help_repeats=1)

    every = Extras(greedy=True, mip=True, workers=True, hint=True)
    if suite in ("full", "baselines"):
        for s in samples:
            tasks.append(
                Task(
                    s,
                    Extras(greedy=True, mip=True, workers=True, hint=True, command=suite == "full"),
                )
            )
    if suite in ("full", "plans", "baselines"):
        plans = inst.plan_instances(cache, plans_dir=plans_dir)
        ids = sorted({p.plan for p in plans})
        quarter = set(ids[::4])
        mip_only = Extras(greedy=True, mip=True)
        for p in plans:
            # The solver baselines on one pairing per plan, the busiest calendar at the
            # most common level: the MIP on every plan, 2 workers and re-planning (and
            # in `baselines`, everything) on a quarter of them.
            busiest = p.density == "office+evening" and p.level == "intermediate"
            if suite == "plans":
                tasks.append(Task(p, Extras()))
            elif suite == "full":
                sampled = Extras(greedy=True, mip=True, workers=True, hint=True, command=True)
                extras = (sampled if p.plan in quarter else mip_only) if busiest else Extras()
                tasks.append(Task(p, extras))
            elif busiest and p.plan in quarter:
                tasks.append(Task(p, every))
    if suite in ("full", "scaling", "baselines"):
        weeks = (
            inst.SCALING_WEEKS
            if suite != "baselines"
            else tuple(w for w in inst.SCALING_WEEKS if w <= 52)
        )
        busy = inst.SCALING_BUSY if suite != "baselines" else (0, 5)
        for s in inst.scaling_instances(cache, weeks=weeks, busy_per_day=busy):
            five = s.busy_per_day == 5
            some = s.busy_per_day in (0, 5)
            tasks.append(
                Task(
                    s,
                    Extras(
                        greedy=True,
                        workers=some,
                        hint=some,
                        mip=five or suite == "baselines",
                        command=five and suite != "baselines",
                    ),
                )
            )
    full = suite == "full"
    return SuitePlan(tasks, target_repeats=7 if full else 0, help_repeats=3 if full else 0)


def run_suite(
    suite: str,
    out: Path,
    *,
    plans_dir: Path = inst.PLANS,
    progress: Callable[[list[Task]], Any] | None = None,
) -> dict[str, Any]:
    """Run ``suite``; write ``results.csv``, ``probes.json``, ``RESULTS.md`` and plots to ``out``.

    Args:
        suite: One of :data:`SUITES`.
        out: Output folder (created if missing).
        plans_dir: The published plans.
        progress: Wraps the task list for display (a context manager yielding the tasks,
            such as ``click.progressbar``); None shows nothing.

    Returns:
        The probes, with ``meta`` (suite, seconds, machine, ``rows``).

    Raises:
        ValueError: Unknown suite, or no published plans where the suite needs them.
    """
    with tempfile.TemporaryDirectory(prefix="legday-bench-") as tmp:
        work = Path(tmp)
        plan = suite_plan(suite, work / "calendars", plans_dir)
        return run_tasks(
            plan.tasks,
            out,
            work,
            suite=suite,
            target_repeats=plan.target_repeats,
            help_repeats=plan.help_repeats,
            progress=progress,
        )


def run_tasks(
    tasks: list[Task],
    out: Path,
    work: Path,
    *,
    suite: str = "custom",
    target_repeats: int = 0,
    help_repeats: int = 0,
    progress: Callable[[list[Task]], Any] | None = None,
) -> dict[str, Any]:
    """Measure ``tasks`` one after another and write the results into ``out``.

    Args:
        tasks: The instances and what to measure on each.
        out: Output folder for ``results.csv``, ``probes.json``, ``RESULTS.md``, ``plots/``.
        work: Scratch folder (command outputs, MIP files).
        suite: The suite's name, for the summary.
        target_repeats: Repeats of the whole-command wall-time target (0: skip it).
        help_repeats: Repeats of the ``legday --help`` probe (0: skip it).
        progress: See :func:`run_suite`.

    Returns:
        The probes, with ``meta``.
    """
    import time

    import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed

    from benchmarks.commands import help_probe, profile_target, wall_time_target
    from benchmarks.measure import Context, measure
    from benchmarks.mip import HighsWorker
    from benchmarks.report import write_report

    started = time.perf_counter()
    load_before = _load_average()
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with contextlib.ExitStack() as stack:
        ctx = Context(work=work, mip_time_limit=MIP_TIME_LIMIT)
        if any(t.extras.mip for t in tasks):
            ctx.highs = stack.enter_context(HighsWorker())
        bar = stack.enter_context(progress(tasks)) if progress is not None else tasks
        for t in bar:
            rows.append(measure(t, ctx))
    probes: dict[str, Any] = {}
    if target_repeats:
        target = next(s for s in inst.sample_instances() if s.name == inst.TARGET)
        probes["target"] = wall_time_target(target, work, target_repeats)
        probes["profile"] = profile_target(target)
    if help_repeats:
        probes["help"] = help_probe(help_repeats)
    frame = pd.DataFrame(rows)
    probes["meta"] = _meta(suite, time.perf_counter() - started)
    probes["meta"]["load_average"] = [load_before, _load_average()]
    probes["meta"]["rows"] = len(frame)
    frame.to_csv(out / "results.csv", index=False, float_format="%.5g")
    (out / "probes.json").write_text(json.dumps(probes, indent=2) + "\n", encoding="utf-8")
    write_report(frame, probes, out)
    return probes


def _load_average() -> float | None:
    """The machine's 1-minute load average (other processes compete for the cores)."""
    import os

    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _meta(suite: str, seconds: float) -> dict[str, Any]:
    import os
    from importlib.metadata import PackageNotFoundError, version

    def ver(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "absent"

    return {
        "suite": suite,
        "seconds": seconds,
        "date": dt.date.today().isoformat(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}",
        "ortools": ver("ortools"),
        "highspy": ver("highspy"),
        "command": f"legday bench --suite {suite}",
        "executable": sys.executable,
    }
