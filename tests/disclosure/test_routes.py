"""Every page and API route of publicity and consultation, in one table checked by
``tests.routes``."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danchu.disclosure import services
from danchu.disclosure.models import Comment, Consultation, Dissemination, Publication
from tests.disclosure.conftest import TEXT_V2, Office
from tests.routes import Route, install

TODAY = dt.datetime(2025, 2, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def ctx(office: Office):
    with time_machine.travel(TODAY, tick=False):
        yield office


def unit(o: Office) -> dict[str, int]:
    return {"unit": o.cast.a.unit.pk}


def api_unit(o: Office) -> dict[str, int]:
    return {"unit_id": o.cast.a.unit.pk}


def _publication(o: Office) -> Publication:
    return o.publish()


def _with_file(o: Office) -> Publication:
    return o.publish(files=[services.FileIn("ke-hoach.pdf", b"%PDF-1.4 ke hoach")])


def _dissemination(o: Office) -> Dissemination:
    return services.dissemination_create(
        actor=o.cast.a.head, agency=o.cast.a.unit, version=o.v1, confirm_by=dt.date(2025, 2, 20)
    )


def _consultation(o: Office) -> Consultation:
    return services.consultation_create(
        actor=o.cast.a.head,
        agency=o.cast.a.unit,
        topic="spending",
        title="Dự thảo",
        form="written",
        owner=o.cast.a.head,
        opens_on=dt.date(2025, 2, 3),
        closes_on=dt.date(2025, 2, 14),
        draft=TEXT_V2,
        anonymous_allowed=True,
    )


def _closing_today(o: Office) -> Consultation:
    return services.consultation_create(
        actor=o.cast.a.head,
        agency=o.cast.a.unit,
        topic="plan",
        title="Kế hoạch",
        form="written",
        owner=o.cast.a.head,
        opens_on=dt.date(2025, 2, 3),
        closes_on=dt.date(2025, 2, 10),
        draft=TEXT_V2,
    )


def _comment(o: Office) -> Comment:
    return services.comment_add(
        actor=o.cast.a.staff, consultation=_consultation(o), text="Ý kiến", article="Điều 2"
    )


def _request(o: Office):
    return services.info_request_create(actor=o.clerk2, agency=o.cast.a.unit, subject="Dự toán")


PUBLICATION = {
    "category": "plans",
    "title": "Kế hoạch",
    "decision_number": "1/KH",
    "decision_date": "2025-01-24",
    "signer": "Giám đốc",
    "channels": ["intranet"],
    "published_on": "2025-02-07",
    "posted_until": "2025-03-01",
    "audience_kind": "all",
}
VERSION = {
    "decision_number": "5/QĐ",
    "decision_date": "2025-02-01",
    "effective_from": "2025-02-15",
    "review_on": "2026-02-15",
    "text": TEXT_V2,
    "change_summary": "Tăng mức",
}
CONSULTATION = {
    "topic": "spending",
    "title": "Dự thảo",
    "form": "written",
    "opens_on": "2025-02-10",
    "closes_on": "2025-02-20",
    "draft": TEXT_V2,
    "audience_kind": "all",
}

PAGES = [
    Route("disclosure:start", scoped=False, ok=302, insider="cast.a.staff"),
    Route("disclosure:home", kwargs=unit, insider="cast.a.head"),
    Route(
        "disclosure:publication_list",
        kwargs=unit,
        insider="cast.a.staff",
        data=lambda o: {"q": "ke hoach", "category": "plans", "year": "2025"},
    ),
    Route(
        "disclosure:publication_create",
        kwargs=unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
    ),
    Route(
        "disclosure:publication_create",
        method="POST",
        kwargs=unit,
        insider="cast.a.head",
        ok=302,
        forbidden="cast.a.staff",
        data=lambda o: PUBLICATION,
        bad=lambda o: {**PUBLICATION, "posted_until": "2025-02-10"},
    ),
    Route("disclosure:register_xlsx", kwargs=unit, insider="cast.a.head", forbidden="cast.a.staff"),
    Route(
        "disclosure:publication",
        kwargs=lambda o: {"pk": _publication(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "disclosure:publication_file",
        insider="cast.a.staff",
        kwargs=lambda o: {"pk": _with_file(o).files.get().pk},
    ),
    Route(
        "disclosure:publication_take_down",
        method="POST",
        ok=302,
        insider="cast.a.head",
        kwargs=lambda o: {"pk": _publication(o).pk},
        forbidden="cast.a.staff",
        data=lambda o: {"on": "2025-02-08"},
        bad=lambda o: {"on": "2025-01-01"},
    ),
    Route("disclosure:regulation_list", kwargs=unit, insider="cast.a.staff"),
    Route(
        "disclosure:regulation_list",
        method="POST",
        kwargs=unit,
        insider="cast.a.head",
        ok=302,
        forbidden="cast.a.staff",
        data=lambda o: {
            "kind": "working_rules",
            "title": "Quy chế làm việc",
            "owner": o.cast.a.head.pk,
        },
        bad=lambda o: {"kind": "working_rules", "title": "", "owner": o.cast.a.head.pk},
    ),
    Route(
        "disclosure:regulation", kwargs=lambda o: {"pk": o.regulation.pk}, insider="cast.a.staff"
    ),
    Route(
        "disclosure:version_add",
        method="POST",
        ok=302,
        insider="cast.a.head",
        kwargs=lambda o: {"pk": o.regulation.pk},
        forbidden="cast.a.staff",
        data=lambda o: VERSION,
        bad=lambda o: {**VERSION, "effective_from": "2024-01-01"},
    ),
    Route("disclosure:version", kwargs=lambda o: {"pk": o.v1.pk}, insider="cast.a.staff"),
    Route(
        "disclosure:dissemination_create",
        method="POST",
        ok=302,
        kwargs=unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {"version": o.v1.pk, "confirm_by": "2025-02-20", "audience_kind": "all"},
        bad=lambda o: {"version": o.v1.pk, "confirm_by": "2025-01-01", "audience_kind": "all"},
    ),
    Route(
        "disclosure:dissemination",
        kwargs=lambda o: {"pk": _dissemination(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "disclosure:dissemination_confirm",
        method="POST",
        ok=302,
        insider="cast.a.staff",
        kwargs=lambda o: {"pk": _dissemination(o).pk},
    ),
    Route(
        "disclosure:dissemination_remind",
        method="POST",
        ok=302,
        insider="cast.a.head",
        kwargs=lambda o: {"pk": _dissemination(o).pk},
        forbidden="cast.a.staff",
    ),
    Route(
        "disclosure:figures",
        kwargs=unit,
        insider="cast.a.staff",
        data=lambda o: {"start": "2025-01-01", "end": "2025-02-10"},
        bad=lambda o: {"start": "2025-02-10", "end": "2025-01-01"},
    ),
    Route("disclosure:request_list", kwargs=unit, insider="cast.a.staff"),
    Route(
        "disclosure:request_list",
        method="POST",
        kwargs=unit,
        insider="cast.a.staff",
        ok=302,
        data=lambda o: {"subject": "Dự toán"},
        bad=lambda o: {"subject": ""},
    ),
    Route(
        "disclosure:request_answer",
        method="POST",
        ok=302,
        insider="cast.a.head",
        kwargs=lambda o: {"pk": _request(o).pk},
        forbidden="cast.a.staff",
        data=lambda o: {"answer": "Đã gửi"},
        bad=lambda o: {"answer": ""},
    ),
    Route("disclosure:consultation_list", kwargs=unit, insider="cast.a.staff"),
    Route(
        "disclosure:consultation_create",
        kwargs=unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
    ),
    Route(
        "disclosure:consultation_create",
        method="POST",
        ok=302,
        kwargs=unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {**CONSULTATION, "owner": o.cast.a.head.pk},
        bad=lambda o: {**CONSULTATION, "owner": o.cast.a.head.pk, "closes_on": "2025-02-01"},
    ),
    Route(
        "disclosure:consultation",
        kwargs=lambda o: {"pk": _consultation(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "disclosure:comment_add",
        method="POST",
        ok=302,
        insider="cast.a.staff",
        kwargs=lambda o: {"pk": _consultation(o).pk},
        data=lambda o: {"article": "Điều 2", "text": "Nên giữ mức cũ"},
        bad=lambda o: {"article": "Điều 2", "text": ""},
    ),
    Route(
        "disclosure:consultation_publish",
        method="POST",
        ok=302,
        insider="cast.a.head",
        kwargs=lambda o: {"pk": _closing_today(o).pk},
        forbidden="cast.a.staff",
        data=lambda o: {"decision_number": "1/BC", "channels": ["notice_board"]},
        bad=lambda o: {"decision_number": "", "channels": ["notice_board"]},
    ),
    Route(
        "disclosure:summary_docx",
        kwargs=lambda o: {"pk": _consultation(o).pk},
        insider="cast.a.head",
    ),
    Route(
        "disclosure:comment_answer",
        method="POST",
        ok=302,
        insider="cast.a.head",
        kwargs=lambda o: {"pk": _comment(o).pk},
        forbidden="cast.a.staff",
        data=lambda o: {f"{_last_comment()}-answer": "accepted"},
        bad=lambda o: {f"{_last_comment()}-answer": "rejected"},
    ),
]


def _last_comment() -> str:
    return str(Comment.objects.get().pk)


API = [
    Route("api:info_request_list_api", kwargs=api_unit, insider="cast.a.staff"),
    Route("api:dissemination_list_api", kwargs=api_unit, insider="cast.a.head"),
    Route("api:publication_list_api", kwargs=api_unit, insider="cast.a.staff"),
    Route(
        "api:publication_create_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: PUBLICATION,
        bad=lambda o: {**PUBLICATION, "decision_date": None},
    ),
    Route(
        "api:publication_get_api",
        kwargs=lambda o: {"publication_id": _publication(o).pk},
        insider="cast.a.staff",
    ),
    Route("api:regulation_list_api", kwargs=api_unit, insider="cast.a.staff"),
    Route(
        "api:regulation_create_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {"kind": "conduct", "title": "Quy tắc ứng xử", "owner_id": o.cast.a.head.pk},
        bad=lambda o: {"kind": "conduct", "title": "", "owner_id": o.cast.a.head.pk},
    ),
    Route(
        "api:version_list_api",
        kwargs=lambda o: {"regulation_id": o.regulation.pk},
        insider="cast.a.staff",
    ),
    Route(
        "api:version_add_api",
        method="POST",
        ok=201,
        insider="cast.a.head",
        kwargs=lambda o: {"regulation_id": o.regulation.pk},
        forbidden="cast.a.staff",
        data=lambda o: VERSION,
        bad=lambda o: {**VERSION, "effective_from": "2024-01-01"},
    ),
    Route(
        "api:dissemination_create_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {"version_id": o.v1.pk, "confirm_by": "2025-02-20"},
        bad=lambda o: {"version_id": o.v1.pk, "confirm_by": "2025-01-01"},
    ),
    Route(
        "api:dissemination_get_api",
        insider="cast.a.head",
        kwargs=lambda o: {"dissemination_id": _dissemination(o).pk},
    ),
    Route(
        "api:dissemination_confirm_api",
        method="POST",
        insider="cast.a.staff",
        kwargs=lambda o: {"dissemination_id": _dissemination(o).pk},
    ),
    Route(
        "api:info_request_create_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.staff",
        data=lambda o: {"subject": "Dự toán"},
        bad=lambda o: {"subject": ""},
    ),
    Route(
        "api:info_request_answer_api",
        method="POST",
        insider="cast.a.head",
        kwargs=lambda o: {"request_id": _request(o).pk},
        forbidden="cast.a.staff",
        data=lambda o: {"answer": "Đã gửi"},
        bad=lambda o: {"answer": ""},
    ),
    Route("api:consultation_list_api", kwargs=api_unit, insider="cast.a.staff"),
    Route(
        "api:consultation_create_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {**CONSULTATION, "owner_id": o.cast.a.head.pk},
        bad=lambda o: {**CONSULTATION, "owner_id": o.cast.a.head.pk, "draft": ""},
    ),
    Route(
        "api:comment_list_api",
        kwargs=lambda o: {"consultation_id": _consultation(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "api:comment_add_api",
        method="POST",
        ok=201,
        insider="cast.a.staff",
        kwargs=lambda o: {"consultation_id": _consultation(o).pk},
        data=lambda o: {"text": "Ý kiến", "anonymous": True},
        bad=lambda o: {"text": "", "anonymous": True},
    ),
    Route(
        "api:comment_answer_api",
        method="POST",
        insider="cast.a.head",
        kwargs=lambda o: {"comment_id": _comment(o).pk},
        forbidden="cast.a.staff",
        data=lambda o: {"answer": "accepted"},
        bad=lambda o: {"answer": "rejected"},
    ),
    Route(
        "api:consultation_publish_api",
        method="POST",
        ok=201,
        insider="cast.a.head",
        kwargs=lambda o: {"consultation_id": _closing_today(o).pk},
        forbidden="cast.a.staff",
        data=lambda o: {"decision_number": "1/BC", "channels": ["notice_board"]},
        bad=lambda o: {"decision_number": "1/BC", "channels": []},
    ),
]

install(globals(), PAGES, API)
