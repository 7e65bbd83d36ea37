"""The unit's list of dossiers: the same queries on its first page and on a page reached by
its "next" link, for 3 or 40 dossiers; the pager says where it is."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from danchu.onestop.models import Dossier
from tests.conftest import login, pager_link
from tests.onestop.conftest import at


@pytest.mark.parametrize("n", [3, 40])
def test_the_dossier_list_costs_the_same_on_every_page(desk, client, django_assert_num_queries, n):
    for i in range(n):
        desk.receive(at=dt.datetime(2025, 3, 3, 1 + i % 3, tzinfo=dt.UTC))  # ties
    login(client, desk.officer)
    url = reverse("onestop:dossier_list", args=[desk.cast.a.unit.pk])
    client.get(url)
    with django_assert_num_queries(6):
        body = client.get(url).content.decode()
    if n == 3:
        assert 'rel="next"' not in body
        return
    assert "Trang 1/2" in body
    with django_assert_num_queries(6):
        second = client.get(url + pager_link(body, "next")).content.decode()
    assert "Trang 2/2" in second and 'rel="prev"' in second and 'rel="next"' not in second
    again = client.get(url + pager_link(second, "prev")).content.decode()
    assert "Trang 1/2" in again and _rows(again) == _rows(body)
    # Every dossier once, newest first (equal times in a batch: the latest id first).
    expected = list(
        Dossier.objects.filter(agency=desk.cast.a.unit)
        .order_by("-received_at", "-id")
        .values_list("pk", flat=True)
    )
    assert _rows(body) + _rows(second) == expected


def _rows(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/onestop/dossiers/(\d+)/"', body)]


VN = ZoneInfo("Asia/Ho_Chi_Minh")


@time_machine.travel(dt.datetime(2025, 3, 10, 10, 0, tzinfo=VN), tick=False)
def test_the_queue_pages_walk_the_queue_in_its_order_both_ways(desk):
    from danchu.onestop.selectors import work_queue, work_queue_page

    unit = desk.cast.a.unit
    made = [
        desk.receive(at=at(day, 8 + i))
        for day in ("2025-02-24", "2025-03-03", "2025-03-04", "2025-03-07")
        for i in range(4)
    ]
    # Results waiting at the desk, and clocks stopped for a supplement.
    Dossier.objects.filter(pk__in=[made[1].pk, made[6].pk, made[11].pk]).update(state="approved")
    Dossier.objects.filter(pk__in=[made[2].pk, made[9].pk]).update(state="supplement", due_on=None)
    expected = [d.pk for d in work_queue(actor=desk.officer, agency=unit)]
    assert len(expected) == 16

    page = work_queue_page(actor=desk.officer, agency=unit, size=3)
    pages = [page]
    while page.more_after:
        page = work_queue_page(actor=desk.officer, agency=unit, size=3, after=page.last)
        pages.append(page)
    assert [d.pk for p in pages for d in p.rows] == expected
    assert [len(p.rows) for p in pages] == [3, 3, 3, 3, 3, 1]
    assert pages[0].count == 16 and not pages[0].more_before
    urgencies = [d.urgency for p in pages for d in p.rows]  # type: ignore[attr-defined]
    assert urgencies[0] == "overdue" and urgencies[-1] == "paused" and "ready" in urgencies

    back = []
    while page.more_before:
        page = work_queue_page(actor=desk.officer, agency=unit, size=3, before=page.first)
        back.append([d.pk for d in page.rows])
    assert back == [[d.pk for d in p.rows] for p in reversed(pages[:-1])]


@time_machine.travel(dt.datetime(2025, 3, 10, 10, 0, tzinfo=VN), tick=False)
def test_the_queue_page_links_carry_the_cursor(desk, client):
    for i in range(30):
        desk.receive(at=at("2025-03-04", 8 + i % 9))
    login(client, desk.officer)
    url = reverse("onestop:queue", args=[desk.cast.a.unit.pk])
    body = client.get(url).content.decode()
    assert "Trang 1/2" in body
    second = client.get(url + pager_link(body, "next")).content.decode()
    assert "Trang 2/2" in second and 'rel="next"' not in second
    first = _queue_rows(body) + _queue_rows(second)
    assert len(first) == 30 and len(set(first)) == 30
    again = client.get(url + pager_link(second, "prev")).content.decode()
    assert _queue_rows(again) == _queue_rows(body)
    for broken in ("?after=9.x.1", "?after=1.2025-13-40.5", "?before=" + "9" * 40):
        assert _queue_rows(client.get(url + broken).content.decode()) == _queue_rows(body)


def _queue_rows(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/onestop/dossiers/(\d+)/"', body)]
