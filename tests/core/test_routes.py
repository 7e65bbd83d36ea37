"""Every page and API route of the core app, in one table checked by ``tests.routes``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danchu.core import services, twofactor
from danchu.core.models import AgencyCalendarDay, ApiToken, Membership, Role, User
from tests.conftest import Cast
from tests.factories import PASSWORD
from tests.routes import Route, install


def _membership(c: Cast) -> Membership:
    return Membership.objects.get(person=c.a.staff, agency=c.a.division)


def _calendar_day(c: Cast) -> AgencyCalendarDay:
    return services.calendar_day_add(
        actor=None, agency=c.a.unit, day=dt.date(2025, 3, 3), kind="off", decision="QĐ 1"
    )


def _totp(person: User) -> str:
    """The code of ``person``'s authenticator app now (enrolling them first)."""
    person.refresh_from_db()  # a request rolled back may have left a secret in memory only
    secret = twofactor.start_enrolment(person)
    return twofactor.code_at(secret, twofactor.current_step())


def _token(c: Cast) -> ApiToken:
    return services.api_token_create(actor=c.a.admin, name="t")[0]


PAGES = [
    Route("core:home", scoped=False, public=True),
    Route("core:health", scoped=False, public=True),
    Route("core:login", ok=302, scoped=False, public=True),
    Route("core:logout", method="POST", ok=302, scoped=False, public=True),
    # Without a password just given, the code page sends back to the password.
    Route("core:login_code", ok=302, scoped=False, public=True),
    Route("core:login_code", method="POST", ok=302, scoped=False, public=True),
    Route("core:two_factor", scoped=False),
    Route(
        "core:two_factor",
        method="POST",
        ok=302,
        scoped=False,
        data=lambda c: {"code": _totp(c.a.admin)},
        bad=lambda c: {"code": "12"},
    ),
    Route("core:unit_list", scoped=False),
    Route("core:unit_detail", kwargs=lambda c: {"pk": c.a.division.pk}),
    Route(
        "core:membership_add",
        method="POST",
        kwargs=lambda c: {"pk": c.a.division.pk},
        ok=302,
        data=lambda c: {
            "person": c.a.head.pk,
            "role": Role.DIVISION_HEAD,
            "start": "2025-01-01",
        },
        bad=lambda c: {
            "person": c.a.head.pk,
            "role": Role.STAFF,
            "start": "2025-05-01",
            "end": "2025-04-01",
        },
        forbidden="cast.a.staff",
    ),
    Route(
        "core:calendar_day_add",
        method="POST",
        kwargs=lambda c: {"pk": c.a.unit.pk},
        ok=302,
        data=lambda c: {"day": "2025-03-03", "kind": "off", "decision": "QĐ 1"},
        bad=lambda c: {"day": "2025-02-30", "kind": "off", "decision": "QĐ 1"},
        forbidden="cast.a.staff",
    ),
    Route("core:rule_add", kwargs=lambda c: {"pk": c.a.unit.pk}, forbidden="cast.a.staff"),
    Route(
        "core:rule_add",
        method="POST",
        kwargs=lambda c: {"pk": c.a.unit.pk},
        ok=302,
        data=lambda c: {
            "code": "reception.answer",
            "length": 7,
            "unit": "working_days",
            "max_extensions": 0,
            "extension_length": 0,
            "effective_from": "2025-01-01",
            "legal_basis": "QĐ 9",
        },
        bad=lambda c: {
            "code": "reception.answer",
            "length": 12,
            "unit": "working_days",
            "max_extensions": 0,
            "extension_length": 0,
            "effective_from": "2025-01-01",
            "legal_basis": "QĐ 9",
        },
        forbidden="cast.a.staff",
    ),
    Route(
        "core:membership_end",
        method="POST",
        kwargs=lambda c: {"pk": _membership(c).pk},
        ok=302,
        data=lambda c: {"end": "2025-12-31"},
        bad=lambda c: {"end": "2019-12-31"},
        forbidden="cast.a.staff",
    ),
    Route("core:person_list", scoped=False),
    Route("core:person_detail", kwargs=lambda c: {"pk": c.a.staff.pk}),
    Route("core:calendar", scoped=False, bad=lambda c: {"start": "2025-01-24", "days": "-2"}),
    Route("core:rule_list", scoped=False),
    Route(
        "core:audit_list",
        scoped=False,
        forbidden="cast.a.staff",
        bad=lambda c: {"since": "hôm qua"},
    ),
    Route("core:token_list", scoped=False),
    Route(
        "core:token_list",
        method="POST",
        scoped=False,
        ok=302,
        data=lambda c: {"name": "CI"},
        bad=lambda c: {"name": ""},
    ),
    Route("core:token_revoke", method="POST", kwargs=lambda c: {"pk": _token(c).pk}, ok=302),
    Route(
        "core:person_set_active",
        method="POST",
        ok=302,
        kwargs=lambda c: {"pk": c.a.staff.pk},
        data=lambda c: {"active": "0"},
        forbidden="cast.a.head",
    ),
    Route(
        "core:person_unlock",
        method="POST",
        ok=302,
        kwargs=lambda c: {"pk": c.a.staff.pk},
        forbidden="cast.a.head",
    ),
    Route(
        "core:person_join",
        method="POST",
        ok=302,
        kwargs=lambda c: {"pk": c.a.division.pk},
        data=lambda c: {
            "username": "moi.nguoi",
            "full_name": "Người Mới",
            "role": "staff",
            "start": "2025-01-01",
            "password": "Kh0ng-de-doan!",
        },
        bad=lambda c: {
            "username": "moi.nguoi",
            "full_name": "Người Mới",
            "role": "staff",
            "start": "2025-01-01",
            "password": "12345678",
        },
        forbidden="cast.a.staff",
    ),
    Route(
        "core:unit_create",
        method="POST",
        ok=302,
        kwargs=lambda c: {"pk": c.a.unit.pk},
        data=lambda c: {"code": "DEP-A.P2", "name": "Phòng 2", "kind": "division"},
        bad=lambda c: {"code": "DEP-A.P1", "name": "Trùng mã", "kind": "division"},
        forbidden="cast.a.staff",
    ),
    Route("core:password_change", scoped=False),
    Route(
        "core:password_change",
        method="POST",
        scoped=False,
        ok=302,
        data=lambda c: {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2027!",
            "new_password2": "Mat-khau-moi-2027!",
        },
        bad=lambda c: {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2027!",
            "new_password2": "khac",
        },
    ),
    Route(
        "core:calendar_day_remove",
        method="POST",
        ok=302,
        kwargs=lambda c: {"pk": _calendar_day(c).pk},
        forbidden="cast.a.staff",
    ),
]

API = [
    Route("api:me", scoped=False),
    Route("api:unit_list", scoped=False),
    Route("api:unit_get", kwargs=lambda c: {"unit_id": c.a.division.pk}),
    Route("api:unit_memberships", kwargs=lambda c: {"unit_id": c.a.division.pk}),
    Route(
        "api:membership_add",
        method="POST",
        kwargs=lambda c: {"unit_id": c.a.division.pk},
        ok=201,
        data=lambda c: {"person_id": c.a.head.pk, "role": "division_head", "start": "2025-01-01"},
        bad=lambda c: {
            "person_id": c.a.head.pk,
            "role": "staff",
            "start": "2025-05-01",
            "end": "2025-04-01",
        },
        forbidden="cast.a.staff",
    ),
    Route(
        "api:membership_end",
        method="POST",
        kwargs=lambda c: {"membership_id": _membership(c).pk},
        data=lambda c: {"end": "2025-12-31"},
        bad=lambda c: {"end": "2019-12-31"},
        forbidden="cast.a.staff",
    ),
    Route("api:unit_calendar", kwargs=lambda c: {"unit_id": c.a.unit.pk}),
    Route(
        "api:unit_calendar_add",
        method="POST",
        kwargs=lambda c: {"unit_id": c.a.unit.pk},
        ok=201,
        data=lambda c: {"day": "2025-03-03", "kind": "off", "decision": "QĐ 1"},
        bad=lambda c: {"day": "2025-02-30", "kind": "off", "decision": "QĐ 1"},
        forbidden="cast.a.staff",
    ),
    Route(
        "api:unit_rule_add",
        method="POST",
        kwargs=lambda c: {"unit_id": c.a.unit.pk},
        ok=201,
        data=lambda c: {
            "code": "reception.answer",
            "length": 7,
            "unit": "working_days",
            "effective_from": "2025-01-01",
            "legal_basis": "QĐ 9",
        },
        bad=lambda c: {
            "code": "reception.answer",
            "length": 12,
            "unit": "working_days",
            "effective_from": "2025-01-01",
            "legal_basis": "QĐ 9",
        },
        forbidden="cast.a.staff",
    ),
    Route("api:person_list", scoped=False),
    Route("api:person_get", kwargs=lambda c: {"person_id": c.a.staff.pk}),
    Route("api:person_memberships", kwargs=lambda c: {"person_id": c.a.staff.pk}),
    Route(
        "api:workdays_add",
        scoped=False,
        data=lambda c: {"start": "2025-01-24", "days": 5},
        bad=lambda c: {"start": "2025-01-24", "days": -1},
    ),
    Route(
        "api:workdays_between",
        scoped=False,
        data=lambda c: {"start": "2025-01-24", "end": "2025-02-07"},
        bad=lambda c: {"start": "2025-01-24", "end": "ngày mai"},
    ),
    Route("api:workdays_year", kwargs=lambda c: {"year": 2026}, scoped=False),
    Route("api:rule_list", scoped=False),
    Route(
        "api:clock_deadline",
        method="POST",
        scoped=False,
        data=lambda c: {"code": "reception.answer", "started_on": "2025-01-24"},
        bad=lambda c: {"code": "reception.answer", "started_on": "2025-01-24", "extensions": 3},
    ),
    Route("api:audit_list", scoped=False, forbidden="cast.a.staff", bad=lambda c: {"since": "x"}),
    Route("api:token_list", scoped=False),
    Route(
        "api:token_create",
        method="POST",
        ok=201,
        scoped=False,
        data=lambda c: {"name": "CI"},
        bad=lambda c: {"name": "   "},
    ),
    Route("api:token_revoke", method="DELETE", kwargs=lambda c: {"token_id": _token(c).pk}),
]

# Routes whose object belongs to department A also take a unit filter; the outsider passing
# department A's unit to a list must get 404 too.
API_UNIT_FILTERS = [
    "api:person_list",
    "api:rule_list",
    "api:workdays_add",
    "api:workdays_between",
    "api:audit_list",
]


@pytest.fixture
def ctx(cast: Cast) -> Cast:
    return cast


install(globals(), PAGES, API)


@pytest.mark.parametrize("name", API_UNIT_FILTERS)
def test_a_unit_filter_on_the_other_department_gets_404(cast, as_user, name):
    client = as_user(cast.b.admin)
    route = next(r for r in API if r.name == name)
    data = {**route.data(cast), "unit_id": cast.a.unit.pk}
    response = client.get(reverse(name), data)
    assert response.status_code == 404
