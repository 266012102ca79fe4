"""Re-plan with the fewest changes: done is done, locks hold, missed sessions are not made up,
UIDs and SEQUENCE tell subscribed calendars what moved."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import replace
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from click.testing import CliRunner

from benchmarks.plans_to_ics import plan_to_ics
from optimizer import pipeline
from optimizer.calendar import read_calendar_bytes
from optimizer.calendar.export import session_uid, to_ical
from optimizer.calendar.plan_file import PlanEntry, read_plan, read_plan_bytes
from optimizer.classify import classify
from optimizer.cli import main
from optimizer.config import PlanOptions
from optimizer.domain import InputError, Problem, Run, RunKind, Session
from optimizer.explain import Clash
from optimizer.grid import allowed_starts, build_grid
from optimizer.replan import replan, why_not_replan
from optimizer.solver.model import SCALE, build_model
from optimizer.solver.plan import solve_model
from optimizer.validate import validate
from tests.conftest import ROOT, SAMPLES

PLAN_JSON = ROOT.parent / "shared" / "plans" / "coogan_pbr_mara_up_to_65.json"
MONDAY = dt.date(2027, 1, 4)
OPTS = PlanOptions()


@pytest.fixture(scope="module")
def base():
    """A published 16-week marathon plan as a calendar, planned once: (loaded, outcome, previous
    entries as read back from the written .ics, the .ics bytes)."""
    data = plan_to_ics(json.loads(PLAN_JSON.read_text()), start=MONDAY, tz="Europe/Berlin")
    end = MONDAY + dt.timedelta(weeks=16)
    imported = read_calendar_bytes(data, "coogan.ics", tz="Europe/Berlin", start=MONDAY, end=end)
    problem = Problem(
        start=MONDAY,
        weeks=16,
        tz="Europe/Berlin",
        runs=tuple(classify(imported.events)),
        rules=OPTS.rules(),
        name="coogan",
    )
    loaded = pipeline.Loaded(problem, (), None)
    outcome = pipeline.plan(loaded, OPTS)
    assert outcome.ok and not outcome.violations
    ics = to_ical(problem, outcome.sessions)
    return loaded, outcome, read_plan_bytes(ics, "old.ics", tz=problem.tz).entries, ics


def with_runs(loaded: pipeline.Loaded, runs) -> pipeline.Loaded:
    return replace(loaded, problem=replace(loaded.problem, runs=tuple(runs)))


def shifted(run: Run, days: int) -> Run:
    ev = run.event
    step = dt.timedelta(days=days)
    return replace(run, event=replace(ev, start=ev.start + step, end=ev.end + step))


def longs(problem: Problem) -> list[Run]:
    return sorted((r for r in problem.runs if r.kind is RunKind.LONG), key=lambda r: r.day)


def move_long_run(loaded: pipeline.Loaded, k: int, days: int) -> pipeline.Loaded:
    target = longs(loaded.problem)[k]
    return with_runs(loaded, (shifted(r, days) if r is target else r for r in loaded.problem.runs))


def by_day(sessions) -> dict[dt.date, dt.datetime]:
    return {s.day: s.start for s in sessions}


def day_and_hour_changes(old: dict, new: dict) -> tuple[int, int]:
    """(days that gained or lost a session, days whose session changed its hour)."""
    days = len(set(old) ^ set(new))
    hours = sum(1 for d in set(old) & set(new) if old[d] != new[d])
    return days, hours


# --------------------------------------------------------------------------- fewest changes


def best_objective(
    problem: Problem,
    old: dict[dt.date, dt.datetime],
    *,
    max_days: int,
    max_hours: int | None = None,
) -> int | None:
    """The plan's own optimum (scaled) among plans with at most that many changes; None when
    no plan keeps the rules that way. A model of its own: the plan's model plus a Hamming
    bound, solved by the ordinary solve step."""
    grid = build_grid(problem)
    model = build_model(grid)
    x, start = model.ctx.x, model.ctx.start
    prev = {grid.day_index(day): grid.slot_of(when.time()) for day, when in old.items()}
    model.cp.add(
        sum(1 - x[d] for d in prev) + sum(x[d] for d in range(len(grid.days)) if d not in prev)
        <= max_days
    )
    if max_hours is not None:
        moved = []
        for d, p in prev.items():
            b = model.cp.new_bool_var(f"moved{d}")
            model.cp.add(start[d] == p).only_enforce_if(x[d], ~b)
            moved.append(b)
        model.cp.add(sum(moved) <= max_hours)
    result = solve_model(model)
    return round(result.objective * SCALE) if result.objective is not None else None


def hard_minimum(problem: Problem, old: dict[dt.date, dt.datetime], weeks: set[int]) -> int:
    """Fewest days changed so that the plan keeps every hard rule, by brute force over the
    given weeks (the rest as before), judged by the solver-free validator."""
    grid = build_grid(problem)
    length = dt.timedelta(minutes=problem.rules.minutes)
    days = [d for w in sorted(weeks) for d in grid.week_days(w)]
    fixed = [Session(s, s + length) for day, s in old.items() if grid.day_index(day) not in days]
    best = None
    for n in range(0, 4 * len(weeks) + 1):
        for chosen in itertools.combinations(days, n):
            pairs = zip(chosen, chosen[1:], strict=False)
            if any(b - a < problem.rules.min_gap_days for a, b in pairs):
                continue
            sessions = list(fixed)
            ok = True
            for d in chosen:
                date = grid.days[d].date
                if date in old:
                    begin = old[date]
                else:
                    allowed = allowed_starts(grid.days[d])
                    if not allowed:
                        ok = False
                        break
                    begin = grid.start_of(d, allowed[0])
                sessions.append(Session(begin, begin + length))
            if not ok or validate(problem, sessions):
                continue
            inside = {grid.days[d].date for d in chosen}
            before = {day for day in old if grid.day_index(day) in days}
            changed = len(inside ^ before)
            best = changed if best is None else min(best, changed)
    assert best is not None
    return best


@pytest.mark.parametrize(
    "k, days, hard_forced",
    [
        (5, +1, 2),  # Sun -> Mon: Tuesday's session cannot stay (one move: two days change)
        (7, +1, 2),  # the same, and the habit asks to move the next Tuesday too
        (7, -1, 0),  # Sun -> Sat: the old plan still keeps every rule
    ],
)
def test_moving_one_long_run_changes_only_what_must_change(base, k, days, hard_forced) -> None:
    """The done-when test. The re-plan is optimal (the same objective as planning afresh),
    no optimal plan changes fewer days, none with as few days changes fewer hours, and it
    changes fewer sessions than planning from scratch would. The minimum is checked by a
    model of its own and bounded below by brute force over the affected weeks."""
    loaded, outcome, previous, _ = base
    moved = move_long_run(loaded, k, days)
    problem = moved.problem
    fresh = pipeline.plan(moved, OPTS)
    redo = replan(moved, OPTS, previous, today=MONDAY)
    assert redo.outcome.violations == ()
    assert not validate(problem, redo.outcome.sessions)
    optimum = round(fresh.result.objective * SCALE)
    assert round(redo.outcome.result.objective * SCALE) == optimum

    old = by_day(outcome.sessions)
    new = by_day(redo.outcome.sessions)
    day_changes, hour_changes = day_and_hour_changes(old, new)
    before = {e.uid: e.day for e in previous}
    across = sum(1 for s in redo.outcome.sessions if s.uid in before and s.day != before[s.uid])
    assert day_changes == 2 * across + redo.added + redo.dropped
    assert hour_changes == redo.moved - across
    if day_changes:
        better = best_objective(problem, old, max_days=day_changes - 1)
        assert better is None or better > optimum
    if hour_changes:
        better = best_objective(problem, old, max_days=day_changes, max_hours=hour_changes - 1)
        assert better is None or better > optimum

    target = longs(loaded.problem)[k]
    grid = build_grid(problem)
    weeks = {grid.day_index(target.day + dt.timedelta(days=n)) // 7 for n in (0, days, days + 1)}
    forced = hard_minimum(problem, old, weeks)
    assert forced == hard_forced
    assert day_changes >= forced
    if (k, days) == (5, +1):
        assert (day_changes, hour_changes, redo.moved) == (2, 0, 1)  # exactly the forced move
    assert sum(day_and_hour_changes(old, by_day(fresh.sessions))) >= day_changes + hour_changes


def test_an_unchanged_calendar_changes_nothing(base) -> None:
    loaded, _, previous, ics = base
    for today in (MONDAY, dt.date(2027, 2, 17), dt.date(2027, 6, 1)):
        redo = replan(loaded, OPTS, previous, today=today)
        assert (redo.kept, redo.moved, redo.added, redo.dropped) == (30, 0, 0, 0)
        assert redo.cancelled == ()
        assert to_ical(loaded.problem, redo.outcome.sessions, cancelled=redo.cancelled) == ics


# --------------------------------------------------------------------------- UIDs and SEQUENCE


def test_uids_and_sequence_of_kept_moved_dropped_and_added(base) -> None:
    """A tune-up race in week 9 empties its window (dropped, cancelled with SEQUENCE + 1);
    the long run of week 3 moving to Monday moves Tuesday's session (same UID, SEQUENCE + 1);
    a long run moved to Saturday frees a Monday (a new session, a fresh UID)."""
    loaded, outcome, previous, _ = base
    problem = loaded.problem
    runs = list(problem.runs)
    race_day = dt.date(2027, 3, 6)  # Saturday of week 9
    runs = [
        replace(r, kind=RunKind.RACE) if r.day == race_day and r.kind.is_run else r for r in runs
    ]
    assert any(r.kind is RunKind.RACE and r.day == race_day for r in runs)
    third = longs(problem)[2]
    runs = [shifted(r, 1) if r is third else r for r in runs]
    changed = with_runs(loaded, runs)
    redo = replan(changed, OPTS, previous, today=MONDAY)
    assert not redo.outcome.violations
    old = {e.uid: e for e in previous}
    new = {s.uid: s for s in redo.outcome.sessions}
    kept = [u for u, s in new.items() if u in old and s.start == old[u].start]
    moved = [u for u, s in new.items() if u in old and s.start != old[u].start]
    fresh = [u for u in new if u not in old]
    assert (len(kept), len(moved), len(fresh), len(redo.cancelled)) == (
        redo.kept,
        redo.moved,
        redo.added,
        redo.dropped,
    )
    assert redo.moved >= 1 and redo.dropped >= 1
    for u in kept:
        # Same day and time; new words (the week's moved runs) are a revision too.
        same_text = new[u].description == old[u].description
        assert new[u].sequence == old[u].sequence + (0 if same_text else 1)
    for u in moved:
        assert new[u].sequence == old[u].sequence + 1
    for c in redo.cancelled:
        assert c.uid in old and c.sequence == old[c.uid].sequence + 1
        assert c.start == old[c.uid].start
        assert race_day - dt.timedelta(days=7) <= c.day <= race_day + dt.timedelta(days=2)
    assert set(fresh).isdisjoint(old)
    assert redo.kept + redo.moved + redo.dropped == len(previous)

    data = to_ical(changed.problem, redo.outcome.sessions, cancelled=redo.cancelled)
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    status = {str(e["UID"]): (str(e["STATUS"]), int(e["SEQUENCE"])) for e in events}
    for c in redo.cancelled:
        assert status[c.uid] == ("CANCELLED", c.sequence)
    for u in moved:
        assert status[u] == ("CONFIRMED", old[u].sequence + 1)
    expanded = recurring_ical_events.of(cal).between(MONDAY, MONDAY + dt.timedelta(weeks=17))
    assert len(expanded) == len(events) == len(new) + len(redo.cancelled)
    again = read_plan_bytes(data, "new.ics", tz=problem.tz)
    assert {e.uid for e in again.active} == set(new)
    assert {e.uid for e in again.entries if e.cancelled} == {c.uid for c in redo.cancelled}


def test_a_new_session_never_reuses_a_uid(base) -> None:
    """The UID legday would give a new session is already taken by a previous session (one
    once planned on that day and since moved): the new session gets a fresh one."""
    loaded, _, previous, _ = base
    removed = previous[10]
    rest = [e for e in previous if e is not removed]
    taken = session_uid(loaded.problem, removed.day)
    rest[0] = replace(rest[0], uid=taken)
    # A cancelled entry is history, but its UID is taken as well.
    second = taken.replace("@", "-2@")
    rest.append(replace(removed, uid=second, status="CANCELLED", sequence=1))
    redo = replan(loaded, OPTS, rest, today=MONDAY)
    assert (redo.added, redo.moved, redo.dropped) == (1, 0, 0)
    new = [s for s in redo.outcome.sessions if s.uid not in {e.uid for e in rest}]
    assert [s.day for s in new] == [removed.day]  # the gap is filled where it was
    assert new[0].uid == taken.replace("@", "-3@")
    uids = [s.uid for s in redo.outcome.sessions]
    assert len(uids) == len(set(uids))


# --------------------------------------------------------------------------- done, locked, missed


def test_the_past_stays_as_it_was(base) -> None:
    """Mid-plan, the calendar changes in the past and in the future: past sessions stay
    exactly (even one now on a long-run day), the future follows the rules."""
    loaded, outcome, previous, _ = base
    today = dt.date(2027, 2, 17)
    past = [s for s in outcome.sessions if s.day < today]
    victim = past[-1]  # a session done; a long run now lands on its day
    first_long = longs(loaded.problem)[0]
    runs = [
        replace(
            r,
            event=replace(
                r.event,
                start=dt.datetime.combine(victim.day, dt.time(6, 0), r.event.start.tzinfo),
                end=dt.datetime.combine(victim.day, dt.time(7, 0), r.event.start.tzinfo),
            ),
        )
        if r is first_long
        else r
        for r in loaded.problem.runs
    ]
    runs = [shifted(r, 1) if r is longs(loaded.problem)[9] else r for r in runs]
    changed = with_runs(loaded, runs)
    redo = replan(changed, OPTS, previous, today=today)
    assert redo.outcome.ok and redo.outcome.violations == ()
    done = [s for s in redo.outcome.sessions if s.day < today]
    assert [(s.uid, s.start, s.sequence, s.description) for s in done] == [
        (e.uid, e.start, e.sequence, e.description) for e in previous if e.day < today
    ]
    future = [s for s in redo.outcome.sessions if s.day >= today]
    broken = validate(changed.problem, redo.outcome.sessions)
    assert all(v.day < today for v in broken if v.day is not None)
    assert any(v.day == victim.day for v in broken)  # done is done, though now "wrong"
    assert future and redo.changes >= 1


def test_locked_sessions_stay_and_a_locked_clash_is_explained(base) -> None:
    loaded, outcome, previous, _ = base
    # Week 8's long run moves to Monday 1 Mar: Tuesday 2 Mar's session must go, and the habit
    # then asks Tuesday 9 Mar's to follow it to Wednesday. Locked, it stays.
    changed = move_long_run(loaded, 7, +1)
    tuesday = next(s for s in outcome.sessions if s.day == dt.date(2027, 3, 9))
    free = replan(changed, OPTS, previous, today=MONDAY)
    assert tuesday.start not in {s.start for s in free.outcome.sessions}  # it would move...
    held = replan(changed, OPTS, previous, today=MONDAY, locked=[tuesday.day])
    mine = next(s for s in held.outcome.sessions if s.uid == tuesday.uid)
    assert (mine.start, mine.sequence, mine.description) == (
        tuesday.start,
        0,
        tuesday.description,
    )  # ...but a lock holds it, untouched
    assert held.outcome.violations == () and held.moved == 1
    # The same lock written into the file (CATEGORIES:locked) holds it too.
    in_file = [replace(e, locked=True) if e.uid == tuesday.uid else e for e in previous]
    assert replan(changed, OPTS, in_file, today=MONDAY).outcome.sessions == (held.outcome.sessions)

    # Locking Tuesday 2 Mar, the day after the long run now: no plan; the clash says why.
    blocked = dt.date(2027, 3, 2)
    redo = replan(changed, OPTS, previous, today=MONDAY, locked=[blocked])
    assert not redo.outcome.ok
    why = why_not_replan(changed, OPTS, previous, today=MONDAY, locked=[blocked])
    assert why.clashes == (
        (Clash("no_strength_after_long_run", "2027-03-01"), Clash("locked", "2027-03-02,on")),
    )
    assert why.lines == (
        "no strength on a long-run day or the day after (Mon 01 Mar, Tue 02 "
        "Mar) and your locked sessions (Tue 02 Mar) cannot all hold",
    )
    # Falling short of MIN would not help: best effort is not offered.
    assert "--best-effort" not in [r.command_line for r in why.relaxations]


def test_missed_sessions_are_cancelled_and_not_made_up(base) -> None:
    loaded, outcome, previous, _ = base
    today = dt.date(2027, 2, 17)  # Wednesday of week 7
    week = [s for s in outcome.sessions if dt.date(2027, 2, 15) <= s.day < dt.date(2027, 2, 22)]
    missed = [s.day for s in week if s.day < today]
    assert missed
    redo = replan(loaded, OPTS, previous, today=today, missed=missed)
    assert redo.outcome.ok and redo.outcome.violations == ()
    assert [c.day for c in redo.cancelled] == missed
    assert all(c.sequence == 1 for c in redo.cancelled)
    after = [s for s in redo.outcome.sessions if s.day in {d.day for d in week}]
    assert {s.day for s in after} == {s.day for s in week} - set(missed)  # nothing crammed
    assert (redo.moved, redo.added, redo.dropped) == (0, 0, 0)
    # Written and read back, the cancelled session is not done: a later re-plan keeps it so.
    data = to_ical(loaded.problem, redo.outcome.sessions, cancelled=redo.cancelled)
    later = replan(
        loaded,
        OPTS,
        read_plan_bytes(data, "x", tz=loaded.problem.tz).entries,
        today=dt.date(2027, 3, 1),
    )
    assert set(missed).isdisjoint({s.day for s in later.outcome.sessions})
    assert later.changes == 0
    planned = {s.day for s in outcome.sessions}
    empty = next(d for d in (today - dt.timedelta(days=i) for i in range(1, 7)) if d not in planned)
    with pytest.raises(InputError, match=f"--missed {empty}: the previous plan has no"):
        replan(loaded, OPTS, previous, today=today, missed=[empty])


# --------------------------------------------------------------------------- the command


def legday(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_plan_previous_in_place_keeps_the_bytes(tmp_path: Path) -> None:
    ten_k = SAMPLES / "10k_outlook.ics"
    out = tmp_path / "strength.ics"
    assert legday("plan", ten_k, "-o", out, "-q").exit_code == 0
    before = out.read_bytes()
    result = legday("plan", ten_k, "--previous", out, "-o", out, "--today", "2027-03-15")
    assert result.exit_code == 0, result.output
    assert "re-plan from 2027-03-15: kept 14, moved 0, added 0, dropped 0" in result.output
    assert out.read_bytes() == before


def test_plan_previous_with_missed_writes_a_cancelled_event(tmp_path: Path) -> None:
    ten_k = SAMPLES / "10k_outlook.ics"
    old, new, report = tmp_path / "old.ics", tmp_path / "new.ics", tmp_path / "r.json"
    assert legday("plan", ten_k, "-o", old, "-q").exit_code == 0
    first = read_plan(old, tz="Europe/Berlin").entries[2]
    result = legday(
        "plan",
        ten_k,
        "--previous",
        old,
        "-o",
        new,
        "--today",
        "2027-03-15",
        "--missed",
        first.day.isoformat(),
        "--report",
        report,
        "-q",
    )
    assert result.exit_code == 0, result.output
    entries = {e.uid: e for e in read_plan(new, tz="Europe/Berlin").entries}
    assert entries[first.uid].cancelled and entries[first.uid].sequence == 1
    changes = json.loads(report.read_text())["changes"]
    assert changes["cancelled"] == [
        {"uid": first.uid, "start": first.start.isoformat(), "sequence": 1}
    ]


def test_a_replan_that_cannot_keep_a_lock_says_why(tmp_path: Path) -> None:
    """Planned as an intermediate runner, re-planned as a beginner with a session locked on a
    hard-run Tuesday: exit 1, the clash names the lock, nothing written."""
    ten_k = SAMPLES / "10k_outlook.ics"
    old, new = tmp_path / "old.ics", tmp_path / "new.ics"
    assert legday("plan", ten_k, "-o", old, "-q").exit_code == 0
    result = legday(
        "plan",
        ten_k,
        "--previous",
        old,
        "-o",
        new,
        "--today",
        "2027-03-01",
        "--level",
        "beginner",
        "--lock",
        "2027-03-16",
    )
    assert result.exit_code == 1
    assert (
        "legday: clash: beginners keep strength off hard-run, long-run and race days "
        "(Tue 16 Mar) and your locked sessions (Tue 16 Mar) cannot all hold"
    ) in result.output
    assert "legday: try: --level intermediate  (" in result.output
    assert not new.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--lock", "2027-03-02"], "need --previous"),
        (["--previous", "missing.ics"], "missing.ics: no such file"),
        (["--previous", "OLD", "--missed", "2027-13-01"], "dates look like YYYY-MM-DD"),
        (
            ["--previous", "OLD", "--lock", "2027-03-03"],
            "--lock 2027-03-03: the previous plan has no",
        ),
    ],
)
def test_replan_bad_input_is_one_line_exit_2(tmp_path: Path, args, message) -> None:
    ten_k = SAMPLES / "10k_outlook.ics"
    old = tmp_path / "old.ics"
    assert legday("plan", ten_k, "-o", old, "-q").exit_code == 0
    before = old.read_bytes()
    args = [
        str(old) if a == "OLD" else str(tmp_path / a) if a.endswith(".ics") else a for a in args
    ]
    result = CliRunner().invoke(
        main, ["plan", str(ten_k), "-o", str(old), "--today", "2027-03-01", *args]
    )
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert old.read_bytes() == before


def test_entries_from_any_plan_carry_their_text(base) -> None:
    """A previous plan not written by legday keeps its own titles on sessions that stay."""
    loaded, outcome, previous, _ = base
    foreign = [replace(e, summary=f"Coach: {e.summary}", by_legday=False) for e in previous]
    redo = replan(loaded, OPTS, foreign, today=MONDAY)
    assert redo.changes == 0
    assert all(s.summary.startswith("Coach: ") for s in redo.outcome.sessions)
    assert isinstance(foreign[0], PlanEntry)


def test_best_effort_replan_keeps_a_short_plan_as_it_is(tmp_path: Path) -> None:
    """Every week of the tight sample falls short; re-planned with nothing changed, the plan
    and its short weeks stay, and a missed session is not made up either."""
    tight = SAMPLES / "infeasible_tight.ics"
    out = tmp_path / "strength.ics"
    assert legday("plan", tight, "-o", out, "--best-effort", "-q").exit_code == 0
    before = out.read_bytes()
    opts = PlanOptions(best_effort=True)
    loaded = pipeline.load([tight], [], opts)
    previous = read_plan(out, tz=loaded.problem.tz).entries
    redo = replan(loaded, opts, previous, today=dt.date(2027, 2, 10))
    assert redo.outcome.result.short_weeks == (2, 3, 4)  # week 1 is done: not the re-plan's
    assert redo.changes == 0 and redo.outcome.violations == ()
    assert to_ical(loaded.problem, redo.outcome.sessions) == before
    friday = dt.date(2027, 2, 12)
    assert friday in {e.day for e in previous}
    missed = replan(loaded, opts, previous, today=dt.date(2027, 2, 13), missed=[friday])
    assert missed.outcome.violations == () and missed.changes == 0
    assert [c.day for c in missed.cancelled] == [friday]


def test_a_replan_keeps_the_usual_times_the_runner_has() -> None:
    """The grid derives each weekday's habit time from the calendar; a re-plan takes it from
    the previous plan instead, so an edit elsewhere does not shift every Monday by an hour.
    Off-grid starts and cancelled sessions set no habit."""
    from optimizer.replan import keep_habits
    from tests.patterns import at, make_problem

    grid = build_grid(make_problem(". . . . . . L | . . . . . . L"))
    monday, tuesday = dt.date(2027, 3, 1), dt.date(2027, 3, 2)
    previous = [
        PlanEntry("a", at(monday, 19), at(monday, 19, 30)),
        PlanEntry(
            "b", at(monday + dt.timedelta(days=7), 19), at(monday + dt.timedelta(days=7), 19, 30)
        ),
        PlanEntry("c", at(tuesday, 7, 10), at(tuesday, 7, 40)),  # off the grid
        PlanEntry(
            "d",
            at(tuesday + dt.timedelta(days=2), 6),
            at(tuesday + dt.timedelta(days=2), 6, 30),
            status="CANCELLED",
        ),
    ]
    kept = keep_habits(grid, previous)
    assert grid.usual_slot[0] != grid.slot_of(dt.time(19, 0))  # the calendar alone says 18:00
    assert kept.usual_slot[0] == grid.slot_of(dt.time(19, 0))
    assert kept.usual_slot[1:] == grid.usual_slot[1:]


def test_new_words_on_a_kept_session_raise_its_sequence(tmp_path: Path) -> None:
    """Issue 12, item 9: a re-plan that changed a kept session's description kept its
    SEQUENCE, so subscribed calendars never showed the new text. The hill session is renamed
    in the running calendar; the strength session after it stays at its day and time, and
    its new text comes with SEQUENCE + 1 and a later LAST-MODIFIED; untouched sessions keep
    both."""
    ten_k = SAMPLES / "10k_outlook.ics"
    renamed = tmp_path / "10k_renamed.ics"
    renamed.write_bytes(ten_k.read_bytes().replace(b"Hill repeats 8x200m", b"Hill repeats 10x200m"))
    old, new = tmp_path / "old.ics", tmp_path / "new.ics"
    assert legday("plan", ten_k, "-o", old, "--name", "10k", "-q").exit_code == 0
    result = legday(
        "plan", renamed, "--previous", old, "-o", new, "--name", "10k", "--today", "2027-03-08"
    )
    assert result.exit_code == 0, result.output
    assert "kept 14, moved 0, added 0, dropped 0" in result.output

    def events(path: Path) -> dict[str, icalendar.Event]:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        return {str(e["UID"]): e for e in cal.walk("VEVENT")}

    before, after = events(old), events(new)
    assert before.keys() == after.keys()
    hill_day = dt.date(2027, 3, 9)
    for uid, e in after.items():
        was = before[uid]
        assert e.decoded("DTSTART") == was.decoded("DTSTART")
        if e.decoded("DTSTART").date() == hill_day:
            assert "Hill repeats 10x200m" in str(e["DESCRIPTION"])
            assert int(e["SEQUENCE"]) == int(was["SEQUENCE"]) + 1
            assert e.decoded("LAST-MODIFIED") > was.decoded("LAST-MODIFIED")
        elif str(e["DESCRIPTION"]) == str(was["DESCRIPTION"]):
            assert int(e["SEQUENCE"]) == int(was["SEQUENCE"])
            assert e.decoded("LAST-MODIFIED") == was.decoded("LAST-MODIFIED")
        else:
            assert int(e["SEQUENCE"]) == int(was["SEQUENCE"]) + 1
