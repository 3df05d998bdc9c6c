"""Browser fixtures: Debian's Chromium driven by Playwright (sync API) against pytest-django's live server.

Playwright never downloads a browser here; it drives /usr/bin/chromium (scripts/install-system-deps installs it).
Every page records console errors, uncaught exceptions and CSP violations, so a test can assert that the page
a person sees loaded cleanly."""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the test thread; Django would then refuse ORM calls from that
# thread as "async-unsafe". The test and the loop never use a connection at the same time, so it is safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("MUSTER_CHROMIUM", "/usr/bin/chromium"))
# The machine has no internet: without the background-networking flags Chromium keeps dialling out and failing.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclass
class BrowserPage:
    """A Playwright page plus what went wrong on it, as a person would have seen it in the console."""

    page: object
    console_errors: list[str] = field(default_factory=list)

    def problems(self, *, allow: tuple[str, ...] = ()) -> list[str]:
        """Console errors, page exceptions and CSP violations, except messages containing an allowed fragment."""
        return [message for message in self.console_errors if not any(fragment in message for fragment in allow)]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: scripts/install-system-deps should have installed chromium")
        pytest.skip(f"{CHROMIUM} is missing: run scripts/install-system-deps (apt-get install chromium) "
                    "to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser, live_server) -> Iterator[BrowserPage]:
    """A fresh browser context (no cookies) on the live server; relative URLs in goto() resolve against it."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900},
                                  locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    page = context.new_page()
    result = BrowserPage(page=page)
    page.on("console", lambda message: message.type == "error" and result.console_errors.append(
        f"{message.text} [{message.location.get('url', '')}]"))
    page.on("pageerror", lambda error: result.console_errors.append(f"uncaught: {error}"))
    yield result
    context.close()


@pytest.fixture
def artifacts_dir() -> Path:
    """test-artifacts/ (gitignored): screenshots a person can look at after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
