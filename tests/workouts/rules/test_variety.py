"""variety: at least 10 (12 with equipment) different exercises in any 4 weeks."""

from __future__ import annotations

from optimizer.workouts.rules.variety import windows
from tests.workouts.support import broken, hand, keys, planned, session

# Four weeks, two 20-minute sessions each, never on the same weekday twice in a row.
DAYS = (0, 3, 8, 12, 14, 17, 22, 26)
CONTEXTS = tuple(session(7 * 4 + d, 20) for d in DAYS)


def test_a_planned_month_is_varied() -> None:
    plan = planned(CONTEXTS)
    assert len({k for w in plan for k in keys(w)}) >= 12
    assert "variety" not in broken(CONTEXTS, plan)


def test_two_sessions_over_and_over_are_refused() -> None:
    first, second = planned(CONTEXTS)[:2]
    a, b = keys(first), keys(second)
    assert len(set(a) | set(b)) < 12
    repeated = [hand(c, a if i % 2 == 0 else b) for i, c in enumerate(CONTEXTS)]
    assert "variety" in broken(CONTEXTS, repeated)


def test_windows_ask_less_where_weeks_hold_few_sessions() -> None:
    found = windows([0, 1, 2, 3, 4], {0: 3, 1: 1, 2: 0, 3: 1, 4: 1}, target=12, pool=40)
    assert [(w.first, w.last, w.required) for w in found] == [(0, 3, 12), (1, 4, 3 * 3)]
    assert windows([0, 1], {0: 1, 1: 1}, 10, 40)[0].required == 6
    assert windows([0, 1, 2, 3], {0: 9}, 12, 9)[0].required == 9  # a small pool
