"""Danchu's middleware: a request id kept in the audit events it causes and sent back in a
header; error pages in HTML; the language; security headers; the two-factor gate."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

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


# No inline script, no event handler attribute, no eval: every script is a file of the app
# (htmx and core/danchu.js). Inline styles stay allowed (a bar's width, htmx's swaps); they
# cannot run code. Portal pages send a stricter policy of their own (danchu.core.public).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """The Content-Security-Policy and Permissions-Policy on every answer that has none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class SecondFactorMiddleware:
    """Hold a person who must log in with a code (``danchu.core.twofactor.required``) to the
    two-factor page until this session has had one: the page to set it up on first login, or
    to give the code when the session was opened without it. The API answers 403."""

    EXEMPT = frozenset(
        {"core:two_factor", "core:login", "core:login_code", "core:logout", "core:health"}
    )
    RECHECK_SECONDS = 300  # a person found not to need it is checked again after this

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        from danchu.core import twofactor

        user = getattr(request, "user", None)
        if not settings.DANCHU_TWO_FACTOR or user is None or not user.is_authenticated:
            return None
        session = request.session
        if session.get(twofactor.SESSION_VERIFIED):
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in self.EXEMPT or name == "set_language":
            return None
        checked = session.get("danchu_2fa_not_needed", 0)
        if time.time() - checked < self.RECHECK_SECONDS:
            return None
        if not twofactor.required(user):
            session["danchu_2fa_not_needed"] = time.time()
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "error": {
                        "code": "second_factor_required",
                        "message": str(
                            _("Two-factor login is required: open Danchu in the browser.")
                        ),
                    }
                },
                status=403,
            )
        return redirect(
            f"{reverse('core:two_factor')}?{urlencode({'next': request.get_full_path()})}"
        )
