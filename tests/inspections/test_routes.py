"""Every page of the city's inspections, in one table checked by ``tests.routes``.

The world: the steering committee (its member ``steering`` leads the delegations, ``member``
sits in them), a checklist of two criteria and this year's plan; the builders make the
inspection a route needs — planned, announced, started (the unit sees it), concluded with its
requirements met — of department A. Department B's people see none of it (404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.inspections import services
from danchu.inspections.models import Inspection, Kind, Rating
from danchu.tasks import services as tasks
from tests.inspections.conftest import World
from tests.routes import Route, install


@pytest.fixture
def ctx(world: World) -> World:
    return world


def today() -> dt.date:
    return timezone.localdate()


def _planned(o: World, kind: str = Kind.SURPRISE) -> Inspection:
    return o.inspection(kind=kind)


def _announced(o: World) -> Inspection:
    return services.inspection_announce(actor=o.steering, inspection=_planned(o, Kind.PERIODIC))


def _started(o: World) -> Inspection:
    return services.inspection_start(actor=o.steering, inspection=_planned(o))


def _found(o: World) -> Inspection:
    inspection = _started(o)
    for c in o.criteria:
        services.finding_record(
            actor=o.member,
            inspection=inspection,
            criterion=c,
            rating=Rating.MET,
            note="Đạt",
            points=c.max_points,
        )
    return inspection


def _met(o: World) -> Inspection:
    """Concluded with one requirement, whose task the unit has done."""
    inspection = services.inspection_conclude(
        actor=o.steering,
        inspection=_found(o),
        conclusion="Thực hiện tốt.",
        requirements=[
            services.RequirementIn(
                text="Niêm yết thủ tục", lead=o.cast.a.staff, due_on=today() + dt.timedelta(9)
            )
        ],
    )
    for r in inspection.requirements.select_related("task"):
        tasks.task_submit(actor=o.cast.a.staff, task=r.task, note="Đã thực hiện")
        tasks.task_accept(actor=o.cast.a.head, task=r.task, quality="good")
    return inspection


def _written(o: World) -> Inspection:
    inspection = _started(o)
    services.self_report_edit(
        actor=o.cast.a.head, report=inspection.self_report, prose={"overview": "Tốt"}
    )
    return inspection


def pk(build: Any) -> Any:
    return lambda o: {"pk": build(o).pk}


def _concluded(o: World) -> Inspection:
    """Concluded with one requirement still open."""
    return services.inspection_conclude(
        actor=o.steering,
        inspection=_found(o),
        conclusion="Cơ bản tốt.",
        requirements=[
            services.RequirementIn(
                text="Tổ chức đối thoại", lead=o.cast.a.staff, due_on=today() + dt.timedelta(9)
            )
        ],
    )


def requirement(o: World) -> dict[str, int]:
    return {"pk": _concluded(o).pk, "number": 1}


def committee(o: World) -> dict[str, int]:
    return {"committee": o.cast.committee.pk}


def plan(o: World) -> dict[str, int]:
    return {"pk": o.plan.pk}


def _home(o: World) -> dict[str, int]:
    _started(o)
    return {}


def _finding(o: World) -> dict[str, int]:
    return {"pk": _started(o).pk, "criterion": o.criteria[0].pk}


def _with_inspection(o: World) -> dict[str, int]:
    _planned(o)
    return plan(o)


CRITERION = {
    "group": "publicity",
    "code": "3.1",
    "title": "Công khai đúng hạn",
    "evidence": "Sổ công khai",
    "scoring": "met",
    "max_points": 10,
    "guide": "Đạt nếu 100% đúng hạn",
}


def _inspection_form(o: World) -> dict[str, Any]:
    year = o.plan.year
    return {
        "unit": o.cast.a.unit.pk,
        "kind": "periodic",
        "scheduled_on": dt.date(year, 12, 1).isoformat(),
        "period_start": dt.date(year, 1, 1).isoformat(),
        "period_end": dt.date(year, 11, 30).isoformat(),
        "leader": o.steering.pk,
        "members": [o.member.pk],
        "criteria": [c.pk for c in o.criteria],
    }


def _finding_form(o: World, note: str = "Hồ sơ đầy đủ") -> dict[str, Any]:
    c = o.criteria[0]
    return {f"c{c.pk}-rating": "met", f"c{c.pk}-note": note}


def _conclusion(o: World, text: str = "Thực hiện tốt.") -> dict[str, Any]:
    return {
        "conclusion": text,
        "rows": "5",
        "req_1_text": "Niêm yết thủ tục",
        "req_1_lead": o.cast.a.staff.pk,
        "req_1_due": (today() + dt.timedelta(days=9)).isoformat(),
    }


PAGES = [
    Route("inspections:home", scoped=False, kwargs=_home, insider="steering"),
    Route("inspections:criteria", kwargs=committee, insider="steering"),
    Route(
        "inspections:criteria",
        method="POST",
        ok=302,
        kwargs=committee,
        insider="steering",
        data=lambda o: CRITERION,
        bad=lambda o: {**CRITERION, "max_points": 0},
    ),
    Route(
        "inspections:criterion_retire",
        method="POST",
        ok=302,
        kwargs=lambda o: {"pk": o.criteria[0].pk},
        insider="steering",
    ),
    Route("inspections:plan_create", kwargs=committee, insider="steering"),
    Route(
        "inspections:plan_create",
        method="POST",
        ok=302,
        kwargs=committee,
        insider="steering",
        data=lambda o: {"year": today().year + 1, "title": "Kế hoạch năm sau"},
        bad=lambda o: {"year": today().year + 1, "title": ""},
    ),
    Route("inspections:plan", kwargs=plan, insider="steering"),
    Route(
        "inspections:plan_approve",
        method="POST",
        ok=302,
        kwargs=_with_inspection,
        insider="steering",
    ),
    Route("inspections:inspection_create", kwargs=plan, insider="steering"),
    Route(
        "inspections:inspection_create",
        method="POST",
        ok=302,
        kwargs=plan,
        insider="steering",
        data=_inspection_form,
        # The period ends before it starts: the service's refusal on the field.
        bad=lambda o: {
            **_inspection_form(o),
            "period_end": f"{o.plan.year}-01-01",
            "period_start": f"{o.plan.year}-02-01",
        },
    ),
    Route("inspections:inspection", kwargs=pk(_started), insider="cast.a.staff"),
    Route(
        "inspections:finding",
        method="POST",
        ok=302,
        kwargs=_finding,
        insider="member",
        forbidden="cast.a.head",
        data=_finding_form,
        bad=lambda o: _finding_form(o, note=""),
    ),
    Route(
        "inspections:announce",
        method="POST",
        ok=302,
        kwargs=pk(lambda o: _planned(o, Kind.PERIODIC)),
        insider="steering",
    ),
    Route(
        "inspections:start",
        method="POST",
        ok=302,
        kwargs=pk(_planned),
        insider="steering",
        forbidden="member",
    ),
    Route(
        "inspections:cancel",
        method="POST",
        ok=302,
        kwargs=pk(_announced),
        insider="steering",
        forbidden="cast.a.head",
        data=lambda o: {"reason": "Đơn vị sáp nhập"},
        bad=lambda o: {"reason": ""},
    ),
    Route(
        "inspections:close",
        method="POST",
        ok=302,
        kwargs=pk(_met),
        insider="steering",
        forbidden="cast.a.head",
    ),
    Route(
        "inspections:requirement_withdraw",
        method="POST",
        ok=302,
        kwargs=requirement,
        insider="steering",
        forbidden="cast.a.head",
        data=lambda o: {"reason": "Đơn vị đã sáp nhập phòng"},
        bad=lambda o: {"reason": ""},
    ),
    Route("inspections:conclude", kwargs=pk(_found), insider="steering", forbidden="cast.a.head"),
    Route(
        "inspections:conclude",
        method="POST",
        ok=302,
        kwargs=pk(_found),
        insider="steering",
        forbidden="cast.a.head",
        data=_conclusion,
        bad=lambda o: _conclusion(o, text=""),
    ),
    Route("inspections:report", kwargs=pk(_started), insider="cast.a.head"),
    Route(
        "inspections:report_edit",
        method="POST",
        ok=302,
        kwargs=pk(_started),
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda o: {"overview": "Đơn vị thực hiện nghiêm túc."},
        bad=lambda o: {"overview": "x" * (services.MAX_PROSE + 1)},
    ),
    Route(
        "inspections:report_refresh",
        method="POST",
        ok=302,
        kwargs=pk(_started),
        insider="cast.a.head",
        forbidden="cast.a.staff",
    ),
    Route(
        "inspections:report_submit",
        method="POST",
        ok=302,
        kwargs=pk(_written),
        insider="cast.a.head",
        forbidden="cast.a.staff",
    ),
]
API: list[Route] = []

install(globals(), PAGES, API)
