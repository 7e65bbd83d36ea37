"""Every page and API route of plans and tasks, in one table checked by ``tests.routes``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.core.uploads import FileIn
from danchu.tasks import services
from danchu.tasks.models import Extension, Task, TaskFile
from tests.routes import Route, install
from tests.tasks.conftest import Work

TODAY = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def ctx(work: Work):
    with time_machine.travel(TODAY, tick=False):
        yield work


def unit(w: Work) -> dict[str, int]:
    return {"unit": w.cast.a.unit.pk}


def api_unit(w: Work) -> dict[str, int]:
    return {"unit_id": w.cast.a.unit.pk}


def _busy(w: Work, kwargs: dict[str, int]) -> dict[str, int]:
    """The route's arguments, with a task of department A to show (or to leak)."""
    w.task()
    return kwargs


def _submitted(w: Work) -> Task:
    task = w.task()
    return services.task_submit(
        actor=w.cast.a.staff, task=task, note="Đã trình dự thảo", on=dt.date(2026, 3, 9)
    )


def _extension(w: Work) -> Extension:
    return services.extension_request(
        actor=w.cast.a.staff,
        task=w.task(),
        new_due_on=dt.date(2026, 4, 15),
        reason="Chờ ý kiến góp ý của các phòng",
    )


def _file(w: Work) -> TaskFile:
    update = services.task_report(
        actor=w.cast.a.staff,
        task=w.task(),
        note="Đã có dự thảo lần 1",
        progress=40,
        files=[FileIn("a.pdf", b"%PDF-1.4 x")],
    )
    return update.files.get()


def _evidence() -> SimpleUploadedFile:
    return SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4 du thao", content_type="application/pdf")


def _task_form(w: Work) -> dict[str, Any]:
    return {
        "title": "Lập báo cáo sơ kết quý I",
        "description": "Tổng hợp kết quả thực hiện kế hoạch",
        "deliverable": "Báo cáo sơ kết",
        "authority": "Kế hoạch 08/KH-S, mục II.2",
        "lead": f"p:{w.cast.a.staff.pk}",
        "supports": [f"u:{w.cast.a.division.pk}"],
        "start_on": "2026-03-10",
        "due_on": "2026-03-31",
        "plan": w.plan.pk,
        "source_kind": "plan",
        "steps": "Thu thập số liệu\nDự thảo báo cáo",
    }


def _task_in(w: Work) -> dict[str, Any]:
    return {
        "title": "Lập báo cáo sơ kết quý I",
        "deliverable": "Báo cáo sơ kết",
        "authority": "Kế hoạch 08/KH-S, mục II.2",
        "leads": [{"person_id": w.cast.a.staff.pk}],
        "supports": [{"unit_id": w.cast.a.division.pk}],
        "start_on": "2026-03-10",
        "due_on": "2026-03-31",
        "plan_id": w.plan.pk,
        "steps": ["Thu thập số liệu", "Dự thảo báo cáo"],
    }


def _plan_form(w: Work) -> dict[str, Any]:
    return {
        "kind": "quarter",
        "year": "2026",
        "period": "2",
        "title": "Kế hoạch công tác quý II",
        "parent": w.plan.pk,
        "decision_number": "21/KH-S",
        "decision_date": "2026-03-09",
    }


PUBLISH = {
    "signer": "Giám đốc",
    "channels": ["intranet"],
    "published_on": "2026-03-10",
    "posted_until": "2026-04-30",
}

PAGES = [
    Route("tasks:start", scoped=False, ok=302, insider="cast.a.staff"),
    Route(
        "tasks:mine",
        scoped=False,
        insider="cast.a.staff",
        kwargs=lambda w: _busy(w, {}),
        data=lambda w: {"as": "lead"},
    ),
    Route(
        "tasks:unit_tasks",
        kwargs=lambda w: _busy(w, unit(w)),
        insider="cast.a.staff",
        data=lambda w: {"state": "assigned", "q": "quy che", "plan": w.plan.pk},
    ),
    Route(
        "tasks:tasks_xlsx",
        kwargs=lambda w: _busy(w, unit(w)),
        insider="cast.a.head",
        data=lambda w: {"year": "2026"},
    ),
    Route("tasks:task_create", kwargs=unit, insider="cast.a.head", forbidden="cast.a.officer"),
    Route(
        "tasks:task_create",
        method="POST",
        ok=302,
        kwargs=unit,
        insider="cast.a.head",
        forbidden="cast.a.officer",
        data=_task_form,
        # One select cannot send two leads; a crafted request is told, not corrected.
        bad=lambda w: {
            **_task_form(w),
            "lead": [f"p:{w.cast.a.staff.pk}", f"p:{w.a.clerk.pk}"],
        },
    ),
    Route("tasks:plan_list", kwargs=unit, insider="cast.a.staff"),
    Route(
        "tasks:plan_list",
        method="POST",
        ok=302,
        kwargs=unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=_plan_form,
        bad=lambda w: {**_plan_form(w), "period": "5"},
    ),
    Route(
        "tasks:stats",
        kwargs=lambda w: _busy(w, unit(w)),
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: {"year": "2026", "start": "2026-01-01", "end": "2026-03-10"},
        bad=lambda w: {"year": "2026", "start": "2026-03-10", "end": "2026-01-01"},
    ),
    Route(
        "tasks:stats_xlsx",
        kwargs=lambda w: _busy(w, unit(w)),
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: {"year": "2026"},
    ),
    Route("tasks:task", kwargs=lambda w: {"pk": w.task().pk}, insider="cast.a.staff"),
    Route(
        "tasks:task_report",
        method="POST",
        ok=302,
        multipart=True,
        kwargs=lambda w: {"pk": w.task().pk},
        insider="cast.a.staff",
        forbidden="cast.a.head",
        data=lambda w: {"note": "Đã có dự thảo", "progress": "50", "evidence": _evidence()},
        bad=lambda w: {"note": "Đã có dự thảo", "progress": "150"},
    ),
    Route(
        "tasks:extension_request",
        method="POST",
        ok=302,
        kwargs=lambda w: {"pk": w.task().pk},
        insider="cast.a.staff",
        forbidden="cast.a.head",
        data=lambda w: {"new_due_on": "2026-04-15", "reason": "Chờ ý kiến các phòng"},
        bad=lambda w: {"new_due_on": "2026-03-20", "reason": "Chờ ý kiến các phòng"},
    ),
    Route(
        "tasks:task_submit",
        method="POST",
        ok=302,
        kwargs=lambda w: {"pk": w.task().pk},
        insider="cast.a.staff",
        forbidden="cast.a.head",
        data=lambda w: {"note": "Đã trình dự thảo"},
        bad=lambda w: {"note": " "},
    ),
    Route(
        "tasks:task_accept",
        method="POST",
        ok=302,
        kwargs=lambda w: {"pk": _submitted(w).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: {"quality": "good", "assessment": "Đạt yêu cầu"},
        bad=lambda w: {"quality": "perfect", "assessment": ""},
    ),
    Route(
        "tasks:task_return",
        method="POST",
        ok=302,
        kwargs=lambda w: {"pk": _submitted(w).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: {"return-reason": "Thiếu phụ lục số liệu"},
        bad=lambda w: {"return-reason": ""},
    ),
    Route(
        "tasks:task_cancel",
        method="POST",
        ok=302,
        kwargs=lambda w: {"pk": w.task().pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: {"cancel-reason": "Nội dung đã được lồng ghép vào nhiệm vụ khác"},
        bad=lambda w: {"cancel-reason": ""},
    ),
    Route(
        "tasks:extension_decide",
        method="POST",
        ok=302,
        kwargs=lambda w: {"pk": _extension(w).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: {"approve": "1", "note": ""},
        bad=lambda w: {"approve": "0", "note": ""},
    ),
    Route("tasks:task_file", kwargs=lambda w: {"pk": _file(w).pk}, insider="cast.a.staff"),
    Route("tasks:plan", kwargs=lambda w: _busy(w, {"pk": w.plan.pk}), insider="cast.a.staff"),
    Route(
        "tasks:plan_publish",
        method="POST",
        ok=302,
        kwargs=lambda w: {"pk": w.plan.pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: PUBLISH,
        bad=lambda w: {**PUBLISH, "published_on": "2026-03-11"},
    ),
]

API = [
    Route(
        "api:my_tasks_api",
        scoped=False,
        insider="cast.a.staff",
        kwargs=lambda w: _busy(w, {}),
        data=lambda w: {"role": "lead"},
    ),
    Route(
        "api:task_list_api",
        kwargs=lambda w: _busy(w, api_unit(w)),
        insider="cast.a.staff",
        data=lambda w: {"state": "assigned", "plan_id": w.plan.pk},
    ),
    Route(
        "api:task_create_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.head",
        forbidden="cast.a.officer",
        data=_task_in,
        bad=lambda w: {
            **_task_in(w),
            "leads": [{"person_id": w.cast.a.staff.pk}, {"person_id": w.a.clerk.pk}],
        },
    ),
    Route("api:task_get_api", kwargs=lambda w: {"task_id": w.task().pk}, insider="cast.a.staff"),
    Route(
        "api:task_report_api",
        method="POST",
        kwargs=lambda w: {"task_id": w.task().pk},
        insider="cast.a.staff",
        forbidden="cast.a.head",
        data=lambda w: {"note": "Đã có dự thảo", "progress": 50},
        bad=lambda w: {"note": "Đã có dự thảo", "progress": 150},
    ),
    Route(
        "api:extension_request_api",
        method="POST",
        ok=201,
        kwargs=lambda w: {"task_id": w.task().pk},
        insider="cast.a.staff",
        forbidden="cast.a.head",
        data=lambda w: {"new_due_on": "2026-04-15", "reason": "Chờ ý kiến các phòng"},
        bad=lambda w: {"new_due_on": "2026-03-20", "reason": "Chờ ý kiến các phòng"},
    ),
    Route(
        "api:extension_decide_api",
        method="POST",
        kwargs=lambda w: {"extension_id": _extension(w).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: {"approve": True},
        bad=lambda w: {"approve": False, "note": ""},
    ),
    Route(
        "api:task_submit_api",
        method="POST",
        kwargs=lambda w: {"task_id": w.task().pk},
        insider="cast.a.staff",
        forbidden="cast.a.head",
        data=lambda w: {"note": "Đã trình dự thảo"},
        bad=lambda w: {"note": ""},
    ),
    Route(
        "api:task_accept_api",
        method="POST",
        kwargs=lambda w: {"task_id": _submitted(w).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: {"quality": "good", "assessment": "Đạt yêu cầu"},
        bad=lambda w: {"quality": ""},
    ),
    Route(
        "api:task_return_api",
        method="POST",
        kwargs=lambda w: {"task_id": _submitted(w).pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: {"reason": "Thiếu phụ lục số liệu"},
        bad=lambda w: {"reason": ""},
    ),
    Route(
        "api:task_cancel_api",
        method="POST",
        kwargs=lambda w: {"task_id": w.task().pk},
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: {"reason": "Nội dung đã được lồng ghép vào nhiệm vụ khác"},
        bad=lambda w: {"reason": ""},
    ),
    Route(
        "api:plan_list_api",
        kwargs=api_unit,
        insider="cast.a.staff",
        data=lambda w: {"year": 2026},
    ),
    Route(
        "api:plan_create_api",
        method="POST",
        ok=201,
        kwargs=api_unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: {
            "kind": "quarter",
            "year": 2026,
            "period": 2,
            "title": "Kế hoạch công tác quý II",
            "parent_id": w.plan.pk,
        },
        bad=lambda w: {
            "kind": "quarter",
            "year": 2026,
            "period": 5,
            "title": "Kế hoạch công tác quý II",
            "parent_id": w.plan.pk,
        },
    ),
    Route("api:plan_get_api", kwargs=lambda w: {"plan_id": w.plan.pk}, insider="cast.a.staff"),
    Route(
        "api:figures_api",
        kwargs=lambda w: _busy(w, api_unit(w)),
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda w: {"year": 2026},
        bad=lambda w: {"year": 0},
    ),
]

install(globals(), PAGES, API)
