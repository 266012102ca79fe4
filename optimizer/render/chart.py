"""The weekly volume chart: running and strength time per week, stacked, as inline SVG.

Drawn here from numbers alone (no plotting library, no fonts to embed): one stacked bar per
week, hours on the y axis, each bar with a ``<title>`` that says its numbers, and the same
numbers as a table beside it for screen readers and print.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from optimizer.render.html import esc
from optimizer.render.view import WeekView

_W, _H = 720, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 8, 12, 28


def hours(minutes: int) -> str:
    """``"5 h 20 min"``, ``"45 min"``, ``"0 min"``."""
    h, m = divmod(int(minutes), 60)
    if h and m:
        return f"{h} h {m} min"
    return f"{h} h" if h else f"{m} min"


def _step(top_hours: float) -> int:
    """Grid spacing in hours: 1, 2, 5, 10, ... so there are at most 6 lines."""
    for step in (1, 2, 5, 10, 20, 50):
        if top_hours / step <= 6:
            return step
    return 100


def volume_chart(weeks: Sequence[WeekView]) -> str:
    """The chart as an ``<svg>`` element (``role="img"``, titled and described)."""
    top_minutes = max([w.run_minutes + w.strength_minutes for w in weeks] + [60])
    step = _step(top_minutes / 60)
    top_hours = max(step, math.ceil(top_minutes / 60 / step) * step)
    plot_h = _H - _TOP - _BOTTOM
    plot_w = _W - _LEFT - _RIGHT

    def y(minutes: float) -> float:
        return _TOP + plot_h - plot_h * minutes / (top_hours * 60)

    out = [
        f'<svg class="chart" viewBox="0 0 {_W} {_H}" role="img" '
        'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Training time per week</title>',
        '<desc id="chart-desc">Stacked bars: running (blue) and strength (orange) hours in '
        "each plan week. The table below gives the same numbers.</desc>",
    ]
    for h in range(0, top_hours + 1, step):
        yy = f"{y(h * 60):.1f}"
        out.append(f'<line class="grid" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{yy}" y2="{yy}"/>')
        out.append(f'<text x="{_LEFT - 6}" y="{yy}" text-anchor="end" dy="4">{h} h</text>')
    n = max(1, len(weeks))
    slot = plot_w / n
    bar = max(2.0, min(28.0, slot * 0.7))
    label_every = max(1, math.ceil(n / 26))
    for i, w in enumerate(weeks):
        x = _LEFT + slot * i + (slot - bar) / 2
        run_top, total_top = y(w.run_minutes), y(w.run_minutes + w.strength_minutes)
        base = y(0)
        tip = esc(
            f"Week {w.number}: running {hours(w.run_minutes)} ({w.runs} runs), strength "
            f"{hours(w.strength_minutes)} ({w.sessions} sessions, {w.sets} sets)"
        )
        out.append(f"<g><title>{tip}</title>")
        out.append(
            f'<rect class="bar-run" x="{x:.1f}" y="{run_top:.1f}" width="{bar:.1f}" '
            f'height="{base - run_top:.1f}"/>'
        )
        out.append(
            f'<rect class="bar-strength" x="{x:.1f}" y="{total_top:.1f}" width="{bar:.1f}" '
            f'height="{run_top - total_top:.1f}"/>'
        )
        out.append("</g>")
        if i % label_every == 0:
            cx = x + bar / 2
            out.append(
                f'<text x="{cx:.1f}" y="{_H - _BOTTOM + 16}" text-anchor="middle">{w.number}</text>'
            )
    out.append(
        f'<text x="{_LEFT + plot_w / 2:.1f}" y="{_H - 2}" text-anchor="middle">plan week</text>'
    )
    out.append("</svg>")
    return "\n".join(out)


def volume_table(weeks: Sequence[WeekView]) -> str:
    """The chart's numbers as a table."""
    rows = [
        "<table>",
        '<caption class="visually-hidden">Training time per week</caption>',
        '<thead><tr><th scope="col">Week</th><th scope="col">Running</th>'
        '<th scope="col">Runs</th><th scope="col">Strength</th>'
        '<th scope="col">Sessions</th><th scope="col">Sets</th></tr></thead>',
        "<tbody>",
    ]
    for w in weeks:
        rows.append(
            f'<tr><th scope="row">{w.number} ({w.monday:%d %b})</th>'
            f"<td>{hours(w.run_minutes)}</td><td>{w.runs}</td>"
            f"<td>{hours(w.strength_minutes)}</td><td>{w.sessions}</td><td>{w.sets}</td></tr>"
        )
    rows += ["</tbody>", "</table>"]
    return "\n".join(rows)
