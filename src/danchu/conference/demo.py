"""Demo data of the staff conference and the dialogues, for both departments: the 2022
annual conference (work year 2021) recorded from its minutes — the roll and check-in, a few
absent with reasons, two motions (a show of hands and a named vote), the election of the
People's Inspection Board by secret ballot and the board's term 2022–2024 with the union's
recognition, the resolution adopted and its 6-monthly reviews up to the next conference —;
this work year's conference convened for next January with its roll, default agenda, two
draft documents and its polls set up (not opened); a dialogue held five months ago with
questions (named and anonymous, supported, answered in the session), its minutes and a
commitment that became a task; and a dialogue the board required, scheduled for a coming
day, with questions sent in advance.

Everything goes through the services (audited); the past is recorded with ``as_of``, the
moment advancing as the day went on. Idempotent: skipped for a unit that has conferences.

The 2022 resolution and its reviews are published through the disclosure module only when
a publication rule was in force on their dates: the statutory rules loaded start with Law
10/2022 (01/07/2023), so until earlier rules are entered they were published outside the
system, like the 2022 work plan of the tasks demo.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from danchu.conference import services
from danchu.conference.models import (
    AgendaItem,
    AgendaKind,
    Candidate,
    Choice,
    Conference,
    ConferenceKind,
    DialogueReason,
    PollKind,
    PollMethod,
    TieRule,
)
from danchu.core.errors import DomainError
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.selectors import agency_calendar, clock_rule_in_force
from danchu.core.uploads import FileIn
from danchu.oversight import services as oversight
from danchu.portal.demo import _pdf

KEYS = {"000.00.12.H26": "khcn", "000.00.13.H26": "tttt"}
ROOM = "Hội trường tầng 2, trụ sở Sở"


@dataclass
class DemoResult:
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    created: int = 0


@dataclass(frozen=True)
class Year2022:
    """The 2022 conference of a department, as its minutes tell it."""

    convened: dt.date
    held: dt.date
    recognised: dt.date
    reviews: tuple[dt.date, dt.date]
    absent: int
    recognition_number: str


YEAR_2022 = {
    "khcn": Year2022(
        convened=dt.date(2022, 1, 5),
        held=dt.date(2022, 1, 20),
        recognised=dt.date(2022, 1, 24),
        reviews=(dt.date(2022, 7, 15), dt.date(2023, 1, 13)),
        absent=5,
        recognition_number="03/QĐ-CĐ",
    ),
    "tttt": Year2022(
        convened=dt.date(2022, 1, 6),
        held=dt.date(2022, 1, 25),
        recognised=dt.date(2022, 1, 27),
        reviews=(dt.date(2022, 7, 22), dt.date(2023, 1, 18)),
        absent=7,
        recognition_number="02/QĐ-CĐ",
    ),
}
ABSENCES = [
    "Đi công tác theo Quyết định của Giám đốc Sở",
    "Nghỉ ốm (có giấy xác nhận)",
    "Nghỉ chế độ thai sản",
    "Đi học lớp bồi dưỡng ngạch chuyên viên chính",
    "Việc gia đình, có đơn xin phép",
    "Trực bộ phận một cửa",
    "Đi công tác tại cơ sở",
]
# The share of the valid ballots each candidate received, best first: five clearly above
# half, two well below.
SHARES = [0.94, 0.87, 0.81, 0.74, 0.66, 0.35, 0.21]


@dataclass
class Cast:
    agency: Agency
    key: str
    head: User
    union: User  # the union's chair
    secretary: User
    board: list[User]  # the board sitting today (the oversight demo's)
    plain: list[User]  # staff with no other role, in a stable order
    office: Agency
    later: int  # the second department holds its dialogues a week later


def _at(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime.combine(
        day, dt.time(hour, minute, second), tzinfo=timezone.get_current_timezone()
    )


@contextmanager
def _on(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> Iterator[None]:
    with services.as_of(_at(day, hour, minute, second)):
        yield


def _active(agency: Agency, role: str) -> list[Membership]:
    return list(
        Membership.objects.active(timezone.localdate())
        .filter(agency__path__startswith=agency.path, role=role)
        .select_related("person", "agency")
        .order_by("agency__path", "start", "person_id")
    )


def _cast(agency: Agency) -> Cast | None:
    key = KEYS[agency.code]
    heads = [m.person for m in _active(agency, Role.HEAD) if m.agency_id == agency.pk]
    union = _active(agency, Role.UNION_EXECUTIVE)
    office = Agency.objects.filter(code=f"{agency.code}.VP").first()
    if not heads or not union or office is None:
        return None
    others = set(
        Membership.objects.filter(agency__path__startswith=agency.path)
        .exclude(role=Role.STAFF)
        .values_list("person_id", flat=True)
    )
    plain = [
        m.person
        for m in Membership.objects.active(timezone.localdate())
        .filter(agency__path__startswith=agency.path, role=Role.STAFF)
        .exclude(person_id__in=others)
        .select_related("person")
        .order_by("person__username")
    ]
    secretary = next((p for p in plain if p.pk in _staff_of(office)), None)
    if secretary is None:
        return None
    return Cast(
        agency=agency,
        key=key,
        head=heads[0],
        union=union[0].person,
        secretary=secretary,
        board=[m.person for m in _active(agency, Role.BOARD_MEMBER) if m.agency_id == agency.pk],
        plain=[p for p in plain if p != secretary],
        office=office,
        later=list(KEYS).index(agency.code),
    )


def _staff_of(unit: Agency) -> set[int]:
    return set(
        Membership.objects.active(timezone.localdate())
        .filter(agency=unit, role=Role.STAFF)
        .values_list("person_id", flat=True)
    )


def _user(suffix: str, cast: Cast) -> User:
    return User.objects.get(username=f"{suffix}.{cast.key}")


def load_demo() -> DemoResult:
    created = 0
    for agency in Agency.objects.filter(code__in=list(KEYS)).order_by("code"):
        if Conference.objects.filter(agency=agency).exists():
            continue
        cast = _cast(agency)
        if cast is None:
            continue
        with transaction.atomic():
            created += _conference_2022(cast)
            created += _conference_next(cast)
            created += _dialogue_held(cast)
            created += _dialogue_planned(cast)
    return DemoResult(created=created)


def _publishes(agency: Agency, day: dt.date) -> bool:
    """Whether the publication rules were in force on ``day`` (see the module's note)."""
    try:
        for code in ("publication.deadline", "publication.posting_min"):
            clock_rule_in_force(code=code, agency=agency, on=day)
    except DomainError:
        return False
    return True


def _item(conference: Conference, kind: str) -> AgendaItem:
    return conference.agenda.get(kind=kind)


def _ballots(voters: int, tallies: list[int]) -> list[list[int]]:
    """``voters`` ballots giving each candidate (by index) its tally, at most 5 marks each:
    each candidate's marks go on the ballots with the fewest marks so far."""
    ballots: list[list[int]] = [[] for _ in range(voters)]
    for index, tally in enumerate(tallies):
        order = sorted(range(voters), key=lambda n: (len(ballots[n]), (n * 7 + index) % voters))
        for n in order[:tally]:
            ballots[n].append(index)
    return ballots


def _conference_2022(cast: Cast) -> int:
    year = YEAR_2022[cast.key]
    day = year.held
    head, union, secretary = cast.head, cast.union, cast.secretary
    with _on(year.convened, 9):
        conference = services.conference_convene(
            actor=head,
            agency=cast.agency,
            kind=ConferenceKind.ANNUAL,
            year=day.year - 1,
            title=f"Hội nghị cán bộ, công chức, viên chức năm {day.year}",
            held_on=day,
            starts_at=dt.time(8, 0),
            place=ROOM,
            chair=head,
            secretary=secretary,
        )
    count = 1

    # The roll: most check in between 7:30 and 8:00 with the code of their invitation (a few
    # ticked by the secretary at the door); the absent are excused.
    rng = random.Random(f"conference-2022-{cast.key}")  # noqa: S311 — demo data, not secrets
    roll = list(conference.roll.select_related("person").order_by("person__username"))
    keep = {head.pk, union.pk, secretary.pk, *(p.pk for p in cast.board)}
    absent = rng.sample([d for d in roll if d.person_id not in keep], year.absent)
    present = [d for d in roll if d not in absent]
    for n, delegate in enumerate(present):
        with _on(day, 7, 30 + n * 30 // len(present), n % 60):
            if n % 6 == 5:
                services.check_in(actor=secretary, conference=conference, delegate=delegate)
            else:
                services.check_in(actor=delegate.person, conference=conference, code=delegate.code)
    with _on(day, 7, 58):
        for delegate, reason in zip(absent, ABSENCES, strict=False):
            services.absence(actor=secretary, delegate=delegate, reason=reason)
    with _on(day, 8, 0):
        conference = services.conference_open(actor=head, conference=conference)
    voters = [d.person for d in present]
    decisions = _item(conference, AgendaKind.DECISIONS)

    # The board: the union nominates seven, the present elect five by secret ballot.
    board_2025 = [p for p in cast.board if p.username.startswith("bttnd.")] + [
        p for p in cast.board if not p.username.startswith("bttnd.")
    ]
    nominees = board_2025[:2] + rng.sample(cast.plain[:40], len(SHARES) - 2)
    with _on(day, 8, 5):
        election = services.poll_create(
            actor=secretary,
            conference=conference,
            kind=PollKind.ELECTION,
            method=PollMethod.SECRET,
            title="Bầu Ban Thanh tra nhân dân nhiệm kỳ 2022–2024",
            text="Bầu 05 thành viên; mỗi phiếu chọn không quá 05 người trong danh sách.",
            seats=5,
            tie_rule=TieRule.RUNOFF,
            agenda_item=decisions,
        )
        candidates = [
            services.candidate_add(
                actor=union,
                poll=election,
                person=person,
                nominated_by="Ban Chấp hành Công đoàn Sở",
            )
            for person in nominees
        ]

    # Two decisions: the revised spending rules by a show of hands, the social fund by a
    # named vote.
    with _on(day, 9, 30):
        rules = services.poll_create(
            actor=secretary,
            conference=conference,
            kind=PollKind.MOTION,
            method=PollMethod.HANDS,
            title="Thông qua Quy chế chi tiêu nội bộ sửa đổi",
            text="Dự thảo Quy chế chi tiêu nội bộ năm 2022 đã gửi các phòng góp ý từ 05/01/2022.",
            agenda_item=decisions,
        )
        services.poll_open(actor=secretary, poll=rules)
    with _on(day, 9, 35):
        services.poll_close(
            actor=secretary,
            poll=rules,
            hands=services.HandsIn(yes=len(voters) - 2, no=0, abstain=2),
        )
    with _on(day, 9, 40):
        fund = services.poll_create(
            actor=secretary,
            conference=conference,
            kind=PollKind.MOTION,
            method=PollMethod.NAMED,
            title="Mức đóng góp quỹ xã hội: 50.000 đồng/người/tháng",
            text="Quỹ dùng thăm hỏi ốm đau, hiếu hỉ và hỗ trợ đoàn viên có hoàn cảnh khó khăn.",
            agenda_item=decisions,
        )
        services.poll_open(actor=secretary, poll=fund)
    for n, person in enumerate(voters):
        choice = Choice.NO if n % 17 == 3 else Choice.ABSTAIN if n % 13 == 7 else Choice.YES
        with _on(day, 9, 41 + n * 6 // len(voters), n % 60):
            services.vote(actor=person, poll=fund, choice=choice)
    with _on(day, 9, 50):
        services.poll_close(actor=secretary, poll=fund)
    count += 2

    with _on(day, 10, 0):
        services.poll_open(actor=secretary, poll=election)
    blank = 1
    valid = len(voters) - blank
    tallies = [round(share * valid) for share in SHARES]
    ballots = _ballots(valid, tallies) + [[]] * blank
    rng.shuffle(ballots)
    for n, (person, marks) in enumerate(zip(voters, ballots, strict=True)):
        with _on(day, 10, 2 + n * 15 // len(voters), n % 60):
            services.vote(actor=person, poll=election, marks=[candidates[i].pk for i in marks])
    with _on(day, 10, 30):
        election = services.poll_close(actor=secretary, poll=election)
    count += 1 + len(candidates)
    elected = list(
        Candidate.objects.filter(poll=election, elected=True)
        .select_related("person")
        .order_by("-votes", "person_id")
    )
    assert election.adopted and len(elected) == 5, election.result_note
    with _on(day, 10, 45):
        term = services.board_from_election(actor=union, poll=election, head=elected[0].person)
    oversight.term_recognise(
        actor=union,
        term=term,
        recognised_on=year.recognised,
        number=year.recognition_number,
    )
    count += 1 + len(elected)

    # The resolution: drafted from the decisions, adopted by a show of hands.
    rules.refresh_from_db()
    fund.refresh_from_db()
    names = ", ".join(c.person.get_full_name() for c in elected)
    with _on(day, 11, 0):
        resolution = services.resolution_draft(
            actor=secretary,
            conference=conference,
            text="\n".join(
                [
                    "HỘI NGHỊ QUYẾT NGHỊ:",
                    f"1. Thông qua Báo cáo kết quả thực hiện nhiệm vụ năm {day.year - 1} và "
                    f"phương hướng, nhiệm vụ năm {day.year}.",
                    f"2. {rules.title} ({rules.yes}/{rules.present} đại biểu tán thành).",
                    f"3. {fund.title} ({fund.yes}/{fund.present} đại biểu tán thành).",
                    f"4. Ban Thanh tra nhân dân nhiệm kỳ 2022–2024 gồm: {names}.",
                    f"5. Phấn đấu 100% phòng, đơn vị hoàn thành nhiệm vụ năm {day.year}; không "
                    "có cán bộ, công chức vi phạm kỷ luật.",
                    "6. Giao Giám đốc Sở và Ban Chấp hành Công đoàn tổ chức thực hiện; sơ kết "
                    "6 tháng một lần và thông báo kết quả tới toàn thể cán bộ, công chức.",
                ]
            ),
        )
        adoption = services.poll_create(
            actor=secretary,
            conference=conference,
            kind=PollKind.RESOLUTION,
            method=PollMethod.HANDS,
            title=f"Thông qua Nghị quyết Hội nghị cán bộ, công chức, viên chức năm {day.year}",
            agenda_item=_item(conference, AgendaKind.RESOLUTION),
        )
    with _on(day, 11, 15):
        services.poll_open(actor=secretary, poll=adoption)
    with _on(day, 11, 20):
        services.poll_close(
            actor=secretary,
            poll=adoption,
            hands=services.HandsIn(yes=len(voters) - 1, no=0, abstain=1),
        )
    with _on(day, 11, 30):
        services.conference_close(
            actor=secretary,
            conference=conference,
            minutes=(
                f"Hội nghị khai mạc lúc 8 giờ 00 ngày {day:%d/%m/%Y} tại {ROOM}; có mặt "
                f"{len(voters)}/{len(roll)} cán bộ, công chức được triệu tập, vắng "
                f"{len(absent)} (có lý do). Hội nghị đã nghe Báo cáo kết quả thực hiện nhiệm "
                f"vụ năm {day.year - 1}, Báo cáo của Ban Thanh tra nhân dân; thảo luận và "
                "biểu quyết thông qua Quy chế chi tiêu nội bộ sửa đổi, mức đóng góp quỹ xã "
                "hội; bầu Ban Thanh tra nhân dân nhiệm kỳ 2022–2024; thông qua Nghị quyết "
                "Hội nghị. Hội nghị bế mạc lúc 11 giờ 30 cùng ngày."
            ),
        )
    count += 3
    resolution.refresh_from_db()
    if _publishes(cast.agency, day):
        with _on(day + dt.timedelta(days=1), 9):
            services.resolution_publish(actor=head, resolution=resolution)

    # The 6-monthly reviews, up to the next year's conference.
    summaries = [
        "Sơ kết 6 tháng: 8/9 chỉ tiêu của Nghị quyết đạt tiến độ; Quy chế chi tiêu nội bộ sửa "
        "đổi được áp dụng từ 01/02; quỹ xã hội đã thu đủ 6 tháng. Cần đẩy nhanh số hóa hồ sơ.",
        "Đánh giá cả năm: hoàn thành các chỉ tiêu của Nghị quyết; 100% phòng, đơn vị hoàn "
        "thành nhiệm vụ; không có cán bộ, công chức vi phạm kỷ luật.",
    ]
    for held, summary in zip(year.reviews, summaries, strict=True):
        review = resolution.reviews.filter(held_on__isnull=True).order_by("due_on").first()
        assert review is not None
        with _on(held, 15):
            services.review_record(
                actor=head,
                review=review,
                summary=summary,
                publish=_publishes(cast.agency, held),
            )
        count += 1
    return count


def _conference_next(cast: Cast) -> int:
    """This work year's conference, convened for next January: roll, agenda, documents and
    its polls set up."""
    today = timezone.localdate()
    calendar = agency_calendar(cast.agency)
    held = calendar.next_working_day(dt.date(today.year + 1, 1, 21))
    head, union, secretary = cast.head, cast.union, cast.secretary
    conference = services.conference_convene(
        actor=head,
        agency=cast.agency,
        kind=ConferenceKind.ANNUAL,
        year=today.year,
        title=f"Hội nghị cán bộ, công chức, viên chức năm {held.year}",
        held_on=held,
        starts_at=dt.time(8, 0),
        place=ROOM,
        chair=head,
        secretary=secretary,
    )
    services.agenda_add(
        actor=secretary,
        conference=conference,
        kind=AgendaKind.OTHER,
        title=f"Khen thưởng tập thể, cá nhân có thành tích xuất sắc năm {today.year}",
        presenter="Chánh Văn phòng Sở",
    )
    for title, text in (
        (
            f"Dự thảo Báo cáo kết quả thực hiện nhiệm vụ năm {today.year}, phương hướng năm "
            f"{held.year}",
            f"Du thao Bao cao ket qua thuc hien nhiem vu nam {today.year}",
        ),
        (
            f"Dự thảo Quy chế chi tiêu nội bộ năm {held.year}",
            f"Du thao Quy che chi tieu noi bo nam {held.year}",
        ),
    ):
        services.document_add(
            actor=secretary,
            conference=conference,
            title=title,
            file=FileIn(f"{text.lower().replace(' ', '-')}.pdf", _pdf(text)),
        )
    decisions = _item(conference, AgendaKind.DECISIONS)
    services.poll_create(
        actor=secretary,
        conference=conference,
        kind=PollKind.MOTION,
        method=PollMethod.HANDS,
        title=f"Mức đóng góp quỹ xã hội năm {held.year}: 50.000 đồng/người/tháng",
        agenda_item=decisions,
    )
    term = f"{held.year}–{held.year + 2}"
    election = services.poll_create(
        actor=secretary,
        conference=conference,
        kind=PollKind.ELECTION,
        method=PollMethod.SECRET,
        title=f"Bầu Ban Thanh tra nhân dân nhiệm kỳ {term}",
        text="Bầu 05 thành viên; mỗi phiếu chọn không quá 05 người trong danh sách.",
        seats=5,
        tie_rule=TieRule.RUNOFF,
        agenda_item=decisions,
    )
    for person in cast.board + cast.plain[-2:]:
        services.candidate_add(
            actor=union, poll=election, person=person, nominated_by="Ban Chấp hành Công đoàn Sở"
        )
    return 3


def _dialogue_held(cast: Cast) -> int:
    """The periodic dialogue held five months ago: questions sent in advance (one
    anonymous) and supported, one asked in the session, answers, minutes, a commitment."""
    today = timezone.localdate()
    calendar = agency_calendar(cast.agency)
    day = calendar.next_working_day(today - dt.timedelta(days=150 - 7 * cast.later))
    due = today + dt.timedelta(days=24)  # the commitment's deadline
    head = cast.head
    canbo, chief = _user("canbo", cast), _user("truongphong", cast)
    with _on(day - dt.timedelta(days=14), 9):
        dialogue = services.dialogue_create(
            actor=head,
            agency=cast.agency,
            title=f"Đối thoại định kỳ năm {day.year} giữa Giám đốc Sở với cán bộ, công chức",
            reason=DialogueReason.PERIODIC,
            basis="Quy chế thực hiện dân chủ ở cơ sở của Sở, Điều 12",
            held_on=day,
            place="Phòng họp số 1, trụ sở Sở",
            chair=head,
        )
    with _on(day - dt.timedelta(days=6), 10):
        computers = services.question_ask(
            actor=canbo,
            dialogue=dialogue,
            text="Nhiều máy tính của các phòng chuyên môn đã sử dụng trên 8 năm, thường xuyên "
            "hỏng; đề nghị Lãnh đạo Sở cho biết kế hoạch trang bị thay thế.",
        )
        overtime = services.question_ask(
            actor=cast.plain[3],
            dialogue=dialogue,
            text="Tiền làm thêm giờ quý trước được thanh toán chậm; đề nghị cho biết nguyên nhân "
            "và thời hạn thanh toán.",
        )
        emulation = services.question_ask(
            actor=cast.plain[7],
            dialogue=dialogue,
            text="Đề nghị công khai tiêu chí và kết quả bình xét thi đua của từng phòng trước "
            "khi trình Hội đồng thi đua.",
            anonymous=True,
        )
    with _on(day - dt.timedelta(days=3), 14):
        for n, person in enumerate(cast.plain[10:22]):
            question = (computers, emulation, overtime)[n % 3] if n < 9 else computers
            services.question_upvote(actor=person, question=question)
    with _on(day, 14, 45):
        training = services.question_ask(
            actor=chief,
            dialogue=dialogue,
            text="Đề nghị bố trí kinh phí tập huấn kỹ năng chuyển đổi số cho công chức trong "
            "năm nay.",
        )
    answers = [
        (
            computers,
            "Sở đã bố trí kinh phí; Văn phòng rà soát và thay thế máy tính hỏng cho các phòng "
            f"chuyên môn trước ngày {due:%d/%m/%Y}.",
        ),
        (
            emulation,
            "Tiếp thu: từ năm nay tiêu chí và kết quả bình xét của từng phòng được công khai trên "
            "cổng thông tin nội bộ trước khi trình Hội đồng.",
        ),
        (
            overtime,
            "Do chậm phân bổ dự toán; nay đã thanh toán xong. Từ quý sau thanh toán trong "
            "tháng đầu của quý kế tiếp.",
        ),
    ]
    for n, (question, answer) in enumerate(answers):
        with _on(day, 15, 10 * n):
            services.question_answer(actor=head, question=question, answer=answer)
    with _on(day, 16, 30):
        services.dialogue_close(
            actor=head,
            dialogue=dialogue,
            minutes=(
                f"Buổi đối thoại từ 14 giờ 00 đến 16 giờ 30 ngày {day:%d/%m/%Y}, do Giám đốc Sở "
                "chủ trì; dự có Ban Chấp hành Công đoàn, Ban Thanh tra nhân dân và đại diện các "
                "phòng. Giám đốc Sở trả lời trực tiếp 3 câu hỏi; câu hỏi về kinh phí tập huấn "
                "được trả lời bằng văn bản sau buổi đối thoại. Giám đốc Sở cam kết thay thế máy "
                "tính hỏng cho các phòng chuyên môn."
            ),
        )
        services.dialogue_commit(
            actor=head,
            dialogue=dialogue,
            title="Thay thế máy tính hỏng cho các phòng chuyên môn",
            deliverable="Máy tính được bàn giao cho các phòng; biên bản bàn giao",
            lead=cast.office,
            due_on=due,
        )
    with _on(calendar.add_working_days(day, 3), 10):
        services.question_answer(
            actor=head,
            question=training,
            answer="Văn phòng bố trí 01 lớp tập huấn trong năm nay từ nguồn kinh phí đào tạo, "
            "bồi dưỡng của Sở.",
        )
    return 6


def _dialogue_planned(cast: Cast) -> int:
    """A dialogue the board required (its recommendation 03/KN-BTTND of the oversight demo),
    scheduled for a coming day, with two questions sent in advance."""
    today = timezone.localdate()
    leader = next((p for p in cast.board if p.username.startswith("bttnd.")), None)
    actor = leader or cast.union
    dialogue = services.dialogue_require(
        actor=actor,
        agency=cast.agency,
        title="Đối thoại về việc bố trí phòng làm việc cho các phòng chuyên môn",
        basis="Kiến nghị số 03/KN-BTTND của Ban Thanh tra nhân dân",
    )
    dialogue = services.dialogue_schedule(
        actor=cast.head,
        dialogue=dialogue,
        held_on=agency_calendar(cast.agency).next_working_day(
            today + dt.timedelta(days=18 + 7 * cast.later)
        ),
        place="Phòng họp số 1, trụ sở Sở",
        chair=cast.head,
    )
    rooms = services.question_ask(
        actor=_user("truongphong", cast),
        dialogue=dialogue,
        text="Phòng hiện có 9 người làm việc trong 18 m²; đề nghị cho biết phương án bố trí "
        "lại và thời gian thực hiện.",
    )
    services.question_ask(
        actor=cast.plain[5],
        dialogue=dialogue,
        text="Đề nghị bố trí phòng lưu trữ hồ sơ riêng, không để hồ sơ tại hành lang.",
        anonymous=True,
    )
    for person in cast.plain[12:16]:
        services.question_upvote(actor=person, question=rooms)
    return 3
