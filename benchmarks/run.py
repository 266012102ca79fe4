"""The benchmark suites and the runner that measures them and writes the results.

Suites (``legday bench --suite NAME``):

- ``quick`` (under a minute): the samples, three published plans, four small scaling
  instances and the smallest of each stress family; greedy everywhere, the MIP on two
  small instances, the whole command against the import floor on one sample.
- ``plans``: every published plan x 3 busy densities x 3 levels, with the greedy baselines.
- ``scaling``: 4 to 104 weeks x 0 to 10 busy events a day, with greedy; the whole command
  and the MIP at 5.
- ``families``: the stress families (:mod:`benchmarks.families`: sparse, doubles, 20 busy
  events a day, 260 and 520 weeks, fuzzed calendars), each with the whole command and the
  CP-SAT baselines.
- ``baselines``: the samples, a quarter of the plans (busiest calendar, intermediate) and
  the scaling instances up to 52 weeks at 0 and 5 busy events a day, with every baseline.
- ``full``: all of it in one run, plus the probes: every sample's ``legday plan`` against
  the import floor (7 interleaved pairs as installed, 5 more with legday's modules compiled
  from source on every run), the per-phase profile and start-up imports, the
  18 MB ten-year work calendar, and ``legday --help``. It writes ``benchmarks/RESULTS.md``
  and its plots by default (about 13 minutes on 2 cores).

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

from benchmarks import families as fam
from benchmarks import instances as inst
from benchmarks.measure import Extras, Task

SUITES = ("quick", "full", "plans", "scaling", "families", "baselines")
QUICK_PLANS = ("c25k", "hansons_adv_half", "pfitz_18_55")
MIP_TIME_LIMIT = 120.0
BASELINE_LIMIT = 2.0  # seconds for CP-SAT without the dynamic program, and with its defaults
FAMILY_MIP_WEEKS = 52  # the MIP cross-check on the stress families up to this length


@dataclass(frozen=True)
class SuitePlan:
    """What a suite runs: the instance tasks and the probes of the whole command."""

    tasks: list[Task]
    floor_repeats: int = 0  # interleaved pairs of every sample against the import floor
    floor_samples: tuple[str, ...] = ()  # which samples (empty: all)
    source_repeats: int = 0  # the same pairs with legday compiled from source on every run
    phase_repeats: int = 0  # the per-phase profile and start-up imports (0: skip)
    big_calendar: bool = False  # the 18 MB ten-year work calendar
    help_repeats: int = 0  # the --help probe (0: skip)


def _quick(cache: Path, plans_dir: Path) -> SuitePlan:
    tasks = [
        Task(
            s,
            Extras(workers=s.name == inst.TARGET, mip=s.name == "sample/10k_outlook"),
        )
        for s in inst.sample_instances()
    ]
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
    tasks += [Task(i, Extras()) for i in fam.sparse_instances(cache, weeks=(12,))]
    tasks += [Task(i, Extras()) for i in fam.doubles_instances(cache, weeks=(4,))]
    tasks += [Task(i, Extras()) for i in fam.busy_instances(cache, "busy20", (4,), 20)]
    tasks += [Task(i, Extras()) for i in fam.family_instances(cache, "fuzz")[:3]]
    return SuitePlan(
        tasks, floor_repeats=2, floor_samples=(inst.TARGET,), source_repeats=2, help_repeats=1
    )


def _plans(suite: str, cache: Path, plans_dir: Path) -> list[Task]:
    """The published plans: greedy on all; the solver baselines on one pairing per plan (the
    busiest calendar at the most common level), the whole command on a quarter of them."""
    plans = inst.plan_instances(cache, plans_dir=plans_dir)
    quarter = set(sorted({p.plan for p in plans})[::4])
    tasks = []
    for p in plans:
        busiest = p.density == "office+evening" and p.level == "intermediate"
        if suite == "plans":
            tasks.append(Task(p, Extras()))
        elif suite == "full":
            some = busiest and p.plan in quarter
            extras = (
                Extras(mip=True, cpsat=BASELINE_LIMIT, hint=some, command=int(some))
                if busiest
                else Extras()
            )
            tasks.append(Task(p, extras))
        elif busiest and p.plan in quarter:
            tasks.append(Task(p, Extras(mip=True, workers=True, hint=True, cpsat=BASELINE_LIMIT)))
    return tasks


def _scaling(suite: str, cache: Path) -> list[Task]:
    small = suite == "baselines"
    weeks = tuple(w for w in inst.SCALING_WEEKS if w <= 52) if small else inst.SCALING_WEEKS
    busy = (0, 5) if small else inst.SCALING_BUSY
    tasks = []
    for s in inst.scaling_instances(cache, weeks=weeks, busy_per_day=busy):
        five = s.busy_per_day == 5
        tasks.append(
            Task(
                s,
                Extras(
                    workers=five and suite == "full" or small,
                    hint=s.busy_per_day in (0, 5),
                    mip=five or small,
                    command=int(five and not small),
                    cpsat=BASELINE_LIMIT if five and suite == "full" else 0.0,
                ),
            )
        )
    return tasks


def _families(cache: Path) -> list[Task]:
    tasks = []
    for name in fam.FAMILIES:
        for i in fam.family_instances(cache, name):
            small = i.weeks is not None and i.weeks <= FAMILY_MIP_WEEKS
            runs = 3 if i.weeks == 520 else 1  # the 520-week target: the median of 3
            extras = Extras(command=runs, cpsat=BASELINE_LIMIT, mip=small and name != "fuzz")
            tasks.append(Task(i, extras))
    return tasks


def suite_plan(suite: str, cache: Path, plans_dir: Path = inst.PLANS) -> SuitePlan:
    """The tasks and probes of ``suite``, with their calendars generated into ``cache``.

    Raises:
        ValueError: Unknown suite, or the published plans cannot be found or read.
    """
    if suite not in SUITES:
        raise ValueError(f"unknown suite {suite!r}: choose one of {', '.join(SUITES)}")
    if suite in ("quick", "full", "plans", "baselines") and not inst.plan_files(plans_dir):
        raise ValueError(f"{plans_dir}: no published plans (*.json) there; pass --plans DIR")
    if suite == "quick":
        return _quick(cache, plans_dir)
    tasks: list[Task] = []
    if suite in ("full", "baselines"):
        for s in inst.sample_instances():
            extras = Extras(mip=True, workers=True, hint=True, cpsat=BASELINE_LIMIT)
            tasks.append(
                Task(
                    s,
                    extras
                    if suite == "baselines"
                    else Extras(mip=True, workers=True, hint=True, command=1, cpsat=BASELINE_LIMIT),
                )
            )
    if suite in ("full", "plans", "baselines"):
        tasks += _plans(suite, cache, plans_dir)
    if suite in ("full", "scaling", "baselines"):
        tasks += _scaling(suite, cache)
    if suite in ("full", "families"):
        tasks += _families(cache)
    if suite != "full":
        return SuitePlan(tasks)
    return SuitePlan(
        tasks,
        floor_repeats=7,
        source_repeats=5,
        phase_repeats=5,
        big_calendar=True,
        help_repeats=3,
    )


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
        return run_tasks(plan, out, work, suite=suite, progress=progress)


def run_tasks(
    plan: SuitePlan | list[Task],
    out: Path,
    work: Path,
    *,
    suite: str = "custom",
    progress: Callable[[list[Task]], Any] | None = None,
) -> dict[str, Any]:
    """Measure a suite's tasks one after another, then its probes; write the results.

    Args:
        plan: The tasks and probes (a bare list: the tasks alone).
        out: Output folder for ``results.csv``, ``probes.json``, ``RESULTS.md``, ``plots/``.
        work: Scratch folder (generated calendars, command outputs, MIP files).
        suite: The suite's name, for the summary.
        progress: See :func:`run_suite`.

    Returns:
        The probes, with ``meta``.
    """
    import time

    import pandas as pd  # type: ignore[import-untyped]  # no hints in pandas; stubs not installed

    from benchmarks.measure import Context, measure
    from benchmarks.mip import HighsWorker
    from benchmarks.report import write_report
    from benchmarks.whole import compile_project, load_average

    if isinstance(plan, list):
        plan = SuitePlan(plan)
    tasks = plan.tasks
    started = time.perf_counter()
    loads = [load_average()]
    probes: dict[str, Any] = {}
    if any(t.extras.command for t in tasks) or plan.floor_repeats or plan.phase_repeats:
        probes["compile_s"] = compile_project()
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with contextlib.ExitStack() as stack:
        ctx = Context(work=work, mip_time_limit=MIP_TIME_LIMIT)
        if any(t.extras.mip for t in tasks):
            ctx.highs = stack.enter_context(HighsWorker())
        bar = stack.enter_context(progress(tasks)) if progress is not None else tasks
        for t in bar:
            rows.append(measure(t, ctx))
    loads.append(load_average())
    probes.update(_probes(plan, work))
    loads.append(load_average())
    frame = pd.DataFrame(rows)
    probes["meta"] = _meta(suite, time.perf_counter() - started)
    probes["meta"]["load_average"] = loads
    probes["meta"]["rows"] = len(frame)
    frame.to_csv(out / "results.csv", index=False, float_format="%.5g")
    (out / "probes.json").write_text(json.dumps(probes, indent=2) + "\n", encoding="utf-8")
    write_report(frame, probes, out)
    return probes


def _probes(plan: SuitePlan, work: Path) -> dict[str, Any]:
    """The whole-command probes of a suite: floor, phases, imports, big calendar, --help."""
    from benchmarks.commands import help_probe
    from benchmarks.whole import floor_ratios, import_times, phase_profile

    probes: dict[str, Any] = {}
    samples = inst.sample_instances()
    if plan.floor_repeats:
        chosen = [s for s in samples if not plan.floor_samples or s.name in plan.floor_samples]
        probes["floor"] = floor_ratios(chosen, work, plan.floor_repeats)
        if plan.source_repeats:
            probes["floor_source"] = floor_ratios(
                chosen, work, plan.source_repeats, from_source=True
            )
    if plan.phase_repeats:
        target = next(s for s in samples if s.name == inst.TARGET)
        probes["phases"] = [phase_profile(target, work, plan.phase_repeats)]
        long = next(
            i for i in fam.long_instances(work / "calendars", (520,)) if "regular" in i.name
        )
        # Seconds a run, and the files are warm from the family's own runs: no warm-up.
        probes["phases"].append(phase_profile(long, work, 1, warm_up=False))
        probes["imports"] = import_times(target, work, plan.phase_repeats)
    if plan.big_calendar:
        from benchmarks.whole import big_calendar_probe

        probes["big_calendar"] = big_calendar_probe(work, repeats=3)
    if plan.help_repeats:
        probes["help"] = help_probe(plan.help_repeats)
    return probes


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
