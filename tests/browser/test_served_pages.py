"""The pages as `legday serve` serves them, in Chromium: the server's CSP lets the pages' own
script run and nothing else, the subscribe buttons carry the right links, Copy copies."""

from __future__ import annotations

import urllib.parse

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_plan_page import WCAG, ink
from tests.serve_support import LiveServer, SourceServer, runs_calendar, write_config


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    source = SourceServer().start()
    source.set("/ana.ics", runs_calendar())
    folder = tmp_path_factory.mktemp("served")
    config = write_config(
        folder,
        [f'name = "Ana"\nruns = ["{source.base}/ana.ics"]\ntz = "Europe/Berlin"'],
        poll_seconds=3600,
    )
    server = LiveServer(config).start()
    server.refresh()
    yield server
    server.stop()
    source.stop()


def test_subscribe_page_buttons_copy_and_qr(live, open_page, browser):
    feed = live.feed_url("Ana")
    root = feed.removesuffix(".ics")
    w = open_page(f"{root}/subscribe.html", width=800, height=1000)
    page = w.page
    hrefs = {
        a.get_attribute("data-app"): a.get_attribute("href") for a in page.locator("a.button").all()
    }
    webcal = "webcal://" + feed.removeprefix("http://")
    assert hrefs["apple"] == webcal
    assert hrefs["google"] == (
        "https://calendar.google.com/calendar/r?cid=" + urllib.parse.quote(webcal, safe="")
    )
    query = urllib.parse.urlencode({"url": feed, "name": "Strength training (Ana)"})
    assert hrefs["outlook"] == f"https://outlook.live.com/calendar/0/addfromweb?{query}"
    assert hrefs["office"] == f"https://outlook.office.com/calendar/0/addfromweb?{query}"
    assert all(page.locator("a.button").nth(i).is_visible() for i in range(4))
    # The Copy button is shown by the page's script: the server's CSP let it run.
    copy = page.get_by_role("button", name="Copy")
    assert copy.is_visible()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy.click()
    page.wait_for_function(
        "() => document.querySelector('button[data-copy]').textContent === 'Copied'"
    )
    assert page.evaluate("() => navigator.clipboard.readText()") == feed
    assert page.get_by_label("Calendar address for any other app").input_value() == feed
    qr = page.locator("svg.qr")
    box = qr.bounding_box()
    assert box and box["width"] >= 150 and box["width"] == pytest.approx(box["height"])
    colours, dark = ink(browser, qr.screenshot())
    assert dark > 0.25  # a QR code is about half dark modules
    assert w.errors == [], w.errors  # no CSP violation, no script error
    assert all(u.startswith(live.base) for u in w.requests)
    result = Axe().run(page, options=WCAG)
    assert result.violations_count == 0, result.generate_report()
    page.get_by_role("link", name="See the plan week by week").click()
    page.wait_for_load_state()
    assert page.url == f"{root}.html"


def test_served_plan_page_runs_under_the_servers_csp(live, open_page):
    root = live.feed_url("Ana").removesuffix(".ics")
    w = open_page(f"{root}.html")
    page = w.page
    sessions = page.locator("details.session")
    assert sessions.count() == live.store.feed("Ana").sessions
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")  # the inline script runs
    assert page.locator("details.session:not([open])").count() == 0
    assert w.errors == [], w.errors
    with page.expect_download() as download:
        sessions.first.locator("a.fit").click()
    assert download.value.suggested_filename.startswith("legday-")
    page.get_by_role("link", name="Subscribe in your calendar app").click()
    page.wait_for_load_state()
    assert page.url == f"{root}/subscribe.html"
