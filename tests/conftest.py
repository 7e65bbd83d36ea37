"""The fixed cast: the head, a staff member, an officer, a board member, a steering-committee
member, an administrator, an outsider (same role, another department) and an anonymous citizen.

Two departments under one city, each with a division; every role of the cast exists in both,
so "the outsider" of any role is the same role in department B.

The cast is written once per session, committed right after the test database is made, and each
test reads it afresh (two queries) inside its own rolled-back transaction; building it costs
about 280 queries, which thousands of tests used to pay each. A transactional test empties the
database when it ends, the statutory rules of the data migrations included; both are committed
again right after it, since other tests may follow it in the same process (pytest-xdist).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from danchu.core.models import Agency, AgencyKind, Role, User
from tests.factories import PASSWORD, ensure_statutory_rules, give_role, make_person, make_unit

T = TypeVar("T")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _language_of_the_settings() -> Iterator[None]:
    """Each test starts in the settings' language (Vietnamese). A request through the test client
    activates its language in the thread and Django leaves it active after the response, so a
    page in English used to make the next test's service messages English."""
    translation.deactivate()
    yield
    translation.deactivate()


def make_cast() -> Cast:
    ensure_statutory_rules()
    city = make_unit(kind=AgencyKind.CITY, code="CITY", name="Thành phố")
    committee = make_unit(
        parent=city, kind=AgencyKind.COMMITTEE, code="CITY.BCD", name="Ban Chỉ đạo"
    )
    steering = make_person(agency=committee, username="steering", full_name="Thành viên BCĐ")
    give_role(steering, committee, Role.STEERING_MEMBER)
    return Cast(city, committee, steering, _department(city, "A"), _department(city, "B"))


_UNITS = ("CITY", "CITY.BCD", "DEP-A", "DEP-A.P1", "DEP-B", "DEP-B.P1")
_ROLES = ("head", "staff", "officer", "board", "admin")


def _read_cast() -> Cast | None:
    """The committed cast as fresh instances, or None if a transactional test emptied it."""
    units = Agency.objects.in_bulk(_UNITS, field_name="code")
    names = ["steering", *(f"{role}_{key}" for key in "AB" for role in _ROLES)]
    people = User.objects.in_bulk(names, field_name="username")
    if len(units) < len(_UNITS) or len(people) < len(names):
        return None

    def department(key: str) -> Department:
        unit, division = units[f"DEP-{key}"], units[f"DEP-{key}.P1"]
        return Department(unit, division, *(people[f"{role}_{key}"] for role in _ROLES))

    city, committee = units["CITY"], units["CITY.BCD"]
    return Cast(city, committee, people["steering"], department("A"), department("B"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database as pytest-django makes it, with the cast committed in it."""
    with django_db_blocker.unblock():
        _commit_the_cast()


def _commit_the_cast() -> None:
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        if _read_cast() is None:
            make_cast()  # the statutory rules first, as a flushed database lacks them too


def _flushes(item: pytest.Item) -> bool:
    """Whether pytest-django emptied the database after this test (not when the test was
    skipped before its fixtures were set up: the database may not even exist yet)."""
    # ``_django_db_marker`` is autouse: it is among the funcargs once the fixtures were set up
    # (``_django_db_helper``, which it requests by name, never is).
    if "_django_db_marker" not in (getattr(item, "funcargs", None) or {}):
        return False
    marker = item.get_closest_marker("django_db")
    names = set(getattr(item, "fixturenames", ()))
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        names & {"transactional_db", "live_server"}
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Once a transactional test's fixtures are torn down (the database emptied), commit the
    statutory rules and the cast again for the tests that follow in this process. After the
    process's last test (no ``nextitem``: pytest-xdist holds each test back until it knows the
    next) the test database itself is gone."""
    result = yield
    if _flushes(item) and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            _commit_the_cast()
    return result


@pytest.fixture
def cast(db: None) -> Cast:
    return _read_cast() or make_cast()


def once_per_module(build: Callable[[], T]) -> Any:
    """A module-scoped fixture whose data ``build`` writes once, in a transaction rolled back after
    the module's last test; each test runs in a savepoint inside it, so what one test writes is
    gone for the next. For the demo loads, which cost seconds each. Files go to a temporary
    ``MEDIA_ROOT`` for the module's duration."""

    @pytest.fixture(scope="module")
    def fixture(
        django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[T]:
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
            transaction.atomic(),
        ):
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                data = build()
            yield data
            transaction.set_rollback(True)

    return fixture


def pager_link(body: str, rel: str) -> str:
    """The query of a page's "next" or "prev" link (``rel``), unescaped."""
    return body.split(f'rel="{rel}"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")


def login(client: Client, user: User) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def as_user(client: Client):
    def _as(user: User) -> Client:
        client.logout()
        return login(client, user)

    return _as


def pytest_sessionfinish(session: pytest.Session) -> None:
    """With ``DANCHU_RECORD_MATRIX=1``, write the access matrix the run observed."""
    from tests import routes

    if routes.RECORDING and routes.recorded:
        routes.write_matrix()
