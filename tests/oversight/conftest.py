"""The board cast on top of the work cast: department A's board term elected on 20/01/2025
with three seats (the cast's board member as head of the board, two clerks), and a staff
petition; department B gets the same, so that outsiders hold every role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from danchu.oversight import services
from danchu.oversight.models import BoardTerm, Inspection, Recommendation
from tests.conftest import Department
from tests.tasks.conftest import Crew, Work, work  # noqa: F401 — the fixture, for this package

ELECTED = dt.date(2025, 1, 20)


@dataclass
class Board:
    work: Work
    term: BoardTerm

    @property
    def cast(self) -> Any:
        return self.work.cast

    @property
    def a(self) -> Crew:
        return self.work.a

    def inspection(self, **kwargs: Any) -> Inspection:
        values: dict[str, Any] = {
            "actor": self.cast.a.board,
            "agency": self.cast.a.unit,
            "subject_kind": "decision",
            "subject": "Việc thực hiện Quy chế chi tiêu nội bộ",
            "inspected_party": "Văn phòng Sở",
            "notice_number": "01/TB-BTTND",
            "notified_on": dt.date(2026, 2, 23),
            "starts_on": dt.date(2026, 3, 2),
        }
        values.update(kwargs)
        return services.inspection_create(**values)

    def recommendation(self, **kwargs: Any) -> Recommendation:
        values: dict[str, Any] = {
            "actor": self.cast.a.board,
            "agency": self.cast.a.unit,
            "number": "01/KN-BTTND",
            "content": "Đề nghị công khai quyết toán quý IV đúng hạn.",
            "received_on": dt.date(2026, 3, 2),
        }
        values.update(kwargs)
        return services.recommendation_create(**values)


def seat_board(d: Department, crew: Crew) -> BoardTerm:
    term = services.term_create(
        actor=crew.union,
        agency=d.unit,
        elected_on=ELECTED,
        election_record="Biên bản Hội nghị CBCCVC năm 2025",
    )
    for person, role in ((d.board, "head"), (crew.clerk, "deputy"), (crew.clerk2, "member")):
        services.seat_add(
            actor=crew.union, term=term, person=person, role=role, start=ELECTED, basis="Biên bản"
        )
    return term


@pytest.fixture
def board(work: Work) -> Board:  # noqa: F811 — the fixture imported above
    term = seat_board(work.cast.a, work.a)
    seat_board(work.cast.b, work.b)
    return Board(work, term)
