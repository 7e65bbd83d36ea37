"""The citizens' portal in a real browser, on a phone: find a procedure without diacritics, track
a dossier by its code and rate it, send a petition and follow it by its code and key — and
axe-core checks every public page on the way (its reports are kept in test-results/axe/).

The same pages are then read with JavaScript switched off: they need none.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, ViewportSize, expect

from danchu.core.demo import DemoResult
from danchu.core.errors import DomainError
from danchu.core.models import Agency, Membership, Role
from danchu.onestop import services
from danchu.onestop.models import Dossier
from danchu.portal.demo import load_demo as load_portal_demo
from tests.e2e.conftest import PAGE_KEY
from tests.e2e.test_onestop import PROCEDURE_NAME as PROCEDURE
from tests.e2e.test_onestop import UNIT_CODE, save_procedure

pytestmark = pytest.mark.e2e

APPLICANT_ID = "001190054321"
PHONE: ViewportSize = {"width": 390, "height": 844}
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = Path("test-results") / "axe"
# WCAG 2.1 A and AA, the bar; best-practice rules are reported but not required.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def returned(demo: DemoResult, live_server: Any, settings: Any) -> Dossier:
    """A dossier of Sở KH&CN walked through its steps and returned, with the portal's demo."""
    settings.DANCHU_PUBLIC_URL = live_server.url
    unit = Agency.objects.get(code=UNIT_CODE)
    procedure = save_procedure(unit)
    officer = Membership.objects.filter(
        agency__path__startswith=unit.path, role=Role.ONESTOP_OFFICER
    ).first()
    assert officer is not None
    dossier = services.dossier_receive(
        actor=officer.person,
        agency=unit,
        procedure=procedure,
        applicant_kind="person",
        applicant_name="Nguyễn Thị Thu Hằng",
        applicant_id=APPLICANT_ID,
        documents=[1, 2],
    )
    for _ in range(6):
        try:
            assert dossier.assignee is not None
            dossier = services.dossier_advance(actor=dossier.assignee, dossier=dossier)
        except DomainError:
            break
    assert dossier.assignee is not None
    dossier = services.dossier_decide(
        actor=dossier.assignee, dossier=dossier, approved=True, result_number="12/GP-SKHCN"
    )
    load_portal_demo()
    return services.dossier_return(actor=officer.person, dossier=dossier)


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core's script, pinned by tests/e2e/axe/package-lock.json and installed by ``.ci/run``
    (``npm ci --prefix tests/e2e/axe``). A test never fetches it: without it the journey skips
    outside CI, like a machine without Chromium, and fails in CI."""
    if not AXE.exists():
        reason = f"{AXE} is missing: run `npm ci --prefix tests/e2e/axe`"
        if os.environ.get("DANCHU_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(f"{reason} (DANCHU_REQUIRE_BROWSER=1 forbids skipping)", pytrace=False)
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def _axe(page: Page, source: str, name: str) -> None:
    """Run axe-core on the page as it is; save the report; no violation may remain."""
    page.evaluate(source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = {"url": page.url, "violations": result["violations"], "passes": len(result["passes"])}
    (REPORTS / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert not problems, f"axe-core on {name} ({page.url}):\n" + "\n".join(problems)


@pytest.fixture
def phone(request: pytest.FixtureRequest, browser: Browser) -> Any:
    # bypass_csp: axe is injected into pages whose policy (rightly) allows no foreign script.
    context = browser.new_context(locale="vi-VN", viewport=PHONE, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    request.node.stash[PAGE_KEY] = page  # a failure leaves a screenshot
    yield page
    context.close()


def test_a_citizen_on_a_phone(
    phone: Page, live_server: Any, returned: Dossier, axe_source: str
) -> None:
    page, axe = phone, axe_source
    mail.outbox = []
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Cổng thông tin cho công dân").click()
    expect(page.get_by_role("heading", level=1, name="Cổng thông tin cho công dân")).to_be_visible()
    _axe(page, axe, "01-home")

    # A procedure, found without diacritics.
    page.get_by_role("link", name="Sở Khoa học và Công nghệ").first.click()
    _axe(page, axe, "02-unit")
    page.get_by_role("link", name="Thủ tục hành chính").first.click()
    page.get_by_label("Tìm kiếm").fill("xuat ban ban tin")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.locator("#result-count")).to_have_text("1 thủ tục")
    _axe(page, axe, "03-catalogue")
    page.get_by_role("link", name=PROCEDURE).click()
    expect(page.get_by_role("heading", level=1, name=PROCEDURE)).to_be_visible()
    expect(page.get_by_text("Đơn đề nghị cấp giấy phép")).to_be_visible()
    _axe(page, axe, "04-procedure")
    page.screenshot(path=str(REPORTS.parent / "portal-procedure-phone.png"), full_page=True)

    # The dossier, tracked by its code and rated once.
    page.get_by_role("navigation", name="Cổng thông tin").get_by_role(
        "link", name="Tra cứu hồ sơ"
    ).click()
    _axe(page, axe, "05-lookup")
    page.get_by_label("Mã hồ sơ").fill(returned.code)
    page.get_by_label("4 chữ số cuối").fill(APPLICANT_ID[-4:])
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#lookup-result")).to_contain_text(returned.code)
    expect(page.locator("#lookup-result")).not_to_contain_text("Nguyễn Thị Thu Hằng")
    _axe(page, axe, "06-lookup-result")
    page.get_by_label("hài lòng", exact=True).check()
    page.get_by_label("Ý kiến").fill("Nhanh, đúng hẹn.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("ul.messages")).to_contain_text("Cảm ơn")
    expect(page.get_by_role("button", name="Gửi đánh giá")).to_have_count(0)

    # A petition: the address proven by a code, the letter, its code and key.
    page.goto(f"{live_server.url}/cong-dan/{UNIT_CODE}/")
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị, khiếu nại, tố cáo").click()
    _axe(page, axe, "07-send-email")
    page.get_by_label("Địa chỉ thư điện tử").fill("hoa.le@example.vn")
    page.get_by_role("button", name="Gửi mã xác thực").click()
    expect(
        page.get_by_role("heading", level=1, name="Mã xác thực trong thư điện tử")
    ).to_be_visible()
    _axe(page, axe, "08-send-code")
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].subject))
    assert code is not None
    page.get_by_label("Mã 6 chữ số").fill(code.group(1))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", level=1, name="Nội dung đơn")).to_be_visible()
    _axe(page, axe, "09-send-letter")
    page.get_by_label("Kiến nghị, phản ánh").check()
    page.get_by_label("Nội dung chính").fill("Phản ánh thời gian chờ tại Bộ phận một cửa")
    page.get_by_label("Nội dung đơn").fill(
        "Tôi phải chờ hơn hai giờ để được tiếp nhận hồ sơ sáng thứ Hai."
    )
    page.get_by_label("Họ và tên").fill("Lê Thị Hoa")
    page.get_by_role("button", name="Gửi đơn").click()
    expect(
        page.get_by_role("heading", level=1, name="Đơn của ông/bà đã được tiếp nhận")
    ).to_be_visible()
    _axe(page, axe, "10-sent")
    letter_code = page.locator("#letter-code").inner_text().strip()
    key = page.locator("#letter-key").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", key)

    # Followed from another visit, by code and key.
    page.goto(f"{live_server.url}/cong-dan/theo-doi-don/")
    page.get_by_label("Mã đơn").fill(letter_code)
    page.get_by_label("Mã tra cứu").fill(key.replace("-", "").lower())
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#letter-result")).to_contain_text(letter_code)
    expect(page.locator("#letter-result .letter-state")).to_have_text("Tiếp nhận")
    _axe(page, axe, "11-follow")

    # Figures, documents, open data.
    page.goto(f"{live_server.url}/cong-dan/{UNIT_CODE}/so-lieu/")
    expect(page.locator("#f-received")).to_have_text("1")
    _axe(page, axe, "12-figures")
    page.screenshot(path=str(REPORTS.parent / "portal-figures-phone.png"), full_page=True)
    page.goto(f"{live_server.url}/cong-dan/thanh-pho/H26/so-lieu/")
    expect(page.locator("#city-table")).to_contain_text("Sở Khoa học và Công nghệ")
    _axe(page, axe, "13-city-figures")
    page.goto(f"{live_server.url}/cong-dan/{UNIT_CODE}/van-ban/")
    expect(page.locator("#publications")).to_contain_text("Bản cam kết chất lượng phục vụ")
    _axe(page, axe, "14-documents")
    page.goto(f"{live_server.url}/cong-dan/du-lieu-mo/")
    _axe(page, axe, "15-opendata")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1, name="Open data")).to_be_visible()
    _axe(page, axe, "16-opendata-en")


def test_reading_and_tracking_without_javascript(
    browser: Browser, live_server: Any, returned: Dossier
) -> None:
    context = browser.new_context(locale="vi-VN", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/cong-dan/{UNIT_CODE}/thu-tuc/")
    page.get_by_label("Tìm kiếm").fill("XUẤT BẢN")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.get_by_role("link", name=PROCEDURE)).to_be_visible()
    page.goto(f"{live_server.url}/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(returned.code)
    page.get_by_label("4 chữ số cuối").fill(APPLICANT_ID[-4:])
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#lookup-result")).to_contain_text(returned.code)
    expect(page.locator("#public-state")).not_to_be_empty()
    context.close()
