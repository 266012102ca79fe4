"""The page to subscribe from: one button per calendar app, the URL to copy, a QR code.

Subscribing (rather than importing a file once) is what makes a moved session move in the
runner's calendar too. Each app has its own way in:

- Apple Calendar (iPhone, iPad, Mac) opens ``webcal://`` links itself;
- Google Calendar adds a calendar by URL from ``https://calendar.google.com/calendar/r?cid=``
  followed by the (percent-encoded) webcal URL;
- Outlook adds one from ``https://outlook.live.com/calendar/0/addfromweb?url=...&name=...``
  (``outlook.office.com`` for work and school accounts);
- anything else takes the https URL, which the page shows in a field to copy.

The QR code holds this page's own address, so a phone that scans it gets the same buttons.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from optimizer.render.html import COPY_SCRIPT, document, esc
from optimizer.render.qr import qr_svg

GOOGLE_ADD = "https://calendar.google.com/calendar/r?cid="
OUTLOOK_ADD = "https://outlook.live.com/calendar/0/addfromweb"
OFFICE_ADD = "https://outlook.office.com/calendar/0/addfromweb"

#: How often each app fetches a subscribed calendar again (what a runner can expect).
REFRESH_NOTES = (
    (
        "Apple Calendar",
        "as often as you choose in the calendar's settings (every 5 minutes to "
        "every week); on iPhone and iPad when Settings › Calendar › Accounts fetches new data.",
    ),
    (
        "Google Calendar",
        "on Google's own schedule, usually every 12 to 24 hours; there is no "
        "button to make it sooner.",
    ),
    ("Outlook", "a few times a day; a change can take up to a day to show."),
    ("Other apps", "as set in the app; legday's feed suggests every 6 hours."),
)


def calendar_links(feed_url: str, name: str) -> dict[str, str]:
    """The ways in to a feed: its URL, webcal URL, and Google and Outlook subscribe links.

    Args:
        feed_url: the feed's http(s) URL.
        name: the calendar's name (Outlook shows it).
    """
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    outlook_query = urllib.parse.urlencode({"url": feed_url, "name": name})
    return {
        "url": feed_url,
        "webcal": webcal,
        "google": GOOGLE_ADD + urllib.parse.quote(webcal, safe=""),
        "outlook": f"{OUTLOOK_ADD}?{outlook_query}",
        "office": f"{OFFICE_ADD}?{outlook_query}",
    }


@dataclass(frozen=True)
class SubscribeLinks:
    """What the subscribe page links to.

    Attributes:
        feed: the feed's absolute http(s) URL.
        here: this page's absolute URL (what the QR code holds).
        page: the plan page (relative or absolute), or None.
    """

    feed: str
    here: str
    page: str | None = None


def render_subscribe(plan_name: str, links: SubscribeLinks) -> bytes:
    """The subscribe page's bytes (UTF-8)."""
    name = f"Strength training ({plan_name})"
    ways = calendar_links(links.feed, name)
    buttons = [
        ("apple", ways["webcal"], "Apple Calendar", "iPhone, iPad, Mac"),
        ("google", ways["google"], "Google Calendar", "Android, web"),
        ("outlook", ways["outlook"], "Outlook.com", "personal Microsoft account"),
        ("office", ways["office"], "Outlook for work or school", "Microsoft 365"),
    ]
    body = [
        "<main>",
        "<header>",
        "<h1>Subscribe to your strength plan</h1>",
        f'<p class="lede">{esc(plan_name)}: subscribe once and your calendar app keeps the '
        "plan up to date by itself; when a run moves, the strength sessions move with it.</p>",
    ]
    if links.page:
        body.append(
            f'<p class="noprint"><a href="{esc(links.page)}">See the plan week by week</a></p>'
        )
    body += [
        "</header>",
        '<section class="card" aria-labelledby="apps">',
        '<h2 id="apps">Pick your calendar app</h2>',
        '<ul class="buttons">',
    ]
    for key, href, label, where in buttons:
        body.append(
            f'<li><a class="button" data-app="{key}" href="{esc(href)}">'
            f'{esc(label)}<span class="visually-hidden"> ({esc(where)})</span></a></li>'
        )
    body += [
        "</ul>",
        "</section>",
        '<section class="card" aria-labelledby="url">',
        '<h2 id="url">Or copy the address</h2>',
        '<div class="copy">',
        '<label for="feed-url">Calendar address for any other app</label>',
        f'<input id="feed-url" type="url" readonly value="{esc(ways["url"])}">',
        '<button type="button" data-copy="feed-url" hidden>Copy</button>',
        "</div>",
        "<p>Paste it where your app says “subscribe”, “from URL” or “add internet "
        "calendar”; importing the file instead makes a copy that never changes.</p>",
        "</section>",
        '<section class="card" aria-labelledby="phone">',
        '<h2 id="phone">On your phone</h2>',
        "<p>Scan this code with the phone's camera to open this page there.</p>",
        qr_svg(links.here, label="QR code of this page's address"),
        "</section>",
        '<section class="card" aria-labelledby="refresh">',
        '<h2 id="refresh">How soon changes show</h2>',
        "<dl>",
    ]
    for app, note in REFRESH_NOTES:
        body += [f"<dt>{esc(app)}</dt>", f"<dd>{esc(note)}</dd>"]
    body += [
        "</dl>",
        "</section>",
        "<footer><p>Keep this address to yourself: anyone who has it can read the plan. "
        "Shared it by mistake? <code>legday token rotate</code> gives a new one and the old "
        "one stops working.</p></footer>",
        "</main>",
    ]
    return document(f"Subscribe: {plan_name}", body, script=COPY_SCRIPT)
