"""How legday reads calendar events: long, hard, easy, race, or not a run.

Hand-picked tables for the tricky titles, keyword overrides, distance parsing, the week rules
and a hypothesis test. The ~90 published plans are read in ``test_published_plans.py``, other
languages in ``test_languages.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.classify import Keywords, classify, parse_distance_km
from optimizer.domain import CalEvent, Run, RunKind

L, H, E, R, N = RunKind.LONG, RunKind.HARD, RunKind.EASY, RunKind.RACE, RunKind.OTHER
BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = dt.date(2027, 3, 1)


def event(
    title: str,
    day: int = 0,
    *,
    description: str = "",
    categories: tuple[str, ...] = (),
    minutes: int | None = None,
    tz: ZoneInfo = BERLIN,
    at: dt.time = dt.time(7, 0),
    uid: str | None = None,
) -> CalEvent:
    """An event ``day`` days after Monday 2027-03-01; all-day unless ``minutes`` is given."""
    date = MONDAY + dt.timedelta(days=day)
    if minutes is None:
        start = dt.datetime.combine(date, dt.time(), tz)
        end, all_day = start + dt.timedelta(days=1), True
    else:
        start = dt.datetime.combine(date, at, tz)
        end, all_day = start + dt.timedelta(minutes=minutes), False
    return CalEvent(
        uid=uid or f"{day}-{title}",
        summary=title,
        start=start,
        end=end,
        all_day=all_day,
        description=description,
        categories=categories,
    )


def read(title: str, units: str = "km", **kw) -> Run:
    """One event alone in its week: only the title rules apply."""
    return classify([event(title, **kw)], units=units)[0]


# --------------------------------------------------------------------------- hand-picked tables

TRICKY = [
    # not a run
    ("Rest", N),
    ("Rest day", N),
    ("Off", N),
    ("Day off", N),
    ("Rest or cross-train", N),
    ("Rest or Cross-Train", N),
    ("Rest or cross-training", N),
    ("Off Day or Cross Training or Strength Training", N),
    ("Cross Training or Strength Training", N),
    ("Cross", N),
    ("60 min cross", N),
    ("Bike: 45 min", N),
    ("Stretch & strengthen", N),
    ("Yoga", N),
    ("Swim 2 km", N),
    ("Easy swim", N),
    ("Bike intervals 4x8 min", N),  # another sport's workout is still not a run
    ("Gym: leg day", N),
    ("Strength training", N),
    ("30 minutes of easy walking", N),
    ("Walk 5km", N),
    ("Hike 3h", N),
    ("Team meeting", N),
    ("Birthday party", N),
    ("Restaurant with Anna", N),  # "rest" is a whole word
    ("Altitude sickness talk", N),  # "LT" is a whole word
    ("Race expo & bib pickup", N),
    ("Plan Ends", N),
    ("", N),
    # easy
    ("Easy run", E),
    ("Recovery {5:8}", E),
    ("Base run 8 km", E),
    ("General aerobic {9:14}", E),
    ("Gen-aerobic {10:16}", E),
    ("6-7 mile Aerobic Run {7}", E),
    ("{3} Shakeout Run", E),
    ("5 minute walk, 25 minute jog, 5 minute walk", E),
    ("Run 2km, walk 3km", E),
    ("Run/walk 30 minutes", E),
    ("{5:8.1} run", E),
    ("{12:19}", E),  # a distance alone
    ("12 km", E),
    ("AM: 4 PM: 6", E),  # doubles
    ("Recovery AM {6:10} PM {4:6}", E),
    ("AM: {4-5:6-8} very easy* / PM: {7-9:12-15} easy with 5 × 25 sec strides", E),
    ("Med-long run {12:19}", E),  # not a long run by keyword
    ("Medium-long run {11}", E),
    ("Med-long {13:21}", E),
    ("Gen-aerobic + speed {8:13} with 6 x 10 sec hill sprints + 8 x 100 m strides", E),
    ("General aerobic + speed {9:14}", E),  # Pfitzinger's "speed" here is strides
    ("Recovery + speed {5:8} with 6 x 100 m strides", E),
    ("Easy run: {3}-{6}, then 8 × 100m strides", E),
    ("Rest or easy run", E),  # the run option wins
    ("Rest or {3-4:5-7} very easy", E),
    ("Off or {4-5:6-8} easy", E),
    ("Easy run: {1}-{4} OR Day off", E),
    ("first half easy, second half steady", E),  # "half" alone is not a half marathon
    ("{12-13:20-22} easy through rolling hills", E),  # terrain, not hill repeats
    ("Hilly run: {6}-{8} on hilly course at regular run pace", E),
    ("{10-11:16-18} at 75–80% 5k", E),  # a steady pace percentage
    ("{16:26} at 90–92% MP", E),
    ("{6:10} at 85% 5k", E),
    ("Post-race jog", E),
    ("Race week shakeout", E),
    ("Tempo run, then gym", H),  # a run named next to another sport
    # hard
    ("Tempo run 8 km", H),
    ("30 tempo", H),
    ("Lactate threshold {8:13}", H),
    ("LT {8:13} with {4:6} at LT pace", H),
    ("Threshold 3x10 min", H),
    ("VO₂max {9:14}", H),
    ("V̇O₂max {10-11:16-18} with 5 x 1 km at 5K race pace; jog 50%-90% interval time", H),
    ("VO2max {8:13}", H),
    ("Intervals 6x800", H),
    ("Speed {8:13}", H),
    ("Track 8x400", H),
    ("Fartlek 45 min", H),
    ("Hill repeats", H),
    ("6 x hill", H),
    ("Hills: {2} WU; 8 × 400m hill at 5K effort; jog down for recovery; {1} CD", H),
    ("4 x 800", H),
    ("10 x 400 5-K pace", H),
    ("10 × (1 km at 105% MP, 1 km at 90–92% MP)", H),
    ("3–4 sets of (1600m at 90–92% 5k, 400m at 75% 5k)", H),
    ("12 × 500m at 108–110% MP with 30–45 sec walk", H),  # "walk" is recovery here
    ("{1.5} Warm Up, 12 x 400m @ 5k-10k Pace w. 400m jog rest, {1.5} Cool Down, ({9})", H),
    ("Marathon pace run 10 mi", H),  # "marathon pace" is a workout, not a race
    ("MP run 8 mi", H),
    ("Marathon-pace run {13:21} with {8:13} at marathon pace", H),
    ("Dress rehearsal {7:11} with {2:3} at marathon pace", H),
    ("Race pace + speed {8:13}", H),
    ("Race pace {11:18}", H),
    ("8 miles at goal pace", H),
    ("{1} Warm Up, {10} Tempo @ Goal MP, {1} Cool Down, ({12})", H),
    ("{5:8.1} pace", H),  # Hal Higdon's marathon-pace day
    ("{6:10} Kenyan-style progression run", H),
    ("{18-20:30-32} at 95% MP", H),
    ("{5:8} at 88% MP + {5:8} at 90% MP + {5:8} at 92% MP + {3-4:5-7} at 95% MP", H),
    ("12-14 mile Marathon Simulation (on rolling hill course), consisting of:", H),
    ("Recovery AM {4-5:6-8} LT PM {10-11:16-18} with 25-30 minutes at LT pace", H),
    ("AM: {4-5:6-8} easy / PM: 10–12 × 600m at 98–100% 5k with 1–2 min jog", H),
    ("Long intervals 3x2 km", H),  # "long" describes the repeats
    ("3K time trial", H),
    # long
    ("Long run", L),
    ("Long run {20:32}", L),
    ("{10} Long Run", L),
    ("Long run: {15}-{18}, last 2 miles faster than MP", L),  # a fast finish is still long
    ("Long run with 8 at race pace", L),
    ("Progression long run {16:26}", L),
    ("LSD 20 mi", L),
    ("Long slow distance", L),
    ("LR 28 km", L),
    ("Endurance {12:19}", L),
    ("Sunday long 30 km", L),
    # race
    ("Marathon", R),
    ("Boston Marathon", R),
    ("Goal marathon {26.2:42.2}", R),
    ("Marathon ({26.2:42.2})", R),
    ("Second marathon", R),
    ("Race day", R),
    ("Race Day!", R),
    ("Race: 26.2 miles", R),
    ("Goal race", R),
    ("Key race", R),
    ("Half Marathon", R),
    ("Half Marathon Race", R),
    ("Half marathon goal race {17:27}", R),
    ("10-K Race", R),
    ("5K race (parkrun)", R),  # it says "race": the plan's goal race is run at a parkrun
    ("parkrun", H),  # issue 10: a hard run, not a race (weekly, it made every week a race window)
    ("8K-10K tune-up race (total {9-11:14-18})", R),
    ("15k or 10-mile goal race {13:21}", R),
    ("5K tune-up race or 3K time trial {8:13}", R),
    ("Cross-country race", R),
]


@pytest.mark.parametrize(("title", "kind"), TRICKY, ids=[t[:60] or "<empty>" for t, _ in TRICKY])
def test_tricky_titles(title: str, kind: RunKind) -> None:
    run = read(title)
    assert run.kind is kind, run.reason
    assert run.reason


REASONS = [
    ("Tempo run 8 km", 'title says "tempo"'),
    ("Rest", 'not a run: title says "rest"'),
    ("Rest or cross-train", 'not a run: title says "rest"'),
    ("{12:19}", "only a distance (19 km): an easy run"),
    ("Med-long run {12:19}", 'title says "med-long"'),
    ("Off or {4-5:6-8} easy", 'title says "easy" (one of its options)'),
    ("{6:10} at 85% 5k", 'title says "at 85% 5k", a steady pace'),
    ("", "not a run: the event has no title"),
    ("Meeting room booking", 'not a run: title says "meeting"'),
    ("Dentist", "not a run: nothing in it says running"),
]


@pytest.mark.parametrize(("title", "reason"), REASONS)
def test_reasons_in_a_runners_words(title: str, reason: str) -> None:
    assert read(title).reason == reason


def test_description_speaks_when_the_title_is_silent() -> None:
    """Couch-to-10K's "Session I, Workout Time: 20 min" puts the jog in the description."""
    desc = "A 5-min brisk walk followed by a 30-sec jog and a 90-sec walk. Repeat 5 times."
    run = read("Session I, Workout Time: 20 min", description=desc)
    assert (run.kind, run.reason) == (E, 'description says "jog"')


def test_description_refines_a_title_that_only_says_run() -> None:
    run = read("Morning run", description="Warm up, then 6 x 800 m at 5K pace")
    assert run.kind is H
    assert run.reason.startswith("description says")


def test_description_does_not_overrule_a_specific_title() -> None:
    """Pfitzinger's long runs say "last 3 miles @ LT pace" in the notes: still long."""
    run = read(
        "Progression long run {16:26}",
        description="Increase effort steadily throughout run, last {3:5} @ LT pace",
    )
    assert run.kind is L
    run = read("Recovery {4:6}", description="Recovery {4:6}\n4 × 100 m strides")
    assert run.kind is E


def test_categories_speak_when_the_title_is_silent() -> None:
    assert read("Morning session", categories=("Long Run",)).kind is L
    assert read("Morning session", categories=("Running",)).kind is E
    assert read("Morning session", categories=("Personal",)).kind is N


def test_distances_are_reported_in_km() -> None:
    assert read("Long run {20:32}").distance_km == 32.0
    assert read("Easy {5}", units="mi").distance_km == pytest.approx(8.05)
    assert read("Tempo run 6 mi").distance_km == pytest.approx(9.66)
    assert read("Rest").distance_km is None
    assert read("Walk 5km").distance_km is None  # not a run, so no running distance


# --------------------------------------------------------------------------- distances

DISTANCES = [
    ("{12:19}", "mi", 19.0),
    ("{5-7:8-12}", "mi", 12.0),
    ("10 mi", "km", 16.09),
    ("10 miles", "km", 16.09),
    ("10-mile goal race", "km", 16.09),
    ("8K", "km", 8.0),
    ("10-K Race", "km", 10.0),
    ("5 km", "km", 5.0),
    ("half marathon", "km", 21.1),
    ("Half Marathon Race", "km", 21.1),
    ("marathon", "km", 42.2),
    ("Race: 26.2 miles", "km", 42.16),
    ("parkrun", "km", 5.0),
    ("4-6 mile Easy Run {6}", "mi", 9.66),
    ("4-6 mile Easy Run {6}", "km", 6.0),  # braces without a colon are in default_units
    ("Easy {5}", "mi", 8.05),
    ("Easy run: {1}-{4}", "mi", 6.44),  # a range of braces: the upper one
    ("Long run 10 mi (16 km)", "km", 16.09),  # the bracketed echo is not added
    ("8K-10K tune-up race (total {9-11:14-18})", "mi", 18.0),
    ("8K-15K tune-up race (total 9-13 miles [14-21km])", "mi", 20.92),
    ("LT {8:13} with {4:6} at LT pace", "mi", 13.0),  # "with ..." is part of the run
    ("Gen-aerobic + speed {8:13} with 8 x 100 m strides", "mi", 13.0),
    ("Recovery AM {6:10} PM {4:6}", "mi", 16.0),  # doubles add up
    ("AM: 4 PM: 6", "km", 10.0),
    ("Endurance {13:21} Recovery {5:8}", "mi", 29.0),
    ("{5:8} at 90% MP + {5:8} at 92% MP + {5:8} at 94% MP", "mi", 24.0),
    ("Tempo run: {2} WU; {4}-{6} continuous at MP; {1} CD", "mi", 14.48),
    ("{1.5} Warm Up, 2 x {3} @ 10k pace w. {1} jog rest, {1.5} Cool Down, ({10})", "mi", 16.09),
    ("{1.5} Warm Up, 4 x {1.5} @ 10k pace w. 800m jog rest, {1.5} Cool Down", "mi", 14.48),
    (
        "10 miles, consisting of:\n2 mile Warm Up\n5 x 1k at 10k pace\n2 mile Warm Down {1}",
        "mi",
        16.09,
    ),
    ("Lactate threshold\n{10:16}\n14 min LT interval (jog 4 min recovery)", "mi", 16.0),
    ("8 x 800", "km", 6.4),
    ("Intervals 8x400m", "km", 3.2),
    ("10 × (1 km at 105% MP, 1 km at 90–92% MP)", "km", 20.0),
    ("3–4 × {2:3} at 100% MP with 2–3 min jog", "mi", 12.0),
    ("5-4-3-2-1 km at 98–102% MP", "km", 15.0),
    ("Rest or {3-4:5-7} very easy", "mi", 7.0),
    ("{18:30} at 98% MP *or* 4 × (3 km, 2 km, 1 km) at 102–103–104% MP", "mi", 30.0),
    ("Run 1km, walk 4km", "km", 1.0),
    ("1,200 m", "km", 1.2),
    # no distance stated
    ("at 10k pace", "km", None),
    ("8 x 3 min at 95% 5k", "km", None),
    ("30 min tempo", "km", None),
    ("5 minute walk, 25 minute jog, 5 minute walk", "km", None),
    ("Rest", "km", None),
    ("Marathon pace", "km", None),
    ("", "km", None),
]


@pytest.mark.parametrize(("text", "units", "km"), DISTANCES, ids=[d[0][:50] for d in DISTANCES])
def test_parse_distance_km(text: str, units: str, km: float | None) -> None:
    got = parse_distance_km(text, units)
    if km is None:
        assert got is None
    else:
        assert got == pytest.approx(km, abs=0.011)


def test_parse_distance_rejects_unknown_units() -> None:
    with pytest.raises(ValueError, match="units"):
        parse_distance_km("{6}", "furlongs")
    with pytest.raises(ValueError, match="units"):
        classify([event("Easy {6}")], units="leagues")


def test_parse_distance_accepts_spelled_out_units() -> None:
    assert parse_distance_km("{6}", "miles") == pytest.approx(9.66)
    assert parse_distance_km("{6}", "KM") == 6.0


# --------------------------------------------------------------------------- the week rules


def kinds(runs: tuple[Run, ...]) -> list[RunKind]:
    return [r.kind for r in runs]


def test_clearly_longest_run_is_the_long_run() -> None:
    week = [event("Easy 8 km", 1), event("Tempo 10 km", 3), event("Easy 20 km", 6)]
    runs = classify(week)
    assert kinds(runs) == [E, H, L]
    assert runs[2].reason == "longest run of the week (20 km)"


def test_longest_hard_run_is_the_long_run_and_says_its_workout() -> None:
    """Pfitzinger's Sunday "Marathon-pace run 18 mi with 12 at MP" is the week's long run."""
    week = [
        event("Recovery {5:8}", 1),
        event("Gen-aerobic {10:16}", 3),
        event("Marathon-pace run {18:29} with {12:19} at marathon pace", 6),
    ]
    runs = classify(week, units="mi")
    assert kinds(runs) == [E, E, L]
    assert runs[2].reason == 'longest run of the week (18 mi); title says "marathon-pace"'


def test_long_needs_a_clear_margin() -> None:
    """19 km is not 20% longer than 17 km: no long run that week."""
    week = [event("Easy 17 km", 2), event("Easy 19 km", 6)]
    assert kinds(classify(week)) == [E, E]
    week = [event("Easy 15 km", 2), event("Easy 18 km", 6)]  # exactly 20% longer
    assert kinds(classify(week)) == [E, L]


def test_long_needs_a_long_enough_run() -> None:
    week = [event("Easy 5 km", 2), event("Easy 10 km", 6)]
    assert kinds(classify(week)) == [E, E]


def test_a_lone_run_is_not_promoted() -> None:
    """With nothing to compare, "Marathon pace run 10 mi" stays a hard run."""
    assert kinds(classify([event("Marathon pace run 10 mi", 3)])) == [H]
    assert kinds(classify([event("Easy 25 km", 6), event("Yoga", 2)])) == [E, N]


def test_timed_events_compare_by_duration() -> None:
    week = [
        event("Run", 1, minutes=40),
        event("Run", 3, minutes=45),
        event("Run", 6, minutes=100, at=dt.time(8, 0)),
    ]
    runs = classify(week)
    assert kinds(runs) == [E, E, L]
    assert runs[2].reason == "longest run of the week (100 min)"


def test_races_are_never_promoted_but_count_as_the_second_longest() -> None:
    week = [event("Easy 6 km", 1), event("Marathon", 6)]
    assert kinds(classify(week)) == [E, R]
    week = [event("Easy 20 km", 1), event("10K race", 6)]
    assert kinds(classify(week)) == [L, R]
    week = [event("Easy 20 km", 1), event("Half marathon", 6)]  # 21.1 km race: no clear winner
    assert kinds(classify(week)) == [E, R]


def test_endurance_is_the_long_run_once_a_week() -> None:
    """Faster Road Racing has a midweek and a weekend "Endurance": the longer is the long run."""
    week = [event("Endurance {8:13}", 2), event("Endurance {9:14}", 6)]
    runs = classify(week, units="mi")
    assert kinds(runs) == [E, L]
    assert runs[0].reason == (
        """title says "endurance", but Sun 07 Mar (8.7 mi) is the week's long run"""
    )


def test_saying_long_beats_saying_endurance() -> None:
    week = [event("Endurance {19:31}", 3), event("Progression long run {17:27}", 6)]
    assert kinds(classify(week, units="mi")) == [E, L]


def test_a_demoted_long_run_that_names_a_workout_is_hard() -> None:
    week = [event("Endurance 12 mi with 3 x 2 mi at MP", 2), event("Long run 20 mi", 6)]
    runs = classify(week)
    assert kinds(runs) == [H, L]
    assert runs[0].reason == """title says "3 x 2 mi"; Sun 07 Mar (32 km) is the week's long run"""


def test_equal_endurance_runs_keep_the_later_one() -> None:
    week = [event("Endurance 20 km", 5), event("Endurance 20 km", 6)]
    assert kinds(classify(week)) == [E, L]
    assert kinds(classify(list(reversed(week)))) == [L, E]


def test_back_to_back_long_runs_are_both_long() -> None:
    """Ultra training (sample_calendars/infeasible_tight.ics): Saturday and Sunday long runs."""
    week = [
        event("Easy run 5 km", 4, minutes=35),
        event("Long run 24 km", 5, minutes=150),
        event("Long run 16 km", 6, minutes=100, at=dt.time(8, 0)),
    ]
    assert kinds(classify(week)) == [E, L, L]


def test_saying_long_beats_every_endurance() -> None:
    week = [
        event("Endurance {10:16}", 1),
        event("Endurance {12:19}", 3),
        event("Long run {20:32}", 6),
    ]
    assert kinds(classify(week, units="mi")) == [E, E, L]


def test_weeks_run_monday_to_sunday() -> None:
    """Two long runs, Sunday and the next Monday: different weeks, both long."""
    runs = classify([event("Long run 20 km", 6), event("Long run 20 km", 7)])
    assert kinds(runs) == [L, L]


def test_weeks_use_the_events_own_local_date() -> None:
    """Sunday 23:30 in Los Angeles is Monday in UTC, but still the Sunday of its own week."""
    la = ZoneInfo("America/Los_Angeles")
    week = [
        event("Easy 8 km", 2, tz=la, minutes=45),
        event("Easy 22 km", 6, tz=la, minutes=120, at=dt.time(23, 30)),
        event("Easy 8 km", 7, tz=la, minutes=45),
    ]
    runs = classify(week)
    assert kinds(runs) == [E, L, E]


def test_order_does_not_matter() -> None:
    """RFC 5545 imposes no order: the same events reversed read the same."""
    week = [
        event("Rest", 0),
        event("Endurance {8:13}", 2),
        event("VO2max {8:13}", 4),
        event("Recovery {3:5}", 5),
        event("Endurance {9:14}", 6),
        event("Easy 8 km", 7),
        event("Easy 9 km", 9),
        event("Easy 16 km", 13),
    ]
    forward = classify(week, units="mi")
    backward = classify(list(reversed(week)), units="mi")
    assert forward == tuple(reversed(backward))


# --------------------------------------------------------------------------- keywords


def test_default_keywords_come_from_the_data_file() -> None:
    kw = Keywords.default()
    assert "tempo" in kw.hard
    assert "endurance" in kw.long
    assert "rest" in kw.other
    assert Keywords.default() is kw  # loaded once


def test_a_list_replaces_the_defaults() -> None:
    kw = Keywords.default().merged({"long": ["sunday run"]})
    assert kw.long == ("sunday run",)
    assert classify([event("Sunday run 25 km", 6)], kw)[0].kind is L
    assert classify([event("Long run", 6)], kw)[0].kind is E  # "long" is no longer a long word


def test_extra_adds_to_the_defaults() -> None:
    # (Was "Schwelle"/"Schwellenlauf": German is now read by default, compounds included.)
    kw = Keywords.default().merged({"extra_hard": ["Zorbo", "/\\bk\\d+x\\d+\\b/"]})
    assert kw.hard[: len(Keywords.default().hard)] == Keywords.default().hard
    assert classify([event("Zorboball")], kw)[0].kind is N  # whole words only
    assert classify([event("Zorbo 3x10 min")], kw)[0].kind is H
    assert classify([event("K4x1000")], kw)[0].kind is H


def test_replace_and_extra_together() -> None:
    kw = Keywords.default().merged({"extra_race": ["wettkampf"], "race": ["rennen"]})
    assert kw.race == ("rennen", "wettkampf")


def test_merged_leaves_the_original_alone() -> None:
    kw = Keywords.default()
    before = kw.hard
    kw.merged({"hard": ["intervalle"]})
    assert kw.hard == before


def test_extra_other_can_silence_a_calendar_habit() -> None:
    kw = Keywords.default().merged({"extra_other": ["club social"]})
    assert classify([event("Club social")], kw)[0].kind is N


@pytest.mark.parametrize("key", ["lng", "extra_stuff", "keywords", "Long"])
def test_unknown_keys_are_named(key: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(key))):
        Keywords.default().merged({key: ["x"]})


def test_a_bad_regex_is_named() -> None:
    with pytest.raises(ValueError, match=r"keywords\.hard.*\(unclosed"):
        Keywords.default().merged({"hard": ["/(unclosed/"]})


@pytest.mark.parametrize("value", ["tempo", 3, [""], ["ok", 5]])
def test_a_value_must_be_a_list_of_words(value: object) -> None:
    with pytest.raises(ValueError, match="keywords.hard"):
        Keywords.default().merged({"hard": value})  # type: ignore[dict-item]


def test_phrases_match_across_hyphens_and_spaces() -> None:
    kw = Keywords.default().merged({"long": ["sunday long"]})
    assert classify([event("Sunday-long 24k")], kw)[0].kind is L


def test_matching_is_case_and_accent_blind() -> None:
    kw = Keywords.default().merged({"extra_easy": ["Régénération"]})
    assert classify([event("REGENERATION 6 km")], kw)[0].kind is E


# --------------------------------------------------------------------------- never raises

texts = st.text(max_size=200) | st.sampled_from(
    [t for t, _ in TRICKY] + [d[0] for d in DISTANCES] + ["{", "}", "{:}", "{1-:}", "x" * 300]
)


@settings(max_examples=150, deadline=None)
@given(
    titles=st.lists(st.tuples(texts, texts, st.lists(texts, max_size=2)), max_size=6),
    days=st.lists(st.integers(0, 20), min_size=6, max_size=6),
    units=st.sampled_from(["km", "mi"]),
)
def test_classify_never_raises_and_keeps_order(titles, days, units) -> None:
    events = [
        event(t, days[i], description=d, categories=tuple(c), uid=str(i))
        for i, (t, d, c) in enumerate(titles)
    ]
    runs = classify(events, units=units)
    assert len(runs) == len(events)
    assert [r.event for r in runs] == events
    for r in runs:
        assert isinstance(r.kind, RunKind)
        assert r.reason
        assert r.distance_km is None or r.distance_km > 0


@settings(max_examples=150, deadline=None)
@given(text=texts, units=st.sampled_from(["km", "mi"]))
def test_parse_distance_never_raises(text: str, units: str) -> None:
    km = parse_distance_km(text, units)
    assert km is None or km > 0
