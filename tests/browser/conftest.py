"""A real headless Chromium for the page tests (Debian's ``chromium`` package).

Every test in this folder is marked ``browser``. They never skip: without Chromium they fail
and say how to install it (`.ci/run` installs it on a clean machine). Set ``LEGDAY_CHROMIUM``
to use another Chromium binary.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Chromium's background services would call Google; this machine (and CI) has no network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str:
    found = os.environ.get("LEGDAY_CHROMIUM") or shutil.which("chromium")
    if not found or not Path(found).exists():
        pytest.fail(
            "the browser tests need Chromium: `apt-get install -y chromium` (Debian's "
            "package; .ci/run installs it), or set LEGDAY_CHROMIUM to a Chromium binary",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's sync API holds an asyncio loop on this thread while it runs,
    # and later tests (the feed server's) call asyncio.run().
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Watched:
    """A page with what it did recorded: console errors, requests, dialogs."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


@pytest.fixture
def open_page(browser):
    """``open_page(url, width=1280, height=900, **context_options)`` -> :class:`Watched`."""
    contexts = []

    def make(url: str, width: int = 1280, height: int = 900, **options) -> Watched:
        ctx = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(ctx)
        watched = Watched(ctx.new_page())
        watched.page.goto(url, wait_until="load")
        return watched

    yield make
    for ctx in contexts:
        ctx.close()
