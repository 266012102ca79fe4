"""Hard: every session starts on the grid inside the daily window, lasts its minutes, and overlaps no run or busy time."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from constraints import Ban, ClashWords, Ladder, PlanView, RuleInstance, register
from optimizer.domain import Problem, Violation

# Dropped this early when a clash is shrunk (fine-grained rules first: what is left speaks
# of whole days and weeks).
CORE_RANK = 1

BLOCK_RANK = 3


def instance(date: dt.date) -> RuleInstance:
    return RuleInstance("time_slots", f"{date}", days=(date,))


@register("time_slots", hard=True)
def time_slots(grid, m):
    from optimizer.solver.cpsat import cp_model

    for day in grid.days:
        d = day.index
        if len(day.free_starts) == grid.n_starts:
            continue  # nothing blocks this day: every start on the grid is free
        lit = m.switch(instance(day.date))
        if not day.free_starts:
            m.cp.add(m.x[d] == 0).only_enforce_if(lit)
        else:
            m.cp.add_linear_expression_in_domain(
                m.start[d], cp_model.Domain.from_values(day.free_starts)
            ).only_enforce_if(m.x[d], lit)
    return []


def allowed_starts(grid: Any, day: Any, starts: tuple[int, ...]) -> tuple[int, ...]:
    """Only the starts where a session overlaps nothing."""
    free = set(day.free_starts)
    return tuple(s for s in starts if s in free)


def banned_days(grid: Any) -> dict[int, Ban]:
    rules = grid.rules
    why = f"no free {rules.minutes} minutes in {rules.window_start:%H:%M}-{rules.window_end:%H:%M}"
    away = grid.away_dates
    return {
        day.index: Ban(instance(day.date), "away all day" if day.date in away else why)
        for day in grid.days
        if not day.free_starts
    }


def away_days(problem: Any) -> set[dt.date]:
    """The days a whole-day absence covers (a trip, out of office)."""
    out = set()
    for b in problem.busy:
        if b.away:
            day = b.start.date()
            while day < b.end.date() or day == b.start.date():
                out.add(day)
                day += dt.timedelta(days=1)
    return out


def check(view: PlanView) -> list[Violation]:
    from optimizer import timeline

    problem = view.problem
    rules = problem.rules
    zone = ZoneInfo(problem.tz)
    out = []
    by_day = timeline.ByDay(timeline.blocks(problem), zone)
    w_start = rules.window_start.hour * 60 + rules.window_start.minute
    w_end = rules.window_end.hour * 60 + rules.window_end.minute
    for s in view.inside:
        local_start = s.start.astimezone(zone)
        local_end = s.end.astimezone(zone)
        begin = local_start.hour * 60 + local_start.minute
        length = (s.end - s.start).total_seconds() / 60
        if length != rules.minutes:
            out.append(
                Violation("time_slots", s.day, f"lasts {length:g} minutes, not {rules.minutes}")
            )
        if begin % rules.slot_minutes or local_start.second:
            out.append(
                Violation(
                    "time_slots",
                    s.day,
                    f"starts at {local_start:%H:%M}, off the {rules.slot_minutes}-minute grid",
                )
            )
        end_min = begin + length
        if begin < w_start or end_min > w_end or local_end.date() != local_start.date():
            out.append(
                Violation(
                    "time_slots",
                    s.day,
                    f"{local_start:%H:%M}-{local_end:%H:%M} is outside the window "
                    f"{rules.window_start:%H:%M}-{rules.window_end:%H:%M}",
                )
            )
        for b in by_day.touching(s.start, s.end):
            if b.start < s.end and s.start < b.end:
                out.append(
                    Violation("time_slots", s.day, f"{local_start:%H:%M} overlaps '{b.label}'")
                )
    return out


def clash(grid: Any, core: list[RuleInstance], scope: set[dt.date]) -> ClashWords | None:
    from optimizer.text import days_text

    mine = {
        d
        for i in core
        if i.rule == "time_slots"
        for d in [grid.day_index(i.days[0])]
        if d is not None
    }
    run_days = {
        d
        for i in core
        if i.rule == "run_days"
        for d in [grid.day_index(i.days[0])]
        if d is not None
    }
    only = sorted(mine - run_days)  # busy after the run: the run-first rule says it
    if not only:
        return None
    rules = grid.rules
    return ClashWords(
        (
            f"no free {rules.minutes} minutes in {rules.window_start:%H:%M}-"
            f"{rules.window_end:%H:%M} ({days_text((grid.days[d].date for d in only), scope)})",
        ),
        {d: "busy" for d in only},
    )


def ladders(problem: Problem, opts: Any) -> list[Ladder]:
    rules = problem.rules
    w0, w1 = opts.window
    step = dt.timedelta(minutes=max(15, rules.slot_minutes))
    later = []
    end = dt.datetime.combine(dt.date(2000, 1, 1), w1)
    for k in range(1, 17):  # up to four hours later
        t = end + k * step
        if t.date() != end.date():
            break
        later.append((("window", (w0, t.time())),))
    earlier = []
    begin = dt.datetime.combine(dt.date(2000, 1, 1), w0)
    for k in range(1, 17):
        t = begin - k * step
        if t.date() != begin.date():
            break
        earlier.append((("window", (t.time(), w1)),))

    def window_text(o: Any) -> tuple[tuple[str, ...], str]:
        a, b = o.window
        return (("--window", f"{a:%H:%M}-{b:%H:%M}"), f"train between {a:%H:%M} and {b:%H:%M}")

    out = []
    if later:
        out.append(Ladder("window_end", 6, tuple(later), window_text))
    if earlier:
        out.append(Ladder("window_start", 7, tuple(earlier), window_text))
    shorter = tuple((("minutes", m),) for m in range(opts.minutes - 5, 14, -5))
    if shorter:
        out.append(
            Ladder(
                "minutes",
                8,
                shorter,
                lambda o: (
                    ("--minutes", str(o.minutes)),
                    f"shorter sessions of {o.minutes} minutes",
                ),
            )
        )
    return out


def busy_line(grid: Any, d: int, blocks: Any, *, titles: bool = False) -> str | None:
    """What is busy on day ``d`` inside the window, in a runner's words.

    ``blocks``: the busy blocks, a list or a :class:`~optimizer.timeline.ByDay` of them.

    Only the times by default ("busy 08:30-17:30"): the line goes into session descriptions,
    and a feed's URL may be shared with a coach. ``titles`` names the events, as the runner
    asked for (``--busy-titles``).
    """
    rules = grid.rules
    lo = grid.start_of(d, 0)
    hi = grid.start_of(d, grid.n_starts - 1) + dt.timedelta(minutes=rules.minutes)
    from optimizer import timeline

    if isinstance(blocks, timeline.ByDay):
        blocks = blocks.touching(lo, hi)
    busy = [b for b in blocks if b.start < hi and lo < b.end]
    if not busy:
        return None
    if not titles:
        spans: list[list[dt.datetime]] = []
        for b in sorted(busy, key=lambda b: b.start):
            start, end = max(b.start, lo), min(b.end, hi)
            if spans and start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        return "busy " + ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in spans)
    shown = ", ".join(
        f"{max(b.start, lo):%H:%M}-{min(b.end, hi):%H:%M} '{b.label}'" for b in busy[:3]
    )
    more = f" and {len(busy) - 3} more" if len(busy) > 3 else ""
    return f"busy that day: {shown}{more}"


# Its bans and allowed starts say all the dynamic program needs.
DP_READY = True
