"""The board's lists are paginated and their query counts do not grow with their rows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from danchu.oversight import services
from tests.oversight.conftest import Board

MARCH_10 = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _march():
    with time_machine.travel(MARCH_10, tick=False):
        yield


def _rows(board: Board, n: int, start: int) -> None:
    for i in range(start, start + n):
        board.recommendation(number=f"{i:02d}/KN-BTTND", received_on=dt.date(2026, 2, 20))
        board.inspection(notice_number=f"{i:02d}/TB")
        services.petition_send(
            actor=board.cast.a.staff,
            agency=board.cast.a.unit,
            subject=f"Đơn {i}",
            text="Nội dung",
            anonymous=bool(i % 2),
        )
        services.programme_create(
            actor=board.cast.a.board,
            agency=board.cast.a.unit,
            kind="quarter",
            year=2026,
            period=1 + i % 4,
            title=f"Chương trình {i}",
            items=[services.ItemIn("Nội dung", dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Ban")],
        )


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("oversight:home", 15),
        ("oversight:recommendation_list", 7),
        ("oversight:inspection_list", 9),
        ("oversight:petition_list", 7),
        ("oversight:programme_list", 7),
    ],
)
def test_the_query_count_does_not_grow_with_the_rows(board: Board, client, name, queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(board.cast.a.board)
    url = reverse(name, kwargs={"unit": board.cast.a.unit.pk})
    _rows(board, 2, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _rows(board, 30, 10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many) == queries


def test_a_list_shows_one_page_of_25(board: Board, client):
    _rows(board, 30, 10)
    client.force_login(board.cast.a.head)
    url = reverse("oversight:recommendation_list", kwargs={"unit": board.cast.a.unit.pk})
    assert client.get(url).content.count(b"/board/recommendation/") == 25
    assert client.get(url, {"page": 2}).content.count(b"/board/recommendation/") == 5
