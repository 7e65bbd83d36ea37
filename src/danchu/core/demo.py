"""Demo data of the core app: Hà Nội, its QCDC steering committee and the two departments of
the seeds, with divisions, about 60 staff each and one login per role.

Idempotent: everything is looked up by a stable key (unit code, username, membership) before it
is created through the services, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from danchu.core import services
from danchu.core.models import Agency, AgencyKind, Membership, Role, User

DEMO_PASSWORD = "Danchu@2026"
SINCE = dt.date(2020, 1, 1)
BOARD_TERM = (dt.date(2025, 1, 20), dt.date(2027, 1, 19))

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trịnh",
    "Đào",
    "Mai",
    "Tạ",
    "Lương",
]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Anh", "Công", "Xuân", "Mạnh"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng", "Lan", "Thùy", "Kim"]
GIVEN_M = [
    "Tuấn",
    "Hùng",
    "Dũng",
    "Long",
    "Nam",
    "Sơn",
    "Thắng",
    "Hải",
    "Trung",
    "Việt",
    "Khánh",
    "Phong",
    "Quân",
    "Hiếu",
    "Bình",
    "Cường",
    "Đạt",
    "Tùng",
    "Huy",
    "Thành",
]
GIVEN_F = [
    "Hương",
    "Lan",
    "Hà",
    "Mai",
    "Trang",
    "Linh",
    "Thảo",
    "Ngân",
    "Yến",
    "Hạnh",
    "Nga",
    "Huyền",
    "Phương",
    "Dung",
    "Thủy",
    "Vân",
    "Hoa",
    "Oanh",
    "Quyên",
    "Tâm",
]


@dataclass
class DepartmentPlan:
    key: str
    code: str
    name: str
    short_name: str
    divisions: list[tuple[str, str, str]]  # (code suffix, name, kind)
    head_name: str
    union_chair: str
    staff: int = 60


DEPARTMENTS = [
    DepartmentPlan(
        key="khcn",
        code="000.00.12.H26",
        name="Sở Khoa học và Công nghệ Thành phố Hà Nội",
        short_name="Sở KH&CN",
        divisions=[
            ("VP", "Văn phòng Sở", AgencyKind.DIVISION),
            ("TTR", "Thanh tra Sở", AgencyKind.DIVISION),
            ("KHTC", "Phòng Kế hoạch - Tài chính", AgencyKind.DIVISION),
            ("QLKH", "Phòng Quản lý Khoa học", AgencyKind.DIVISION),
            ("QLCN", "Phòng Quản lý Công nghệ và Thị trường công nghệ", AgencyKind.DIVISION),
            ("QLCNG", "Phòng Quản lý Chuyên ngành", AgencyKind.DIVISION),
            ("CCTC", "Chi cục Tiêu chuẩn Đo lường Chất lượng", AgencyKind.SUBUNIT),
        ],
        head_name="Nguyễn Hoàng Linh",
        union_chair="Nguyễn Anh Tuấn",
    ),
    DepartmentPlan(
        key="tttt",
        code="000.00.13.H26",
        name="Sở Thông tin và Truyền thông Thành phố Hà Nội",
        short_name="Sở TT&TT",
        divisions=[
            ("VP", "Văn phòng Sở", AgencyKind.DIVISION),
            ("TTR", "Thanh tra Sở", AgencyKind.DIVISION),
            ("KHTC", "Phòng Kế hoạch - Tài chính", AgencyKind.DIVISION),
            ("BCVT", "Phòng Bưu chính, Viễn thông", AgencyKind.DIVISION),
            ("CNTT", "Phòng Công nghệ thông tin", AgencyKind.DIVISION),
            ("TTBC", "Phòng Thông tin - Báo chí - Xuất bản", AgencyKind.DIVISION),
            ("TTDL", "Trung tâm Thông tin và Dữ liệu", AgencyKind.SUBUNIT),
        ],
        head_name="Nguyễn Thanh Hà",
        union_chair="Phạm Quốc Bảo",
    ),
]

# The login printed for each role, per department: (role label, username suffix).
ROLE_LOGINS = [
    (Role.HEAD, "giamdoc"),
    (Role.DEPUTY_HEAD, "phogiamdoc"),
    (Role.DIVISION_HEAD, "truongphong"),
    (Role.STAFF, "canbo"),
    (Role.UNION_EXECUTIVE, "congdoan"),
    (Role.BOARD_MEMBER, "bttnd"),
    (Role.ONESTOP_OFFICER, "motcua"),
    (Role.HANDLING_OFFICER, "thuly"),
    (Role.PETITIONS_OFFICER, "tiepdan"),
    (Role.SYSADMIN, "quantri"),
]


@dataclass
class DemoResult:
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, unit, username)
    created: int = 0


class _Builder:
    def __init__(self) -> None:
        self.password_hash = make_password(DEMO_PASSWORD)
        self.result = DemoResult()

    def unit(
        self, *, code: str, name: str, kind: str, parent: Agency | None, short_name: str = ""
    ) -> Agency:
        found = Agency.objects.filter(code=code).first()
        if found is not None:
            return found
        self.result.created += 1
        return services.agency_create(
            actor=None, code=code, name=name, kind=kind, parent=parent, short_name=short_name
        )

    def person(self, *, username: str, full_name: str, agency: Agency, login: bool) -> User:
        found = User.objects.filter(username=username).first()
        if found is not None:
            return found
        self.result.created += 1
        person = services.person_create(
            actor=None,
            agency=agency,
            username=username,
            full_name=full_name,
            email=f"{username}@demo.danchu.vn",
        )
        if login:
            User.objects.filter(pk=person.pk).update(password=self.password_hash)
        return person

    def role(
        self,
        person: User,
        agency: Agency,
        role: str,
        position: str = "",
        start: dt.date = SINCE,
        end: dt.date | None = None,
        basis: str = "",
    ) -> None:
        if Membership.objects.filter(person=person, agency=agency, role=role, start=start).exists():
            return
        self.result.created += 1
        services.membership_add(
            actor=None,
            person=person,
            agency=agency,
            role=role,
            start=start,
            end=end,
            position=position,
            basis=basis,
        )


def _names(seed: str, count: int) -> list[str]:
    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        female = rng.random() < 0.5
        middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
        given = rng.choice(GIVEN_F if female else GIVEN_M)
        name = f"{rng.choice(FAMILY)} {middle} {given}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def load_demo() -> DemoResult:
    """Build (or complete) the demo organisation; returns the logins to print."""
    b = _Builder()
    with transaction.atomic():
        city = b.unit(
            code="H26",
            name="Thành phố Hà Nội",
            kind=AgencyKind.CITY,
            parent=None,
            short_name="Hà Nội",
        )
        committee = b.unit(
            code="H26.BCD",
            kind=AgencyKind.COMMITTEE,
            parent=city,
            name="Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở Thành phố",
            short_name="BCĐ QCDC TP",
        )
        for i, full_name in enumerate(_names("steering", 5)):
            username = "bcd.hanoi" if i == 0 else f"bcd.hanoi.{i + 1:02d}"
            person = b.person(
                username=username, full_name=full_name, agency=committee, login=i == 0
            )
            b.role(
                person,
                committee,
                Role.STEERING_MEMBER,
                position="Trưởng ban" if i == 0 else "Thành viên",
            )
        admin = b.person(
            username="quantri.hanoi",
            full_name="Quản trị hệ thống Thành phố",
            agency=city,
            login=True,
        )
        b.role(admin, city, Role.SYSADMIN, position="Quản trị hệ thống")
        b.result.logins.append((str(Role.STEERING_MEMBER.label), committee.short_name, "bcd.hanoi"))
        b.result.logins.append((str(Role.SYSADMIN.label), city.short_name, "quantri.hanoi"))
        for plan in DEPARTMENTS:
            _department(b, city, plan)
    return b.result


def _department(b: _Builder, city: Agency, plan: DepartmentPlan) -> None:
    dept = b.unit(
        code=plan.code,
        name=plan.name,
        kind=AgencyKind.DEPARTMENT,
        parent=city,
        short_name=plan.short_name,
    )
    divisions = [
        b.unit(code=f"{plan.code}.{suffix}", name=name, kind=kind, parent=dept)
        for suffix, name, kind in plan.divisions
    ]
    office, inspectorate, management = divisions[0], divisions[1], divisions[3]
    specialist = divisions[5]
    onestop = b.unit(
        code=f"{plan.code}.VP.1C",
        kind=AgencyKind.DIVISION,
        parent=office,
        name="Bộ phận Tiếp nhận và Trả kết quả",
    )
    units = [*divisions, onestop]

    # Who works where, decided before anything is created so that usernames are stable.
    names = _names(plan.key, plan.staff)
    names[0], names[1] = plan.head_name, plan.union_chair
    seats: dict[int, list[int]] = {u.pk: [] for u in units}  # unit → staff indexes, chief first
    for n, unit in enumerate(units):
        seats[unit.pk].append(4 + n)
    for k, index in enumerate(range(4 + len(units), plan.staff)):
        seats[units[k % len(units)].pk].append(index)

    def seat(unit: Agency, n: int) -> int:
        return seats[unit.pk][n]

    union = [1] + [seat(u, 2) for u in units[:4]]
    board = [seat(u, 3) for u in units[1:6]]
    desk = [seat(onestop, n) for n in (1, 2, 3)]
    handlers = [seat(specialist, n) for n in (1, 4, 5)]
    reception = [seat(inspectorate, n) for n in (1, 4)]
    login_of = {
        0: "giamdoc",
        1: "phogiamdoc",
        seat(management, 0): "truongphong",
        seat(management, 1): "canbo",
        union[1]: "congdoan",
        board[0]: "bttnd",
        desk[0]: "motcua",
        handlers[0]: "thuly",
        reception[0]: "tiepdan",
        seat(office, 1): "quantri",
    }
    people = [
        b.person(
            username=f"{login_of[i]}.{plan.key}" if i in login_of else f"{plan.key}.{i + 1:03d}",
            full_name=names[i],
            agency=dept,
            login=i in login_of,
        )
        for i in range(plan.staff)
    ]

    b.role(people[0], dept, Role.HEAD, position="Giám đốc Sở")
    for i in (1, 2, 3):
        b.role(people[i], dept, Role.DEPUTY_HEAD, position="Phó Giám đốc Sở")
    for i in range(4):
        b.role(people[i], dept, Role.STAFF, position=people_title(i))
    for unit in units:
        chief, *rest = seats[unit.pk]
        title = chief_title(unit, onestop)
        chief_role = Role.HEAD if unit.kind == AgencyKind.SUBUNIT else Role.DIVISION_HEAD
        b.role(people[chief], unit, chief_role, position=title)
        b.role(people[chief], unit, Role.STAFF, position=title)
        for i in rest:
            b.role(people[i], unit, Role.STAFF, position="Chuyên viên")
    for n, i in enumerate(union):
        b.role(
            people[i],
            dept,
            Role.UNION_EXECUTIVE,
            position="Chủ tịch Công đoàn" if n == 0 else "Ủy viên BCH Công đoàn",
        )
    for n, i in enumerate(board):
        b.role(
            people[i],
            dept,
            Role.BOARD_MEMBER,
            start=BOARD_TERM[0],
            end=BOARD_TERM[1],
            position="Trưởng ban" if n == 0 else "Thành viên",
            basis="Biên bản bầu Ban Thanh tra nhân dân tại Hội nghị CBCCVC năm 2025",
        )
    for i in desk:
        b.role(people[i], onestop, Role.ONESTOP_OFFICER, position="Công chức một cửa")
    for i in handlers:
        b.role(people[i], specialist, Role.HANDLING_OFFICER, position="Chuyên viên thụ lý")
    for i in reception:
        b.role(
            people[i],
            inspectorate,
            Role.PETITIONS_OFFICER,
            position="Cán bộ tiếp công dân, xử lý đơn thư",
        )
    b.role(people[seat(office, 1)], dept, Role.SYSADMIN, position="Quản trị hệ thống")

    for role, suffix in ROLE_LOGINS:
        b.result.logins.append((str(role.label), plan.short_name, f"{suffix}.{plan.key}"))


def people_title(i: int) -> str:
    return "Giám đốc Sở" if i == 0 else "Phó Giám đốc Sở"


def chief_title(unit: Agency, onestop: Agency) -> str:
    if unit.pk == onestop.pk:
        return "Trưởng bộ phận"
    if unit.code.endswith(".VP"):
        return "Chánh Văn phòng"
    if unit.code.endswith(".TTR"):
        return "Chánh Thanh tra"
    if unit.kind == AgencyKind.SUBUNIT:
        return "Chi cục trưởng" if "Chi cục" in unit.name else "Giám đốc Trung tâm"
    return "Trưởng phòng"
