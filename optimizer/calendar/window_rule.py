"""An RRULE's occurrences up to a date, by dateutil's own rules, with a walk that ends there.

dateutil's ``rrule`` walks period by period and checks UNTIL only on an occurrence it found:
a rule that matches no day after the plan (``FREQ=DAILY;BYDAY=TU;BYYEARDAY=60;BYWEEKNO=19``)
makes ``between()`` walk to the year 9999 looking for one. :func:`occurrences` walks the same
periods with the same masks (dateutil's ``_iterinfo``: week numbers with WKST, n-th weekdays,
negative month and year days) and the same BYSETPOS, COUNT and UNTIL handling, and stops at
the first period that starts after ``stop``. Its cost is the number of periods up to ``stop``,
whatever the rule. The loop mirrors ``dateutil.rrule.rrule._iter`` (dateutil 2.9) for YEARLY
to HOURLY; MINUTELY, SECONDLY and BYEASTER are left to dateutil (None).

The walk is in naive wall time, as dateutil's is; the caller attaches the zone.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

_FREQS = {"YEARLY": 0, "MONTHLY": 1, "WEEKLY": 2, "DAILY": 3, "HOURLY": 4}
YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY = range(5)


def parse(rule_text: str, dtstart: dt.datetime) -> Any | None:
    """dateutil's rrule for ``rule_text`` without UNTIL and COUNT (handled by the walk), or
    None when the walk does not cover it (MINUTELY, SECONDLY, BYEASTER, unreadable)."""
    from dateutil.rrule import rrulestr

    parts = [p for p in rule_text.split(";") if p and "=" in p]
    keys = {p.split("=", 1)[0].upper() for p in parts}
    freq = next((p.split("=", 1)[1].upper() for p in parts if p.upper().startswith("FREQ=")), "")
    if freq not in _FREQS or "BYEASTER" in keys:
        return None
    kept = ";".join(p for p in parts if p.split("=", 1)[0].upper() not in ("UNTIL", "COUNT"))
    try:
        return rrulestr(kept, dtstart=dtstart)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        return None


def occurrences(
    rule: Any,
    stop: dt.datetime,
    *,
    until: dt.datetime | None = None,
    count: int | None = None,
    after: dt.datetime | None = None,
    limit: int = 100_000,
) -> list[dt.datetime]:
    """The rule's occurrences from ``after`` (default: its DTSTART) up to ``stop``, as naive
    wall times; COUNT still counts from DTSTART.

    Args:
        rule: a dateutil rrule from :func:`parse` (naive DTSTART, no UNTIL nor COUNT).
        stop: the last time of interest; the walk ends with the period that holds it.
        until: the rule's UNTIL, as naive wall time.
        count: the rule's COUNT.
        after: occurrences before this are walked (and counted) but not returned.
        limit: at most this many occurrences are returned.

    Returns:
        The occurrences, in order.
    """
    from dateutil.rrule import _iterinfo  # dateutil's masks: the same semantics as its walk

    if rule._freq == HOURLY:
        return _hourly(rule, stop, until, count, after, limit)
    start: dt.datetime = rule._dtstart
    year, month, day = start.year, start.month, start.day
    weekday = start.weekday()
    freq, interval, wkst = rule._freq, rule._interval, rule._wkst
    bysetpos, timeset = rule._bysetpos, rule._timeset
    ii = _iterinfo(rule)
    ii.rebuild(year, month)
    getdayset = {YEARLY: ii.ydayset, MONTHLY: ii.mdayset, WEEKLY: ii.wdayset, DAILY: ii.ddayset}[
        freq
    ]
    taken = _Collector(start, stop, until, count, after, limit)
    while (year, month, day) <= (stop.year, stop.month, stop.day) or freq != DAILY:
        dayset, first, last = getdayset(year, month, day)
        if freq != DAILY and _period_starts_after(ii, dayset, first, stop):
            break
        for i in dayset[first:last]:
            if not _day_passes(rule, ii, i):
                dayset[i] = None
        found = _period_times(ii, dayset[first:last], timeset, bysetpos)
        if not all(taken.add(res) for res in found):
            break
        year, month, day, weekday = _next_period(
            ii, freq, interval, wkst, year, month, day, weekday
        )
        if year > dt.MAXYEAR:
            break
    return taken.out


class _Collector:
    """Takes a walk's occurrences in order; says when the walk can stop (UNTIL, COUNT, the
    end of interest, the limit), as dateutil's walk does."""

    def __init__(
        self,
        start: dt.datetime,
        stop: dt.datetime,
        until: dt.datetime | None,
        count: int | None,
        after: dt.datetime | None,
        limit: int,
    ) -> None:
        self.start, self.stop, self.until, self.left = start, stop, until, count
        self.after, self.limit = after, limit
        self.out: list[dt.datetime] = []

    def add(self, res: dt.datetime) -> bool:
        """Take one occurrence; False once the walk is over."""
        if (self.until is not None and res > self.until) or res > self.stop:
            return False
        if len(self.out) >= self.limit:
            return False
        if res >= self.start:
            if self.left is not None:
                self.left -= 1
                if self.left < 0:
                    return False
            if self.after is None or res >= self.after:
                self.out.append(res)
        return True


def _hourly(
    rule: Any,
    stop: dt.datetime,
    until: dt.datetime | None,
    count: int | None,
    after: dt.datetime | None,
    limit: int,
) -> list[dt.datetime]:
    """The HOURLY walk: every INTERVAL hours of wall time from DTSTART, the day's filters,
    BYHOUR, then BYMINUTE x BYSECOND (from DTSTART when not given), BYSETPOS per hour."""
    from dateutil.rrule import _iterinfo

    start: dt.datetime = rule._dtstart
    ii = _iterinfo(rule)
    ii.rebuild(start.year, start.month)
    built = (start.year, start.month)
    step = dt.timedelta(hours=rule._interval)
    pairs = sorted((m, sec) for m in rule._byminute for sec in rule._bysecond)
    taken = _Collector(start, stop, until, count, after, limit)
    hour = start.replace(minute=0, second=0, microsecond=0)
    while hour <= stop:
        if (hour.year, hour.month) != built:
            built = (hour.year, hour.month)
            ii.rebuild(*built)
        i = hour.toordinal() - ii.yearordinal
        if _day_passes(rule, ii, i) and (not rule._byhour or hour.hour in rule._byhour):
            found = [hour.replace(minute=m, second=sec) for m, sec in pairs]
            if rule._bysetpos:
                found = sorted(
                    {found[p if p < 0 else p - 1] for p in rule._bysetpos if _at(found, p)}
                )
            if not all(taken.add(res) for res in found):
                break
        hour += step
    return taken.out


def _at(items: list[Any], pos: int) -> bool:
    return -len(items) <= (pos if pos < 0 else pos - 1) < len(items)


def _day_passes(rule: Any, ii: Any, i: int) -> bool:
    """Whether day ``i`` of the masks' year passes the rule's BY filters (dateutil's test)."""
    if rule._bymonth and ii.mmask[i] not in rule._bymonth:
        return False
    if rule._byweekno and not ii.wnomask[i]:
        return False
    if rule._byweekday and ii.wdaymask[i] not in rule._byweekday:
        return False
    if ii.nwdaymask and not ii.nwdaymask[i]:
        return False
    if (rule._bymonthday or rule._bynmonthday) and (
        ii.mdaymask[i] not in rule._bymonthday and ii.nmdaymask[i] not in rule._bynmonthday
    ):
        return False
    return not (rule._byyearday and not _in_yearday(ii, i, rule._byyearday))


def _in_yearday(ii: Any, i: int, byyearday: Any) -> bool:
    if i < ii.yearlen:
        return i + 1 in byyearday or -ii.yearlen + i in byyearday
    return i + 1 - ii.yearlen in byyearday or -ii.nextyearlen + i - ii.yearlen in byyearday


def _period_starts_after(ii: Any, dayset: Any, first: int, stop: dt.datetime) -> bool:
    """Whether the period's first day is after ``stop``'s day."""
    return dt.date.fromordinal(ii.yearordinal + dayset[first]) > stop.date()


def _period_times(ii: Any, days: Any, timeset: Any, bysetpos: Any) -> list[dt.datetime]:
    """The period's occurrences, BYSETPOS applied, sorted (as dateutil's walk yields them)."""
    kept = [x for x in days if x is not None]
    if bysetpos and timeset:
        chosen: list[dt.datetime] = []
        for pos in bysetpos:
            daypos, timepos = divmod(pos if pos < 0 else pos - 1, len(timeset))
            try:
                i = kept[daypos]
                time = timeset[timepos]
            except IndexError:
                continue
            res = dt.datetime.combine(dt.date.fromordinal(ii.yearordinal + i), time)
            if res not in chosen:
                chosen.append(res)
        return sorted(chosen)
    return [
        dt.datetime.combine(dt.date.fromordinal(ii.yearordinal + i), time)
        for i in kept
        for time in timeset
    ]


def _next_period(
    ii: Any, freq: int, interval: int, wkst: int, year: int, month: int, day: int, weekday: int
) -> tuple[int, int, int, int]:
    """The next period's (year, month, day, weekday), masks rebuilt as dateutil does."""
    fixday = False
    if freq == YEARLY:
        year += interval
        if year <= dt.MAXYEAR:
            ii.rebuild(year, month)
        return year, month, day, weekday
    if freq == MONTHLY:
        month += interval
        if month > 12:
            div, mod = divmod(month, 12)
            month, year = mod, year + div
            if month == 0:
                month, year = 12, year - 1
        if year <= dt.MAXYEAR:
            ii.rebuild(year, month)
        return year, month, day, weekday
    if freq == WEEKLY:
        if wkst > weekday:
            day += -(weekday + 1 + (6 - wkst)) + interval * 7
        else:
            day += -(weekday - wkst) + interval * 7
        weekday = wkst
        fixday = True
    else:  # DAILY
        day += interval
        fixday = True
    if fixday and day > 28:
        days_in_month = calendar.monthrange(year, month)[1]
        if day > days_in_month:
            while day > days_in_month:
                day -= days_in_month
                month += 1
                if month == 13:
                    month, year = 1, year + 1
                    if year > dt.MAXYEAR:
                        return year, month, day, weekday
                days_in_month = calendar.monthrange(year, month)[1]
            ii.rebuild(year, month)
    if freq == DAILY:
        weekday = dt.date(year, month, day).weekday()
    return year, month, day, weekday
