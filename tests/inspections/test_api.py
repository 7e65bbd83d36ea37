"""The city's inspections through the API: a surprise inspection from the plan to its close,
with the unit kept in the dark until it starts; bad inputs refused on their fields; nothing
of it for another department."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from danchu.core.models import AgencyKind, AuditEvent
from danchu.inspections.models import Inspection, Requirement
from danchu.tasks import services as tasks
from tests.factories import make_person, make_unit
from tests.inspections.conftest import World


def _day(days: int = 0) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


class Api:
    def __init__(self, client: Any) -> None:
        self.client = client

    def as_(self, person: Any) -> Api:
        self.client.logout()
        self.client.force_login(person)
        return self

    def get(self, name: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self.client.get(reverse(f"api:{name}", kwargs=kwargs), data or {})

    def send(self, method: str, name: str, data: Any = None, **kwargs: Any) -> Any:
        return self.client.generic(
            method,
            reverse(f"api:{name}", kwargs=kwargs),
            data=json.dumps(data or {}),
            content_type="application/json",
        )

    def post(self, name: str, data: Any = None, **kwargs: Any) -> Any:
        return self.send("POST", name, data, **kwargs)


@pytest.fixture
def api(client: Any) -> Api:
    return Api(client)


def _surprise_in(world: World, **overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "unit_id": world.cast.a.unit.pk,
        "kind": "surprise",
        "scheduled_on": today.isoformat(),
        "period_start": dt.date(today.year, 1, 1).isoformat(),
        "period_end": today.isoformat(),
        "leader_id": world.steering.pk,
        "member_ids": [world.member.pk],
        "criterion_ids": [c.pk for c in world.criteria],
        "scope_note": "Kiểm tra đột xuất việc giải quyết thủ tục hành chính",
        **overrides,
    }


def _elsewhere() -> tuple[Any, Any]:
    """A department of another city and one of its people: nobody here may read them."""
    city = make_unit(kind=AgencyKind.CITY, code="HCM", name="TP khác")
    dept = make_unit(parent=city, kind=AgencyKind.DEPARTMENT, code="HCM.S", name="Sở khác")
    return dept, make_person(agency=dept, username="far", full_name="Người nơi khác")


def test_a_surprise_inspection_from_the_plan_to_its_close(world: World, api: Api):
    a, steering = world.cast.a, world.steering
    committee = world.cast.committee

    # The committee keeps its checklist and plans.
    api.as_(steering)
    r = api.get("checklist_api", committee_id=committee.pk)
    assert r.status_code == 200
    assert [c["code"] for c in r.json()["results"]] == ["5.1", "8.1"]
    r = api.post(
        "criterion_add_api",
        {
            "group": "dialogue",
            "code": "6.1",
            "title": "Đối thoại định kỳ",
            "evidence": "Biên bản đối thoại",
            "scoring": "met",
            "max_points": 10,
            "guide": "Đạt: ít nhất một lần trong năm",
        },
        committee_id=committee.pk,
    )
    assert r.status_code == 201, r.content
    assert (
        api.post("criterion_retire_api", criterion_id=r.json()["id"]).json()["is_active"] is False
    )
    r = api.get("checklist_api", {"active": True}, committee_id=committee.pk)
    assert len(r.json()["results"]) == 2
    r = api.post(
        "inspection_plan_create_api",
        {"committee_id": committee.pk, "year": world.plan.year + 1, "title": "Kế hoạch năm sau"},
    )
    assert r.status_code == 201 and r.json()["state"] == "draft", r.content
    years = [p["year"] for p in api.get("inspection_plan_list_api").json()["results"]]
    assert years == [world.plan.year + 1, world.plan.year]

    # A surprise inspection of department A, added to this year's plan.
    r = api.post("city_inspection_create_api", _surprise_in(world), plan_id=world.plan.pk)
    assert r.status_code == 201, r.content
    body = r.json()
    pk = body["id"]
    assert body["state"] == "planned" and body["kind"] == "surprise"
    assert [(m["person_id"], m["is_leader"]) for m in body["delegation"]] == [
        (steering.pk, True),
        (world.member.pk, False),
    ]
    assert body["report_state"] is None
    plan = api.get("inspection_plan_get_api", plan_id=world.plan.pk).json()
    assert [i["id"] for i in plan["inspections"]] == [pk]

    # The unit knows nothing of it yet.
    api.as_(a.head)
    for name in ("city_inspection_get_api", "self_report_get_api"):
        r = api.get(name, inspection_id=pk)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert api.get("city_inspection_list_api").json()["results"] == []

    # The leader starts it at the unit: now the unit sees it, with its self-report drafted.
    r = api.as_(steering).post("city_inspection_start_api", inspection_id=pk)
    assert r.status_code == 200 and r.json()["state"] == "in_progress"
    api.as_(a.head)
    assert api.get("city_inspection_get_api", inspection_id=pk).json()["report_state"] == "draft"
    listed = api.get("city_inspection_list_api", {"unit_id": a.unit.pk, "state": "in_progress"})
    assert [i["id"] for i in listed.json()["results"]] == [pk]
    report = api.get("self_report_get_api", inspection_id=pk).json()
    assert report["state"] == "draft"
    assert {"tasks", "onestop"} <= {s["key"] for s in report["figures"]}
    assert report["parts"][0] == "overview" and report["parts"][-1] == "proposals"
    r = api.send(
        "PATCH",
        "self_report_edit_api",
        {"prose": {"overview": "Đơn vị triển khai đầy đủ QCDC.", "proposals": "Không"}},
        inspection_id=pk,
    )
    assert r.status_code == 200 and r.json()["prose"]["overview"], r.content
    assert api.post("self_report_refresh_api", inspection_id=pk).status_code == 200
    r = api.post("self_report_submit_api", inspection_id=pk)
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    assert r.json()["submitted_by_id"] == a.head.pk

    # The delegation records its findings: 10 of 10 and 15 of 20.
    met, points = world.criteria
    api.as_(world.member)
    r = api.post(
        "finding_record_api",
        {"criterion_id": met.pk, "rating": "met", "note": "100% hồ sơ đúng hạn"},
        inspection_id=pk,
    )
    assert r.status_code == 201 and r.json()["points"] == 10, r.content
    r = api.post(
        "finding_record_api",
        {"criterion_id": points.pk, "rating": "partly", "points": 15, "note": "Tổ chức chậm"},
        inspection_id=pk,
    )
    assert r.status_code == 201
    r = api.post(
        "finding_record_api",
        {"criterion_id": points.pk, "rating": "partly", "points": 16, "note": "Tổ chức chậm"},
        inspection_id=pk,
    )
    assert r.status_code == 200 and r.json()["points"] == 16  # corrected
    detail = api.get("city_inspection_get_api", inspection_id=pk).json()
    assert detail["score"] == {"earned": 26, "possible": 30, "rate": 86.7}
    assert {c["code"]: c["finding"]["rating"] for c in detail["criteria"]} == {
        "5.1": "partly",
        "8.1": "met",
    }

    # The leader concludes with two requirements, each a task with a lead in the unit.
    r = api.as_(steering).post(
        "city_inspection_conclude_api",
        {
            "conclusion": "Đơn vị thực hiện cơ bản tốt QCDC.",
            "conclusion_number": "20/KL-BCĐ",
            "requirements": [
                {
                    "text": "Tổ chức hội nghị cán bộ đúng hạn",
                    "group": "conference",
                    "lead_id": a.staff.pk,
                    "due_on": _day(30),
                },
                {
                    "text": "Niêm yết đầy đủ thủ tục hành chính",
                    "group": "onestop",
                    "lead_id": a.officer.pk,
                    "due_on": _day(60),
                },
            ],
        },
        inspection_id=pk,
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "concluded" and body["conclusion_number"] == "20/KL-BCĐ"
    reqs = body["requirements"]
    assert [(q["number"], q["lead_person_id"], q["task_state"]) for q in reqs] == [
        (1, a.staff.pk, "assigned"),
        (2, a.officer.pk, "assigned"),
    ]
    assert reqs[0]["due_on"] == _day(30) and reqs[0]["lead"] == a.staff.full_name
    follow = api.get("follow_up_api").json()
    assert [(f["id"], f["done"], f["total"], f["overdue"]) for f in follow] == [(pk, 0, 2, 0)]

    # Not closed while a requirement is open.
    r = api.post("city_inspection_close_api", inspection_id=pk)
    assert r.status_code == 400 and r.json()["error"]["code"] == "requirements_open"

    # The leads deliver through the tasks app; the unit's head accepts.
    for requirement in Requirement.objects.filter(inspection_id=pk).select_related("task"):
        lead = requirement.task.lead_person
        assert lead is not None
        tasks.task_submit(actor=lead, task=requirement.task, note="Đã thực hiện, có minh chứng")
        requirement.task.refresh_from_db()
        tasks.task_accept(actor=a.head, task=requirement.task, quality="good")
    follow = api.get("follow_up_api").json()
    assert [(f["done"], f["total"]) for f in follow] == [(2, 2)]

    r = api.post("city_inspection_close_api", inspection_id=pk)
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "closed"
    assert {q["task_state"] for q in r.json()["requirements"]} == {"done"}
    assert api.get("follow_up_api").json() == []
    # The unit reads the closed inspection and its requirements too.
    r = api.as_(a.staff).get("city_inspection_get_api", inspection_id=pk)
    assert r.status_code == 200 and len(r.json()["requirements"]) == 2


def test_creating_an_inspection_refuses_ids_on_their_fields(world: World, api: Api):
    far_unit, far_person = _elsewhere()
    api.as_(world.steering)
    cases = [
        ({"unit_id": far_unit.pk}, "unit_id"),
        ({"leader_id": far_person.pk}, "leader_id"),
        ({"leader_id": None}, "leader_id"),
        ({"member_ids": [world.member.pk, far_person.pk]}, "member_ids"),
        ({"member_ids": [world.cast.a.head.pk]}, "member_ids"),  # not on the committee
        ({"criterion_ids": [world.criteria[0].pk, 999_999]}, "criterion_ids"),
        ({"period_start": _day(1), "period_end": _day()}, "period_end"),
        ({"kind": "weekly"}, "kind"),
    ]
    for overrides, field in cases:
        r = api.post(
            "city_inspection_create_api", _surprise_in(world, **overrides), plan_id=world.plan.pk
        )
        assert r.status_code == 400, (overrides, r.content)
        error = r.json()["error"]
        assert error["code"] == "invalid" and error["message"]
        assert field in error["fields"], (overrides, error)
        assert "Sở khác" not in r.content.decode() and "Người nơi khác" not in r.content.decode()
    assert not Inspection.objects.exists()


def test_a_requirement_without_a_lead_is_refused(world: World, api: Api):
    _far_unit, far_person = _elsewhere()
    inspection = world.inspection()
    api.as_(world.steering).post("city_inspection_start_api", inspection_id=inspection.pk)
    api.as_(world.member)
    for c in world.criteria:
        api.post(
            "finding_record_api",
            {"criterion_id": c.pk, "rating": "met", "points": c.max_points, "note": "Đạt"},
            inspection_id=inspection.pk,
        )
    api.as_(world.steering)
    events = AuditEvent.objects.count()
    for requirement in (
        {"text": "Yêu cầu một", "due_on": _day(10)},  # no lead
        {"text": "Yêu cầu một", "lead_id": world.cast.b.staff.pk, "due_on": _day(10)},  # not of A
    ):
        r = api.post(
            "city_inspection_conclude_api",
            {
                "conclusion": "Kết luận",
                "requirements": [
                    {"text": "Yêu cầu hai", "lead_id": world.cast.a.staff.pk, "due_on": _day(9)},
                    requirement,
                ],
            },
            inspection_id=inspection.pk,
        )
        assert r.status_code == 400, r.content
        assert list(r.json()["error"]["fields"]) == ["requirements.2.lead"]
    r = api.post(
        "city_inspection_conclude_api",
        {"conclusion": "Kết luận", "requirements": [{"text": "Một", "lead_id": far_person.pk}]},
        inspection_id=inspection.pk,
    )
    assert r.status_code == 400
    assert "requirements.1.lead" in r.json()["error"]["fields"]  # may not be read: no leak
    assert "Người nơi khác" not in r.content.decode()
    assert AuditEvent.objects.count() == events
    assert not Requirement.objects.exists()
    inspection.refresh_from_db()
    assert inspection.state == "in_progress"


def test_findings_and_the_report_refuse_bad_input(world: World, api: Api):
    other = world.inspection()  # its criteria are the whole checklist
    inspection = world.inspection(criteria=[world.criteria[0]])
    api.as_(world.steering).post("city_inspection_start_api", inspection_id=inspection.pk)
    api.as_(world.member)
    r = api.post(
        "finding_record_api",
        {"criterion_id": world.criteria[1].pk, "rating": "met", "note": "Đạt"},
        inspection_id=inspection.pk,
    )
    assert r.status_code == 400 and "criterion_id" in r.json()["error"]["fields"]
    r = api.post(
        "finding_record_api",
        {"criterion_id": world.criteria[0].pk, "rating": "", "note": ""},
        inspection_id=inspection.pk,
    )
    assert {"rating", "note"} <= set(r.json()["error"]["fields"])
    # Findings only while in progress.
    r = api.post(
        "finding_record_api",
        {"criterion_id": world.criteria[0].pk, "rating": "met", "note": "Đạt"},
        inspection_id=other.pk,
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "wrong_state"

    api.as_(world.cast.a.head)
    r = api.send(
        "PATCH", "self_report_edit_api", {"prose": {"tasks.done": "9"}}, inspection_id=inspection.pk
    )
    assert r.status_code == 400 and "prose.tasks.done" in r.json()["error"]["fields"]
    r = api.post("self_report_submit_api", inspection_id=inspection.pk)
    assert r.status_code == 400 and "prose.overview" in r.json()["error"]["fields"]
    r = api.get("city_inspection_list_api", {"state": "sleeping"})
    assert r.status_code == 400 and "state" in r.json()["error"]["fields"]
    r = api.as_(world.steering).post(
        "city_inspection_cancel_api", {"reason": " "}, inspection_id=other.pk
    )
    assert r.status_code == 400 and "reason" in r.json()["error"]["fields"]


def test_another_department_gets_nothing(world: World, api: Api):
    b = world.cast.b
    inspection = world.inspection()
    api.as_(world.steering).post("city_inspection_start_api", inspection_id=inspection.pk)
    for person in (b.head, b.admin, b.staff):
        api.as_(person)
        for name in ("city_inspection_get_api", "self_report_get_api"):
            r = api.get(name, inspection_id=inspection.pk)
            assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
        r = api.post(
            "finding_record_api",
            {"criterion_id": world.criteria[0].pk, "rating": "met", "note": "x"},
            inspection_id=inspection.pk,
        )
        assert r.status_code == 404
        assert api.get("inspection_plan_get_api", plan_id=world.plan.pk).status_code == 404
        r = api.get("checklist_api", committee_id=world.cast.committee.pk)
        assert r.status_code == 404
        for name in ("city_inspection_list_api", "inspection_plan_list_api"):
            assert api.get(name).json()["results"] == []
        assert api.get("follow_up_api").json() == []


def test_the_unit_may_not_act_for_the_committee(world: World, api: Api):
    a = world.cast.a
    inspection = world.inspection()
    api.as_(world.steering).post("city_inspection_start_api", inspection_id=inspection.pk)
    api.as_(a.head)
    r = api.post(
        "finding_record_api",
        {"criterion_id": world.criteria[0].pk, "rating": "met", "note": "Đạt"},
        inspection_id=inspection.pk,
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = api.post("city_inspection_conclude_api", {"conclusion": "x"}, inspection_id=inspection.pk)
    assert r.status_code == 403
    r = api.as_(a.staff).send(
        "PATCH", "self_report_edit_api", {"prose": {"overview": "x"}}, inspection_id=inspection.pk
    )
    assert r.status_code == 403
