"""The htmx widgets: the working-day calculator and the people search, without page loads."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from danchu.core.demo import DemoResult

pytestmark = pytest.mark.e2e


def _mark_document(page: Page) -> None:
    """Leave a variable in the window: it survives an htmx swap, not a page load."""
    page.evaluate("window.__sameDocument = 'yes'")


def _same_document(page: Page) -> bool:
    return bool(page.evaluate("window.__sameDocument === 'yes'"))


def test_the_calculator_and_the_people_search_answer_in_place(
    page: Page, live_server: Any, demo: DemoResult, login: Any
) -> None:
    login("giamdoc.khcn")

    page.goto(f"{live_server.url}/calendar/")
    _mark_document(page)
    form = page.locator("#main form[hx-get]")
    form.locator("[name=start]").fill("2025-01-24")
    form.locator("[name=days]").fill("5")
    # Friday 24/01/2025, then the Tết break until Sunday 02/02: the 5th working day is 07/02.
    with page.expect_response(lambda r: "/calendar/?" in r.url) as answer:
        form.locator("button").click()
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#workdays-result")).to_contain_text("07/02/2025")
    assert _same_document(page)
    assert page.url == f"{live_server.url}/calendar/"

    page.goto(f"{live_server.url}/people/")
    _mark_document(page)
    results = page.locator("#person-rows")
    rows = results.locator("tbody tr")
    assert rows.count() > 1  # the department's people before filtering
    page.locator("#q").fill("Nguyễn Hoàng Linh")
    expect(rows).to_have_count(1)
    expect(results).to_contain_text("Nguyễn Hoàng Linh")
    expect(page).to_have_url(re.compile(r"/people/\?q=Nguy"))  # hx-push-url keeps the query
    # The head of the other department (named on the steering committee's home page) is outside
    # this head's scope: the search finds no one.
    page.locator("#q").fill("Nguyễn Thanh Hà")
    expect(results).not_to_contain_text("Nguyễn Hoàng Linh")
    expect(rows).to_have_count(1)
    expect(results).not_to_contain_text("Nguyễn Thanh Hà")
    assert _same_document(page)
