"""The search page in a real headless Chromium: type a query, see works, open a record.

Uses Debian's chromium (installed by .ci/run) through Playwright's sync API; no browser download.
Screenshots are saved under test-artifacts/web/ for a human to look at.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from shelfcheck.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture()
def chromium_path() -> str:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return str(CHROMIUM)


@pytest.fixture()
def live_server(catalog_db, free_port):
    """The app on a free loopback port, served by uvicorn in a thread, as `shelfcheck serve` does."""
    port = free_port
    server = uvicorn.Server(uvicorn.Config(create_app(catalog_db), host="127.0.0.1", port=port, access_log=False, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_search_group_and_open_a_record(live_server, chromium_path):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(live_server + "/")
            page.screenshot(path=str(ARTIFACTS / "home.png"))

            page.fill("#q", "Antonopoulos")
            page.press("#q", "Enter")
            works = page.locator("li.work")
            expect(works.first).to_be_visible()
            titles = works.locator("h2").all_inner_texts()
            assert len(titles) >= 2 and any("Bitcoin" in t for t in titles) and any("Ethereum" in t for t in titles)
            bitcoin = works.filter(has_text="Bitcoin").first
            assert "9781491954386" in bitcoin.inner_text()
            page.screenshot(path=str(ARTIFACTS / "results.png"), full_page=True)

            bitcoin.locator("a.record-link").first.click()
            identifiers = page.locator("table.identifiers")
            expect(identifiers).to_be_visible()
            text = identifiers.inner_text()
            assert "9781491954386" in text and "md5" in text.lower() and "source" in text.lower()
            page.screenshot(path=str(ARTIFACTS / "record.png"), full_page=True)
        finally:
            browser.close()
