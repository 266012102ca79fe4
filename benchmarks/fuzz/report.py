"""The fuzzing figures as text: a terminal summary and ``benchmarks/RELIABILITY.md``."""

from __future__ import annotations

import os
import platform
from collections import Counter

from benchmarks.fuzz import KINDS, Summary
from benchmarks.fuzz.items import ITEMS


def _exit_name(code: int | None) -> str:
    if code is None:
        return "timeout"
    if code < 0:
        return f"signal {-code}"
    return {0: "0 (written)", 1: "1 (no plan)", 2: "2 (bad input)"}.get(code, str(code))


def figures(summary: Summary) -> list[tuple[str, str]]:
    """(what, value) rows: cases, exits, tracebacks, worst CPU and memory, failures."""
    results = summary.results
    exits = Counter(_exit_name(r.exit) for r in results)
    worst_cpu = max(results, key=lambda r: r.cpu, default=None)
    worst_rss = max(results, key=lambda r: r.rss_mb, default=None)
    plans = [r for r in results if r.args[0] == "plan" and r.exit == 0]
    statuses = Counter(r.status or "unknown" for r in plans)
    slowest = max(results, key=lambda r: r.wall, default=None)
    return [
        ("cases", f"{len(results)} in {summary.seconds:.0f} s (seed {summary.seed})"),
        *((f"  {k}", str(sum(r.kind == k for r in results))) for k in KINDS),
        ("exits", ", ".join(f"{k}: {v}" for k, v in sorted(exits.items()))),
        ("tracebacks", str(sum(r.traceback for r in results))),
        ("timeouts or crashes", str(sum(r.exit is None or r.exit < 0 for r in results))),
        ("plans written and judged", str(len(plans))),
        (
            "solve status of written plans",
            ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())),
        ),
        (
            "torn files (an output replaced by a failed command, or a temp file left)",
            str(torn(summary)),
        ),
        (
            "rule violations in written plans",
            f"{sum(len(r.violations) for r in results)} ({len(summary.known())} of a known "
            "issue, listed below)",
        ),
        ("data-safety problems", str(sum(len(r.problems) for r in results))),
        (
            "same input, same bytes",
            f"{summary.determinism_checked - len(summary.determinism_failed)} of "
            f"{summary.determinism_checked} re-runs",
        ),
        (
            "worst CPU time",
            f"{worst_cpu.cpu:.2f} s ({worst_cpu.name})" if worst_cpu else "-",
        ),
        (
            "worst peak memory",
            f"{worst_rss.rss_mb:.0f} MB ({worst_rss.name})" if worst_rss else "-",
        ),
        (
            "slowest case (wall clock)",
            f"{slowest.wall:.2f} s ({slowest.name}, {slowest.cpu:.2f} s CPU)" if slowest else "-",
        ),
        ("load", summary.load.words()),
    ]


def torn(summary: Summary) -> int:
    """Cases whose failed command changed an output, or that left a temp file behind."""
    words = ("yet the existing output was replaced", "yet a report was written", "temp file")
    return sum(any(w in p for w in words for p in r.problems) for r in summary.results)


def exits_by_kind(summary: Summary) -> list[str]:
    """A markdown table: how many cases of each kind ended with each exit."""
    names = sorted({_exit_name(r.exit) for r in summary.results})
    rows = [
        "| kind | " + " | ".join(names) + " | cases |",
        "| --- | " + " | ".join("---" for _ in names) + " | --- |",
    ]
    for kind in KINDS:
        mine = [r for r in summary.results if r.kind == kind]
        counts = Counter(_exit_name(r.exit) for r in mine)
        rows.append(
            f"| {kind} | " + " | ".join(str(counts[n]) for n in names) + f" | {len(mine)} |"
        )
    return rows


def items_table() -> list[str]:
    """A markdown table: issue 12's items and the tests that hold each one fixed."""
    rows = ["| item | what was wrong | regression tests |", "| --- | --- | --- |"]
    for item, what, tests in ITEMS:
        what = what.replace("|", "\\|")  # a pipe inside a cell would end it
        rows.append(f"| {item} | {what} | " + "<br>".join(f"`{t}`" for t in tests) + " |")
    return rows


def terminal(summary: Summary) -> str:
    rows = figures(summary)
    width = max(len(k) for k, _ in rows)
    lines = [f"{k.ljust(width)}  {v}" for k, v in rows]
    failures = summary.failures()
    if failures:
        lines += ["", "FAILURES:", *(f"  {f}" for f in failures[:50])]
    known = summary.known()
    if known:
        lines += ["", f"KNOWN ({len(known)}):", *(f"  {f} [{i}]" for f, i in known[:20])]
    return "\n".join(lines)


ABOUT = """\
## What the suite does

`python -m benchmarks.fuzz` runs, until a number of cases or a time budget is reached, cases of
four kinds in turn:

- **corpus-import**: a real-world calendar from `../shared/calendars/real_world` (the test
  files of icalendar, ical, recurring-ical-events and x-wr-timezone), mutated (cut off
  anywhere, lines deleted, doubled or swapped, extreme or malformed values, noise bytes, other
  encodings, wrong folding, unbalanced BEGIN/END, one event copied hundreds of times, costly
  RRULEs; see `benchmarks/fuzz/mutate.py`), read by `legday classify`;
- **corpus-plan**: the same with its titles made run titles, planned by `legday plan`;
- **corpus-busy**: a generated training plan with a mutated real-world calendar as `--busy`;
- **generated**: an adversarial training plan (and sometimes a work calendar) made from the
  seed (`benchmarks/fuzz/generate.py`: every kind of time zone, DST gaps and folds, all-day and
  multi-day runs, zero and negative lengths, EXDATE/RDATE/RECURRENCE-ID, costly rules, copies of
  one UID, races, dense busy calendars), planned with random options.

Each case is the real command (`optimizer.cli.main`, legday's entry point) in a process of its
own, forked from one that imported legday once, with a deadline; the process measures its own
CPU time (all threads, the solver's too) and peak resident memory. Every written plan is judged
by an independent rule checker (`benchmarks/fuzz/check.py`, which reads only the files and the
command line) and by `optimizer/validate.py`. What must never happen, and fails the run: a
traceback, a timeout or a crash, a written plan that breaks a rule, an input changed, an output
replaced (or a report written) by a command that failed, a temp file left behind, two runs of
one input giving different bytes (every tenth written plan is run twice).

## How to run it

```
python -m benchmarks.fuzz --help
python -m benchmarks.fuzz --cases 600 --seconds 900 --report   # writes this file
python -m pytest -m fuzz                                       # the small run in the test suite
```

The same seed makes the same cases. `--work DIR` keeps every case's files (its command line is
in the table below), so a failing case can be run again by hand.
"""


def markdown(summary: Summary, command: str) -> str:
    """``benchmarks/RELIABILITY.md``: what was run, the figures, the slowest cases."""
    rows = figures(summary)
    slow = sorted(summary.results, key=lambda r: r.cpu, reverse=True)[:8]
    failures = summary.failures()
    out = [
        "# Reliability: fuzzing the importer and `legday plan`",
        "",
        "Made by `python -m benchmarks.fuzz --report`; every figure below is that run's own.",
        "",
        ABOUT,
        "## The figures",
        "",
        f"One run of `{command}` on {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{summary.corpus_files} real-world calendars in the corpus.",
        "",
        f"Load while it ran (the machine is shared): {summary.load.words()}. CPU time is "
        "little affected by other work; wall-clock times are.",
        "",
        "| figure | value |",
        "| --- | --- |",
        *(f"| {k.strip()} | {v} |" for k, v in rows if k != "load"),
        "",
        "Exit codes by kind of case (0: plan written or calendar read; 1: no plan within the "
        "rules; 2: bad input, refused in one line):",
        "",
        *exits_by_kind(summary),
        "",
        "CPU time and memory are the command's own (all its threads; peak resident memory when "
        "it returned, which includes the imported libraries).",
        "",
        "## Slowest cases (CPU)",
        "",
        "| case | command | exit | status | CPU s | wall s | MB |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        *(
            f"| {r.name} | `{' '.join(r.args[:8])}{' ...' if len(r.args) > 8 else ''}` | "
            f"{_exit_name(r.exit)} | {r.status or '-'} | {r.cpu:.2f} | {r.wall:.2f} | "
            f"{r.rss_mb:.0f} |"
            for r in slow
        ),
        "",
        "## Failures",
        "",
        *([f"- {f}" for f in failures] or ["None."]),
        "",
        "## Known issues it found again",
        "",
        "Failures that are reported issues, being fixed elsewhere; they do not fail the run.",
        "",
        *([f"- {f} ({i})" for f, i in summary.known()] or ["None."]),
        "",
        "## Issue 12: each finding and its regression test",
        "",
        "Every test runs the real command (a subprocess, or click's runner on `legday`) or the "
        "real server (uvicorn on loopback), and failed before its fix.",
        "",
        *items_table(),
        "",
    ]
    return "\n".join(out)
