"""The reception cast on top of the fixed cast: a reception officer and a handling officer in
each department, and helpers that walk a letter through its states."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from danchu.core.models import Role, User
from danchu.letters import services
from danchu.letters.models import Letter
from danchu.letters.vault import Person
from tests.conftest import Cast
from tests.factories import give_role, make_person

DENOUNCER = "Phạm Thị Bí Mật Xuân"


@dataclass
class Reception:
    cast: Cast
    clerk: User  # petitions officer of department A
    verifier: User  # a handling officer of A, not designated
    clerk_b: User

    def receive(self, **kwargs: Any) -> Letter:
        values: dict[str, Any] = {
            "actor": self.clerk,
            "agency": self.cast.a.unit,
            "received_on": dt.date(2026, 3, 2),
            "channel": "post",
            "kind": "petition",
            "matter": "Kiến nghị về đất đai tại phường",
            "content": "Đề nghị xem xét việc cấp giấy chứng nhận quyền sử dụng đất.",
            "signatories": [Person(name="Nguyễn Văn Dân", address="Số 1 phố Huế")],
        }
        values.update(kwargs)
        return services.letter_receive(**values)

    def denunciation(self, name: str = DENOUNCER, **kwargs: Any) -> Letter:
        return self.receive(
            kind="denunciation",
            matter=f"Tố cáo hành vi nhận tiền của cán bộ X (người tố cáo {name})",
            content=f"Tôi là {name}, CCCD 001190000777, điện thoại 0912345678, tố cáo ông X.",
            signatories=[
                Person(
                    name=name,
                    address="Ngõ 5 phố Bí Mật",
                    id_number="001190000777",
                    phone="0912345678",
                    email="bimat@example.vn",
                )
            ],
            **kwargs,
        )

    def classified(self, letter: Letter, **kwargs: Any) -> Letter:
        values: dict[str, Any] = {
            "kind": letter.kind if letter.kind != "unclassified" else "petition",
            "eligibility": "eligible",
        }
        if values["kind"] == "complaint":
            values.update(
                instance="first",
                complaint_subject="decision",
                contested_act="Quyết định 12/QĐ-STTTT",
                known_on=letter.received_on,
            )
        values.update(kwargs)
        return services.letter_classify(actor=self.clerk, letter=letter, **values)

    def accepted(self, letter: Letter, on: dt.date | None = None) -> Letter:
        return services.letter_accept(
            actor=self.clerk,
            letter=letter,
            accepted_on=on or letter.received_on,
            notice_number="01/TB-TL",
            handler=self.verifier,
            leader=self.cast.a.head,
        )


@pytest.fixture
def rc(cast: Cast) -> Reception:
    clerk = make_person(agency=cast.a.unit, username="tiepdan_A", full_name="Tiếp dân A")
    give_role(clerk, cast.a.division, Role.PETITIONS_OFFICER)
    verifier = make_person(agency=cast.a.unit, username="xacminh_A", full_name="Xác minh A")
    give_role(verifier, cast.a.division, Role.HANDLING_OFFICER)
    clerk_b = make_person(agency=cast.b.unit, username="tiepdan_B", full_name="Tiếp dân B")
    give_role(clerk_b, cast.b.division, Role.PETITIONS_OFFICER)
    return Reception(cast, clerk, verifier, clerk_b)
