"""The plan page: a self-contained, printable, week-by-week calendar of runs and sessions.

One HTML file with its stylesheet inline and nothing to fetch: it works from a file, offline,
on a phone (one column) and on a desk (seven), and prints on paper with every workout open.
Each session is a ``<details>`` element: a keyboard opens it with Tab and Enter, with no
script at all. The only script opens every session before printing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from optimizer.render.chart import volume_chart, volume_table
from optimizer.render.html import PRINT_SCRIPT, document, esc
from optimizer.render.view import ExerciseView, PlanView, RunView, SessionView, WorkoutView

KIND_LABELS = {
    "long": "Long run",
    "hard": "Hard run",
    "easy": "Easy run",
    "race": "Race",
    "other": "Other",
    "strength": "Strength",
}
_INTENSITY = {
    "intro": "intro week",
    "build": "build week",
    "deload": "deload week",
    "taper": "taper",
    "post-race": "after the race",
}


@dataclass(frozen=True)
class PageLinks:
    """Where the page's links point (relative or absolute; None leaves a link out).

    Attributes:
        calendar: the strength calendar (.ics file or feed).
        subscribe: the page to subscribe from.
        fit_base: what each session's FIT file name is appended to.
    """

    calendar: str | None = None
    subscribe: str | None = None
    fit_base: str | None = None

    def fit(self, name: str | None) -> str | None:
        return None if name is None or self.fit_base is None else self.fit_base + name


def render_page(view: PlanView, links: PageLinks | None = None) -> bytes:
    """The plan page's bytes (UTF-8). The same view and links give the same bytes."""
    links = links or PageLinks()
    weeks = view.summary_of_weeks()
    body = ['<main id="top">', *_header(view, links)]
    body += [
        '<section class="card" aria-labelledby="volume">',
        '<h2 id="volume">Weekly volume</h2>',
        volume_chart(weeks),
        "<details><summary>The same as a table</summary>",
        volume_table(weeks),
        "</details>",
        "</section>",
    ]
    for w in weeks:
        body += _week(view, w.number - 1, w.intensities, links)
    body += [
        "<footer>",
        "<p>Planned by legday around your running calendar. This page is one file: it works "
        "offline and loads nothing from the network.</p>",
        "</footer>",
        "</main>",
    ]
    return document(f"Strength plan: {view.name}", body, script=PRINT_SCRIPT)


def _header(view: PlanView, links: PageLinks) -> list[str]:
    last = view.end - dt.timedelta(days=1)
    n = len(view.sessions)
    out = [
        "<header>",
        f"<h1>Strength plan: {esc(view.name)}</h1>",
        f'<p class="lede">{view.weeks} weeks, {_date(view.start)} to {_date(last)}: '
        f"{n} strength session{'s' if n != 1 else ''} around your runs. "
        f"Times are in {esc(view.tz)}.</p>",
    ]
    nav = []
    if links.subscribe:
        nav.append(f'<li><a href="{esc(links.subscribe)}">Subscribe in your calendar app</a></li>')
    if links.calendar:
        nav.append(f'<li><a href="{esc(links.calendar)}">Calendar file (.ics)</a></li>')
    if nav:
        out += ['<nav aria-label="Plan links" class="noprint">', '<ul class="links">', *nav]
        out += ["</ul>", "</nav>"]
    out.append('<ul class="legend" aria-label="Colours">')
    out += [f'<li class="k-{k}">{label}</li>' for k, label in KIND_LABELS.items()]
    out += ["</ul>", "</header>"]
    return out


def _week(view: PlanView, w: int, intensities: tuple[str, ...], links: PageLinks) -> list[str]:
    monday = view.start + dt.timedelta(weeks=w)
    sunday = monday + dt.timedelta(days=6)
    tags = [_INTENSITY.get(i, i) for i in intensities]
    if any(r.kind == "race" and view.week_of(r.day) == w for r in view.runs):
        tags.insert(0, "race week")
    tag_html = "".join(f' <span class="tag">{esc(t)}</span>' for t in tags)
    out = [
        f'<section class="card week" aria-labelledby="week-{w + 1}">',
        f'<h2 id="week-{w + 1}">Week {w + 1} '
        f'<span class="week-dates">{_date(monday, year=False)} to {_date(sunday)}</span>'
        f"{tag_html}</h2>",
        '<ol class="days">',
    ]
    for k in range(7):
        day = monday + dt.timedelta(days=k)
        items = list(_day_items(view, day, links))
        out.append(f'<li class="day{"" if items else " empty"}">')
        out.append(f"<h3>{day:%a} {day.day} {day:%b}</h3>")
        if items:
            out += ['<ul class="items">', *items, "</ul>"]
        else:
            out.append('<p class="day-empty">Nothing planned</p>')
        out.append("</li>")
    out += ["</ol>", "</section>"]
    return out


def _day_items(view: PlanView, day: dt.date, links: PageLinks) -> Iterator[str]:
    runs = [r for r in view.runs if r.day == day]
    sessions = [s for s in view.sessions if s.day == day]
    entries: list[tuple[tuple, str]] = []
    for r in runs:
        entries.append(((not r.all_day, r.start, 0), _run(r)))
    for s in sessions:
        entries.append(((True, s.start, 1), _session(s, links.fit(s.fit_name))))
    if day in view.away:
        yield (
            '<li class="item away k-other"><span class="kind">Away</span>'
            '<span class="time">all day</span> <span class="title">no strength</span></li>'
        )
    for _, html_text in sorted(entries, key=lambda e: e[0]):
        yield html_text


def _run(r: RunView) -> str:
    label = KIND_LABELS.get(r.kind, r.kind)
    if r.kind == "race" and r.priority:
        label += " (goal)" if r.priority == "goal" else f" ({r.priority})"
    when = "all day" if r.all_day else f"{r.start:%H:%M}\u2013{r.end:%H:%M}"
    kind = r.kind if r.kind in KIND_LABELS else "other"
    return (
        f'<li class="item run k-{kind}" data-kind="{esc(r.kind)}">'
        f'<span class="kind">{esc(label)}</span>'
        f'<span class="time">{when}</span> <span class="title">{esc(r.title)}</span></li>'
    )


def _session(s: SessionView, fit: str | None = None) -> str:
    anchor = f"session-{s.start:%Y-%m-%d-%H%M}"
    out = [
        f'<li class="item k-strength" id="{anchor}">',
        f'<details class="session" data-uid="{esc(s.uid)}" data-start="{s.start.isoformat()}">',
        f'<summary><span class="kind">Strength</span><span class="time">'
        f"{s.start:%H:%M}\u2013{s.end:%H:%M}</span> "
        f'<span class="title">{esc(s.summary or f"Strength, {s.minutes} min")}</span></summary>',
    ]
    if s.workout is not None:
        out += _workout(s.workout)
    elif s.description:
        out.append(f'<p class="plain">{esc(s.description)}</p>')
    if s.reasons:
        out.append("<h4>Why this day and time</h4>")
        out.append('<ul class="reasons">')
        out += [f"<li>{esc(r)}</li>" for r in s.reasons]
        out.append("</ul>")
    if fit:
        out.append(
            f'<p class="noprint"><a class="fit" href="{esc(fit)}" download>'
            "Workout for your watch (Garmin .fit)</a></p>"
        )
    out += ["</details>", "</li>"]
    return "\n".join(out)


def _workout(wo: WorkoutView) -> list[str]:
    """What the session's calendar text says, from the same workout: warm-up, exercises,
    the time line, the effort, the week and the day's note."""
    out = ["<h4>Workout</h4>"]
    if wo.warmup:
        out.append(f'<p class="warmup">{esc(wo.warmup)}</p>')
    out.append('<ol class="exercises">')
    out += [_exercise(e) for e in wo.exercises]
    out.append("</ol>")
    for css, text in (("time", wo.time), ("effort", wo.effort), ("week", wo.week)):
        if text:
            out.append(f'<p class="{css}">{esc(text)}</p>')
    if wo.note:
        out.append(f'<p class="note"><strong>{esc(wo.note)}</strong></p>')
    return out


def _exercise(e: ExerciseView) -> str:
    swaps = " ".join(
        f"{label}: {esc(name)}."
        for label, name in (("Easier", e.easier), ("Harder", e.harder))
        if name
    )
    return "".join(
        [
            f'<li data-exercise="{esc(e.key)}"><strong>{esc(e.name)}</strong>: ',
            f'<span class="dose">{esc(e.dose)}</span>, rest {e.rest_seconds} s, ',
            f'<span class="load">{esc(e.load)}</span>',
            f'<p class="howto">{esc(" ".join(e.how_to))}</p>' if e.how_to else "",
            f'<p class="swaps">{swaps}</p>' if swaps else "",
            "</li>",
        ]
    )


def _date(day: dt.date, *, year: bool = True) -> str:
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if year else "")
