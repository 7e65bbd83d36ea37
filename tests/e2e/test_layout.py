"""The shell: the language switch and the small-screen menu."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from danchu.core.demo import DemoResult

pytestmark = pytest.mark.e2e


def test_the_language_switch_goes_to_english_and_back(
    page: Page, live_server: Any, demo: DemoResult
) -> None:
    page.goto(f"{live_server.url}/login/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "vi")

    page.locator("header button[name=language][value=en]").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/login/")  # back where the person was

    page.locator("header button[name=language][value=vi]").click()
    expect(html).to_have_attribute("lang", "vi")
    expect(page).to_have_url(f"{live_server.url}/login/")


def test_on_a_phone_the_navigation_hides_behind_the_menu_button(
    page: Page, live_server: Any, demo: DemoResult, login: Any
) -> None:
    login("quantri.khcn")
    nav = page.locator("nav.mainnav")
    toggle = page.locator("label.menu-button")
    expect(nav).to_be_visible()
    expect(toggle).to_be_hidden()

    page.set_viewport_size({"width": 375, "height": 740})
    expect(nav).to_be_hidden()
    expect(toggle).to_be_visible()
    toggle.click()
    expect(nav).to_be_visible()
    nav.locator("a[href='/people/']").click()
    page.wait_for_url(f"{live_server.url}/people/")
    # A new page starts with the menu closed again.
    expect(page.locator("nav.mainnav")).to_be_hidden()
