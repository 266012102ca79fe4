"""The fuzzing figures as text: a terminal summary and ``benchmarks/RELIABILITY.md``."""

from __future__ import annotations

import os
import platform
from collections import Counter

from benchmarks.fuzz import KINDS, Summary


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
    return [
        ("cases", f"{len(results)} in {summary.seconds:.0f} s (seed {summary.seed})"),
        *((f"  {k}", str(sum(r.kind == k for r in results))) for k in KINDS),
        ("exits", ", ".join(f"{k}: {v}" for k, v in sorted(exits.items()))),
        ("tracebacks", str(sum(r.traceback for r in results))),
        ("timeouts or crashes", str(sum(r.exit is None or r.exit < 0 for r in results))),
        ("plans written and judged", str(len(plans))),
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
    ]


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


def markdown(summary: Summary, command: str) -> str:
    """``benchmarks/RELIABILITY.md``: what was run, the figures, the slowest cases."""
    rows = figures(summary)
    slow = sorted(summary.results, key=lambda r: r.cpu, reverse=True)[:8]
    failures = summary.failures()
    out = [
        "# Reliability: fuzzing the importer and `legday plan`",
        "",
        f"One run of `{command}` on {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores, {summary.corpus_files} "
        "real-world calendars in the corpus. Every case is the real command in a process of "
        "its own; see `benchmarks/fuzz/__init__.py` for the kinds of case and what must never "
        "happen.",
        "",
        "| figure | value |",
        "| --- | --- |",
        *(f"| {k.strip()} | {v} |" for k, v in rows),
        "",
        "CPU time and memory are the command's own (all its threads; peak resident memory when "
        "it returned), measured by the process itself; the written plans were judged by the "
        "independent checker (`benchmarks/fuzz/check.py`) and by `optimizer/validate.py`.",
        "",
        "## Slowest cases",
        "",
        "| case | command | exit | CPU s | MB |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| {r.name} | `{' '.join(r.args[:8])}{' ...' if len(r.args) > 8 else ''}` | "
            f"{_exit_name(r.exit)} | {r.cpu:.2f} | {r.rss_mb:.0f} |"
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
    ]
    return "\n".join(out)
