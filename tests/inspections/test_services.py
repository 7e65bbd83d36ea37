from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import AgencyKind, AuditEvent
from danchu.inspections import selectors, services
from danchu.inspections.models import (
    Criterion,
    Group,
    Inspection,
    Kind,
    Rating,
    ReportState,
    Requirement,
    State,
)
from danchu.tasks import services as tasks
from danchu.tasks.models import SourceKind, TaskState
from tests.factories import make_unit
from tests.inspections.conftest import World


def _conclude(world: World, inspection: Inspection, n: int = 2) -> Inspection:
    for c in world.criteria:
        services.finding_record(
            actor=world.member,
            inspection=inspection,
            criterion=c,
            rating=Rating.MET,
            note="Đầy đủ hồ sơ",
            points=c.max_points,
        )
    due = timezone.localdate() + dt.timedelta(days=30)
    return services.inspection_conclude(
        actor=world.steering,
        inspection=inspection,
        conclusion="Đơn vị thực hiện tốt QCDC.",
        requirements=[
            services.RequirementIn(text=f"Yêu cầu {i}", lead=world.cast.a.staff, due_on=due)
            for i in range(1, n + 1)
        ],
    )


def test_a_surprise_inspection_stays_hidden_from_the_unit_until_it_starts(world):
    a = world.cast.a
    inspection = world.inspection(kind=Kind.SURPRISE)
    assert not selectors.inspection_list(actor=a.head).exists()
    with pytest.raises(NotFound):
        selectors.inspection_get(actor=a.head, pk=inspection.pk)
    # Nothing in the unit's audit chain either.
    assert not AuditEvent.objects.filter(agency=a.unit, verb__startswith="inspection").exists()
    services.inspection_start(actor=world.steering, inspection=inspection)
    assert selectors.inspection_get(actor=a.head, pk=inspection.pk) == inspection
    assert selectors.inspection_get(actor=a.staff, pk=inspection.pk) == inspection
    report = selectors.self_report_get(actor=a.head, inspection_pk=inspection.pk)
    assert [s["key"] for s in report.figures]  # drafted from the records


def test_a_periodic_inspection_is_seen_from_its_announcement(world):
    inspection = world.inspection(kind=Kind.PERIODIC)
    with pytest.raises(NotFound):
        selectors.inspection_get(actor=world.cast.a.head, pk=inspection.pk)
    with pytest.raises(DomainError):
        services.inspection_start(actor=world.steering, inspection=inspection)
    services.inspection_announce(actor=world.steering, inspection=inspection)
    assert selectors.inspection_get(actor=world.cast.a.head, pk=inspection.pk)


def test_the_other_department_never_sees_it(world):
    inspection = world.inspection()
    services.inspection_start(actor=world.steering, inspection=inspection)
    with pytest.raises(NotFound):
        selectors.inspection_get(actor=world.cast.b.head, pk=inspection.pk)
    assert not selectors.inspection_list(actor=world.cast.b.head).exists()


def test_only_the_committee_plans(world):
    with pytest.raises((Forbidden, NotFound)):
        services.inspection_create(
            actor=world.cast.a.head,
            plan=world.plan,
            unit=world.cast.a.unit,
            kind=Kind.SURPRISE,
            scheduled_on=timezone.localdate(),
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 6, 30),
            leader=world.steering,
        )


def test_a_unit_outside_the_city_is_refused(world):
    other_city = make_unit(kind=AgencyKind.CITY, code="HCM", name="TP khác")
    dept = make_unit(parent=other_city, kind=AgencyKind.DEPARTMENT, code="HCM.S", name="Sở khác")
    with pytest.raises(DomainError) as exc:
        world.inspection(unit=dept)
    assert "unit" in exc.value.fields
    assert Inspection.objects.count() == 0


def test_a_period_ending_before_it_starts_is_refused(world):
    with pytest.raises(DomainError) as exc:
        world.inspection(period_start=dt.date(2026, 6, 1), period_end=dt.date(2026, 1, 1))
    assert "period_end" in exc.value.fields


def test_a_delegation_member_must_sit_on_the_committee(world):
    with pytest.raises(DomainError) as exc:
        world.inspection(members=[world.cast.a.head])
    assert "members" in exc.value.fields


def test_a_criterion_with_no_scoring_is_refused(world):
    with pytest.raises(DomainError) as exc:
        services.criterion_create(
            actor=world.steering,
            committee=world.cast.committee,
            group=Group.DIALOGUE,
            code="6.1",
            title="Đối thoại",
            evidence="Biên bản",
            scoring="",
            max_points=None,
            guide="",
        )
    assert {"scoring", "max_points", "guide"} <= set(exc.value.fields)
    assert not Criterion.objects.filter(code="6.1").exists()


def test_the_self_report_figures_cannot_be_typed(world):
    inspection = world.inspection()
    services.inspection_start(actor=world.steering, inspection=inspection)
    report = inspection.self_report
    with pytest.raises(DomainError):
        services.self_report_edit(actor=world.cast.a.head, report=report, prose={"figures": "1"})
    services.self_report_edit(actor=world.cast.a.head, report=report, prose={"overview": "Tốt"})
    with pytest.raises(Forbidden):
        services.self_report_edit(actor=world.cast.a.staff, report=report, prose={"overview": "x"})
    services.self_report_submit(actor=world.cast.a.head, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    with pytest.raises(DomainError):
        services.self_report_edit(actor=world.cast.a.head, report=report, prose={"overview": "y"})


def test_concluding_needs_every_finding(world):
    inspection = world.inspection()
    services.inspection_start(actor=world.steering, inspection=inspection)
    with pytest.raises(DomainError) as exc:
        services.inspection_conclude(
            actor=world.steering, inspection=inspection, conclusion="x", requirements=[]
        )
    assert "findings" in exc.value.fields


def test_a_requirement_without_a_lead_writes_nothing(world):
    inspection = world.inspection()
    services.inspection_start(actor=world.steering, inspection=inspection)
    for c in world.criteria:
        services.finding_record(
            actor=world.member,
            inspection=inspection,
            criterion=c,
            rating=Rating.PARTLY,
            note="Một phần",
            points=5,
        )
    due = timezone.localdate() + dt.timedelta(days=10)
    with pytest.raises(DomainError) as exc:
        services.inspection_conclude(
            actor=world.steering,
            inspection=inspection,
            conclusion="Kết luận",
            requirements=[
                services.RequirementIn(text="Một", lead=world.cast.a.staff, due_on=due),
                services.RequirementIn(text="Hai", lead=None, due_on=due),
            ],
        )
    assert "requirements.2.lead" in exc.value.fields
    inspection.refresh_from_db()
    assert inspection.state == State.IN_PROGRESS
    assert not Requirement.objects.exists()


def test_a_lead_outside_the_unit_is_refused(world):
    inspection = world.inspection()
    services.inspection_start(actor=world.steering, inspection=inspection)
    for c in world.criteria:
        services.finding_record(
            actor=world.member,
            inspection=inspection,
            criterion=c,
            rating=Rating.MET,
            note="Đạt",
            points=20,
        )
    with pytest.raises(DomainError) as exc:
        services.inspection_conclude(
            actor=world.steering,
            inspection=inspection,
            conclusion="Kết luận",
            requirements=[
                services.RequirementIn(
                    text="Một", lead=world.cast.b.staff, due_on=timezone.localdate()
                )
            ],
        )
    assert "requirements.1.lead" in exc.value.fields
    assert not Requirement.objects.exists()


def test_points_follow_the_scoring(world):
    inspection = world.inspection()
    services.inspection_start(actor=world.steering, inspection=inspection)
    met, points = world.criteria
    f = services.finding_record(
        actor=world.member, inspection=inspection, criterion=met, rating=Rating.PARTLY, note="x"
    )
    assert f.points == 5
    with pytest.raises(DomainError):
        services.finding_record(
            actor=world.member,
            inspection=inspection,
            criterion=points,
            rating=Rating.MET,
            note="x",
            points=21,
        )
    with pytest.raises(Forbidden):
        services.finding_record(
            actor=world.cast.a.head,
            inspection=inspection,
            criterion=met,
            rating=Rating.MET,
            note="x",
        )


def test_requirements_are_tasks_followed_to_the_close(world):
    a = world.cast.a
    inspection = world.inspection()
    services.inspection_start(actor=world.steering, inspection=inspection)
    _conclude(world, inspection)
    reqs = list(selectors.requirements(inspection=inspection))
    assert len(reqs) == 2
    for r in reqs:
        assert r.task.lead_person == a.staff
        assert r.task.assigner == a.head
        assert r.task.source_kind == SourceKind.INSPECTION
        assert r.task.agency == a.unit
    with pytest.raises(DomainError) as exc:
        services.inspection_close(actor=world.steering, inspection=inspection)
    assert exc.value.code == "requirements_open"
    for r in reqs:
        tasks.task_submit(actor=a.staff, task=r.task, note="Đã thực hiện")
        tasks.task_accept(actor=a.head, task=r.task, quality="good")
    status = selectors.status_by_organisation([a.unit, world.cast.b.unit])
    assert status[a.unit.pk]["open_requirements"] == 0
    assert status[world.cast.b.unit.pk]["state"] == ""
    services.inspection_close(actor=world.steering, inspection=inspection)
    inspection.refresh_from_db()
    assert inspection.state == State.CLOSED
    assert all(
        r.task.state == TaskState.DONE for r in selectors.requirements(inspection=inspection)
    )


def test_the_unit_cannot_cancel_or_extend_a_requirement_only_the_committee_withdraws_it(world):
    a = world.cast.a
    inspection = world.inspection()
    services.inspection_start(actor=world.steering, inspection=inspection)
    _conclude(world, inspection, n=1)
    (req,) = selectors.requirements(inspection=inspection)
    with pytest.raises(DomainError) as exc:
        tasks.task_cancel(actor=a.head, task=req.task, reason="Không cần nữa")
    assert exc.value.code == "inspection_requirement"
    with pytest.raises(DomainError) as exc:
        tasks.extension_request(
            actor=a.staff,
            task=req.task,
            new_due_on=req.task.due_on + dt.timedelta(days=30),
            reason="Cần thêm thời gian",
        )
    assert exc.value.code == "inspection_requirement"
    with pytest.raises((Forbidden, NotFound)):
        services.requirement_withdraw(actor=a.head, requirement=req, reason="x")
    services.requirement_withdraw(actor=world.steering, requirement=req, reason="Đã sáp nhập")
    req.task.refresh_from_db()
    assert req.task.state == TaskState.CANCELLED
    services.inspection_close(actor=world.steering, inspection=inspection)
    assert AuditEvent.objects.filter(verb="requirement.withdraw", actor=world.steering).exists()


def test_a_committee_member_working_in_the_unit_never_learns_of_a_surprise(world):
    from danchu.core.models import Role
    from tests.factories import give_role

    a = world.cast.a
    give_role(a.head, world.cast.committee, Role.STEERING_MEMBER)
    inspection = world.inspection()
    with pytest.raises(NotFound):
        selectors.inspection_get(actor=a.head, pk=inspection.pk)
    assert inspection not in selectors.plan_inspections(plan=world.plan, actor=a.head)
    assert selectors.status_by_organisation([a.unit])[a.unit.pk]["state"] == ""
    # Nor may they sit in a delegation inspecting their own unit.
    with pytest.raises(DomainError) as exc:
        world.inspection(members=[a.head])
    assert "members" in exc.value.fields
    # The others of the committee see it.
    assert selectors.inspection_get(actor=world.member, pk=inspection.pk) == inspection


def test_a_subordinate_units_head_does_not_write_the_departments_report(world):
    from danchu.core.models import Role
    from tests.factories import give_role, make_person, make_unit

    sub = make_unit(parent=world.cast.a.unit, kind=AgencyKind.DIVISION, code="DEP-A.P9")
    chief = make_person(agency=sub)
    give_role(chief, sub, Role.DIVISION_HEAD)
    inspection = world.inspection()
    services.inspection_start(actor=world.steering, inspection=inspection)
    report = selectors.self_report_get(actor=chief, inspection_pk=inspection.pk)
    with pytest.raises(Forbidden):
        services.self_report_edit(actor=chief, report=report, prose={"overview": "x"})


def test_a_division_is_inspected_through_its_department(world):
    with pytest.raises(DomainError) as exc:
        world.inspection(unit=world.cast.a.division)
    assert "unit" in exc.value.fields


def test_the_requirements_tasks_cite_the_conclusion_number(world):
    inspection = world.inspection()
    services.inspection_start(actor=world.steering, inspection=inspection)
    for c in world.criteria:
        services.finding_record(
            actor=world.member,
            inspection=inspection,
            criterion=c,
            rating=Rating.MET,
            note="Đạt",
            points=c.max_points,
        )
    services.inspection_conclude(
        actor=world.steering,
        inspection=inspection,
        conclusion="Kết luận",
        conclusion_number="12/KL-BCĐ",
        requirements=[
            services.RequirementIn(text="Một", lead=world.cast.a.staff, due_on=timezone.localdate())
        ],
    )
    (req,) = selectors.requirements(inspection=inspection)
    assert "12/KL-BCĐ" in req.task.authority
