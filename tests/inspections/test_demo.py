# mypy: disable-error-code="operator"
# (figures are typed as any figure value — count, rate, date, text; these tests do arithmetic
# on the counts they know)
"""The inspections demo: the 2022 plan with the seeds' two inspections run to their closing,
this year's plan in progress with a surprise inspection led by "bcd.hanoi", and a second run
that adds nothing.

The demo is loaded once (with the organisation, one-stop and letters demos whose records the
TT&TT self-report's figures come from) and everything is checked in one test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danchu.core.audit import verify_chains
from danchu.core.demo import load_demo as load_core
from danchu.core.models import AuditEvent
from danchu.inspections.demo import load_demo
from danchu.inspections.models import (
    Criterion,
    Finding,
    Group,
    Inspection,
    Kind,
    Plan,
    PlanState,
    ReportState,
    Requirement,
    State,
)
from danchu.letters.demo import load_demo as load_letters
from danchu.onestop.demo import load_demo as load_onestop
from danchu.tasks.models import SourceKind, Task, TaskState

pytestmark = pytest.mark.django_db

KHCN, TTTT = "000.00.12.H26", "000.00.13.H26"


def _figures(inspection: Inspection) -> dict[str, dict[str, object]]:
    return {
        s["key"]: {f["key"]: f["value"] for f in s["figures"]}
        for s in inspection.self_report.figures
    }


def _check_2022() -> None:
    plan = Plan.objects.get(agency__code="H26.BCD", year=2022)
    assert plan.title == "Kế hoạch kiểm tra việc thực hiện Quy chế dân chủ ở cơ sở năm 2022"
    assert plan.state == PlanState.APPROVED and plan.decision_number.endswith("/KH-BCĐ")
    inspections = {i.agency.code: i for i in plan.inspections.select_related("agency")}
    assert set(inspections) == {KHCN, TTTT}
    khcn, tttt = inspections[KHCN], inspections[TTTT]
    assert (khcn.scheduled_on, tttt.scheduled_on) == (dt.date(2022, 9, 21), dt.date(2022, 9, 20))
    assert (khcn.period_start, khcn.period_end) == (dt.date(2022, 1, 1), dt.date(2022, 6, 30))
    assert (tttt.period_start, tttt.period_end) == (dt.date(2021, 1, 1), dt.date(2022, 9, 15))
    criteria = Criterion.objects.filter(agency=plan.agency).count()
    for inspection in (khcn, tttt):
        assert inspection.kind == Kind.PERIODIC and inspection.state == State.CLOSED
        assert inspection.announced_on == inspection.scheduled_on - dt.timedelta(days=14)
        assert inspection.started_on == inspection.scheduled_on
        assert inspection.self_report.state == ReportState.SUBMITTED
        assert inspection.self_report.prose["overview"]
        assert Finding.objects.filter(inspection=inspection).count() == criteria
        requirements = list(inspection.requirements.select_related("task__lead_person"))
        assert len(requirements) >= 4
        for r in requirements:
            task = r.task
            assert task.state == TaskState.DONE and task.on_time
            assert (task.source_kind, task.source_id) == (SourceKind.INSPECTION, inspection.pk)
            assert task.lead_person is not None
            assert dt.date(2022, 10, 1) <= task.due_on <= dt.date(2023, 12, 31)
    assert "Lê Hồng Sơn" in khcn.conclusion and "Nguyễn Thị Tuyến" in tttt.conclusion
    texts = " ".join(
        Requirement.objects.filter(inspection__plan=plan).values_list("text", flat=True)
    )
    for phrase in (
        # Sở KH&CN
        "triển khai thực hiện nghiêm túc các nghị quyết, chỉ thị, quy chế",
        "Chỉ đạo các tổ chức Đảng trực thuộc kiểm tra rà soát, bổ sung, hoàn chỉnh hệ thống",
        "Đẩy mạnh sinh hoạt đối thoại dân chủ",
        # Sở TT&TT
        "tuyên truyền bảo vệ nền tảng tư tưởng của Đảng",
        "Nêu cao vai trò của người đứng đầu các cấp",
        "cải cách hành chính gắn với việc thực hiện QCDC",
        "Nêu cao vai trò của Ban Thanh tra Nhân dân",
        "Gắn việc thực hiện QCDC với thực hiện nhiệm vụ chính trị",
    ):
        assert phrase in texts, phrase
    # The TT&TT self-report's figures are the seed's, computed from the records.
    figures = _figures(tttt)
    assert (figures["onestop"]["received"], figures["onestop"]["returned"]) == (8472, 8472)
    assert (figures["reception"]["visits"], figures["reception"]["letters"]) == (26, 390)


def _check_this_year() -> None:
    today = timezone.localdate()
    plan = Plan.objects.get(agency__code="H26.BCD", year=today.year)
    assert plan.state == PlanState.APPROVED
    inspections = list(plan.inspections.select_related("agency"))
    assert all(i.scheduled_on.year == today.year for i in inspections)
    concluded = [i for i in inspections if i.state == State.CONCLUDED]
    assert len(concluded) == 1 and concluded[0].concluded_on <= today
    tasks = [r.task for r in concluded[0].requirements.select_related("task")]
    still = [t for t in tasks if t.state != TaskState.DONE]
    assert still and len(still) < len(tasks)
    assert len([t for t in still if t.due_on < today]) == 1
    announced = [i for i in inspections if i.state == State.ANNOUNCED]
    assert len(announced) == 1 and announced[0].kind == Kind.PERIODIC
    assert announced[0].scheduled_on.month == 12 and announced[0].announced_on <= today
    surprise = Inspection.objects.get(plan=plan, kind=Kind.SURPRISE)
    assert surprise.state == State.IN_PROGRESS and surprise.started_on == today
    assert surprise.agency.code in (KHCN, TTTT)
    leader = surprise.members.get(is_leader=True).person
    assert leader.username == "bcd.hanoi" and leader.has_usable_password()
    assert surprise.self_report.state == ReportState.DRAFT
    assert surprise.self_report.prose["overview"]
    found = Finding.objects.filter(inspection=surprise).count()
    assert 0 < found < surprise.criteria.count()


def test_the_demo_inspections_and_a_second_run(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_core()
    load_onestop()
    load_letters()
    first = load_demo()
    assert first.created > 0 and first.logins == []
    groups = Criterion.objects.filter(agency__code="H26.BCD").values_list("group", flat=True)
    assert sorted(set(groups)) == sorted(Group.values) and len(groups) == 2 * len(Group.values)
    _check_2022()
    _check_this_year()

    def counts() -> tuple[int, ...]:
        return (
            Criterion.objects.count(),
            Plan.objects.count(),
            Inspection.objects.count(),
            Finding.objects.count(),
            Requirement.objects.count(),
            Task.objects.count(),
            AuditEvent.objects.count(),
        )

    before = counts()
    again = load_demo()
    assert (again.created, again.logins) == (0, [])
    assert counts() == before
    assert verify_chains()[1] == []
