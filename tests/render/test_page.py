"""The plan page as bytes: complete, escaped, self-contained, the same every time."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from optimizer.render.html import PRINT_SCRIPT, STYLE, csp
from optimizer.render.page import PageLinks, render_page
from optimizer.render.view import plan_view
from tests.render_support import HOSTILE, HOSTILE_BITS, plan_file, read_html


@pytest.fixture(scope="module")
def marathon(planned):
    outcome = planned("marathon_google")
    view = plan_view(outcome)
    page = render_page(view, PageLinks(calendar="s.ics", fit_base="fit/"))
    return outcome, view, page


def test_every_session_and_run_is_on_the_page(marathon):
    outcome, view, page = marathon
    doc = read_html(page)
    shown = doc.find_all("details", class_="session")
    assert [d.attrs["data-uid"] for d in shown] == [s.uid for s in outcome.sessions]
    assert [d.attrs["data-start"] for d in shown] == [s.start.isoformat() for s in view.sessions]
    for d, s in zip(shown, view.sessions, strict=True):
        text = d.all_text()
        assert s.summary in text and f"{s.start:%H:%M}" in text
        assert [
            li.attrs["data-exercise"] for li in d.find_all("li") if "data-exercise" in li.attrs
        ] == [e.key for e in s.workout.exercises]
        assert all(r in text for r in s.reasons)
        assert [a.attrs["href"] for a in d.find_all("a", class_="fit")] == [f"fit/{s.fit_name}"]
    runs = doc.find_all("li", class_="run")
    assert len(runs) == len(view.runs)
    assert {r.attrs["data-kind"] for r in runs} == {r.kind for r in view.runs}
    assert len(doc.find_all("section", class_="week")) == view.weeks


def test_races_are_marked_and_kinds_coloured(marathon):
    _, _, page = marathon
    doc = read_html(page)
    races = doc.find_all("li", class_="k-race")
    assert races and all("Race" in r.all_text() for r in races)
    assert "race week" in page.decode()
    for kind in ("long", "hard", "easy", "race", "strength"):
        assert f".k-{kind}{{--c:var(--{kind})}}" in STYLE


def test_page_is_one_file_that_needs_no_network(marathon):
    _, _, page = marathon
    text = page.decode()
    assert re.search(r"""\b(src|srcset|action|poster|data)\s*=""", text) is None
    assert "@import" not in text and "url(" not in text
    doc = read_html(page)
    hrefs = [a.attrs["href"] for a in doc.find_all("a")]
    assert hrefs and all(not re.match(r"^[a-z]+:", h) for h in hrefs)  # relative: s.ics, fit/
    assert doc.find_all("link") == []
    html_el = doc.find_all("html")[0]
    assert html_el.attrs["lang"] == "en"
    assert doc.find_all("meta", name="viewport")


def test_csp_allows_exactly_the_inline_style_and_script(marathon):
    _, _, page = marathon
    doc = read_html(page)
    (meta,) = doc.find_all("meta", **{"http-equiv": "Content-Security-Policy"})
    policy = meta.attrs["content"]
    assert policy == csp(PRINT_SCRIPT)
    assert "default-src 'none'" in policy
    (style,) = doc.find_all("style")
    (script,) = doc.find_all("script")

    def sha(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"style-src 'sha256-{sha(style.text)}'" in policy
    assert f"script-src 'sha256-{sha(script.text)}'" in policy


def test_headings_in_order_and_print_css(marathon):
    _, view, page = marathon
    doc = read_html(page)
    assert len(doc.find_all("h1")) == 1
    assert len(doc.find_all("h2")) == view.weeks + 1  # the chart, then each week
    assert len(doc.find_all("h3")) == view.weeks * 7
    assert "@media print" in STYLE and "details::details-content" in STYLE


def test_chart_has_a_bar_per_week_and_a_table(marathon):
    _, view, page = marathon
    doc = read_html(page)
    (svg,) = doc.find_all("svg", class_="chart")
    assert svg.attrs["role"] == "img"
    assert len(svg.find_all("rect", class_="bar-run")) == view.weeks
    assert len(svg.find_all("rect", class_="bar-strength")) == view.weeks
    assert len(doc.find_all("table")[0].find_all("tr")) == view.weeks + 1


def test_same_plan_same_bytes(planned, marathon):
    _, _, page = marathon
    again = render_page(plan_view(planned("marathon_google")), PageLinks("s.ics", None, "fit/"))
    assert again == page


def test_hostile_calendar_titles_are_text_not_markup():
    """Calendar titles are untrusted: a title with a script tag, an event handler or a
    broken-out attribute shows as text and adds no element."""
    outcome = plan_file(HOSTILE)
    view = plan_view(outcome)
    page = render_page(view, PageLinks(calendar="x.ics"))
    text = page.decode()
    for bit in HOSTILE_BITS:
        assert bit not in text
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in text
    doc = read_html(page)
    assert len(doc.find_all("script")) == 1  # only the page's own
    assert doc.find_all("img") == [] and doc.find_all("iframe") == []
    assert all(not k.startswith("on") for el in doc.find_all() for k in el.attrs)
    titles = [t.all_text() for t in doc.find_all("span", class_="title")]
    assert "Intervals 6x800m <script>alert('xss')</script>" in titles
    assert view.name.startswith("Plan <b>bold</b>")
    title = "Plan &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"
    assert f"<title>Strength plan: {title}</title>" in text


def test_each_session_shows_what_its_calendar_text_says(marathon):
    """The page is made from the same workout as the session's calendar text: every line of
    that text (warm-up, each exercise's dose, rest and load, how-to, swaps, the time line, the
    effort, the week and the day's note) is on the page, in the same order."""
    outcome, _, page = marathon
    doc = read_html(page)
    shown = doc.find_all("details", class_="session")
    notes = 0
    for d, s, wo in zip(shown, outcome.sessions, outcome.workouts, strict=True):
        text = " ".join(d.all_text().split())
        at = 0
        for line in wo.description().splitlines():
            line = re.sub(r"^\d+\. ", "", line.strip())
            found = text.find(line, at)
            assert found >= 0, (s.uid, line)
            at = found + len(line)
        assert wo.description() in s.description
        notes += bool(wo.note)
        (time,) = d.find_all("p", class_="time")
        assert time.all_text() == wo.time_text()
    assert notes  # the sample plan has days with a note (after a hard run, ...)


def test_a_one_sided_exercise_says_each_side_and_a_hold_its_seconds(marathon):
    _, view, page = marathon
    doc = read_html(page)
    doses = {
        li.attrs["data-exercise"]: li.find_all("span", class_="dose")[0].all_text()
        for li in doc.find_all("li")
        if "data-exercise" in li.attrs
    }
    assert re.fullmatch(r"\d x \d+ each side", doses["split_squat"])
    assert re.fullmatch(r"\d x \d+ s hold each side", doses["side_plank"])
    assert re.fullmatch(r"\d x \d+ s hold", doses["plank"])


def test_days_away_are_on_the_page_without_what_took_them(planned):
    """A day away all day (a trip in the busy calendar) says so on its day, "no strength",
    and never names the busy event: the page may be shared with a coach."""
    outcome = planned("marathon_google+work")
    view = plan_view(outcome)
    away = [b for b in outcome.problem.busy if b.away]
    assert away and view.away
    doc = read_html(render_page(view))
    shown = doc.find_all("li", class_="away")
    assert len(shown) == len(view.away)
    text = render_page(view).decode()
    assert all(b.summary not in text for b in away)
    assert not any(s.day in view.away for s in view.sessions)
