"""``benchmarks/SQUAD.md`` from one run of :mod:`benchmarks.squad`: the throughput table, the
identity checks, the per-athlete cost and the projection for a nightly run on a cluster."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from typing import Any

NIGHTLY = 100_000  # athletes in the projection
WINDOW_S = 3600  # the nightly window the projection sizes the cluster for
MARGIN = 1.5  # stragglers, retries, skew between nodes
NODE_CORES = 16


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _rates(got: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Per method: wall per athlete, athletes/s, athletes/s per core (medians over rounds)."""
    out = {}
    for method, runs in got["runs"].items():
        wall = _median(runs, "wall_s")
        athletes = runs[0]["athletes"]
        cores = runs[0]["cores"]
        out[method] = {
            "athletes": athletes,
            "wall_s": wall,
            "per_athlete_s": wall / athletes,
            "rate": athletes / wall,
            "per_core": athletes / wall / cores,
            "cores": cores,
            "planned": runs[0]["planned"],
            "cpu_s": _median(runs, "cpu_s"),
        }
    return out


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def render(got: dict[str, Any], *, note: str = "", command: str = "", title: str = "") -> str:
    rates = _rates(got)
    seq = rates.get("sequential")
    heading = title or f"legday squad: a club of {got['athletes']:,} athletes"
    lines = [
        f"# {heading}",
        "",
        f"From one run of `{command}` on {dt.date.today():%Y-%m-%d}: {got['athletes']} "
        f"generated athletes (`benchmarks/club.py`: the published plans in four vendor styles, "
        "busy calendars of three densities, levels and options from a fixed seed), "
        f"{got['rounds']} interleaved round(s), {got['workers']} workers on a "
        f"{got['cores']}-core machine.",
        "",
        "Conditions: a machine shared with other engineers' test runs; one-minute load "
        "average at the start and end of each round: "
        + ", ".join(f"{x:.1f}" for x in got["loadavg"])
        + (f". {note}" if note else "."),
        "",
        "## Throughput",
        "",
        "| method | athletes | wall (s) | athletes/s | cores | athletes/s per core | "
        "speed-up (wall per athlete) | CPU s per athlete | planned |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    names = {
        "sequential": "`legday plan` per athlete, one after another",
        "local": "`legday squad` (local pool)",
        "ray": "`legday squad --engine ray` (local Ray)",
    }
    for method, r in rates.items():
        speed = seq["per_athlete_s"] / r["per_athlete_s"] if seq else float("nan")
        cpu = "n/a" if method == "ray" else f"{r['cpu_s'] / r['athletes']:.2f}"
        lines.append(
            f"| {names[method]} | {r['athletes']} | {r['wall_s']:.1f} | {r['rate']:.2f} | "
            f"{r['cores']} | {r['per_core']:.2f} | {speed:.1f}x | {cpu} | {r['planned']} |"
        )
    lines.append("")
    if seq and seq["athletes"] < got["athletes"]:
        lines.append(
            f"The sequential commands ran on an evenly spaced subset of {seq['athletes']} "
            f"athletes (median {_median(got['runs']['sequential'], 'median_athlete_s'):.2f} s "
            f"each); the whole club would take about "
            f"{seq['per_athlete_s'] * got['athletes']:.0f} s that way."
        )
        lines.append("")
    lines += ["## Same plans, whatever the engine", ""]
    for what, (same, compared) in got["identical"].items():
        lines.append(f"- {what}: {same} of {compared} plans byte-identical")
    lines.append("")
    lines += _cost(got, rates)
    lines += _projection(got, rates)
    return "\n".join(lines) + "\n"


def _cost(got: dict[str, Any], rates: dict[str, dict[str, float]]) -> list[str]:
    jobs = got["runs"]["local"][0]["job_s"]
    cpu = got["runs"]["local"][0]["job_cpu_s"]
    local = rates["local"]
    mean = statistics.mean(jobs)
    overhead = local["wall_s"] - sum(jobs) / local["cores"]

    def row(what: str, xs: list[float]) -> str:
        return (
            f"| {what} | {statistics.median(xs):.3f} s | {statistics.mean(xs):.3f} s | "
            f"{_quantile(xs, 0.9):.3f} s | {_quantile(xs, 0.99):.3f} s | {max(xs):.3f} s |"
        )

    return [
        "## Per-athlete cost",
        "",
        "What one athlete costs inside a worker (reading the calendars, classifying, the plan "
        "solve, the workouts, validation, the .ics), from the results table's `seconds` (wall) "
        "and `cpu_seconds`; the wall time includes waiting for the CPU on a busy machine:",
        "",
        "| | median | mean | p90 | p99 | max |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        row("wall", jobs),
        row("CPU", cpu),
        "",
        f"The local pool's wall time is the work divided by its {local['cores']} workers plus "
        f"{overhead:.1f} s (starting the workers and importing legday once in each, reading "
        "the roster, writing the plans and the results table, and the last athletes' "
        f"imbalance); the pool's efficiency is {mean * local['per_core']:.0%} of the workers' "
        "own time. A sequential `legday plan` pays its interpreter and imports every time: "
        + (
            f"{rates['sequential']['cpu_s'] / rates['sequential']['athletes']:.2f} s of CPU per "
            f"athlete against {statistics.mean(cpu):.3f} s of work."
            if "sequential" in rates
            else "not measured in this run."
        ),
        "",
        f"Peak memory of any process of the local run: {got['runs']['local'][0]['peak_mb']:.0f} "
        f"MB. A plan is {got['plan_kb']:.0f} KB on average; the driver writes "
        f"{got['writes_per_s']:.0f} plans a second here (atomically, with fsync).",
        "",
    ]


def _projection(got: dict[str, Any], rates: dict[str, dict[str, float]]) -> list[str]:
    mean = statistics.mean(got["runs"]["local"][0]["job_cpu_s"])
    core_hours = NIGHTLY * mean / 3600
    engine = rates.get("ray", rates["local"])
    # The share of the workers' time that went to athletes, start-up and driver included.
    efficiency = min(1.0, statistics.mean(got["runs"]["local"][0]["job_s"]) * engine["per_core"])
    cores = math.ceil(NIGHTLY * mean * MARGIN / (WINDOW_S * efficiency))
    nodes = math.ceil(cores / NODE_CORES)
    write_s = NIGHTLY / got["writes_per_s"]
    volume_gb = NIGHTLY * got["plan_kb"] / 1024 / 1024
    which = "Ray" if "ray" in rates else "the local pool"
    return [
        f"## Projection: {NIGHTLY:,} athletes nightly on a cluster",
        "",
        f"- **Work.** {NIGHTLY:,} athletes x {mean:.3f} s (the mean CPU time above) = "
        f"{core_hours:.1f} core-hours a night. CP-SAT solves each plan on one core "
        "(one search worker: the same plan every run), so athletes are independent and the "
        "work divides over cores.",
        f"- **Cluster.** With the efficiency {which} reached here ({efficiency:.0%} of the "
        f"workers' time went to athletes, including its start-up), a {MARGIN}x margin for "
        f"stragglers, retries and uneven nodes, and a {WINDOW_S // 60}-minute window: "
        f"{cores} cores, {nodes} nodes of {NODE_CORES} cores. The fixed costs (Ray's start, "
        "one import of legday per worker, a batch of up to 16 athletes per task) are paid per "
        "worker, not per athlete, so they shrink in proportion as the club grows.",
        f"- **The driver.** It collects results and writes every plan: {NIGHTLY:,} plans in "
        f"about {write_s:.0f} s at the write rate measured here, {volume_gb:.1f} GB a night. "
        "That is serial; past a few hundred cores it becomes the limit, and the plans should go "
        "to object storage from the workers (or the driver write in parallel threads).",
        "- **Not measured here.** Calendars from URLs (the cluster fetches them in its workers, "
        "bound by the training apps' servers, not by CPU); long horizons (a 2-year plan costs "
        "several times a 16-week one, `benchmarks/RESULTS.md`); Ray's scheduling over many "
        "nodes (the local instance had one). Ray retries a task whose worker or node dies and "
        "splits a batch that keeps failing, so one bad athlete costs a few retries, not the "
        "night.",
        "",
    ]
