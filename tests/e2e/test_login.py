"""Logging in: a wrong password is refused, five in a row lock the account."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from danchu.core.demo import DEMO_PASSWORD, DemoResult
from tests.e2e.conftest import submit_login

pytestmark = pytest.mark.e2e

# The lock message in Vietnamese (either spelling of "khoá") or in English.
LOCKED = re.compile(r"khoá|khóa|locked", re.IGNORECASE)


def test_five_wrong_passwords_lock_the_account(
    page: Page, live_server: Any, demo: DemoResult
) -> None:
    login_url = f"{live_server.url}/login/"
    page.goto(login_url)
    alert = page.locator("#main .errors[role=alert]")

    for _attempt in range(4):
        submit_login(page, "canbo.khcn", "not-the-password")
        expect(page).to_have_url(login_url)
        expect(alert).to_be_visible()
        expect(alert).not_to_contain_text(LOCKED)

    submit_login(page, "canbo.khcn", "not-the-password")
    expect(page).to_have_url(login_url)
    expect(alert).to_contain_text(LOCKED)

    # Locked means locked: the right password is refused too, with the same reason.
    submit_login(page, "canbo.khcn", DEMO_PASSWORD)
    expect(page).to_have_url(login_url)
    expect(alert).to_contain_text(LOCKED)
    expect(page.locator("table#departments")).to_have_count(0)
