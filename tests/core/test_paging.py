"""Keyset pagination: the "next" and "previous" links walk a list without OFFSET, every row
once and in order; the count is capped; a broken cursor or a bookmarked ?page=N still works.
The lists that use it pin their queries in tests/onestop/test_lists.py and
tests/letters/test_lists.py."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.test import RequestFactory

from danchu.core import paging
from danchu.core.models import Agency, AgencyKind
from danchu.core.paging import keyset_page
from tests.conftest import Cast

KEYS = ("-created_at", "-id")


@pytest.fixture
def rows(cast: Cast) -> Any:
    city = cast.city
    for n in range(23):
        Agency.objects.create(
            code=f"P{n:03d}", name=f"Phòng {n % 4}", kind=AgencyKind.DIVISION, parent=city
        )
    made = Agency.objects.filter(parent=city, kind=AgencyKind.DIVISION)
    # Rows share their creation time in threes: the id breaks the tie, and the cursor must too.
    base = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    for i, pk in enumerate(made.order_by("pk").values_list("pk", flat=True)):
        made.filter(pk=pk).update(created_at=base + dt.timedelta(minutes=i // 3))
    return made


def _get(query: str = "") -> Any:
    return RequestFactory().get(f"/list/{query}")


def test_next_links_walk_every_row_once_in_order_and_previous_links_walk_back(rows):
    expected = list(rows.order_by(*KEYS).values_list("pk", flat=True))
    page = keyset_page(_get(), rows, keys=KEYS, size=5)
    seen, pages = [r.pk for r in page], [page]
    assert page.number == 1 and page.previous_query is None
    while page.next_query:
        page = keyset_page(_get(page.next_query), rows, keys=KEYS, size=5)
        seen += [r.pk for r in page]
        pages.append(page)
        assert page.number == len(pages)
    assert seen == expected
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3] and page.next_query is None
    back = []
    while page.previous_query:
        page = keyset_page(_get(page.previous_query), rows, keys=KEYS, size=5)
        back.append(([r.pk for r in page], page.number))
    assert [numbers for _, numbers in back] == [4, 3, 2, 1]
    assert [pks for pks, _ in back] == [[r.pk for r in p] for p in reversed(pages[:-1])]
    assert page.previous_query is None


def test_the_links_keep_the_lists_own_query(rows):
    page = keyset_page(_get("?q=ph%C3%B2ng&status=open"), rows, keys=KEYS, size=5)
    assert page.next_query is not None
    query = parse_qs(page.next_query.lstrip("?"))
    assert query["q"] == ["phòng"] and query["status"] == ["open"]
    assert query["page"] == ["2"] and "after" in query and "before" not in query


def test_a_bookmarked_page_number_gives_the_same_rows_as_the_links(rows):
    by_links = keyset_page(_get(), rows, keys=KEYS, size=5)
    for _ in range(2):
        by_links = keyset_page(_get(by_links.next_query or ""), rows, keys=KEYS, size=5)
    by_number = keyset_page(_get("?page=3"), rows, keys=KEYS, size=5)
    assert [r.pk for r in by_number] == [r.pk for r in by_links] and by_number.number == 3
    past_the_end = keyset_page(_get("?page=99"), rows, keys=KEYS, size=5)
    assert past_the_end.number == 1 and len(past_the_end) == 5


@pytest.mark.parametrize(
    "cursor", ["?after=garbage", "?after=W10", "?after=WyJ4IiwiMSJd", "?before=%00", "?page=x"]
)
def test_a_broken_cursor_gives_the_first_page(rows, cursor):
    page = keyset_page(_get(cursor), rows, keys=KEYS, size=5)
    first = keyset_page(_get(), rows, keys=KEYS, size=5)
    assert [r.pk for r in page] == [r.pk for r in first] and page.number == 1


def test_the_count_stops_at_the_cap(rows, monkeypatch):
    monkeypatch.setattr(paging, "CAP", 10)
    page = keyset_page(_get(), rows, keys=KEYS, size=5)
    assert page.capped and page.count == 10 and page.pages == 2
    monkeypatch.setattr(paging, "CAP", 100)
    page = keyset_page(_get(), rows, keys=KEYS, size=5)
    assert not page.capped and page.count == 23 and page.pages == 5


@pytest.mark.parametrize("keys", [("name", "-id"), ("-name", "code", "id"), ("created_at", "id")])
def test_any_mix_of_directions_walks_the_same_rows_as_the_database_order(rows, keys):
    expected = list(rows.order_by(*keys).values_list("pk", flat=True))
    page = keyset_page(_get(), rows, keys=keys, size=4)
    seen = [r.pk for r in page]
    while page.next_query:
        page = keyset_page(_get(page.next_query), rows, keys=keys, size=4)
        seen += [r.pk for r in page]
    assert seen == expected


@pytest.mark.parametrize(
    "query",
    [
        "?page=" + "9" * 40,  # no OFFSET of that size: the first page, not an error
        "?after=WzFlOTk5LDFlOTk5XQ",  # [1e999, 1e999]
        "?after=WyI5OTk5LTEyLTMxVDIzOjAwLTE0OjAwIiwxXQ",  # ["9999-12-31T23:00-14:00", 1]
    ],
)
def test_absurd_input_gives_the_first_page(rows, query):
    page = keyset_page(_get(query), rows, keys=KEYS, size=5)
    first = keyset_page(_get(), rows, keys=KEYS, size=5)
    assert [r.pk for r in page] == [r.pk for r in first] and page.number == 1


def test_a_cursor_past_the_end_gives_the_first_page_with_its_links(rows):
    page = keyset_page(_get(), rows, keys=KEYS, size=5)
    while page.next_query:
        last = page
        page = keyset_page(_get(page.next_query), rows, keys=KEYS, size=5)
    rows.filter(pk__in=[r.pk for r in page]).delete()  # the last page's rows are gone
    stale = keyset_page(_get(last.next_query or ""), rows, keys=KEYS, size=5)
    assert stale.number == 1 and len(stale) == 5 and stale.next_query is not None
