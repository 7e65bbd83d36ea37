"""The route-table harness: every page and API route of an app, declared once, checked for
success, not logged in, forbidden, another department's object (404, nothing leaked), bad
input and wrong method.

A test module declares ``PAGES`` and ``API`` (lists of ``Route``), a ``ctx`` fixture (the
object the builders receive; it has ``cast``) and calls ``install(globals(), PAGES, API)``.
``tests/test_route_coverage.py`` fails when any route of the project is in no table.
"""

from __future__ import annotations

import functools
import json
import operator
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from danchu.core.models import ApiToken, AuditEvent, Membership

Builder = Callable[[Any], Any]
OUTSIDERS = ["admin", "head", "staff", "board", "officer"]

# The access matrix: for every route of every table and every role of the fixed cast, what
# that person gets — a status code, "redirect" (done, sent on) or "login" (sent to log in).
# Declared in one file; a route without its row fails. ``DANCHU_RECORD_MATRIX=1 uv run pytest
# tests -n 0 -k access_matrix`` rewrites it from what the routes do now: review the diff.
MATRIX_FILE = Path(__file__).with_name("access_matrix.json")
ROLES: dict[str, str | None] = {
    "head": "cast.a.head",
    "admin": "cast.a.admin",
    "staff": "cast.a.staff",
    "officer": "cast.a.officer",
    "board": "cast.a.board",
    "steering": "cast.steering",
    "outsider": "cast.b.admin",  # the most powerful person of another department
    "anonymous": None,
}
RECORDING = os.environ.get("DANCHU_RECORD_MATRIX") == "1"
recorded: dict[str, dict[str, str]] = {}


@functools.cache
def matrix() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(MATRIX_FILE.read_text(encoding="utf-8"))
    return data


def write_matrix() -> None:
    """Merge what this run recorded into the file (sorted, one route a line)."""
    data = dict(matrix()) if MATRIX_FILE.exists() else {}
    data.update(recorded)
    lines = [f"  {json.dumps(k)}: {json.dumps(data[k])}" for k in sorted(data)]
    MATRIX_FILE.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def outcome(response: Any) -> str:
    if response.status_code in (301, 302, 303):
        login = response["Location"].startswith(reverse("core:login"))
        return "login" if login else "redirect"
    return str(response.status_code)


def matrix_keys(module: str, routes: list[Route]) -> list[str]:
    """``module::METHOD name``, numbered from the second time a route appears in a table."""
    seen: dict[str, int] = {}
    keys = []
    for r in routes:
        base = f"{module}::{_id(r)}"
        seen[base] = seen.get(base, 0) + 1
        keys.append(base if seen[base] == 1 else f"{base} #{seen[base]}")
    return keys


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

    keys = matrix_keys(namespace["__name__"], every)

    @pytest.mark.parametrize(("route", "key"), list(zip(every, keys, strict=True)), ids=ids)
    def test_access_matrix(ctx: Any, client: Any, route: Route, key: str) -> None:
        """Each role of the cast gets what the matrix declares for this route. Each request
        runs in a savepoint rolled back after it: the next role finds the same data."""
        url = reverse(route.name, kwargs=route.kwargs(ctx))
        got = {}
        for role, path in ROLES.items():
            client.logout()
            if path is not None:
                client.force_login(who(ctx, path))
            with transaction.atomic():
                got[role] = outcome(send(client, route, url, route.data(ctx), ctx))
                transaction.set_rollback(True)
        if RECORDING:
            recorded[key] = got
            return
        row = matrix().get(key)
        assert row is not None, f"{key}: no row in tests/access_matrix.json (who may use it?)"
        wrong = {
            role: f"got {got[role]}, declared {row.get(role)}"
            for role in ROLES
            if got[role] != row.get(role)
        }
        assert not wrong, f"{key}: {wrong}"

    # A public API operation (no account: a rating by the dossier's code and ID digits) has no
    # ambient credential for a forged request to ride on; every other write needs the token.
    writes = [r for r in every if r.method != "GET" and not (r.public and r.api)]

    @pytest.mark.parametrize("route", writes, ids=[_id(r) for r in writes])
    def test_a_write_without_the_csrf_token_is_refused(ctx: Any, route: Route) -> None:
        """Every form and every API write by session needs the CSRF token (a request with a
        bearer token carries no cookie to forge, so it is sent here without one)."""
        client = Client(enforce_csrf_checks=True)
        if not route.public:
            client.force_login(who(ctx, route.insider))
        url = reverse(route.name, kwargs=route.kwargs(ctx))
        data = route.data(ctx)
        events = AuditEvent.objects.count()
        response = send(client, replace(route, headers=lambda c: {}), url, data, ctx)
        assert response.status_code == 403, response.content[:300]
        assert AuditEvent.objects.count() == events

    for test, cases in (
        (test_a_write_without_the_csrf_token_is_refused, writes),
        (test_access_matrix, every),
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
