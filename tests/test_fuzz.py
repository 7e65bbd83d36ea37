"""API fuzzing: every operation of the OpenAPI schema, with requests generated from the schema.

Schemathesis reads ``/api/v1/openapi.json`` from the WSGI application, in-process, and for each
operation sends at most ``DANCHU_FUZZ_EXAMPLES`` generated requests (10 by default): valid data
and invalid data, from a fixed seed (a run is reproducible), without shrinking. Each answer must
not be a server error, must have a status code and a body the schema documents, and a 4xx must
have the API's error shape ``{"error": {"code", "message", "fields"}}``.

The operations are parametrized by pytest, not by schemathesis' pytest plugin: under pytest 9
every test of the plugin has the same node id, and pytest-xdist runs only one of them.

Random ids only ever meet a 404, so the path parameters are those of the operation's route table
(``tests/<app>/test_routes.py``, which lists every operation): objects of department A built for
the test, the request made with a real API token of the person the table says succeeds
(department A's administrator unless the table names someone else). Invalid path parameters are
kept as generated. Each operation runs in its own rolled-back transaction, like any test with the
``db`` fixture; the examples of one operation share its objects.

The number of examples run is printed at the end of the session (without pytest-xdist, whose
workers print nothing) and the last test checks that examples ran.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import Phase, given, seed, settings
from hypothesis import strategies as st
from ninja import Schema
from schemathesis import APIOperation, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from danchu.core import services
from danchu.wsgi import application
from tests.conference import test_routes as conference_routes
from tests.conference.conftest import conf  # noqa: F401 — fixtures the route tables' ctx use
from tests.core import test_routes as core_routes
from tests.disclosure import test_routes as disclosure_routes
from tests.disclosure.conftest import office  # noqa: F401
from tests.inspections import test_routes as inspections_routes
from tests.inspections import test_routes_api as inspections_api_routes
from tests.inspections.conftest import world  # noqa: F401
from tests.letters import test_routes as letters_routes
from tests.letters.conftest import rc  # noqa: F401
from tests.onestop import test_routes as onestop_routes
from tests.onestop.conftest import desk  # noqa: F401
from tests.oversight import test_routes as oversight_routes
from tests.oversight.conftest import board  # noqa: F401
from tests.portal import test_routes as portal_routes
from tests.portal.conftest import portal  # noqa: F401
from tests.reports import test_routes as reports_routes
from tests.reports import test_routes_city as reports_city_routes
from tests.reports.conftest import fake_sections  # noqa: F401
from tests.routes import Route, who
from tests.tasks import test_routes as tasks_routes
from tests.tasks.conftest import work  # noqa: F401

EXAMPLES = int(os.environ.get("DANCHU_FUZZ_EXAMPLES", "10"))
SEED = 20250701

# The test's token, not generated credentials.
CONFIG = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)
OPERATIONS = {
    operation.label: operation for operation in (r.ok() for r in schema.get_all_operations())
}

# Each operation's examples come from a fixed seed (below), with no example database: a run is
# the same on every machine. No shrinking: a failure is shown as found.
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=False,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    print_blob=False,
)

# Every route table, by the name its ``ctx`` fixture has in this module.
TABLES = {
    "core_ctx": core_routes,
    "onestop_ctx": onestop_routes,
    "letters_ctx": letters_routes,
    "disclosure_ctx": disclosure_routes,
    "portal_ctx": portal_routes,
    "tasks_ctx": tasks_routes,
    "oversight_ctx": oversight_routes,
    "conference_ctx": conference_routes,
    "inspections_ctx": inspections_routes,
    "inspections_api_ctx": inspections_api_routes,
    "reports_ctx": reports_routes,
    "reports_city_ctx": reports_city_routes,
}
core_ctx = core_routes.ctx
onestop_ctx = onestop_routes.ctx
letters_ctx = letters_routes.ctx
disclosure_ctx = disclosure_routes.ctx
portal_ctx = portal_routes.ctx
tasks_ctx = tasks_routes.ctx
oversight_ctx = oversight_routes.ctx
conference_ctx = conference_routes.ctx
inspections_ctx = inspections_routes.ctx
inspections_api_ctx = inspections_api_routes.ctx
reports_ctx = reports_routes.ctx
reports_city_ctx = reports_city_routes.ctx

pytestmark = pytest.mark.django_db

# Operations and examples run in this process.
RUN = {"operations": 0, "examples": 0}


def _route(operation: APIOperation) -> tuple[str, Route]:
    """The route table entry of an operation and its ``ctx`` fixture's name."""
    method = operation.method.upper()
    operation_id = operation.definition.raw["operationId"]
    # ninja names an operation <module path>_<function>; the functions' names are unique.
    name = "api:" + operation_id.rsplit("_api_", 1)[-1]
    found = [(fixture, r) for fixture, t in TABLES.items() for r in t.API if r.name == name]
    assert found, f"{operation.label} ({name}) is in no route table"
    return next(((f, r) for f, r in found if r.method == method), found[0])


@dataclass
class Target:
    """What the examples of one operation share: real path parameters and a token."""

    path_parameters: dict[str, Any]
    token: str


@pytest.fixture
def in_process_requests() -> Iterator[None]:
    """Django's WSGI handler closes the database connection when a request starts and ends,
    which would end the test's transaction; Django's test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def target(
    request: pytest.FixtureRequest, label: str, db: None, in_process_requests: None
) -> Target:
    """The objects of the operation's route table and a token of the person it names."""
    fixture, route = _route(OPERATIONS[label])
    ctx = request.getfixturevalue(fixture)
    person = who(ctx, route.insider)
    return Target(
        path_parameters=route.kwargs(ctx),
        token=services.api_token_create(actor=person, name="fuzz")[1],
    )


@pytest.fixture(autouse=True)
def _count() -> Iterator[None]:
    """Count the operations and the examples run."""
    before = RUN["examples"]
    yield
    if RUN["examples"] > before:
        RUN["operations"] += 1


@schemathesis.check
def error_shape(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """Every 4xx answer is ``{"error": {"code": str, "message": str, "fields": {...}}}``, the
    fields' messages by name; invalid data (400 ``invalid``) names at least one field."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(f"A {response.status_code} answer that is not JSON") from None
    error = body.get("error") if isinstance(body, dict) else None
    assert isinstance(error, dict), f"A {response.status_code} answer without an error: {body!r}"
    assert isinstance(error.get("code"), str) and error["code"], f"No error code: {body!r}"
    assert isinstance(error.get("message"), str) and error["message"], f"No message: {body!r}"
    fields = error.get("fields", {})
    assert isinstance(fields, dict) and all(
        isinstance(name, str)
        and isinstance(messages, list)
        and all(isinstance(m, str) for m in messages)
        for name, messages in fields.items()
    ), f"The fields are not lists of messages by name: {body!r}"
    if response.status_code == 400 and error["code"] == "invalid":
        assert fields, f"Invalid data without the fields at fault: {body!r}"
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    error_shape,
]


def test_every_schema_has_its_own_name() -> None:
    """ninja names an OpenAPI component after its class: two classes of one name make one
    component, and the schema then describes one of them where the other is sent."""

    def subclasses(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    classes: dict[str, set[str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith("danchu."):
            classes.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: found for name, found in classes.items() if len(found) > 1} == {}


@pytest.mark.parametrize("label", list(OPERATIONS))
def test_api(label: str, target: Target) -> None:
    """Requests generated for one operation, valid and invalid; their path parameters are the
    route table's unless they were made invalid on purpose."""
    operation = OPERATIONS[label]
    cases = st.one_of([operation.as_strategy(mode) for mode in GenerationMode])
    headers = {"Authorization": f"Bearer {target.token}"}

    @seed(zlib.crc32(label.encode()) ^ SEED)
    @SETTINGS
    @given(cases)
    def example(case: schemathesis.Case) -> None:
        if not (case.meta and case.meta.is_negative_at(ParameterLocation.PATH)):
            case.path_parameters.update(
                (name, value if isinstance(value, int) else str(value))  # a UUID as in the path
                for name, value in target.path_parameters.items()
                if name in case.path_parameters
            )
        RUN["examples"] += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    example()


# What fuzzing found, sent again on every run: the operation, the request's invalid part and the
# field the answer names. Each was a server error before, on SQLite, PostgreSQL or both (the time
# with an offset: PostgreSQL kept 08:00 and dropped the offset).
FOUND = [
    pytest.param(
        "GET /api/v1/disclosure/units/{unit_id}/publications",
        {"query": {"year": 399990}},
        "year",
        id="a year the calendar does not have",
    ),
    pytest.param(
        "POST /api/v1/inspections/plans/{plan_id}/inspections",
        {"body": {"unit_id": 1, "criterion_ids": [2**70]}},
        "criterion_ids.0",
        id="an id beyond 64 bits in a list",
    ),
    pytest.param(
        "POST /api/v1/tasks/tasks/{task_id}/report",
        {"body": {"note": "x", "progress": 50, "step_ids": [2**63]}},
        "step_ids.0",
        id="an id of 2**63 in a list",
    ),
    pytest.param(
        "POST /api/v1/conference/units/{unit_id}/conferences",
        {"body": {"starts_at": "08:00:00+07:00"}},
        "starts_at",
        id="a conference time with a UTC offset",
    ),
    pytest.param(
        "POST /api/v1/conference/conferences/{conference_id}/checkin",
        {"body": {"code": "AB\x00CD"}},
        "code",
        id="NUL in the body",
    ),
    pytest.param(
        "GET /api/v1/public/onestop/dossiers/{code}",
        {"query": {"id_digits": "23\x0045"}},
        "id_digits",
        id="NUL in the query",
    ),
    pytest.param(
        "GET /api/v1/public/onestop/dossiers/{code}",
        {"path_parameters": {"code": "H\x0026"}, "query": {"id_digits": "2345"}},
        "code",
        id="NUL in the address",
    ),
]


@pytest.mark.parametrize(("label", "sent", "field"), FOUND)
def test_what_fuzzing_found_is_refused(
    label: str, sent: dict[str, Any], field: str, target: Target
) -> None:
    path = {name: str(value) for name, value in target.path_parameters.items()}
    case = OPERATIONS[label].Case(
        path_parameters={**path, **sent.get("path_parameters", {})},
        query=sent.get("query"),
        body=sent.get("body", NOT_SET),
    )
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {target.token}"}, checks=CHECKS
    )
    assert response.status_code == 400, response.text
    assert field in response.json()["error"]["fields"], response.text


def test_a_method_an_address_does_not_take_gets_the_error_shape(client: Client) -> None:
    """ninja answers it with a bare text 405 on its own."""
    for path, operations in schema.raw_schema["paths"].items():
        method = next(
            m for m in ("PUT", "PATCH", "DELETE", "POST", "GET") if m.lower() not in operations
        )
        response = client.generic(method, re.sub(r"\{\w+\}", "1", path))
        assert response.status_code == 405, path
        assert response.json()["error"]["code"] == "method_not_allowed", path
        assert set(response["Allow"].split(", ")) == {m.upper() for m in operations}, path


def test_fuzz_examples_ran(request: pytest.FixtureRequest) -> None:
    """The fuzz tests of this session ran examples (the number the summary prints)."""
    if not any(i.name.startswith("test_api[") for i in request.session.items):
        pytest.skip("no fuzz test selected")
    assert RUN["examples"] >= RUN["operations"] > 0, RUN


class _Summary:
    """Prints the number of examples run below pytest's summary (not under pytest-xdist, whose
    workers print nothing)."""

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if RUN["examples"]:
            terminalreporter.write_line(
                f"fuzz examples run: {RUN['examples']} "
                f"({RUN['operations']} operations, at most {EXAMPLES} each)"
            )


@pytest.fixture(scope="module", autouse=True)
def _summary(request: pytest.FixtureRequest) -> None:
    """Register the summary line once per process."""
    plugins = request.config.pluginmanager
    if not plugins.has_plugin("danchu-fuzz-summary"):
        plugins.register(_Summary(), "danchu-fuzz-summary")
