"""The ~90 published English plans in ``shared/plans`` (Pfitzinger, Higdon, Hansons, FIRST...),
read as calendars of all-day events: real, messy titles and the judgement calls they encode.

(Moved from ``test_classify.py`` unchanged, so each module stays one sitting long.)
"""

from __future__ import annotations

import collections
import json
import re
from pathlib import Path

import pytest

from optimizer.classify import classify
from optimizer.domain import Run, RunKind
from tests.classify.test_classify import E, H, L, N, R, event

PLANS = Path(__file__).resolve().parents[2].parent / "shared" / "plans"


def _plan_files() -> list[Path]:
    if not PLANS.is_dir():
        pytest.fail(f"the published plans are missing: expected them in {PLANS}")
    files = sorted(PLANS.glob("*.json"))
    if len(files) < 80:
        pytest.fail(f"expected ~90 published plans in {PLANS}, found {len(files)}")
    return files


@pytest.fixture(scope="module")
def plans() -> dict[str, tuple[dict, tuple[Run, ...]]]:
    """Every plan as a calendar of all-day events from a Monday, classified."""
    out = {}
    for path in _plan_files():
        plan = json.loads(path.read_text(encoding="utf-8"))
        events = []
        for w, week in enumerate(plan["schedule"]):
            for d, workout in enumerate(week["workouts"]):
                events.append(
                    event(
                        workout["title"],
                        7 * w + d,
                        description=workout.get("description", ""),
                        uid=f"{path.stem}-{w}-{d}",
                    )
                )
        out[path.stem] = (plan, classify(events, units=plan["units"]))
    return out


def _fold(title: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", title)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


_NO_RUN_OPTION = re.compile(
    r"rest|off|off day|day off|cross|cross-train(?:ing)?|cross training|strength training"
    r"|\d+ min cross|cross \d+ min|bike: \d+ min|rest of cross-train"
)


def test_every_plan_is_read(plans) -> None:
    assert len(plans) >= 80
    for name, (plan, runs) in plans.items():
        assert len(runs) == 7 * len(plan["schedule"]), name
        assert any(r.kind.is_run for r in runs), name


def test_plans_have_at_most_one_long_run_a_week(plans) -> None:
    for name, (_, runs) in plans.items():
        per_week = collections.Counter(
            r.day.isocalendar()[:2] for r in runs if r.kind is RunKind.LONG
        )
        assert max(per_week.values(), default=0) <= 1, name


def test_plans_rest_and_cross_training_are_not_runs(plans) -> None:
    seen = 0
    for _, runs in plans.values():
        for r in runs:
            options = re.split(r"\s+or\s+", r.event.summary.strip().lower())
            if all(_NO_RUN_OPTION.fullmatch(o) for o in options):
                seen += 1
                assert r.kind is N, (r.event.summary, r.reason)
    assert seen > 1500


def test_plans_long_run_titles_are_long(plans) -> None:
    seen = 0
    for _, runs in plans.values():
        for r in runs:
            title = r.event.summary.lower()
            if re.search(r"\blong run\b", title) and "med" not in title:
                seen += 1
                assert r.kind is L, (r.event.summary, r.reason)
    assert seen > 200


def test_plans_tune_up_races_are_races(plans) -> None:
    seen = 0
    for _, runs in plans.values():
        for r in runs:
            if re.search(r"tune[\s-]?up race", r.event.summary, re.I):
                seen += 1
                assert r.kind is R, (r.event.summary, r.reason)
    assert seen > 80


def test_plans_workouts_are_hard(plans) -> None:
    """LT, tempo, intervals, VO2max: hard, or the week's long run when clearly longest."""
    seen = 0
    for _, runs in plans.values():
        for r in runs:
            title = _fold(r.event.summary)
            if re.search(r"\b(?:lt|tempo|intervals?|vo2\s*max|lactate threshold)\b", title):
                seen += 1
                ok = r.kind is H or (r.kind is L and r.reason.startswith("longest run of the week"))
                assert ok, (r.event.summary, r.kind, r.reason)
    assert seen > 400


def test_plans_med_long_runs_are_not_long_by_keyword(plans) -> None:
    for _, runs in plans.values():
        for r in runs:
            if re.search(r"\bmed(?:ium)?-long\b", r.event.summary, re.I):
                assert r.kind in (E, L), r.event.summary
                if r.kind is L:
                    assert r.reason.startswith("longest run of the week")


RACE_DAYS = {"marathon race", "race day!", "goal marathon", "half marathon", "key race"}


def test_plans_race_days_are_races(plans) -> None:
    for _, runs in plans.values():
        for r in runs:
            title = r.event.summary.strip().lower()
            if title in RACE_DAYS:
                assert r.kind is R, r.event.summary


def test_plans_strides_days_are_easy(plans) -> None:
    for _, runs in plans.values():
        for r in runs:
            title = r.event.summary.lower()
            if re.match(r"(?:gen(?:eral)?[\s-]aerobic|recovery) \+ speed", title):
                assert r.kind in (E, L), (r.event.summary, r.reason)


def test_plans_marathon_plans_mostly_have_a_weekly_long_run(plans) -> None:
    """Marathon plans build around a weekly long run; early, taper and recovery weeks may lack one

    (a long run under ~12 km, or two runs of the same length, is not clearly the long run).
    """
    for name, (plan, runs) in plans.items():
        if plan.get("type") != "Marathon" or len(plan["schedule"]) < 12:
            continue
        weeks = {r.day.isocalendar()[:2] for r in runs}
        with_long = {r.day.isocalendar()[:2] for r in runs if r.kind is RunKind.LONG}
        assert len(with_long) >= 0.5 * len(weeks), (name, len(with_long), len(weeks))


def test_plans_counts_per_kind(plans) -> None:
    """A guard against a keyword change that silently moves hundreds of days."""
    counts = collections.Counter(r.kind for _, runs in plans.values() for r in runs)
    total = sum(counts.values())
    assert total > 7000
    assert counts[E] > counts[H] > counts[L] > counts[R] > 100
    assert 0.15 < counts[N] / total < 0.3
