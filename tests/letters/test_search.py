"""Search finds letters by code, person and matter, with or without accents, on SQLite and on
PostgreSQL (where a trigram index serves it), scoped to what the person may see."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from danchu.core.errors import NotFound
from danchu.letters import selectors
from danchu.letters.models import Letter
from danchu.letters.vault import Person
from tests.letters.conftest import Reception

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


def _search(rc: Reception, query: str, actor=None) -> list[str]:
    rows = selectors.letter_list(actor=actor or rc.clerk, agency=rc.cast.a.unit, query=query)
    return [letter.matter for letter in rows]


def test_accent_free_words_find_accented_text(rc):
    rc.receive(matter="Khiếu nại đất đai tại phường Láng Thượng")
    rc.receive(matter="Kiến nghị về sóng di động")
    assert _search(rc, "khieu nai dat dai") == ["Khiếu nại đất đai tại phường Láng Thượng"]
    assert _search(rc, "KHIẾU NẠI đất") == ["Khiếu nại đất đai tại phường Láng Thượng"]
    assert _search(rc, "lang thuong") == ["Khiếu nại đất đai tại phường Láng Thượng"]
    assert _search(rc, "khieu nai song") == []


def test_people_and_codes_are_found_but_not_a_protected_signatory(rc):
    plain = rc.receive(signatories=[Person(name="Đặng Thu Hà")])
    rc.denunciation(name="Trịnh Văn Kín")
    assert _search(rc, "dang thu ha") == [plain.matter]
    assert _search(rc, plain.code.lower()) == [plain.matter]
    assert _search(rc, "trinh van kin") == []


def test_search_is_scoped(rc):
    rc.receive(matter="Khiếu nại đất đai")
    assert _search(rc, "dat dai", actor=rc.cast.a.staff) == []  # not their case
    with pytest.raises(NotFound):  # the other department
        _search(rc, "dat dai", actor=rc.clerk_b)


def test_the_page_and_the_api_search_the_same_way(rc, client):
    rc.receive(matter="Khiếu nại đất đai")
    client.force_login(rc.clerk)
    page = client.get(
        reverse("letters:letter_list", kwargs={"unit": rc.cast.a.unit.pk}),
        {"q": "khieu nai dat dai"},
    )
    assert "Khiếu nại đất đai" in page.content.decode()
    api = client.get(
        reverse("api:letter_list", kwargs={"unit_id": rc.cast.a.unit.pk}),
        {"q": "khieu nai dat dai"},
    )
    assert [r["matter"] for r in api.json()["results"]] == ["Khiếu nại đất đai"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_postgresql_serves_the_search_from_the_trigram_index(rc):
    rc.receive(matter="Khiếu nại đất đai")
    # The words' filter alone (the scope adds an agency filter the planner may prefer on a
    # table this small): with sequential scans off, the trigram index answers the LIKE.
    rows = Letter.objects.filter(search_text__contains="khieu").filter(search_text__contains="nai")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = rows.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "letters_letter_search_trgm" in plan, plan
