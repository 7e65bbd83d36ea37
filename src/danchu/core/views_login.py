"""Login: the password form with a limit per address, then, for those who need it, the
one-time code (``danchu.core.twofactor``); and the page where a person sets up the code."""

from __future__ import annotations

import time
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from danchu.core import throttle, twofactor
from danchu.core.auth import lockout_message
from danchu.core.errors import DomainError
from danchu.core.forms import CodeForm, LoginForm
from danchu.core.models import User

PENDING_SECONDS = 300  # the code must follow the password within five minutes
BACKEND = "danchu.core.auth.LockoutModelBackend"


def login_limit() -> throttle.Limit:
    return throttle.Limit("login", attempts=settings.DANCHU_LOGIN_ATTEMPTS)


class LoginView(auth_views.LoginView):
    """The password. Failed attempts from one address are limited (a spray over many accounts
    stays under each account's lockout); a person with two-factor login goes on to the code."""

    form_class = LoginForm
    template_name = "core/login.html"
    redirect_authenticated_user = True
    http_method_names = ["get", "post"]  # FormView would accept PUT as a POST

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            miss = throttle.take(request, login_limit())
        except DomainError as exc:
            context = self.get_context_data(form=LoginForm(request), refused=exc.message)
            return self.render_to_response(context, status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated or twofactor.SESSION_PENDING in request.session:
            miss.delete()  # only failures count
        return response

    def form_valid(self, form: Any) -> HttpResponse:
        person = form.get_user()
        if settings.DANCHU_TWO_FACTOR and twofactor.enrolled(person):
            self.request.session[twofactor.SESSION_PENDING] = {
                "person": person.pk,
                "next": self.get_success_url(),
                "at": time.time(),
            }
            return redirect("core:login_code")
        return super().form_valid(form)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _pending(request: HttpRequest) -> tuple[User, str] | None:
    pending = request.session.get(twofactor.SESSION_PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(twofactor.SESSION_PENDING, None)
        return None
    pk = pending.get("person")
    person = User.objects.filter(pk=pk, is_active=True).first() if isinstance(pk, int) else None
    if person is None:
        return None
    target = str(pending.get("next") or "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return person, target


def _check_code(request: HttpRequest, person: User, form: CodeForm, verb: str) -> int:
    """0 when the code is accepted; else the status of the page that says why."""
    if not form.is_valid():
        return 400
    if person.locked_until and person.locked_until > timezone.now():
        form.add_error(None, lockout_message(person.locked_until))
        return 400
    try:
        miss = throttle.take(request, login_limit())
    except DomainError as exc:
        form.add_error(None, exc.message)
        return 429
    if not twofactor.check(person, form.cleaned_data["code"], verb=verb):
        form.add_error("code", _("This code is not right. Enter the code your app shows now."))
        return 400
    miss.delete()
    return 0


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of a login: the code of the person whose password was right."""
    found = _pending(request)
    if found is None:
        return redirect("core:login")
    person, target = found
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = _check_code(request, person, form, "auth.totp_login")
        if status == 0:
            request.session.pop(twofactor.SESSION_PENDING, None)
            auth_login(request, person, backend=BACKEND)
            request.session[twofactor.SESSION_VERIFIED] = True
            return redirect(target)
    return render(request, "core/login_code.html", {"form": form, "person": person}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up two-factor login (a QR code to scan, then one code to confirm it), or, once set
    up, give this session's code when it was opened without one."""
    person = request.user
    assert isinstance(person, User)
    enrolled = twofactor.enrolled(person)
    verified = bool(request.session.get(twofactor.SESSION_VERIFIED))
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and not (enrolled and verified):
        verb = "auth.totp_login" if enrolled else "auth.totp_enrol"
        status = _check_code(request, person, form, verb)
        if status == 0:
            request.session[twofactor.SESSION_VERIFIED] = True
            if not enrolled:
                messages.success(request, _("Two-factor login is set up."))
            target = request.POST.get("next") or "/"
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/"
            return redirect(target)
    context: dict[str, Any] = {
        "form": form,
        "enrolled": enrolled,
        "verified": verified,
        "required": twofactor.required(person),
        "next": request.GET.get("next") or request.POST.get("next") or "",
    }
    if not enrolled:
        secret = twofactor.start_enrolment(person)
        uri = twofactor.provisioning_uri(person, secret)
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        context["qr"] = segno.make(uri, error="m").svg_data_uri(scale=4)
    return render(request, "core/two_factor.html", context, status=status)
