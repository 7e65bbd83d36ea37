"""An inspection world on top of the fixed cast: the committee's checklist of two criteria, a
plan for the current year, a second committee member, and the delegation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from danchu.core.models import Role, User
from danchu.inspections import services
from danchu.inspections.models import Criterion, Group, Inspection, Kind, Plan, Scoring
from tests.conftest import Cast
from tests.factories import give_role, make_person


@dataclass
class World:
    cast: Cast
    member: User  # a second committee member, in the delegation
    criteria: list[Criterion]
    plan: Plan

    @property
    def steering(self) -> User:
        return self.cast.steering

    def inspection(self, *, kind: str = Kind.SURPRISE, unit=None, **kw) -> Inspection:
        today = timezone.localdate()
        return services.inspection_create(
            actor=self.steering,
            plan=self.plan,
            unit=unit or self.cast.a.unit,
            kind=kind,
            scheduled_on=kw.pop("scheduled_on", today),
            period_start=kw.pop("period_start", dt.date(today.year, 1, 1)),
            period_end=kw.pop("period_end", today),
            leader=kw.pop("leader", self.steering),
            members=kw.pop("members", [self.member]),
            **kw,
        )


@pytest.fixture
def world(cast: Cast) -> World:
    member = make_person(agency=cast.committee, username="steering2", full_name="Ủy viên BCĐ")
    give_role(member, cast.committee, Role.STEERING_MEMBER)
    criteria = [
        services.criterion_create(
            actor=cast.steering,
            committee=cast.committee,
            group=Group.ONESTOP,
            code="8.1",
            title="Giải quyết thủ tục hành chính đúng hạn",
            evidence="Sổ theo dõi hồ sơ, thống kê một cửa",
            scoring=Scoring.MET,
            max_points=10,
            guide="Đạt: 100% đúng hạn; đạt một phần: từ 90%; không đạt: dưới 90%",
        ),
        services.criterion_create(
            actor=cast.steering,
            committee=cast.committee,
            group=Group.CONFERENCE,
            code="5.1",
            title="Tổ chức hội nghị cán bộ, công chức đúng hạn",
            evidence="Biên bản, nghị quyết hội nghị",
            scoring=Scoring.POINTS,
            max_points=20,
            guide="20 điểm nếu tổ chức trước 31/3, trừ 5 điểm mỗi tháng chậm",
        ),
    ]
    plan = services.plan_create(
        actor=cast.steering,
        committee=cast.committee,
        year=timezone.localdate().year,
        title="Kế hoạch kiểm tra thực hiện QCDC",
    )
    return World(cast, member, criteria, plan)
