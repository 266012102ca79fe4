"""The ``fuzz`` family: adversarial calendars planned as benchmark instances.

:func:`fuzz_instances` gives one case of each quirk below, deterministic and modelled on what
real exports do (runs across midnight and DST gaps, floating times in a +12:45 zone, copies
of one UID, multi-day all-day events, a race every other week, a window the runs nearly fill,
all-day out-of-office days, options at their edges), then the cases of :func:`fuzz_cases`.
That is the hook for the fuzzing suite, ``benchmarks.fuzz``: when it is installed, its
generator (``benchmarks.fuzz.generate.generated_case``) makes :data:`FUZZ_CASES` hostile
calendars from :data:`SEED`, and its corpus (real-world calendars, mutated by
``benchmarks.fuzz.mutate``) gives :data:`CORPUS_CASES` more, planned as the runs or as the busy
calendar of a generated plan (``benchmarks.fuzz.make_case``). Without it, the quirks again,
each repeat with other random details. Either way a case is files plus a ``legday plan``
command line, which :func:`fuzz_instances` turns into instances. A mutated calendar legday
refuses to read is an instance too: its row says "input refused".
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.instances import Instance

FUZZ_CASES = 12  # from the fuzzing suite's generator
CORPUS_CASES = 8  # from its corpus: mutated real-world calendars, half as runs, half as busy
SEED = 13
START = dt.date(2027, 3, 1)  # a Monday; the plans cross the spring DST change


@dataclass(frozen=True)
class Case:
    """Files (name -> bytes) and the command line (``plan runs.ics --busy work.ics ...``),
    the shape of the fuzzing suite's cases."""

    name: str
    files: dict[str, bytes]
    args: list[str]


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def quirk_cases(seed: int = SEED) -> list[Case]:
    """One case of each quirk of this module."""
    rng = random.Random(seed)
    return [
        quirk(rng, f"fuzz/{i:02d}-{quirk.__name__.strip('_')}") for i, quirk in enumerate(_QUIRKS)
    ]


def fuzz_cases(
    n: int = FUZZ_CASES, seed: int = SEED, corpus: int = CORPUS_CASES
) -> tuple[str, list[Any]]:
    """The cases beyond the quirks, and where they come from.

    With the fuzzing suite installed: ``n`` from its generator, then ``corpus`` from its
    corpus when that folder is there (mutated real-world calendars, alternately planned as
    the runs, for one to three weeks, and as the busy calendar of a generated plan). Else
    ``n`` of this module's quirks (cycled, each repeat with other random details).
    """
    rng = random.Random(seed)
    generate = _module("benchmarks.fuzz.generate")
    made = getattr(generate, "generated_case", None)
    if made is None:
        cases = []
        for i in range(n):
            quirk = _QUIRKS[i % len(_QUIRKS)]
            name = f"fuzz/{len(_QUIRKS) + i:02d}-{quirk.__name__.strip('_')}"
            cases.append(quirk(rng, name))
        return "benchmarks/adversarial.py", cases
    cases = [made(rng, i) for i in range(n)]
    source = "the fuzzing suite's generator (benchmarks.fuzz.generate)"
    suite, mutate = _module("benchmarks.fuzz"), _module("benchmarks.fuzz.mutate")
    files = mutate.corpus_files() if suite is not None and mutate is not None and corpus else []
    if files:
        for k in range(corpus):
            kind = ("corpus-plan", "corpus-busy")[k % 2]
            cases.append(suite.make_case(kind, rng, n + k, files, False))
        source += f" and corpus ({len(files)} real-world calendars, mutated)"
    return source, cases


def fuzz_instances(
    cache: Path, n: int = FUZZ_CASES, seed: int = SEED, corpus: int = CORPUS_CASES
) -> list[Instance]:
    """The quirks and the cases of :func:`fuzz_cases`, written into ``cache`` as instances."""
    _, cases = fuzz_cases(n, seed, corpus)
    out = []
    for i, case in enumerate([*quirk_cases(seed), *cases]):
        folder = cache / f"fuzz_{i:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in case.files.items():
            (folder / name).write_bytes(data)
        out.append(_instance(case, folder, i))
    return out


def _instance(case: Any, folder: Path, index: int) -> Instance:
    """A case's command line as an instance: files, busy files, level, zone, the rest."""
    args = list(case.args)[1:] if case.args and case.args[0] == "plan" else list(case.args)
    runs: list[Path] = []
    busy: list[Path] = []
    options: list[str] = []
    level, tz = "intermediate", None
    k = 0
    while k < len(args):
        a = args[k]
        if a in ("--busy", "--level", "--tz") and k + 1 < len(args):
            value = args[k + 1]
            if a == "--busy":
                busy.append(folder / value)
            elif a == "--level":
                level = value
            else:
                tz = value
            k += 2
            continue
        if not a.startswith("-") and (folder / a).is_file() and not options:
            runs.append(folder / a)
        else:
            options.append(a)
        k += 1
    name = case.name if "/" in case.name else f"fuzz/{index:02d}-{case.name}"
    return Instance(
        name=name,
        family="fuzz",
        runs=tuple(runs),
        busy=tuple(busy),
        level=level,
        tz=tz,
        density="busy" if busy else "none",
        plan=name.split("/", 1)[1],
        options=tuple(options),
    )


# --------------------------------------------------------------------------- writing


class _Cal:
    """One VCALENDAR written as text, event by event."""

    def __init__(self, name: str, header: tuple[str, ...] = ()) -> None:
        self.lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//legday//adversarial//EN"]
        self.lines += [f"X-WR-CALNAME:{name}", *header]
        self.n = 0

    def event(
        self,
        summary: str,
        start: dt.datetime | dt.date,
        end: dt.datetime | dt.date,
        *,
        tzid: str | None = "America/New_York",
        extra: tuple[str, ...] = (),
        uid: str | None = None,
    ) -> None:
        self.n += 1
        self.lines += [
            "BEGIN:VEVENT",
            f"UID:{uid or f'ev-{self.n}'}@adversarial.legday",
            "DTSTAMP:20270101T000000Z",
            _when("DTSTART", start, tzid),
            _when("DTEND", end, tzid),
            f"SUMMARY:{summary}",
            *extra,
            "END:VEVENT",
        ]

    def bytes(self) -> bytes:
        return ("\r\n".join([*self.lines, "END:VCALENDAR"]) + "\r\n").encode("utf-8")


def _when(key: str, value: dt.datetime | dt.date, tzid: str | None) -> str:
    if not isinstance(value, dt.datetime):
        return f"{key};VALUE=DATE:{value:%Y%m%d}"
    if tzid is None:
        return f"{key}:{value:%Y%m%dT%H%M%S}"  # floating
    if tzid == "UTC":
        return f"{key}:{value:%Y%m%dT%H%M%S}Z"
    return f"{key};TZID={tzid}:{value:%Y%m%dT%H%M%S}"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


_TITLES = ("Easy run 8 km", "Intervals 6 x 800 m", "Tempo run 10 km", "Hill repeats 8 x 200 m")


def _week_of_runs(cal: _Cal, rng: random.Random, monday: dt.date, hour: int, **kw: Any) -> None:
    """A usual week: three runs at ``hour`` and a Sunday long run."""
    for d in sorted(rng.sample((0, 1, 2, 3, 5), 3)):
        day = monday + dt.timedelta(days=d)
        cal.event(rng.choice(_TITLES), _at(day, hour), _at(day, hour, 50), **kw)
    sunday = monday + dt.timedelta(days=6)
    cal.event("Long run 22 km", _at(sunday, 8), _at(sunday, 10, 15), **kw)


# --------------------------------------------------------------------------- the quirks


def _midnight(rng: random.Random, name: str) -> Case:
    """Runs from 23:30 to 00:45, a long run that ends before it starts, meetings across
    midnight."""
    runs, work = _Cal("Night runner"), _Cal("Work")
    for w in range(rng.choice((4, 6))):
        monday = START + dt.timedelta(weeks=w)
        for d in (0, 2, 4):
            day = monday + dt.timedelta(days=d)
            runs.event("Easy run 10 km", _at(day, 23, 30), _at(day + dt.timedelta(1), 0, 45))
        sunday = _at(monday + dt.timedelta(6), 22)
        # A broken export: the long run ends before it starts.
        runs.event("Long run 20 km", sunday, sunday - dt.timedelta(hours=1))
        day = monday + dt.timedelta(days=rng.randrange(5))
        work.event("Release night", _at(day, 22), _at(day + dt.timedelta(1), 3))
    return Case(
        name,
        {"runs.ics": runs.bytes(), "work.ics": work.bytes()},
        ["plan", "runs.ics", "--busy", "work.ics"],
    )


def _dst(rng: random.Random, name: str) -> Case:
    """A weekly series across the DST change, a run at 02:30 that does not exist that night,
    an EXDATE and a moved occurrence listed before its series."""
    cal = _Cal("Spring block")
    first = _at(START + dt.timedelta(days=1), 6, 30)
    moved = first + dt.timedelta(weeks=3)
    cal.event(
        "Tempo run 8 km",
        moved + dt.timedelta(hours=11),
        moved + dt.timedelta(hours=12),
        uid="series",
        extra=(f"RECURRENCE-ID;TZID=America/New_York:{moved:%Y%m%dT%H%M%S}",),
    )
    cal.event(
        "Tempo run 8 km",
        first,
        first + dt.timedelta(hours=1),
        uid="series",
        extra=(
            "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=20",
            f"EXDATE;TZID=America/New_York:{first + dt.timedelta(weeks=2):%Y%m%dT%H%M%S}",
        ),
    )
    cal.event("Easy run 5 km", _at(dt.date(2027, 3, 14), 2, 30), _at(dt.date(2027, 3, 14), 3, 10))
    for w in range(10):
        sunday = START + dt.timedelta(weeks=w, days=6)
        cal.event("Long run 24 km", _at(sunday, 7), _at(sunday, 9, 30))
    return Case(name, {"runs.ics": cal.bytes()}, ["plan", "runs.ics"])


def _chatham(rng: random.Random, name: str) -> Case:
    """Floating times in a calendar that names a +12:45 zone, read in that zone."""
    cal = _Cal("Chatham Islands", ("X-WR-TIMEZONE:Pacific/Chatham",))
    for w in range(rng.choice((6, 8))):
        _week_of_runs(cal, rng, START + dt.timedelta(weeks=w), rng.choice((5, 6, 17)), tzid=None)
    return Case(name, {"runs.ics": cal.bytes()}, ["plan", "runs.ics", "--tz", "Pacific/Chatham"])


def _duplicates(rng: random.Random, name: str) -> Case:
    """Every run three times under one UID with different SEQUENCE numbers (the highest wins)."""
    cal = _Cal("Synced twice")
    for w in range(8):
        monday = START + dt.timedelta(weeks=w)
        for d, title in ((1, "Intervals 5 x 1 km"), (3, "Easy run 8 km"), (6, "Long run 25 km")):
            day = monday + dt.timedelta(days=d)
            for seq in rng.sample((0, 1, 2), 3):
                hour = 6 + 2 * seq
                cal.event(
                    title,
                    _at(day, hour),
                    _at(day, hour + 1),
                    uid=f"w{w}d{d}",
                    extra=(f"SEQUENCE:{seq}",),
                )
    return Case(name, {"runs.ics": cal.bytes()}, ["plan", "runs.ics", "--level", "advanced"])


def _camp(rng: random.Random, name: str) -> Case:
    """All-day runs, a three-day running camp, and run times named per weekday."""
    cal = _Cal("Training app")
    for w in range(12):
        monday = START + dt.timedelta(weeks=w)
        for d, title in ((1, "Intervals 6 x 800 m"), (3, "Easy run 45 min"), (5, "Long run 1:45")):
            day = monday + dt.timedelta(days=d)
            cal.event(title, day, day + dt.timedelta(1))
        if w % 4 == 2:
            cal.event("Running camp", monday + dt.timedelta(4), monday + dt.timedelta(7))
    return Case(
        name,
        {"runs.ics": cal.bytes()},
        ["plan", "runs.ics", "--run-time", "Tue=18:00,Sat=08:00", "--tz", "Europe/Berlin"],
    )


def _tight_window(rng: random.Random, name: str) -> Case:
    """A two-hour window the morning runs nearly fill, 45-minute sessions."""
    cal = _Cal("Early bird")
    for w in range(10):
        _week_of_runs(cal, rng, START + dt.timedelta(weeks=w), 5)
    return Case(
        name,
        {"runs.ics": cal.bytes()},
        ["plan", "runs.ics", "--window", "05:00-07:30", "--minutes", "45"],
    )


def _races(rng: random.Random, name: str) -> Case:
    """A run every day and a race every other Sunday: race windows cover most days."""
    cal = _Cal("Race season")
    for d in range(8 * 7):
        day = START + dt.timedelta(days=d)
        title = "City 10K race" if d % 14 == 13 else rng.choice(_TITLES)
        cal.event(title, _at(day, 7), _at(day, 8))
    return Case(name, {"runs.ics": cal.bytes()}, ["plan", "runs.ics", "--goal-race", "City"])


def _away(rng: random.Random, name: str) -> Case:
    """A busy calendar with out-of-office weeks and days booked from 06:00 to 21:00."""
    runs, work = _Cal("Runs"), _Cal("Work")
    for w in range(12):
        monday = START + dt.timedelta(weeks=w)
        _week_of_runs(runs, rng, monday, 6)
        if w % 3 == 1:
            work.event(
                "Out of office",
                monday,
                monday + dt.timedelta(5),
                extra=("X-MICROSOFT-CDO-BUSYSTATUS:OOF",),
            )
        day = monday + dt.timedelta(days=rng.randrange(5))
        work.event("Offsite", _at(day, 6), _at(day, 21))
    return Case(
        name,
        {"runs.ics": runs.bytes(), "work.ics": work.bytes()},
        ["plan", "runs.ics", "--busy", "work.ics"],
    )


def _best_effort(rng: random.Random, name: str) -> Case:
    """Runs six days a week, evenings busy: weeks fall short, planned with --best-effort."""
    runs, work = _Cal("Six a week"), _Cal("Evenings")
    for w in range(10):
        monday = START + dt.timedelta(weeks=w)
        for d in range(7):
            day = monday + dt.timedelta(days=d)
            if d != rng.randrange(7):
                title = "Long run 20 km" if d == 6 else rng.choice(_TITLES)
                runs.event(title, _at(day, 18), _at(day, 19))
            work.event("Office", _at(day, 8), _at(day, 17, 30))
    return Case(
        name,
        {"runs.ics": runs.bytes(), "work.ics": work.bytes()},
        ["plan", "runs.ics", "--busy", "work.ics", "--best-effort"],
    )


def _edges(rng: random.Random, name: str) -> Case:
    """Options at their edges: one week, 0-4 sessions, a day between, the longest sessions."""
    cal = _Cal("One week")
    _week_of_runs(cal, rng, START, 7)
    return Case(
        name,
        {"runs.ics": cal.bytes()},
        [
            "plan",
            "runs.ics",
            "--sessions",
            "0-4",
            "--min-gap-days",
            "1",
            "--minutes",
            "90",
            "--prefer",
            rng.choice(("morning", "midday", "evening")),
        ],
    )


def _beginner(rng: random.Random, name: str) -> Case:
    """A beginner who runs five days a week (strength only on the two others)."""
    cal = _Cal("Five a week")
    for w in range(rng.choice((9, 16))):
        monday = START + dt.timedelta(weeks=w)
        for d in (0, 1, 3, 4, 6):
            day = monday + dt.timedelta(days=d)
            cal.event("Long run 16 km" if d == 6 else "Easy run 5 km", _at(day, 7), _at(day, 8))
    return Case(
        name,
        {"runs.ics": cal.bytes()},
        ["plan", "runs.ics", "--level", "beginner", "--sessions", "1-2"],
    )


def _costly_rule(rng: random.Random, name: str) -> Case:
    """Recurrence rules dateutil finds costly or empty, among ordinary runs."""
    cal = _Cal("Odd rules")
    for w in range(8):
        _week_of_runs(cal, rng, START + dt.timedelta(weeks=w), 6)
    for k, rule in enumerate(
        (
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=MONTHLY;BYDAY=SU;BYSETPOS=6",
            "FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO",
        )
    ):
        day = START + dt.timedelta(days=k)
        cal.event("Easy run 6 km", _at(day, 19), _at(day, 20), extra=(f"RRULE:{rule}",))
    return Case(name, {"runs.ics": cal.bytes()}, ["plan", "runs.ics", "--min-gap-days", "3"])


_QUIRKS: tuple[Callable[[random.Random, str], Case], ...] = (
    _midnight,
    _dst,
    _chatham,
    _duplicates,
    _camp,
    _tight_window,
    _races,
    _away,
    _best_effort,
    _edges,
    _beginner,
    _costly_rule,
)
