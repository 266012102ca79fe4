"""Races a runner writes by their name ("NYC Half", "Spring 10K", "Zevenheuvelenloop 15 km"):
one-off events of a plan of runs whose words say no more than "a run", with a name and a race
distance or format, are races; a plan's own "5K", "Week 3: Run 5K" and meetings are not."""

from __future__ import annotations

import pytest

from optimizer.classify import classify_calendar
from optimizer.domain import RunKind
from tests.classify.test_classify import event

WEEK = ["Easy run 8 km", "Intervals 6 x 800 m", "Easy run 8 km", "Tempo 6 km", "Long run 18 km"]


def plan_with(title: str, *, repeat: int = 1, minutes: int | None = None):
    """Four weeks of a plain plan, and ``title`` on the last Saturday (``repeat`` Saturdays)."""
    events = [
        event(t, 7 * w + d, uid=f"{w}-{d}")
        for w in range(4)
        for d, t in zip((0, 1, 2, 3, 6), WEEK, strict=True)
    ]
    events += [event(title, 7 * (3 - k) + 5, uid=f"x{k}", minutes=minutes) for k in range(repeat)]
    return classify_calendar(events)


def kind_of(result, title: str) -> RunKind:
    return next(r.kind for r in result.runs if r.event.summary == title)


RACES = [
    "NYC Half",
    "Spring 10K",
    "Bay to Breakers 12K",
    "Resolution Run 5K",
    "Broad Street Run (10 mi)",
    "Ragnar Relay",
    "Ultra 50K",
    "Club XC champs",
    "Cursa dels Nassos",
    "Corrida de São Silvestre",
    "Course des Héros",
    "Dam tot Damloop",
    "Zevenheuvelenloop 15 km",
    "Corsa di Miguel",
    "Média de Lisboa 21,1 km",
    "Runna: Valencia 10K",
]


@pytest.mark.parametrize("title", RACES)
def test_a_race_by_its_name_is_a_race(title: str) -> None:
    result = plan_with(title)
    run = next(r for r in result.runs if r.event.summary == title)
    assert run.kind is RunKind.RACE, run.reason
    if "by its name" in run.reason:
        assert "once in the calendar" in run.reason


@pytest.mark.parametrize("title", RACES[:4])
def test_a_race_by_its_name_is_also_read_when_timed(title: str) -> None:
    assert kind_of(plan_with(title, minutes=90), title) is RunKind.RACE


@pytest.mark.parametrize(
    "title",
    [
        "5K",  # a distance, no name
        "Run 10k",  # only keywords
        "Week 3: Run 5K",  # a plan's numbering names nothing
        "Day 12 - 10K",
        "Marathon training: 16 mi",  # training, whatever its name
        "Half pace 8 mi",
        "Spring 7 km",  # no race distance, no format
        "Lauf mit Freunden 8 km",
        "Semi-annual review",  # a hyphenated word is no "semi"
        "Saturday Club 5K",  # a weekday and the club name nothing
    ],
)
def test_a_plain_title_is_no_race(title: str) -> None:
    assert kind_of(plan_with(title), title) is not RunKind.RACE


def test_a_title_that_repeats_is_training_not_a_race() -> None:
    assert kind_of(plan_with("Spring 10K", repeat=1), "Spring 10K") is RunKind.RACE
    assert kind_of(plan_with("Spring 10K", repeat=3), "Spring 10K") is not RunKind.RACE


def test_only_a_plan_of_runs_has_races_by_name() -> None:
    """In a calendar of meetings a "Budget 10K" or "NYC Half" names no race."""
    events = [
        event(t, d, minutes=60) for d, t in enumerate(["Budget 10K", "1:1 with Ann", "NYC Half"])
    ]
    assert [r.kind for r in classify_calendar(events).runs] == [
        RunKind.EASY,
        RunKind.OTHER,
        RunKind.OTHER,
    ]


def test_a_named_race_is_the_goal_when_it_is_the_plan_s_last_race() -> None:
    """The pipeline picks the goal among races; a race by its name takes part like any."""
    from constraints.race_window import prioritise

    result = plan_with("Spring 10K")
    runs = prioritise(result.runs)
    race = next(r for r in runs if r.event.summary == "Spring 10K")
    assert race.kind is RunKind.RACE and race.priority is not None
