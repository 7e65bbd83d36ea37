# mypy: disable-error-code="operator"
# (figures are typed as any figure value — count, rate, date, text; these tests do arithmetic
# on the counts they know)
"""The "board" section of the unit's figures: each figure against records made for it (the
period's edges, answers on time and late, an answer after the period, seats that ended, the
other department), the same counts as the board's own report, a query count that does not
grow with the organisations, and the statistics page showing the same numbers. An answer
counts by the period's end, unlike in the board's own report, which counts later ones too."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.core import figures as core_figures
from danchu.core.figures import Section
from danchu.oversight import services
from danchu.oversight.documents import report_context
from danchu.oversight.figures import build
from danchu.oversight.models import Recommendation
from danchu.oversight.selectors import Period
from tests.oversight.conftest import Board

START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
NOW = dt.date(2026, 4, 20)


def _at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC), tick=False)


def _rec(board: Board, number: str, received: dt.date, **kwargs: Any) -> Recommendation:
    with _at(NOW):
        return board.recommendation(number=number, received_on=received, **kwargs)


def _answer(board: Board, rec: Recommendation, on: dt.date, head: Any = None) -> None:
    with _at(on):
        services.recommendation_answer(
            actor=head or board.cast.a.head,
            recommendation=rec,
            kind="refused",
            answer="Đã thực hiện đúng quy định.",
        )


def _inspect(board: Board, number: str, notified: dt.date, **kwargs: Any) -> None:
    with _at(NOW):
        board.inspection(
            notice_number=number,
            notified_on=notified,
            starts_on=notified + dt.timedelta(days=14),
            **kwargs,
        )


@pytest.fixture
def records(board: Board) -> dict[str, Recommendation]:
    """Department A's board around the first quarter of 2026 (see each line); department B's
    board with one recommendation in the quarter, overdue."""
    r: dict[str, Recommendation] = {}
    # Received before the period and never answered: overdue at its end, not made in it.
    r["old"] = _rec(board, "00/KN", dt.date(2025, 12, 1))
    # Received the day before the period, answered in it.
    r["before"] = _rec(board, "01/KN", dt.date(2025, 12, 31))
    _answer(board, r["before"], dt.date(2026, 1, 5))
    # Received on the first day, answered in time.
    r["on_time"] = _rec(board, "02/KN", START)
    _answer(board, r["on_time"], dt.date(2026, 1, 10))
    # Answered after its deadline.
    r["late"] = _rec(board, "03/KN", dt.date(2026, 2, 2))
    _answer(board, r["late"], dt.date(2026, 2, 20))
    # Received on the last day, not due yet.
    r["last_day"] = _rec(board, "04/KN", END)
    # Overdue at the end, answered (late) after the period.
    r["answered_after"] = _rec(board, "05/KN", dt.date(2026, 3, 10))
    _answer(board, r["answered_after"], dt.date(2026, 4, 10))
    # Due on the period's last day: not past its deadline at the end.
    r["due_on_end"] = _rec(board, "07/KN", dt.date(2026, 3, 16))
    # Received the day after the period.
    r["after"] = _rec(board, "06/KN", dt.date(2026, 4, 1))
    # Department B.
    with _at(NOW):
        r["b"] = services.recommendation_create(
            actor=board.cast.b.board,
            agency=board.cast.b.unit,
            number="01/KN-B",
            content="Đề nghị công khai dự toán.",
            received_on=dt.date(2026, 2, 2),
        )
    for day, number in [
        (dt.date(2025, 12, 31), "01/TB"),  # the day before
        (START, "02/TB"),
        (END, "03/TB"),
        (dt.date(2026, 4, 1), "04/TB"),  # the day after
    ]:
        _inspect(board, number, day)
    with _at(NOW):
        board.inspection(
            actor=board.cast.b.board,
            agency=board.cast.b.unit,
            notice_number="01/TB-B",
            notified_on=dt.date(2026, 2, 2),
            starts_on=dt.date(2026, 2, 16),
        )
    # Seats: the member who left the day before the end no longer counts; the deputy who
    # left on the last day still does; a seat from after the period does not.
    seats = {s.person_id: s for s in board.term.seats.all()}
    with _at(NOW):
        services.seat_end(
            actor=board.a.union,
            seat=seats[board.a.clerk2.pk],
            end=dt.date(2026, 3, 30),
            reason="Chuyển công tác",
        )
        services.seat_end(
            actor=board.a.union, seat=seats[board.a.clerk.pk], end=END, reason="Nghỉ hưu"
        )
        services.seat_add(
            actor=board.a.union,
            term=board.term,
            person=board.cast.a.officer,
            role="member",
            start=dt.date(2026, 4, 20),
            basis="Biên bản bầu bổ sung",
        )
    return r


def _section(board: Board, start: dt.date = START, end: dt.date = END) -> Section:
    return build([board.cast.a.unit, board.cast.b.unit], start, end)[board.cast.a.unit.pk]


def test_the_section_has_the_fixed_keys_in_order(board: Board):
    section = _section(board)
    assert section.key == "board"
    assert [f.key for f in section.figures] == [
        "members",
        "inspections",
        "recommendations",
        "answered",
        "answered_on_time",
        "answered_on_time_rate",
        "answers_overdue",
    ]


def test_it_is_registered_before_the_tasks(db):
    order = {r.key: r.order for r in core_figures.registered()}
    assert order["board"] == 70


def test_the_deadlines_are_those_of_the_rule_in_force(records: dict[str, Recommendation]):
    # 15 days from receipt, as the model records them (the figures compare with these).
    assert records["on_time"].due_on == dt.date(2026, 1, 16)
    assert records["late"].due_on == dt.date(2026, 2, 17)
    assert records["answered_after"].due_on == dt.date(2026, 3, 25)
    assert records["due_on_end"].due_on == END


def test_members_are_the_seats_sitting_at_the_end(board: Board, records):
    assert _section(board)["members"] == 2  # the head of the board and the deputy


def test_members_count_the_term_running_at_the_end_only(board: Board):
    assert _section(board)["members"] == 3
    # The term began on 20/01/2025: a period ending before it has no board.
    before = _section(board, dt.date(2024, 1, 1), dt.date(2025, 1, 19))
    assert before["members"] == 0
    # A period ending after the term ended.
    after = _section(board, dt.date(2027, 6, 1), board.term.ends_on + dt.timedelta(days=1))
    assert after["members"] == 0


def test_inspections_count_the_notices_sent_in_the_period(board: Board, records):
    assert _section(board)["inspections"] == 2


def test_recommendations_and_answers(board: Board, records):
    section = _section(board)
    # 02 (first day), 03, 04 (last day), 05, 07; not 00, 01 (before), 06 (after).
    assert section["recommendations"] == 5
    # 02 in time; 03 late; not 05, answered only after the period (overdue at its end).
    assert section["answered"] == 2
    assert section["answered_on_time"] == 1
    assert section["answered_on_time_rate"] == 50.0


def test_an_answer_after_the_period_counts_in_the_period_it_came_in(board: Board, records):
    """05 is overdue at the end of the first quarter, not answered in it; a period that runs
    to the day of its (late) answer counts it answered, and no longer overdue."""
    wider = _section(board, START, dt.date(2026, 4, 10))
    assert wider["answered"] == 3
    assert wider["answered_on_time"] == 1
    day_before = _section(board, START, dt.date(2026, 4, 9))
    assert day_before["answered"] == 2


def test_answers_overdue_at_the_end(board: Board, records):
    # 00 (received before, never answered) and 05 (answered only after the end); not 07, due
    # on the last day, nor 04, received on it.
    assert _section(board)["answers_overdue"] == 2


def test_the_other_department_counts_only_its_own(board: Board, records):
    b = build([board.cast.a.unit, board.cast.b.unit], START, END)[board.cast.b.unit.pk]
    assert b.as_dict() == {
        "members": 3,
        "inspections": 1,
        "recommendations": 1,
        "answered": 0,
        "answered_on_time": 0,
        "answered_on_time_rate": None,
        "answers_overdue": 1,
    }


def test_it_agrees_with_the_boards_own_report_but_for_answers_after_the_period(
    board: Board, records
):
    """The board's report, written on 20/04, also counts 05's answer of 10/04 as answered; the
    figures stop at the period's end. Their in-time answers are the same (05 was late)."""
    with _at(NOW):
        report = report_context(board.cast.a.unit, Period(START, END, "quý I năm 2026"), NOW)
    section = _section(board)
    assert section["inspections"] == report["inspection_count"]
    assert section["recommendations"] == report["recommendation_count"]
    assert report["answered_count"] == section["answered"] + 1  # 05, answered on 10/04
    assert section["answered_on_time"] == report["answered_on_time"]


def test_the_query_count_does_not_grow_with_the_organisations(board: Board, records):
    with CaptureQueriesContext(connection) as one:
        build([board.cast.a.unit], START, END)
    with CaptureQueriesContext(connection) as three:
        build([board.cast.a.unit, board.cast.b.unit, board.cast.city], START, END)
    assert len(one) == len(three) == 4


def _shown(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([\w.]+)">([^<]*)<', html))


def test_the_figures_page_shows_the_same_figures(
    board: Board, records, client, django_assert_num_queries
):
    client.force_login(board.cast.a.staff)
    url = reverse("oversight:figures", kwargs={"unit": board.cast.a.unit.pk})
    with _at(NOW), django_assert_num_queries(9):
        response = client.get(url, {"start": "2026-01-01", "end": "2026-03-31"})
    assert response.status_code == 200
    shown = _shown(response.content.decode())
    assert shown == {f"board.{f.key}": f.shown for f in _section(board).figures}
    assert shown["board.answered_on_time_rate"] == "50%"


def test_the_figures_page_shows_this_year_by_default(board: Board, records, client):
    client.force_login(board.cast.a.staff)
    url = reverse("oversight:figures", kwargs={"unit": board.cast.a.unit.pk})
    with _at(NOW):
        response = client.get(url)
    expected = _section(board, dt.date(2026, 1, 1), NOW)
    assert _shown(response.content.decode()) == {
        f"board.{f.key}": f.shown for f in expected.figures
    }


def test_the_steering_committee_reads_the_figures(board: Board, records, client):
    client.force_login(board.cast.steering)
    url = reverse("oversight:figures", kwargs={"unit": board.cast.a.unit.pk})
    response = client.get(url, {"start": "2026-01-01", "end": "2026-03-31"})
    assert response.status_code == 200
    assert _shown(response.content.decode())["board.recommendations"] == "5"


def test_the_boards_page_links_to_its_figures(board: Board, client):
    client.force_login(board.cast.a.staff)
    response = client.get(reverse("oversight:home", kwargs={"unit": board.cast.a.unit.pk}))
    assert reverse("oversight:figures", kwargs={"unit": board.cast.a.unit.pk}) in (
        response.content.decode()
    )


def test_a_period_ending_before_it_starts_is_refused(board: Board, client):
    client.force_login(board.cast.a.staff)
    url = reverse("oversight:figures", kwargs={"unit": board.cast.a.unit.pk})
    response = client.get(url, {"start": "2026-03-31", "end": "2026-01-01"})
    assert response.status_code == 400
    assert "data-figure" not in response.content.decode()
