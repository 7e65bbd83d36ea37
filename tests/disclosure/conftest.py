"""The disclosure cast on top of the fixed cast: department A's regulation on internal
spending owned by its head, with a first version, and a second division with two more staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from danchu.core.models import Agency, AgencyKind, Role, User
from danchu.disclosure import services
from danchu.disclosure.models import Regulation, RegulationVersion
from tests.conftest import Cast
from tests.factories import give_role, make_person, make_unit

TEXT_V1 = """Quy chế chi tiêu nội bộ
Điều 1. Phạm vi áp dụng
Quy chế này áp dụng cho cán bộ, công chức của Sở.
Điều 2. Công tác phí
Mức phụ cấp lưu trú là 200.000 đồng/ngày.
Điều 3. Hội nghị
Chi nước uống 20.000 đồng/người/buổi."""

TEXT_V2 = TEXT_V1.replace("200.000", "300.000").replace("20.000 đồng", "30.000 đồng")


@dataclass
class Office:
    cast: Cast
    division2: Agency
    clerk2: User
    clerk3: User
    regulation: Regulation
    v1: RegulationVersion

    def publish(self, **kwargs: Any):
        values: dict[str, Any] = {
            "actor": self.cast.a.head,
            "agency": self.cast.a.unit,
            "category": "plans",
            "title": "Kế hoạch công tác năm 2025",
            "decision_number": "12/KH-SKHCN",
            "decision_date": dt.date(2025, 1, 24),
            "signer": "Giám đốc A",
            "channels": ["intranet", "notice_board"],
            "published_on": dt.date(2025, 1, 27),
            "posted_until": dt.date(2025, 2, 28),
        }
        values.update(kwargs)
        return services.publication_create(**values)


@pytest.fixture
def office(cast: Cast) -> Office:
    a = cast.a
    division2 = make_unit(
        parent=a.unit, kind=AgencyKind.DIVISION, code="DEP-A.P2", name="Phòng 2 Sở A"
    )
    clerk2 = make_person(agency=a.unit, username="cb2_A", full_name="Cán bộ Hai A")
    give_role(clerk2, division2, Role.STAFF)
    clerk3 = make_person(agency=a.unit, username="cb3_A", full_name="Cán bộ Ba A")
    give_role(clerk3, division2, Role.STAFF)
    regulation = services.regulation_create(
        actor=a.head,
        agency=a.unit,
        kind="internal_spending",
        title="Quy chế chi tiêu nội bộ",
        owner=a.head,
    )
    v1 = services.version_add(
        actor=a.head,
        regulation=regulation,
        decision_number="01/QĐ-SA",
        decision_date=dt.date(2024, 1, 5),
        effective_from=dt.date(2024, 1, 15),
        text=TEXT_V1,
        review_on=dt.date(2025, 1, 15),
    )
    return Office(cast, division2, clerk2, clerk3, regulation, v1)
