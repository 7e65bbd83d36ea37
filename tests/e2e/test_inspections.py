"""A surprise inspection of QCDC by the city's steering committee, in a browser, on the fixed cast.

A committee member adds a surprise inspection of department A to this year's plan, leading the
delegation himself; the department knows nothing of it until he starts it. Then its head opens
the self-report pre-filled with the figures of the unit's records, writes the overview and
submits it. The delegation records a finding on each criterion of the checklist and concludes
with two requirements, led by a member of the department's staff; she completes them in the
tasks app and the head accepts the work; the committee closes the inspection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from danchu.core.models import Role
from danchu.inspections import services
from danchu.inspections.models import Group, Inspection, Kind, Plan, Scoring, State
from danchu.tasks.models import Task
from tests.conftest import Cast
from tests.e2e.conftest import PAGE_KEY, TIMEOUT_MS
from tests.factories import PASSWORD, give_role, make_person

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
REQUIREMENTS = [
    ("Niêm yết đầy đủ thủ tục hành chính tại bộ phận một cửa", 15),
    ("Tổ chức hội nghị cán bộ, công chức trước ngày 31/3 hằng năm", 30),
]


class People:
    """One browser context per person, logged in once; script errors are collected."""

    def __init__(self, request: pytest.FixtureRequest, browser: Browser, url: str) -> None:
        self.request, self.browser, self.url = request, browser, url
        self.pages: dict[str, Page] = {}
        self.errors: list[str] = []

    def __call__(self, username: str, viewport: dict[str, int] = DESKTOP) -> Page:
        key = f"{username}@{viewport['width']}"
        if key not in self.pages:
            context = self.browser.new_context(locale="vi-VN", viewport=viewport)  # type: ignore[arg-type]
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
            # The live server's first request imports every app's pages: give it time.
            page.goto(f"{self.url}/login/", timeout=None if self.pages else 6 * TIMEOUT_MS)
            form = page.locator("#main form")
            form.locator("[name=username]").fill(username)
            form.locator("[name=password]").fill(PASSWORD)
            form.locator("button[type=submit]").click()
            page.wait_for_url(f"{self.url}/")
            self.pages[key] = page
        # A failing test leaves a screenshot of the page last turned to.
        self.request.node.stash[PAGE_KEY] = self.pages[key]
        return self.pages[key]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def people(request: pytest.FixtureRequest, browser: Browser, live_server: Any) -> Iterator[People]:
    crowd = People(request, browser, live_server.url)
    yield crowd
    crowd.close()
    assert not crowd.errors, f"JavaScript errors on the pages: {crowd.errors}"


@pytest.fixture
def plan(cast: Cast) -> Plan:
    """The committee's checklist of two criteria and this year's plan (as in the `world` of
    tests/inspections/conftest.py), with a second committee member for the delegation."""
    member = make_person(agency=cast.committee, username="steering2", full_name="Ủy viên BCĐ")
    give_role(member, cast.committee, Role.STEERING_MEMBER)
    services.criterion_create(
        actor=cast.steering,
        committee=cast.committee,
        group=Group.ONESTOP,
        code="8.1",
        title="Giải quyết thủ tục hành chính đúng hạn",
        evidence="Sổ theo dõi hồ sơ, thống kê một cửa",
        scoring=Scoring.MET,
        max_points=10,
        guide="Đạt: 100% đúng hạn; đạt một phần: từ 90%; không đạt: dưới 90%",
    )
    services.criterion_create(
        actor=cast.steering,
        committee=cast.committee,
        group=Group.CONFERENCE,
        code="5.1",
        title="Tổ chức hội nghị cán bộ, công chức đúng hạn",
        evidence="Biên bản, nghị quyết hội nghị",
        scoring=Scoring.POINTS,
        max_points=20,
        guide="20 điểm nếu tổ chức trước 31/3, trừ 5 điểm mỗi tháng chậm",
    )
    return services.plan_create(
        actor=cast.steering,
        committee=cast.committee,
        year=timezone.localdate().year,
        title="Kế hoạch kiểm tra thực hiện QCDC",
    )


def _fits_the_screen(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 1, f"{page.url} scrolls sideways by {width}px on a phone"


def test_a_surprise_inspection_from_plan_to_closing(
    live_server: Any, cast: Cast, plan: Plan, people: People
) -> None:
    url = live_server.url
    today = timezone.localdate()
    unit, head, staff = cast.a.unit, cast.a.head, cast.a.staff

    # 1. The committee member adds a surprise inspection of department A to the plan.
    steering = people(cast.steering.username)
    steering.goto(f"{url}/inspections/")
    steering.locator(f"#plans a[href='/inspections/plan/{plan.pk}/']").click()
    steering.wait_for_url(f"{url}/inspections/plan/{plan.pk}/")
    steering.locator(f"a[href='/inspections/plan/{plan.pk}/new/']").click()
    form = steering.locator("#main form[method=post]")
    form.locator("[name=unit]").select_option(str(unit.pk))
    form.locator(f"[name=kind][value={Kind.SURPRISE}]").check()
    form.locator("[name=scheduled_on]").fill(today.isoformat())
    form.locator("[name=period_start]").fill(dt.date(today.year, 1, 1).isoformat())
    form.locator("[name=period_end]").fill(today.isoformat())
    form.locator("[name=leader]").select_option(str(cast.steering.pk))
    checked = form.locator("[name=criteria]:checked")
    expect(checked).to_have_count(2)  # the whole checklist in use, by default
    form.locator("[name=scope_note]").fill("Kiểm tra đột xuất việc thực hiện QCDC năm nay.")
    form.locator("button").click()
    inspection = Inspection.objects.get(plan=plan, agency=unit)
    assert inspection.kind == Kind.SURPRISE and inspection.state == State.PLANNED
    steering.wait_for_url(f"{url}/inspections/{inspection.pk}/")
    expect(steering.locator("#state")).to_have_attribute("data-state", State.PLANNED)
    steering.goto(f"{url}/inspections/plan/{plan.pk}/")
    expect(steering.locator(f"#inspections a[href='/inspections/{inspection.pk}/']")).to_have_count(
        1
    )

    # The department's head sees nothing of it, not even by its address.
    unit_head = people(head.username)
    unit_head.goto(f"{url}/inspections/")
    expect(unit_head.locator("#inspections")).to_be_visible()
    expect(unit_head.locator(f"a[href='/inspections/{inspection.pk}/']")).to_have_count(0)
    response = unit_head.goto(f"{url}/inspections/{inspection.pk}/")
    assert response is not None and response.status == 404
    response = unit_head.goto(f"{url}/inspections/{inspection.pk}/report/")
    assert response is not None and response.status == 404

    # 2. The leader starts it at the unit: now the head sees it, with its self-report.
    steering.goto(f"{url}/inspections/{inspection.pk}/")
    steering.locator(f"form[action='/inspections/{inspection.pk}/start/'] button").click()
    expect(steering.locator("#state")).to_have_attribute("data-state", State.IN_PROGRESS)
    expect(steering.locator("#main .messages .success")).to_be_visible()

    unit_head.goto(f"{url}/inspections/")
    unit_head.locator(f"#inspections a[href='/inspections/{inspection.pk}/']").click()
    unit_head.wait_for_url(f"{url}/inspections/{inspection.pk}/")
    expect(unit_head.locator("#state")).to_have_attribute("data-state", State.IN_PROGRESS)
    # The unit is not in the delegation: no finding form, no conclusion for it.
    expect(unit_head.locator("#checklist form")).to_have_count(0)
    expect(unit_head.locator(f"a[href='/inspections/{inspection.pk}/conclude/']")).to_have_count(0)
    unit_head.locator(f"#self-report a[href='/inspections/{inspection.pk}/report/']").click()
    unit_head.wait_for_url(f"{url}/inspections/{inspection.pk}/report/")
    # Pre-filled: the figures of the unit's records, section by section, not typed.
    figures = unit_head.locator("#prose [data-figure]")
    expect(figures.first).to_be_visible()
    assert figures.count() >= 2
    for figure in ("tasks.assigned", "onestop.received", "conference.held"):
        expect(unit_head.locator(f"#prose [data-figure='{figure}']")).to_have_count(1)
    expect(
        unit_head.locator("#prose input[name*='figure'], #prose [data-figure] input")
    ).to_have_count(0)
    prose = unit_head.locator("#prose")
    prose.locator("[name=overview]").fill(
        "Đơn vị đã ban hành quy chế dân chủ và tổ chức thực hiện nghiêm túc."
    )
    prose.locator("button").click()
    unit_head.wait_for_url(f"{url}/inspections/{inspection.pk}/report/")
    expect(unit_head.locator("#main .messages .success")).to_be_visible()
    expect(unit_head.locator("#prose [name=overview]")).to_have_value(
        "Đơn vị đã ban hành quy chế dân chủ và tổ chức thực hiện nghiêm túc."
    )
    unit_head.locator(f"form[action='/inspections/{inspection.pk}/report/submit/'] button").click()
    expect(unit_head.locator("#main .messages .success")).to_be_visible()
    expect(unit_head.locator("#prose")).to_have_count(0)  # frozen once submitted
    expect(unit_head.locator("[data-prose=overview]")).to_contain_text("quy chế dân chủ")
    expect(unit_head.locator("[data-figure]").first).to_be_visible()
    inspection.self_report.refresh_from_db()
    assert inspection.self_report.state == "submitted"

    # The delegation may work from a phone at the unit: the checklist's forms fit its screen.
    phone = people(cast.steering.username, PHONE)
    phone.goto(f"{url}/inspections/{inspection.pk}/")
    expect(phone.locator("#checklist form")).to_have_count(2)
    _fits_the_screen(phone)

    # 3. The leader records a finding on each criterion (htmx rows) and concludes.
    steering.goto(f"{url}/inspections/{inspection.pk}/")
    expect(
        steering.locator(f"#self-report a[href='/inspections/{inspection.pk}/report/']")
    ).to_be_visible()
    findings = {"8.1": ("partly", None), "5.1": ("partly", 15)}
    for criterion in inspection.criteria.order_by("code"):
        rating, points = findings[criterion.code]
        row = steering.locator(f"#c{criterion.pk}")
        prefix = f"c{criterion.pk}"
        row.locator(f"[name={prefix}-rating]").select_option(rating)
        if points is not None:
            row.locator(f"[name={prefix}-points]").fill(str(points))
        else:
            expect(row.locator(f"[name={prefix}-points]")).to_have_count(0)
        row.locator(f"[name={prefix}-note]").fill(f"Tiêu chí {criterion.code}: còn thiếu sót.")
        row.locator("form button").click()
        # The row comes back in place, without a page load, with the finding on it.
        expect(steering.locator(f"#c{criterion.pk} [role=status]")).to_be_attached()
        expect(steering.locator(f"[data-rating='{criterion.code}']")).not_to_have_text("—")
    # MET-scored 8.1 partly met: half of 10; 5.1: 15 of 20.
    expect(steering.locator("#score")).to_have_attribute("data-possible", "30")
    expect(steering.locator("#score")).to_have_attribute("data-earned", "20")
    assert inspection.findings.count() == 2

    steering.locator(f"a[href='/inspections/{inspection.pk}/conclude/']").click()
    steering.wait_for_url(f"{url}/inspections/{inspection.pk}/conclude/")
    form = steering.locator("#conclude")
    form.locator("[name=conclusion_number]").fill("15/KL-BCĐ")
    form.locator("[name=conclusion]").fill(
        "Đơn vị thực hiện cơ bản đầy đủ QCDC; còn hai tồn tại cần khắc phục."
    )
    for n, (text, days) in enumerate(REQUIREMENTS, start=1):
        form.locator(f"[name=req_{n}_text]").fill(text)
        form.locator(f"[name=req_{n}_lead]").select_option(str(staff.pk))
        form.locator(f"[name=req_{n}_due]").fill((today + dt.timedelta(days=days)).isoformat())
    form.locator("button:not([name=add_row])").click()
    steering.wait_for_url(f"{url}/inspections/{inspection.pk}/")
    expect(steering.locator("#state")).to_have_attribute("data-state", State.CONCLUDED)
    expect(steering.locator("#conclusion")).to_contain_text("hai tồn tại")
    expect(steering.locator("#requirements tbody tr")).to_have_count(2)
    expect(steering.locator("#checklist form")).to_have_count(0)
    tasks = list(Task.objects.filter(source_kind="inspection", source_id=inspection.pk))
    assert len(tasks) == 2
    assert {t.lead_person_id for t in tasks} == {staff.pk}

    # 4. The lead opens each requirement's task from the inspection page and completes it.
    lead = people(staff.username)
    for n in (1, 2):
        lead.goto(f"{url}/inspections/{inspection.pk}/")
        lead.locator(f"#requirements a[data-task='{n}']").click()
        lead.wait_for_url(f"{url}/tasks/task/*/")
        form = lead.locator("#submit form")
        form.locator("[name=note]").fill(f"Đã khắc phục tồn tại số {n}, có văn bản kèm theo.")
        form.locator("button").click()
        expect(lead.locator("#task-facts")).to_contain_text(f"Đã khắc phục tồn tại số {n}")
        expect(lead.locator("#submit")).to_have_count(0)
    # The committee is not offered the close while the work is not accepted.
    steering.goto(f"{url}/inspections/{inspection.pk}/")
    expect(steering.locator("#state")).to_have_attribute("data-state", State.CONCLUDED)
    expect(steering.locator(f"form[action='/inspections/{inspection.pk}/close/']")).to_have_count(0)

    # The head, in whose name the tasks were given, accepts the work.
    for task in tasks:
        unit_head.goto(f"{url}/tasks/task/{task.pk}/")
        form = unit_head.locator("#accept form").first
        form.locator("[name=quality]").select_option("good")
        form.locator("button").click()
        expect(unit_head.locator("#accept")).to_have_count(0)
    assert all(t.state == "done" for t in Task.objects.filter(pk__in=[t.pk for t in tasks]))

    # 5. The committee closes the inspection.
    steering.goto(f"{url}/inspections/{inspection.pk}/")
    steering.locator(f"form[action='/inspections/{inspection.pk}/close/'] button").click()
    expect(steering.locator("#main .messages .success")).to_be_visible()
    expect(steering.locator("#state")).to_have_attribute("data-state", State.CLOSED)
    expect(steering.locator(f"form[action='/inspections/{inspection.pk}/close/']")).to_have_count(0)
    inspection.refresh_from_db()
    assert inspection.state == State.CLOSED and inspection.closed_on == today

    # Closed, with its findings, conclusion and requirements, it still fits a phone's screen.
    phone = people(head.username, PHONE)
    phone.goto(f"{url}/inspections/{inspection.pk}/")
    expect(phone.locator("#requirements")).to_be_visible()
    _fits_the_screen(phone)
