"""Demo data of reception and letters, on top of the organisation demo of ``danchu.core.demo``.

Sở TT&TT, 01/01/2021–15/09/2022 (the seed report): the head's reception day every month, 26
visits, and 390 letters — 386 petitions/reports, 3 complaints, 1 denunciation (its denouncer
protected in the vault) — all settled on time; written with bulk inserts and recorded by one
audit event. Then, for both departments, live cases up to today in every state, moved through
the services so that each step is audited like real work, among them a protected denouncer
whose identity the head let the reception officer open.

Idempotent: the history is skipped when the unit has letters of 2021, the live cases when it
has letters received after 15/09/2022.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from danchu.core.audit import audit_record
from danchu.core.calendar import WorkingCalendar
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.selectors import agency_calendar
from danchu.core.text import fold
from danchu.letters import services, vault
from danchu.letters.models import (
    Channel,
    Counter,
    Eligibility,
    Instance,
    Kind,
    Letter,
    ReceptionSession,
    SessionKind,
    Signatory,
    State,
    Visit,
)
from danchu.letters.services.common import (
    deadline,
    handling_code,
    resolution_code,
    seal_for,
    timeliness,
)
from danchu.letters.vault import Person

HISTORY_START = dt.date(2021, 1, 1)
HISTORY_END = dt.date(2022, 9, 15)
HISTORY = {"000.00.13.H26": {"visits": 26, "petition": 386, "complaint": 3, "denunciation": 1}}
PLACE = "Phòng tiếp công dân, trụ sở Sở"
# The demo's protected denouncer: a made-up name, shown only to the designated officer.
DENOUNCER = Person(
    name="Lương Thị Kim Thoa",
    address="Số 14 ngõ 82 phố Chùa Láng, Đống Đa, Hà Nội",
    id_number="001186004512",
    phone="0983217654",
)
MATTERS = [
    "Phản ánh chất lượng sóng di động yếu tại khu dân cư",
    "Kiến nghị xử lý quảng cáo rao vặt dán trên cột điện",
    "Phản ánh tin nhắn rác, cuộc gọi quấy rối",
    "Kiến nghị về thủ tục cấp giấy phép xuất bản bản tin",
    "Phản ánh trang thông tin điện tử đăng tin sai sự thật",
    "Kiến nghị về việc treo cáp viễn thông không đúng quy định",
    "Phản ánh việc chậm bồi thường dịch vụ bưu chính",
    "Kiến nghị hướng dẫn thủ tục cấp phép trạm phát sóng",
    "Phản ánh hoạt động in không phép",
    "Kiến nghị về chất lượng dịch vụ internet cáp quang",
]
COMPLAINT_MATTERS = [
    "Khiếu nại quyết định xử phạt vi phạm hành chính trong lĩnh vực quảng cáo",
    "Khiếu nại quyết định thu hồi giấy phép thiết lập trang thông tin điện tử",
    "Khiếu nại việc từ chối cấp giấy phép xuất bản bản tin",
]
DENUNCIATION_MATTERS = [
    "Tố cáo công chức gây khó khăn khi giải quyết thủ tục cấp phép",
    "Tố cáo hành vi nhận tiền của cán bộ khi thẩm định hồ sơ",
    "Tố cáo việc sử dụng xe công vào việc riêng",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hữu", "Ngọc", "Quang"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Giang",
    "Hà",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Thảo",
    "Tuấn",
    "Yến",
]
STREETS = ["phố Huế", "Kim Mã", "Láng Hạ", "Nguyễn Trãi", "Cầu Giấy", "Giải Phóng", "Xã Đàn"]


@dataclass
class DemoResult:
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    created: int = 0


@dataclass
class Staff:
    agency: Agency
    head: User
    deputy: User
    clerk: User
    handler: User


def _holder(agency: Agency, role: str) -> User | None:
    m = (
        Membership.objects.active(timezone.localdate())
        .filter(agency__path__startswith=agency.path, role=role)
        .select_related("person")
        .order_by("person_id")
        .first()
    )
    return m.person if m else None


def _staff(agency: Agency) -> Staff | None:
    people = [
        _holder(agency, r)
        for r in (Role.HEAD, Role.DEPUTY_HEAD, Role.PETITIONS_OFFICER, Role.HANDLING_OFFICER)
    ]
    if any(p is None for p in people):
        return None
    head, deputy, clerk, handler = people
    assert head and deputy and clerk and handler
    return Staff(agency, head, deputy, clerk, handler)


def _person(rng: random.Random) -> Person:
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return Person(name=name, address=f"Số {rng.randint(1, 200)} {rng.choice(STREETS)}, Hà Nội")


def load_demo() -> DemoResult:
    before = Letter.objects.count() + Visit.objects.count()
    vault.ensure_key_file()
    for agency in Agency.objects.filter(code__in=["000.00.13.H26", "000.00.12.H26"]):
        staff = _staff(agency)
        if staff is None:
            continue
        rng = random.Random(f"letters-{agency.code}")  # noqa: S311 — demo data, not secrets
        plan = HISTORY.get(agency.code)
        if plan and not Letter.objects.filter(agency=agency, received_on__year=2021).exists():
            with transaction.atomic():
                _History(staff, rng).run(plan)
        if not Letter.objects.filter(agency=agency, received_on__gt=HISTORY_END).exists():
            with transaction.atomic():
                _Live(staff, rng).run()
    return DemoResult(created=Letter.objects.count() + Visit.objects.count() - before)


class _History:
    def __init__(self, staff: Staff, rng: random.Random) -> None:
        self.s, self.rng = staff, rng
        self.numbers: dict[int, int] = {}
        self.people: dict[str, Person] = {}
        self.cal: WorkingCalendar = agency_calendar(staff.agency)
        self.days = [
            d
            for d in (
                HISTORY_START + dt.timedelta(n)
                for n in range((HISTORY_END - HISTORY_START).days + 1)
            )
            if self.cal.is_working_day(d)
        ]

    def run(self, plan: dict[str, int]) -> None:
        sessions = self._sessions()
        visits = self._visits(plan["visits"], sessions)
        kinds = (
            [Kind.PETITION] * plan["petition"]
            + [Kind.COMPLAINT] * plan["complaint"]
            + [Kind.DENUNCIATION] * plan["denunciation"]
        )
        # Complaints and denunciations early enough to be settled within the period.
        early = [d for d in self.days if d <= HISTORY_END - dt.timedelta(days=75)]
        slots: list[tuple[str, dt.date, Visit | None]] = [
            (k, self.rng.choice(early if k != Kind.PETITION else self.days), None) for k in kinds
        ]
        # Eight petitions came from visits: same day, channel "at a reception".
        for i, visit in enumerate(self.rng.sample(visits, 8)):
            slots[i] = (Kind.PETITION, visit.received_on, visit)
        slots.sort(key=lambda x: x[1])
        letters = [
            self._letter(n, kind, day, visit) for n, (kind, day, visit) in enumerate(slots, start=1)
        ]
        Letter.objects.bulk_create(letters)
        created = Letter.objects.filter(agency=self.s.agency, received_on__lte=HISTORY_END)
        signatories = []
        for letter in created:
            person = self.people[letter.code]
            if letter.protected:
                seal_for(
                    letter,
                    vault.Identity(
                        people=[person],
                        content=f"Tôi là {person.name}, tố cáo công chức nhũng nhiễu.",
                    ),
                )
            else:
                signatories.append(
                    Signatory(letter=letter, name=person.name, address=person.address)
                )
        Signatory.objects.bulk_create(signatories)
        for year, last in self.numbers.items():
            Counter.objects.update_or_create(
                agency=self.s.agency, key=f"letter:{year}", defaults={"last": last}
            )
        audit_record(
            actor=None,
            agency=self.s.agency,
            verb="demo.history_loaded",
            obj=self.s.agency,
            changes={"letters": len(letters), "visits": len(visits), "sessions": len(sessions)},
        )

    def _sessions(self) -> list[ReceptionSession]:
        sessions = []
        month = HISTORY_START
        while month <= HISTORY_END:
            # The head's day: the 10th, or the working day after it.
            day = self.cal.next_working_day(month.replace(day=10))
            if day <= HISTORY_END:
                sessions.append(
                    ReceptionSession(
                        agency=self.s.agency,
                        kind=SessionKind.HEAD,
                        held_on=day,
                        place=PLACE,
                        host=self.s.head,
                        created_by=self.s.clerk,
                    )
                )
            month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return ReceptionSession.objects.bulk_create(sessions)

    def _visits(self, total: int, sessions: list[ReceptionSession]) -> list[Visit]:
        visits: list[Visit] = []
        at_head = sessions[: total // 2]
        regular_days = sorted(self.rng.sample(self.days, total - len(at_head)))
        slots = [(s.held_on, s) for s in at_head] + [(d, None) for d in regular_days]
        slots.sort(key=lambda x: x[0])
        counts: dict[int, int] = {}
        for day, session in slots:
            counts[day.year] = counts.get(day.year, 0) + 1
            group = len(visits) in (5, 17)
            people = [_person(self.rng) for _ in range(5 if group else 1)]
            matter = self.rng.choice(MATTERS)
            answered = self.cal.add_working_days(day, self.rng.randint(0, 6))
            visits.append(
                Visit(
                    agency=self.s.agency,
                    session=session,
                    number=counts[day.year],
                    year=day.year,
                    received_on=day,
                    received_by=session.host if session else self.s.clerk,
                    people_count=len(people),
                    visitors="\n".join(p.name for p in people),
                    representatives=people[0].name if group else "",
                    matter=matter,
                    answer="Đã giải thích, hướng dẫn; giao phòng chuyên môn trả lời bằng văn bản.",
                    answer_due_on=self.cal.add_working_days(day, 10),
                    answered_on=answered,
                    search_text=fold(f"{matter} {' '.join(p.name for p in people)}"),
                )
            )
        created = Visit.objects.bulk_create(visits)
        for year, last in counts.items():
            Counter.objects.update_or_create(
                agency=self.s.agency, key=f"visit:{year}", defaults={"last": last}
            )
        return created

    def _letter(self, n: int, kind: str, day: dt.date, visit: Visit | None) -> Letter:
        s, rng, cal = self.s, self.rng, self.cal
        channel = rng.choices(
            [Channel.POST, Channel.DIRECT, Channel.PORTAL, Channel.EMAIL, Channel.FORWARDED],
            [40, 20, 22, 10, 8],
        )[0]
        letter = Letter(
            agency=s.agency,
            received_on=day,
            channel=Channel.VISIT if visit else channel,
            visit=visit,
            kind=kind,
            eligibility=Eligibility.ELIGIBLE,
            signatory_count=1,
            source_body="UBND Thành phố Hà Nội" if channel == Channel.FORWARDED else "",
            handler=s.clerk,
            leader=s.deputy,
            created_by=s.clerk,
        )
        person = _person(rng)
        if kind == Kind.PETITION:
            letter.matter = rng.choice(MATTERS)
            letter.content = f"{letter.matter}. Đề nghị Sở xem xét, giải quyết."
            letter.handling_due_on = deadline(letter, handling_code(letter), day)
            settled = min(cal.add_working_days(day, rng.randint(2, 9)), HISTORY_END)
            letter.state, letter.outcome_number = State.ANSWERED, f"{n}/TB-STTTT"
            letter.outcome_summary = "Đã trả lời bằng văn bản cho người kiến nghị."
        elif kind == Kind.COMPLAINT:
            letter.matter = "Khiếu nại quyết định xử phạt vi phạm hành chính lĩnh vực thông tin"
            letter.content = letter.matter
            letter.instance, letter.complaint_subject = Instance.FIRST, "decision"
            letter.contested_act = f"Quyết định xử phạt số {rng.randint(10, 99)}/QĐ-XPHC"
            letter.known_on = day - dt.timedelta(days=rng.randint(5, 40))
            letter.handling_due_on = deadline(letter, handling_code(letter), day)
            letter.accepted_on = cal.add_working_days(day, 3)
            letter.acceptance_number = f"{n}/TB-TLKN"
            letter.due_on = deadline(letter, resolution_code(letter), letter.accepted_on)
            settled = letter.accepted_on + dt.timedelta(days=rng.randint(15, 28))
            letter.state, letter.outcome_number = State.RESOLVED, f"{n}/QĐ-GQKN"
            letter.outcome_summary = (
                "Quyết định giải quyết khiếu nại lần đầu: giữ nguyên quyết định."
            )
        else:
            letter.protected = True
            letter.matter = "Tố cáo hành vi nhũng nhiễu của công chức khi giải quyết thủ tục"
            letter.content = vault.redact(
                f"Tôi là {DENOUNCER.name}, tố cáo công chức nhũng nhiễu khi giải quyết thủ tục.",
                [DENOUNCER],
            )
            letter.handler, letter.leader = s.handler, s.head
            letter.handling_due_on = deadline(letter, handling_code(letter), day)
            letter.accepted_on = cal.add_working_days(day, 5)
            letter.acceptance_number = f"{n}/QĐ-TLTC"
            letter.due_on = deadline(letter, resolution_code(letter), letter.accepted_on)
            settled = letter.accepted_on + dt.timedelta(days=25)
            letter.state, letter.outcome_number = State.RESOLVED, f"{n}/KL-STTTT"
            letter.outcome_summary = "Kết luận nội dung tố cáo: tố cáo đúng một phần."
            letter.publish_due_on = deadline(letter, "denunciation.publish_conclusion", settled)
            letter.published_on = cal.add_working_days(settled, 3)
            person = DENOUNCER
        letter.outcome_date = letter.settled_on = settled
        # Computed like the services do, against the deadline that governed the letter.
        letter.timeliness = timeliness(settled, letter.due_on or letter.handling_due_on)
        letter.code = f"{s.agency.code}-DT{day:%y}-{self._seq(day):04d}"
        names = [] if letter.protected else [person.name]
        letter.search_text = fold(" ".join([letter.code, letter.matter, letter.content, *names]))
        self.people[letter.code] = person
        return letter

    def _seq(self, day: dt.date) -> int:
        self.numbers[day.year] = self.numbers.get(day.year, 0) + 1
        return self.numbers[day.year]


class _Live:
    """Cases up to today in every state, through the services (each step audited)."""

    def __init__(self, staff: Staff, rng: random.Random) -> None:
        self.s, self.rng = staff, rng
        self.cal = agency_calendar(staff.agency)
        self.today = timezone.localdate()

    def wd(self, n: int) -> dt.date:
        """``n`` working days before today."""
        day = self.today
        for _ in range(n):
            day -= dt.timedelta(days=1)
            while not self.cal.is_working_day(day):
                day -= dt.timedelta(days=1)
        return day

    def receive(self, days_ago: int, **kwargs: object) -> Letter:
        values: dict[str, object] = {
            "actor": self.s.clerk,
            "agency": self.s.agency,
            "received_on": self.wd(days_ago),
            "channel": self.rng.choice([Channel.POST, Channel.PORTAL, Channel.DIRECT]),
            "kind": Kind.PETITION,
            "signatories": [_person(self.rng)],
        }
        values.update(kwargs)
        matters: dict[str, list[str]] = {
            Kind.COMPLAINT: COMPLAINT_MATTERS,
            Kind.DENUNCIATION: DENUNCIATION_MATTERS,
        }
        values.setdefault("matter", self.rng.choice(matters.get(str(values["kind"]), MATTERS)))
        return services.letter_receive(**values)  # type: ignore[arg-type]

    def classify(self, letter: Letter, **kwargs: object) -> Letter:
        values: dict[str, object] = {"kind": letter.kind, "eligibility": Eligibility.ELIGIBLE}
        if letter.kind == Kind.COMPLAINT:
            values.update(
                instance=Instance.FIRST,
                complaint_subject="decision",
                contested_act="Quyết định xử phạt số 41/QĐ-XPHC",
                known_on=letter.received_on - dt.timedelta(days=20),
            )
        values.update(kwargs)
        return services.letter_classify(actor=self.s.clerk, letter=letter, **values)  # type: ignore[arg-type]

    def accept(self, letter: Letter, after: int = 2) -> Letter:
        return services.letter_accept(
            actor=self.s.clerk,
            letter=letter,
            accepted_on=self.cal.add_working_days(letter.received_on, after),
            notice_number=f"{letter.pk}/TB-TL",
            handler=self.s.handler,
            leader=self.s.deputy,
        )

    def settle(self, letter: Letter, outcome: str, on: dt.date, number: str) -> Letter:
        return services.letter_settle(
            actor=self.s.clerk,
            letter=letter,
            outcome=outcome,
            document_number=number,
            document_date=on,
            summary="Đã trả lời, hướng dẫn người gửi đơn.",
        )

    def run(self) -> None:
        s, P, C, D = self.s, Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION
        self._sessions()
        # A visit today, answered on the spot, that becomes a petition being handled.
        visit = services.visit_create(
            actor=s.clerk,
            agency=s.agency,
            received_on=self.wd(1),
            received_by=s.clerk,
            matter="Phản ánh việc treo cáp viễn thông không đúng quy định trước nhà",
            visitors="Đinh Văn Khải, số 7 ngõ 3 Tôn Thất Tùng",
        )
        self.classify(self.receive(1, visit=visit, matter=visit.matter, kind=P))
        # A group visit, answer still due.
        services.visit_create(
            actor=s.clerk,
            agency=s.agency,
            received_on=self.wd(3),
            received_by=s.clerk,
            people_count=4,
            matter="Kiến nghị di dời trạm phát sóng gần trường học",
            visitors="Hộ dân tổ 12 phường Láng Thượng",
            representatives="Trịnh Văn Lộc\nMai Thị Hồng",
        )
        # Received, not classified yet.
        self.receive(0)
        # Petitions: due soon; overdue; answered on time.
        self.classify(self.receive(8, kind=P))
        self.classify(self.receive(14, kind=P))
        answered = self.classify(self.receive(20, kind=P))
        self.settle(answered, "answer", self.wd(15), "112/TB-STTTT")
        # Complaints: awaiting acceptance; in progress; overdue; out of time (closed).
        self.classify(self.receive(3, kind=C))
        self.accept(self.classify(self.receive(10, kind=C)))
        overdue = self.accept(self.classify(self.receive(45, kind=C)))
        late = self.classify(
            self.receive(12, kind=C, matter="Khiếu nại việc thu hồi giấy phép"),
            eligibility=Eligibility.OUT_OF_TIME,
            eligibility_note="Quá thời hiệu 90 ngày.",
            known_on=self.wd(12) - dt.timedelta(days=150),
        )
        self.settle(late, "close", self.wd(6), "15/PĐX-TTr")
        # A duplicate of the overdue complaint, linked and closed.
        dup = self.classify(
            self.receive(9, kind=C, matter=overdue.matter),
            eligibility=Eligibility.DUPLICATE,
            duplicate_of=overdue,
        )
        self.settle(dup, "close", self.wd(5), "16/PĐX-TTr")
        # Not competent: forwarded with its slip.
        other = self.classify(
            self.receive(6, kind=P, matter="Kiến nghị về bồi thường đất"),
            eligibility=Eligibility.NOT_COMPETENT,
            eligibility_note="Thuộc thẩm quyền UBND phường.",
        )
        services.letter_forward(
            actor=s.clerk, letter=other, forwarded_to="UBND phường Đống Đa", forwarded_on=self.wd(3)
        )
        # Anonymous: closed.
        anon = self.classify(
            self.receive(7, signatories=[], kind=D),
            kind=D,
            eligibility=Eligibility.ANONYMOUS,
            eligibility_note="Đơn không ghi họ tên, địa chỉ người tố cáo.",
        )
        self.settle(anon, "close", self.wd(4), "17/PĐX-TTr")
        # A mixed letter split into a petition and a complaint.
        mixed = self.receive(
            4,
            kind=Kind.MIXED,
            matter="Vừa kiến nghị về sóng di động, vừa khiếu nại quyết định phạt",
        )
        services.letter_split(
            actor=s.clerk,
            letter=mixed,
            parts=[
                (P, "Kiến nghị cải thiện sóng di động tại khu dân cư"),
                (C, "Khiếu nại quyết định xử phạt số 55/QĐ-XPHC"),
            ],
        )
        # The protected denouncer: accepted, complex, extended once; the head designated the
        # reception officer to open the identity; the handling officer works on the copy.
        den = self.receive(
            22,
            kind=D,
            channel=Channel.DIRECT,
            matter=f"Tố cáo công chức nhận tiền khi thẩm định (người tố cáo {DENOUNCER.name})",
            content=f"Tôi là {DENOUNCER.name}, CCCD {DENOUNCER.id_number}, điện thoại "
            f"{DENOUNCER.phone}, tố cáo công chức X nhận tiền khi thẩm định hồ sơ cấp phép.",
            signatories=[DENOUNCER],
        )
        den = self.accept(self.classify(den), after=5)
        den = services.letter_mark_complex(
            actor=s.clerk,
            letter=den,
            complexity="complex",
            reason="Cần xác minh tại nhiều doanh nghiệp.",
        )
        if den.due_on and den.due_on >= self.today - dt.timedelta(days=3):
            services.letter_extend(
                actor=s.head,
                letter=den,
                decision_number="21/QĐ-GH",
                decided_on=min(den.due_on, self.today),
                reason="Vụ việc phức tạp, cần thêm thời gian xác minh.",
            )
        services.vault_designate(
            actor=s.head,
            letter=den,
            person=s.clerk,
            reason="Cán bộ tiếp nhận, cần liên hệ người tố cáo.",
        )
        services.vault_open(
            actor=s.clerk, letter=den, reason="Gọi điện mời người tố cáo đến làm việc."
        )
        # A denunciation suspended; one resolved with its conclusion due for publication.
        sus = self.accept(self.classify(self.receive(25, kind=D)))
        services.letter_suspend(
            actor=s.clerk,
            letter=sus,
            stopped_on=self.wd(5),
            decision_number="9/QĐ-TĐC",
            reason="Chờ kết quả giám định.",
        )
        done = self.accept(self.classify(self.receive(30, kind=D)))
        self.settle(done, "resolve", self.wd(2), "31/KL-TC")

    def _sessions(self) -> None:
        """The head's day in each of the last twelve months but one (that month shows as a
        breach); the current month is still to come."""
        first = self.today.replace(day=1)
        for back in range(1, 13):
            month = first
            for _ in range(back):
                month = (month - dt.timedelta(days=1)).replace(day=1)
            if back == 4:
                continue
            day = self.cal.next_working_day(month.replace(day=12))
            services.reception_session_create(
                actor=self.s.clerk,
                agency=self.s.agency,
                kind=SessionKind.HEAD,
                held_on=day,
                place=PLACE,
                host=self.s.head,
            )
