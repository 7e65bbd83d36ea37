"""Demo data of the one-stop desk, on top of the organisation demo of ``danchu.core.demo``.

For each demo department: its procedure catalogue (through ``procedure_save``); a history of
dossiers received from 01/01/2021 to 15/09/2022, all resolved on time and returned, written with
bulk inserts and recorded by one audit event per department (Sở TT&TT: the 8,472 dossiers of the
seed report); and about fifty live dossiers of the last three months in every state, moved
through the services so that each step is audited like real work.

Idempotent: procedures are keyed on their national code, the history is skipped when the unit
already has dossiers received in 2021, the live dossiers when it has any received after
15/09/2022.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from dataclasses import dataclass, field
from itertools import accumulate

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from danchu.core.audit import audit_record
from danchu.core.calendar import WorkingCalendar
from danchu.core.demo import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.selectors import agency_calendar
from danchu.onestop import services
from danchu.onestop.demo_catalogue import CATALOGUES, ProcedureData, process
from danchu.onestop.models import (
    HOURS_PER_WORKING_DAY,
    ApplicantKind,
    Channel,
    Counter,
    Dossier,
    Handover,
    Pause,
    Procedure,
    ProcedureStep,
    ProcedureVersion,
    Rating,
    RequiredDocument,
    Satisfaction,
    Slip,
    SlipKind,
    State,
    Timeliness,
)
from danchu.onestop.services.dossiers import dossier_code

HISTORY_START = dt.date(2021, 1, 1)
HISTORY_END = dt.date(2022, 9, 15)
# Per department: dossiers in the history, the symbol of its result documents, live scenarios.
HISTORY_SIZE = {"000.00.13.H26": 8472, "000.00.12.H26": 1500}
RESULT_SUFFIX = {"000.00.13.H26": "STTTT", "000.00.12.H26": "SKHCN"}
# How many live dossiers of each kind (see ``_Live``), per department.
LIVE_MIX = {
    "000.00.13.H26": {
        "returned": 8,
        "rated": 18,
        "late": 1,
        "decided": 3,
        "rejected": 1,
        "step2": 4,
        "step3": 2,
        "step4": 2,
        "due_soon": 3,
        "overdue": 3,
        "supplement": 3,
        "supplied": 2,
        "suspended": 1,
        "withdrawn": 2,
        "refused": 2,
    },
    "000.00.12.H26": {
        "returned": 5,
        "rated": 11,
        "late": 1,
        "decided": 2,
        "rejected": 1,
        "step2": 3,
        "step3": 2,
        "step4": 2,
        "due_soon": 3,
        "overdue": 3,
        "supplement": 2,
        "supplied": 2,
        "suspended": 1,
        "withdrawn": 2,
        "refused": 1,
    },
}
COUNTED: list[type[Model]] = [
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    ProcedureStep,
    Dossier,
    Handover,
    Pause,
    Slip,
    Rating,
    Counter,
]

# Companies and public bodies that apply, per field: "{b}" is a brand, "{d}" a district.
ORGANISATIONS = {
    "Báo chí": ["Công ty Cổ phần Truyền thông {b}", "Công ty TNHH Sự kiện {b}", "Hội {b}"],
    "Xuất bản, In và Phát hành": [
        "Công ty TNHH In {b}",
        "Công ty Cổ phần In và Bao bì {b}",
        "Công ty Cổ phần Sách {b}",
        "Công ty TNHH Văn hóa và Truyền thông {b}",
        "Trường Đại học {b}",
    ],
    "Bưu chính": [
        "Công ty TNHH Chuyển phát nhanh {b}",
        "Công ty Cổ phần Giao nhận {b}",
        "Công ty TNHH Logistics {b}",
    ],
    "Viễn thông và Internet": [
        "Công ty Cổ phần Hạ tầng Viễn thông {b}",
        "Công ty TNHH Giải trí số {b}",
    ],
    "Tần số vô tuyến điện": ["Ủy ban nhân dân xã {d}"],
    "Công nghệ thông tin, điện tử": [
        "Ủy ban nhân dân {d}",
        "Trung tâm Y tế {d}",
        "Văn phòng Đăng ký đất đai chi nhánh {d}",
    ],
    "Phát thanh, truyền hình và thông tin điện tử": [
        "Công ty Cổ phần Truyền thông số {b}",
        "Công ty TNHH Khách sạn {b}",
        "Công ty Cổ phần Công nghệ và Truyền thông {b}",
    ],
    "Thông tin cơ sở": ["Trung tâm Văn hóa - Thông tin và Thể thao {d}"],
    "Hoạt động khoa học và công nghệ": [
        "Viện Nghiên cứu Ứng dụng Công nghệ {b}",
        "Trung tâm Nghiên cứu và Phát triển {b}",
        "Công ty Cổ phần Công nghệ {b}",
    ],
    "Tiêu chuẩn đo lường chất lượng": [
        "Công ty TNHH Sản xuất và Thương mại {b}",
        "Công ty Cổ phần Thiết bị Điện {b}",
        "Công ty Cổ phần Vật liệu Xây dựng {b}",
        "Công ty TNHH Thực phẩm {b}",
    ],
    "Sở hữu trí tuệ": ["Hợp tác xã Nông nghiệp {d}", "Công ty TNHH {b}"],
    "Chuyển giao công nghệ": ["Công ty Cổ phần Cơ khí {b}", "Công ty TNHH Công nghệ {b}"],
    "An toàn bức xạ và hạt nhân": [
        "Phòng khám Đa khoa {b}",
        "Bệnh viện Đa khoa {b}",
        "Công ty TNHH Nha khoa {b}",
    ],
}
BRANDS = [
    "Hà Thành",
    "Thăng Long",
    "Sông Hồng",
    "Đông Đô",
    "Kinh Bắc",
    "Hồng Hà",
    "Việt Á",
    "Minh Phát",
    "An Khang",
    "Tân Việt",
    "Phú Gia",
    "Hoàng Long",
    "Đại Việt",
    "Bình Minh",
    "Nam Tiến",
    "Trường Thành",
    "Sao Việt",
    "Hưng Thịnh",
    "Phương Đông",
    "Ánh Dương",
    "Tràng An",
    "Hồ Gươm",
    "Đại Phát",
    "Thành Đạt",
    "Quốc Tế Việt",
]
DISTRICTS = [
    "Ba Đình",
    "Hoàn Kiếm",
    "Tây Hồ",
    "Long Biên",
    "Cầu Giấy",
    "Đống Đa",
    "Hai Bà Trưng",
    "Hoàng Mai",
    "Thanh Xuân",
    "Hà Đông",
    "Đông Anh",
    "Gia Lâm",
    "Thanh Trì",
    "Sóc Sơn",
    "Mê Linh",
    "Hoài Đức",
    "Ba Vì",
]
STREETS = [
    "Trần Duy Hưng",
    "Xuân Thủy",
    "Láng Hạ",
    "Tây Sơn",
    "Bà Triệu",
    "Minh Khai",
    "Nguyễn Trãi",
    "Giải Phóng",
    "Nguyễn Văn Cừ",
    "Quang Trung",
    "Phạm Hùng",
    "Lạc Long Quân",
    "Kim Mã",
    "Hàng Bài",
    "Cao Lỗ",
]
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
class DemoResult:
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    created: int = 0


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


@dataclass
class Item:
    """A procedure of the catalogue with its current version and its steps' allotments."""

    procedure: Procedure
    version: ProcedureVersion
    data: ProcedureData
    steps: list[ProcedureStep]

    @property
    def step_days(self) -> list[int]:
        return [math.ceil(s.allotted_hours / HOURS_PER_WORKING_DAY) for s in self.steps]


def load_demo() -> DemoResult:
    """Add the catalogues, the histories and the live dossiers that are missing."""
    before = _rows()
    for code, catalogue in CATALOGUES.items():
        agency = Agency.objects.filter(code=code).first()
        if agency is None:  # the organisation demo was not loaded
            continue
        desk = _desk(agency)
        rng = random.Random(f"onestop-{code}")  # noqa: S311 — demo data, not secrets
        with transaction.atomic():
            items = _catalogue(agency, catalogue)
        with transaction.atomic():
            _history(desk, items, HISTORY_SIZE[code], RESULT_SUFFIX[code], rng)
        with transaction.atomic():
            if not Dossier.objects.filter(agency=agency, received_on__gt=HISTORY_END).exists():
                _Live(desk, items, RESULT_SUFFIX[code], rng).run(LIVE_MIX[code])
    return DemoResult(created=_rows() - before)


def _rows() -> int:
    return sum(model._default_manager.count() for model in COUNTED)


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


def _catalogue(agency: Agency, catalogue: list[ProcedureData]) -> list[Item]:
    saved = [
        services.procedure_save(
            actor=None,
            agency=agency,
            code=data.code,
            name=data.name,
            field=data.field,
            deadline_days=data.deadline_days,
            steps=process(data.deadline_days),
            documents=list(data.documents),
            fee=data.fee,
            online=data.online,
            legal_bases=data.legal_bases,
        )
        for data in catalogue
    ]
    versions = ProcedureVersion.objects.prefetch_related("steps").in_bulk(
        [p.current_id for p in saved]
    )
    items = []
    for procedure, data in zip(saved, catalogue, strict=True):
        version = versions[procedure.current_id]
        items.append(Item(procedure, version, data, list(version.steps.all())))
    return items


# --- applicants --------------------------------------------------------------------------------


@dataclass
class Applicant:
    kind: str
    name: str
    id_number: str
    phone: str
    address: str


def _applicant(rng: random.Random, data: ProcedureData, year: int) -> Applicant:
    person = data.applicants == "person" or (data.applicants == "mixed" and rng.random() < 0.4)
    phone = rng.choice(["09", "03", "08", "07"]) + f"{rng.randrange(10**8):08d}"
    street, ward = rng.choice(STREETS), rng.choice(DISTRICTS)
    # Hà Nội has no districts since the 2025 reform: old addresses name the district.
    place = f"phường {ward}" if year >= 2025 else f"quận {ward}"
    address = f"Số {rng.randint(1, 300)} {street}, {place}, Hà Nội"
    if person:
        female = rng.random() < 0.5
        name = " ".join(
            [
                rng.choice(FAMILY),
                rng.choice(MIDDLE_F if female else MIDDLE_M),
                rng.choice(GIVEN_F if female else GIVEN_M),
            ]
        )
        # Citizen ID: province 001 (Hà Nội), sex and century, year of birth, six digits.
        born = rng.randint(1960, 2003)
        century = (0 if born < 2000 else 2) + (1 if female else 0)
        number = f"001{century}{born % 100:02d}{rng.randrange(10**6):06d}"
        return Applicant(ApplicantKind.PERSON, name, number, phone, address)
    template = rng.choice(ORGANISATIONS[data.field])
    name = template.format(b=rng.choice(BRANDS), d=rng.choice(DISTRICTS))
    tax_code = f"01{rng.randrange(10**8):08d}"  # Hà Nội tax codes start with 01
    return Applicant(ApplicantKind.ORGANISATION, name, tax_code, phone, address)


def _channel(rng: random.Random, data: ProcedureData) -> str:
    draw = rng.random()
    if data.online:
        return Channel.ONLINE if draw < 0.55 else Channel.POST if draw > 0.95 else Channel.IN_PERSON
    return Channel.POST if draw < 0.12 else Channel.IN_PERSON


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


# --- history -----------------------------------------------------------------------------------


def _day_weight(day: dt.date) -> float:
    """Fewer dossiers during Hà Nội's social distancing of summer 2021 and after Tết."""
    if dt.date(2021, 7, 24) <= day <= dt.date(2021, 9, 21):
        return 0.45
    if (day.month == 2 and day.day <= 25) or (day.month == 1 and day.day <= 6):
        return 0.7
    return 1.15 if day.year == 2022 else 1.0


def _spread(rng: random.Random, days: list[dt.date], total: int) -> list[int]:
    """Exactly ``total`` dossiers over ``days``, by weight with some noise."""
    weights = [_day_weight(d) * rng.uniform(0.7, 1.3) for d in days]
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(days)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


@dataclass
class _Trace:
    """When each step of a history dossier finished, and who did it."""

    officer: User
    handler: User
    times: list[dt.datetime]  # receipt, appraisal, review, signature, return
    rated: bool


def _history(desk: Desk, items: list[Item], size: int, suffix: str, rng: random.Random) -> None:
    agency = desk.agency
    if Dossier.objects.filter(agency=agency, received_on__year=HISTORY_START.year).exists():
        return
    cal = agency_calendar(agency)
    days = [
        d
        for n in range((HISTORY_END - HISTORY_START).days + 1)
        if cal.is_working_day(d := HISTORY_START + dt.timedelta(days=n))
    ]
    weights = list(accumulate(item.data.weight for item in items))
    documents = {item.version.pk: _documents(item.version) for item in items}
    dossiers: list[Dossier] = []
    traces: list[_Trace] = []
    counters: list[Counter] = []
    for i, (day, count) in enumerate(zip(days, _spread(rng, days, size), strict=True)):
        if count:
            counters.append(Counter(agency=agency, key=f"dossier:{day.isoformat()}", last=count))
        receipts = sorted(rng.randint(7 * 60 + 30, 16 * 60 + 45) for _ in range(count))
        for number, minute in enumerate(receipts, 1):
            item = rng.choices(items, cum_weights=weights)[0]
            deadline = item.version.deadline_days
            left = len(days) - 1 - i  # everything is returned by the end of the period
            full = rng.random() < 0.2 and left >= deadline
            a, b, c = _split(rng, item.step_days, min(deadline, left), full)
            back = 0 if rng.random() < 0.55 else 1
            back = min(back, left - a - b - c)
            t0 = _at(day, minute)
            times = [t0]
            for offset in (a, a + b, a + b + c, a + b + c + back):
                times.append(_later(rng, times[-1], days[i + offset]))
            decided = days[i + a + b + c]
            due = cal.add_working_days(day, deadline)
            applicant = _applicant(rng, item.data, day.year)
            refused = rng.random() < 0.012
            trace = _Trace(
                rng.choice(desk.officers), rng.choice(desk.handlers), times, rng.random() < 0.35
            )
            traces.append(trace)
            dossiers.append(
                Dossier(
                    agency=agency,
                    code=dossier_code(agency, day, number),
                    procedure=item.procedure,
                    version=item.version,
                    applicant_kind=applicant.kind,
                    applicant_name=applicant.name,
                    applicant_id=applicant.id_number,
                    applicant_phone=applicant.phone,
                    applicant_address=applicant.address,
                    channel=_channel(rng, item.data),
                    documents=documents[item.version.pk],
                    received_at=t0,
                    received_on=day,
                    received_by=trace.officer,
                    state=State.RETURNED,
                    due_on=due,
                    appointment_on=due,
                    step_order=len(item.steps),
                    division=desk.division,  # the appraising division answers for it
                    handler=trace.handler,
                    resolved_on=decided,
                    timeliness=_timeliness(decided, due),
                    processing_days=a + b + c,
                    result_number="" if refused else item.data.result,
                    reasons=rng.choice(REJECTIONS) if refused else "",
                    returned_at=times[-1],
                    revision=5,
                )
            )
    _number_results(dossiers, traces, suffix)
    Dossier.objects.bulk_create(dossiers, batch_size=500)
    handovers, slips, ratings = _history_rows(desk, items, dossiers, traces, cal, rng)
    Handover.objects.bulk_create(handovers, batch_size=1000)
    Slip.objects.bulk_create(slips, batch_size=1000)
    Rating.objects.bulk_create(ratings, batch_size=1000)
    # created_at is set on insert; the rating was given after the return, back then.
    when = {d.pk: t.times[-1] for d, t in zip(dossiers, traces, strict=True)}
    for rating in ratings:
        rating.created_at = when[rating.dossier_id] + dt.timedelta(minutes=rng.randint(5, 600))
    Rating.objects.bulk_update(ratings, ["created_at"], batch_size=500)
    years: dict[int, int] = {}
    for slip in slips:
        years[slip.year] = max(years.get(slip.year, 0), slip.number)
    counters += [Counter(agency=agency, key=f"slip:receipt:{y}", last=n) for y, n in years.items()]
    Counter.objects.bulk_create(counters, batch_size=1000)
    audit_record(
        actor=None,
        agency=agency,
        verb="demo.history_loaded",
        obj=agency,
        changes={
            "period": [None, f"{HISTORY_START.isoformat()}/{HISTORY_END.isoformat()}"],
            "dossiers": [None, len(dossiers)],
            "handovers": [None, len(handovers)],
            "slips": [None, len(slips)],
            "ratings": [None, len(ratings)],
        },
    )


def _number_results(dossiers: list[Dossier], traces: list[_Trace], suffix: str) -> None:
    """Result documents are numbered per year in the order they were signed (12/GP-STTTT)."""
    approved = sorted(
        ((t.times[3], d) for d, t in zip(dossiers, traces, strict=True) if d.result_number),
        key=lambda pair: pair[0],
    )
    numbers: dict[int, int] = {}
    for signed, d in approved:
        year = signed.year
        numbers[year] = numbers.get(year, 0) + 1
        d.result_number = f"{numbers[year]}/{d.result_number}-{suffix}"


def _history_rows(
    desk: Desk,
    items: list[Item],
    dossiers: list[Dossier],
    traces: list[_Trace],
    cal: WorkingCalendar,
    rng: random.Random,
) -> tuple[list[Handover], list[Slip], list[Rating]]:
    steps = {item.version.pk: list(zip(item.steps, item.step_days, strict=True)) for item in items}
    handovers: list[Handover] = []
    slips: list[Slip] = []
    ratings: list[Rating] = []
    receipt_numbers: dict[int, int] = {}
    for d, trace in zip(dossiers, traces, strict=True):
        times = trace.times
        # Who takes each step, who handed it over, when it started and finished.
        people = [trace.officer, trace.handler, desk.chief, desk.head, trace.officer]
        starts = [times[0], times[0], times[1], times[2], times[3]]
        givers = [None, trace.officer, trace.handler, desk.chief, desk.head]
        for n, (step, days) in enumerate(steps[d.version_id]):
            start_day = starts[n].date()
            due = cal.add_working_days(start_day, days)
            end_day = times[n].date()
            handovers.append(
                Handover(
                    dossier=d,
                    step_order=step.order,
                    step_name=step.name,
                    from_user=givers[n],
                    to_user=people[n],
                    started_at=starts[n],
                    due_on=due,
                    finished_at=times[n],
                    timeliness=Timeliness.ON_TIME if n == 0 else _timeliness(end_day, due),
                )
            )
        year = d.received_on.year
        receipt_numbers[year] = receipt_numbers.get(year, 0) + 1
        slips.append(
            Slip(
                dossier=d,
                kind=SlipKind.RECEIPT,
                number=receipt_numbers[year],
                year=year,
                issued_at=d.received_at,
                issued_by=trace.officer,
                content={
                    "appointment_on": d.appointment_on.isoformat() if d.appointment_on else None,
                    "documents": d.documents,
                },
            )
        )
        if trace.rated:
            draw = rng.random()
            satisfaction = (
                Satisfaction.SATISFIED
                if draw < 0.9
                else Satisfaction.ACCEPTABLE
                if draw < 0.985
                else Satisfaction.UNSATISFIED
            )
            comment = rng.choice(COMMENTS[:4]) if rng.random() < 0.15 else ""
            ratings.append(Rating(dossier=d, satisfaction=satisfaction, comment=comment))
    return handovers, slips, ratings


# --- live dossiers -----------------------------------------------------------------------------


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
