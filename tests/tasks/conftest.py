"""The work cast on top of the fixed cast: in each department a division head, a deputy head,
a union executive member and two more staff (ten people: a unit with a board), and a few
tasks of department A's 2026 plan given by its head."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from danchu.core.models import Role, User
from danchu.tasks import services
from danchu.tasks.models import Plan, Task
from tests.conftest import Cast, Department
from tests.factories import give_role, make_person


@dataclass
class Crew:
    """Department-level people added to a cast department."""

    chief: User  # division head of the department's division
    deputy: User
    union: User
    clerk: User
    clerk2: User


@dataclass
class Work:
    cast: Cast
    a: Crew
    b: Crew
    plan: Plan

    def task(self, **kwargs: Any) -> Task:
        values: dict[str, Any] = {
            "actor": self.cast.a.head,
            "agency": self.cast.a.unit,
            "title": "Rà soát quy chế làm việc",
            "deliverable": "Dự thảo quy chế sửa đổi",
            "authority": "Kế hoạch 08/KH-S, mục II.1",
            "leads": [self.cast.a.staff],
            "start_on": dt.date(2026, 3, 2),
            "due_on": dt.date(2026, 3, 31),
            "plan": self.plan,
            "assigned_on": dt.date(2026, 3, 2),
        }
        values.update(kwargs)
        return services.task_create(**values)


def _crew(d: Department, key: str) -> Crew:
    chief = make_person(agency=d.unit, username=f"chief_{key}", full_name=f"Trưởng phòng {key}")
    give_role(chief, d.division, Role.DIVISION_HEAD)
    deputy = make_person(agency=d.unit, username=f"deputy_{key}", full_name=f"Phó Giám đốc {key}")
    give_role(deputy, d.unit, Role.DEPUTY_HEAD)
    union = make_person(agency=d.unit, username=f"union_{key}", full_name=f"Công đoàn {key}")
    give_role(union, d.unit, Role.UNION_EXECUTIVE)
    clerk = make_person(agency=d.unit, username=f"clerk_{key}", full_name=f"Chuyên viên {key}")
    give_role(clerk, d.division, Role.STAFF)
    clerk2 = make_person(
        agency=d.unit, username=f"clerk2_{key}", full_name=f"Chuyên viên Hai {key}"
    )
    give_role(clerk2, d.division, Role.STAFF)
    return Crew(chief, deputy, union, clerk, clerk2)


@pytest.fixture
def work(cast: Cast) -> Work:
    a, b = _crew(cast.a, "A"), _crew(cast.b, "B")
    plan = services.plan_create(
        actor=cast.a.head,
        agency=cast.a.unit,
        kind="annual",
        year=2026,
        title="Kế hoạch công tác năm 2026",
        theme="Kỷ cương, trách nhiệm",
        decision_number="08/KH-S",
        decision_date=dt.date(2026, 1, 8),
    )
    return Work(cast, a, b, plan)
