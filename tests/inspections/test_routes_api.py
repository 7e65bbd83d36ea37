"""Every API operation of the city's inspections, in one table checked by ``tests.routes``.

The committee (``cast.steering`` and a second member, ``member``) has a checklist of two
criteria and this year's plan; the builders make an inspection of department A in the state a
route needs: planned (periodic or surprise), announced, in progress with its self-report,
with every finding recorded, concluded. Department B's people never see any of it (404); a
unit's people see an inspection once it is visible to them and get 403 for the committee's
and the delegation's actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.inspections import services
from danchu.inspections.models import Inspection, Kind, Rating
from tests.inspections.conftest import World
from tests.routes import Route, install

PAGES: list[Route] = []  # the pages' table is tests/inspections/test_routes.py


@pytest.fixture
def ctx(world: World) -> World:
    return world


def today() -> dt.date:
    return timezone.localdate()


def _day(days: int = 0) -> str:
    return (today() + dt.timedelta(days=days)).isoformat()


def _surprise(o: World) -> Inspection:
    return o.inspection(kind=Kind.SURPRISE)


def _periodic(o: World) -> Inspection:
    return o.inspection(kind=Kind.PERIODIC)


def _announced(o: World) -> Inspection:
    return services.inspection_announce(actor=o.steering, inspection=_periodic(o))


def _started(o: World) -> Inspection:
    """A surprise inspection in progress: the unit knows of it and has its self-report."""
    return services.inspection_start(actor=o.steering, inspection=_surprise(o))


def _found(o: World) -> Inspection:
    """In progress, every criterion with its finding."""
    inspection = _started(o)
    for c in o.criteria:
        services.finding_record(
            actor=o.member,
            inspection=inspection,
            criterion=c,
            rating=Rating.MET,
            note="Đầy đủ hồ sơ, sổ sách",
            points=c.max_points,
        )
    return inspection


def _concluded(o: World) -> Inspection:
    """Concluded with no requirement: ready to close."""
    return services.inspection_conclude(
        actor=o.steering,
        inspection=_found(o),
        conclusion="Đơn vị thực hiện tốt QCDC.",
        requirements=[],
        without_requirements=True,
    )


def _written(o: World) -> Inspection:
    """In progress, the self-report's overview written by the head."""
    inspection = _started(o)
    services.self_report_edit(
        actor=o.cast.a.head,
        report=inspection.self_report,
        prose={"overview": "Đơn vị triển khai đầy đủ QCDC."},
    )
    return inspection


def committee(o: World) -> dict[str, int]:
    return {"committee_id": o.cast.committee.pk}


def plan(o: World) -> dict[str, int]:
    return {"plan_id": o.plan.pk}


def of(build: Any) -> Any:
    return lambda o: {"inspection_id": build(o).pk}


def made(build: Any) -> Any:
    """No path arguments; the builder only puts something on the list."""
    return lambda o: (build(o), {})[1]


CRITERION = {
    "group": "dialogue",
    "code": "6.1",
    "title": "Tổ chức đối thoại định kỳ với công chức",
    "evidence": "Kế hoạch, biên bản đối thoại",
    "scoring": "met",
    "max_points": 10,
    "guide": "Đạt: đối thoại ít nhất một lần trong năm",
}


def _plan_in(o: World) -> dict[str, Any]:
    return {
        "committee_id": o.cast.committee.pk,
        "year": today().year + 1,
        "title": "Kế hoạch kiểm tra thực hiện QCDC năm sau",
        "decision_number": "15/KH-BCĐ",
        "decision_date": _day(),
    }


def _inspection_in(o: World) -> dict[str, Any]:
    return {
        "unit_id": o.cast.a.unit.pk,
        "kind": "periodic",
        "scheduled_on": _day(),
        "period_start": dt.date(today().year, 1, 1).isoformat(),
        "period_end": _day(),
        "leader_id": o.steering.pk,
        "member_ids": [o.member.pk],
        "scope_note": "Kiểm tra việc thực hiện QCDC năm nay",
    }


def _finding_in(o: World) -> dict[str, Any]:
    return {"criterion_id": o.criteria[0].pk, "rating": "partly", "note": "Còn 5% hồ sơ trễ hạn"}


def _conclude_in(o: World) -> dict[str, Any]:
    return {
        "conclusion": "Đơn vị thực hiện cơ bản tốt QCDC.",
        "conclusion_number": "20/KL-BCĐ",
        "requirements": [
            {
                "text": "Khắc phục tình trạng hồ sơ trễ hạn",
                "group": "onestop",
                "lead_id": o.cast.a.staff.pk,
                "due_on": _day(30),
            }
        ],
    }


API = [
    Route("api:checklist_api", kwargs=committee, insider="cast.steering"),
    Route(
        "api:criterion_add_api",
        method="POST",
        ok=201,
        kwargs=committee,
        insider="cast.steering",
        data=lambda o: CRITERION,
        bad=lambda o: {**CRITERION, "scoring": "", "guide": ""},
    ),
    Route(
        "api:criterion_retire_api",
        method="POST",
        kwargs=lambda o: {"criterion_id": o.criteria[0].pk},
        insider="cast.steering",
    ),
    Route(
        "api:inspection_plan_list_api",
        kwargs=made(_surprise),
        insider="cast.steering",
        scoped=False,
    ),
    Route(
        "api:inspection_plan_create_api",
        method="POST",
        ok=201,
        insider="cast.steering",
        scoped=False,
        data=_plan_in,
        bad=lambda o: {**_plan_in(o), "year": today().year},  # the committee has this year's
    ),
    Route("api:inspection_plan_get_api", kwargs=plan, insider="cast.steering"),
    Route(
        "api:inspection_plan_approve_api",
        method="POST",
        kwargs=lambda o: {"plan_id": _periodic(o).plan_id},
        insider="cast.steering",
    ),
    Route(
        "api:city_inspection_list_api",
        kwargs=made(_started),
        insider="cast.a.staff",
        scoped=False,
        data=lambda o: {"state": "in_progress", "year": today().year},
    ),
    Route(
        "api:city_inspection_create_api",
        method="POST",
        ok=201,
        kwargs=plan,
        insider="cast.steering",
        data=_inspection_in,
        bad=lambda o: {**_inspection_in(o), "period_start": _day(1), "period_end": _day()},
    ),
    Route("api:city_inspection_get_api", kwargs=of(_started), insider="cast.a.staff"),
    Route(
        "api:city_inspection_announce_api",
        method="POST",
        kwargs=of(_periodic),
        insider="cast.steering",
    ),
    Route(
        "api:city_inspection_start_api",
        method="POST",
        kwargs=of(_surprise),
        insider="cast.steering",
        forbidden="member",  # in the delegation, not its leader
    ),
    Route(
        "api:city_inspection_cancel_api",
        method="POST",
        kwargs=of(_announced),
        insider="cast.steering",
        forbidden="cast.a.head",  # the unit sees an announced inspection
        data=lambda o: {"reason": "Đơn vị đang sáp nhập"},
        bad=lambda o: {"reason": ""},
    ),
    Route(
        "api:city_inspection_close_api",
        method="POST",
        kwargs=of(_concluded),
        insider="cast.steering",
        forbidden="cast.a.head",
    ),
    Route(
        "api:finding_record_api",
        method="POST",
        ok=201,
        kwargs=of(_started),
        insider="member",
        forbidden="cast.a.head",
        data=_finding_in,
        bad=lambda o: {**_finding_in(o), "rating": "", "note": ""},
    ),
    Route(
        "api:city_inspection_conclude_api",
        method="POST",
        kwargs=of(_found),
        insider="cast.steering",
        forbidden="member",
        data=_conclude_in,
        bad=lambda o: {
            **_conclude_in(o),
            "requirements": [{"text": "Khắc phục", "due_on": _day(30)}],
        },
    ),
    Route("api:self_report_get_api", kwargs=of(_started), insider="cast.a.staff"),
    Route(
        "api:self_report_edit_api",
        method="PATCH",
        kwargs=of(_started),
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {"prose": {"overview": "Đơn vị triển khai đầy đủ QCDC."}},
        bad=lambda o: {"prose": {"figures": "100"}},
    ),
    Route(
        "api:self_report_refresh_api",
        method="POST",
        kwargs=of(_started),
        insider="cast.a.head",
        forbidden="cast.a.staff",
    ),
    Route(
        "api:self_report_submit_api",
        method="POST",
        kwargs=of(_written),
        insider="cast.a.head",
        forbidden="cast.a.staff",
    ),
    Route(
        "api:follow_up_api",
        kwargs=made(_concluded),
        insider="cast.steering",
        scoped=False,
    ),
]

install(globals(), PAGES, API)
