"""What a re-plan fixes, by date, and the model that holds it.

- **Done is done.** Every day before ``today`` stays exactly as the previous plan has it: its
  sessions are fixed in the model (they still count for the weekly numbers and the recovery
  gap to the days after), the days without one stay without. Rule instances that only concern
  past days no longer bind (what was done was done, even if the calendar now says otherwise).
- **Locked** sessions are fixed to their day and time.
- **Missed** sessions did not happen: their day holds no session, that week's MIN is lowered
  by the number missed and the week gets no session the previous plan did not have (nothing
  is crammed into the following days to catch up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from constraints import REGISTRY, RuleInstance
from constraints import sessions_per_week as weekly
from optimizer.calendar.plan_file import PlanEntry
from optimizer.domain import InputError
from optimizer.grid import Grid


@dataclass
class Spec:
    """What a re-plan fixes, by date; turned into model constraints for any grid."""

    today: dt.date
    done: dict[dt.date, dt.datetime]  # past day -> start of the session done (first of day)
    locked: dict[dt.date, dt.datetime]  # future day -> start of the locked session
    missed: set[dt.date]
    hint: dict[dt.date, dt.datetime]  # future day -> previous start (unlocked, not missed)
    planned_after: dict[int, int] = field(default_factory=dict)  # week -> previous sessions
    #   on its days from today on (not missed): the most a week with a missed session may hold

    def make(self, grid: Grid) -> tuple[Any, list[Any]]:
        """The model without objective and its guards (see ``optimizer.explain``)."""
        from optimizer.solver.model import Mode, Switch, build_model

        model = build_model(grid, mode=Mode.EXPLAIN, hint=self.hint_slots(grid))
        cp, x, start = model.cp, model.ctx.x, model.ctx.start
        t = self.today_index(grid)
        missed_by_week = self.missed_by_week(grid)
        guards: list[Switch] = []
        for s in model.ctx.switches:
            first, last = _span(grid, s.inst)
            if last < t:
                continue  # settled: it only concerns days already done
            if first < t and REGISTRY[s.rule].bans_days:
                # Half in the past (a long run yesterday, a race window under way): what was
                # done stays, the days from today on keep the ban.
                lit = cp.new_bool_var(f"{s.rule}({s.where},from today)")
                for d in range(t, min(last, len(grid.days) - 1) + 1):
                    cp.add(x[d] == 0).only_enforce_if(lit)
                guards.append(Switch(s.inst, lit))
                continue
            if s.liftable and s.inst.week is not None and s.inst.week - 1 in missed_by_week:
                continue  # replaced below by the lowered minimum
            guards.append(s)
        for w, n in sorted(missed_by_week.items()):
            days = list(grid.week_days(w))
            if days[-1] < t:
                continue
            inst = weekly.instance(grid, w, "min")
            lit = cp.new_bool_var(f"sessions_per_week({inst.label})")
            need = max(0, grid.week_min[w] - n)
            cp.add(sum(x[d] for d in days) >= need).only_enforce_if(lit)
            guards.append(Switch(inst, lit, liftable=True))
            later = [d for d in days if d >= t]
            cap = cp.new_bool_var(f"missed(week={w + 1})")
            cp.add(sum(x[d] for d in later) <= self.planned_after.get(w, 0)).only_enforce_if(cap)
            no_catch_up = RuleInstance(
                "missed",
                f"week={w + 1},nocatchup",
                days=tuple(grid.days[d].date for d in days),
                week=w + 1,
                bound="nocatchup",
            )
            guards.append(Switch(no_catch_up, cap))
        for d, day in enumerate(grid.days[:t]):
            lit = cp.new_bool_var(f"done({day.date})")
            if day.date in self.done:
                cp.add(x[d] == 1).only_enforce_if(lit)
                slot = _exact_slot(grid, d, self.done[day.date])
                if slot is not None:
                    cp.add(start[d] == slot).only_enforce_if(lit)
                guards.append(Switch(_guard("done", day.date, "on"), lit))
            else:
                cp.add(x[d] == 0).only_enforce_if(lit)
                guards.append(Switch(_guard("done", day.date, "off"), lit))
        for date, when in sorted(self.locked.items()):
            k = grid.day_index(date)
            if k is None or k < t:
                continue
            lit = cp.new_bool_var(f"locked({date})")
            cp.add(x[k] == 1).only_enforce_if(lit)
            slot = _exact_slot(grid, k, when)
            if slot is not None:
                cp.add(start[k] == slot).only_enforce_if(lit)
            guards.append(Switch(_guard("locked", date, "on"), lit))
        for date in sorted(self.missed):
            k = grid.day_index(date)
            if k is None or k < t:
                continue  # a past missed day is already off through "done"
            lit = cp.new_bool_var(f"missed({date})")
            cp.add(x[k] == 0).only_enforce_if(lit)
            guards.append(Switch(_guard("missed", date, "off"), lit))
        return model, guards

    def missed_by_week(self, grid: Grid) -> dict[int, int]:
        out: dict[int, int] = {}
        for day in self.missed:
            d = grid.day_index(day)
            if d is not None:
                out[d // 7] = out.get(d // 7, 0) + 1
        return out

    def today_index(self, grid: Grid) -> int:
        return max(0, min(len(grid.days), (self.today - grid.problem.start).days))

    def hint_slots(self, grid: Grid) -> dict[int, int]:
        out = {}
        for source in (self.done, self.locked, self.hint):
            for day, when in source.items():
                d = grid.day_index(day)
                if d is not None:
                    out[d] = nearest_slot(grid, when)
        return out


def _guard(rule: str, day: dt.date, bound: str) -> RuleInstance:
    """A re-plan's own guard (``done``, ``locked``, ``missed``): a day ``on`` or ``off``."""
    return RuleInstance(rule, f"{day},{bound}", days=(day,), bound=bound)


def prepare(
    grid: Grid,
    previous: Sequence[PlanEntry],
    today: dt.date,
    locked: Iterable[dt.date],
    missed: Iterable[dt.date],
) -> tuple[Spec, list[PlanEntry], dict[dt.date, list[PlanEntry]]]:
    """What the previous plan fixes, by date: (spec, active entries, entries by day)."""
    zone = grid.start_of(0, 0).tzinfo
    active = sorted((e for e in previous if not e.cancelled), key=lambda e: (e.start, e.key))
    by_day: dict[dt.date, list[PlanEntry]] = {}
    for e in active:
        by_day.setdefault(e.start.astimezone(zone).date(), []).append(e)
    lock_days = set(locked)
    missed_days = set(missed)
    for flag, days in (("--lock", lock_days), ("--missed", missed_days)):
        for day in sorted(days):
            if day not in by_day:
                raise InputError(f"{flag} {day}: the previous plan has no session that day")
    lock_days |= {day for day, es in by_day.items() if any(e.locked for e in es)}
    lock_days -= missed_days

    spec = Spec(today=today, done={}, locked={}, missed=missed_days, hint={})
    for day, entries in by_day.items():
        first = entries[0].start.astimezone(zone)  # a second one that day cannot stay
        if day in missed_days:
            continue
        if day < today:
            spec.done[day] = first
        elif day in lock_days:
            spec.locked[day] = first
        else:
            spec.hint[day] = first
    t = spec.today_index(grid)
    for day in list(spec.hint) + list(spec.locked):
        d = grid.day_index(day)
        if d is not None and d >= t:
            spec.planned_after[d // 7] = spec.planned_after.get(d // 7, 0) + 1
    return spec, active, by_day


def _span(grid: Grid, inst: RuleInstance) -> tuple[int, int]:
    """The first and last day index a rule instance concerns (all past: it is settled)."""
    if not inst.days:
        return 0, len(grid.days)  # an instance of unknown shape: never settled
    start = grid.problem.start
    return (inst.days[0] - start).days, (inst.days[-1] - start).days


def _exact_slot(grid: Grid, d: int, when: dt.datetime) -> int | None:
    """The grid slot that starts exactly at ``when`` on day ``d``, if there is one."""
    slot = grid.slot_of(when.time())
    return slot if grid.start_of(d, slot) == when else None


def nearest_slot(grid: Grid, when: dt.datetime) -> int:
    zone = grid.start_of(0, 0).tzinfo
    return grid.slot_of(when.astimezone(zone).time())
