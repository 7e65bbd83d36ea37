"""The public lookup of a dossier's status and the citizen's rating, with a miss limit."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from danchu.core import throttle
from danchu.core.errors import DomainError
from danchu.core.forms import apply_domain_error
from danchu.core.public import public
from danchu.onestop import selectors, services
from danchu.onestop.forms import LookupForm, RatingForm
from danchu.onestop.models import Dossier

LOOKUP = throttle.Limit("dossier-lookup")  # 20 misses per address in 15 minutes, then a wait


@require_http_methods(["GET", "POST"])
@public(cache=False)
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
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = throttle.attempt(
                    request,
                    LOOKUP,
                    lambda: selectors.public_lookup(
                        code=data["code"], id_last_digits=data["id_digits"]
                    ),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status_code = exc.status
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
