"""Demo data of plans and tasks, for both departments: the 2022 work plan with the seeds'
theme ("Kỷ cương, trách nhiệm, hành động, sáng tạo, phát triển") and its tasks, all finished
(most on time, one late); the 2026 plan with an action programme and the fourth quarter's
plan, and tasks in every state — in progress, overdue, submitted, done on time, done late,
returned once, with a request for more time approved and one waiting, and one cancelled.

Everything goes through the services (audited). Idempotent: skipped for a unit that has
plans already.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from danchu.core.models import Agency, Membership, Role, User
from danchu.tasks import services
from danchu.tasks.models import Plan, PlanKind, Task

THEME_2022 = "Kỷ cương, trách nhiệm, hành động, sáng tạo, phát triển"
AUTHORITY = "Quyết định ban hành Kế hoạch công tác năm {y} của Sở"


@dataclass
class DemoResult:
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    created: int = 0


def _role(agency: Agency, role: str, n: int = 0) -> Membership | None:
    rows = (
        Membership.objects.active(timezone.localdate())
        .filter(agency__path__startswith=agency.path, role=role)
        .select_related("person", "agency")
        .order_by("agency__path", "person_id")
    )
    return rows[n] if rows.count() > n else None


def load_demo() -> DemoResult:
    created = 0
    for agency in Agency.objects.filter(code__in=["000.00.12.H26", "000.00.13.H26"]):
        head = _role(agency, Role.HEAD)
        if head is None or Plan.objects.filter(agency=agency).exists():
            continue
        with transaction.atomic():
            created += _load(agency, head.person)
    return DemoResult(created=created)


def _divisions(agency: Agency) -> list[Membership]:
    return list(
        Membership.objects.active(timezone.localdate())
        .filter(agency__path__startswith=agency.path, role=Role.DIVISION_HEAD)
        .select_related("person", "agency")
        .order_by("agency__path")
    )


def _staff(division: Agency) -> list[User]:
    return [
        m.person
        for m in Membership.objects.active(timezone.localdate())
        .filter(agency=division, role=Role.STAFF)
        .exclude(person__memberships__role=Role.DIVISION_HEAD)
        .select_related("person")
        .order_by("person__username")
    ]


def _by_username(suffix: str, agency: Agency) -> User | None:
    key = "khcn" if agency.code.startswith("000.00.12") else "tttt"
    return User.objects.filter(username=f"{suffix}.{key}").first()


def _load(agency: Agency, head: User) -> int:
    today = timezone.localdate()
    chiefs = _divisions(agency)
    canbo = _by_username("canbo", agency)
    truongphong = _by_username("truongphong", agency)
    assert canbo is not None and truongphong is not None and len(chiefs) >= 4
    count = 0

    # 2022: the seeds' theme; every task finished, one late.
    plan22 = services.plan_create(
        actor=head,
        agency=agency,
        kind=PlanKind.ANNUAL,
        year=2022,
        title="Kế hoạch công tác năm 2022",
        theme=THEME_2022,
        decision_number="15/KH-S",
        decision_date=dt.date(2022, 1, 10),
    )
    # Published in 2022 under the rules of the time (before Law 10/2022): not through here.
    titles22 = [
        "Rà soát, hoàn thiện hệ thống quy chế nội bộ",
        "Tổ chức Hội nghị cán bộ, công chức năm 2022",
        "Đẩy mạnh cải cách hành chính gắn với thực hiện dân chủ",
        "Tổ chức đối thoại giữa người đứng đầu với cán bộ, công chức",
        "Công khai kết quả giải quyết thủ tục hành chính",
        "Báo cáo kết quả thực hiện Quy chế dân chủ năm 2022",
    ]
    for i, title in enumerate(titles22):
        chief = chiefs[i % len(chiefs)]
        start = dt.date(2022, 2 + i, 1)
        task = services.task_create(
            actor=head,
            agency=agency,
            title=title,
            deliverable="Báo cáo kết quả thực hiện",
            authority=AUTHORITY.format(y=2022),
            leads=[chief.agency],
            start_on=start,
            due_on=start + dt.timedelta(days=60),
            plan=plan22,
            assigned_on=dt.date(2022, 1, 20),
        )
        is_late = i == 2
        services.task_submit(
            actor=None,  # earlier records, dated as they happened
            task=task,
            note="Đã hoàn thành, có báo cáo kèm theo.",
            on=task.due_on + dt.timedelta(days=9 if is_late else -5),
        )
        services.task_accept(
            actor=None,  # accepted on the day it was submitted, as it happened
            task=task,
            quality="good" if is_late else "excellent",
            on=task.submitted_on,
        )
        count += 1

    # 2026: the year's plan, an action programme and the fourth quarter's plan.
    plan26 = services.plan_create(
        actor=head,
        agency=agency,
        kind=PlanKind.ANNUAL,
        year=2026,
        title="Kế hoạch công tác năm 2026",
        theme="Kỷ cương, trách nhiệm, chuyển đổi số, phục vụ người dân",
        decision_number="08/KH-S",
        decision_date=dt.date(2026, 1, 8),
    )
    services.plan_publish(
        actor=head,
        plan=plan26,
        signer=head.get_full_name(),
        channels=["intranet", "notice_board"],
        published_on=dt.date(2026, 1, 12),
        posted_until=dt.date(2026, 2, 27),
    )
    programme = services.plan_create(
        actor=head,
        agency=agency,
        kind=PlanKind.PROGRAMME,
        year=2026,
        title="Chương trình hành động cải cách hành chính năm 2026",
        parent=plan26,
        decision_number="12/CTr-S",
        decision_date=dt.date(2026, 1, 20),
    )
    services.plan_create(
        actor=head,
        agency=agency,
        kind=PlanKind.QUARTER,
        year=2026,
        period=4,
        title="Kế hoạch công tác quý IV năm 2026",
        parent=plan26,
    )

    def give(title: str, lead: User | Agency, start: dt.date, due: dt.date, plan: Plan) -> Task:
        return services.task_create(
            actor=head,
            agency=agency,
            title=title,
            deliverable="Văn bản, báo cáo kết quả",
            authority=AUTHORITY.format(y=2026),
            leads=[lead],
            supports=[chiefs[0].agency] if lead != chiefs[0].agency else [],
            start_on=start,
            due_on=due,
            plan=plan,
            steps=["Xây dựng dự thảo", "Lấy ý kiến các phòng", "Trình Giám đốc ký ban hành"],
            assigned_on=dt.date(2026, 1, 25),
        )

    # Done on time, done late.
    done = give(
        "Ban hành Quy chế làm việc sửa đổi",
        chiefs[0].agency,
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 31),
        plan26,
    )
    services.task_submit(actor=None, task=done, note="Đã ban hành.", on=dt.date(2026, 3, 25))
    services.task_accept(actor=head, task=done, quality="excellent")
    late = give(
        "Số hóa hồ sơ thủ tục hành chính năm 2025",
        chiefs[1].agency,
        dt.date(2026, 2, 1),
        dt.date(2026, 4, 30),
        programme,
    )
    services.task_submit(
        actor=None, task=late, note="Đã số hóa 100% hồ sơ.", on=dt.date(2026, 5, 20)
    )
    services.task_accept(
        actor=head, task=late, quality="good", assessment="Hoàn thành chậm 20 ngày."
    )
    # Returned once, then submitted again and waiting for acceptance.
    waiting = give(
        "Rà soát quy trình nội bộ giải quyết thủ tục hành chính",
        truongphong,
        dt.date(2026, 9, 1),
        today + dt.timedelta(days=20),
        programme,
    )
    services.task_submit(
        actor=truongphong, task=waiting, note="Dự thảo quy trình.", on=today - dt.timedelta(days=6)
    )
    services.task_return(actor=head, task=waiting, reason="Chưa có ý kiến của Văn phòng.")
    services.task_submit(
        actor=truongphong,
        task=waiting,
        note="Đã bổ sung ý kiến Văn phòng.",
        on=today - dt.timedelta(days=1),
    )
    # In progress, with a report; overdue; more time approved; more time asked.
    running = give(
        "Tổ chức đối thoại giữa Giám đốc với cán bộ, công chức quý IV",
        canbo,
        today - dt.timedelta(days=30),
        today + dt.timedelta(days=25),
        plan26,
    )
    services.task_report(
        actor=canbo,
        task=running,
        note="Đã tổng hợp câu hỏi của các phòng.",
        progress=40,
        step_ids=[running.steps.order_by("order")[0].pk],
    )
    give(
        "Báo cáo kết quả thực hiện Quy chế dân chủ 9 tháng",
        chiefs[2].agency,
        today - dt.timedelta(days=60),
        today - dt.timedelta(days=8),
        plan26,
    )
    extended = give(
        "Cập nhật danh mục thủ tục hành chính trên cổng dịch vụ công",
        chiefs[3].agency,
        today - dt.timedelta(days=45),
        today + dt.timedelta(days=3),
        programme,
    )
    ask = services.extension_request(
        actor=chiefs[3].person,
        task=extended,
        new_due_on=today + dt.timedelta(days=18),
        reason="Chờ Thành phố công bố danh mục mới.",
    )
    services.extension_decide(actor=head, extension=ask, approve=True, note="Đồng ý.")
    pending = give(
        "Kiểm kê tài sản công cuối năm",
        truongphong,
        today - dt.timedelta(days=10),
        today + dt.timedelta(days=12),
        plan26,
    )
    services.extension_request(
        actor=truongphong,
        task=pending,
        new_due_on=today + dt.timedelta(days=30),
        reason="Trùng thời gian kiểm tra của Thành phố.",
    )
    cancelled = give(
        "Tổ chức hội thao chào mừng ngày 20/11",
        chiefs[0].agency,
        today - dt.timedelta(days=40),
        today - dt.timedelta(days=2),
        plan26,
    )
    services.task_cancel(actor=head, task=cancelled, reason="Gộp vào hoạt động của Công đoàn.")
    return count + 8
