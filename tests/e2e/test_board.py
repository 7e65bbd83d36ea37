"""The People's Inspection Board and tasks in a browser, Sở KH&CN of the core demo.

The board sends a recommendation to the head; the head answers it with two actions, each with
its lead and deadline; the actions appear as tasks for their leads, who complete them; the
head accepts the work; the board closes the recommendation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from danchu.core.demo import DEMO_PASSWORD, DemoResult
from danchu.core.models import Agency, User
from danchu.oversight.models import Recommendation
from danchu.tasks.models import Task
from tests.e2e.conftest import TIMEOUT_MS

pytestmark = pytest.mark.e2e

UNIT_CODE = "000.00.12.H26"


class People:
    """One browser context per person, logged in once."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.browser, self.url = browser, url
        self.pages: dict[str, Page] = {}

    def __call__(self, username: str) -> Page:
        if username not in self.pages:
            context = self.browser.new_context(
                locale="vi-VN", viewport={"width": 1280, "height": 900}
            )
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.goto(f"{self.url}/login/")
            form = page.locator("#main form")
            form.locator("[name=username]").fill(username)
            form.locator("[name=password]").fill(DEMO_PASSWORD)
            form.locator("button[type=submit]").click()
            page.wait_for_url(f"{self.url}/")
            self.pages[username] = page
        return self.pages[username]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def people(browser: Browser, live_server: Any) -> Iterator[People]:
    crowd = People(browser, live_server.url)
    yield crowd
    crowd.close()


def _complete(page: Page, url: str, task: Task) -> None:
    page.goto(f"{url}/tasks/mine/")
    page.get_by_role("link", name=task.title).click()
    form = page.locator("#submit form")
    form.locator("[name=note]").fill("Đã thực hiện xong, có văn bản kèm theo.")
    form.locator("button").click()
    expect(page.locator("#task-facts")).to_contain_text("Đã thực hiện xong")


def test_a_recommendation_becomes_tasks_that_are_done_and_closed(
    page: Page, live_server: Any, demo: DemoResult, people: People
) -> None:
    url = live_server.url
    unit = Agency.objects.get(code=UNIT_CODE)
    today = timezone.localdate()
    lead1 = User.objects.get(username="canbo.khcn")
    lead2 = User.objects.get(username="truongphong.khcn")

    # The board sends the recommendation.
    board = people("bttnd.khcn")
    board.goto(f"{url}/board/{unit.pk}/recommendations/")
    board.locator(f"a[href='/board/{unit.pk}/recommendations/new/']").click()
    form = board.locator("#main form")
    form.locator("[name=number]").fill("09/KN-BTTND")
    form.locator("[name=content]").fill("Đề nghị công khai quyết toán quý III và rà soát chứng từ.")
    form.locator("[name=received_on]").fill(today.isoformat())
    form.locator("button").click()
    due = (today + dt.timedelta(days=15)).strftime("%d/%m/%Y")
    expect(board.locator("#recommendation-facts")).to_contain_text(due)
    recommendation = Recommendation.objects.get(agency=unit, number="09/KN-BTTND")

    # The head answers it with two actions.
    head = people("giamdoc.khcn")
    head.goto(f"{url}/board/recommendation/{recommendation.pk}/")
    head.locator(f"a[href='/board/recommendation/{recommendation.pk}/answer/']").click()
    form = head.locator("#main form")
    form.locator("[name=kind][value=accepted]").check()
    form.locator("[name=answer]").fill("Tiếp thu; giao hai đầu mối thực hiện.")
    for n, (title, lead, days) in enumerate(
        [("Công khai quyết toán quý III", lead1, 10), ("Rà soát chứng từ thanh toán", lead2, 20)],
        start=1,
    ):
        form.locator(f"[name=action_{n}_title]").fill(title)
        form.locator(f"[name=action_{n}_lead]").select_option(f"p:{lead.pk}")
        form.locator(f"[name=action_{n}_due]").fill((today + dt.timedelta(days=days)).isoformat())
    form.locator("button").click()
    actions = head.locator("#actions")
    expect(actions).to_contain_text("Công khai quyết toán quý III")
    expect(actions).to_contain_text("Rà soát chứng từ thanh toán")
    tasks = list(Task.objects.filter(source_kind="recommendation", source_id=recommendation.pk))
    assert {t.lead_person for t in tasks} == {lead1, lead2}

    # Each lead finds the task among theirs and completes it.
    for task in tasks:
        assert task.lead_person is not None
        _complete(people(task.lead_person.username), url, task)

    # The head, who gave the tasks, accepts the work.
    for task in tasks:
        head.goto(f"{url}/tasks/task/{task.pk}/")
        form = head.locator("#accept form").first
        form.locator("[name=quality]").select_option("good")
        form.locator("button").click()
        expect(head.locator("#task-facts")).to_contain_text("Đúng hạn".lower(), ignore_case=True)

    # The board closes the recommendation.
    board.goto(f"{url}/board/recommendation/{recommendation.pk}/")
    board.locator("[name=note]").fill("Các kiến nghị đã được thực hiện đầy đủ.")
    board.locator(f"button[formaction='/board/recommendation/{recommendation.pk}/close/']").click()
    expect(board.locator("#recommendation-facts")).to_contain_text(
        "Các kiến nghị đã được thực hiện đầy đủ."
    )
    recommendation.refresh_from_db()
    assert recommendation.state == "closed"
    assert all(
        t.state == "done" and t.on_time for t in Task.objects.filter(pk__in=[t.pk for t in tasks])
    )
