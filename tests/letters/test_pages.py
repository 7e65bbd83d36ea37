"""Pages of reception and letters: lists paginated with their query counts pinned (the same
for 3 letters as for 40), the overview, the English switch, and visit → letter."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.letters import services
from danchu.letters.models import Channel, Letter
from tests.letters.conftest import Reception

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


def _count(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("name", "kwarg", "pinned"),
    [
        ("letters:letter_list", "unit", 8),
        ("letters:visit_list", "unit", 8),
        ("api:letter_list", "unit_id", 9),
        ("api:visit_list", "unit_id", 7),
    ],
)
def test_lists_are_paginated_with_a_fixed_number_of_queries(
    rc: Reception, client, name, kwarg, pinned
):
    def add(n: int) -> None:
        for _ in range(n):
            rc.classified(rc.receive())
            services.visit_create(
                actor=rc.clerk,
                agency=rc.cast.a.unit,
                received_on=dt.date(2026, 5, 29),
                received_by=rc.clerk,
                matter="Phản ánh",
                visitors="Nguyễn Văn Dân",
            )

    client.force_login(rc.clerk)
    url = reverse(name, kwargs={kwarg: rc.cast.a.unit.pk})
    add(3)
    few = _count(client, url)
    add(37)
    many = _count(client, url)
    assert few == many == pinned


def test_the_overview_shows_overdue_letters_and_the_heads_months(rc, client):
    late = rc.classified(rc.receive(received_on=dt.date(2026, 3, 2)))
    client.force_login(rc.cast.a.head)
    page = client.get(reverse("letters:home", kwargs={"unit": rc.cast.a.unit.pk})).content.decode()
    assert late.code in page
    assert "Vi phạm: không tiếp định kỳ" in page  # no head's day in January–May
    assert 'id="overdue-count">1<' in page


def test_a_letter_from_a_visit_keeps_a_protected_visitor_protected(rc, client):
    visit = services.visit_create(
        actor=rc.clerk,
        agency=rc.cast.a.unit,
        received_on=dt.date(2026, 5, 29),
        received_by=rc.clerk,
        matter="Tố cáo cán bộ Z nhận tiền",
        visitors="Lại Văn Kín",
        protected=True,
    )
    assert visit.visitors == "" and visit.sealed.pk
    client.force_login(rc.clerk)
    url = reverse("letters:letter_create", kwargs={"unit": rc.cast.a.unit.pk})
    assert "Lại Văn Kín" not in client.get(url, {"visit": visit.pk}).content.decode()
    response = client.post(
        f"{url}?visit={visit.pk}",
        {
            "received_on": "2026-05-29",
            "channel": "visit",
            "matter": visit.matter,
            "kind": "denunciation",
        },
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert (letter.visit, letter.channel, letter.protected) == (visit, Channel.VISIT, True)
    assert letter.signatory_count == 1 and not letter.signatories.exists()


def test_english_is_one_click_away(rc, client):
    client.force_login(rc.clerk)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("letters:letter_list", kwargs={"unit": rc.cast.a.unit.pk}))
    assert "Register a letter" in page.content.decode()
