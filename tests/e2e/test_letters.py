"""Citizen reception and letters in a browser.

The reception officer of Sở KH&CN (core demo) logs a visit, creates a denunciation from it,
classifies it, accepts it with its handling officer and leader, marks it complex and extends
it by decision; when its date has passed the head finds it in the overdue list; the officer
then resolves it, and it leaves the list. The denouncer's name stays off every page but the
vault.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from danchu.core.demo import DemoResult
from danchu.core.models import Agency, Membership, Role
from danchu.letters.models import Letter

pytestmark = pytest.mark.e2e

UNIT_CODE = "000.00.12.H26"  # Sở KH&CN
DENOUNCER = "Quách Thị Ẩn Danh"


def _act(page: Page, name: str, label: str, fill: Any) -> None:
    """Open the action's <details>, fill it, submit it, land back on the letter."""
    action = page.locator(f"#action-{name}")
    action.locator("summary").click()
    fill(action)
    action.get_by_role("button", name=label).click()
    expect(page.locator("ul.messages")).to_contain_text(f"Đã thực hiện: {label}", ignore_case=True)


def test_a_visit_becomes_a_denunciation_that_is_accepted_extended_and_resolved(
    page: Page, browser: Browser, live_server: Any, demo: DemoResult, login: Any
) -> None:
    unit = Agency.objects.get(code=UNIT_CODE)
    handler = (
        Membership.objects.filter(agency__path__startswith=unit.path, role=Role.HANDLING_OFFICER)
        .first()
        .person
    )
    head = Membership.objects.get(agency=unit, role=Role.HEAD).person
    today = timezone.localdate()

    login("tiepdan.khcn")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Tiếp dân, đơn thư"
    ).click()
    page.get_by_role("link", name="Ghi sổ tiếp công dân").first.click()
    page.get_by_label("Công dân (mỗi người một dòng: họ tên, địa chỉ)").fill(
        f"{DENOUNCER}, số 3 phố Hàng Bài"
    )
    page.get_by_label("Giữ bí mật thông tin người được tiếp").check()
    page.get_by_label("Nội dung vụ việc").fill("Tố cáo cán bộ thẩm định đòi tiền khi cấp phép")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Lượt tiếp \d+\/\d{4}$"))).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(DENOUNCER)

    page.get_by_role("link", name="Tạo đơn từ lượt tiếp này").click()
    page.get_by_label(re.compile("^Loại")).select_option(label="Tố cáo")
    page.get_by_label("Nội dung đơn", exact=True).fill(
        f"Tôi là {DENOUNCER}, tố cáo cán bộ thẩm định đòi tiền."
    )
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^Đơn 000\.00\.12\.H26-DT"))
    ).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(DENOUNCER)
    letter = Letter.objects.get(agency=unit)
    assert letter.visit_id and letter.protected and letter.channel == "visit"

    _act(
        page,
        "classify",
        "Phân loại",
        lambda f: (
            f.get_by_label(re.compile("^Loại")).select_option(label="Tố cáo"),
            f.get_by_label("Điều kiện xử lý").select_option(label="Đủ điều kiện xử lý"),
        ),
    )
    expect(page.locator("#state")).to_contain_text("Đã phân loại")
    _act(
        page,
        "accept",
        "Thụ lý giải quyết",
        lambda f: (
            f.get_by_label("Chuyên viên thụ lý").select_option(str(handler.pk)),
            f.get_by_label("Lãnh đạo chịu trách nhiệm").select_option(str(head.pk)),
            f.get_by_label("Số thông báo thụ lý").fill("12/TB-TLTC"),
        ),
    )
    due = today + dt.timedelta(days=30)
    expect(page.locator("#due")).to_contain_text(due.strftime("%d/%m/%Y"))
    # Not complex yet: no extension is offered (the law allows none).
    expect(page.locator("#action-extend")).to_have_count(0)
    _act(
        page,
        "complexity",
        "Xác định vụ việc phức tạp",
        lambda f: (
            f.get_by_label("Tính chất vụ việc").select_option(label="Phức tạp"),
            f.get_by_label("Lý do").fill("Liên quan nhiều hồ sơ cấp phép"),
        ),
    )
    _act(
        page,
        "extend",
        "Gia hạn",
        lambda f: (
            f.get_by_label("Số quyết định gia hạn").fill("13/QĐ-GH"),
            f.get_by_label("Lý do").fill("Cần xác minh thêm"),
        ),
    )
    extended = due + dt.timedelta(days=30)
    expect(page.locator("#due")).to_contain_text(extended.strftime("%d/%m/%Y"))

    # The date passes: the head opens the overdue list and finds the letter.
    later = dt.datetime.combine(
        extended + dt.timedelta(days=3), dt.time(9), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(later, tick=True):
        context = browser.new_context(locale="vi-VN")
        head_page = context.new_page()
        head_page.goto(f"{live_server.url}/login/")
        form = head_page.locator("#main form")
        form.locator("[name=username]").fill("giamdoc.khcn")
        form.locator("[name=password]").fill("Danchu@2026")
        form.locator("button[type=submit]").click()
        head_page.goto(f"{live_server.url}/letters/{unit.pk}/")
        expect(head_page.locator("#overdue-count")).to_have_text("1")
        head_page.get_by_role("link", name="Tất cả đơn quá hạn").click()
        expect(head_page.locator("table#letters")).to_contain_text(letter.code)
        expect(head_page.locator("main")).not_to_contain_text(DENOUNCER)

        # The officer resolves it (late, on the conclusion's date); it leaves the list.
        login("tiepdan.khcn")
        page.goto(f"{live_server.url}/letters/letter/{letter.pk}/")
        _act(
            page,
            "settle",
            "Ghi nhận kết quả",
            lambda f: (
                f.get_by_label(re.compile("^Kết quả")).select_option(
                    label="Đã giải quyết (quyết định, kết luận)"
                ),
                f.get_by_label("Số văn bản kết quả").fill("20/KL-SKHCN"),
                f.get_by_label("Tóm tắt kết quả").fill("Tố cáo đúng một phần; kiến nghị xử lý."),
            ),
        )
        expect(page.locator("#state")).to_contain_text("Đã giải quyết")
        head_page.reload()
        expect(head_page.locator("table#letters")).not_to_contain_text(letter.code)
        context.close()
