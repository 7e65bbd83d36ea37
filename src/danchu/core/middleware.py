"""Give every request an id, kept in the audit events it causes and sent back in a header."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from danchu.core.audit import current_request_id
from danchu.core.errors import DomainError

_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class HtmlErrorPagesMiddleware:
    """Give a page to a bare 405 (e.g. opening a form's address directly), which Django leaves
    empty; the API keeps its JSON errors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not response.content
            and not request.path.startswith("/api/")
        ):
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A service's refusal that no form caught: 404 and 403 pages (nothing leaks), or the
        message on an error page (400)."""
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        template = {404: "404.html", 403: "403.html"}.get(exception.status, "400.html")
        return render(request, template, {"message": exception.message}, status=exception.status)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Vietnamese unless the person chose otherwise with the language switch: a browser set to
    English must not turn an agency's system English by itself."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else ""
        except LookupError:
            language = ""
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
