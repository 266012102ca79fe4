"""``python -m benchmarks.fuzz``: run the fuzzing suite (bounded in cases and in time)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from benchmarks.fuzz import KINDS, MIX, Summary, run_fuzz
from benchmarks.fuzz.mutate import CORPUS
from benchmarks.fuzz.report import markdown, terminal

RELIABILITY = Path(__file__).resolve().parent.parent / "RELIABILITY.md"


def as_json(summary: Summary) -> dict:
    """What a run found, for a program: every case, the failures, the re-runs."""
    return {
        "seed": summary.seed,
        "seconds": summary.seconds,
        "results": [dataclasses.asdict(r) for r in summary.results],
        "failures": summary.failures(),
        "determinism_checked": summary.determinism_checked,
        "determinism_failed": summary.determinism_failed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.fuzz",
        description="Fuzz the importer and `legday plan` with mutated real-world and generated "
        "calendars; exit 1 if anything that must never happen did.",
    )
    parser.add_argument("--cases", type=int, default=600, help="at most this many (600)")
    parser.add_argument("--seconds", type=float, default=900, help="time budget (900)")
    parser.add_argument("--seed", type=int, default=12, help="the seed of every choice (12)")
    parser.add_argument("--deadline", type=float, default=120, help="seconds per case (120)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="real-world calendars")
    parser.add_argument(
        "--kinds", default=",".join(MIX), help="which kinds of case, in turn (repeats allowed)"
    )
    parser.add_argument(
        "--safe",
        action="store_true",
        help="only options that should give a plan, and a few weeks (quick cases)",
    )
    parser.add_argument(
        "--twice", type=int, default=10, help="run every n-th written plan twice (10; 0: never)"
    )
    parser.add_argument("--json", type=Path, help="write every case's result to this file")
    parser.add_argument("--work", type=Path, help="keep the cases' files here (default: temp)")
    parser.add_argument(
        "--report",
        nargs="?",
        type=Path,
        const=RELIABILITY,
        help=f"write the figures to benchmarks/{RELIABILITY.name} (or to the file given)",
    )
    args = parser.parse_args(argv)

    def stop(sig: int, frame: object) -> None:
        raise SystemExit(128 + sig)  # unwinds through the runner, which kills the case

    signal.signal(signal.SIGTERM, stop)
    work = args.work or Path(tempfile.mkdtemp(prefix="legday-fuzz-"))
    kinds = tuple(k for k in args.kinds.split(",") if k in KINDS) or MIX
    done = [0]

    def progress(result: object) -> None:
        done[0] += 1
        if done[0] % 25 == 0:
            print(f"  {done[0]} cases", file=sys.stderr, flush=True)

    try:
        summary = run_fuzz(
            cases=args.cases,
            seconds=args.seconds,
            seed=args.seed,
            work=work,
            corpus=args.corpus,
            kinds=kinds,
            deadline=args.deadline,
            risky=not args.safe,
            every_nth_twice=args.twice,
            progress=progress,
        )
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(terminal(summary))
    if args.json is not None:
        args.json.write_text(json.dumps(as_json(summary), indent=1), encoding="utf-8")
    if args.report is not None:
        given = sys.argv[1:] if argv is None else argv
        if args.report != RELIABILITY:  # the command as it would write RELIABILITY.md
            given = [a for a in given if a != str(args.report)]
        command = "python -m benchmarks.fuzz " + " ".join(given)
        args.report.write_text(markdown(summary, command.strip()), encoding="utf-8")
        print(f"wrote {args.report}")
    return 1 if summary.failures() else 0


if __name__ == "__main__":
    sys.exit(main())
