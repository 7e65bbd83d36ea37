"""The one-stop cast on top of the fixed cast: department A's desk, a handling officer and the
division head, and a 5-working-day procedure with a five-step process."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from danchu.core.models import Role, User
from danchu.onestop import services
from danchu.onestop.models import Procedure
from danchu.onestop.services import DocumentSpec, StepSpec
from tests.conftest import Cast
from tests.factories import give_role, make_person

STEPS = [
    StepSpec("Tiếp nhận hồ sơ", Role.ONESTOP_OFFICER, 4, "hours"),
    StepSpec("Thẩm định hồ sơ", Role.HANDLING_OFFICER, 3),
    StepSpec("Lãnh đạo phòng xem xét", Role.DIVISION_HEAD, 4, "hours"),
    StepSpec("Lãnh đạo Sở ký duyệt", Role.HEAD, 4, "hours"),
    StepSpec("Trả kết quả", Role.ONESTOP_OFFICER, 0, "hours"),
]
DOCUMENTS = [
    DocumentSpec("Đơn đề nghị cấp giấy phép", 1, "original"),
    DocumentSpec("Bản sao quyết định thành lập", 1, "certified"),
]


@dataclass
class Desk:
    cast: Cast
    officer: User
    handler: User
    chief: User
    head: User
    procedure: Procedure

    def receive(self, **kwargs):
        values: dict[str, Any] = {
            "actor": self.officer,
            "agency": self.cast.a.unit,
            "procedure": self.procedure,
            "applicant_kind": "person",
            "applicant_name": "Nguyễn Văn Dân",
            "applicant_id": "001085012345",
            "documents": [1, 2],
            "applicant_email": "dan@example.vn",
        }
        values.update(kwargs)
        return services.dossier_receive(**values)


def make_procedure(cast: Cast, *, code: str = "1.004443", deadline: int = 5) -> Procedure:
    return services.procedure_save(
        actor=cast.a.admin,
        agency=cast.a.unit,
        code=code,
        name="Cấp giấy phép xuất bản bản tin",
        field="Xuất bản, In và Phát hành",
        deadline_days=deadline,
        steps=STEPS,
        documents=DOCUMENTS,
        fee=0,
        online=True,
        legal_bases="Luật Xuất bản 2012",
    )


@pytest.fixture
def desk(cast: Cast) -> Desk:
    handler = make_person(agency=cast.a.unit, username="handler_A", full_name="Thụ lý A")
    give_role(handler, cast.a.division, Role.HANDLING_OFFICER)
    chief = make_person(agency=cast.a.unit, username="chief_A", full_name="Trưởng phòng A")
    give_role(chief, cast.a.division, Role.DIVISION_HEAD)
    return Desk(cast, cast.a.officer, handler, chief, cast.a.head, make_procedure(cast))


def at(day: str, hour: int = 9) -> dt.datetime:
    from django.utils import timezone

    return dt.datetime.combine(
        dt.date.fromisoformat(day), dt.time(hour), tzinfo=timezone.get_current_timezone()
    )
