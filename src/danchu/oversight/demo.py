"""Demo data of the People's Inspection Board, for both departments: the term elected at the
2025 staff conference with its five members (the board roles the organisation demo gave are
taken over as seats) and the union's recognition; the 2026 programme, approved, and the
fourth quarter's, not yet; two inspections — one with its findings voted, its result sent
and its recommendations, one just notified with a request for documents —; a recommendation
answered on time with two actions (now tasks), one not accepted with reasons and closed, and
one whose answer is overdue; a named petition answered and an anonymous one waiting.

Everything goes through the services (audited). Idempotent: skipped for a unit that has a
term already. The services date what they record today, so the demo's answers are dated
today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from danchu.core.demo import BOARD_TERM
from danchu.core.models import Agency, Membership, Role, User
from danchu.oversight import services
from danchu.oversight.models import BoardTerm, SeatRole


@dataclass
class DemoResult:
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    created: int = 0


def _people(agency: Agency, role: str) -> list[Membership]:
    return list(
        Membership.objects.active(timezone.localdate())
        .filter(agency__path__startswith=agency.path, role=role)
        .select_related("person", "agency")
        .order_by("agency__path", "start", "person_id")
    )


def load_demo() -> DemoResult:
    created = 0
    for agency in Agency.objects.filter(code__in=["000.00.12.H26", "000.00.13.H26"]):
        heads = _people(agency, Role.HEAD)
        board = [m for m in _people(agency, Role.BOARD_MEMBER) if m.agency_id == agency.pk]
        union = _people(agency, Role.UNION_EXECUTIVE)
        if not heads or not board or not union or BoardTerm.objects.filter(agency=agency).exists():
            continue
        with transaction.atomic():
            created += _load(agency, heads[0].person, board, union[0].person)
    return DemoResult(created=created)


def _load(agency: Agency, head: User, board: list[Membership], chair: User) -> int:
    today = timezone.localdate()
    term = services.term_create(
        actor=chair,
        agency=agency,
        elected_on=BOARD_TERM[0],
        election_record="Biên bản bầu Ban Thanh tra nhân dân tại Hội nghị CBCCVC năm 2025",
        recognised_on=BOARD_TERM[0] + dt.timedelta(days=3),
        recognition_number="05/QĐ-CĐ",
    )
    roles = [SeatRole.HEAD, SeatRole.DEPUTY] + [SeatRole.MEMBER] * (len(board) - 2)
    # The board's head is the one the demo prints a login for (bttnd.<unit>).
    board.sort(key=lambda m: (not m.person.username.startswith("bttnd."), m.person_id))
    for m, role in zip(board, roles, strict=True):
        services.seat_add(
            actor=chair,
            term=term,
            person=m.person,
            role=role,
            start=BOARD_TERM[0],
            basis=term.election_record,
        )
    members = [m.person for m in board]
    leader = members[0]
    year = today.year
    annual = services.programme_create(
        actor=leader,
        agency=agency,
        kind="year",
        year=year,
        title=f"Chương trình công tác năm {year} của Ban Thanh tra nhân dân",
        items=[
            services.ItemIn(
                "Việc thực hiện Quy chế chi tiêu nội bộ",
                dt.date(year, 3, 1),
                today - dt.timedelta(days=30),
                "Toàn Ban",
                5_000_000,
            ),
            services.ItemIn(
                "Việc thực hiện Nghị quyết Hội nghị CBCCVC",
                dt.date(year, 6, 1),
                dt.date(year, 6, 30),
                "Trưởng ban, 2 thành viên",
                3_000_000,
            ),
            services.ItemIn(
                "Việc giải quyết chế độ, chính sách cho người lao động",
                today,
                dt.date(year, 12, 15),
                "Phó Trưởng ban, 2 thành viên",
                3_000_000,
            ),
        ],
    )
    annual = services.programme_approve(actor=chair, programme=annual)
    services.programme_create(
        actor=leader,
        agency=agency,
        kind="quarter",
        year=year,
        period=4,
        title=f"Chương trình công tác quý IV năm {year}",
        items=[
            services.ItemIn(
                "Việc công khai kết quả thi đua, khen thưởng",
                today,
                dt.date(year, 12, 20),
                "2 thành viên",
                1_000_000,
            )
        ],
    )
    items = list(annual.items.order_by("planned_from"))
    first = services.inspection_create(
        actor=leader,
        agency=agency,
        subject_kind="decision",
        subject="Việc thực hiện Quy chế chi tiêu nội bộ năm nay",
        inspected_party="Văn phòng Sở; Phòng Kế hoạch - Tài chính",
        notice_number="03/TB-BTTND",
        notified_on=today - dt.timedelta(days=45),
        starts_on=today - dt.timedelta(days=35),
        programme_item=items[0],
    )
    services.inspection_conclude(
        actor=leader,
        inspection=first,
        findings=(
            "Việc chi công tác phí, hội nghị cơ bản đúng quy chế; một số chứng từ thanh toán "
            "chậm; chưa công khai quyết toán quý II đúng hạn."
        ),
        votes={m.pk: ("for" if i < len(members) - 1 else "abstain") for i, m in enumerate(members)},
        on=today - dt.timedelta(days=20),
    )
    services.inspection_report(
        actor=leader,
        inspection=first,
        result_to="Giám đốc Sở; Ban Chấp hành Công đoàn",
        sent_on=today - dt.timedelta(days=18),
    )
    second = services.inspection_create(
        actor=leader,
        agency=agency,
        subject_kind="policy",
        subject="Việc giải quyết chế độ, chính sách cho người lao động",
        inspected_party="Văn phòng Sở",
        notice_number="04/TB-BTTND",
        notified_on=today - dt.timedelta(days=2),
        starts_on=services.earliest_start(agency, today - dt.timedelta(days=2)),
        programme_item=items[2],
    )
    services.document_request(
        actor=leader,
        inspection=second,
        what="Danh sách nâng lương, chế độ phụ cấp năm nay; các quyết định liên quan.",
        due_on=today + dt.timedelta(days=7),
    )
    divisions = [
        m.agency for m in _people(agency, Role.DIVISION_HEAD) if m.agency.kind == "division"
    ]
    answered = services.recommendation_create(
        actor=leader,
        agency=agency,
        number="01/KN-BTTND",
        content="Đề nghị công khai quyết toán quý II đúng hạn và hoàn thiện chứng từ thanh toán.",
        received_on=today - dt.timedelta(days=10),
        inspection=first,
    )
    services.recommendation_answer(
        actor=head,
        recommendation=answered,
        kind="accepted",
        answer="Tiếp thu; giao các phòng thực hiện ngay.",
        actions=[
            services.ActionIn(
                "Công khai quyết toán quý II", divisions[2], today + dt.timedelta(days=10)
            ),
            services.ActionIn(
                "Hoàn thiện chứng từ thanh toán còn thiếu",
                divisions[0],
                today + dt.timedelta(days=20),
            ),
        ],
    )
    refused = services.recommendation_create(
        actor=leader,
        agency=agency,
        number="02/KN-BTTND",
        content="Đề nghị tăng mức chi hỗ trợ hội nghị lên 50.000 đồng/người.",
        received_on=today - dt.timedelta(days=5),
        inspection=first,
    )
    services.recommendation_answer(
        actor=head,
        recommendation=refused,
        kind="refused",
        answer="Không tiếp thu: vượt định mức chi của Thành phố (Nghị quyết HĐND).",
    )
    services.recommendation_close(
        actor=leader, recommendation=refused, note="Ban thống nhất với giải trình của Giám đốc."
    )
    services.recommendation_create(
        actor=leader,
        agency=agency,
        number="03/KN-BTTND",
        content="Đề nghị tổ chức đối thoại về việc bố trí phòng làm việc cho các phòng chuyên môn.",
        received_on=today - dt.timedelta(days=20),
    )
    staff = [
        m.person
        for m in _people(agency, Role.STAFF)
        if m.person not in members and m.person != head
    ]
    named = services.petition_send(
        actor=staff[-1],
        agency=agency,
        subject="Chế độ làm thêm giờ",
        text="Đề nghị Ban kiểm tra việc thanh toán tiền làm thêm giờ quý III.",
    )
    services.petition_decide(
        actor=leader, petition=named, verify=True, reason="Thuộc nội dung chương trình năm."
    )
    services.petition_answer(
        actor=leader, petition=named, answer="Ban đưa vào cuộc kiểm tra số 04/TB-BTTND."
    )
    services.petition_send(
        actor=staff[-2],
        agency=agency,
        subject="Phân công trực",
        text="Lịch trực cuối tuần chưa công bằng giữa các phòng.",
        anonymous=True,
    )
    return 12
