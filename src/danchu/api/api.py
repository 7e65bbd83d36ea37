"""The API instance: ``/api/v1``, OpenAPI at ``/api/v1/openapi.json``, docs at ``/api/v1/docs``.

Authentication: the browser session (with CSRF) or a personal token
(``Authorization: Bearer dch_…``). Every error has one shape:
``{"error": {"code", "message", "fields"}}``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth

from danchu.core.errors import DomainError
from danchu.core.models import ApiToken, User
from danchu.core.services import token_hash


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = (
            ApiToken.objects.select_related("owner")
            .filter(token_hash=token_hash(token), revoked_at__isnull=True)
            .first()
        )
        if found is None or not found.owner.is_active:
            return None
        # Touch at most once a minute: a token used in a loop must not write on every call.
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.owner
        return found.owner


class ActiveSessionAuth(SessionAuth):
    """Session auth that refuses a disabled account."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


class DanchuParser(Parser):
    """ninja's JSON parser, refusing a body that is not JSON and the NUL character in any text
    of the body, the query or a form: PostgreSQL cannot store it (a server error), and Django's
    forms refuse it too."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = super().parse_body(request)
        except ValueError:  # not JSON, or not UTF-8
            raise DomainError(
                "invalid",
                _("The data sent are not valid."),
                fields={"__all__": [_("Invalid value.")]},
            ) from None
        _refuse_nul(data)
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        _refuse_nul(parsed)
        return parsed


def _refuse_nul(data: Any) -> None:
    names = _with_nul(data, ())
    if names:
        raise DomainError(
            "invalid",
            _("The data sent are not valid."),
            fields={name: [_("Invalid text.")] for name in names},
        )


def _with_nul(data: Any, where: tuple[str, ...]) -> list[str]:
    """The names (dotted paths) of the texts in ``data`` that hold the NUL character."""
    if isinstance(data, str):
        return [".".join(where) or "__all__"] if "\x00" in data else []
    if isinstance(data, dict):
        names = [".".join(where) or "__all__"] if any("\x00" in str(k) for k in data) else []
        for key, value in data.items():
            names += _with_nul(value, (*where, str(key)))
        return names
    if isinstance(data, list | tuple):
        return [name for i, value in enumerate(data) for name in _with_nul(value, (*where, str(i)))]
    return []


class DanchuAPI(NinjaAPI):
    """ninja answers a method an address does not take with a bare text 405 ("Method not
    allowed"), and passes on a NUL character in the address; this API answers both in its one
    error shape, like every other error."""

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _with_api_errors(pattern.callback)
        return patterns, app_name, namespace


def _with_api_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)  # keeps ninja's csrf_exempt
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        names = _with_nul(kwargs, ())
        if names:
            fields = {name: [_("Invalid text.")] for name in names}
            return _error(request, 400, "invalid", _("The data sent are not valid."), fields)
        response: HttpResponseBase = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        error = _error(request, 405, "method_not_allowed", _("Not available this way"))
        error["Allow"] = response["Allow"]
        return error

    return wrapper


api = DanchuAPI(
    title="Danchu API",
    version="1",
    description=_("Grassroots democracy (QCDC) in a public agency."),
    # The token first: a request that carries one is a script, with no session and no CSRF
    # cookie; session auth would refuse its writes for want of a CSRF token.
    auth=[TokenAuth(), ActiveSessionAuth()],
    parser=DanchuParser(),
    urls_namespace="api",
)


def _error(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request,
        {"error": {"code": code, "message": message, "fields": fields or {}}},
        status=status,
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.fields)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = [str(p) for p in item.get("loc", []) if p not in ("body", "query", "path", "payload")]
        name = ".".join(loc) or "__all__"
        fields.setdefault(name, []).append(_vi_message(item))
    return _error(request, 400, "invalid", _("The data sent are not valid."), fields)


def _vi_message(item: dict[str, Any]) -> str:
    kind = str(item.get("type", ""))
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Invalid date; use YYYY-MM-DD.")
    if kind.startswith("int") or kind.startswith("float"):
        return _("Enter a number.")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _("The number is out of range.")
    if kind.startswith("string"):
        return _("Invalid text.")
    return _("Invalid value.")


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Log in or send a valid API token."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, DomainError):  # ninja wraps the parser's refusal of a body
        return on_domain_error(request, exc.__cause__)
    code = {403: "forbidden", 404: "not_found", 405: "method_not_allowed"}.get(
        exc.status_code, "error"
    )
    message = str(exc)
    if exc.status_code == 403 and "CSRF" in message:
        message = _("The form's security token is missing or stale: reload the page and retry.")
    return _error(request, exc.status_code, code, message)


def _mount() -> None:
    from danchu.conference.api import router as conference_router
    from danchu.core.api import router as core_router
    from danchu.disclosure.api import router as disclosure_router
    from danchu.inspections.api import router as inspections_router
    from danchu.letters.api import router as letters_router
    from danchu.onestop.api import public as onestop_public
    from danchu.onestop.api import router as onestop_router
    from danchu.oversight.api import router as oversight_router
    from danchu.reports.api import router as reports_router
    from danchu.reports.api_city import router as city_router
    from danchu.tasks.api import router as tasks_router

    api.add_router("", core_router)
    api.add_router("/onestop", onestop_router)
    api.add_router("/letters", letters_router)
    api.add_router("/disclosure", disclosure_router)
    api.add_router("/tasks", tasks_router)
    api.add_router("/board", oversight_router)
    api.add_router("/conference", conference_router)
    api.add_router("/inspections", inspections_router)
    api.add_router("/reports", reports_router)
    api.add_router("/city", city_router)
    api.add_router("/public/onestop", onestop_public)


_mount()
