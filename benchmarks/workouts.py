"""``python -m benchmarks.workouts``: the workout stage over the published plans.

Every published plan (``shared/plans/*.json``, turned into a calendar by
:mod:`benchmarks.plans_to_ics`) is planned by the real pipeline for four athletes: a beginner
without equipment, an intermediate at home on the endurance program, an advanced athlete in
a gym, and an intermediate with 20-minute sessions. Per athlete it reports what a coach
would check (sessions within 60-110% of their minutes, exercises per session, legs and core,
distinct exercises per 4 weeks, same-weekday repeats, weeks with calf work, the validator's
verdict) and the workout stage's CPU time per plan (``pipeline._workouts``: building the
sessions' contexts, choosing and dosing the exercises).

``--compare`` also solves every plan's sessions with CP-SAT, session by session (each
session's model proven optimal; seeds 0, 1 and 2, to show how much ties alone move the plan
objective), solves each of the search's session models again with CP-SAT, and reports the
objectives and times.

The figures use only what every version of legday has (``pipeline.load``/``plan``/
``_workouts``, a workout's items and minutes), so the same script measures an older checkout:
``PYTHONPATH=OLD python benchmarks/workouts.py --plans ../shared/plans`` (run by path, so the
older ``optimizer`` is the one imported).

Example::

    python -m benchmarks.workouts --repeats 3 --compare > /tmp/workouts.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run by path: import this tree's benchmarks, the given optimizer
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from benchmarks.instances import PLAN_START, PLAN_TIME, PLANS, TZ, plan_files  # noqa: E402
from benchmarks.plans_to_ics import plan_to_ics  # noqa: E402

ATHLETES: dict[str, dict[str, Any]] = {
    "beginner, no equipment": {"level": "beginner", "equipment": "none"},
    "intermediate, home, endurance": {
        "level": "intermediate",
        "equipment": "home",
        "program": "endurance",
    },
    "advanced, gym": {"level": "advanced", "equipment": "gym"},
    "intermediate, 20 min": {"level": "intermediate", "minutes": 20},
}
#: ``legday plan``'s defaults (intermediate, gym, mixed program, 30 minutes): ``--athlete default``.
DEFAULT = {"default": {"level": "intermediate"}}
WINDOW = 4  # weeks
LOW, HIGH = 0.60, 1.10  # the acceptance band for a session's content


@dataclass
class Figures:
    """What one athlete's plans add up to."""

    plans: int = 0
    sessions: int = 0
    in_band: int = 0  # content within 60-110% of the session's minutes
    fill: list[float] = field(default_factory=list)
    min_exercises: int = 99
    legs_and_core: int = 0
    windows: int = 0  # 4-week windows with at least 4 sessions
    windows_short: int = 0  # ... with fewer than 10 (12 with equipment) distinct exercises
    min_distinct: int = 99
    repeats: int = 0  # sessions with the same exercises as the same weekday a week before
    weeks: int = 0  # weeks with a session
    calf_weeks: int = 0
    violations: int = 0
    stage_ms: list[float] = field(default_factory=list)
    compare: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def calendars(plans_dir: Path, only: Sequence[str] | None, cache: Path) -> list[Path]:
    """The published plans as calendars (written once into ``cache``)."""
    out = []
    for path in plan_files(plans_dir):
        if only and path.stem not in only:
            continue
        target = cache / f"{path.stem}.ics"
        if not target.exists():
            plan = json.loads(path.read_text(encoding="utf-8"))
            target.write_bytes(plan_to_ics(plan, start=PLAN_START, time_of_day=PLAN_TIME, tz=TZ))
        out.append(target)
    return out


def _content_seconds(w: Any) -> float:
    if hasattr(w, "content_seconds"):
        return float(w.content_seconds())
    return float(w.warmup_minutes * 60 + w.work_seconds())  # older legday


def _calves(e: Any) -> bool:
    return bool(getattr(e, "calves", "calves" in e.muscles))


def _big_legs(e: Any) -> bool:
    return bool(getattr(e, "main_legs", e.legs))


def add_plan(fig: Figures, outcome: Any, equipped: bool) -> None:
    """Add one planned calendar's sessions to ``fig``."""
    from optimizer.workouts.library import by_key

    lib = by_key()
    contexts, workouts = outcome.contexts, outcome.workouts
    fig.plans += 1
    fig.violations += len(outcome.violations)
    by_day = {c.day: {p.exercise for p in w.items} for c, w in zip(contexts, workouts, strict=True)}
    weeks: dict[int, list[set[str]]] = defaultdict(list)
    for c, w in zip(contexts, workouts, strict=True):
        exs = [lib[p.exercise] for p in w.items]
        share = _content_seconds(w) / 60 / w.minutes
        fig.sessions += 1
        fig.fill.append(share)
        fig.in_band += LOW <= share <= HIGH
        fig.min_exercises = min(fig.min_exercises, len(w.items))
        fig.legs_and_core += any(_big_legs(e) for e in exs) and any(e.core for e in exs)
        fig.repeats += by_day.get(c.day - dt.timedelta(days=7)) == by_day[c.day]
        weeks[c.week].append(by_day[c.day])
    fig.weeks += len(weeks)
    fig.calf_weeks += sum(
        any(_calves(lib[k]) for keys in week for k in keys) for week in weeks.values()
    )
    first, last = min(weeks, default=0), max(weeks, default=-1)
    for start in range(first, last - WINDOW + 2):
        window = [keys for w in range(start, start + WINDOW) for keys in weeks.get(w, [])]
        if len(window) < WINDOW:
            continue
        distinct = len(set().union(*window))
        fig.windows += 1
        fig.min_distinct = min(fig.min_distinct, distinct)
        fig.windows_short += distinct < (12 if equipped else 10)


def stage_ms(loaded: Any, opts: Any, repeats: int) -> float:
    """Median CPU milliseconds of the workout stage for one loaded calendar."""
    from optimizer import pipeline
    from optimizer.grid import build_grid
    from optimizer.solver import SolverSettings
    from optimizer.solver.plan import solve_grid

    grid = build_grid(loaded.problem)
    result = solve_grid(grid, best_effort=opts.best_effort, settings=SolverSettings())
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        pipeline._workouts(grid, result.sessions, opts)
        times.append((time.process_time() - t0) * 1000)
    return statistics.median(times)


def compare(fig: Figures, outcome: Any, opts: Any) -> None:
    """The same sessions chosen by the search and by CP-SAT, session by session; and each of
    the search's session models solved again by CP-SAT (the same model, the same history)."""
    from optimizer.workouts.cpsat import solve_step
    from optimizer.workouts.problem import History, Step, build_problem
    from optimizer.workouts.selection import _sequential, step_model

    level = outcome.problem.rules.level
    problem = build_problem(outcome.contexts, level, opts.program, opts.equipment)
    for strategy in ("search", "cpsat"):
        t0 = time.process_time()
        choice, stats = _sequential(problem, 0, exact_search=strategy == "search")
        fig.compare[f"{strategy} ms"].append((time.process_time() - t0) * 1000)
        fig.compare[f"{strategy} objective"].append(stats.objective)
        fig.compare[f"{strategy} proven"].append(stats.proven)
        fig.compare[f"{strategy} sessions"].append(len(outcome.contexts))
        if strategy == "cpsat":  # how much ties alone move the plan objective
            for seed in (1, 2):
                _, other = _sequential(problem, seed, exact_search=False)
                fig.compare[f"cpsat seed {seed}"].append(other.objective)
        if strategy == "search" and choice is not None:
            history = History()
            for p, keys in enumerate(choice):
                m = step_model(Step(problem, p, history))
                fig.compare["same models: search"].append(m.objective(keys))
                fig.compare["same models: CP-SAT"].append(solve_step(m).value or 0)
                history.add(keys)


def run(
    files: Sequence[Path],
    repeats: int,
    with_compare: bool,
    athletes: dict[str, dict[str, Any]] = ATHLETES,
) -> dict[str, Figures]:
    """Plan every calendar for every athlete; the figures per athlete."""
    from optimizer import pipeline
    from optimizer.config import PlanOptions
    from optimizer.domain import Level

    out = {}
    for name, options in athletes.items():
        fig = Figures()
        # Best effort: a beginner keeps off run days, which some plans fill six days a week;
        # the weeks that fall short still get their sessions' workouts.
        opts = PlanOptions(**{**options, "level": Level(options["level"]), "best_effort": True})
        equipped = options.get("equipment", "gym") != "none"
        for path in files:
            loaded = pipeline.load([path], [], opts)
            outcome = pipeline.plan(loaded, opts)
            if not outcome.ok or not outcome.workouts:
                continue
            add_plan(fig, outcome, equipped)
            fig.stage_ms.append(stage_ms(loaded, opts, repeats))
            if with_compare:
                compare(fig, outcome, opts)
        out[name] = fig
    return out


def report(figures: dict[str, Figures]) -> str:
    """The figures as Markdown tables."""
    rows = [
        "| athlete | plans | sessions | within 60-110% | content, min-median-max | "
        "min exercises | legs & core | min distinct in 4 weeks | 4-week windows short "
        "of 10 (12 with kit) | same-weekday repeats | weeks with calves | violations |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, f in figures.items():
        fill = sorted(f.fill) or [0.0]
        rows.append(
            f"| {name} | {f.plans} | {f.sessions} | {100 * f.in_band / max(1, f.sessions):.1f}% | "
            f"{fill[0]:.0%}-{statistics.median(fill):.0%}-{fill[-1]:.0%} | {f.min_exercises} | "
            f"{100 * f.legs_and_core / max(1, f.sessions):.1f}% | {f.min_distinct} | "
            f"{f.windows_short} of {f.windows} | {f.repeats} | {f.calf_weeks} of {f.weeks} | "
            f"{f.violations} |"
        )
    rows += [
        "",
        "| athlete | plans | stage CPU ms per plan: median | max | total |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, f in figures.items():
        ms = f.stage_ms or [0.0]
        rows.append(
            f"| {name} | {f.plans} | {statistics.median(ms):.1f} | {max(ms):.1f} | {sum(ms):.0f} |"
        )
    if any(f.compare for f in figures.values()):
        rows += [
            "",
            "| athlete | plan objective: search | CP-SAT per session | search / CP-SAT | "
            "CP-SAT seeds 1 and 2 / seed 0 | same session models: search / CP-SAT optimum | "
            "sessions proven by the search | CPU ms: search | CP-SAT |",
            "|---|---:|---:|---:|---|---:|---:|---:|---:|",
        ]
        for name, f in figures.items():
            c = f.compare
            search, cpsat = sum(c["search objective"]), sum(c["cpsat objective"])
            same = sum(c["same models: search"]) / max(1, sum(c["same models: CP-SAT"]))
            seeds = ", ".join(f"{sum(c[f'cpsat seed {n}']) / max(1, cpsat):.4f}" for n in (1, 2))
            proven = f"{sum(c['search proven']):.0f} of {sum(c['search sessions']):.0f}"
            rows.append(
                f"| {name} | {search:.0f} | {cpsat:.0f} | {search / max(1, cpsat):.4f} | "
                f"{seeds} | {same:.4f} | {proven} | "
                f"{sum(c['search ms']):.0f} | {sum(c['cpsat ms']):.0f} |"
            )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.workouts", description=__doc__)
    parser.add_argument("--plans", type=Path, default=PLANS, help="folder of published plans")
    parser.add_argument("--only", help="comma-separated plan ids (default: all)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of the stage per plan")
    parser.add_argument("--compare", action="store_true", help="also solve with CP-SAT per session")
    parser.add_argument(
        "--calendars", nargs="+", type=Path, help="these .ics files instead of the published plans"
    )
    parser.add_argument(
        "--athlete", choices=[*ATHLETES, *DEFAULT], help="only this athlete (default: the four)"
    )
    args = parser.parse_args(argv)
    only = args.only.split(",") if args.only else None
    chosen = {**ATHLETES, **DEFAULT}
    athletes = {args.athlete: chosen[args.athlete]} if args.athlete else ATHLETES
    with tempfile.TemporaryDirectory(prefix="legday-workouts-") as tmp:
        files = args.calendars or calendars(args.plans, only, Path(tmp))
        figures = run(files, args.repeats, args.compare, athletes)
    print(report(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
