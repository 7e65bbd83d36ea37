"""The city's inspections through their pages: the committee's checklist and plan, a surprise
inspection the unit cannot see before it starts, the self-report, findings over htmx, the
conclusion with its requirement rows, the close; the pages' query counts pinned."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from danchu.core.models import AgencyKind
from danchu.inspections import services
from danchu.inspections.dashboard import inspections_attention
from danchu.inspections.models import (
    Criterion,
    Inspection,
    Kind,
    Plan,
    Rating,
    ReportState,
    Requirement,
    State,
)
from danchu.tasks import services as tasks
from danchu.tasks.models import Task
from tests.factories import make_unit
from tests.inspections.conftest import World

HTMX = {"HX-Request": "true"}


def today() -> dt.date:
    return timezone.localdate()


def _url(name: str, **kwargs: int) -> str:
    return reverse(f"inspections:{name}", kwargs=kwargs)


def _started(world: World, **kw) -> Inspection:
    inspection = world.inspection(**kw)
    return services.inspection_start(actor=world.steering, inspection=inspection)


def _found(world: World, inspection: Inspection) -> None:
    for c in world.criteria:
        services.finding_record(
            actor=world.member,
            inspection=inspection,
            criterion=c,
            rating=Rating.MET,
            note="Đầy đủ hồ sơ",
            points=c.max_points,
        )


def _concluded(world: World, n: int = 2) -> Inspection:
    inspection = _started(world)
    _found(world, inspection)
    due = today() + dt.timedelta(days=30)
    return services.inspection_conclude(
        actor=world.steering,
        inspection=inspection,
        conclusion="Đơn vị thực hiện tốt QCDC.",
        requirements=[
            services.RequirementIn(text=f"Yêu cầu {i}", lead=world.cast.a.staff, due_on=due)
            for i in range(1, n + 1)
        ],
    )


class TestTheCommittee:
    def test_it_keeps_the_checklist(self, world, client):
        client.force_login(world.steering)
        url = _url("criteria", committee=world.cast.committee.pk)
        page = client.get(url)
        assert page.status_code == 200
        assert "Giải quyết thủ tục hành chính đúng hạn" in page.content.decode()
        data = {
            "group": "publicity",
            "code": "3.1",
            "title": "Công khai đúng hạn",
            "evidence": "Sổ công khai",
            "scoring": "met",
            "max_points": 10,
            "guide": "Đạt nếu 100% đúng hạn",
        }
        assert client.post(url, data).status_code == 302
        criterion = Criterion.objects.get(code="3.1")
        # The same code again is refused with the service's message on the field.
        again = client.post(url, data)
        assert again.status_code == 400
        assert "đã có" in again.content.decode() or 'class="error' in again.content.decode()
        assert Criterion.objects.filter(code="3.1").count() == 1
        response = client.post(_url("criterion_retire", pk=criterion.pk))
        assert response.status_code == 302
        criterion.refresh_from_db()
        assert not criterion.is_active

    def test_it_makes_a_plan_and_plans_an_inspection(self, world, client):
        client.force_login(world.steering)
        committee = world.cast.committee
        year = today().year + 1
        response = client.post(
            _url("plan_create", committee=committee.pk),
            {"year": year, "title": "Kế hoạch năm sau", "decision_number": "12/KH-BCĐ"},
        )
        assert response.status_code == 302
        plan = Plan.objects.get(year=year)
        assert response["Location"] == _url("plan", pk=plan.pk)
        # The same year twice is refused on the year.
        again = client.post(
            _url("plan_create", committee=committee.pk), {"year": year, "title": "Lại"}
        )
        assert again.status_code == 400 and 'class="error' in again.content.decode()
        # Approving an empty plan is refused with the service's message.
        refused = client.post(_url("plan_approve", pk=plan.pk), follow=True)
        assert 'class="error"' in refused.content.decode()
        plan.refresh_from_db()
        assert plan.state == "draft"

        form = client.get(_url("inspection_create", pk=plan.pk))
        body = form.content.decode()
        assert form.status_code == 200
        # The units of the city; not the committee itself.
        assert f'value="{world.cast.a.unit.pk}"' in body
        assert f'value="{world.cast.a.division.pk}"' not in body
        # Every criterion in use is ticked by default.
        for c in world.criteria:
            assert re.search(rf'value="{c.pk}"[^>]*checked', body)
        data = {
            "unit": world.cast.a.unit.pk,
            "kind": "periodic",
            "scheduled_on": dt.date(year, 5, 10).isoformat(),
            "period_start": dt.date(year, 1, 1).isoformat(),
            "period_end": dt.date(year, 4, 30).isoformat(),
            "leader": world.steering.pk,
            "members": [world.member.pk],
            "criteria": [c.pk for c in world.criteria],
            "scope_note": "Kiểm tra việc thực hiện QCDC",
        }
        # A leader outside the committee is the service's refusal on the form.
        refused = client.post(
            _url("inspection_create", pk=plan.pk), {**data, "leader": world.cast.a.head.pk}
        )
        assert refused.status_code == 400
        assert not Inspection.objects.filter(plan=plan).exists()
        response = client.post(_url("inspection_create", pk=plan.pk), data)
        assert response.status_code == 302
        inspection = Inspection.objects.get(plan=plan)
        assert inspection.kind == Kind.PERIODIC and inspection.agency == world.cast.a.unit
        page = client.get(_url("plan", pk=plan.pk)).content.decode()
        assert world.cast.a.unit.name in page and str(Kind.PERIODIC.label) in page
        assert client.post(_url("plan_approve", pk=plan.pk)).status_code == 302
        plan.refresh_from_db()
        assert plan.state == "approved"

    def test_the_unit_of_another_city_is_not_offered(self, world, client):
        other = make_unit(kind=AgencyKind.CITY, code="CITY2", name="Tỉnh khác")
        far = make_unit(parent=other, kind=AgencyKind.DEPARTMENT, code="FAR", name="Sở xa")
        client.force_login(world.steering)
        body = client.get(_url("inspection_create", pk=world.plan.pk)).content.decode()
        assert f'value="{far.pk}"' not in body

    def test_home_shows_plans_and_follow_up(self, world, client):
        inspection = _concluded(world)
        r = Requirement.objects.filter(inspection=inspection).first()
        assert r is not None
        tasks.task_submit(actor=world.cast.a.staff, task=r.task, note="Đã làm")
        tasks.task_accept(actor=world.cast.a.head, task=r.task, quality="good")
        client.force_login(world.steering)
        body = client.get(_url("home")).content.decode()
        assert world.plan.title in body
        assert f'data-done="{inspection.pk}">1/2<' in body


class TestASurpriseInspection:
    def test_the_unit_sees_it_only_from_its_start(self, world, client):
        a = world.cast.a
        inspection = world.inspection(kind=Kind.SURPRISE)
        client.force_login(a.head)
        assert client.get(_url("inspection", pk=inspection.pk)).status_code == 404
        assert client.get(_url("report", pk=inspection.pk)).status_code == 404
        assert a.unit.name not in client.get(_url("home")).content.decode()
        # A surprise is not announced.
        client.force_login(world.steering)
        page = client.get(_url("inspection", pk=inspection.pk)).content.decode()
        assert _url("announce", pk=inspection.pk) not in page
        assert _url("start", pk=inspection.pk) in page
        client.post(_url("announce", pk=inspection.pk))
        inspection.refresh_from_db()
        assert inspection.state == State.PLANNED
        # Only the delegation's leader starts it.
        client.force_login(world.member)
        assert client.post(_url("start", pk=inspection.pk)).status_code == 403
        client.force_login(world.steering)
        assert client.post(_url("start", pk=inspection.pk)).status_code == 302
        client.force_login(a.head)
        page = client.get(_url("inspection", pk=inspection.pk))
        assert page.status_code == 200
        assert 'data-state="in_progress"' in page.content.decode()
        assert a.unit.name in client.get(_url("home")).content.decode()

    def test_the_delegation_records_findings_over_htmx(self, world, client):
        inspection = _started(world)
        met, points = world.criteria
        client.force_login(world.member)
        page = client.get(_url("inspection", pk=inspection.pk)).content.decode()
        assert _url("finding", pk=inspection.pk, criterion=met.pk) in page
        response = client.post(
            _url("finding", pk=inspection.pk, criterion=points.pk),
            {
                f"c{points.pk}-rating": "partly",
                f"c{points.pk}-points": "25",
                f"c{points.pk}-note": "x",
            },
            headers=HTMX,
        )
        assert response.status_code == 400
        body = response.content.decode()
        assert body.startswith(f'<tbody id="c{points.pk}">') and 'class="error' in body
        response = client.post(
            _url("finding", pk=inspection.pk, criterion=met.pk),
            {f"c{met.pk}-rating": "partly", f"c{met.pk}-note": "Một số hồ sơ trễ hạn"},
            headers=HTMX,
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert f'data-points="{met.code}">5<' in body
        assert 'id="score" hx-swap-oob="true" data-earned="5" data-possible="30"' in body
        # Without htmx: back to the page.
        response = client.post(
            _url("finding", pk=inspection.pk, criterion=points.pk),
            {
                f"c{points.pk}-rating": "met",
                f"c{points.pk}-points": "18",
                f"c{points.pk}-note": "Tốt",
            },
        )
        assert response.status_code == 302
        page = client.get(_url("inspection", pk=inspection.pk)).content.decode()
        assert 'data-earned="23" data-possible="30"' in page
        # The unit's head reads the findings but records none.
        client.force_login(world.cast.a.head)
        page = client.get(_url("inspection", pk=inspection.pk)).content.decode()
        assert _url("finding", pk=inspection.pk, criterion=met.pk) not in page
        response = client.post(
            _url("finding", pk=inspection.pk, criterion=met.pk),
            {f"c{met.pk}-rating": "met", f"c{met.pk}-note": "x"},
        )
        assert response.status_code == 403

    def test_the_conclusion_refuses_a_requirement_without_a_lead_on_its_row(self, world, client):
        inspection = _started(world)
        _found(world, inspection)
        client.force_login(world.member)
        assert client.get(_url("conclude", pk=inspection.pk)).status_code == 403
        client.force_login(world.steering)
        page = client.get(_url("conclude", pk=inspection.pk))
        assert page.status_code == 200
        body = page.content.decode()
        assert body.count('name="req_') == 5 * 4
        assert f'value="{world.cast.a.staff.pk}"' in body  # people of the unit
        assert f'value="{world.cast.b.staff.pk}"' not in body
        due = (today() + dt.timedelta(days=20)).isoformat()
        data = {
            "conclusion_number": "05/KL-BCĐ",
            "conclusion": "Đơn vị cơ bản thực hiện tốt.",
            "rows": "5",
            "req_1_text": "Niêm yết đủ thủ tục",
            "req_1_group": "onestop",
            "req_1_lead": world.cast.a.staff.pk,
            "req_1_due": due,
            # row 2 blank: ignored
            "req_3_text": "Tổ chức đối thoại",
            "req_3_due": due,
        }
        response = client.post(_url("conclude", pk=inspection.pk), data)
        assert response.status_code == 400
        body = response.content.decode()
        row3 = body.split('id="row-3"')[1].split("</tr>")[0]
        assert 'id="id_req_3_lead_error"' in row3
        assert 'class="error' not in body.split('id="row-1"')[1].split("</tr>")[0]
        assert not Requirement.objects.exists() and not Task.objects.exists()
        inspection.refresh_from_db()
        assert inspection.state == State.IN_PROGRESS
        # More rows keep what was typed.
        more = client.post(_url("conclude", pk=inspection.pk), {**data, "add_row": "1"})
        assert more.status_code == 200
        assert more.content.decode().count('name="req_') == 6 * 4
        assert "Tổ chức đối thoại" in more.content.decode()
        data["req_3_lead"] = world.cast.a.head.pk
        response = client.post(_url("conclude", pk=inspection.pk), data)
        assert response.status_code == 302
        inspection.refresh_from_db()
        assert inspection.state == State.CONCLUDED
        reqs = list(Requirement.objects.filter(inspection=inspection).order_by("number"))
        assert [r.text for r in reqs] == ["Niêm yết đủ thủ tục", "Tổ chức đối thoại"]
        page = client.get(_url("inspection", pk=inspection.pk)).content.decode()
        for r in reqs:
            assert reverse("tasks:task", kwargs={"pk": r.task_id}) in page

    def test_it_closes_only_when_every_requirement_is_done(self, world, client):
        a = world.cast.a
        inspection = _concluded(world)
        client.force_login(world.steering)
        response = client.post(_url("close", pk=inspection.pk), follow=True)
        with translation.override("vi"):
            refused = gettext("%(n)d requirement(s) are not met yet: %(numbers)s.") % {
                "n": 2,
                "numbers": "1, 2",
            }
        assert refused in response.content.decode()
        inspection.refresh_from_db()
        assert inspection.state == State.CONCLUDED
        for r in Requirement.objects.filter(inspection=inspection):
            tasks.task_submit(actor=a.staff, task=r.task, note="Đã thực hiện")
            tasks.task_accept(actor=a.head, task=r.task, quality="good")
        assert client.post(_url("close", pk=inspection.pk)).status_code == 302
        inspection.refresh_from_db()
        assert inspection.state == State.CLOSED


class TestAPeriodicInspection:
    def test_it_is_announced_or_cancelled_with_a_reason(self, world, client):
        inspection = world.inspection(kind=Kind.PERIODIC)
        client.force_login(world.steering)
        response = client.post(_url("cancel", pk=inspection.pk), {"reason": ""})
        assert response.status_code == 400 and 'class="error' in response.content.decode()
        assert client.post(_url("announce", pk=inspection.pk)).status_code == 302
        inspection.refresh_from_db()
        assert inspection.state == State.ANNOUNCED
        client.force_login(world.cast.a.staff)
        assert client.get(_url("inspection", pk=inspection.pk)).status_code == 200
        client.force_login(world.steering)
        response = client.post(_url("cancel", pk=inspection.pk), {"reason": "Đơn vị sáp nhập"})
        assert response.status_code == 302
        inspection.refresh_from_db()
        assert inspection.state == State.CANCELLED


class TestTheSelfReport:
    def test_the_head_writes_and_submits_it(self, world, client):
        a = world.cast.a
        inspection = _started(world)
        client.force_login(a.head)
        page = client.get(_url("report", pk=inspection.pk))
        assert page.status_code == 200
        body = page.content.decode()
        report = inspection.self_report
        for section in report.figures:
            for f in section["figures"]:
                assert f'data-figure="{section["key"]}.{f["key"]}">{f["shown"]}<' in body
            assert f'name="{section["key"]}"' in body
        assert 'name="overview"' in body and 'name="proposals"' in body
        start, end = inspection.period_start.isoformat(), inspection.period_end.isoformat()
        qcdc = reverse("reports:qcdc", kwargs={"unit": a.unit.pk})
        assert f"{qcdc}?start={start}&amp;end={end}" in body
        # Submitting without an overview is refused on the overview.
        response = client.post(_url("report_submit", pk=inspection.pk))
        assert response.status_code == 400
        assert 'id="id_overview_error"' in response.content.decode()
        # The staff read it and write nothing.
        client.force_login(a.staff)
        assert (
            'name="overview"' not in client.get(_url("report", pk=inspection.pk)).content.decode()
        )
        assert (
            client.post(_url("report_edit", pk=inspection.pk), {"overview": "x"}).status_code == 403
        )
        client.force_login(a.head)
        response = client.post(
            _url("report_edit", pk=inspection.pk), {"overview": "Đơn vị thực hiện nghiêm túc."}
        )
        assert response.status_code == 302
        assert client.post(_url("report_refresh", pk=inspection.pk)).status_code == 302
        assert client.post(_url("report_submit", pk=inspection.pk)).status_code == 302
        report.refresh_from_db()
        assert report.state == ReportState.SUBMITTED
        assert report.prose["overview"] == "Đơn vị thực hiện nghiêm túc."
        body = client.get(_url("report", pk=inspection.pk)).content.decode()
        assert 'name="overview"' not in body and "Đơn vị thực hiện nghiêm túc." in body
        response = client.post(_url("report_edit", pk=inspection.pk), {"overview": "sửa"})
        assert response.status_code == 400
        report.refresh_from_db()
        assert report.prose["overview"] == "Đơn vị thực hiện nghiêm túc."


class TestAttention:
    def test_the_head_is_asked_for_the_self_report(self, world):
        inspection = _started(world)
        groups = inspections_attention(world.cast.a.head)
        assert [i.url for g in groups for i in g.items] == [_url("report", pk=inspection.pk)]
        assert inspections_attention(world.cast.a.staff) == []
        assert inspections_attention(world.cast.b.head) == []
        services.self_report_edit(
            actor=world.cast.a.head, report=inspection.self_report, prose={"overview": "x"}
        )
        services.self_report_submit(actor=world.cast.a.head, report=inspection.self_report)
        assert inspections_attention(world.cast.a.head) == []

    def test_a_hidden_surprise_asks_nothing_of_the_unit(self, world):
        world.inspection(kind=Kind.SURPRISE)
        assert inspections_attention(world.cast.a.head) == []

    def test_the_committee_sees_what_is_ready_to_close_and_what_is_overdue(self, world):
        a = world.cast.a
        ready = _concluded(world, n=1)
        late = _concluded(world, n=2)
        for r in Requirement.objects.filter(inspection=ready):
            tasks.task_submit(actor=a.staff, task=r.task, note="Xong")
            tasks.task_accept(actor=a.head, task=r.task, quality="good")
        first = Requirement.objects.filter(inspection=late).order_by("number").first()
        assert first is not None
        Task.objects.filter(pk=first.task_id).update(
            start_on=today() - dt.timedelta(days=10), due_on=today() - dt.timedelta(days=1)
        )
        items = {i.url: i for g in inspections_attention(world.steering) for i in g.items}
        assert set(items) == {_url("inspection", pk=ready.pk), _url("inspection", pk=late.pk)}
        assert items[_url("inspection", pk=late.pk)].urgent
        assert not items[_url("inspection", pk=ready.pk)].urgent

    def test_it_costs_one_query_for_each_kind_of_person(self, world, django_assert_num_queries):
        _started(world)
        _concluded(world)
        Task.objects.update(
            start_on=today() - dt.timedelta(days=10), due_on=today() - dt.timedelta(days=1)
        )
        for person in (world.cast.a.head, world.steering):
            inspections_attention(person)  # the person's scope is read once, then cached
            with django_assert_num_queries(1):
                assert inspections_attention(person)


class TestQueryCounts:
    """The pages cost the same number of queries for a few or many rows."""

    def _many(self, world: World, n: int) -> None:
        for _ in range(n):
            _started(world)

    @pytest.mark.parametrize("who", ["steering", "head"])
    def test_home(self, world, client, django_assert_num_queries, who):
        person = world.steering if who == "steering" else world.cast.a.head
        client.force_login(person)
        queries = {"steering": 9, "head": 5}[who]
        self._many(world, 2)
        _concluded(world)
        with django_assert_num_queries(queries):
            assert client.get(_url("home")).status_code == 200
        self._many(world, 8)
        _concluded(world, n=4)
        with django_assert_num_queries(queries):
            assert client.get(_url("home")).status_code == 200

    def test_plan(self, world, client, django_assert_num_queries):
        client.force_login(world.steering)
        self._many(world, 2)
        with django_assert_num_queries(6):
            assert client.get(_url("plan", pk=world.plan.pk)).status_code == 200
        self._many(world, 10)
        with django_assert_num_queries(6):
            assert client.get(_url("plan", pk=world.plan.pk)).status_code == 200

    def test_inspection(self, world, client, django_assert_num_queries):
        few = _concluded(world, n=1)
        many = _concluded(world, n=6)
        client.force_login(world.steering)
        with django_assert_num_queries(9):
            assert client.get(_url("inspection", pk=few.pk)).status_code == 200
        with django_assert_num_queries(9):
            assert client.get(_url("inspection", pk=many.pk)).status_code == 200

    def test_inspection_for_the_delegation_with_forms(
        self, world, client, django_assert_num_queries
    ):
        inspection = _started(world)
        client.force_login(world.member)
        with django_assert_num_queries(9):
            assert client.get(_url("inspection", pk=inspection.pk)).status_code == 200

    def test_report(self, world, client, django_assert_num_queries):
        inspection = _started(world)
        client.force_login(world.cast.a.head)
        with django_assert_num_queries(6):
            assert client.get(_url("report", pk=inspection.pk)).status_code == 200
