"""Events nobody's words describe (issue 10: never silently free time), the away words the
pipeline blocks days with, and per-language keyword overrides."""

from __future__ import annotations

import datetime as dt

import pytest

from optimizer.classify import Keywords, classify, classify_calendar, says_away
from optimizer.domain import CalEvent, RacePriority, RunKind
from tests.classify.test_classify import BERLIN, MONDAY, event

L, H, E, R, N = RunKind.LONG, RunKind.HARD, RunKind.EASY, RunKind.RACE, RunKind.OTHER


def plan_weeks(weeks: int = 4) -> list[CalEvent]:
    """A Spanish plan of timed runs, four a week (45 min; the long run 2 h)."""
    out = []
    for w in range(weeks):
        out += [
            event("Rodaje suave 8 km", 7 * w + 1, minutes=45, uid=f"a{w}"),
            event("Series 6x1000", 7 * w + 3, minutes=45, uid=f"b{w}"),
            event("Rodaje 10 km", 7 * w + 4, minutes=45, uid=f"c{w}"),
            event("Tirada larga 20 km", 7 * w + 6, minutes=120, uid=f"d{w}"),
        ]
    return out


def _by_title(result, title: str):
    return [r for r in result.runs if r.event.summary == title]


# --------------------------------------------------------------------------- unknown titles


def test_a_recurring_unknown_event_in_a_plan_of_runs_is_an_easy_run() -> None:
    """Its words are unknown ("Sesión Z"), but it recurs weekly for 45 min in a running plan."""
    events = plan_weeks() + [
        event("Sesión Z", 7 * w + 2, minutes=45, at=dt.time(18), uid=f"z{w}") for w in range(4)
    ]
    result = classify_calendar(events)
    runs = _by_title(result, "Sesión Z")
    assert {r.kind for r in runs} == {E}
    assert runs[0].reason == (
        "no words understood; a recurring 45-min event in a plan of runs: an easy run"
    )
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith('"Sesión Z" (4 events from Wed 03 Mar 2027)')
    assert "read as an easy run" in result.warnings[0]


def test_an_unknown_event_can_be_the_weeks_long_run() -> None:
    """A recurring 2 h unknown event is the week's clearly longest run."""
    events = [e for e in plan_weeks() if e.summary != "Tirada larga 20 km"] + [
        event("Domingo con el club", 7 * w + 6, minutes=120, uid=f"z{w}") for w in range(4)
    ]
    runs = _by_title(classify_calendar(events), "Domingo con el club")
    assert {r.kind for r in runs} == {L}
    assert runs[0].reason == "longest run of the week (120 min)"


def test_a_running_apps_workout_is_a_run() -> None:
    (run,) = classify([event("Runna: Sesión 3", 2, minutes=50)])
    assert (run.kind, run.reason) == (E, "no words understood; a Runna workout: an easy run")


def test_meetings_in_a_busy_calendar_stay_free_time() -> None:
    """A weekly 30-min 1:1 is recurring and timed, but the calendar is no plan of runs."""
    events = [event("Easy run 5 km", 7 * w + 1, minutes=40, uid=f"r{w}") for w in range(4)]
    events += [
        event("1:1 Anna", 7 * w + d, minutes=30, uid=f"m{w}{d}") for w in range(4) for d in range(5)
    ]
    result = classify_calendar(events)
    assert {r.kind for r in _by_title(result, "1:1 Anna")} == {N}
    assert result.warnings == ()


def test_a_one_off_unknown_event_in_a_plan_says_nothing() -> None:
    """ "Dentist" once, in a plan of runs: not a run, and no warning."""
    result = classify_calendar(plan_weeks() + [event("Dentist", 2, minutes=60)])
    assert _by_title(result, "Dentist")[0].kind is N
    assert result.warnings == ()


def test_unknown_all_day_events_that_recur_in_a_plan_are_named() -> None:
    """All-day plans have no durations: a recurring unknown all-day event is only named."""
    events = [
        e
        for w in range(3)
        for e in (
            event("Rodaje suave 8 km", 7 * w + 1, uid=f"a{w}"),
            event("Series 6x1000", 7 * w + 3, uid=f"b{w}"),
            event("Tirada larga", 7 * w + 6, uid=f"c{w}"),
            event("Sesión técnica", 7 * w + 4, uid=f"t{w}"),
        )
    ]
    result = classify_calendar(events)
    assert {r.kind for r in _by_title(result, "Sesión técnica")} == {N}
    (warning,) = result.warnings
    assert warning.startswith('"Sesión técnica" (3 events from Fri 05 Mar 2027) looks like')
    assert "it recurs (3 times) in a plan of runs" in warning
    assert "treated as free time" in warning


def test_an_unknown_event_with_a_duration_in_a_plan_is_named() -> None:
    result = classify_calendar(plan_weeks() + [event("Bieg 45'", 5)])
    assert _by_title(result, "Bieg 45'")[0].kind is N
    (warning,) = result.warnings
    assert 'it says "45\'" in a plan of runs' in warning


# --------------------------------------------------------------------------- away

AWAY = [
    ("Business trip - Singapore (out of office)", 'title says "business trip"'),
    ("Out of office", 'title says "out of office"'),
    ("OOO", 'title says "ooo"'),
    ("Vacation", 'title says "vacation"'),
    ("Holiday in Spain", 'title says "holiday in"'),
    ("On holiday", 'title says "on holiday"'),
    ("Annual leave", 'title says "annual leave"'),
    ("Flight to NYC", 'title says "flight"'),
    ("✈️ Lisboa", 'title says "✈"'),
    ("Vacaciones en Mallorca", 'title says "vacaciones"'),
    ("Viaje de trabajo a Bogotá", 'title says "viaje de trabajo"'),
    ("Urlaub", 'title says "urlaub"'),
    ("Dienstreise München", 'title says "dienstreise"'),
    ("Skiurlaub", 'title says "skiurlaub"'),
    ("Congés", 'title says "congés"'),
    ("Déplacement à Lyon", 'title says "déplacement"'),
    ("Ferie", 'title says "ferie"'),
    ("Trasferta a Milano", 'title says "trasferta"'),
    ("Férias", 'title says "férias"'),
    ("Viagem a Lisboa", 'title says "viagem"'),
    ("Vakantie", 'title says "vakantie"'),
    ("Zakenreis Brussel", 'title says "zakenreis"'),
]


@pytest.mark.parametrize(("title", "reason"), AWAY, ids=[t for t, _ in AWAY])
def test_away_words_in_every_language(title: str, reason: str) -> None:
    assert says_away(event(title)) == reason
    assert classify([event(title)])[0].kind is N


@pytest.mark.parametrize(
    "title",
    [
        "Bank holiday",
        "Public holiday",
        "Holiday party",
        "Feiertag",
        "Jour férié",
        "Festivo",
        "Vacances scolaires",
        "Take away dinner",
        "Team meeting",
        "Long run 30 km",
        "Tripadvisor",
    ],
)
def test_public_holidays_and_other_events_are_not_away(title: str) -> None:
    assert says_away(event(title)) is None


def test_outlooks_holiday_category_is_a_public_holiday() -> None:
    """Outlook files public holidays under the category "Holiday": the runner is at home."""
    assert says_away(event("Easter Monday (Ostermontag)", categories=("Holiday",))) is None


def test_away_categories_count() -> None:
    assert says_away(event("Singapore", categories=("Travel",))) == 'category says "travel"'


def test_away_words_follow_the_config() -> None:
    kw = Keywords.default().merged({"extra_away": ["Offsite"], "de": {"away": ["Kur"]}})
    assert says_away(event("Team offsite"), kw) == 'title says "offsite"'
    assert says_away(event("Kur in Baden"), kw) == 'title says "kur"'
    assert says_away(event("Urlaub"), kw) is None  # German away words replaced


# --------------------------------------------------------------------------- config


def test_a_language_table_adds_words_in_that_language() -> None:
    kw = Keywords.default().merged({"es": {"extra_hard": ["tramos"]}})
    result = classify_calendar([event("Tramos 5 x 2 km", 2)], kw)
    assert (result.runs[0].kind, result.runs[0].language) == (H, "es")


def test_a_language_table_replaces_that_languages_words_only() -> None:
    kw = Keywords.default().merged({"de": {"long": ["Sonntagslauf"]}})
    assert classify([event("Langer Lauf 25 km", 6)], kw)[0].kind is E  # German long words gone
    assert classify([event("Sonntagslauf 25 km", 6)], kw)[0].kind is L
    assert classify([event("Long run 25 km", 6)], kw)[0].kind is L  # English untouched


def test_languages_limits_what_is_read() -> None:
    kw = Keywords.default().merged({"languages": ["en"]})
    assert kw.languages == ("en",)
    assert classify([event("Rodaje suave", 1)], kw)[0].kind is N
    assert classify([event("Fartlek 40'", 1)], kw)[0].kind is H  # notation is every language's


def test_a_top_level_list_replaces_every_languages_words() -> None:
    kw = Keywords.default().merged({"race": ["rennen"]})
    assert kw.race == ("rennen",)
    assert classify([event("Media maratón de Valencia", 6)], kw)[0].kind is not R


def test_config_words_have_no_language() -> None:
    kw = Keywords.default().merged({"extra_hard": ["zorbo"]})
    run = classify([event("Zorbo 30'", 2)], kw)[0]
    assert (run.kind, run.language) == (H, "")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"xx": {"hard": ["a"]}}, "'xx'"),
        ({"de": ["a"]}, "keywords.de must be a table"),
        ({"de": {"lng": ["a"]}}, "'lng'"),
        ({"languages": ["en", "tlh"]}, "unknown language 'tlh'"),
        ({"fr": {"hard": ["/(unclosed/"]}}, r"keywords\.fr\.hard.*\(unclosed"),
    ],
)
def test_bad_language_tables_are_named(overrides: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Keywords.default().merged(overrides)


def test_all_day_events_in_any_zone_keep_their_date() -> None:
    start = dt.datetime.combine(MONDAY, dt.time(), BERLIN)
    ev = CalEvent("x", "Tirada larga 20 km", start, start + dt.timedelta(days=1), all_day=True)
    assert classify([ev])[0].kind is L


def test_a_config_can_name_the_goal_race_by_its_words() -> None:
    """Issue 10: "a user can set the priority of an event by keyword" (by date: the pipeline)."""
    kw = Keywords.default().merged({"extra_goal": ["Valencia"], "extra_tune_up": ["Sevilla"]})
    valencia, sevilla = classify(
        [event("Media Maratón de Valencia", 6), event("Media Maratón de Sevilla", 13)], kw
    )
    assert (valencia.kind, valencia.priority) == (R, RacePriority.GOAL)
    assert (sevilla.kind, sevilla.priority) == (R, RacePriority.TUNE_UP)


def test_a_run_of_a_plan_named_after_its_race_is_no_race() -> None:
    """Bug: Hal Higdon's "{4:6.4} run", described "Half Marathon 3: week 1 of 12", read as a
    race (a tune-up), so every week was a race window and the plan got no session at all."""
    ev = event("{4:6.4} run")
    ev = type(ev)(
        **{
            **ev.__dict__,
            "description": "Distance: 4 mi (6.4 km)\nHal Higdon: "
            "Half Marathon 3: week 1 of 12, Tuesday.",
        }
    )
    assert classify([ev])[0].kind is RunKind.EASY
    race = type(ev)(
        **{
            **ev.__dict__,
            "summary": "{13.1:21.1} run",
            "description": "Race day: the half marathon",
        }
    )
    assert classify([race])[0].kind is RunKind.RACE
