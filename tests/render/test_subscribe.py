"""The subscribe page: each app's link, the address to copy, a QR code made here."""

from __future__ import annotations

import re
import urllib.parse

from optimizer.render.qr import qr_matrix, qr_svg
from optimizer.render.subscribe import SubscribeLinks, calendar_links, render_subscribe
from optimizer.server.config import feed_links
from tests.render_support import read_html

FEED = "https://strength.example.org/feeds/" + "T" * 43 + ".ics"
HERE = "https://strength.example.org/feeds/" + "T" * 43 + "/subscribe.html"


def _page(name: str = "Ana") -> bytes:
    return render_subscribe(name, SubscribeLinks(feed=FEED, here=HERE, page="../x.html"))


def test_each_app_gets_its_own_link():
    doc = read_html(_page())
    links = {a.attrs["data-app"]: a.attrs["href"] for a in doc.find_all("a", class_="button")}
    assert links["apple"] == "webcal://strength.example.org/feeds/" + "T" * 43 + ".ics"
    google = urllib.parse.urlsplit(links["google"])
    assert (google.scheme, google.netloc, google.path) == (
        "https",
        "calendar.google.com",
        "/calendar/r",
    )
    assert urllib.parse.parse_qs(google.query) == {"cid": [links["apple"]]}
    for key, host in (("outlook", "outlook.live.com"), ("office", "outlook.office.com")):
        parts = urllib.parse.urlsplit(links[key])
        assert (parts.netloc, parts.path) == (host, "/calendar/0/addfromweb")
        assert urllib.parse.parse_qs(parts.query) == {
            "url": [FEED],
            "name": ["Strength training (Ana)"],
        }


def test_the_address_to_copy_has_a_label():
    doc = read_html(_page())
    (field,) = doc.find_all("input", id="feed-url")
    assert field.attrs["value"] == FEED and "readonly" in field.attrs
    (label,) = doc.find_all("label")
    assert label.attrs["for"] == "feed-url"
    (button,) = doc.find_all("button")
    assert button.attrs["data-copy"] == "feed-url" and "hidden" in button.attrs


def test_refresh_notes_name_each_app():
    text = read_html(_page()).all_text()
    for app in ("Apple Calendar", "Google Calendar", "Outlook", "Other apps"):
        assert app in text


def test_qr_code_holds_this_pages_address():
    """The SVG's modules, read back from its path, are the QR code of the page's address."""
    doc = read_html(_page())
    (svg,) = doc.find_all("svg", class_="qr")
    assert svg.attrs["role"] == "img" and svg.attrs["aria-label"]
    size = int(svg.attrs["viewbox"].split()[2])
    grid = [[False] * size for _ in range(size)]
    (path,) = svg.find_all("path")
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path.attrs["d"]):
        for dx in range(int(w)):
            grid[int(y)][int(x) + dx] = True
    assert grid == qr_matrix(HERE)


def test_qr_svg_escapes_its_label():
    svg = qr_svg("x", label='"><script>')
    assert "<script>" not in svg and "&quot;&gt;&lt;script&gt;" in svg


def test_hostile_plan_name_is_text():
    page = _page('<img src=x onerror=alert(1)> & "Bo"').decode()
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Bo&quot;" in page
    outlook = calendar_links(FEED, "<x>")["outlook"]
    assert "<" not in outlook


def test_feed_links_match_the_subscribe_page():
    links = feed_links("https://strength.example.org", "T" * 43, "Ana")
    assert links["url"] == FEED and links["subscribe"] == HERE
    assert links["page"] == FEED.removesuffix(".ics") + ".html"
    assert links == {**links, **calendar_links(FEED, "Strength training (Ana)")}
