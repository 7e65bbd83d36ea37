"""The unit's list of letters: the same queries on its first page and on a page reached by its
"next" link, for 3 or 40 letters."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from danchu.letters.models import Letter
from tests.conftest import login, pager_link


@pytest.mark.parametrize("n", [3, 40])
def test_the_letters_list_costs_the_same_on_every_page(rc, client, django_assert_num_queries, n):
    for i in range(n):
        rc.receive(received_on=dt.date(2026, 3, 2) + dt.timedelta(days=i % 5))
    login(client, rc.cast.a.head)
    url = reverse("letters:letter_list", args=[rc.cast.a.unit.pk])
    client.get(url)
    with django_assert_num_queries(8):
        body = client.get(url).content.decode()
    if n == 3:
        assert 'rel="next"' not in body
        return
    with django_assert_num_queries(8):
        second = client.get(url + pager_link(body, "next")).content.decode()
    assert "Trang 2/2" in second and 'rel="next"' not in second
    # Every letter once, newest first (the same day: the latest id first).
    expected = list(
        Letter.objects.filter(agency=rc.cast.a.unit)
        .order_by("-received_on", "-id")
        .values_list("pk", flat=True)
    )
    assert _rows(body) + _rows(second) == expected


def _rows(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/letters/letter/(\d+)/"', body)]


def test_open_and_overdue_counts_come_per_organisation_in_one_query(rc, django_assert_num_queries):
    from danchu.letters.selectors import open_counts

    for day in (dt.date(2026, 3, 2), dt.date(2026, 4, 20)):
        rc.receive(received_on=day)
    rc.receive(actor=rc.clerk_b, agency=rc.cast.b.unit, received_on=dt.date(2026, 3, 2))
    letters = Letter.objects.filter(agency__in=[rc.cast.a.unit, rc.cast.b.unit])
    with django_assert_num_queries(1):
        counts = open_counts(letters, dt.date(2026, 4, 25))
    # Received 02/03 and not handled: past its first handling date by 25/04; 20/04 is not.
    assert counts == {rc.cast.a.unit.pk: (2, 1), rc.cast.b.unit.pk: (1, 1)}
