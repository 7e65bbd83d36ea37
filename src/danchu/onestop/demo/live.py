"""Live demo dossiers of the last three months in every state, moved through the services."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from itertools import accumulate

from django.utils import timezone

from danchu.core.selectors import agency_calendar
from danchu.onestop import services
from danchu.onestop.demo.applicants import _applicant, _channel
from danchu.onestop.demo.catalogue import Item
from danchu.onestop.demo.common import COMMENTS, REJECTIONS, Desk, _at, _later, _split
from danchu.onestop.models import Dossier, Satisfaction


class _Live:
    """Live dossiers of the last three months, moved through the services at past times.

    Every action happens on a working day before today; ``r`` is how many working days before
    today a dossier was received, and actions are placed by working days after the receipt."""

    def __init__(self, desk: Desk, items: list[Item], suffix: str, rng: random.Random) -> None:
        self.desk, self.items, self.suffix, self.rng = desk, items, suffix, rng
        self.results = 0
        self.cal = agency_calendar(desk.agency)
        self.today = timezone.localdate()
        span = (self.today + dt.timedelta(days=n) for n in range(-200, 120))
        self.days = [d for d in span if self.cal.is_working_day(d)]
        self.t = bisect.bisect_left(self.days, self.today)  # first working day from today
        self.weights = list(accumulate(item.data.weight for item in items))
        self.serial = 0

    def run(self, mix: dict[str, int]) -> None:
        for kind, count in mix.items():
            for n in range(count):
                getattr(self, f"_{kind}")(n)

    # --- the pieces

    def _item(self) -> Item:
        return self.rng.choices(self.items, cum_weights=self.weights)[0]

    def _receive(self, item: Item, r: int) -> _Case:
        self.serial += 1
        i0 = self.t - r
        day = self.days[i0]
        applicant = _applicant(self.rng, item.data, day.year)
        at = _at(day, self.rng.randint(7 * 60 + 30, 16 * 60))
        dossier = services.dossier_receive(
            actor=self.desk.officers[self.serial % len(self.desk.officers)],
            agency=self.desk.agency,
            procedure=item.procedure,
            applicant_kind=applicant.kind,
            applicant_name=applicant.name,
            applicant_id=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_address=applicant.address,
            documents=[d.order for d in item.version.documents.all()],
            channel=_channel(self.rng, item.data),
            at=at,
            idempotency_key=f"demo-live-{self.serial:03d}",
            to_user=self.desk.handlers[self.serial % len(self.desk.handlers)],
        )
        return _Case(self, item, dossier, i0, at)

    def _returned(self, n: int, rated: bool = False) -> None:
        item = self._item()
        deadline = item.version.deadline_days
        r = self.rng.randint(deadline + 3, max(deadline + 3, 60))
        a, b, c = _split(self.rng, item.step_days, deadline, self.rng.random() < 0.2)
        case = self._receive(item, r)
        case.advance(a).advance(a + b).decide(a + b + c).give_back(a + b + c + n % 2)
        if rated:
            case.rate()

    def _rated(self, n: int) -> None:
        self._returned(n, rated=True)

    def _late(self, n: int) -> None:
        item = self._item()
        deadline = item.version.deadline_days
        case = self._receive(item, deadline + 8)
        new_date = self.days[case.i0 + deadline + 4]
        case.apologise(deadline - 1, new_date).advance(deadline + 1).advance(deadline + 2)
        case.decide(deadline + 2).give_back(deadline + 3).rate(Satisfaction.ACCEPTABLE)

    def _decided(self, n: int, approved: bool = True) -> None:
        item = self._item()
        r = self.rng.randint(3, max(3, min(item.version.deadline_days, 12)))
        a, b, c = _split(self.rng, item.step_days, r - 1, False)
        case = self._receive(item, r).advance(a).advance(a + b)
        case.decide(a + b + c, approved=approved)

    def _rejected(self, n: int) -> None:
        self._decided(n, approved=False)

    def _step2(self, n: int) -> None:
        item = self._item()
        self._receive(item, self.rng.randint(1, item.version.deadline_days))

    def _step3(self, n: int) -> None:
        item = self._item()
        r = self.rng.randint(2, item.version.deadline_days)
        self._receive(item, r).advance(self.rng.randint(1, r - 1))

    def _step4(self, n: int) -> None:
        item = self._item()
        r = self.rng.randint(3, item.version.deadline_days)
        first = self.rng.randint(1, r - 2)
        self._receive(item, r).advance(first).advance(self.rng.randint(first, r - 1))

    def _due_soon(self, n: int) -> None:
        """Due today (when today is a working day) or in the next working days."""
        item = self._item()
        r = item.version.deadline_days - n % 3
        case = self._receive(item, r)
        if n % 3 >= 1 and r >= 2:
            case.advance(r - 1)
        if n % 3 == 2 and r >= 2:
            case.advance(r - 1)

    def _overdue(self, n: int) -> None:
        item = self._item()
        deadline = item.version.deadline_days
        case = self._receive(item, deadline + self.rng.randint(2, 8))
        if n % 3 == 1:
            case.advance(deadline - 1)
        elif n % 3 == 2:
            case.apologise(deadline - 1, self.days[self.t + 3])

    def _supplement(self, n: int) -> None:
        self._receive(self._item(), self.rng.randint(4, 15)).supplement(1)

    def _supplied(self, n: int) -> None:
        """A supplement asked on day 1 and brought on day 4: the clock ran one day before."""
        item = self._item()
        deadline = item.version.deadline_days
        case = self._receive(item, self.rng.randint(deadline + 8, max(deadline + 8, 60)))
        case.supplement(1).supplied(4)
        a, b, c = _split(self.rng, item.step_days, deadline - 1, False)
        case.advance(4 + a).advance(4 + a + b).decide(4 + a + b + c).give_back(5 + a + b + c)
        case.rate()

    def _suspended(self, n: int) -> None:
        self._receive(self._item(), self.rng.randint(3, 10)).suspend(1)

    def _withdrawn(self, n: int) -> None:
        case = self._receive(self._item(), self.rng.randint(6, 20))
        if n % 2:
            case.supplement(1)
        case.withdraw(3)

    def _refused(self, n: int) -> None:
        self.serial += 1
        item = self._item()
        day = self.days[self.t - self.rng.randint(1, 40)]
        applicant = _applicant(self.rng, item.data, day.year)
        first = item.version.documents.all()[0]
        services.dossier_refuse_intake(
            actor=self.desk.officers[self.serial % len(self.desk.officers)],
            agency=self.desk.agency,
            procedure=item.procedure,
            applicant_kind=applicant.kind,
            applicant_name=applicant.name,
            applicant_id=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_address=applicant.address,
            documents=[first.order],
            reasons="Hồ sơ chưa đủ thành phần theo quy định; đã hướng dẫn tổ chức, cá nhân"
            " bổ sung giấy tờ còn thiếu trước khi nộp lại.",
            at=_at(day, self.rng.randint(7 * 60 + 30, 16 * 60)),
            idempotency_key=f"demo-live-{self.serial:03d}",
        )


class _Case:
    """One live dossier and the time of its last action."""

    def __init__(self, live: _Live, item: Item, dossier: Dossier, i0: int, at: dt.datetime) -> None:
        self.live, self.item, self.dossier, self.i0, self.last = live, item, dossier, i0, at

    def _when(self, offset: int) -> dt.datetime:
        day = self.live.days[self.i0 + offset]
        if day >= self.live.today:
            raise ValueError(f"demo action planned on {day}, not before today")
        self.last = _later(self.live.rng, self.last, day)
        return self.last

    def advance(self, offset: int) -> _Case:
        d = self.dossier
        desk = self.live.desk
        to_user = desk.chief if d.step_order == 2 else desk.head
        assert d.assignee is not None
        self.dossier = services.dossier_advance(
            actor=d.assignee, dossier=d, to_user=to_user, at=self._when(offset)
        )
        return self

    def decide(self, offset: int, approved: bool = True) -> _Case:
        live = self.live
        result = ""
        if approved:
            live.results += 1
            result = f"{live.results}/{self.item.data.result}-{live.suffix}"
        self.dossier = services.dossier_decide(
            actor=live.desk.head,
            dossier=self.dossier,
            approved=approved,
            result_number=result,
            reasons="" if approved else self.live.rng.choice(REJECTIONS),
            at=self._when(offset),
        )
        return self

    def give_back(self, offset: int) -> _Case:
        self.dossier = services.dossier_return(
            actor=self.dossier.received_by, dossier=self.dossier, at=self._when(offset)
        )
        return self

    def rate(self, satisfaction: str = "") -> _Case:
        rng = self.live.rng
        chosen = satisfaction or (
            Satisfaction.SATISFIED if rng.random() < 0.85 else Satisfaction.ACCEPTABLE
        )
        services.dossier_rate(
            dossier=self.dossier,
            satisfaction=chosen,
            comment=rng.choice(COMMENTS) if rng.random() < 0.4 else "",
        )
        return self

    def supplement(self, offset: int) -> _Case:
        d = self.dossier
        assert d.assignee is not None
        self.dossier = services.dossier_request_supplement(
            actor=d.assignee,
            dossier=d,
            missing="Bổ sung bản sao có chứng thực giấy tờ pháp lý và văn bản giải trình"
            " nội dung đề nghị.",
            at=self._when(offset),
        )
        return self

    def supplied(self, offset: int) -> _Case:
        self.dossier = services.dossier_receive_supplement(
            actor=self.dossier.received_by, dossier=self.dossier, at=self._when(offset)
        )
        return self

    def suspend(self, offset: int) -> _Case:
        self.dossier = services.dossier_suspend(
            actor=self.live.desk.chief,
            dossier=self.dossier,
            reason="Chờ ý kiến của cơ quan chuyên môn liên quan về nội dung hồ sơ.",
            at=self._when(offset),
        )
        return self

    def apologise(self, offset: int, new_date: dt.date) -> _Case:
        self.dossier = services.dossier_apologise(
            actor=self.live.desk.chief,
            dossier=self.dossier,
            new_date=new_date,
            reason="Cần xác minh thêm thông tin với cơ quan liên quan.",
            at=self._when(offset),
        )
        return self

    def withdraw(self, offset: int) -> _Case:
        self.dossier = services.dossier_withdraw(
            actor=self.dossier.received_by,
            dossier=self.dossier,
            reason="Tổ chức, cá nhân đề nghị rút hồ sơ để hoàn thiện lại.",
            at=self._when(offset),
        )
        return self
