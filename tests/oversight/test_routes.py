"""Every page and API route of the People's Inspection Board's work, in one table checked by
``tests.routes``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from danchu.oversight import services
from danchu.oversight.models import (
    BoardSeat,
    BoardTerm,
    DocumentRequest,
    Inspection,
    Programme,
    Recommendation,
    StaffPetition,
)
from tests.oversight.conftest import Board
from tests.routes import Route, install

NOW = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def ctx(board: Board):
    with time_machine.travel(NOW, tick=False):
        yield board


def unit(o: Board) -> dict[str, int]:
    return {"unit": o.cast.a.unit.pk}


def api_unit(o: Board) -> dict[str, int]:
    return {"unit_id": o.cast.a.unit.pk}


def _term_ended(o: Board) -> dict[str, int]:
    """Department A's term was cut short at the end of 2025 (the conference re-elected the
    board), so that a new term may be recorded today."""
    BoardTerm.objects.filter(pk=o.term.pk).update(ends_on=dt.date(2025, 12, 31))
    return unit(o)


def _api_term_ended(o: Board) -> dict[str, int]:
    _term_ended(o)
    return api_unit(o)


def _seat(o: Board) -> BoardSeat:
    return o.term.seats.get(person=o.a.clerk2)


def _programme(o: Board) -> Programme:
    return services.programme_create(
        actor=o.cast.a.board,
        agency=o.cast.a.unit,
        kind="quarter",
        year=2026,
        period=2,
        title="Chương trình công tác quý II năm 2026",
        items=[
            services.ItemIn(
                "Việc công khai tài chính",
                dt.date(2026, 4, 6),
                dt.date(2026, 4, 17),
                "Cả Ban",
                2_000_000,
            )
        ],
    )


def _inspection(o: Board) -> Inspection:
    return o.inspection()


def _concluded(o: Board) -> Inspection:
    return services.inspection_conclude(
        actor=o.cast.a.board,
        inspection=o.inspection(),
        findings="Quy chế được thực hiện đúng.",
        votes={p.pk: "for" for p in _members(o)},
        on=TODAY,
    )


def _asked(o: Board) -> DocumentRequest:
    return services.document_request(
        actor=o.cast.a.board,
        inspection=o.inspection(),
        what="Sổ sách chi tiêu quý IV năm 2025",
        due_on=dt.date(2026, 3, 17),
    )


def _members(o: Board) -> list[Any]:
    return [o.cast.a.board, o.a.clerk, o.a.clerk2]


def _recommendation(o: Board) -> Recommendation:
    return o.recommendation()


def _refused(o: Board) -> Recommendation:
    """An answered recommendation with no task (not accepted): the board may close it."""
    return services.recommendation_answer(
        actor=o.cast.a.head,
        recommendation=o.recommendation(),
        kind="refused",
        answer="Quyết toán quý IV đã được công khai đúng hạn.",
    )


def _answered(o: Board, kwargs: dict[str, int]) -> dict[str, int]:
    """A recommendation answered and an inspection noticed: the figures are not all zero."""
    _refused(o)
    o.inspection()
    return kwargs


def _petition(o: Board) -> StaffPetition:
    return services.petition_send(
        actor=o.cast.a.staff,
        agency=o.cast.a.unit,
        subject="Chế độ làm thêm giờ",
        text="Đề nghị Ban kiểm tra việc chi trả tiền làm thêm giờ quý IV.",
    )


def _decided(o: Board) -> StaffPetition:
    return services.petition_decide(
        actor=o.cast.a.board, petition=_petition(o), verify=True, reason="Có cơ sở"
    )


TERM = {
    "elected_on": "2026-01-05",
    "election_record": "Biên bản Hội nghị CBCCVC năm 2026",
}
ITEM = {
    "subject": "Việc công khai tài chính",
    "planned_from": "2026-04-06",
    "planned_to": "2026-04-17",
    "members": "Cả Ban",
    "budget": 2_000_000,
}
PROGRAMME = {
    "kind": "quarter",
    "year": 2026,
    "period": 2,
    "title": "Chương trình công tác quý II năm 2026",
}
INSPECTION = {
    "subject_kind": "decision",
    "subject": "Việc thực hiện Quy chế dân chủ",
    "inspected_party": "Phòng 1",
    "notice_number": "02/TB-BTTND",
    "notified_on": "2026-03-10",
    "starts_on": "2026-03-20",
}
RECOMMENDATION = {
    "number": "02/KN-BTTND",
    "content": "Đề nghị niêm yết công khai lịch tiếp công dân.",
    "received_on": "2026-03-10",
}
PETITION = {"subject": "Chế độ công tác phí", "text": "Đề nghị Ban xem xét việc thanh toán."}

PAGES = [
    Route("oversight:start", scoped=False, ok=302, insider="cast.a.staff"),
    Route("oversight:home", kwargs=unit, insider="cast.a.staff"),
    Route("oversight:term_create", kwargs=unit, insider="a.union", forbidden="cast.a.staff"),
    Route(
        "oversight:term_create",
        method="POST",
        kwargs=_term_ended,
        insider="a.union",
        ok=302,
        forbidden="cast.a.staff",
        data=lambda o: TERM,
        bad=lambda o: {**TERM, "election_record": ""},
    ),
    Route("oversight:programme_list", kwargs=unit, insider="cast.a.staff"),
    Route(
        "oversight:programme_list",
        method="POST",
        kwargs=unit,
        insider="cast.a.board",
        ok=302,
        forbidden="cast.a.staff",
        data=lambda o: {**PROGRAMME, **ITEM},
        bad=lambda o: {**PROGRAMME, **ITEM, "title": ""},
    ),
    Route("oversight:inspection_list", kwargs=unit, insider="cast.a.staff"),
    Route(
        "oversight:inspection_list",
        method="POST",
        kwargs=unit,
        insider="cast.a.board",
        ok=302,
        forbidden="cast.a.staff",
        data=lambda o: INSPECTION,
        bad=lambda o: {**INSPECTION, "starts_on": "2026-03-11"},  # less than 5 working days
    ),
    Route(
        "oversight:recommendation_list",
        kwargs=unit,
        insider="cast.a.staff",
        data=lambda o: {"state": "sent", "overdue": "1"},
    ),
    Route(
        "oversight:recommendation_create",
        kwargs=unit,
        insider="cast.a.board",
        forbidden="cast.a.staff",
    ),
    Route(
        "oversight:recommendation_create",
        method="POST",
        kwargs=unit,
        insider="cast.a.board",
        ok=302,
        forbidden="cast.a.staff",
        data=lambda o: RECOMMENDATION,
        bad=lambda o: {**RECOMMENDATION, "content": ""},
    ),
    Route("oversight:petition_list", kwargs=unit, insider="cast.a.staff"),
    Route(
        "oversight:petition_list",
        method="POST",
        kwargs=unit,
        insider="cast.a.staff",
        ok=302,
        data=lambda o: {**PETITION, "anonymous": "on"},
        bad=lambda o: {**PETITION, "subject": ""},
    ),
    Route(
        "oversight:report_docx",
        kwargs=unit,
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {"kind": "quarter", "year": "2026", "period": "1"},
        bad=lambda o: {"kind": "quarter", "year": "2026"},
    ),
    Route(
        "oversight:figures",
        kwargs=lambda o: _answered(o, unit(o)),
        insider="cast.a.staff",
        data=lambda o: {"start": "2026-01-01", "end": "2026-03-10"},
        bad=lambda o: {"start": "2026-03-10", "end": "2026-01-01"},
    ),
    Route("oversight:term", kwargs=lambda o: {"pk": o.term.pk}, insider="cast.a.staff"),
    Route(
        "oversight:seat_add",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": o.term.pk},
        insider="a.union",
        forbidden="cast.a.staff",
        data=lambda o: {
            "person": o.cast.a.officer.pk,
            "role": "member",
            "start": "2026-03-10",
            "basis": "Biên bản Hội nghị bầu bổ sung",
        },
        bad=lambda o: {
            "person": o.cast.a.officer.pk,
            "role": "member",
            "start": "2026-03-10",
            "basis": "",
        },
    ),
    Route(
        "oversight:term_recognise",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": o.term.pk},
        insider="a.union",
        forbidden="cast.a.staff",
        data=lambda o: {"recognised_on": "2025-01-24", "number": "05/QĐ-CĐ"},
        bad=lambda o: {"recognised_on": "2025-01-24", "number": ""},
    ),
    Route(
        "oversight:seat_end",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _seat(o).pk},
        insider="a.union",
        forbidden="cast.a.staff",
        data=lambda o: {"end": "2026-03-10", "reason": "Chuyển công tác"},
        bad=lambda o: {"end": "2026-03-10", "reason": ""},
    ),
    Route(
        "oversight:programme",
        kwargs=lambda o: {"pk": _programme(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "oversight:programme_item_add",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _programme(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: ITEM,
        bad=lambda o: {**ITEM, "subject": ""},
    ),
    Route(
        "oversight:programme_approve",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _programme(o).pk},
        insider="a.union",
        forbidden="cast.a.board",
    ),
    Route(
        "oversight:inspection",
        kwargs=lambda o: {"pk": _inspection(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "oversight:request_add",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _inspection(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {"what": "Sổ sách chi tiêu quý IV", "due_on": "2026-03-17"},
        bad=lambda o: {"what": "Sổ sách chi tiêu quý IV", "due_on": "2026-03-01"},
    ),
    Route(
        "oversight:conclude",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _inspection(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {
            "findings": "Quy chế được thực hiện đúng.",
            "on": "2026-03-10",
            **{f"vote_{p.pk}": "for" for p in _members(o)},
        },
        bad=lambda o: {
            "findings": "",
            "on": "2026-03-10",
            **{f"vote_{p.pk}": "for" for p in _members(o)},
        },
    ),
    Route(
        "oversight:result",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _concluded(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {"result_to": "Giám đốc Sở", "sent_on": "2026-03-10"},
        bad=lambda o: {"result_to": "", "sent_on": "2026-03-10"},
    ),
    Route(
        "oversight:request_supply",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _asked(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.board",
        data=lambda o: {"answer": "Sổ chi tiêu quý IV (bản sao)"},
        bad=lambda o: {"answer": ""},
    ),
    Route(
        "oversight:recommendation",
        kwargs=lambda o: {"pk": _recommendation(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "oversight:recommendation_answer",
        kwargs=lambda o: {"pk": _recommendation(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.board",
    ),
    Route(
        "oversight:recommendation_answer",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _recommendation(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.board",
        data=lambda o: {
            "kind": "accepted",
            "answer": "Tiếp thu; giao Phòng 1 thực hiện.",
            "action_1_title": "Công khai quyết toán quý IV",
            "action_1_lead": f"p:{o.cast.a.staff.pk}",
            "action_1_due": "2026-03-31",
        },
        bad=lambda o: {
            "kind": "accepted",
            "answer": "",
            "action_1_title": "Công khai quyết toán quý IV",
            "action_1_lead": f"p:{o.cast.a.staff.pk}",
            "action_1_due": "2026-03-31",
        },
    ),
    Route(
        "oversight:recommendation_close",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _refused(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {"note": "Ban chấp nhận lý do."},
        bad=lambda o: {"note": ""},
    ),
    Route(
        "oversight:recommendation_reopen",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _refused(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {"note": "Lý do chưa thỏa đáng."},
        bad=lambda o: {"note": ""},
    ),
    Route(
        "oversight:petition",
        kwargs=lambda o: {"pk": _petition(o).pk},
        insider="cast.a.board",
    ),
    Route(
        "oversight:petition_decide",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _petition(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",  # the author reads the petition but does not decide on it
        data=lambda o: {"verify": "1", "reason": "Có cơ sở"},
        bad=lambda o: {"verify": "1", "reason": ""},
    ),
    Route(
        "oversight:petition_answer",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _decided(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {"answer": "Ban sẽ kiểm tra trong quý II."},
        bad=lambda o: {"answer": ""},
    ),
]

API = [
    Route("api:term_list_api", kwargs=api_unit, insider="cast.a.staff"),
    Route(
        "api:term_create_api",
        method="POST",
        ok=201,
        kwargs=_api_term_ended,
        insider="a.union",
        forbidden="cast.a.staff",
        data=lambda o: TERM,
        bad=lambda o: {**TERM, "election_record": ""},
    ),
    Route(
        "api:seat_add_api",
        method="POST",
        ok=201,
        kwargs=lambda o: {"term_id": o.term.pk},
        insider="a.union",
        forbidden="cast.a.staff",
        data=lambda o: {
            "person_id": o.cast.a.officer.pk,
            "role": "member",
            "start": "2026-03-10",
            "basis": "Biên bản Hội nghị bầu bổ sung",
        },
        bad=lambda o: {
            "person_id": o.cast.a.officer.pk,
            "role": "member",
            "start": "2026-03-10",
            "basis": "",
        },
    ),
    Route("api:programme_list_api", kwargs=api_unit, insider="cast.a.staff"),
    Route(
        "api:programme_create_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {**PROGRAMME, "items": [ITEM]},
        bad=lambda o: {**PROGRAMME, "title": "", "items": [ITEM]},
    ),
    Route(
        "api:programme_approve_api",
        method="POST",
        kwargs=lambda o: {"programme_id": _programme(o).pk},
        insider="a.union",
        forbidden="cast.a.board",
    ),
    Route("api:inspection_list_api", kwargs=api_unit, insider="cast.a.staff"),
    Route(
        "api:inspection_create_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: INSPECTION,
        bad=lambda o: {**INSPECTION, "starts_on": "2026-03-11"},
    ),
    Route(
        "api:inspection_get_api",
        kwargs=lambda o: {"inspection_id": _inspection(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "api:request_add_api",
        method="POST",
        ok=201,
        kwargs=lambda o: {"inspection_id": _inspection(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {"what": "Sổ sách chi tiêu quý IV", "due_on": "2026-03-17"},
        bad=lambda o: {"what": "Sổ sách chi tiêu quý IV", "due_on": "2026-03-01"},
    ),
    Route(
        "api:request_supply_api",
        method="POST",
        kwargs=lambda o: {"request_id": _asked(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.board",
        data=lambda o: {"answer": "Sổ chi tiêu quý IV (bản sao)"},
        bad=lambda o: {"answer": ""},
    ),
    Route(
        "api:inspection_conclude_api",
        method="POST",
        kwargs=lambda o: {"inspection_id": _inspection(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {
            "findings": "Quy chế được thực hiện đúng.",
            "on": "2026-03-10",
            "votes": {str(p.pk): "for" for p in _members(o)},
        },
        bad=lambda o: {
            "findings": "",
            "on": "2026-03-10",
            "votes": {str(p.pk): "for" for p in _members(o)},
        },
    ),
    Route(
        "api:inspection_result_api",
        method="POST",
        kwargs=lambda o: {"inspection_id": _concluded(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {"result_to": "Giám đốc Sở", "sent_on": "2026-03-10"},
        bad=lambda o: {"result_to": "", "sent_on": "2026-03-10"},
    ),
    Route(
        "api:recommendation_list_api",
        kwargs=api_unit,
        insider="cast.a.staff",
        data=lambda o: {"state": "sent"},
    ),
    Route(
        "api:recommendation_create_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: RECOMMENDATION,
        bad=lambda o: {**RECOMMENDATION, "content": ""},
    ),
    Route(
        "api:recommendation_get_api",
        kwargs=lambda o: {"recommendation_id": _recommendation(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "api:recommendation_answer_api",
        method="POST",
        kwargs=lambda o: {"recommendation_id": _recommendation(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.board",
        data=lambda o: {
            "kind": "accepted",
            "answer": "Tiếp thu; giao Phòng 1 thực hiện.",
            "actions": [
                {
                    "title": "Công khai quyết toán quý IV",
                    "lead": {"person_id": o.cast.a.staff.pk},
                    "due_on": "2026-03-31",
                }
            ],
        },
        bad=lambda o: {"kind": "refused", "answer": ""},
    ),
    Route(
        "api:recommendation_close_api",
        method="POST",
        kwargs=lambda o: {"recommendation_id": _refused(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {"note": "Ban chấp nhận lý do."},
        bad=lambda o: {"note": ""},
    ),
    Route(
        "api:recommendation_reopen_api",
        method="POST",
        kwargs=lambda o: {"recommendation_id": _refused(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {"note": "Lý do chưa thỏa đáng."},
        bad=lambda o: {"note": ""},
    ),
    Route("api:petition_list_api", kwargs=api_unit, insider="cast.a.board"),
    Route(
        "api:petition_send_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.staff",
        data=lambda o: {**PETITION, "anonymous": True},
        bad=lambda o: {**PETITION, "subject": ""},
    ),
    Route(
        "api:petition_decide_api",
        method="POST",
        kwargs=lambda o: {"petition_id": _petition(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {"verify": True, "reason": "Có cơ sở"},
        bad=lambda o: {"verify": True, "reason": ""},
    ),
    Route(
        "api:petition_answer_api",
        method="POST",
        kwargs=lambda o: {"petition_id": _decided(o).pk},
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: {"answer": "Ban sẽ kiểm tra trong quý II."},
        bad=lambda o: {"answer": ""},
    ),
]

install(globals(), PAGES, API)
