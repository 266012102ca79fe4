"""A bounded fuzzing suite of the importer and of ``legday plan``.

``python -m benchmarks.fuzz`` (``--help`` for its options) runs, until a number of cases or a
time budget is reached, whichever comes first:

- **corpus-import**: a real-world calendar (``../shared/calendars/real_world``), mutated
  (:mod:`benchmarks.fuzz.mutate`), read by ``legday classify``;
- **corpus-plan**: the same with its titles made run titles, planned by ``legday plan``;
- **corpus-busy**: a generated training plan with a mutated real-world calendar as ``--busy``;
- **generated**: an adversarial training plan (and sometimes a work calendar) made from the
  seed (:mod:`benchmarks.fuzz.generate`), planned with random options.

Every case runs the real command in a process of its own (:mod:`benchmarks.fuzz.runner`), and
each written plan is judged by an independent checker (:mod:`benchmarks.fuzz.check`). What must
never happen: a traceback, a timeout or a crash, a written plan that breaks a rule, an input
changed, an output replaced by a failed command, a temp file left, two runs of one input
giving different bytes. ``--report`` writes the figures to ``benchmarks/RELIABILITY.md``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.fuzz.generate import Case, busy_calendar, generated_case, plan_options
from benchmarks.fuzz.load import Load
from benchmarks.fuzz.mutate import CORPUS, corpus_files, mutate
from benchmarks.fuzz.runner import Result, run_case, same_bytes_again

KINDS = ("corpus-import", "corpus-plan", "corpus-busy", "generated")
# The order cases are made in: reading is cheap, so three of every seven cases read.
MIX = (
    "corpus-import",
    "corpus-plan",
    "corpus-import",
    "generated",
    "corpus-import",
    "corpus-busy",
    "generated",
)


@dataclass
class Summary:
    """Everything one run found."""

    seed: int
    results: list[Result] = field(default_factory=list)
    determinism_checked: int = 0
    determinism_failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    corpus_files: int = 0
    load: Load = field(default_factory=Load)

    def all_failures(self) -> list[tuple[str, str | None]]:
        """(line, known issue or None) per thing that must never happen."""
        out: list[tuple[str, str | None]] = []
        for r in self.results:
            what = f"{r.name} ({' '.join(r.args)})"
            if r.exit is None:
                out.append((f"{what}: timed out", None))
            elif r.exit < 0:
                out.append((f"{what}: died of signal {-r.exit}", None))
            if r.traceback:
                out.append((f"{what}: traceback: {r.stderr_tail}", None))
            out += [(f"{what}: {v}", known_issue(r, v)) for v in r.violations]
            out += [(f"{what}: {p}", None) for p in r.problems]
        out += [(f"{n}: a second run gave other bytes", None) for n in self.determinism_failed]
        return out

    def failures(self) -> list[str]:
        """Failures that are no known, reported issue."""
        return [line for line, known in self.all_failures() if known is None]

    def known(self) -> list[tuple[str, str]]:
        """(line, issue) for failures already reported and being fixed elsewhere."""
        return [(line, known) for line, known in self.all_failures() if known is not None]


# Failures the suite finds that are reported issues owned elsewhere: (what it says, the option
# that causes it, the issue). They are listed apart and do not fail the run. Empty now: issue
# 12 item 5 (--allow-after-long-run also lifting the long-run day), which the suite found
# again before it was fixed, is fixed on main.
KNOWN_ISSUES: tuple[tuple[str, str, str], ...] = ()


def known_issue(result: Result, violation: str) -> str | None:
    """The known issue a violation is an instance of, or None."""
    for words, option, issue in KNOWN_ISSUES:
        if words in violation and option in result.args:
            return issue
    return None


def make_case(kind: str, rng: random.Random, index: int, files: list[Path], risky: bool) -> Case:
    """One case of a kind, from the generator (and the corpus, for the corpus kinds)."""
    if kind == "generated":
        return generated_case(rng, index, risky=risky)
    source = rng.choice(files)
    data, applied = mutate(source.read_bytes(), rng, runs=kind == "corpus-plan")
    label = f"{source.parent.name}/{source.name}"
    if kind == "corpus-import":
        args = ["classify", "cal.ics"]
        if rng.random() < 0.3:
            args += ["--tz", rng.choice(("Europe/Berlin", "America/New_York", "UTC"))]
        return Case(f"{kind}-{index}", {"cal.ics": data}, args, [label, *applied])
    if kind == "corpus-plan":
        args = ["plan", "cal.ics", *plan_options(rng, risky=risky)]
        if not risky:  # a few weeks from the first run: a quick solve
            args += ["--weeks", str(rng.randint(1, 3))]
        return Case(f"{kind}-{index}", {"cal.ics": data}, args, [label, *applied])
    runs = generated_case(rng, index, risky=False)
    runs.files["busy.ics"] = data
    runs.args += ["--busy", "busy.ics"]
    if rng.random() < 0.2:
        runs.files["more.ics"] = busy_calendar(rng, __import__("datetime").date(2027, 3, 1), 4)
        runs.args += ["--busy", "more.ics"]
    return Case(f"{kind}-{index}", runs.files, runs.args, [label, *applied])


def run_fuzz(
    *,
    cases: int,
    seconds: float,
    seed: int,
    work: Path,
    corpus: Path = CORPUS,
    risky: bool = True,
    kinds: tuple[str, ...] = MIX,
    deadline: float = 120.0,
    every_nth_twice: int = 10,
    progress: Callable[[Result], None] | None = None,
) -> Summary:
    """Run cases until ``cases`` are done or ``seconds`` have passed.

    Args:
        cases: at most this many cases.
        seconds: stop starting new cases after this long.
        seed: the seed of every choice (the same seed makes the same cases).
        work: a folder for the cases' files (one subfolder each).
        corpus: the real-world calendars.
        risky: also options that may not give a plan (``--best-effort``...), long horizons.
        kinds: which kinds of case to make, in turn.
        deadline: seconds one case may take before it is killed.
        every_nth_twice: run every n-th successful plan twice (same bytes?).
        progress: called with each result.
    """
    rng = random.Random(seed)
    files = corpus_files(corpus)
    summary = Summary(seed, corpus_files=len(files))
    began = time.monotonic()
    summary.load.start()
    plans_ok = 0
    for index in range(cases):
        if time.monotonic() - began > seconds:
            break
        kind = kinds[index % len(kinds)]
        if kind != "generated" and not files:
            kind = "generated"
        case = make_case(kind, rng, index, files, risky)
        result = run_case(
            case.name, kind, case.files, case.args, work, deadline=deadline, mutations=case.notes
        )
        summary.results.append(result)
        if result.exit == 0 and case.args[0] == "plan":
            plans_ok += 1
            if every_nth_twice and plans_ok % every_nth_twice == 0:
                summary.determinism_checked += 1
                if not same_bytes_again(result, work, deadline):
                    summary.determinism_failed.append(result.name)
        summary.load.sample()
        if progress is not None:
            progress(result)
    summary.seconds = time.monotonic() - began
    summary.load.stop()
    return summary
