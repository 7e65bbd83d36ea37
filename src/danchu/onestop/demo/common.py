"""What the demo history and live dossiers share: the desk's people, times, step splits, texts."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from danchu.core.models import Agency, Membership, Role, User
from danchu.onestop.models import ProcedureVersion, Timeliness

COMMENTS = [
    "Cán bộ hướng dẫn tận tình, trả kết quả sớm hơn ngày hẹn.",
    "Thủ tục nhanh gọn, nộp trực tuyến thuận tiện.",
    "Hài lòng với thái độ phục vụ của bộ phận một cửa.",
    "Được hướng dẫn bổ sung hồ sơ rõ ràng, một lần.",
    "Thời gian chờ tại quầy hơi lâu.",
]
REJECTIONS = [
    "Hồ sơ không đáp ứng điều kiện về nhân sự theo quy định.",
    "Nội dung đề nghị không thuộc phạm vi cấp phép của Sở.",
    "Địa điểm hoạt động không bảo đảm điều kiện theo quy định.",
]


@dataclass
class Desk:
    """The people of one department's one-stop process (from the organisation demo)."""

    agency: Agency
    officers: list[User]
    desk_unit: Agency
    handlers: list[User]
    division: Agency
    chief: User
    head: User


def _desk(agency: Agency) -> Desk:
    members = list(
        Membership.objects.active()
        .filter(agency__path__startswith=agency.path, person__is_active=True)
        .select_related("agency", "person")
        .order_by("person_id")
    )

    def holders(role: str, unit: Agency | None = None) -> list[Membership]:
        found = [m for m in members if m.role == role and (unit is None or m.agency_id == unit.pk)]
        if not found:
            where = unit.name if unit else agency.name
            raise RuntimeError(f"Nobody holds the role {role} in {where}: load the core demo.")
        return found

    officers = holders(Role.ONESTOP_OFFICER)
    handlers = holders(Role.HANDLING_OFFICER)
    division = handlers[0].agency
    return Desk(
        agency=agency,
        officers=[m.person for m in officers],
        desk_unit=officers[0].agency,
        handlers=[m.person for m in handlers if m.agency_id == division.pk],
        division=division,
        chief=holders(Role.DIVISION_HEAD, division)[0].person,
        head=holders(Role.HEAD, agency)[0].person,
    )


def _documents(version: ProcedureVersion) -> list[dict[str, object]]:
    return [
        {"order": d.order, "name": d.name, "copies": d.copies, "kind": d.kind}
        for d in version.documents.all()
    ]


def _at(day: dt.date, minute: int) -> dt.datetime:
    """``minute`` minutes after midnight of ``day``, local time. Every time of the demo is made
    here (or added to one made here), so its ``.date()`` is the local date."""
    midnight = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    return midnight + dt.timedelta(minutes=minute)


def _later(rng: random.Random, previous: dt.datetime, day: dt.date) -> dt.datetime:
    """A moment of office hours on ``day`` after ``previous``."""
    if day > previous.date():
        return _at(day, rng.randint(8 * 60, 16 * 60 + 30))
    # The same day: a little later, past office hours only by a few minutes.
    later = previous + dt.timedelta(minutes=rng.randint(10, 60))
    return min(later, max(previous + dt.timedelta(minutes=3), _at(day, 17 * 60 + 30)))


def _split(
    rng: random.Random, step_days: list[int], limit: int, full: bool
) -> tuple[int, int, int]:
    """Working days spent on appraisal, the division head's review and the signature: each
    within its allotment, in all at most ``limit``; ``full`` uses every allotted day."""
    s2, s3, s4 = step_days[1:4]
    if full:
        spent = [s2, s3, s4]
    else:
        spent = [rng.randint((s2 + 2) // 3, s2), rng.randint(0, s3), rng.randint(0, s4)]
    for i in (0, 2, 1):
        cut = min(spent[i], max(sum(spent) - limit, 0))
        spent[i] -= cut
    return spent[0], spent[1], spent[2]


def _timeliness(done: dt.date, due: dt.date) -> str:
    if done == due:
        return Timeliness.ON_TIME
    return Timeliness.EARLY if done < due else Timeliness.LATE
