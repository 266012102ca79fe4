"""The plan page, the subscribe page and the watch files at the feed's capability URL.

Real uvicorn on loopback and a real source server: the same token rules as the feed (a wrong,
revoked or malformed token is a bare 404; the same per-feed rate limit), and after a re-plan
the feed, the page and its FIT links still name the same sessions.
"""

from __future__ import annotations

import secrets
import sqlite3
import urllib.parse

import httpx
import pytest
from click.testing import CliRunner

from optimizer.cli.serve import token as token_cli
from tests.render_support import fit_exercises, read_fit, read_html
from tests.serve_support import LiveServer, SourceServer, runs_calendar, write_config


@pytest.fixture
def source():
    server = SourceServer().start()
    server.set("/ana.ics", runs_calendar())
    server.set("/ben.ics", runs_calendar(weeks=2))
    yield server
    server.stop()


def _live(tmp_path, source, **server) -> LiveServer:
    config = write_config(
        tmp_path,
        [
            f'name = "Ana"\nruns = ["{source.base}/ana.ics"]\ntz = "Europe/Berlin"',
            f'name = "Ben"\nruns = ["{source.base}/ben.ics"]\ntz = "Europe/Berlin"',
        ],
        poll_seconds=3600,
        server=server,
    )
    live = LiveServer(config).start()
    report = live.refresh()
    assert all(a["state"] == "ok" for a in report["athletes"])
    return live


@pytest.fixture
def live(tmp_path, source):
    server = _live(tmp_path, source)
    yield server
    server.stop()


def _get(url: str, **headers: str) -> httpx.Response:
    return httpx.get(url, headers=headers, timeout=30)


def _feed_sessions(body: bytes) -> list[tuple[str, str]]:
    import icalendar

    cal = icalendar.Calendar.from_ical(body)
    return sorted(
        (str(e["uid"]), e.decoded("dtstart").isoformat())
        for e in cal.walk("VEVENT")
        if str(e.get("status")) == "CONFIRMED"
    )


def _page_sessions(body: bytes) -> tuple[list[tuple[str, str]], list[str]]:
    doc = read_html(body)
    shown = doc.find_all("details", class_="session")
    fits = [a.attrs["href"] for d in shown for a in d.find_all("a", class_="fit")]
    return sorted((d.attrs["data-uid"], d.attrs["data-start"]) for d in shown), fits


def _check_agree(live: LiveServer, name: str) -> list[str]:
    """The feed, the page and the FIT files name the same sessions; returns the FIT URLs."""
    root = live.feed_url(name).removesuffix(".ics")
    feed = _get(f"{root}.ics")
    page = _get(f"{root}.html")
    assert feed.status_code == page.status_code == 200
    sessions, fits = _page_sessions(page.content)
    assert sessions == _feed_sessions(feed.content) and sessions
    assert len(fits) == len(sessions)
    token = root.rsplit("/", 1)[1]
    urls = []
    for href in fits:
        assert href.startswith(f"{token}/fit/legday-")
        url = urllib.parse.urljoin(f"{root}.html", href)
        r = _get(url)
        assert r.status_code == 200 and r.headers["content-type"] == "application/vnd.ant.fit"
        assert fit_exercises(read_fit(r.content))
        urls.append(url)
    return urls


def test_page_subscribe_page_and_fit_files_are_served(live):
    root = live.feed_url("Ana").removesuffix(".ics")
    page = _get(f"{root}.html")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"].startswith("private")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "style-src 'sha256-" in policy and "unsafe-inline" not in policy
    assert page.headers["referrer-policy"] == "no-referrer"
    again = _get(f"{root}.html", **{"if-none-match": page.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    head = httpx.head(f"{root}.html", timeout=30)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == page.headers["etag"]
    _check_agree(live, "Ana")

    sub = _get(f"{root}/subscribe.html")
    assert sub.status_code == 200
    doc = read_html(sub.content)
    apps = {a.attrs["data-app"]: a.attrs["href"] for a in doc.find_all("a", class_="button")}
    assert apps["apple"] == "webcal://" + live.feed_url("Ana").removeprefix("http://")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(apps["google"]).query) == {
        "cid": [apps["apple"]]
    }
    outlook = urllib.parse.parse_qs(urllib.parse.urlsplit(apps["outlook"]).query)
    assert outlook == {"url": [live.feed_url("Ana")], "name": ["Strength training (Ana)"]}
    assert doc.find_all("input", id="feed-url")[0].attrs["value"] == live.feed_url("Ana")
    assert "script-src 'sha256-" in sub.headers["content-security-policy"]


def test_wrong_tokens_and_path_tricks_get_a_bare_404(live):
    token = live.tokens["Ana"]
    fit_name = _check_agree(live, "Ana")[0].rsplit("/", 1)[1]
    wrong = secrets.token_urlsafe(32)
    targets = [
        f"/feeds/{wrong}.html",
        f"/feeds/{wrong}/subscribe.html",
        f"/feeds/{wrong}/fit/{fit_name}",
        f"/feeds/{token}/fit/legday-2000-01-01-0700.fit",  # no such session
        f"/feeds/{token}/fit/{fit_name}.ics",
        f"/feeds/{token}/fit/../../legday.db",
        f"/feeds/{token}/fit/%2e%2e%2flegday.key",
        f"/feeds/{token}.html/",
        f"/feeds/{token}/subscribe.html%00",
        f"/feeds/{token}/plan.html",
        f"/feeds/{token}/fit/",
    ]
    with httpx.Client(base_url=live.base, timeout=30) as client:
        for target in targets:
            r = client.get(target)
            assert r.status_code in (404, 429) and r.content == b"", target
    # Ben's token never reaches Ana's files: the same name under it is Ben's own session.
    ana = _get(f"{live.base}/feeds/{token}/fit/{fit_name}").content
    ben = _get(f"{live.base}/feeds/{live.tokens['Ben']}/fit/{fit_name}")
    assert ben.status_code == 404 or ben.content != ana


def test_a_revoked_or_rotated_token_takes_the_pages_with_it(live):
    cfg = str(live.config_path)
    old = live.feed_url("Ben").removesuffix(".ics")
    assert _get(f"{old}.html").status_code == 200
    rotated = CliRunner().invoke(
        token_cli, ["rotate", "Ben", "--config", cfg, "--port", str(live.port)]
    )
    assert rotated.exit_code == 0
    new = rotated.output.splitlines()[0].removesuffix(".ics")
    for suffix in (".html", "/subscribe.html"):
        assert _get(f"{old}{suffix}").status_code == 404
        assert _get(f"{new}{suffix}").status_code == 200
    page = _get(f"{new}.html").text
    new_token = new.rsplit("/", 1)[1]
    assert f'href="{new_token}.ics"' in page and old.rsplit("/", 1)[1] not in page
    assert CliRunner().invoke(token_cli, ["revoke", "Ben", "--config", cfg]).exit_code == 0
    for suffix in (".ics", ".html", "/subscribe.html"):
        r = _get(f"{new}{suffix}")
        assert (r.status_code, r.content) == (404, b"")


def test_the_feed_page_and_fit_links_agree_after_a_replan(live, source):
    before = _check_agree(live, "Ana")
    source.set("/ana.ics", runs_calendar(long_day={1: 4}))  # week 2's long run moves to Friday
    live.refresh()
    after = _check_agree(live, "Ana")
    assert before != after
    for url in set(before) - set(after):
        assert _get(url).status_code == 404  # a moved session's old watch file is gone


def test_pages_share_the_feeds_rate_limit(tmp_path, source):
    live = _live(tmp_path, source, rate_burst=4, rate_per_minute=1)
    try:
        root = live.feed_url("Ana").removesuffix(".ics")
        codes = [_get(f"{root}{s}").status_code for s in (".html", "/subscribe.html", ".ics")]
        codes += [_get(f"{root}.html").status_code for _ in range(3)]
        assert codes[:3] == [200, 200, 200] and codes[-1] == 429
        limited = _get(f"{root}/subscribe.html")
        assert limited.status_code == 429 and limited.content == b""
        assert _get(live.feed_url("Ben").removesuffix(".ics") + ".html").status_code == 200
    finally:
        live.stop()


def test_public_url_names_the_subscribe_links(tmp_path, source):
    live = _live(tmp_path, source, public_url="https://strength.example.org/legday")
    try:
        token = live.tokens["Ana"]
        sub = _get(f"{live.base}/feeds/{token}/subscribe.html")
        field = read_html(sub.content).find_all("input", id="feed-url")[0]
        assert field.attrs["value"] == f"https://strength.example.org/legday/feeds/{token}.ics"
    finally:
        live.stop()


def test_a_feed_published_before_the_pages_gets_its_page_on_the_next_poll(live):
    """A server upgraded from a legday without pages has feeds but no views: the next poll
    plans once more (the inputs did not change) so the page appears."""
    root = live.feed_url("Ana").removesuffix(".ics")
    feed = _get(f"{root}.ics").content
    with sqlite3.connect(live.config.db_path) as db:
        db.execute("DELETE FROM views")
    assert _get(f"{root}.html").status_code == 404
    live.refresh()
    assert _get(f"{root}.html").status_code == 200
    assert _get(f"{root}.ics").content == feed


def test_a_view_an_older_legday_published_is_replaced_on_the_next_poll(live):
    """After an upgrade that changed the page's data (the view's version), the stored view is
    one this legday cannot read: the next poll plans again (the inputs did not change) instead
    of serving no page until the running calendar changes."""
    root = live.feed_url("Ana").removesuffix(".ics")
    feed = _get(f"{root}.ics").content
    with sqlite3.connect(live.config.db_path) as db:
        db.execute("UPDATE views SET body = ?", (b'{"version": 1}',))
    assert _get(f"{root}.html").status_code == 404
    live.refresh()
    assert _get(f"{root}.html").status_code == 200
    assert _get(f"{root}.ics").content == feed


def test_without_the_watch_extra_the_page_links_no_fit_files(tmp_path, planned, monkeypatch):
    """Garmin's SDK is an extra: a server without it serves the pages and no FIT links."""
    import sys

    from optimizer.render.view import plan_view
    from optimizer.server.pages import Pages
    from optimizer.server.store import Store

    store = Store(tmp_path / "legday.db", tmp_path / "legday.key")
    view = plan_view(planned("marathon_google"))
    store.save_plan(
        "Ana", b"BEGIN:VCALENDAR", [], inputs="x", sessions=1, now=1, view=view.to_json()
    )
    pages = Pages(store, None)
    token, base = "T" * 43, "http://127.0.0.1:8080"
    assert b'class="fit"' in pages.serve("Ana", token, ".html", base).body
    monkeypatch.setitem(sys.modules, "garmin_fit_sdk", None)
    pages = Pages(store, None)
    page = pages.serve("Ana", token, ".html", base)
    assert page is not None and b'class="fit"' not in page.body
    assert pages.serve("Ana", token, f"/fit/{view.sessions[0].fit_name}", base) is None
    assert pages.serve("Ana", token, "/subscribe.html", "http://bad host") is None
    assert pages.serve("Ben", token, ".html", base) is None
    store.close()
