"""The one-stop desk in a browser: a dossier from the counter to the citizen's rating.

Sở KH&CN of the core demo, one five-step procedure made here (not the one-stop demo catalogue,
whose data may change): the desk receives and prints the receipt slip, each assignee hands the
dossier on from their work queue, the desk returns the result, and the applicant, with no login,
follows the QR link, sees the state without personal data and rates the service once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from danchu.core.demo import DEMO_PASSWORD, DemoResult
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.selectors import agency_calendar
from danchu.onestop import services
from danchu.onestop.models import Dossier, Procedure
from danchu.onestop.services import DocumentSpec, StepSpec

pytestmark = pytest.mark.e2e

UNIT_CODE = "000.00.12.H26"  # Sở KH&CN
SPECIALIST_CODE = f"{UNIT_CODE}.QLCNG"  # Phòng Quản lý Chuyên ngành: the demo's handling officers
STEPS = [
    StepSpec("Tiếp nhận hồ sơ", Role.ONESTOP_OFFICER, 4, "hours"),
    StepSpec("Thẩm định hồ sơ", Role.HANDLING_OFFICER, 3),
    StepSpec("Lãnh đạo phòng xem xét", Role.DIVISION_HEAD, 4, "hours"),
    StepSpec("Lãnh đạo Sở ký duyệt", Role.HEAD, 4, "hours"),
    StepSpec("Trả kết quả", Role.ONESTOP_OFFICER, 0, "hours"),
]
DOCUMENTS = [
    DocumentSpec("Đơn đề nghị cấp giấy phép", 1, "original"),
    DocumentSpec("Bản sao quyết định thành lập", 1, "certified"),
]
DEADLINE_DAYS = 5
PROCEDURE_NAME = "Cấp giấy phép xuất bản bản tin"
APPLICANT_NAME = "Nguyễn Thị Thu Hằng"
APPLICANT_ID = "001190054321"
CODE = re.compile(r"000\.00\.12\.H26-\d{6}-\d{4}")
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SHOTS = Path("test-results")  # gitignored; kept for a person to look at


@dataclass
class Desk:
    unit: Agency
    procedure: Procedure
    specialist_chief: User  # head of the handling officers' division, given a demo password


@pytest.fixture
def desk(demo: DemoResult, settings: Any, live_server: Any) -> Desk:
    # The QR code and the URL printed under it point at the public site: here, the live server.
    settings.DANCHU_PUBLIC_URL = live_server.url
    unit = Agency.objects.get(code=UNIT_CODE)
    procedure = save_procedure(unit)
    chief = (Membership.objects.get(agency__code=SPECIALIST_CODE, role=Role.DIVISION_HEAD)).person
    _give_password(chief)
    return Desk(unit, procedure, chief)


def save_procedure(unit: Agency) -> Procedure:
    """The five-step procedure of these journeys (the portal's too), in Sở KH&CN's catalogue."""
    return services.procedure_save(
        actor=None,
        agency=unit,
        code="1.004443",
        name=PROCEDURE_NAME,
        field="Xuất bản, In và Phát hành",
        deadline_days=DEADLINE_DAYS,
        steps=STEPS,
        documents=DOCUMENTS,
        fee=0,
        online=True,
        legal_bases="Luật Xuất bản 2012",
    )


def _give_password(person: User) -> None:
    """The demo gives logins to one person per role; others get the demo password on demand."""
    person.set_password(DEMO_PASSWORD)
    person.save(update_fields=["password"])


def _logout(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()


def _open_from_queue(page: Page, code: str) -> None:
    """The desk from the main navigation, the work queue, the dossier."""
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Bộ phận Một cửa"
    ).click()
    expect(page.get_by_role("heading", name="Hồ sơ cần xử lý")).to_be_visible()
    page.locator("table#queue").get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", name=f"Hồ sơ {code}")).to_be_visible()


def _act(page: Page, label: str, fill: Callable[[Any], None] | None = None) -> None:
    """Open the action's <details>, fill it, submit it, land back on the dossier."""
    action = page.locator("details.action").filter(
        has=page.locator("summary", has_text=re.compile(f"^{re.escape(label)}$"))
    )
    action.locator("summary").click()
    if fill is not None:
        fill(action)
    action.get_by_role("button", name=label).click()
    expect(page.locator("ul.messages")).to_contain_text(f"Đã thực hiện: {label}", ignore_case=True)


def _receive(page: Page, live_server: Any) -> str:
    """The desk officer receives the dossier from the intake page; returns its code."""
    page.get_by_role("link", name="Bộ phận Một cửa").click()
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("heading", name="Tiếp nhận hồ sơ")).to_be_visible()
    page.get_by_label("Thủ tục").select_option(label=f"1.004443 — {PROCEDURE_NAME}")
    expect(page.get_by_role("heading", name=PROCEDURE_NAME)).to_be_visible()  # the form loaded
    page.get_by_label("Người nộp hồ sơ là").select_option(label="cá nhân")
    page.get_by_label("Tên tổ chức, cá nhân nộp hồ sơ").fill(APPLICANT_NAME)
    page.get_by_label("Số định danh cá nhân hoặc mã số thuế").fill(APPLICANT_ID)
    page.get_by_label("Thư điện tử").fill("hang.ntt@example.vn")
    # A checkbox's label wraps it, so its accessible name does not start with the words.
    page.get_by_label("Đơn đề nghị cấp giấy phép").check()
    page.get_by_label("Bản sao quyết định thành lập").check()
    page.get_by_role("button", name="Tiếp nhận và in phiếu tiếp nhận").click()
    expect(page).to_have_url(re.compile(r"/onestop/slips/\d+/$"))
    code = CODE.search(page.locator("#slip").inner_text())
    assert code, "no dossier code on the receipt slip"
    return code.group(0)


def test_a_dossier_from_the_counter_to_the_citizens_rating(
    page: Page, browser: Browser, live_server: Any, desk: Desk, login: Any
) -> None:
    today = timezone.localdate()
    appointment = agency_calendar(desk.unit).add_working_days(today, DEADLINE_DAYS)

    # 1. The desk receives the dossier and prints the receipt slip.
    login("motcua.khcn")
    code = _receive(page, live_server)
    assert code.split("-")[1] == today.strftime("%y%m%d")
    slip = page.locator("#slip")
    expect(slip).to_contain_text(MOTTO)
    expect(slip).to_contain_text("Độc lập - Tự do - Hạnh phúc")
    expect(slip).to_contain_text(f"Ngày hẹn trả kết quả: {appointment:%d/%m/%Y}")
    expect(slip).to_contain_text(APPLICANT_NAME)
    qr = slip.get_by_role("img", name="Mã QR để tra cứu hồ sơ")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    lookup_url = slip.locator(".qr small").inner_text().strip()
    assert lookup_url.startswith(f"{live_server.url}/tra-cuu/?code=")
    page.screenshot(path=str(SHOTS / "onestop-slip.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tệp Word").click()
    assert download.value.suggested_filename == f"phieu-receipt-{code}.docx"
    saved = Path(download.value.path())
    assert saved.read_bytes()[:2] == b"PK"  # a .docx is a zip

    # The receipt handed the dossier to a handling officer: the demo's login, the least loaded.
    page.get_by_role("link", name=f"← {code}").click()
    expect(page.locator("#state")).to_contain_text("đang giải quyết")
    _logout(page)

    # 2. Handling officer: from their queue, hand over to the division head.
    login("thuly.khcn")
    _open_from_queue(page, code)
    expect(page.locator("#main dl.facts")).to_contain_text("Phòng Quản lý Chuyên ngành")
    expect(page.locator("#main dl.facts")).to_contain_text("bước 2")
    _act(
        page,
        "Chuyển bước tiếp theo",
        lambda form: form.get_by_label("Lý do hoặc ghi chú").fill("Hồ sơ hợp lệ, đề nghị duyệt."),
    )
    expect(page.locator("#state")).to_contain_text("đang giải quyết")
    expect(page.locator("#main dl.facts")).to_contain_text("bước 3")

    # 3. The head of the handler's division (Phòng Quản lý Chuyên ngành), not any division head.
    expect(page.locator("#main dl.facts")).to_contain_text(desk.specialist_chief.full_name)
    _logout(page)
    login(desk.specialist_chief.username)
    _open_from_queue(page, code)
    _act(page, "Chuyển bước tiếp theo")
    expect(page.locator("#main dl.facts")).to_contain_text("bước 4")
    _logout(page)

    # 4. The head decides: approve, with the number of the result document.
    login("giamdoc.khcn")
    _open_from_queue(page, code)

    def approve(form: Any) -> None:
        form.get_by_role("combobox").select_option(label="Phê duyệt")
        form.get_by_label("Số văn bản kết quả").fill("125/GP-SKHCN")

    _act(page, "Quyết định", approve)
    expect(page.locator("#state")).to_contain_text("đã có kết quả")
    expect(page.locator("#main dl.facts")).to_contain_text("125/GP-SKHCN")
    _logout(page)

    # 5. The desk returns the result; the process-control slip shows the five handovers.
    login("motcua.khcn")
    _open_from_queue(page, code)
    _act(page, "Trả kết quả cho người nộp hồ sơ")
    expect(page.locator("#state")).to_contain_text("đã trả kết quả")
    page.get_by_role("link", name="Phiếu kiểm soát quá trình giải quyết hồ sơ").click()
    control = page.locator("#process-control")
    expect(control).to_contain_text(MOTTO)
    expect(control.locator("table.table tbody tr")).to_have_count(5)  # one per handover
    expect(control).to_contain_text("125/GP-SKHCN")
    page.screenshot(path=str(SHOTS / "onestop-control.png"), full_page=True)
    _logout(page)

    # 6. The citizen, in a fresh browser with no login, follows the QR link.
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    citizen = context.new_page()
    try:
        citizen.goto(lookup_url)
        expect(citizen.get_by_label("Mã hồ sơ")).to_have_value(code)
        citizen.get_by_label(re.compile("^4 chữ số cuối")).fill(APPLICANT_ID[-4:])
        citizen.get_by_role("button", name="Tra cứu").click()
        result = citizen.locator("#lookup-result")
        expect(result.locator("#public-state")).to_contain_text("đã trả kết quả")
        body = citizen.locator("body")
        expect(body).not_to_contain_text(APPLICANT_NAME)
        expect(body).not_to_contain_text(APPLICANT_ID)
        citizen.screenshot(path=str(SHOTS / "onestop-citizen.png"), full_page=True)
        citizen.get_by_role("radio", name="hài lòng", exact=True).check()
        citizen.get_by_label("Ý kiến góp ý").fill("Cán bộ hướng dẫn tận tình, trả đúng hẹn.")
        citizen.get_by_role("button", name="Gửi đánh giá").click()
        expect(citizen.locator("ul.messages")).to_contain_text("Cảm ơn ông/bà đã đánh giá")
        citizen.reload()
        expect(
            citizen.get_by_text("Hồ sơ này đã được đánh giá. Xin cảm ơn ông/bà.")
        ).to_be_visible()
        expect(citizen.get_by_role("button", name="Gửi đánh giá")).to_have_count(0)
        citizen.screenshot(path=str(SHOTS / "onestop-citizen-rated.png"), full_page=True)
    finally:
        context.close()
    rating = Dossier.objects.get(code=code).rating
    assert (rating.satisfaction, rating.comment) == (
        "satisfied",
        "Cán bộ hướng dẫn tận tình, trả đúng hẹn.",
    )


def _received(desk: Desk) -> Dossier:
    return services.dossier_receive(
        actor=User.objects.get(username="motcua.khcn"),
        agency=desk.unit,
        procedure=desk.procedure,
        applicant_kind="person",
        applicant_name=APPLICANT_NAME,
        applicant_id=APPLICANT_ID,
        documents=[1, 2],
    )


def test_wrong_id_digits_show_an_error_and_no_status(
    page: Page, live_server: Any, desk: Desk
) -> None:
    dossier = _received(desk)
    page.goto(f"{live_server.url}/tra-cuu/?code={dossier.code}")
    page.get_by_label(re.compile("^4 chữ số cuối")).fill("9999")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("alert")).to_contain_text("Không tìm thấy hồ sơ khớp")
    expect(page.locator("#lookup-result")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("đang giải quyết")
    expect(page.locator("body")).not_to_contain_text(PROCEDURE_NAME)
