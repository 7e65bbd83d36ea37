"""Demo data of publicity and consultation, on top of the organisation demo, for both
departments: the four regulations the seeds name plus the unit's QCDC rules and the code of
conduct, each with two or three versions; a year of publications across the twelve categories
(a few late, and one taken down early, to show breaches); a closed consultation on the
internal-spending rules with its published summary and the version that followed it; an open
one; and the reading of the current internal-spending rules, partly confirmed.

Everything goes through the services (audited). Idempotent: skipped for a unit that has
regulations already.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from danchu.core.models import Agency, Membership, Role, User
from danchu.core.selectors import clock_deadline
from danchu.disclosure import services
from danchu.disclosure.models import Consultation, Regulation

KINDS = [
    ("working_rules", "Quy chế làm việc", "Chương trình công tác; chế độ hội họp; trách nhiệm."),
    ("internal_spending", "Quy chế chi tiêu nội bộ", "Công tác phí; hội nghị; văn phòng phẩm."),
    ("financial", "Quy chế quản lý tài chính", "Lập dự toán; chấp hành; quyết toán."),
    ("public_assets", "Quy chế quản lý, sử dụng tài sản công", "Mua sắm; sử dụng; thanh lý."),
    ("qcdc", "Quy chế thực hiện dân chủ tại cơ quan", "Công khai; lấy ý kiến; giám sát."),
    ("conduct", "Quy tắc ứng xử của cán bộ, công chức", "Ứng xử nơi công sở; với người dân."),
]
PUBLICATIONS = [
    ("plans", "Kế hoạch công tác năm {y}"),
    ("budget", "Dự toán ngân sách năm {y} được giao"),
    ("policy", "Văn bản mới về cải cách hành chính"),
    ("assets", "Kết quả kiểm kê tài sản công năm {p}"),
    ("investment", "Kế hoạch đầu tư công trung hạn"),
    ("personnel", "Quyết định bổ nhiệm Trưởng phòng"),
    ("integrity", "Kết quả kê khai tài sản, thu nhập năm {p}"),
    ("inspection", "Kết luận thanh tra việc thực hiện công vụ"),
    ("directives", "Chỉ thị của UBND Thành phố về kỷ cương hành chính"),
    ("plans", "Kế hoạch công tác quý II năm {y}"),
    ("budget", "Công khai quyết toán ngân sách năm {p}"),
    ("other", "Lịch trực Tết Nguyên đán"),
]


@dataclass
class DemoResult:
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    created: int = 0


def _text(kind_title: str, topics: str, level: int) -> str:
    """A regulation's text in articles; each version raises the amounts a little."""
    lines = [kind_title]
    for n, topic in enumerate(topics.rstrip(".").split("; "), start=1):
        lines.append(f"Điều {n}. {topic.capitalize()}")
        lines.append(
            f"Thực hiện theo quy định hiện hành; mức chi tối đa {100 + 50 * level}.000 "
            f"đồng cho mỗi nội dung {topic.lower()}."
        )
    lines.append(f"Điều {len(lines) // 2 + 1}. Tổ chức thực hiện")
    lines.append("Các phòng, đơn vị thuộc Sở có trách nhiệm thực hiện Quy chế này.")
    return "\n".join(lines)


def _person(agency: Agency, role: str) -> User | None:
    m = (
        Membership.objects.active(timezone.localdate())
        .filter(agency__path__startswith=agency.path, role=role)
        .select_related("person")
        .order_by("person_id")
        .first()
    )
    return m.person if m else None


def load_demo() -> DemoResult:
    created = 0
    for agency in Agency.objects.filter(code__in=["000.00.12.H26", "000.00.13.H26"]):
        head = _person(agency, Role.HEAD)
        staff = _person(agency, Role.STAFF)
        if head is None or staff is None or Regulation.objects.filter(agency=agency).exists():
            continue
        rng = random.Random(f"disclosure-{agency.code}")  # noqa: S311 — demo data
        with transaction.atomic():
            created += _load(agency, head, rng)
    return DemoResult(created=created)


def _load(agency: Agency, head: User, rng: random.Random) -> int:
    today = timezone.localdate()
    year = today.year
    count = 0
    spending = None
    for kind, title, topics in KINDS:
        regulation = services.regulation_create(
            actor=head, agency=agency, kind=kind, title=title, owner=head
        )
        versions = 3 if kind in ("working_rules", "internal_spending") else 2
        for level in range(versions):
            effective = dt.date(year - versions + level, 1, 15)
            services.version_add(
                actor=head,
                regulation=regulation,
                decision_number=f"{10 + level}/QĐ-{kind[:4].upper()}",
                decision_date=effective - dt.timedelta(days=10),
                effective_from=effective,
                text=_text(title, topics, level),
                change_summary="" if level == 0 else "Điều chỉnh mức chi theo quy định mới.",
                # The working rules' review has passed, to show an overdue review.
                review_on=(
                    today - dt.timedelta(days=20)
                    if kind == "working_rules" and level == versions - 1
                    else effective.replace(year=effective.year + 1)
                    if level < versions - 1
                    else today.replace(year=today.year + 1)
                ),
            )
            count += 1
        if kind == "internal_spending":
            spending = regulation
    # A year of publications, most on time, a few late, one taken down early.
    for i, (category, title) in enumerate(PUBLICATIONS):
        decided = today - dt.timedelta(days=330 - 27 * i)
        due = clock_deadline(code="publication.deadline", agency=agency, started_on=decided)
        assert due is not None
        published = due + dt.timedelta(days=3) if i in (3, 8) else decided + dt.timedelta(days=1)
        if published > today:
            continue
        publication = services.publication_create(
            actor=head,
            agency=agency,
            category=category,
            title=title.format(y=year, p=year - 1),
            decision_number=f"{20 + i}/QĐ-S",
            decision_date=decided,
            signer=head.get_full_name(),
            channels=["intranet", "notice_board"],
            published_on=published,
            posted_until=published + dt.timedelta(days=30),
        )
        if i == 5 and published + dt.timedelta(days=9) <= today:
            services.publication_take_down(
                actor=head, publication=publication, on=published + dt.timedelta(days=9)
            )
        count += 1
    assert spending is not None
    current = spending.versions.order_by("-number").first()
    assert current is not None
    # The closed consultation on the internal-spending rules, answered and published; the
    # open one on the code of conduct.
    members = list(
        Membership.objects.active(today)
        .filter(agency__path__startswith=agency.path, role=Role.STAFF)
        .select_related("person")[:8]
    )
    consultation = services.consultation_create(
        actor=head,
        agency=agency,
        topic="spending",
        title="Dự thảo sửa đổi Quy chế chi tiêu nội bộ",
        form="written",
        owner=head,
        opens_on=today - dt.timedelta(days=20),
        closes_on=today,
        version=current,
        anonymous_allowed=True,
    )
    answers = [
        ("accepted", ""),
        ("partly", "Vượt định mức của Thành phố."),
        ("rejected", "Trái quy định."),
    ]
    _comment_while_open(consultation, members[:5], answers, head)
    services.consultation_publish(
        actor=head,
        consultation=consultation,
        decision_number="45/BC-S",
        channels=["intranet", "notice_board"],
        posted_until=today + dt.timedelta(days=30),
    )
    services.consultation_create(
        actor=head,
        agency=agency,
        topic="rules",
        title="Dự thảo sửa đổi Quy tắc ứng xử",
        form="written",
        owner=head,
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=14),
        draft=_text("Quy tắc ứng xử của cán bộ, công chức", KINDS[5][2], 2),
        anonymous_allowed=True,
    )
    dissemination = services.dissemination_create(
        actor=head, agency=agency, version=current, confirm_by=today + dt.timedelta(days=7)
    )
    for row in dissemination.readers.all()[: max(1, dissemination.readers.count() * 2 // 3)]:
        services.read_confirm(actor=row.person, dissemination=dissemination)
    return count


def _comment_while_open(
    consultation: Consultation,
    members: list[Membership],
    answers: list[tuple[str, str]],
    head: User,
) -> None:
    labels = [a.label for a in consultation.articles if a.label]
    comments = [
        services.comment_add(
            actor=m.person,
            consultation=consultation,
            article=labels[i % len(labels)] if i % 3 else "",
            text=f"Đề nghị điều chỉnh mức chi tại {labels[i % len(labels)]}.",
            anonymous=i % 2 == 1,
        )
        for i, m in enumerate(members)
    ]
    for i, c in enumerate(comments):
        answer, reason = answers[i % len(answers)]
        services.comment_answer(actor=head, comment=c, answer=answer, reason=reason)
