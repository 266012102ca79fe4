"""The plan page in a real headless Chromium, opened from a file as a runner would.

It renders with every session, a click or the keyboard opens a session's workout, it passes
axe-core's WCAG 2.1 A/AA rules (contrast, labels, headings, lang), it fits a phone, it prints
with every workout open, it fetches nothing, and a hostile calendar title runs nothing.
"""

from __future__ import annotations

import base64

import pytest
from axe_playwright_python.sync_playwright import Axe

from optimizer.calendar.export import to_ical
from optimizer.render.outputs import write_page_and_watch
from optimizer.render.view import plan_view
from tests.render_support import HOSTILE, plan_file

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _write(outcome, folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "s.ics").write_bytes(to_ical(outcome.problem, outcome.sessions))
    write_page_and_watch(
        outcome,
        calendar=str(folder / "s.ics"),
        page=str(folder / "p.html"),
        fit_dir=str(folder / "fit"),
    )
    return (folder / "p.html").as_uri()


@pytest.fixture(scope="module")
def marathon(planned, tmp_path_factory):
    outcome = planned("marathon_google")
    return outcome, plan_view(outcome), _write(outcome, tmp_path_factory.mktemp("page"))


def ink(browser, png: bytes) -> tuple[int, float]:
    """(distinct colours, share of pixels darker than near-white) of a PNG, read by Chromium."""
    page = browser.new_page()
    try:
        return tuple(
            page.evaluate(
                """async (b64) => {
                const img = new Image(); img.src = "data:image/png;base64," + b64;
                await img.decode();
                const c = document.createElement("canvas");
                c.width = img.width; c.height = img.height;
                const g = c.getContext("2d"); g.drawImage(img, 0, 0);
                const d = g.getImageData(0, 0, c.width, c.height).data;
                const colours = new Set(); let dark = 0;
                for (let i = 0; i < d.length; i += 4) {
                    colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
                    if (d[i] + d[i + 1] + d[i + 2] < 600) dark++;
                }
                return [colours.size, dark / (d.length / 4)];
            }""",
                base64.b64encode(png).decode(),
            )
        )
    finally:
        page.close()


def test_renders_every_session_and_fetches_nothing(marathon, open_page, browser):
    outcome, view, url = marathon
    w = open_page(url)
    page = w.page
    sessions = page.locator("details.session")
    assert sessions.count() == len(outcome.sessions)
    uids = sessions.evaluate_all("els => els.map(e => e.dataset.uid)")
    assert uids == [s.uid for s in outcome.sessions]
    for i, s in enumerate(view.sessions):
        summary = sessions.nth(i).locator("summary")
        assert summary.is_visible()
        assert s.summary in summary.inner_text()
    assert page.locator("li.run").count() == len(view.runs)
    assert page.locator("svg.chart rect.bar-run").count() == view.weeks
    assert all(u.startswith("file://") for u in w.requests), w.requests
    assert w.errors == [] and w.dialogs == []
    colours, dark = ink(browser, page.screenshot(full_page=False))
    assert colours > 20 and dark > 0.03, (colours, dark)


def test_a_click_opens_the_workout(marathon, open_page):
    _, view, url = marathon
    page = open_page(url).page
    details = page.locator("details.session").nth(3)
    exercises = details.locator("ol.exercises > li")
    assert not exercises.first.is_visible()
    details.locator("summary").click()
    assert details.evaluate("d => d.open")
    names = [e.name for e in view.sessions[3].workout.exercises]
    assert exercises.count() == len(names)
    assert all(exercises.nth(i).is_visible() for i in range(len(names)))
    assert [exercises.nth(i).locator("strong").inner_text() for i in range(len(names))] == names
    fit = details.locator("a.fit")
    assert fit.is_visible() and fit.get_attribute("href") == f"fit/{view.sessions[3].fit_name}"
    assert details.locator("ul.reasons li").count() == len(view.sessions[3].reasons)


def test_every_session_is_reached_with_tab_and_opened_with_enter(marathon, open_page):
    outcome, _, url = marathon
    page = open_page(url).page
    reached = []
    for _ in range(400):
        page.keyboard.press("Tab")
        uid = page.evaluate(
            "() => document.activeElement.tagName === 'SUMMARY' ? "
            "document.activeElement.parentElement.dataset.uid : null"
        )
        if uid:
            reached.append(uid)
            if len(reached) == len(outcome.sessions):
                break
    assert reached == [s.uid for s in outcome.sessions]  # all of them, in date order
    focused = page.evaluate_handle("() => document.activeElement")
    outline = page.evaluate("e => getComputedStyle(e).outlineStyle", focused)
    assert outline != "none"  # where the keyboard is, is visible
    page.keyboard.press("Enter")
    assert page.evaluate("e => e.parentElement.open", focused)
    last = page.locator("details.session").last.locator("ol.exercises > li").first
    assert last.is_visible()
    page.keyboard.press("Enter")
    assert not page.evaluate("e => e.parentElement.open", focused)


def test_accessibility_rules_pass_closed_and_open(marathon, open_page):
    _, _, url = marathon
    page = open_page(url).page
    assert page.evaluate("() => document.documentElement.lang") == "en"
    axe = Axe()
    closed = axe.run(page, options=WCAG)
    assert closed.violations_count == 0, closed.generate_report()
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    opened = axe.run(page, options=WCAG)
    assert opened.violations_count == 0, opened.generate_report()


def test_fits_a_phone(marathon, open_page, browser):
    _, view, url = marathon
    page = open_page(url, width=390, height=844, is_mobile=True, has_touch=True).page
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    # A phone shows a list, not seven squeezed columns: days without anything are left out.
    first = page.locator("ol.days").first
    columns = first.evaluate("e => getComputedStyle(e).gridTemplateColumns.split(' ').length")
    assert columns == 1
    assert page.locator("li.day.empty").first.is_hidden()
    colours, dark = ink(browser, page.screenshot())
    assert colours > 10 and dark > 0.03


def test_prints_with_every_workout_open(marathon, open_page):
    _, _, url = marathon
    page = open_page(url).page
    page.emulate_media(media="print")
    # CSS alone (::details-content) shows a closed session's workout on paper...
    first = page.locator("details.session").first
    assert not first.evaluate("d => d.open")
    assert first.locator("ol.exercises > li").first.is_visible()
    assert page.locator("nav").first.is_hidden()
    # ...and the page's one script opens them all before printing, where CSS cannot.
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details.session:not([open])").count() == 0
    assert len(page.pdf()) > 10_000


def test_a_hostile_title_is_shown_as_text_and_runs_nothing(tmp_path, open_page):
    outcome = plan_file(HOSTILE)
    w = open_page(_write(outcome, tmp_path))
    page = w.page
    assert w.dialogs == [] and w.errors == []
    assert all(u.startswith("file://") for u in w.requests), w.requests
    titles = page.locator("li.run .title").all_inner_texts()
    assert "Intervals 6x800m <script>alert('xss')</script>" in titles
    assert "Easy run 8 km <img src=x onerror=alert(1)>" in titles
    assert page.locator("img, iframe").count() == 0
    assert page.locator("script").count() == 1
    assert page.title().startswith('Strength plan: Plan <b>bold</b> & "quoted"')
