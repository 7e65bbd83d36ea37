"""Every page and API route of the core app, from one table: success, not logged in,
forbidden, another department's object (404, nothing leaked), bad input, wrong method.

A route missing from the table fails ``test_the_table_covers_every_route``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from danchu.api.api import api
from danchu.core import services
from danchu.core.models import AgencyCalendarDay, ApiToken, Membership, Role
from tests.conftest import Cast
from tests.factories import PASSWORD

Builder = Callable[[Cast], Any]


@dataclass
class Route:
    name: str
    method: str = "GET"
    kwargs: Builder = lambda c: {}
    # Who succeeds (attribute of cast.a) and with what status.
    insider: str = "admin"
    ok: int = 200
    data: Builder = lambda c: {}
    bad: Builder | None = None  # invalid data → 400
    forbidden: str | None = None  # a person of department A who gets 403
    scoped: bool = True  # shows or changes department A's object: outsider gets 404
    public: bool = False


def _membership(c: Cast) -> Membership:
    return Membership.objects.get(person=c.a.staff, agency=c.a.division)


def _calendar_day(c: Cast) -> AgencyCalendarDay:
    return services.calendar_day_add(
        actor=None, agency=c.a.unit, day=dt.date(2025, 3, 3), kind="off", decision="QĐ 1"
    )


def _token(c: Cast) -> ApiToken:
    return services.api_token_create(actor=c.a.admin, name="t")[0]


PAGES = [
    Route("core:home", scoped=False, public=True),
    Route("core:login", ok=302, scoped=False, public=True),
    Route("core:logout", method="POST", ok=302, scoped=False, public=True),
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
        forbidden="staff",
    ),
    Route(
        "core:calendar_day_add",
        method="POST",
        kwargs=lambda c: {"pk": c.a.unit.pk},
        ok=302,
        data=lambda c: {"day": "2025-03-03", "kind": "off", "decision": "QĐ 1"},
        bad=lambda c: {"day": "2025-02-30", "kind": "off", "decision": "QĐ 1"},
        forbidden="staff",
    ),
    Route("core:rule_add", kwargs=lambda c: {"pk": c.a.unit.pk}, forbidden="staff"),
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
        forbidden="staff",
    ),
    Route(
        "core:membership_end",
        method="POST",
        kwargs=lambda c: {"pk": _membership(c).pk},
        ok=302,
        data=lambda c: {"end": "2025-12-31"},
        bad=lambda c: {"end": "2019-12-31"},
        forbidden="staff",
    ),
    Route("core:person_list", scoped=False),
    Route("core:person_detail", kwargs=lambda c: {"pk": c.a.staff.pk}),
    Route("core:calendar", scoped=False, bad=lambda c: {"start": "2025-01-24", "days": "-2"}),
    Route("core:rule_list", scoped=False),
    Route("core:audit_list", scoped=False, forbidden="staff", bad=lambda c: {"since": "hôm qua"}),
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
        forbidden="head",
    ),
    Route(
        "core:person_unlock",
        method="POST",
        ok=302,
        kwargs=lambda c: {"pk": c.a.staff.pk},
        forbidden="head",
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
        forbidden="staff",
    ),
    Route(
        "core:unit_create",
        method="POST",
        ok=302,
        kwargs=lambda c: {"pk": c.a.unit.pk},
        data=lambda c: {"code": "DEP-A.P2", "name": "Phòng 2", "kind": "division"},
        bad=lambda c: {"code": "DEP-A.P1", "name": "Trùng mã", "kind": "division"},
        forbidden="staff",
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
        forbidden="staff",
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
        forbidden="staff",
    ),
    Route(
        "api:membership_end",
        method="POST",
        kwargs=lambda c: {"membership_id": _membership(c).pk},
        data=lambda c: {"end": "2025-12-31"},
        bad=lambda c: {"end": "2019-12-31"},
        forbidden="staff",
    ),
    Route("api:unit_calendar", kwargs=lambda c: {"unit_id": c.a.unit.pk}),
    Route(
        "api:unit_calendar_add",
        method="POST",
        kwargs=lambda c: {"unit_id": c.a.unit.pk},
        ok=201,
        data=lambda c: {"day": "2025-03-03", "kind": "off", "decision": "QĐ 1"},
        bad=lambda c: {"day": "2025-02-30", "kind": "off", "decision": "QĐ 1"},
        forbidden="staff",
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
        forbidden="staff",
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
    Route("api:audit_list", scoped=False, forbidden="staff", bad=lambda c: {"since": "x"}),
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


def _send(client, route: Route, url: str, data: dict[str, Any], *, api_call: bool):
    method = route.method.lower()
    if api_call:
        if route.method == "GET":
            return client.get(url, data)
        if route.method == "DELETE":
            return client.delete(url)
        return client.generic(route.method, url, data=_json(data), content_type="application/json")
    if route.method == "GET":
        return client.get(url, data)
    return getattr(client, method)(url, data)


def _json(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data)


def _id(route: Route) -> str:
    return f"{route.method} {route.name}"


ALL = [(r, False) for r in PAGES] + [(r, True) for r in API]


@pytest.fixture
def api_client(client):
    return client


@pytest.mark.parametrize(("route", "api_call"), ALL, ids=[_id(r) for r, _ in ALL])
def test_success(cast, as_user, route, api_call):
    client = as_user(getattr(cast.a, route.insider))
    url = reverse(route.name, kwargs=route.kwargs(cast))
    response = _send(client, route, url, route.data(cast), api_call=api_call)
    assert response.status_code == route.ok, response.content[:500]


@pytest.mark.parametrize(("route", "api_call"), ALL, ids=[_id(r) for r, _ in ALL])
def test_not_logged_in(cast, client, route, api_call):
    url = reverse(route.name, kwargs=route.kwargs(cast))
    response = _send(client, route, url, route.data(cast), api_call=api_call)
    if route.public:
        assert response.status_code in (200, 302)
    elif api_call:
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:login"))


FORBIDDEN = [(r, a) for r, a in ALL if r.forbidden]


@pytest.mark.parametrize(("route", "api_call"), FORBIDDEN, ids=[_id(r) for r, _ in FORBIDDEN])
def test_forbidden(cast, as_user, route, api_call):
    client = as_user(getattr(cast.a, route.forbidden))
    url = reverse(route.name, kwargs=route.kwargs(cast))
    response = _send(client, route, url, route.data(cast), api_call=api_call)
    assert response.status_code == 403
    if api_call:
        assert response.json()["error"]["code"] == "forbidden"


SCOPED = [(r, a) for r, a in ALL if r.scoped]
OUTSIDERS = ["admin", "head", "staff", "board", "officer"]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize(("route", "api_call"), SCOPED, ids=[_id(r) for r, _ in SCOPED])
def test_the_other_department_gets_404(cast, as_user, route, api_call, who):
    """The same role in department B gets 404 for department A's objects, and nothing leaks."""
    client = as_user(getattr(cast.b, who))
    url = reverse(route.name, kwargs=route.kwargs(cast))
    before = Membership.objects.count()
    response = _send(client, route, url, route.data(cast), api_call=api_call)
    assert response.status_code == 404, response.content[:300]
    assert b"DEP-A" not in response.content
    assert "Sở A".encode() not in response.content
    if api_call:
        assert response.json()["error"]["code"] == "not_found"
    assert Membership.objects.count() == before


LISTS = [(r, a) for r, a in ALL if not r.scoped and r.method == "GET" and not r.public]


@pytest.mark.parametrize(("route", "api_call"), LISTS, ids=[_id(r) for r, _ in LISTS])
def test_lists_show_nothing_of_the_other_department(cast, as_user, route, api_call):
    client = as_user(cast.b.admin)
    url = reverse(route.name, kwargs=route.kwargs(cast))
    response = _send(client, route, url, route.data(cast), api_call=api_call)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sở A" not in body and "Cán bộ A" not in body and "DEP-A" not in body


@pytest.mark.parametrize("name", API_UNIT_FILTERS)
def test_a_unit_filter_on_the_other_department_gets_404(cast, as_user, name):
    client = as_user(cast.b.admin)
    route = next(r for r in API if r.name == name)
    data = {**route.data(cast), "unit_id": cast.a.unit.pk}
    response = client.get(reverse(name), data)
    assert response.status_code == 404


BAD = [(r, a) for r, a in ALL if r.bad]


@pytest.mark.parametrize(("route", "api_call"), BAD, ids=[_id(r) for r, _ in BAD])
def test_bad_input_is_refused_with_field_errors(cast, as_user, route, api_call):
    client = as_user(getattr(cast.a, route.insider))
    url = reverse(route.name, kwargs=route.kwargs(cast))
    memberships, tokens = Membership.objects.count(), ApiToken.objects.count()
    response = _send(client, route, url, route.bad(cast), api_call=api_call)
    assert response.status_code == 400, response.content[:500]
    if api_call:
        error = response.json()["error"]
        assert error["code"] and error["message"]
        assert error["fields"], error
    else:
        assert b'class="error' in response.content
    assert (Membership.objects.count(), ApiToken.objects.count()) == (memberships, tokens)


WRONG = {"GET": "put", "POST": "get", "DELETE": "post"}


@pytest.mark.parametrize(("route", "api_call"), ALL, ids=[_id(r) for r, _ in ALL])
def test_wrong_method(cast, client, as_user, route, api_call):
    client = client if route.public else as_user(getattr(cast.a, route.insider))
    url = reverse(route.name, kwargs=route.kwargs(cast))
    others = {r.method for r in (API if api_call else PAGES) if r.name == route.name}
    wrong = next(m for m in ("PUT", "PATCH", "DELETE", "GET", "POST") if m not in others)
    response = client.generic(wrong, url)
    assert response.status_code == 405


def _page_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_the_table_covers_every_route():
    declared_pages = {r.name for r in PAGES}
    pages = {n for n in _page_names() if n.startswith("core:")}
    assert pages == declared_pages, pages ^ declared_pages
    schema = api.get_openapi_schema()
    operations = {
        op["operationId"].rsplit("_", 0)[0]
        for path in schema["paths"].values()
        for op in path.values()
    }
    declared = {r.name.removeprefix("api:") for r in API}
    # ninja names an operation <module>_<function>; ours are unique function names.
    assert {o.removeprefix("danchu_core_api_") for o in operations} == declared


def test_dates_in_the_table_are_real():
    assert dt.date.fromisoformat("2025-01-24")
