"""A city at scale: ``danchu bench seed --dossiers 1000000 --letters 100000 --units 30``.

The city ``BENCH-CITY`` gets a steering committee and ``units`` departments. Unit 0 is the
city's public administration service centre (Trung tâm Phục vụ hành chính công), which in a
real city receives most dossiers: it holds what the other units do not. Every other unit holds
the same share, at most 10,000 dossiers — so the lists are measured on a unit of 10k rows and
on the centre's hundreds of thousands.

Each unit has a head, a one-stop officer, a petitions officer and three published procedures
(made through the services, so they are real), then, by bulk inserts in batches with a progress
bar: dossiers over three years in every state (open ones only in the last working weeks, as at
a real desk, with a few overdue), letters of every kind and state, tasks and publications. The
same code runs on SQLite and PostgreSQL. Seeding again with the same sizes does nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from danchu.core import services as core
from danchu.core.models import Agency, AgencyKind, Role, User
from danchu.core.text import fold

CITY = "BENCH-CITY"
PASSWORD = "Bench-2026-only"  # noqa: S105  # throwaway accounts of a bench database
BATCH = 5_000
SMALL_UNIT = 10_000  # dossiers of every unit but the centre, at most
MATTERS = [
    "Kiến nghị về trạm phát sóng gần khu dân cư",
    "Phản ánh tin nhắn rác quảng cáo",
    "Khiếu nại quyết định xử phạt vi phạm hành chính",
    "Tố cáo cán bộ nhũng nhiễu khi giải quyết hồ sơ",
    "Kiến nghị về cáp viễn thông treo thấp",
    "Phản ánh chậm trả kết quả giấy phép xây dựng",
    "Khiếu nại việc thu hồi đất nông nghiệp",
    "Kiến nghị về biển quảng cáo che khuất tầm nhìn",
]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


@dataclass(frozen=True)
class Unit:
    agency_id: int
    head_id: int
    officer_id: int
    petitions_id: int
    procedures: tuple[tuple[int, int], ...]  # (procedure, its current version)


@dataclass(frozen=True)
class City:
    city: Agency
    steering: User
    units: list[Unit]


def progress(label: str, done: int, total: int, began: float) -> None:
    """One line, rewritten in place: what, how far, how fast."""
    width = 30
    filled = width * done // max(total, 1)
    rate = done / max(time.perf_counter() - began, 1e-9)
    sys.stderr.write(
        f"\r{label:<12} [{'#' * filled}{'.' * (width - filled)}] {done:>9,}/{total:,}"
        f"  {rate:,.0f}/s"
    )
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def bulk(
    model: type[Model],
    rows: Iterator[Model],
    total: int,
    label: str,
    after: Callable[[list[Any]], None] | None = None,
) -> None:
    """Insert ``rows`` in batches, each batch (and what ``after`` adds for it) one
    transaction."""
    began, done = time.perf_counter(), 0
    batch: list[Model] = []
    progress(label, 0, total, began)

    def flush() -> None:
        with transaction.atomic():
            model.objects.bulk_create(batch)  # type: ignore[attr-defined]
            if after is not None:
                after(batch)

    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            flush()
            done += len(batch)
            batch = []
            if done < total:
                progress(label, done, total, began)
    if batch:
        flush()
        done += len(batch)
    progress(label, done, done, began)


def _dossier_papers(place: City) -> Callable[[list[Any]], None]:
    """What a desk issues with its dossiers: a receipt slip for each, a request to supplement
    for some, an apology with a new date for each late one; and a citizen's rating for one
    returned dossier in ten."""
    from danchu.onestop.models import Rating, Slip

    numbers: dict[tuple[int, str, int], int] = {}
    officers = {u.agency_id: u.officer_id for u in place.units}

    def add(dossiers: list[Any]) -> None:
        slips, ratings = [], []
        for d in dossiers:
            kinds = ["receipt"] if d.state != "refused_at_intake" else ["refusal"]
            if d.pk % 29 == 0:
                kinds.append("supplement")
            if d.timeliness == "late":
                kinds.append("apology")
            for kind in kinds:
                key = (d.agency_id, kind, d.received_on.year)
                numbers[key] = numbers.get(key, 0) + 1
                slips.append(
                    Slip(
                        dossier_id=d.pk,
                        kind=kind,
                        number=numbers[key],
                        year=d.received_on.year,
                        issued_at=d.received_at,
                        issued_by_id=officers[d.agency_id],
                    )
                )
            if d.returned_at is not None and d.pk % 10 == 0:
                ratings.append(
                    Rating(
                        dossier_id=d.pk,
                        satisfaction=("satisfied", "satisfied", "acceptable", "unsatisfied")[
                            d.pk % 4
                        ],
                    )
                )
        Slip.objects.bulk_create(slips)
        Rating.objects.bulk_create(ratings)
        # auto_now_add stamped them now: a rating is given on the day of the return.
        for rating, when in zip(
            ratings,
            [d.returned_at for d in dossiers if d.returned_at and d.pk % 10 == 0],
            strict=True,
        ):
            rating.created_at = when
        Rating.objects.bulk_update(ratings, ["created_at"])

    return add


def _person(unit: Agency, username: str, name: str, role: str) -> User:
    person = core.person_create(
        actor=None, agency=unit, username=username, full_name=name, password=PASSWORD
    )
    core.membership_add(
        actor=None, person=person, agency=unit, role=role, start=dt.date(2020, 1, 1), end=None
    )
    return person


@transaction.atomic
def city(units: int, code: str = CITY) -> City:
    """The city, its committee and its first ``units`` units (every unit it has for 0), made
    once through the services."""
    from danchu.onestop import services as onestop
    from danchu.onestop.models import Procedure
    from danchu.onestop.services import DocumentSpec, StepSpec

    found = Agency.objects.filter(code=code).first()
    login = code.lower()
    if found is None:
        found = core.agency_create(
            actor=None, code=code, name=f"Thành phố (đo hiệu năng, {code})", kind=AgencyKind.CITY
        )
        committee = core.agency_create(
            actor=None,
            code=f"{code}.BCD",
            name="Ban Chỉ đạo QCDC",
            kind=AgencyKind.COMMITTEE,
            parent=found,
        )
        _person(committee, f"{login}.steering", "Thành viên Ban Chỉ đạo", Role.STEERING_MEMBER)
    steps = [
        StepSpec("Tiếp nhận hồ sơ", Role.ONESTOP_OFFICER, 4, "hours"),
        StepSpec("Lãnh đạo ký duyệt", Role.HEAD, 4, "hours"),
        StepSpec("Trả kết quả", Role.ONESTOP_OFFICER, 0, "hours"),
    ]
    documents = [DocumentSpec("Đơn đề nghị", 1, "original")]
    existing = Agency.objects.filter(parent=found, kind=AgencyKind.DEPARTMENT).count()
    for n in range(existing, units):
        name = "Trung tâm Phục vụ hành chính công" if n == 0 else f"Sở số {n:02d}"
        unit = core.agency_create(
            actor=None,
            code=f"{code}.S{n:02d}",
            name=name,
            kind=AgencyKind.DEPARTMENT,
            parent=found,
        )
        _person(unit, f"{login}.head.{n}", f"Giám đốc {n}", Role.HEAD)
        _person(unit, f"{login}.officer.{n}", f"Cán bộ một cửa {n}", Role.ONESTOP_OFFICER)
        _person(unit, f"{login}.petitions.{n}", f"Cán bộ tiếp dân {n}", Role.PETITIONS_OFFICER)
        for k, (days, title) in enumerate(
            [(5, "Cấp giấy phép"), (10, "Cấp lại giấy phép"), (15, "Thẩm định hồ sơ")]
        ):
            onestop.procedure_save(
                actor=None,
                agency=unit,
                code=f"B.{n:03d}.{k}",
                name=f"{title} (đo hiệu năng)",
                field="Đo hiệu năng",
                deadline_days=days,
                steps=steps,
                documents=documents,
                fee=0,
                online=k == 0,
                legal_bases="—",
            )
    made = []
    departments = Agency.objects.filter(parent=found, kind=AgencyKind.DEPARTMENT).order_by("code")
    for unit in departments[:units] if units else departments:  # 0: every unit there is
        n = int(unit.code.rsplit(".S", 1)[1])
        people = dict(
            User.objects.filter(username__startswith=f"{login}.", username__endswith=f".{n}")
            .filter(memberships__agency=unit)
            .values_list("username", "pk")
        )
        procedures = tuple(
            Procedure.objects.filter(agency=unit).order_by("code").values_list("pk", "current_id")
        )
        made.append(
            Unit(
                agency_id=unit.pk,
                head_id=people[f"{login}.head.{n}"],
                officer_id=people[f"{login}.officer.{n}"],
                petitions_id=people[f"{login}.petitions.{n}"],
                procedures=procedures,
            )
        )
    return City(found, User.objects.get(username=f"{login}.steering"), made)


def shares(total: int, units: int) -> list[int]:
    """Dossiers per unit: the centre (unit 0) holds what the others, at most 10k each, do not."""
    if units == 1:
        return [total]
    small = min(SMALL_UNIT, total // (2 * units))
    return [total - small * (units - 1)] + [small] * (units - 1)


def _dossiers(place: City, counts: list[int], today: dt.date) -> Iterator[Model]:
    """Three years of dossiers. Those received in the last 12 days are still open (a few of
    them waiting for a supplement or suspended); of the older ones, 1 in 500 is open and
    overdue, the rest decided: returned, approved and waiting at the desk, refused with reasons,
    withdrawn or refused at intake. Decisions are early, on time or late."""
    from danchu.onestop.models import Dossier

    rng = random.Random(10)
    tz = timezone.get_current_timezone()
    first = today - dt.timedelta(days=3 * 365)
    span = (today - first).days
    for unit, count in zip(place.units, counts, strict=True):
        for g in range(count):
            procedure, version = unit.procedures[g % len(unit.procedures)]
            received = first + dt.timedelta(days=span * g // max(count, 1))
            age = (today - received).days
            roll = rng.random()
            late = rng.random() < 0.08
            due = received + dt.timedelta(days=7 + 7 * (g % 3))
            state, resolved, timeliness, assignee = "returned", None, "", None
            if age <= 12 or roll < 0.002:
                state = "in_progress"
                if age <= 12 and roll >= 0.9:
                    state = "supplement" if roll < 0.96 else "suspended"
                    due = None  # type: ignore[assignment]  # the clock stops while it waits
                assignee = unit.officer_id if g % 2 else unit.head_id
            elif roll < 0.01:
                state = "withdrawn"
            elif roll < 0.02:
                state = "refused_at_intake"
                due = None  # type: ignore[assignment]
            else:
                # Decided in the last 30 days: waiting at the desk (approved, or refused with its
                # reasons); older ones have been returned.
                state = ("rejected" if roll < 0.15 else "approved") if age < 30 else "returned"
                offset = 3 if late else -rng.randrange(6)  # days after the due date
                resolved = due + dt.timedelta(days=offset)
                timeliness = "late" if late else ("on_time" if offset == 0 else "early")
            at = dt.datetime.combine(received, dt.time(8 + g % 9, g % 60), tzinfo=tz)
            yield Dossier(
                agency_id=unit.agency_id,
                code=f"BENCH-{unit.agency_id}-{g}",
                procedure_id=procedure,
                version_id=version,
                applicant_kind="person",
                applicant_name=NAMES[g % len(NAMES)],
                applicant_id=f"0010850{g % 100000:05d}",
                channel="online" if g % 3 == 0 else "in_person",
                received_at=at,
                received_on=received,
                received_by_id=unit.officer_id,
                state=state,
                due_on=due,
                appointment_on=due,
                step_order=1 if assignee else 0,
                assignee_id=assignee,
                resolved_on=resolved,
                timeliness=timeliness,
                processing_days=None if resolved is None else (resolved - received).days,
                returned_at=None
                if state != "returned" or resolved is None
                else dt.datetime.combine(resolved, dt.time(15), tzinfo=tz),
            )


LETTER_KINDS = [
    ("petition", 0.6),
    ("complaint", 0.25),
    ("denunciation", 0.1),
    ("unclassified", 0.05),
]


def _letters(place: City, total: int, today: dt.date) -> Iterator[Model]:
    """Letters of every kind over three years, shared among the units as the dossiers are;
    those of the last month still open (received,
    classified or being resolved), the older ones answered, resolved, forwarded or closed."""
    from danchu.letters.models import Letter

    rng = random.Random(11)
    first = today - dt.timedelta(days=3 * 365)
    span = (today - first).days
    counts = shares(total, len(place.units))
    owners = (u for u, count in zip(place.units, counts, strict=True) for _ in range(count))
    for g, unit in enumerate(owners):
        received = first + dt.timedelta(days=span * (g * 7919 % total) // max(total, 1))
        age = (today - received).days
        roll = rng.random()
        kind = next(k for k, share in _cumulative(LETTER_KINDS) if roll < share)
        if age < 30:
            state = ("received", "classified", "accepted")[g % 3]
        elif kind == "unclassified":
            state = "closed"
        else:
            state = {"petition": "answered", "complaint": "resolved"}.get(kind, "resolved")
            if roll > 0.97:
                state = "forwarded"
            elif kind == "complaint" and roll < 0.62:  # a complaint withdrawn
                state = "withdrawn"
        settled = state in ("answered", "resolved", "closed", "forwarded", "withdrawn")
        accepted = kind != "unclassified" and state not in ("received", "classified", "closed")
        matter = MATTERS[g % len(MATTERS)]
        limit = {"petition": 15, "complaint": 30, "denunciation": 30}.get(kind, 10)
        yield Letter(
            agency_id=unit.agency_id,
            code=f"BENCH-L-{unit.agency_id}-{g}",
            received_on=received,
            channel=("post", "direct", "portal", "email")[g % 4],
            matter=matter,
            content=f"{matter}. Đề nghị cơ quan xem xét, giải quyết theo quy định.",
            kind=kind,
            eligibility="eligible" if kind != "unclassified" else "pending",
            state=state,
            handler_id=unit.petitions_id if kind != "unclassified" else None,
            handling_due_on=received + dt.timedelta(days=10),
            accepted_on=received + dt.timedelta(days=5) if accepted else None,
            due_on=received + dt.timedelta(days=limit + 10) if accepted else None,
            settled_on=received + dt.timedelta(days=limit + (5 if roll < 0.1 else 0))
            if settled
            else None,
            timeliness=("late" if roll < 0.1 else "on_time") if settled else "",
            search_text=fold(f"BENCH-L-{unit.agency_id}-{g} {matter}"),
        )


def _cumulative(shares_: list[tuple[str, float]]) -> Iterator[tuple[str, float]]:
    running = 0.0
    for name, share in shares_:
        running += share
        yield name, running
    yield shares_[-1][0], 2.0  # rounding


def _tasks(place: City, per_unit_year: int, today: dt.date) -> Iterator[Model]:
    """Tasks of three years, each with one lead, in every state."""
    from danchu.tasks.models import Task

    rng = random.Random(12)
    states = ["assigned", "submitted", "done", "done", "done", "cancelled"]
    for unit in place.units:
        for year in (today.year - 2, today.year - 1, today.year):
            for n in range(1, per_unit_year + 1):
                assigned = dt.date(year, 1, 1) + dt.timedelta(days=(n * 3) % 330)
                due = assigned + dt.timedelta(days=30)
                state = states[rng.randrange(len(states))] if due < today else "assigned"
                done = state == "done"
                title = f"Nhiệm vụ số {n} năm {year}"
                yield Task(
                    agency_id=unit.agency_id,
                    year=year,
                    number=n,
                    source_kind="direction",
                    title=title,
                    deliverable="Báo cáo kết quả",
                    authority="Quy chế làm việc",
                    lead_person_id=unit.officer_id,
                    unit_id=unit.agency_id,
                    assigner_id=unit.head_id,
                    assigned_on=assigned,
                    start_on=assigned,
                    due_on=due,
                    original_due_on=due,
                    state=state,
                    progress=100 if done else 0,
                    done_on=due - dt.timedelta(days=2) if done else None,
                    on_time=(rng.random() > 0.1) if done else None,
                    search_text=fold(title),
                )


def _publications(place: City, per_unit_year: int, today: dt.date) -> Iterator[Model]:
    from danchu.disclosure.models import Publication

    categories = ["policy", "plans", "budget", "personnel", "rules", "directives"]
    for unit in place.units:
        for year in (today.year - 2, today.year - 1, today.year):
            for n in range(1, per_unit_year + 1):
                decided = dt.date(year, 1, 1) + dt.timedelta(days=(n * 7) % 330)
                if decided > today:
                    continue
                yield Publication(
                    agency_id=unit.agency_id,
                    number=n,
                    year=year,
                    category=categories[n % len(categories)],
                    title=f"Công khai văn bản số {n}/{year}",
                    decision_number=f"{n}/QĐ-BENCH",
                    decision_date=decided,
                    signer="Giám đốc",
                    published_on=decided + dt.timedelta(days=n % 5),
                    due_on=decided + dt.timedelta(days=3),
                )


def seed(
    *, dossiers: int, letters: int, units: int, code: str = CITY, today: dt.date | None = None
) -> City:
    """Seed the city once; a second call with the data there only returns it."""
    from danchu.disclosure.models import Publication
    from danchu.letters.models import Letter
    from danchu.onestop.models import Dossier
    from danchu.tasks.models import Task

    today = today or timezone.localdate()
    place = city(units, code)
    ids = [u.agency_id for u in place.units]
    if not Dossier.objects.filter(agency_id__in=ids).exists():
        bulk(
            Dossier,
            _dossiers(place, shares(dossiers, units), today),
            dossiers,
            "dossiers",
            after=_dossier_papers(place),
        )
    if not Letter.objects.filter(agency_id__in=ids).exists():
        bulk(Letter, _letters(place, letters, today), letters, "letters")
    per_year = 200
    if not Task.objects.filter(agency_id__in=ids).exists():
        bulk(Task, _tasks(place, per_year, today), per_year * 3 * units, "tasks")
    if not Publication.objects.filter(agency_id__in=ids).exists():
        bulk(Publication, _publications(place, 50, today), 150 * units, "publications")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as after a night's autovacuum
    return place
