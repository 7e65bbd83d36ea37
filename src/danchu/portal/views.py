"""The public portal's pages: no account, no script needed, small and cacheable.

Read-only pages carry no form that posts (the language switch is a link), so they may be kept
five minutes by the browser or a shared cache (``Vary: Cookie`` for the language). Pages that
show one person's dossier or letter, and the sending steps, are never stored. Every page is
sent with a Content-Security-Policy that allows nothing but this site.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from danchu.core import throttle, uploads
from danchu.core.errors import DomainError
from danchu.core.forms import apply_domain_error
from danchu.core.models import Agency
from danchu.core.public import public
from danchu.onestop.models import Satisfaction
from danchu.portal import charts, selectors, services
from danchu.portal import figures as stats
from danchu.portal.forms import (
    CatalogueForm,
    CodeForm,
    EmailForm,
    FollowForm,
    LetterForm,
    PeriodForm,
)

PAGE_SIZE = 20
SEND = throttle.Limit(  # codes sent from one address in 15 minutes
    "email-send",
    attempts=5,
    message=gettext_lazy("Too many codes were asked from your address. Please wait 15 minutes."),
)
CODE = throttle.Limit("email-code")  # wrong codes from one address
FOLLOW = throttle.Limit("letter-follow")  # wrong code and key pairs from one address
# A request larger than every allowed attachment together is refused before it is read.
MAX_REQUEST = services.MAX_FILES * services.MAX_FILE + uploads.MB
PROVEN = "portal-email"
PENDING = "portal-email-pending"
SENT = "portal-sent"


def _page(request: HttpRequest, rows: Any, param: str = "page") -> Page:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get(param))


def _unit(code: str) -> Agency:
    return selectors.organisation(code)


@require_GET
def language(request: HttpRequest, lang: str) -> HttpResponse:
    """The language switch as a plain link (no form, no token: pages stay cacheable)."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if check_for_language(lang):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
    return response


@require_GET
@public(cache=True)
def home(request: HttpRequest) -> HttpResponse:
    units = list(selectors.public_organisation_list().select_related("parent"))
    groups = [(c, [u for u in units if u.path.startswith(c.path)]) for c in selectors.cities()]
    return render(request, "portal/home.html", {"groups": groups})


@require_GET
@public(cache=True)
def unit_home(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(code)
    return render(request, "portal/unit.html", {"unit": unit})


@require_GET
@public(cache=True)
def catalogue(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(code)
    form = CatalogueForm(request.GET, fields=selectors.catalogue_fields(unit))
    rows = selectors.catalogue(unit)
    status = 200
    if form.is_valid():
        d = form.cleaned_data
        rows = selectors.catalogue(unit, query=d["q"], field=d["field"], level=d["level"])
    else:
        status = 400
    page = _page(request, rows)
    return render(
        request,
        "portal/catalogue.html",
        {"unit": unit, "form": form, "page": page},
        status=status,
    )


@require_GET
@public(cache=True)
def procedure(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _unit(code)
    found = selectors.procedure(unit, pk)
    context = {
        "unit": unit,
        "procedure": found,
        "v": found.current,
        "form_files": list(found.form_files.all()),
    }
    return render(request, "portal/procedure.html", context)


@require_GET
@public(cache=True)
def procedure_form(request: HttpRequest, code: str, pk: int, form: int) -> FileResponse:
    stored = selectors.procedure_form(_unit(code), pk, form)
    return uploads.download(stored.file, stored.name)


# --- sending a letter ------------------------------------------------------------------------


def _proof(request: HttpRequest) -> int | None:
    """The verified challenge this browser proved its address with (its id: the session never
    holds the address itself)."""
    value = request.session.get(PROVEN)
    return value if isinstance(value, int) else None


@require_http_methods(["GET", "POST"])
@public(cache=False)
def send_email(request: HttpRequest, code: str) -> HttpResponse:
    """Step 1 of 3: the address the agency will answer, proven by a code sent to it."""
    unit = _unit(code)
    form = EmailForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                throttle.spend(request, SEND)
                challenge = services.email_code_send(email=form.cleaned_data["email"])
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                request.session[PENDING] = challenge.pk
                return redirect("portal:send_code", code=unit.code)
    return render(
        request, "portal/send_email.html", {"unit": unit, "form": form, "step": 1}, status=status
    )


@require_http_methods(["GET", "POST"])
@public(cache=False)
def send_code(request: HttpRequest, code: str) -> HttpResponse:
    """Step 2 of 3: the 6-digit code from the e-mail."""
    unit = _unit(code)
    pending = request.session.get(PENDING)
    challenge = pending if isinstance(pending, int) else None
    email = services.pending_email(challenge)
    if challenge is None or not email:
        return redirect("portal:send_email", code=unit.code)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                throttle.attempt(
                    request,
                    CODE,
                    lambda: services.email_code_check(
                        challenge=challenge,
                        code=form.cleaned_data["code"],
                    ),
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                request.session[PROVEN] = challenge
                request.session.pop(PENDING, None)
                return redirect("portal:send_letter", code=unit.code)
    console = settings.EMAIL_BACKEND.endswith("console.EmailBackend")
    return render(
        request,
        "portal/send_code.html",
        {"unit": unit, "form": form, "email": email, "step": 2, "console": console},
        status=status,
    )


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@require_http_methods(["GET", "POST"])
@public(cache=False)
def send_letter(request: HttpRequest, code: str) -> HttpResponse:
    """Step 3 of 3: the letter itself, with attachments checked by their size, then content."""
    unit = _unit(code)
    email = services.proven_email(_proof(request))
    if not email:
        messages.info(request, _("First prove your e-mail address with a code."))
        return redirect("portal:send_email", code=unit.code)
    context: dict[str, Any] = {"unit": unit, "email": email, "step": 3}
    if _content_length(request) > MAX_REQUEST:
        form = LetterForm(initial={"submission": uuid.uuid4().hex})
        refusal = _("The attachments are too large: at most %(n)d files of %(mb)d MB each.") % {
            "n": services.MAX_FILES,
            "mb": services.MAX_FILE // uploads.MB,
        }
        context |= {"form": form, "refusal": refusal}
        return render(request, "portal/send_letter.html", context, status=413)
    if request.method == "GET":
        form = LetterForm(initial={"submission": uuid.uuid4().hex})
        return render(request, "portal/send_letter.html", {**context, "form": form})
    form = LetterForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        data = services.LetterIn(
            kind=d["kind"],
            matter=d["matter"],
            content=d["content"],
            name=d["name"],
            address=d["address"],
            id_number=d["id_number"],
            phone=d["phone"],
            protect=d["protect"],
            files=[uploads.FileIn(f.name, f.read()) for f in d["attachments"]],
        )
        try:
            sent = services.letter_send(
                agency=unit, proof=_proof(request), data=data, submission=d["submission"]
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
            status = exc.status
        else:
            request.session.pop(PROVEN, None)
            request.session.cycle_key()
            if sent.key:
                request.session[SENT] = {
                    "code": sent.letter.code,
                    "key": services.show_key(sent.key),
                    "protected": sent.letter.protected,
                }
            return redirect("portal:sent", code=unit.code)
    context["files_dropped"] = bool(request.FILES)
    return render(request, "portal/send_letter.html", {**context, "form": form}, status=status)


@require_GET
@public(cache=False)
def sent(request: HttpRequest, code: str) -> HttpResponse:
    """The code and key, shown once: the session forgets them as the page is made."""
    unit = _unit(code)
    done = request.session.pop(SENT, None)
    if not done:
        messages.info(
            request, _("The code and key of your letter were shown once, when you sent it.")
        )
        return redirect("portal:follow")
    return render(request, "portal/sent.html", {"unit": unit, "done": done})


@require_http_methods(["GET", "POST"])
@public(cache=False)
def follow(request: HttpRequest) -> HttpResponse:
    """A letter sent from the portal, for whoever has its code and key (posted, so that the key
    stays out of addresses, histories and logs)."""
    form = FollowForm(request.POST or None, initial={"code": request.GET.get("code", "")[:60]})
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                result = throttle.attempt(
                    request, FOLLOW, lambda: services.letter_follow(code=d["code"], key=d["key"])
                )
                status = 200
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
    return render(request, "portal/follow.html", {"form": form, "result": result}, status=status)


# --- public figures and open data ------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[PeriodForm, Any, Any]:
    form = PeriodForm(request.GET or None)
    if not form.is_bound:
        form = PeriodForm({"year": timezone.localdate().year})
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, None, None


def _unit_charts(f: stats.UnitFigures) -> list[charts.Chart]:
    return [
        charts.chart(
            "dossiers",
            _("Dossiers"),
            [
                (_("resolved early or on time"), f.dossiers_on_time, charts.GREEN),
                (_("resolved late"), f.dossiers_late, charts.RED),
                (_("in progress at the end"), f.dossiers_in_progress, charts.GREY),
            ],
        ),
        charts.chart(
            "ratings",
            _("Ratings of the service"),
            [
                (str(label), f.ratings.get(s, 0), colour)
                for (s, label), colour in zip(
                    Satisfaction.choices, (charts.GREEN, charts.BLUE, charts.RED), strict=True
                )
            ],
        ),
        charts.chart(
            "letters",
            _("Letters"),
            [
                (_("settled on time"), f.letters_settled_on_time, charts.GREEN),
                (_("settled late"), f.letters_settled_late, charts.RED),
                (_("in progress at the end"), f.letters_in_progress, charts.GREY),
            ],
        ),
    ]


def _city_charts(c: stats.CityFigures) -> list[charts.Chart]:
    return [
        charts.chart(
            "on-time",
            _("On-time rate of dossiers, by department"),
            [(u.name, u.dossiers_on_time_rate, charts.GREEN) for u in c.units],
            percent=True,
        )
    ]


def _figures_page(
    request: HttpRequest,
    template: str,
    compute: Callable[[Any, Any], Any],
    draw: Callable[[Any], list[charts.Chart]],
    context: dict[str, Any],
) -> HttpResponse:
    form, start, end = _period(request)
    if start is None:
        return render(request, template, {**context, "form": form, "figures": None}, status=400)
    found = compute(start, end)
    return render(
        request,
        template,
        {
            **context,
            "form": form,
            "start": start,
            "end": end,
            "figures": found,
            "charts": draw(found),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@public(cache=True)
def figures(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(code)
    return _figures_page(
        request,
        "portal/figures.html",
        lambda start, end: stats.unit_figures(unit, start, end),
        _unit_charts,
        {"unit": unit},
    )


@require_GET
@public(cache=True)
def city_figures(request: HttpRequest, code: str) -> HttpResponse:
    city = selectors.city(code)
    return _figures_page(
        request,
        "portal/city_figures.html",
        lambda start, end: stats.city_figures(city, start, end),
        _city_charts,
        {"city": city},
    )


def _data(
    request: HttpRequest,
    fmt: str,
    name: str,
    compute: Callable[[Any, Any], tuple[list[stats.UnitFigures], dict[str, Any]]],
) -> HttpResponse:
    """The open data: CSV (a row per unit, ``stats.COLUMNS``) or JSON (``stats.SCHEMA``)."""
    form, start, end = _period(request)
    if start is None:
        errors = {k: [str(e) for e in v] for k, v in form.errors.items()}
        first = next(iter(errors.values()))[0]
        body = {"error": {"code": "invalid", "message": first, "fields": errors}}  # the API's
        return JsonResponse(body, status=400)
    rows, body = compute(start, end)
    filename = f"{name}_{start:%Y%m%d}_{end:%Y%m%d}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response.write("\ufeff")  # Excel then reads the UTF-8 (Vietnamese) correctly
        writer = csv.writer(response)
        writer.writerow(["start", "end", *(c for c, _ in stats.COLUMNS)])
        for u in rows:
            writer.writerow([start.isoformat(), end.isoformat(), *(g(u) for _, g in stats.COLUMNS)])
        return response
    head = {"schema": stats.SCHEMA, "start": start.isoformat(), "end": end.isoformat()}
    return JsonResponse({**head, **body}, json_dumps_params={"ensure_ascii": False})


@require_GET
@public(cache=True)
def figures_data(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    unit = _unit(code)

    def compute(start: Any, end: Any) -> tuple[list[stats.UnitFigures], dict[str, Any]]:
        one = stats.unit_figures(unit, start, end)
        return [one], {"units": [one.as_dict()]}

    return _data(request, fmt, f"so-lieu_{unit.code}", compute)


@require_GET
@public(cache=True)
def city_figures_data(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    city = selectors.city(code)

    def compute(start: Any, end: Any) -> tuple[list[stats.UnitFigures], dict[str, Any]]:
        found = stats.city_figures(city, start, end)
        body = {
            "city": {"code": city.code, "name": city.name},
            "total": found.total.as_dict(),
            "units": [u.as_dict() for u in found.units],
        }
        return [*found.units, found.total], body

    return _data(request, fmt, f"so-lieu_{city.code}", compute)


@require_GET
@public(cache=True)
def opendata(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/opendata.html",
        {
            "schema": stats.SCHEMA,
            "columns": [
                (c, stats.MEANINGS[c]) for c in ["start", "end", *(c for c, _ in stats.COLUMNS)]
            ],
            "cities": list(selectors.cities()),
        },
    )


# --- public documents ------------------------------------------------------------------------


@require_GET
@public(cache=True)
def documents(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(code)
    return render(
        request,
        "portal/documents.html",
        {
            "unit": unit,
            "page": _page(request, selectors.publications(unit)),
            "conclusions": Paginator(selectors.conclusions(unit), PAGE_SIZE).get_page(
                request.GET.get("conclusions")
            ),
        },
    )


@require_GET
@public(cache=True)
def document_file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    unit = _unit(code)
    stored = selectors.public_file(unit, pk)
    return uploads.download(stored.file, stored.name)
