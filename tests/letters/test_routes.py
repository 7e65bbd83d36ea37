"""Every page and API route of reception and letters, in one table checked by ``tests.routes``."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danchu.letters import services
from danchu.letters.models import Letter, LetterFile, Visit
from tests.letters.conftest import Reception
from tests.routes import Route, install

TODAY = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def ctx(rc: Reception):
    with time_machine.travel(TODAY, tick=False):
        yield rc


def unit(r: Reception) -> dict[str, int]:
    return {"unit": r.cast.a.unit.pk}


def api_unit(r: Reception) -> dict[str, int]:
    return {"unit_id": r.cast.a.unit.pk}


def _letter(r: Reception) -> Letter:
    return r.receive()


def _complaint(r: Reception) -> Letter:
    return r.classified(r.receive(kind="complaint"))


def _protected(r: Reception) -> Letter:
    letter = r.denunciation()
    services.vault_designate(actor=r.cast.a.head, letter=letter, person=r.clerk, reason="Thụ lý")
    return letter


def _scan(r: Reception) -> LetterFile:
    letter = r.receive(scans=[services.ScanIn("don.pdf", "application/pdf", b"%PDF-1.7 don")])
    return letter.files.get()


def _forwarded(r: Reception) -> Letter:
    letter = r.classified(r.receive(), eligibility="not_competent", eligibility_note="Quận")
    return services.letter_forward(
        actor=r.clerk, letter=letter, forwarded_to="UBND quận", forwarded_on=dt.date(2026, 3, 5)
    )


def _visit(r: Reception) -> Visit:
    return services.visit_create(
        actor=r.clerk,
        agency=r.cast.a.unit,
        received_on=dt.date(2026, 5, 29),
        received_by=r.clerk,
        matter="Phản ánh sóng yếu",
        visitors="Nguyễn Văn Dân",
    )


def letter_pk(builder):
    return lambda r: {"pk": builder(r).pk}


def api_letter(builder):
    return lambda r: {"letter_id": builder(r).pk}


VISIT = {
    "received_on": "2026-05-29",
    "received_by": None,
    "people_count": 1,
    "visitors": "Nguyễn Văn Dân",
    "matter": "Phản ánh sóng yếu",
}
LETTER = {
    "received_on": "2026-05-29",
    "channel": "post",
    "kind": "petition",
    "signatories": "Nguyễn Văn Dân; Số 1 phố Huế",
    "matter": "Kiến nghị về đất đai",
}

PAGES = [
    Route("letters:start", scoped=False, ok=302, insider="clerk"),
    Route("letters:home", kwargs=unit, insider="clerk"),
    Route("letters:session_list", kwargs=unit, insider="clerk", forbidden="cast.a.staff"),
    Route(
        "letters:session_list",
        method="POST",
        kwargs=unit,
        insider="clerk",
        ok=302,
        forbidden="cast.a.board",
        data=lambda r: {
            "kind": "head",
            "held_on": "2026-05-15",
            "place": "Phòng tiếp dân",
            "host": r.cast.a.head.pk,
        },
        bad=lambda r: {
            "kind": "head",
            "held_on": "2026-05-15",
            "place": "Phòng tiếp dân",
            "host": r.clerk.pk,
        },
    ),
    Route("letters:visit_list", kwargs=unit, insider="clerk", forbidden="cast.a.staff"),
    Route("letters:visit_create", kwargs=unit, insider="clerk", forbidden="cast.a.board"),
    Route(
        "letters:visit_create",
        method="POST",
        kwargs=unit,
        insider="clerk",
        ok=302,
        forbidden="cast.a.board",
        data=lambda r: {**VISIT, "received_by": r.clerk.pk},
        bad=lambda r: {**VISIT, "received_by": r.clerk.pk, "people_count": 6},
    ),
    Route("letters:visit", kwargs=letter_pk(_visit), insider="clerk", forbidden="cast.a.staff"),
    Route(
        "letters:visit_answer",
        method="POST",
        kwargs=letter_pk(_visit),
        insider="clerk",
        ok=302,
        forbidden="cast.a.board",
        data=lambda r: {"answer": "Đã trả lời", "answered_on": "2026-06-01"},
        bad=lambda r: {"answer": "", "answered_on": "2026-06-01"},
    ),
    Route("letters:letter_list", kwargs=unit, insider="clerk", data=lambda r: {"q": "dat dai"}),
    Route("letters:letter_create", kwargs=unit, insider="clerk", forbidden="cast.a.staff"),
    Route(
        "letters:letter_create",
        method="POST",
        kwargs=unit,
        insider="clerk",
        ok=302,
        forbidden="cast.a.staff",
        data=lambda r: LETTER,
        bad=lambda r: {**LETTER, "matter": ""},
    ),
    Route("letters:letter", kwargs=letter_pk(_letter), insider="clerk", forbidden="cast.a.staff"),
    Route(
        "letters:action",
        method="POST",
        kwargs=lambda r: {"pk": _letter(r).pk, "action": "classify"},
        insider="clerk",
        ok=302,
        forbidden="cast.a.board",
        data=lambda r: {"kind": "petition", "eligibility": "eligible"},
        bad=lambda r: {"kind": "complaint", "eligibility": "eligible", "instance": "first"},
    ),
    Route(
        "letters:forward_slip",
        kwargs=letter_pk(_forwarded),
        insider="clerk",
        forbidden="cast.a.staff",
    ),
    Route(
        "letters:letter_file", kwargs=letter_pk(_scan), insider="clerk", forbidden="cast.a.staff"
    ),
    Route("letters:vault", kwargs=letter_pk(_protected), insider="clerk", forbidden="cast.a.head"),
    Route(
        "letters:vault",
        method="POST",
        kwargs=letter_pk(_protected),
        insider="clerk",
        forbidden="cast.a.board",
        data=lambda r: {"reason": "Liên hệ người tố cáo"},
        bad=lambda r: {"reason": ""},
    ),
    Route("letters:opening_list", kwargs=unit, insider="cast.a.board", forbidden="clerk"),
    Route(
        "letters:stats",
        kwargs=unit,
        insider="clerk",
        data=lambda r: {"start": "2026-01-01", "end": "2026-06-01"},
        bad=lambda r: {"start": "2026-06-01", "end": "2026-01-01"},
    ),
]

API = [
    Route("api:reception_session_list", kwargs=api_unit, insider="clerk", forbidden="cast.a.staff"),
    Route(
        "api:reception_session_create",
        method="POST",
        kwargs=api_unit,
        insider="clerk",
        ok=201,
        forbidden="cast.a.board",
        data=lambda r: {
            "kind": "regular",
            "held_on": "2026-05-15",
            "place": "Phòng tiếp dân",
            "host_id": r.clerk.pk,
        },
        bad=lambda r: {
            "kind": "head",
            "held_on": "2026-05-15",
            "place": "Phòng tiếp dân",
            "host_id": r.clerk.pk,
        },
    ),
    Route("api:visit_list", kwargs=api_unit, insider="clerk", forbidden="cast.a.staff"),
    Route(
        "api:visit_create",
        method="POST",
        kwargs=api_unit,
        insider="clerk",
        ok=201,
        forbidden="cast.a.board",
        data=lambda r: {**VISIT, "received_by_id": r.clerk.pk, "received_by": None},
        bad=lambda r: {**VISIT, "received_by_id": r.clerk.pk, "matter": ""},
    ),
    Route(
        "api:visit_get",
        kwargs=lambda r: {"visit_id": _visit(r).pk},
        insider="clerk",
        forbidden="cast.a.staff",
    ),
    Route(
        "api:visit_answer",
        method="POST",
        kwargs=lambda r: {"visit_id": _visit(r).pk},
        insider="clerk",
        forbidden="cast.a.board",
        data=lambda r: {"answer": "Đã trả lời", "answered_on": "2026-06-01"},
        bad=lambda r: {"answer": "", "answered_on": "2026-06-01"},
    ),
    Route("api:letter_list", kwargs=api_unit, insider="clerk", data=lambda r: {"q": "dat dai"}),
    Route(
        "api:letter_receive",
        method="POST",
        kwargs=api_unit,
        insider="clerk",
        ok=201,
        forbidden="cast.a.staff",
        data=lambda r: {
            "received_on": "2026-05-29",
            "channel": "email",
            "kind": "petition",
            "matter": "Kiến nghị",
            "signatories": [{"name": "Nguyễn Văn Dân"}],
        },
        bad=lambda r: {"received_on": "2026-05-29", "channel": "email", "matter": ""},
    ),
    Route("api:letter_get", kwargs=api_letter(_letter), insider="clerk", forbidden="cast.a.staff"),
    Route(
        "api:letter_identity",
        method="POST",
        kwargs=api_letter(_protected),
        insider="clerk",
        forbidden="cast.a.head",
        data=lambda r: {"reason": "Liên hệ người tố cáo"},
        bad=lambda r: {"reason": ""},
    ),
    Route(
        "api:letter_action",
        method="POST",
        kwargs=lambda r: {"letter_id": _complaint(r).pk, "action": "accept"},
        insider="clerk",
        forbidden="cast.a.board",
        data=lambda r: {
            "accepted_on": "2026-03-04",
            "notice_number": "1/TB",
            "handler": r.verifier.pk,
            "leader": r.cast.a.head.pk,
        },
        bad=lambda r: {
            "accepted_on": "2026-03-04",
            "notice_number": "",
            "handler": r.verifier.pk,
            "leader": r.cast.a.head.pk,
        },
    ),
    Route(
        "api:letters_stats",
        kwargs=api_unit,
        insider="clerk",
        data=lambda r: {"start": "2026-01-01", "end": "2026-06-01"},
        bad=lambda r: {"start": "2026-06-01", "end": "2026-01-01"},
    ),
]

install(globals(), PAGES, API)
