"""The public lookup of a dossier's status and the citizen's rating, with a miss limit."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from danchu.core.errors import DomainError, NotFound
from danchu.core.forms import apply_domain_error
from danchu.onestop import selectors, services
from danchu.onestop.forms import LookupForm, RatingForm
from danchu.onestop.models import Dossier

LOOKUP_MISSES = 10  # per address per 15 minutes, then a wait
LOOKUP_WINDOW = 15 * 60


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _too_many_misses(request: HttpRequest) -> bool:
    return int(cache.get(f"lookup-miss:{_client_address(request)}", 0)) >= LOOKUP_MISSES


def _count_miss(request: HttpRequest) -> None:
    key = f"lookup-miss:{_client_address(request)}"
    cache.add(key, 0, LOOKUP_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, LOOKUP_WINDOW)


@require_http_methods(["GET", "POST"])
def public_lookup(request: HttpRequest) -> HttpResponse:
    """Anyone with the code and the last 4 ID digits sees the status; nothing personal."""
    form = LookupForm(request.GET if "code" in request.GET else None)
    rating_form = None
    status_code = 200
    result = None
    if request.method == "POST":
        rating_form = RatingForm(request.POST)
        form = LookupForm(
            {"code": request.POST.get("code", ""), "id_digits": request.POST.get("id_digits", "")}
        )
    if form.is_bound:
        if _too_many_misses(request):
            form.add_error(
                None,
                _(
                    "Too many unsuccessful lookups from your address. "
                    "Please wait 15 minutes and try again."
                ),
            )
            status_code = 429
        elif form.is_valid():
            try:
                result = selectors.public_lookup(
                    code=form.cleaned_data["code"], id_last_digits=form.cleaned_data["id_digits"]
                )
            except NotFound as exc:
                _count_miss(request)
                form.add_error(None, exc.message)
                status_code = 404
        else:
            status_code = 400
    if result is not None and rating_form is not None:
        if rating_form.is_valid():
            dossier = Dossier.objects.get(code=result.code)
            try:
                services.dossier_rate(
                    dossier=dossier,
                    satisfaction=rating_form.cleaned_data["satisfaction"],
                    comment=rating_form.cleaned_data["comment"],
                )
            except DomainError as exc:
                apply_domain_error(rating_form, exc)
                status_code = exc.status
            else:
                messages.success(request, _("Thank you for rating the service."))
                url = reverse("onestop:public_lookup")
                return redirect(
                    f"{url}?code={result.code}&id_digits={form.cleaned_data['id_digits']}"
                )
        else:
            status_code = 400
    if result is not None and result.returned and not result.rated and rating_form is None:
        rating_form = RatingForm(
            initial={"code": result.code, "id_digits": form.cleaned_data["id_digits"]}
        )
    return render(
        request,
        "onestop/public_lookup.html",
        {"form": form, "result": result, "rating_form": rating_form, "today": timezone.localdate()},
        status=status_code,
    )
