"""The fixed cast: the head, a staff member, an officer, a board member, a steering-committee
member, an administrator, an outsider (same role, another department) and an anonymous citizen.

Two departments under one city, each with a division; every role of the cast exists in both,
so "the outsider" of any role is the same role in department B.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from danchu.core.models import Agency, AgencyKind, Role, User
from tests.factories import PASSWORD, ensure_statutory_rules, give_role, make_person, make_unit


@dataclass
class Department:
    unit: Agency
    division: Agency
    head: User
    staff: User
    officer: User
    board: User
    admin: User


@dataclass
class Cast:
    city: Agency
    committee: Agency
    steering: User
    a: Department
    b: Department

    @property
    def cast(self) -> Cast:
        """The cast itself, so that route tables address people as ``cast.a.admin``."""
        return self

    @property
    def outsider(self) -> User:
        """Staff of department B: the same role as ``a.staff``, in the other department."""
        return self.b.staff


def _department(city: Agency, key: str) -> Department:
    unit = make_unit(parent=city, kind=AgencyKind.DEPARTMENT, code=f"DEP-{key}", name=f"Sở {key}")
    division = make_unit(
        parent=unit, kind=AgencyKind.DIVISION, code=f"DEP-{key}.P1", name=f"Phòng 1 Sở {key}"
    )
    head = make_person(agency=unit, username=f"head_{key}", full_name=f"Giám đốc {key}")
    give_role(head, unit, Role.HEAD)
    staff = make_person(agency=unit, username=f"staff_{key}", full_name=f"Cán bộ {key}")
    give_role(staff, division, Role.STAFF)
    officer = make_person(agency=unit, username=f"officer_{key}", full_name=f"Một cửa {key}")
    give_role(officer, division, Role.ONESTOP_OFFICER)
    board = make_person(agency=unit, username=f"board_{key}", full_name=f"Thanh tra ND {key}")
    give_role(board, unit, Role.BOARD_MEMBER)
    admin = make_person(agency=unit, username=f"admin_{key}", full_name=f"Quản trị {key}")
    give_role(admin, unit, Role.SYSADMIN)
    return Department(unit, division, head, staff, officer, board, admin)


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    ``test_auth.py::test_passwords_are_hashed_with_argon2`` checks the real setting."""
    settings.REAL_PASSWORD_HASHERS = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: None) -> Cast:
    ensure_statutory_rules()
    city = make_unit(kind=AgencyKind.CITY, code="CITY", name="Thành phố")
    committee = make_unit(
        parent=city, kind=AgencyKind.COMMITTEE, code="CITY.BCD", name="Ban Chỉ đạo"
    )
    steering = make_person(agency=committee, username="steering", full_name="Thành viên BCĐ")
    give_role(steering, committee, Role.STEERING_MEMBER)
    return Cast(city, committee, steering, _department(city, "A"), _department(city, "B"))


def login(client: Client, user: User) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def as_user(client: Client):
    def _as(user: User) -> Client:
        client.logout()
        return login(client, user)

    return _as
