"""Reading a runner's week in any language (issue 10): English, Spanish, German, French,
Italian, Portuguese and Dutch plans, in all-day, UTC and zoned calendars; emoji and app
prefixes; parkrun and time trials; race priorities; compounds; distances; and the meetings,
dentists and birthdays that must stay "not a run".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from optimizer.calendar.importer import read_calendar_bytes, read_calendars
from optimizer.classify import (
    Keywords,
    classify,
    classify_calendar,
    parse_distance_km,
    parse_duration_min,
)
from optimizer.classify.keywords import LISTS, is_regex, pattern
from optimizer.domain import RunKind
from tests.classify.language_plans import (
    GOAL,
    PLANS,
    STYLES,
    TUNE,
    E,
    H,
    L,
    N,
    R,
    calendar_bytes,
    fixture_path,
)
from tests.classify.test_classify import event, read

REAL_WORLD = Path(__file__).resolve().parents[2].parent / "shared" / "calendars" / "real_world"


# --------------------------------------------------------------------------- whole plans


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("lang", list(PLANS))
def test_a_plan_in_every_language_and_style(lang: str, style: str) -> None:
    """Every day of the plan has its true kind, races their priority, words their language."""
    imported = read_calendar_bytes(calendar_bytes(lang, style), f"plan_{lang}_{style}.ics")
    result = classify_calendar(imported.events)
    truth = {d[1]: d for d in PLANS[lang]}
    assert len(result.runs) == len(truth)
    for run in result.runs:
        _, title, kind, priority, *_ = truth[run.event.summary]
        assert (run.kind, run.priority) == (kind, priority), (title, run.reason)
        if re.search(r'\w+ says "', run.reason):
            assert run.language == lang, (title, run.reason)
    assert result.languages[0] == lang
    assert result.warnings == ()


@pytest.mark.parametrize("lang", list(PLANS))
def test_the_language_fixtures_read_true(lang: str) -> None:
    """tests/fixtures/calendars/plan_<lang>_<style>.ics: the same plans, as files on disk."""
    result = classify_calendar(read_calendars([fixture_path(lang)]).events)
    truth = {d[1]: d[2:4] for d in PLANS[lang]}
    assert [(r.kind, r.priority) for r in result.runs] == [
        tuple(truth[r.event.summary]) for r in result.runs
    ]


def test_events_fed_in_reverse_read_the_same() -> None:
    events = read_calendar_bytes(calendar_bytes("de", "zoned"), "de.ics").events
    forward = classify(events)
    backward = classify(list(reversed(events)))
    assert forward == tuple(reversed(backward))


# --------------------------------------------------------------------------- titles

TITLES = [
    # parkrun and time trials are hard runs, not races (issue 10)
    ("parkrun", H),
    ("Saturday parkrun", H),
    ("Parkrun Bushy Park", H),
    ("5K time trial", H),
    ("Test de Cooper", H),
    ("Testlauf 5 km", H),
    ("Zeitlauf 3000 m", H),
    ("Contre-la-montre 5 km", H),
    ("Prova cronometrata 3000 m", H),
    ("Teste de 5 km", H),
    ("Coopertest", H),
    ("5K test", H),
    # German compounds, read from their parts
    ("Tempodauerlauf", H),
    ("Intervalltraining", H),
    ("Regenerationslauf", E),
    ("Bergläufe", H),
    ("Dauerlauf", E),
    ("Schwellenlauf", H),
    ("Wettkampftempo 3 x 2 km", H),
    ("Tempowechsellauf 10 km", H),
    ("Abendlauf", E),
    ("Waldlauf 8 km", E),
    ("Stadtlauf Köln", R),
    ("Silvesterlauf", R),
    ("Skilanglauf", N),
    ("Krafttraining", N),
    ("Projektablauf besprechen", N),
    ("Lebenslauf schreiben", N),
    # Dutch compounds
    ("Hersteltraining", E),
    ("Heuvelloopjes", H),
    ("Bosloop", E),
    ("Marathontempo 2 x 5 km", H),
    ("Loopbaangesprek", N),
    # races named by a place ("10 km de Valencia", "Media de Valencia", "Meia do Rio")
    ("10 km de Valencia", R),
    ("Media de Valencia", R),
    ("Meia de Floripa", R),
    ("Semi de Paris", R),
    ("10 km de rodaje suave", E),  # "rodaje" is no place
    ("Meia hora de trote", E),
    ("5K Turkey Trot", R),
    # a race word inside a pace is a pace
    ("Ritmo de carrera 4 x 2 km", H),
    ("Ritmo maratón 10 km", H),
    ("Allure marathon 3 x 5 km", H),
    ("Allure course 2 x 3 km", H),
    ("Ritmo gara 3 x 3 km", H),
    ("Ritmo de prova 5 km", H),
    ("HM-Tempo 2 x 5 km", H),
    ("Wedstrijdtempo 3 km", H),
    # a long word inside an easy phrase is the easy run; strides before their repeats
    ("Endurance fondamentale 45 min", E),
    ("Allunghi 6 x 80 m", E),
    ("Steigerungen 5 x 100 m", E),
    ("Rodaje suave + 6 rectas", E),
    ("Series largas 3 x 2000", H),
    # mixed languages, an English app over a Spanish plan
    ("Long run / Tirada larga 20 km", L),
    ("Easy run + Rumpfstabi", E),
    ("Descanso or easy 5 km", E),
    ("Rust of duurloop", E),
    ("Repos ou footing 30'", E),
    ("Riposo o corsa lenta", E),
    # emoji
    ("🏃 8 km", E),
    ("🏃‍♀️", E),
    ("🏃🏽‍♂️ Easy", E),
    ("🏁 Race day", R),
    ("🏆 Berlin-Marathon", R),
    ("🚴 1h", N),
    ("🏊‍♀️", N),
    ("😴", N),
    ("✈️ Flight to NYC", N),
    ("💪 Tempo 8 km", H),
    # app prefixes
    ("Runna: Easy Run", E),
    ("Runna - Long Run 18 km", L),
    ("[Garmin] Tempo 8 km", H),
    ("TrainingPeaks - Long Run", L),
    ("Strava: Morning Run", E),
    ("Nike Run Club: Yoga", N),  # the app's name is not the runner's words
    ("Intervalle 6 x 800 (Garmin Coach)", H),
    # abbreviations
    ("GA 12 km", E),
    ("MLR 18 km", E),
    ("LT 10 km", H),
    ("VO2 5 x 1000", H),
    ("TL 22 km", L),
    ("SL 1h45", L),
    ("LDL 25 km", L),
    ("TDL 8 km", H),
    ("GA1 60'", E),
    ("GA2 45'", H),
    ("EB 3 x 10 min", H),
    ("DL 10 km", E),
    ("EF 45'", E),
    ("CC 40'", E),
    ("FL 12 km", E),
    ("LL 28 km", L),
    # words never match inside other words
    ("Restaurante con Ana", N),
    ("Cuestionario", N),
    ("Lentejas", N),
    ("Longitude talk", N),
    ("Intervallo pranzo", N),
    ("Serienabend", N),
]


@pytest.mark.parametrize(("title", "kind"), TITLES, ids=[t for t, _ in TITLES])
def test_titles_in_any_language(title: str, kind: RunKind) -> None:
    run = read(title)
    assert run.kind is kind, run.reason


NOT_RUNS = [
    "Team meeting",
    "Birthday party",
    "Reunión de equipo",
    "Cita con el dentista",
    "Cumpleaños de Ana",
    "Zahnarzt",
    "Geburtstag Oma",
    "Besprechung",
    "Réunion d'équipe",
    "Rendez-vous chez le dentiste",
    "Anniversaire de Paul",
    "Riunione",
    "Compleanno di Marco",
    "Dentista",
    "Reunião",
    "Aniversário da Ana",
    "Vergadering",
    "Tandarts",
    "Verjaardag Sanne",
    "Sprint 25 Daily Standup",
    "Feedback loop meeting",
    "Semi-annual review",
    "Prova de inglês",
    "Covid test",
    "Bahn nach Berlin",
    "CV review",
    "Lavoro",
    "Cap Ferret",
    "First aid course",
    "Golf course",
    "Mezza giornata",
    "Jour férié",
    "Feiertag",
    "Vacances scolaires",
    "Controllo qualità",
    "Llamada rápida",
    "Comida rápida",
    "Marathon registration deadline",
    "Half marathon bib pickup",
    "Parkrun volunteer",
]


@pytest.mark.parametrize("title", NOT_RUNS)
def test_meetings_dentists_and_birthdays_are_not_runs(title: str) -> None:
    run = read(title, minutes=60)
    assert run.kind is N, run.reason


def test_real_world_calendars_hold_no_race_and_no_long_run() -> None:
    """~560 titles of the real-world calendars (holidays, meetings, in many languages)."""
    if not REAL_WORLD.is_dir():
        pytest.skip(f"no real-world calendars in {REAL_WORLD}")
    titles: set[str] = set()
    for path in REAL_WORLD.rglob("*.ics"):
        text = path.read_bytes().decode("utf-8", "replace").replace("\r\n ", "")
        titles |= {m.group(1).strip() for m in re.finditer(r"^SUMMARY[^:\n]*:(.*)$", text, re.M)}
    runs = classify([event(t, i % 50, minutes=60) for i, t in enumerate(sorted(titles))])
    assert len(runs) > 400
    kinds = [r.kind for r in runs]
    assert RunKind.RACE not in kinds and RunKind.LONG not in kinds
    assert sum(k.is_run for k in kinds) <= 6  # "Base event", "... easy for you" and such


# --------------------------------------------------------------------------- race priority

PRIORITIES = [
    ("Goal race: London Marathon", GOAL),
    ("Half marathon - A race", GOAL),
    ("10K tune-up race", TUNE),
    ("B race: 10K", TUNE),
    ("Tune-up half marathon before the goal marathon", TUNE),  # a tune-up names its goal
    ("Marathon", None),  # the pipeline picks the default goal
    ("Maratón de Sevilla - carrera objetivo", GOAL),
    ("Carrera de preparación 10 km", TUNE),
    ("Hamburg-Marathon (Saisonziel)", GOAL),
    ("Hauptwettkampf: Halbmarathon", GOAL),
    ("Vorbereitungswettkampf 10 km", TUNE),
    ("Testwettkampf", TUNE),
    ("Semi-marathon de Lyon - objectif principal", GOAL),
    ("10 km de Vincennes - course de préparation", TUNE),
    ("Compétition intermédiaire 10 km", TUNE),
    ("Maratona di Firenze - gara obiettivo", GOAL),
    ("Gara di avvicinamento", TUNE),
    ("Meia maratona - prova alvo", GOAL),
    ("Prova de 10 km (preparatória)", TUNE),
    ("Halve marathon Egmond - hoofddoel", GOAL),
    ("Voorbereidingswedstrijd 10 km", TUNE),
]


@pytest.mark.parametrize(("title", "priority"), PRIORITIES, ids=[t for t, _ in PRIORITIES])
def test_races_say_their_priority(title: str, priority) -> None:
    run = read(title)
    assert (run.kind, run.priority) == (R, priority), run.reason


def test_priority_words_outside_a_race_set_nothing() -> None:
    assert (read("Goal pace 3 x 5 km").kind, read("Goal pace 3 x 5 km").priority) == (H, None)
    assert read("Ritmo objetivo 8 km").priority is None


def test_the_description_can_say_the_priority() -> None:
    run = read("Media Maratón de Valencia", description="Carrera objetivo de la temporada")
    assert (run.kind, run.priority) == (R, GOAL)


def test_a_weekly_parkrun_is_no_race_window() -> None:
    """Issue 10: a Saturday parkrun every week made every week a race window (0 sessions)."""
    events = [event("parkrun", 7 * w + 5, minutes=30) for w in range(10)]
    events += [event("Long run 20 km", 7 * w + 6) for w in range(9)]
    events.append(event("Half marathon", 69))
    runs = classify(events)
    races = [r for r in runs if r.kind is R]
    assert [r.event.summary for r in races] == ["Half marathon"]
    assert all(r.kind is H for r in runs if r.event.summary == "parkrun")


# --------------------------------------------------------------------------- distances

DISTANCES = [
    ("Tirada larga 21,1 km", 21.1),
    ("42,195 km", 42.2),
    ("1,200 m", 1.2),
    ("Halbmarathon", 21.1),
    ("Media maratón de Valencia", 21.1),
    ("Medio maratón", 21.1),
    ("Semi-marathon de Paris", 21.1),
    ("Mezza maratona", 21.1),
    ("Meia maratona do Rio", 21.1),
    ("Halve marathon", 21.1),
    ("Maratón de Valencia", 42.2),
    ("Maratona di Roma", 42.2),
    ("10 Meilen", 16.09),
    ("3 millas", 4.83),
    ("5.000 m", 5.0),
    ("Dauerlauf 8 bis 10 km", 10.0),
    ("Rodaje 8 a 10 km", 10.0),
    ("12 kilómetros", 12.0),
    ("12 Km", 12.0),
    ("6 x 1.000 m", 6.0),
    ("Ritmo maratón", None),
    ("Allure semi", None),
    ("Ritmo de media maratón", None),
]


@pytest.mark.parametrize(("text", "km"), DISTANCES, ids=[d[0] for d in DISTANCES])
def test_distances_in_any_language(text: str, km: float | None) -> None:
    got = parse_distance_km(text, "km")
    assert got == (pytest.approx(km, abs=0.011) if km is not None else None)


# --------------------------------------------------------------------------- the words


def test_every_language_has_every_kind() -> None:
    kw = Keywords.default()
    assert kw.languages == ("en", "es", "de", "fr", "it", "pt", "nl")
    for lang in kw.languages:
        vocabulary = kw.vocabulary(lang)
        assert vocabulary is not None
        for name in ("race", "long", "hard", "easy", "run", "other", "pause", "goal", "tune_up"):
            assert vocabulary.words(name), (lang, name)
        assert vocabulary.words("away"), lang


def test_every_data_regex_compiles() -> None:
    for vocabulary in Keywords.default().vocabularies:
        for name in LISTS:
            for word in vocabulary.words(name):
                if is_regex(word):
                    pattern(word, f"{vocabulary.language}.{name}")


def test_a_word_means_one_kind_in_every_language() -> None:
    """A plain word two languages share must mean the same kind in both (else a Spanish word
    would silently change what an English title means)."""
    from optimizer.classify.matcher import _tokens

    kind_of = {"weak_long": "long", "run": "easy", "strides": "easy", "pause": "other"}
    seen: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for vocabulary in Keywords.default().vocabularies:
        for name in ("race", "long", "weak_long", "hard", "easy", "run", "strides", "other"):
            for word in vocabulary.words(name):
                tokens = None if is_regex(word) else _tokens(word)
                if tokens:
                    kind = kind_of.get(name, name)
                    seen.setdefault(tokens, set()).add((kind, vocabulary.language))
    clashes = {w: s for w, s in seen.items() if len({k for k, _ in s}) > 1}
    assert clashes == {}


def test_words_and_languages_are_reported() -> None:
    result = classify_calendar([event("Tirada larga 20 km con final progresivo", 6)])
    (run,) = result.runs
    assert (run.kind, run.language) == (L, "es")
    assert {"tirada larga", "progresivo"} <= set(result.words[0])
    assert run.reason == 'title says "tirada larga"'


def test_reasons_quote_the_words_as_written() -> None:
    assert read('Côtes 10 x 30"').reason == 'title says "côtes"'
    assert read("Bergläufe 8 x 200 m").reason == 'title says "bergläufe"'


def test_a_word_shared_by_languages_takes_the_calendars_language() -> None:
    """ "Fartlek" and "Tempo" are every language's: a Spanish plan's fartlek is Spanish."""
    week = [event("Rodaje suave 8 km", 1), event("Fartlek 45'", 3), event("Tirada larga", 6)]
    assert [r.language for r in classify(week)] == ["es", "es", "es"]
    week = [event("Dauerlauf 8 km", 1), event("Tempo 8 km", 3), event("Langer Lauf", 6)]
    assert [r.language for r in classify(week)] == ["de", "de", "de"]


def test_a_distance_alone_has_no_language() -> None:
    assert read("12 km").language == ""
    assert read("Fartlek 40'").language == ""  # notation, in a calendar with no language


DURATIONS = [
    ("Rodaje 45'", 45),
    ("Sortie longue 1h30", 90),
    ("Langer Lauf 2:30 h", 150),
    ("Lungo 1h 45'", 105),
    ("Long run 2 hours", 120),
    ("90 Minuten", 90),
    ("1,5 h", 90),
    ("2 horas", 120),
    ("Duurloop 1 uur", 60),
    ("1:15:00", 75),
    ("Umbral 3 x 10'", 30),  # repeats count whole
    ("15' calentamiento + 3 x 10' + 10' vuelta a la calma", 30),  # the longest part
    ("Footing 5'30/km 40'", 40),  # not the pace
    ("Series 6x1000 rec 1'", None),  # a recovery is no run's length
    ("Intervalle 5 x 1000 m, Pause 2 min", None),  # nor metres
    ("18:00 run", None),  # nor a time of day
    ("Long run 10 mi", None),
]


@pytest.mark.parametrize(("text", "minutes"), DURATIONS, ids=[d[0] for d in DURATIONS])
def test_durations_in_any_language(text: str, minutes: float | None) -> None:
    """For all-day runs (their calendar times say nothing): how long the text says they are."""
    got = parse_duration_min(text)
    assert got == (pytest.approx(minutes) if minutes is not None else None)


def test_descriptions_and_categories_speak_every_language() -> None:
    """The title says nothing (or only "run"): the details decide, in their own language."""
    assert read("Training", description="Intervalle 6 x 800 m, 400 m Trabpause").kind is H
    assert read("Entreno", description="Tirada larga 22 km a ritmo suave").kind is L
    assert read("Séance du dimanche", categories=("Sortie longue",)).kind is L
    assert read("Morning session", categories=("Course à pied",)).kind is E
    run = read("Lauf", description="Ruhiger Dauerlauf, danach 5 Steigerungen")
    assert (run.kind, run.language) == (E, "de")
    run = read("Corsa", description="Ripetute 6 x 1000 rec 2'")
    assert (run.kind, run.reason) == (H, 'description says "ripetute"')
