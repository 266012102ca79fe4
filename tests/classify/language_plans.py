"""Running plans in seven languages, with the true kind of every day (issue 10).

Each plan is a few weeks of a real plan's vocabulary, Monday to Sunday, one line per event:
``(day, title, kind, priority)`` or ``(day, title, kind, priority, description)``, ``day``
counted from the plan's first Monday. Kinds: L long, H hard, E easy, R race, N not a run.
Besides the runs, each plan holds what a runner's calendar holds: a meeting, a dentist, a
birthday, a trip. ``tests/classify/test_languages.py`` reads them as calendars in three styles
(all-day, UTC, zoned) through the real importer; ``tests/fixtures/calendars/plan_*.ics`` are
the same plans, written by ``python -m tests.classify.language_plans``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from optimizer.domain import RacePriority, RunKind

L, H, E, R, N = RunKind.LONG, RunKind.HARD, RunKind.EASY, RunKind.RACE, RunKind.OTHER
GOAL, TUNE = RacePriority.GOAL, RacePriority.TUNE_UP

Day = tuple  # (day, title, kind, priority[, description])

PLANS: dict[str, list[Day]] = {
    "en": [
        (0, "Rest", N, None),
        (1, "Easy run 8 km", E, None),
        (2, "Intervals 6 x 800 m", H, None),
        (3, "Recovery run 5 km", E, None),
        (4, "Team meeting", N, None),
        (5, "parkrun", H, None),
        (6, "Long run 24 km", L, None),
        (7, "Dentist", N, None),
        (8, "GA 12 km with strides", E, None),
        (9, "LT 10 km with 6 km at LT pace", H, None),
        (10, "MLR 18 km", E, None),
        (12, "Saturday parkrun", H, None),
        (13, "Long run 26 km", L, None),
        (15, "VO2 5 x 1000 m", H, None),
        (16, "Birthday party", N, None),
        (17, "Hill repeats 8 x 60 s", H, None),
        (19, "10K tune-up race", R, TUNE),
        (20, "Easy 10 km", E, None),
        (22, "Tempo 8 km", H, None),
        (24, "Shakeout 5 km", E, None),
        (27, "Half marathon - goal race", R, GOAL),
    ],
    "es": [
        (0, "Descanso", N, None),
        (1, "Rodaje suave 8 km", E, None),
        (2, "Series 6x1000 m", H, None),
        (3, "Carrera continua 40'", E, None),
        (4, "Fuerza + estiramientos", N, None),
        (5, "Cuestas 10 x 200 m", H, None),
        (6, "Tirada larga 18 km", L, None),
        (7, "Reunión de equipo", N, None),
        (8, "Rodaje regenerativo 30 min", E, None),
        (9, "Cambios de ritmo 8x(2'+1')", H, None),
        (10, "Trote suave 20' + 6 rectas", E, None),
        (11, "Dentista", N, None),
        (12, "Umbral 3 x 10'", H, None),
        (13, "Tirada larga 20 km con final progresivo", L, None),
        (15, "Ritmo de media maratón 3 x 3 km", H, None),
        (16, "Cumpleaños de Ana", N, None),
        (17, "Bici 60'", N, None),
        (18, "Rodaje 10 km", E, None),
        (20, "Carrera popular 10 km - carrera de preparación", R, TUNE),
        (21, "Descanso o rodaje suave 30'", E, None),
        (22, "Fartlek 45'", H, None),
        (23, "Viaje de trabajo", N, None),
        (24, "Progresivo 12 km", H, None),
        (27, "Media Maratón de Valencia", R, GOAL, "Carrera objetivo de la temporada"),
    ],
    "de": [
        (0, "Ruhetag", N, None),
        (1, "Lockerer Dauerlauf 8 km", E, None),
        (2, "Intervalle 5 x 1000 m", H, None),
        (3, "Regenerationslauf 30 min", E, None),
        (4, "Krafttraining", N, None),
        (5, "Tempodauerlauf 8 km", H, None),
        (6, "Langer Lauf 25 km", L, None),
        (7, "Besprechung", N, None),
        (8, "GA1 60 min", E, None),
        (9, "Bergläufe 8 x 200 m", H, None),
        (10, "Dauerlauf mit 5 Steigerungen", E, None),
        (11, "Zahnarzt", N, None),
        (12, "Fahrtspiel 45 min", H, None),
        (13, "Langer Dauerlauf 2:30 h", L, None),
        (15, "Intervalltraining 6 x 800 m", H, None),
        (16, "Geburtstag Oma", N, None),
        (17, "Radfahren 90 min", N, None),
        (18, "DL 1 10 km", E, None),
        (20, "Volkslauf 10 km (Vorbereitungswettkampf)", R, TUNE),
        (21, "Schwellenlauf 3 x 10 min", H, None),
        (22, "HM-Tempo 2 x 5 km", H, None),
        (23, "Dienstreise München", N, None),
        (24, "Lauftreff", E, None),
        (27, "Berliner Halbmarathon – Saisonziel", R, GOAL),
    ],
    "fr": [
        (0, "Repos", N, None),
        (1, "Footing 45'", E, None),
        (2, "Fractionné 10 x 400 m", H, None),
        (3, "Endurance fondamentale 50 min", E, None),
        (4, "Renforcement musculaire", N, None),
        (5, "VMA courte 2 x (8 x 30/30)", H, None),
        (6, "Sortie longue 1h30", L, None),
        (7, "Réunion", N, None),
        (8, "Récupération 30 min", E, None),
        (9, "Seuil 3 x 10'", H, None),
        (10, "Footing + lignes droites", E, None),
        (11, "Rendez-vous dentiste", N, None),
        (12, 'Côtes 10 x 30"', H, None),
        (13, "SL 18 km", L, None),
        (15, "Allure semi 2 x 15'", H, None),
        (16, "Anniversaire de Paul", N, None),
        (17, "Vélo 1h", N, None),
        (18, "Décrassage 20'", E, None),
        (20, "10 km de Vincennes - course de préparation", R, TUNE),
        (21, "Marche 45 min", N, None),
        (22, "Progressif 12 km", H, None),
        (23, "Déplacement à Lyon", N, None),
        (24, "Footing 30' + 5 lignes droites", E, None),
        (27, "Semi-marathon de Paris (objectif)", R, GOAL),
    ],
    "it": [
        (0, "Riposo", N, None),
        (1, "Corsa lenta 40'", E, None),
        (2, "Ripetute 6 x 1000", H, None),
        (3, "Fondo lento 10 km", E, None),
        (4, "Palestra", N, None),
        (5, "Ripetute in salita 10 x 100 m", H, None),
        (6, "Lungo 24 km", L, None),
        (7, "Riunione", N, None),
        (8, "Corsa rigenerante 30'", E, None),
        (9, "Medio 12 km", H, None),
        (10, "Corsa lenta 8 km + allunghi 6 x 80 m", E, None),
        (11, "Dentista", N, None),
        (12, "Soglia 3 x 2000", H, None),
        (13, "Lunghissimo 30 km", L, None),
        (15, "Progressivo 10 km", H, None),
        (16, "Compleanno di Marco", N, None),
        (17, "Bici 1h", N, None),
        (18, "Defaticamento 20'", E, None),
        (20, "Gara di avvicinamento 10 km", R, TUNE),
        (21, "Ritmo gara 3 x 3 km", H, None),
        (22, "Fartlek 40'", H, None),
        (23, "Viaggio di lavoro a Milano", N, None),
        (24, "Corsa lenta 30'", E, None),
        (27, "Mezza Maratona di Roma - gara obiettivo", R, GOAL),
    ],
    "pt": [
        (0, "Descanso", N, None),
        (1, "Rodagem leve 8 km", E, None),
        (2, "Tiros 10 x 400 m", H, None),
        (3, "Regenerativo 30 min", E, None),
        (4, "Musculação", N, None),
        (5, "Intervalado 6 x 800", H, None),
        (6, "Longão 21 km", L, None),
        (7, "Reunião", N, None),
        (8, "Trote 20'", E, None),
        (9, "Subidas 8 x 200 m", H, None),
        (10, "Corrida leve 6 km", E, None),
        (11, "Prova de inglês", N, None),
        (12, "Limiar 3 x 10 min", H, None),
        (13, "Longo 18 km", L, None),
        (15, "Treino de ritmo 8 km", H, None),
        (16, "Aniversário da Ana", N, None),
        (17, "Natação", N, None),
        (18, "Rodagem 10 km", E, None),
        (20, "Prova de 10 km (preparatória)", R, TUNE),
        (21, "Caminhada 40 min", N, None),
        (22, "Ritmo de prova 3 x 3 km", H, None),
        (23, "Viagem a Lisboa", N, None),
        (24, "Fartlek 40 min", H, None),
        (27, "Meia Maratona do Rio - prova alvo", R, GOAL),
    ],
    "nl": [
        (0, "Rustdag", N, None),
        (1, "Rustige duurloop 8 km", E, None),
        (2, "Intervaltraining 6 x 800 m", H, None),
        (3, "Herstelloop 30 min", E, None),
        (4, "Krachttraining", N, None),
        (5, "Tempoloop 5 km", H, None),
        (6, "Lange duurloop 18 km", L, None),
        (7, "Vergadering", N, None),
        (8, "Hersteltraining", E, None),
        (9, "Heuveltraining 8 x 200 m", H, None),
        (10, "Duurloop met versnellingen", E, None),
        (11, "Tandarts", N, None),
        (12, "Drempeltraining 3 x 10 min", H, None),
        (13, "Lange duurloop 21 km", L, None),
        (15, "Marathontempo 2 x 5 km", H, None),
        (16, "Verjaardag Sanne", N, None),
        (17, "Fietsen 1 uur", N, None),
        (18, "Bosloop 10 km", E, None),
        (20, "Dam tot Damloop (voorbereidingswedstrijd)", R, TUNE),
        (21, "Wandeling", N, None),
        (22, "Fartlek 40 minuten", H, None),
        (23, "Zakenreis Brussel", N, None),
        (24, "Rustige duurloop 6 km", E, None),
        (27, "Marathon Rotterdam - doelwedstrijd", R, GOAL),
    ],
}

MONDAY = dt.date(2027, 3, 1)
STYLES = ("allday", "utc", "zoned")
ZONES = {
    "en": "Europe/London",
    "es": "Europe/Madrid",
    "de": "Europe/Berlin",
    "fr": "Europe/Paris",
    "it": "Europe/Rome",
    "pt": "America/Sao_Paulo",
    "nl": "Europe/Amsterdam",
}


def calendar_bytes(lang: str, style: str) -> bytes:
    """One language's plan as an .ics: all-day events, UTC times, or times in the runner's zone.

    Timed events start at 07:00 local and last 45 minutes; the long run two and a half hours.
    """
    from zoneinfo import ZoneInfo

    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//legday tests//plan {lang} {style}//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"plan {lang}")
    zone = ZoneInfo(ZONES[lang])
    for n, (day, title, kind, *rest) in enumerate(PLANS[lang]):
        date = MONDAY + dt.timedelta(days=day)
        ev = icalendar.Event()
        ev.add("uid", f"{lang}-{n}@legday.test")
        ev.add("dtstamp", dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
        ev.add("summary", title)
        if len(rest) > 1:
            ev.add("description", rest[1])
        if style == "allday":
            ev.add("dtstart", date)
            ev.add("dtend", date + dt.timedelta(days=1))
        else:
            start = dt.datetime.combine(date, dt.time(7, 0), zone)
            end = start + dt.timedelta(minutes=150 if kind is L else 45)
            if style == "utc":
                start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
            ev.add("dtstart", start)
            ev.add("dtend", end)
        cal.add_component(ev)
    return cal.to_ical()


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "calendars"
# One fixture per language, the styles taking turns.
FIXTURE_STYLES = {
    "en": "utc",
    "es": "allday",
    "de": "zoned",
    "fr": "utc",
    "it": "allday",
    "pt": "zoned",
    "nl": "allday",
}


def fixture_path(lang: str) -> Path:
    return FIXTURES / f"plan_{lang}_{FIXTURE_STYLES[lang]}.ics"


if __name__ == "__main__":  # python -m tests.classify.language_plans: rewrite the fixtures
    for code in PLANS:
        fixture_path(code).write_bytes(calendar_bytes(code, FIXTURE_STYLES[code]))
        print(fixture_path(code))
