"""Publicity and consultation in a browser, Sở KH&CN of the core demo.

The head publishes a new version of the internal-spending rules (its text starts from the
version in force, and the page shows what changed); asks staff to confirm they
read it; a staff member reads and confirms; the head opens a consultation on a new draft; the
staff member comments on an article; the head answers and publishes the summary.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from danchu.core.demo import DEMO_PASSWORD, DemoResult
from danchu.core.models import Agency, User
from danchu.disclosure import services
from danchu.disclosure.models import Comment, Publication, ReadConfirmation

pytestmark = pytest.mark.e2e

UNIT_CODE = "000.00.12.H26"
TEXT = """Quy chế chi tiêu nội bộ
Điều 1. Phạm vi
Áp dụng cho cán bộ, công chức của Sở.
Điều 2. Công tác phí
Phụ cấp lưu trú 200.000 đồng/ngày."""


def _login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    form = page.locator("#main form")
    form.locator("[name=username]").fill(username)
    form.locator("[name=password]").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{url}/")


def test_a_version_is_published_read_commented_and_answered(
    page: Page, browser: Browser, live_server: Any, demo: DemoResult
) -> None:
    unit = Agency.objects.get(code=UNIT_CODE)
    today = timezone.localdate()
    url = live_server.url
    head = User.objects.get(username="giamdoc.khcn")
    regulation = services.regulation_create(
        actor=head,
        agency=unit,
        kind="internal_spending",
        title="Quy chế chi tiêu nội bộ",
        owner=head,
    )
    services.version_add(
        actor=head,
        regulation=regulation,
        decision_number="3/QĐ-SKHCN",
        decision_date=today - dt.timedelta(days=400),
        effective_from=today - dt.timedelta(days=390),
        text=TEXT,
        review_on=today + dt.timedelta(days=30),
    )

    _login(page, url, "giamdoc.khcn")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Công khai, lấy ý kiến"
    ).click()
    page.get_by_role("link", name="Quy chế", exact=True).click()
    page.get_by_role("link", name="Quy chế chi tiêu nội bộ").click()
    expect(page.get_by_role("heading", name="Quy chế chi tiêu nội bộ")).to_be_visible()

    version = page.locator("#action-version")
    version.locator("summary").click()
    version.get_by_label(re.compile("^Số quyết định")).fill("15/QĐ-SKHCN")
    version.get_by_label(re.compile("^Ngày quyết định")).fill(today.isoformat())
    version.get_by_label(re.compile("^Có hiệu lực từ")).fill(today.isoformat())
    version.get_by_label(re.compile("^Rà soát trước ngày")).fill(
        (today + dt.timedelta(days=365)).isoformat()
    )
    text = version.get_by_label(re.compile("^Toàn văn"))
    expect(text).to_have_value(TEXT)  # a new version starts from the text in force
    text.fill(TEXT.replace("200.000", "250.000"))
    version.get_by_label(re.compile("^Nội dung sửa đổi")).fill("Tăng phụ cấp lưu trú.")
    version.get_by_label(re.compile("^Công khai ngay")).check()
    version.get_by_label(re.compile("^Đăng trên cổng nội bộ")).fill(
        (today + dt.timedelta(days=30)).isoformat()
    )
    version.get_by_role("button", name="Ban hành phiên bản mới").click()
    expect(page.get_by_role("heading", name=re.compile("phiên bản 2"))).to_be_visible()
    expect(page.locator("#version-state")).to_contain_text("đang hiệu lực")
    expect(page.locator(".differences")).to_contain_text("250.000")
    assert Publication.objects.filter(agency=unit, category="rules").count() == 1

    ask = page.locator("#action-disseminate")
    ask.locator("summary").click()
    ask.get_by_label(re.compile("^Xác nhận trước ngày")).fill(
        (today + dt.timedelta(days=7)).isoformat()
    )
    ask.get_by_role("button", name="Yêu cầu CBCCVC xác nhận đã đọc").click()
    expect(page.locator("#shares")).to_be_visible()
    total = ReadConfirmation.objects.filter(dissemination__agency=unit).count()
    assert total > 10
    expect(page.get_by_role("heading", name=f"0/{total} người đã xác nhận")).to_be_visible()
    dissemination_url = page.url

    # A staff member reads and confirms, then comments on the draft once it is opened.
    staff = browser.new_context(locale="vi-VN")
    staff_page = staff.new_page()
    _login(staff_page, url, "canbo.khcn")
    staff_page.goto(f"{url}/disclosure/{unit.pk}/")
    staff_page.get_by_role("link", name=re.compile("phiên bản 2")).first.click()
    staff_page.get_by_role("button", name="Tôi đã đọc và nắm được nội dung").click()
    expect(staff_page.locator("#my-confirmation")).to_be_visible()

    page.goto(dissemination_url)
    expect(page.get_by_role("heading", name=f"1/{total} người đã xác nhận")).to_be_visible()
    expect(page.locator("#pending")).not_to_contain_text(
        ReadConfirmation.objects.exclude(confirmed_at=None).get().person.full_name
    )

    page.goto(f"{url}/disclosure/{unit.pk}/consultations/new/")
    page.get_by_label(re.compile("^Nội dung lấy ý kiến")).select_option(
        label="Dự thảo quy chế chi tiêu nội bộ"
    )
    page.get_by_label(re.compile("^Tiêu đề")).fill("Dự thảo sửa đổi Quy chế chi tiêu nội bộ")
    page.get_by_label(re.compile("^Hoặc toàn văn dự thảo")).fill(TEXT.replace("200.000", "300.000"))
    # Comments are taken until today; the summary can be published from the closing day.
    page.get_by_label(re.compile("^Đến ngày")).fill(today.isoformat())
    page.get_by_label("Cho phép góp ý không ghi tên").check()
    page.get_by_role("button", name="Mở đợt lấy ý kiến").click()
    expect(page.locator("#state")).to_have_text("Đang lấy ý kiến")
    consultation_url = page.url

    staff_page.goto(consultation_url)
    form = staff_page.locator("#comment-form")
    form.get_by_label("Góp ý vào").select_option("Điều 2")
    form.get_by_label(re.compile("^Ý kiến của bạn")).fill("Đề nghị giữ mức 250.000 đồng.")
    form.get_by_label("Không ghi tên tôi").check()
    form.get_by_role("button", name="Gửi ý kiến").click()
    expect(staff_page.locator("#comments")).to_contain_text("Đề nghị giữ mức 250.000 đồng.")
    assert Comment.objects.get().author_id is None
    staff.close()

    page.goto(consultation_url)
    row = page.locator("#comments tbody tr").first
    expect(row).to_contain_text("không ghi tên")
    row.get_by_label(re.compile("^Trả lời")).select_option(label="Tiếp thu một phần")
    row.get_by_label(re.compile("^Lý do")).fill("Theo định mức của Thành phố.")
    row.get_by_role("button", name="Trả lời").click()
    expect(page.locator("#comments")).to_contain_text("Tiếp thu một phần: Theo định mức")
    publish = page.locator("#action-publish")
    publish.locator("summary").click()
    publish.get_by_label(re.compile("^Số báo cáo tổng hợp")).fill("20/BC-SKHCN")
    publish.get_by_role("button", name="Công khai tổng hợp ý kiến").click()
    expect(page.locator("#state")).to_have_text("Đã công khai tổng hợp")
    summary = Publication.objects.get(agency=unit, category="opinions")
    assert summary.consultation is not None
