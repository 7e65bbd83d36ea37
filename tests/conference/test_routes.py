"""Every page and API route of the staff conference and the dialogues, in one table checked by
``tests.routes``.

Department A's conference is in session (20 of its 30 staff checked in); the builders make
what a route needs: another conference being prepared (an extraordinary one, for today), one
that lacked its quorum, a second convocation taken by written opinions, polls in each state
and method, an election with its candidates, an adopted resolution with its review, a
request for an extraordinary conference, dialogues planned or required, questions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danchu.conference import services
from danchu.conference.models import (
    Conference,
    ConferenceDocument,
    ConferenceRequest,
    Delegate,
    Dialogue,
    Poll,
    Question,
    Resolution,
    ResolutionReview,
)
from danchu.core.models import User
from danchu.core.uploads import FileIn
from tests.conference.conftest import Conf, add_staff, convene
from tests.routes import Route, install


@dataclass
class Ctx(Conf):
    receipt: str = ""  # the receipt of the last secret ballot cast by a builder

    @property
    def late(self) -> User:
        """A delegate of the conference in session who has not checked in yet."""
        return self.extra[-1]


@pytest.fixture
def ctx(conf: Conf):
    # The clock stands still: the conference is held today for the whole test.
    with time_machine.travel(timezone.now(), tick=False):
        conf.open(20)
        yield Ctx(work=conf.work, conference=conf.conference, extra=conf.extra)


def today() -> dt.date:
    return services.today()


def _day(days: int = 0) -> str:
    return (today() + dt.timedelta(days=days)).isoformat()


def unit(o: Ctx) -> dict[str, int]:
    return {"unit": o.cast.a.unit.pk}


def api_unit(o: Ctx) -> dict[str, int]:
    return {"unit_id": o.cast.a.unit.pk}


def main(o: Ctx) -> dict[str, int]:
    return {"pk": o.conference.pk}


def api_main(o: Ctx) -> dict[str, int]:
    return {"conference_id": o.conference.pk}


# --- conferences ------------------------------------------------------------------------------


def _preparing(o: Ctx) -> Conference:
    """An extraordinary conference asked for by the head, for today, not opened yet."""
    return convene(
        o.work,
        kind="extraordinary",
        requested_by="head",
        title="Hội nghị bất thường về quỹ phúc lợi",
        starts_at=dt.time(14, 0),
    )


def _ready(o: Ctx) -> Conference:
    """A conference being prepared with its quorum checked in, ready to open."""
    conference = _preparing(o)
    for d in conference.roll.order_by("pk")[:20]:
        services.check_in(actor=o.a.clerk, conference=conference, delegate=d)
    return conference


def _no_quorum(o: Ctx) -> Conference:
    """A first convocation, held yesterday, that lacked its quorum."""
    first = services.conference_open(actor=o.cast.a.head, conference=_preparing(o))
    Conference.objects.filter(pk=first.pk).update(held_on=today() - dt.timedelta(days=1))
    first.refresh_from_db()
    return first


def _second(o: Ctx) -> Conference:
    """The second convocation, today, which lacked its quorum too."""
    second = services.second_convocation(
        actor=o.cast.a.head,
        conference=_no_quorum(o),
        held_on=today(),
        starts_at=dt.time(8, 0),
        place="Hội trường tầng 3",
    )
    return services.conference_open(actor=o.cast.a.head, conference=second)


def _written(o: Ctx) -> Conference:
    return services.written_opinions(actor=o.cast.a.head, conference=_second(o))


def _document(o: Ctx) -> ConferenceDocument:
    return services.document_add(
        actor=o.a.clerk,
        conference=o.conference,
        title="Báo cáo kết quả thực hiện nhiệm vụ năm",
        file=FileIn("bao-cao.pdf", b"%PDF-1.4 bao cao"),
    )


def _late(o: Ctx) -> Delegate:
    return o.delegate(o.late)


def _newcomer(o: Ctx) -> dict[str, int]:
    """A conference being prepared, and someone who joined the unit after it was convened."""
    conference = _preparing(o)
    add_staff(o.work, 1, key="N")
    return {"pk": conference.pk}


def _newcomer_pk() -> int:
    return User.objects.get(username="staffN0").pk


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao", content_type="application/pdf")


def _convene_form(o: Ctx) -> dict[str, Any]:
    return {
        "kind": "extraordinary",
        "year": today().year,
        "title": "Hội nghị bất thường về quỹ phúc lợi",
        "held_on": _day(),
        "starts_at": "14:00",
        "place": "Hội trường tầng 3",
        "chair": o.cast.a.head.pk,
        "secretary": o.a.clerk.pk,
        "requested_by": "union",
    }


def _convene_in(o: Ctx) -> dict[str, Any]:
    return {
        "kind": "extraordinary",
        "year": today().year,
        "title": "Hội nghị bất thường về quỹ phúc lợi",
        "held_on": _day(),
        "starts_at": "14:00",
        "place": "Hội trường tầng 3",
        "chair_id": o.cast.a.head.pk,
        "secretary_id": o.a.clerk.pk,
        "requested_by": "union",
    }


# --- polls ------------------------------------------------------------------------------------


def _poll(o: Ctx, **kwargs: Any) -> Poll:
    return o.poll(**kwargs)


def _open(o: Ctx, **kwargs: Any) -> Poll:
    return services.poll_open(actor=o.a.clerk, poll=o.poll(**kwargs))


def _closed(o: Ctx) -> Poll:
    """A secret ballot closed after one vote (cast by a member of staff)."""
    poll = _open(o)
    o.receipt = services.vote(actor=o.cast.a.staff, poll=poll, choice="yes").receipt
    return services.poll_close(actor=o.a.clerk, poll=poll)


def _election(o: Ctx) -> Poll:
    """The board's election, 3 seats, with its 3 candidates nominated by the union."""
    poll = o.poll(kind="election", seats=3, tie_rule="lot", title="Bầu Ban Thanh tra nhân dân")
    for person in (o.a.clerk2, o.cast.a.staff, o.cast.a.officer):
        services.candidate_add(
            actor=o.a.union, poll=poll, person=person, nominated_by="Ban Chấp hành Công đoàn"
        )
    return poll


def _elected(o: Ctx) -> Poll:
    """The election closed: three delegates voted for all three candidates, all elected."""
    poll = services.poll_open(actor=o.a.clerk, poll=_election(o))
    marks = list(poll.candidates.values_list("pk", flat=True))
    for voter in (o.cast.a.head, o.cast.a.staff, o.a.clerk):
        services.vote(actor=voter, poll=poll, marks=marks)
    return services.poll_close(actor=o.a.clerk, poll=poll)


def _slips(o: Ctx) -> Poll:
    """Written opinion slips from all staff, after a second convocation without quorum."""
    poll = services.poll_create(
        actor=o.a.clerk,
        conference=_written(o),
        kind="motion",
        method="slips",
        title="Thông qua mức đóng góp quỹ xã hội",
    )
    return services.poll_open(actor=o.a.clerk, poll=poll)


PAPER = {
    "committee": "Nguyễn Văn A, Trần Thị B, Lê Văn C",
    "issued": 20,
    "cast": 20,
    "blank": 0,
    "invalid": 1,
    "yes": 15,
    "no": 3,
    "abstain": 1,
}
HANDS = {"yes": 18, "no": 1, "abstain": 1}
POLL = {"kind": "motion", "method": "secret", "title": "Thông qua mức đóng góp quỹ xã hội"}


# --- resolution -------------------------------------------------------------------------------


def _resolution(o: Ctx) -> Resolution:
    """The resolution drafted and adopted by a show of hands."""
    services.resolution_draft(
        actor=o.a.clerk,
        conference=o.conference,
        text="Hội nghị quyết nghị thông qua mức đóng góp quỹ xã hội.",
    )
    poll = _open(o, kind="resolution", method="hands", title="Thông qua nghị quyết Hội nghị")
    services.poll_close(actor=o.a.clerk, poll=poll, hands=services.HandsIn(**HANDS))
    return Resolution.objects.get(conference=o.conference)


def _review(o: Ctx) -> ResolutionReview:
    return _resolution(o).reviews.get()


def _task_form(o: Ctx) -> dict[str, Any]:
    return {
        "title": "Xây dựng quy chế chi tiêu nội bộ",
        "deliverable": "Quy chế sửa đổi",
        "lead": f"p:{o.cast.a.staff.pk}",
        "due_on": _day(30),
    }


def _task_in(o: Ctx) -> dict[str, Any]:
    return {
        "title": "Xây dựng quy chế chi tiêu nội bộ",
        "deliverable": "Quy chế sửa đổi",
        "lead_person_id": o.cast.a.staff.pk,
        "due_on": _day(30),
    }


# --- requests and dialogues -------------------------------------------------------------------


def _request(o: Ctx) -> ConferenceRequest:
    return services.request_open(
        actor=o.cast.a.staff,
        agency=o.cast.a.unit,
        subject="Sửa đổi quy chế chi tiêu nội bộ",
        reason="Mức chi công tác phí không còn phù hợp.",
    )


def _dialogue(o: Ctx) -> Dialogue:
    """A dialogue planned for today, chaired by the head."""
    return services.dialogue_create(
        actor=o.cast.a.head,
        agency=o.cast.a.unit,
        title="Đối thoại về chế độ làm việc",
        reason="periodic",
        held_on=today(),
        place="Phòng họp 1",
        chair=o.cast.a.head,
    )


def _required(o: Ctx) -> Dialogue:
    return services.dialogue_require(
        actor=o.cast.a.board,
        agency=o.cast.a.unit,
        title="Việc chi trả tiền làm thêm giờ",
        basis="Văn bản 03/BTTND",
    )


def _question(o: Ctx) -> Question:
    return services.question_ask(
        actor=o.a.clerk2, dialogue=_dialogue(o), text="Bao giờ có chế độ làm thêm giờ?"
    )


DIALOGUE = {
    "title": "Đối thoại về chế độ làm việc",
    "reason": "periodic",
    "place": "Phòng họp 1",
}
REQUIRE = {"title": "Việc chi trả tiền làm thêm giờ", "basis": "Văn bản 03/BTTND"}
REQUEST = {
    "subject": "Sửa đổi quy chế chi tiêu nội bộ",
    "reason": "Mức chi công tác phí không còn phù hợp.",
}
MINUTES = {"minutes": "Hội nghị đã thảo luận và biểu quyết các nội dung."}
AGENDA = {"kind": "other", "title": "Góp ý dự thảo quy chế", "presenter": "Chánh Văn phòng"}

PAGES = [
    Route("conference:start", scoped=False, ok=302, insider="cast.a.staff"),
    Route("conference:list", kwargs=unit, insider="cast.a.staff"),
    Route(
        "conference:figures",
        kwargs=unit,
        insider="cast.a.staff",
        bad=lambda o: {"start": _day(1), "end": _day()},
    ),
    Route("conference:create", kwargs=unit, insider="cast.a.head", forbidden="cast.a.staff"),
    Route(
        "conference:create",
        method="POST",
        ok=302,
        kwargs=unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=_convene_form,
        bad=lambda o: {**_convene_form(o), "place": ""},
    ),
    Route("conference:request_list", kwargs=unit, insider="cast.a.staff"),
    Route(
        "conference:request_list",
        method="POST",
        ok=302,
        kwargs=unit,
        insider="cast.a.staff",
        data=lambda o: REQUEST,
        bad=lambda o: {**REQUEST, "subject": ""},
    ),
    Route("conference:request", kwargs=lambda o: {"pk": _request(o).pk}, insider="cast.a.staff"),
    Route(
        "conference:request_sign",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _request(o).pk},
        insider="a.clerk2",
    ),
    Route("conference:dialogue_list", kwargs=unit, insider="cast.a.staff"),
    Route(
        "conference:dialogue_create",
        kwargs=unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
    ),
    Route(
        "conference:dialogue_create",
        method="POST",
        ok=302,
        kwargs=unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {**DIALOGUE, "held_on": _day(3), "chair": o.cast.a.head.pk},
        bad=lambda o: {**DIALOGUE, "held_on": _day(-3), "chair": o.cast.a.head.pk},
    ),
    Route(
        "conference:dialogue_require",
        kwargs=unit,
        insider="cast.a.board",
        forbidden="cast.a.staff",
    ),
    Route(
        "conference:dialogue_require",
        method="POST",
        ok=302,
        kwargs=unit,
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: REQUIRE,
        bad=lambda o: {**REQUIRE, "basis": ""},
    ),
    Route("conference:detail", kwargs=main, insider="cast.a.staff"),
    Route(
        "conference:agenda_add",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _preparing(o).pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: AGENDA,
        bad=lambda o: {**AGENDA, "title": ""},
    ),
    Route(
        "conference:document_add",
        method="POST",
        ok=302,
        multipart=True,
        kwargs=main,
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: {"title": "Báo cáo kết quả thực hiện nhiệm vụ năm", "file": _pdf()},
        bad=lambda o: {"title": "", "file": _pdf()},
    ),
    Route(
        "conference:document",
        kwargs=lambda o: {"pk": o.conference.pk, "doc": _document(o).pk},
        insider="cast.a.staff",
    ),
    Route("conference:roll", kwargs=main, insider="cast.a.staff", data=lambda o: {"q": "can bo"}),
    Route(
        "conference:delegate_add",
        method="POST",
        ok=302,
        kwargs=_newcomer,
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: {"person": _newcomer_pk()},
    ),
    Route("conference:presence", kwargs=main, insider="cast.a.staff"),
    Route(
        "conference:check_in",
        kwargs=main,
        insider="late",
        data=lambda o: {"code": _late(o).code},
    ),
    Route(
        "conference:check_in",
        method="POST",
        ok=302,
        kwargs=main,
        insider="late",
        data=lambda o: {"code": _late(o).code},
        bad=lambda o: {"code": "ZZZZZZ"},
    ),
    Route(
        "conference:delegate_check_in",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _late(o).pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
    ),
    Route(
        "conference:delegate_absent",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _late(o).pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: {"reason": "Đi công tác"},
    ),
    Route(
        "conference:open",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _ready(o).pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
    ),
    Route(
        "conference:reconvene",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _no_quorum(o).pk},
        insider="cast.a.head",
        forbidden="a.clerk",  # the secretary runs the conference but does not convene it
        data=lambda o: {"held_on": _day(7), "starts_at": "08:00", "place": "Hội trường"},
        bad=lambda o: {"held_on": _day(7), "starts_at": "08:00", "place": ""},
    ),
    Route(
        "conference:written",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _second(o).pk},
        insider="cast.a.head",
        forbidden="a.clerk",
    ),
    Route(
        "conference:close",
        method="POST",
        ok=302,
        kwargs=main,
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: MINUTES,
        bad=lambda o: {"minutes": ""},
    ),
    Route(
        "conference:poll_create",
        method="POST",
        ok=302,
        kwargs=main,
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: POLL,
        bad=lambda o: {**POLL, "title": ""},
    ),
    Route(
        "conference:resolution_draft",
        method="POST",
        ok=302,
        kwargs=main,
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: {"text": ""},
    ),
    Route(
        "conference:docx",
        kwargs=lambda o: {"pk": o.conference.pk, "doc": "invitation"},
        insider="a.clerk",
        forbidden="cast.a.staff",  # the invitations carry everyone's check-in code
    ),
    Route(
        "conference:docx",
        kwargs=lambda o: {"pk": o.conference.pk, "doc": "attendance"},
        insider="cast.a.staff",
    ),
    Route("conference:poll", kwargs=lambda o: {"pk": _election(o).pk}, insider="cast.a.staff"),
    Route("conference:poll_status", kwargs=lambda o: {"pk": _open(o).pk}, insider="cast.a.staff"),
    Route(
        "conference:candidate_add",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _election(o).pk},
        insider="a.union",
        forbidden="a.clerk",  # the secretary runs the poll; the union nominates
        data=lambda o: {"person": o.cast.a.board.pk, "nominated_by": "BCH Công đoàn"},
        bad=lambda o: {"person": o.cast.a.board.pk, "nominated_by": ""},
    ),
    Route(
        "conference:poll_open",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _poll(o).pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
    ),
    Route(
        "conference:poll_vote",
        method="POST",
        kwargs=lambda o: {"pk": _open(o).pk},
        insider="cast.a.staff",
        data=lambda o: {"choice": "yes"},
        bad=lambda o: {"choice": ""},
    ),
    Route(
        "conference:slip_record",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _slips(o).pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: {"person": o.cast.a.staff.pk, "choice": "yes"},
        bad=lambda o: {"person": o.cast.a.staff.pk, "choice": ""},
    ),
    Route(
        "conference:paper_count",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _open(o, method="paper").pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: PAPER,
        bad=lambda o: {**PAPER, "yes": 18},  # for, against and abstain exceed the valid
    ),
    Route(
        "conference:poll_close",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _open(o).pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
    ),
    Route(
        "conference:poll_close",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _open(o, method="hands").pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: HANDS,
        bad=lambda o: {**HANDS, "yes": 50},  # more hands than delegates present
    ),
    Route(
        "conference:receipt",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _closed(o).pk},
        insider="cast.a.staff",
        data=lambda o: {"code": o.receipt},
    ),
    Route("conference:ballots_csv", kwargs=lambda o: {"pk": _closed(o).pk}, insider="cast.a.staff"),
    Route(
        "conference:board_record",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _elected(o).pk},
        insider="a.union",
        forbidden="a.clerk",
        data=lambda o: {"head": o.a.clerk2.pk},
        bad=lambda o: {"head": o.cast.a.head.pk},  # not elected
    ),
    Route(
        "conference:counting_docx",
        kwargs=lambda o: {"pk": _elected(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "conference:resolution",
        kwargs=lambda o: {"pk": _resolution(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "conference:resolution_publish",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _resolution(o).pk},
        insider="cast.a.head",
        forbidden="a.clerk",
    ),
    Route(
        "conference:resolution_task",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _resolution(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=_task_form,
        bad=lambda o: {**_task_form(o), "title": ""},
    ),
    Route(
        "conference:resolution_docx",
        kwargs=lambda o: {"pk": _resolution(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "conference:review",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _review(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {"summary": "Các nội dung nghị quyết được thực hiện.", "publish": "on"},
        bad=lambda o: {"summary": "", "publish": "on"},
    ),
    Route(
        "conference:dialogue",
        kwargs=lambda o: {"pk": _question(o).dialogue_id},
        insider="cast.a.staff",
    ),
    Route(
        "conference:dialogue_schedule",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _required(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {"held_on": _day(5), "place": "Phòng họp 1", "chair": o.cast.a.head.pk},
        bad=lambda o: {"held_on": _day(5), "place": "", "chair": o.cast.a.head.pk},
    ),
    Route(
        "conference:question_ask",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _dialogue(o).pk},
        insider="cast.a.staff",
        data=lambda o: {"text": "Chế độ công tác phí có thay đổi không?", "anonymous": "on"},
        bad=lambda o: {"text": "", "anonymous": "on"},
    ),
    Route(
        "conference:question_upvote",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _question(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "conference:question_answer",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _question(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {"answer": "Từ quý sau."},
    ),
    Route(
        "conference:dialogue_close",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _dialogue(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: MINUTES,
        bad=lambda o: {"minutes": ""},
    ),
    Route(
        "conference:dialogue_commit",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": _dialogue(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=_task_form,
        bad=lambda o: {**_task_form(o), "title": ""},
    ),
    Route(
        "conference:dialogue_docx",
        kwargs=lambda o: {"pk": _dialogue(o).pk},
        insider="cast.a.staff",
    ),
]

API = [
    Route(
        "api:conference_list_api",
        kwargs=api_unit,
        insider="cast.a.staff",
    ),
    Route(
        "api:conference_convene_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=_convene_in,
        bad=lambda o: {**_convene_in(o), "place": ""},
    ),
    Route("api:conference_get_api", kwargs=api_main, insider="cast.a.staff"),
    Route(
        "api:conference_roll_api",
        kwargs=api_main,
        insider="cast.a.staff",
        data=lambda o: {"q": "can bo"},
    ),
    Route(
        "api:conference_checkin_api",
        method="POST",
        kwargs=api_main,
        insider="late",
        data=lambda o: {"code": _late(o).code},
        bad=lambda o: {"code": "ZZZZZZ"},
    ),
    Route(
        "api:conference_checkin_api",
        method="POST",
        kwargs=api_main,
        insider="a.clerk",
        data=lambda o: {"delegate_id": _late(o).pk},
        forbidden="cast.a.staff",
    ),
    Route(
        "api:conference_open_api",
        method="POST",
        kwargs=lambda o: {"conference_id": _ready(o).pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
    ),
    Route(
        "api:conference_close_api",
        method="POST",
        kwargs=api_main,
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: MINUTES,
        bad=lambda o: {"minutes": ""},
    ),
    Route(
        "api:agenda_add_api",
        method="POST",
        ok=201,
        kwargs=lambda o: {"conference_id": _preparing(o).pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: AGENDA,
        bad=lambda o: {**AGENDA, "title": ""},
    ),
    Route(
        "api:poll_create_api",
        method="POST",
        ok=201,
        kwargs=api_main,
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: POLL,
        bad=lambda o: {**POLL, "title": ""},
    ),
    Route(
        "api:poll_get_api",
        kwargs=lambda o: {"poll_id": _election(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "api:candidate_add_api",
        method="POST",
        ok=201,
        kwargs=lambda o: {"poll_id": _election(o).pk},
        insider="a.union",
        forbidden="a.clerk",
        data=lambda o: {"person_id": o.cast.a.board.pk, "nominated_by": "BCH Công đoàn"},
        bad=lambda o: {"person_id": o.cast.a.board.pk, "nominated_by": ""},
    ),
    Route(
        "api:poll_open_api",
        method="POST",
        kwargs=lambda o: {"poll_id": _poll(o).pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
    ),
    Route(
        "api:poll_vote_api",
        method="POST",
        kwargs=lambda o: {"poll_id": _open(o).pk},
        insider="cast.a.staff",
        data=lambda o: {"choice": "yes"},
        bad=lambda o: {"choice": ""},
    ),
    Route(
        "api:slip_record_api",
        method="POST",
        ok=201,
        kwargs=lambda o: {"poll_id": _slips(o).pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: {"person_id": o.cast.a.staff.pk, "choice": "yes"},
        bad=lambda o: {"person_id": o.cast.a.staff.pk, "choice": ""},
    ),
    Route(
        "api:paper_count_api",
        method="POST",
        kwargs=lambda o: {"poll_id": _open(o, method="paper").pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: PAPER,
        bad=lambda o: {**PAPER, "yes": 18},
    ),
    Route(
        "api:poll_close_api",
        method="POST",
        kwargs=lambda o: {"poll_id": _open(o).pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
    ),
    Route(
        "api:poll_close_api",
        method="POST",
        kwargs=lambda o: {"poll_id": _open(o, method="hands").pk},
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: {"hands": HANDS},
        bad=lambda o: {"hands": {**HANDS, "yes": 50}},
    ),
    Route(
        "api:ballots_api",
        kwargs=lambda o: {"poll_id": _closed(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "api:receipt_check_api",
        method="POST",
        kwargs=lambda o: {"poll_id": _closed(o).pk},
        insider="cast.a.staff",
        data=lambda o: {"code": o.receipt},
    ),
    Route(
        "api:board_record_api",
        method="POST",
        ok=201,
        kwargs=lambda o: {"poll_id": _elected(o).pk},
        insider="a.union",
        forbidden="a.clerk",
        data=lambda o: {"head_id": o.a.clerk2.pk},
        bad=lambda o: {"head_id": o.cast.a.head.pk},
    ),
    Route(
        "api:resolution_get_api",
        kwargs=lambda o: {"resolution_id": _resolution(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "api:resolution_draft_api",
        method="POST",
        ok=201,
        kwargs=api_main,
        insider="a.clerk",
        forbidden="cast.a.staff",
        data=lambda o: {"text": ""},
    ),
    Route(
        "api:resolution_publish_api",
        method="POST",
        kwargs=lambda o: {"resolution_id": _resolution(o).pk},
        insider="cast.a.head",
        forbidden="a.clerk",
    ),
    Route(
        "api:resolution_task_api",
        method="POST",
        ok=201,
        kwargs=lambda o: {"resolution_id": _resolution(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=_task_in,
        bad=lambda o: {**_task_in(o), "title": ""},
    ),
    Route(
        "api:review_record_api",
        method="POST",
        kwargs=lambda o: {"review_id": _review(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {"summary": "Các nội dung nghị quyết được thực hiện.", "publish": True},
        bad=lambda o: {"summary": "", "publish": True},
    ),
    Route("api:dialogue_list_api", kwargs=api_unit, insider="cast.a.staff"),
    Route(
        "api:dialogue_create_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {**DIALOGUE, "held_on": _day(3), "chair_id": o.cast.a.head.pk},
        bad=lambda o: {**DIALOGUE, "held_on": _day(-3), "chair_id": o.cast.a.head.pk},
    ),
    Route(
        "api:dialogue_require_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.board",
        forbidden="cast.a.staff",
        data=lambda o: REQUIRE,
        bad=lambda o: {**REQUIRE, "basis": ""},
    ),
    Route(
        "api:dialogue_get_api",
        kwargs=lambda o: {"dialogue_id": _question(o).dialogue_id},
        insider="cast.a.staff",
    ),
    Route(
        "api:question_ask_api",
        method="POST",
        ok=201,
        kwargs=lambda o: {"dialogue_id": _dialogue(o).pk},
        insider="cast.a.staff",
        data=lambda o: {"text": "Chế độ công tác phí có thay đổi không?", "anonymous": True},
        bad=lambda o: {"text": "", "anonymous": True},
    ),
    Route(
        "api:question_upvote_api",
        method="POST",
        kwargs=lambda o: {"question_id": _question(o).pk},
        insider="cast.a.staff",
    ),
    Route(
        "api:question_answer_api",
        method="POST",
        kwargs=lambda o: {"question_id": _question(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {"answer": "Từ quý sau."},
        bad=lambda o: {"answer": ""},
    ),
    Route(
        "api:dialogue_close_api",
        method="POST",
        kwargs=lambda o: {"dialogue_id": _dialogue(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: MINUTES,
        bad=lambda o: {"minutes": ""},
    ),
    Route(
        "api:dialogue_commit_api",
        method="POST",
        ok=201,
        kwargs=lambda o: {"dialogue_id": _dialogue(o).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=_task_in,
        bad=lambda o: {**_task_in(o), "title": ""},
    ),
]

install(globals(), PAGES, API)
