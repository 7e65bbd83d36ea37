"""The landing page and the home page: who sees which departments."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from danchu.core.demo import DemoResult

pytestmark = pytest.mark.e2e

KHCN = "Sở Khoa học và Công nghệ Thành phố Hà Nội"
TTTT = "Sở Thông tin và Truyền thông Thành phố Hà Nội"


def test_a_head_sees_his_department_and_the_steering_committee_sees_all(
    page: Page, live_server: Any, demo: DemoResult, login: Any
) -> None:
    page.goto(f"{live_server.url}/")
    landing = page.locator("ul#departments")
    expect(landing).to_contain_text(KHCN)
    expect(landing).to_contain_text(TTTT)

    login("giamdoc.khcn")
    rows = page.locator("table#departments tbody tr")
    expect(rows.filter(has_text=KHCN)).to_have_count(1)
    expect(rows.filter(has_text=KHCN)).to_contain_text("Nguyễn Hoàng Linh")  # its head
    expect(rows.filter(has_text=TTTT)).to_have_count(0)

    page.locator("header form[action='/logout/'] button").click()
    page.wait_for_url(f"{live_server.url}/login/")
    login("bcd.hanoi")
    rows = page.locator("table#departments tbody tr")
    expect(rows.filter(has_text=KHCN)).to_have_count(1)
    expect(rows.filter(has_text=TTTT)).to_have_count(1)
    expect(rows.filter(has_text=TTTT)).to_contain_text("Nguyễn Thanh Hà")
