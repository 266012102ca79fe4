"""The plan page, the subscribe page and the watch files, at the feed's capability URL.

Beside ``/feeds/<token>.ics`` (the feed) the server answers:

- ``/feeds/<token>.html``: the plan page (:mod:`optimizer.render.page`);
- ``/feeds/<token>/subscribe.html``: the page to subscribe from;
- ``/feeds/<token>/fit/legday-YYYY-MM-DD-HHMM.fit``: a session's Garmin FIT workout (when
  the ``watch`` extra is installed; otherwise the plan page links none).

The app checks the token, the rate limits and the conditional headers exactly as for the
feed (:mod:`optimizer.server.app`); this module only turns the stored plan view into bytes.
Links between them are relative, so they hold behind any reverse-proxy prefix; the subscribe
page needs absolute URLs (webcal, Google, Outlook, the QR code) and takes them from
``public_url``, else from the address the request came to.

Pages are rendered on request, with the asker's token in their links, and cached until the
store changes (a re-plan, a rotated token).
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass

from optimizer.render.html import COPY_SCRIPT, PRINT_SCRIPT, csp
from optimizer.server.store import TOKEN_LENGTH, Store

#: Every capability path: group 1 the token, group 2 what is asked for.
CAPABILITY_PATH = re.compile(
    rb"^/feeds/([A-Za-z0-9_-]{%d})(\.ics|\.html|/subscribe\.html|/fit/legday-\d{4}-\d{2}-\d{2}-\d{4}\.fit)$"
    % TOKEN_LENGTH
)
_HOST = re.compile(
    r"^https?://[A-Za-z0-9.\-]+(:\d{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?$"
)
HTML = "text/html; charset=utf-8"
FIT = "application/vnd.ant.fit"


@dataclass(frozen=True)
class Served:
    """One answer: its bytes, media type, strong ETag and extra headers."""

    body: bytes
    media_type: str
    etag: str
    headers: dict[str, str]


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


class Pages:
    """Renders (and caches, per store version) the pages and FIT files of each athlete."""

    def __init__(self, store: Store, public_url: str | None) -> None:
        self.store = store
        self.public_url = public_url
        self._lock = threading.Lock()
        self._version: tuple[int, int] | None = None
        self._cache: dict[tuple[str, str, str, str], Served | None] = {}

    def serve(self, athlete: str, token: str, what: str, base_url: str) -> Served | None:
        """The answer to ``/feeds/<token><what>``, or None (404: no view, no such file).

        Args:
            athlete: whose token it is (already checked).
            token: the token as asked for (it goes into the links).
            what: ``.html``, ``/subscribe.html`` or ``/fit/<name>``.
            base_url: scheme://host[:port] the request came to (used without public_url).
        """
        base = self.public_url or (base_url if _HOST.match(base_url) else "")
        key = (athlete, token, what, base)
        with self._lock:
            version = self.store.version()
            if version != self._version:
                self._cache.clear()
                self._version = version
            if key not in self._cache:
                if len(self._cache) > 4096:
                    self._cache.clear()
                self._cache[key] = self._render(athlete, token, what, base)
            return self._cache[key]

    def _render(self, athlete: str, token: str, what: str, base: str) -> Served | None:
        from optimizer.render import fit
        from optimizer.render.view import PlanView

        raw = self.store.view(athlete)
        if raw is None:
            return None
        try:
            view = PlanView.from_json(raw)
        except ValueError:
            return None  # written by another version of legday; the next re-plan replaces it
        if what == ".html":
            from optimizer.render.page import PageLinks, render_page

            links = PageLinks(
                calendar=f"{token}.ics",
                subscribe=f"{token}/subscribe.html",
                fit_base=f"{token}/fit/" if fit.available() else None,
            )
            body = render_page(view, links)
            return Served(body, HTML, _etag(body), {"content-security-policy": _csp(PRINT_SCRIPT)})
        if what == "/subscribe.html":
            from optimizer.render.subscribe import SubscribeLinks, render_subscribe

            if not base:
                return None
            here = f"{base}/feeds/{token}"
            ways = SubscribeLinks(
                feed=f"{here}.ics", here=f"{here}/subscribe.html", page=f"../{token}.html"
            )
            body = render_subscribe(view.name, ways)
            return Served(body, HTML, _etag(body), {"content-security-policy": _csp(COPY_SCRIPT)})
        name = what.removeprefix("/fit/")
        session = next((s for s in view.sessions if s.fit_name == name), None)
        if session is None or not fit.available():
            return None
        body = fit.session_fit(view, session)
        disposition = f'attachment; filename="{name}"'
        return Served(body, FIT, _etag(body), {"content-disposition": disposition})


def _csp(script: str) -> str:
    return csp(script) + "; frame-ancestors 'none'"
