"""Browser journeys: Playwright for Python driving Debian's Chromium against ``live_server``.

Outside CI a machine without ``/usr/bin/chromium`` skips these tests with the install hint;
``DANCHU_REQUIRE_BROWSER=1`` (set by ``.ci/run``) turns that skip into a failure, so CI cannot
go green without having run them. A failing test leaves a screenshot in ``./test-results/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Error, Page, Playwright, sync_playwright

from danchu.core.demo import DEMO_PASSWORD, DemoResult, load_demo
from tests.factories import ensure_statutory_rules

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling home and hangs on a closed
# network; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
RESULTS = "test-results"

PAGE_KEY = pytest.StashKey[Page]()


def _browser_required() -> bool:
    return os.environ.get("DANCHU_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="package")
def playwright_session() -> Iterator[Playwright]:
    """Playwright for the e2e package only: its event loop, and the flag below, end with it."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if _browser_required():
            pytest.fail(f"{reason} (DANCHU_REQUIRE_BROWSER=1 forbids skipping)", pytrace=False)
        pytest.skip(reason)
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
        # the ORM calls that tests and fixtures make (building the demo data, flushing the
        # database). Set here, not at import: the flag must not leak into the rest of the suite
        # (`check --deploy` in a subprocess rightly refuses it).
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            yield playwright


@pytest.fixture(scope="package")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    browser = playwright_session.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A fresh context (no cookies) in Vietnamese, the app's default language, on a desktop."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A script, handler or style the Content-Security-Policy refused is a defect too.
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    request.node.stash[PAGE_KEY] = page
    yield page
    context.close()
    # An uncaught script error (htmx missing, a broken inline script) is a defect of the page.
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def demo(transactional_db: None) -> DemoResult:
    """Hà Nội, its steering committee and the two departments, with one login per role."""
    ensure_statutory_rules()
    return load_demo()


@pytest.fixture
def login(page: Page, live_server: Any) -> Callable[[str], None]:
    def _login(username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(f"{live_server.url}/login/")
        submit_login(page, username, password)
        page.wait_for_url(f"{live_server.url}/")

    return _login


def submit_login(page: Page, username: str, password: str) -> None:
    form = page.locator("#main form")
    form.locator("[name=username]").fill(username)
    form.locator("[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    page = item.stash.get(PAGE_KEY, None)
    if report.failed and report.when in {"setup", "call"} and page is not None:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid).strip("_")
        path = item.config.rootpath / RESULTS / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(path), full_page=True)
        except Error as exc:  # the page may be gone already; the report matters more
            report.sections.append(("screenshot", f"could not take a screenshot: {exc}"))
        else:
            report.sections.append(("screenshot", f"{path} (url: {page.url})"))
    return report
