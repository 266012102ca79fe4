"""Plans written in seven languages, in all-day, UTC and zoned styles, get strength plans that
keep every rule, judged against the true kind of every day (not against legday's reading).

Bug: a Spanish plan's "Cuestas" (hill repeats) read as not a run, so strength landed right
before it; "Media maratón de Valencia" was no race, so strength came two days before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from optimizer import pipeline
from optimizer.config import PlanOptions
from optimizer.domain import Level, RunKind
from optimizer.validate import validate
from tests.classify.language_plans import MONDAY, PLANS, STYLES, ZONES, calendar_bytes


def true_runs(problem, lang: str):
    """The problem's runs with the kinds and priorities the plan's author meant."""
    truth = {
        (MONDAY + dt.timedelta(days=day), title): (kind, prio)
        for day, title, kind, prio, *_ in PLANS[lang]
    }
    out = []
    for run in problem.runs:
        kind, prio = truth[(run.event.day, run.event.summary)]
        out.append(replace(run, kind=kind, priority=prio))
    return tuple(out)


@pytest.mark.parametrize("level", [Level.INTERMEDIATE, Level.BEGINNER])
@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("lang", sorted(PLANS))
def test_the_plan_keeps_every_rule_on_the_true_week(
    tmp_path, lang: str, style: str, level: Level
) -> None:
    path = tmp_path / f"plan_{lang}_{style}.ics"
    path.write_bytes(calendar_bytes(lang, style))
    opts = PlanOptions(tz=ZONES[lang], level=level, start=MONDAY, weeks=4, best_effort=True)
    loaded = pipeline.load([path], [], opts)
    outcome = pipeline.plan(loaded, opts)
    assert outcome.ok and outcome.violations == ()
    truth = replace(loaded.problem, runs=true_runs(loaded.problem, lang))
    broken = [
        v
        for v in validate(truth, outcome.sessions)
        if not (v.rule == "sessions_per_week" and v.bound == "min")
    ]
    assert broken == [], [str(v) for v in broken]
    # And the soft goals were priced on the true week: legday read every day's kind right.
    read = {(r.day, r.kind, r.priority) for r in loaded.problem.runs if r.kind is not RunKind.OTHER}
    meant = {(r.day, r.kind, r.priority) for r in truth.runs if r.kind is not RunKind.OTHER}
    assert read == meant
