"""The task lists are paginated and their query counts do not grow with their rows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.tasks.conftest import Work

MARCH_10 = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _march():
    with time_machine.travel(MARCH_10, tick=False):
        yield


def _queries(client, url, django_assert_num_queries, n):
    with django_assert_num_queries(n):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("name", "who", "queries"),
    [
        ("tasks:mine", "staff", 9),
        ("tasks:unit_tasks", "head", 7),
        ("tasks:plan_list", "head", 8),
        ("tasks:plan", "head", 8),
        ("tasks:stats", "head", 10),  # 9, and the period section (one query)
    ],
)
def test_the_query_count_does_not_grow_with_the_rows(
    work: Work, client, django_assert_num_queries, name, who, queries
):
    def url() -> str:
        if name == "tasks:mine":
            return reverse(name)
        if name == "tasks:plan":
            return reverse(name, kwargs={"pk": work.plan.pk})
        return reverse(name, kwargs={"unit": work.cast.a.unit.pk})

    client.force_login(getattr(work.cast.a, who))
    work.task()
    _queries(client, url(), django_assert_num_queries, queries)
    for i in range(30):
        work.task(
            title=f"Nhiệm vụ {i}", leads=[work.cast.a.staff if i % 2 else work.cast.a.division]
        )
    _queries(client, url(), django_assert_num_queries, queries)


def test_a_list_shows_one_page_of_25(work: Work, client):
    for i in range(30):
        work.task(title=f"Nhiệm vụ số {i:02d}")
    client.force_login(work.cast.a.head)
    page = client.get(reverse("tasks:unit_tasks", kwargs={"unit": work.cast.a.unit.pk})).content
    assert page.count(b"/tasks/task/") == 25
    second = client.get(
        reverse("tasks:unit_tasks", kwargs={"unit": work.cast.a.unit.pk}), {"page": 2}
    ).content
    assert second.count(b"/tasks/task/") == 5


@pytest.mark.parametrize("query", ["kiểm kê", "KIEM KE", "kiem   ke tai san", "nv-2026-0002"])
def test_the_search_ignores_accents_and_case_and_knows_the_number(work: Work, client, query):
    work.task(title="Rà soát quy chế")
    work.task(title="Kiểm kê tài sản công cuối năm")
    client.force_login(work.cast.a.head)
    url = reverse("tasks:unit_tasks", kwargs={"unit": work.cast.a.unit.pk})
    page = client.get(url, {"q": query}).content.decode()
    assert "Kiểm kê tài sản công" in page and "Rà soát quy chế" not in page
