"""The route-table harness: every page and API route of an app, declared once, checked for
success, not logged in, forbidden, another department's object (404, nothing leaked), bad
input and wrong method.

A test module declares ``PAGES`` and ``API`` (lists of ``Route``), a ``ctx`` fixture (the
object the builders receive; it has ``cast``) and calls ``install(globals(), PAGES, API)``.
``tests/test_route_coverage.py`` fails when any route of the project is in no table.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from danchu.core.models import ApiToken, AuditEvent, Membership

Builder = Callable[[Any], Any]
OUTSIDERS = ["admin", "head", "staff", "board", "officer"]


@dataclass
class Route:
    name: str
    method: str = "GET"
    kwargs: Builder = lambda c: {}
    insider: str = "cast.a.admin"  # who succeeds (a path on ctx) and with what status
    ok: int = 200
    data: Builder = lambda c: {}
    bad: Builder | None = None  # invalid data → 400
    forbidden: str | None = None  # someone of department A who gets 403 (a path on ctx)
    scoped: bool = True  # shows or changes department A's object: outsiders get 404
    public: bool = False
    api: bool = False
    headers: Builder = lambda c: {}
    multipart: bool = False  # a page form with a file


def who(ctx: Any, path: str) -> Any:
    return operator.attrgetter(path)(ctx)


def send(client: Any, route: Route, url: str, data: dict[str, Any], ctx: Any) -> Any:
    headers = route.headers(ctx)
    if route.method == "GET":
        return client.get(url, data, headers=headers)
    if route.multipart:
        return client.post(url, data, headers=headers)
    if route.api:
        return client.generic(
            route.method,
            url,
            data=json.dumps(data),
            content_type="application/json",
            headers=headers,
        )
    return client.generic(
        route.method,
        url,
        data=_form(data),
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )


def _form(data: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


def _id(route: Route) -> str:
    return f"{route.method} {route.name}"


def _login(client: Any, person: Any) -> Any:
    client.logout()
    client.force_login(person)
    return client


def install(namespace: dict[str, Any], pages: list[Route], api: list[Route]) -> None:
    """Define the route tests in the calling module."""
    for r in api:
        r.api = True
    every = [*pages, *api]
    ids = [_id(r) for r in every]

    @pytest.mark.parametrize("route", every, ids=ids)
    def test_success(ctx: Any, client: Any, route: Route) -> None:
        client = _login(client, who(ctx, route.insider))
        url = reverse(route.name, kwargs=route.kwargs(ctx))
        response = send(client, route, url, route.data(ctx), ctx)
        assert response.status_code == route.ok, response.content[:500]

    @pytest.mark.parametrize("route", every, ids=ids)
    def test_not_logged_in(ctx: Any, client: Any, route: Route) -> None:
        url = reverse(route.name, kwargs=route.kwargs(ctx))
        response = send(client, route, url, route.data(ctx), ctx)
        if route.public:
            assert response.status_code < 500
        elif route.api:
            assert response.status_code == 401
            assert response.json()["error"]["code"] == "unauthenticated"
        else:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("core:login"))

    forbidden = [r for r in every if r.forbidden]

    @pytest.mark.parametrize("route", forbidden, ids=[_id(r) for r in forbidden])
    def test_forbidden(ctx: Any, client: Any, route: Route) -> None:
        client = _login(client, who(ctx, route.forbidden or ""))
        url = reverse(route.name, kwargs=route.kwargs(ctx))
        response = send(client, route, url, route.data(ctx), ctx)
        assert response.status_code == 403, response.content[:300]
        if route.api:
            assert response.json()["error"]["code"] == "forbidden"

    scoped = [r for r in every if r.scoped]

    @pytest.mark.parametrize("outsider", OUTSIDERS)
    @pytest.mark.parametrize("route", scoped, ids=[_id(r) for r in scoped])
    def test_the_other_department_gets_404(
        ctx: Any, client: Any, route: Route, outsider: str
    ) -> None:
        """The same role in department B gets 404 for department A's objects; nothing leaks
        and nothing is written."""
        client = _login(client, getattr(ctx.cast.b, outsider))
        url = reverse(route.name, kwargs=route.kwargs(ctx))
        events = AuditEvent.objects.count()
        response = send(client, route, url, route.data(ctx), ctx)
        assert response.status_code == 404, response.content[:300]
        assert b"DEP-A" not in response.content
        assert "Sở A".encode() not in response.content
        if route.api:
            assert response.json()["error"]["code"] == "not_found"
        assert AuditEvent.objects.count() == events

    lists = [
        r for r in every if not r.scoped and r.method == "GET" and not r.public and r.ok == 200
    ]

    @pytest.mark.parametrize("route", lists, ids=[_id(r) for r in lists])
    def test_lists_show_nothing_of_the_other_department(
        ctx: Any, client: Any, route: Route
    ) -> None:
        client = _login(client, ctx.cast.b.admin)
        url = reverse(route.name, kwargs=route.kwargs(ctx))
        response = send(client, route, url, route.data(ctx), ctx)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Sở A" not in body and "Cán bộ A" not in body and "DEP-A" not in body

    bad = [r for r in every if r.bad]

    @pytest.mark.parametrize("route", bad, ids=[_id(r) for r in bad])
    def test_bad_input_is_refused_with_field_errors(ctx: Any, client: Any, route: Route) -> None:
        client = _login(client, who(ctx, route.insider))
        url = reverse(route.name, kwargs=route.kwargs(ctx))
        before = (
            Membership.objects.count(),
            ApiToken.objects.count(),
            AuditEvent.objects.exclude(verb__startswith="auth.").count(),
        )
        assert route.bad is not None
        response = send(client, route, url, route.bad(ctx), ctx)
        assert response.status_code == 400, response.content[:500]
        if route.api:
            error = response.json()["error"]
            assert error["code"] and error["message"]
            assert error["fields"], error
        else:
            assert b'class="error' in response.content
        after = (
            Membership.objects.count(),
            ApiToken.objects.count(),
            AuditEvent.objects.exclude(verb__startswith="auth.").count(),
        )
        assert after == before

    @pytest.mark.parametrize("route", every, ids=ids)
    def test_wrong_method(ctx: Any, client: Any, route: Route) -> None:
        if not route.public:
            client = _login(client, who(ctx, route.insider))
        url = reverse(route.name, kwargs=route.kwargs(ctx))
        others = {r.method for r in every if r.name == route.name}
        wrong = next(m for m in ("PUT", "PATCH", "DELETE", "GET", "POST") if m not in others)
        response = client.generic(wrong, url)
        assert response.status_code == 405

    for test, cases in (
        (test_success, every),
        (test_not_logged_in, every),
        (test_forbidden, forbidden),
        (test_the_other_department_gets_404, scoped),
        (test_lists_show_nothing_of_the_other_department, lists),
        (test_bad_input_is_refused_with_field_errors, bad),
        (test_wrong_method, every),
    ):
        if cases:  # an app with no route of a kind has no such test, not a skipped one
            namespace[test.__name__] = test
