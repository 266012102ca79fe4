"""session_title: a title names only what the session holds."""

from __future__ import annotations

import dataclasses

from optimizer.workouts.library import by_key
from optimizer.workouts.rules.session_title import claims, focus_of
from tests.workouts.support import MON, THU, broken, planned

CTX = (MON, THU)


def test_planned_titles_say_what_is_in_the_session() -> None:
    a, b = planned(CTX)
    lib = by_key()
    assert a.focus == focus_of([lib[p.exercise] for p in a.items])
    assert "session_title" not in broken(CTX, (a, b))


def test_single_leg_in_the_title_needs_single_leg_work() -> None:
    a, b = planned(CTX)
    lib = by_key()
    assert not any(lib[p.exercise].pattern == "single_leg" for p in b.items)
    wrong = dataclasses.replace(b, focus="single-leg & core")
    assert broken(CTX, (a, wrong)) == {"session_title"}
    assert broken(CTX, (a, dataclasses.replace(b, focus="hand-made"))) == set()


def test_claims_are_read_from_the_title() -> None:
    assert claims("jumps, legs (squat, single-leg), calves & core") == [
        "jumps",
        "legs",
        "squat",
        "single-leg",
        "calves",
        "core",
    ]
