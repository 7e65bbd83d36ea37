"""Every URL pattern and API operation of Danchu is declared in some app's route table."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from danchu.api.api import api
from tests.conference import test_routes as conference_routes
from tests.core import test_routes as core_routes
from tests.disclosure import test_routes as disclosure_routes
from tests.inspections import test_routes as inspections_routes
from tests.inspections import test_routes_api as inspections_api_routes
from tests.letters import test_routes as letters_routes
from tests.onestop import test_routes as onestop_routes
from tests.oversight import test_routes as oversight_routes
from tests.portal import test_routes as portal_routes
from tests.reports import test_routes as reports_routes
from tests.reports import test_routes_city as reports_city_routes
from tests.tasks import test_routes as tasks_routes

TABLES = [
    core_routes,
    onestop_routes,
    letters_routes,
    disclosure_routes,
    portal_routes,
    tasks_routes,
    oversight_routes,
    conference_routes,
    inspections_routes,
    inspections_api_routes,
    reports_routes,
    reports_city_routes,
]
# Django's own, mounted for developers or for the language switch: not Danchu's routes.
FOREIGN = ("admin:", "set_language", "api:api-root", "api:openapi-json", "api:openapi-view")


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
    return {n for n in names if not n.startswith(FOREIGN)}


def test_every_page_is_in_a_table():
    declared = {r.name for t in TABLES for r in t.PAGES}
    pages = {n for n in _page_names() if not n.startswith("api:")}
    assert pages == declared, pages ^ declared


def test_every_api_operation_is_in_a_table():
    schema = api.get_openapi_schema()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    declared = {r.name.removeprefix("api:") for t in TABLES for r in t.API}
    # ninja names an operation <module path>_<function>; the functions' names are unique.
    found = {o.rsplit("_api_", 1)[-1] for o in operations}
    assert found == declared, found ^ declared


def test_the_access_matrix_has_a_row_for_every_route_and_no_other():
    from tests.routes import matrix, matrix_keys

    declared = {key for t in TABLES for key in matrix_keys(t.__name__, [*t.PAGES, *t.API])}
    assert set(matrix()) == declared, set(matrix()) ^ declared
    roles = {"head", "admin", "staff", "officer", "board", "steering", "outsider", "anonymous"}
    assert all(set(row) == roles for row in matrix().values())
