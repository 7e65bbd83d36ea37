"""Pages of the one-stop desk: parse, call a selector or a service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core import selectors as core_selectors
from danchu.core.errors import DomainError, NotFound
from danchu.core.forms import apply_domain_error
from danchu.core.models import Agency, User
from danchu.onestop import selectors, services
from danchu.onestop.forms import (
    ApologyForm,
    DecideForm,
    ImportForm,
    IntakeForm,
    LookupForm,
    NoteForm,
    PeriodForm,
    RatingForm,
)
from danchu.onestop.models import Dossier, Slip
from danchu.onestop.stats import onestop_report

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _unit(request: HttpRequest, pk: int) -> Agency:
    return core_selectors.agency_get(actor=_actor(request), pk=pk)


def _need(request: HttpRequest, perm: str, obj: Any) -> None:
    if not _actor(request).has_perm(perm, obj):
        raise PermissionDenied


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The desk of the person's own organisation."""
    summary = core_selectors.home_summary(actor=_actor(request))
    organisations = summary["organisations"]
    assert isinstance(organisations, list)
    if not organisations:
        raise PermissionDenied
    return redirect("onestop:queue", unit=organisations[0].pk)


# --- catalogue -------------------------------------------------------------------------------


@login_required
@require_GET
def procedure_list(request: HttpRequest, unit: int) -> HttpResponse:
    agency = _unit(request, unit)
    _need(request, "onestop.view_catalogue", agency)
    query = request.GET.get("q", "").strip()
    procedures = selectors.procedure_list(actor=_actor(request), agency=agency, query=query)
    page = Paginator(procedures, 50).get_page(request.GET.get("page"))
    context = {
        "unit": agency,
        "page": page,
        "q": query,
        "import_form": ImportForm(),
        "can_manage": _actor(request).has_perm("onestop.manage_catalogue", agency),
    }
    return render(request, "onestop/procedure_list.html", context)


@login_required
@require_GET
def procedure_detail(request: HttpRequest, unit: int, pk: int) -> HttpResponse:
    agency = _unit(request, unit)
    _need(request, "onestop.view_catalogue", agency)
    procedure = selectors.procedure_get(actor=_actor(request), agency=agency, pk=pk)
    return render(
        request,
        "onestop/procedure_detail.html",
        {"unit": agency, "procedure": procedure, "version": procedure.current},
    )


@login_required
@require_GET
def catalogue_export(request: HttpRequest, unit: int) -> HttpResponse:
    from danchu.onestop.excel import catalogue_export as export

    agency = _unit(request, unit)
    _need(request, "onestop.view_catalogue", agency)
    return _download(export(agency=agency), XLSX, f"thu-tuc-{agency.code}.xlsx")


@login_required
@require_POST
def catalogue_import(request: HttpRequest, unit: int) -> HttpResponse:
    from danchu.onestop.excel import catalogue_import as do_import

    agency = _unit(request, unit)
    _need(request, "onestop.manage_catalogue", agency)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "onestop/import_report.html",
            {"unit": agency, "form": form, "report": None},
            status=400,
        )
    report = do_import(actor=_actor(request), agency=agency, data=form.cleaned_data["file"].read())
    status = 400 if report.rejected and not (report.created or report.updated) else 200
    return render(
        request,
        "onestop/import_report.html",
        {"unit": agency, "form": form, "report": report},
        status=status,
    )


# --- intake and dossiers ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    agency = _unit(request, unit)
    _need(request, "onestop.receive", agency)
    procedures = list(selectors.procedure_list(actor=actor, agency=agency, published_only=True))
    data = request.POST if request.method == "POST" else request.GET
    chosen = next((p for p in procedures if str(p.pk) == data.get("procedure")), None)
    if chosen is not None:
        chosen = selectors.procedure_get(actor=actor, agency=agency, pk=chosen.pk)
    form = IntakeForm(
        request.POST if request.method == "POST" else None,
        procedures=procedures,
        chosen=chosen,
        initial={"procedure": chosen.pk if chosen else None},
    )
    if request.method == "POST" and form.is_valid() and chosen is not None:
        d = form.cleaned_data
        common = {
            "actor": actor,
            "agency": agency,
            "procedure": chosen,
            "applicant_kind": d["applicant_kind"],
            "applicant_name": d["applicant_name"],
            "applicant_id": d["applicant_id"],
            "documents": d["documents"],
            "channel": d["channel"],
            "applicant_phone": d["applicant_phone"],
            "applicant_email": d["applicant_email"],
            "applicant_address": d["applicant_address"],
        }
        try:
            if "refuse" in request.POST:
                dossier = services.dossier_refuse_intake(reasons=d["reasons"], **common)
            else:
                dossier = services.dossier_receive(**common)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            apply_domain_error(form, exc)
        else:
            slip = dossier.slips.order_by("-id").first()
            messages.success(
                request, _("Dossier %(code)s was registered.") % {"code": dossier.code}
            )
            if slip is not None:
                return redirect("onestop:slip", pk=slip.pk)
            return redirect("onestop:dossier", pk=dossier.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "onestop/intake.html",
        {"unit": agency, "form": form, "chosen": chosen},
        status=status,
    )


@login_required
@require_GET
def dossier_list(request: HttpRequest, unit: int) -> HttpResponse:
    agency = _unit(request, unit)
    _need(request, "onestop.view_dossier", agency)
    query = request.GET.get("q", "").strip()
    dossiers = selectors.dossier_list(actor=_actor(request), agency=agency)
    if query:
        dossiers = dossiers.filter(code__icontains=query) | dossiers.filter(
            applicant_name__icontains=query
        )
    page = Paginator(dossiers.order_by("-received_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "onestop/dossier_list.html", {"unit": agency, "page": page, "q": query})


@login_required
@require_GET
def queue(request: HttpRequest, unit: int) -> HttpResponse:
    agency = _unit(request, unit)
    _need(request, "onestop.view_dossier", agency)
    mine = request.GET.get("mine") == "1"
    rows = selectors.work_queue(actor=_actor(request), agency=agency, mine_only=mine)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": agency,
        "page": page,
        "mine": mine,
        "labels": selectors.URGENCY_LABELS,
        "can_receive": _actor(request).has_perm("onestop.receive", agency),
    }
    return render(request, "onestop/queue.html", context)


def _dossier(request: HttpRequest, pk: int) -> Dossier:
    return selectors.dossier_get(actor=_actor(request), pk=pk)


@login_required
@require_GET
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    dossier = _dossier(request, pk)
    forms = {
        name: spec.form(initial={"revision": dossier.revision})
        for name, spec in ACTIONS.items()
        if spec.allowed(actor, dossier)
    }
    context = {
        "dossier": dossier,
        "steps": list(dossier.version.steps.all()),
        "handovers": dossier.handovers.select_related("from_user", "to_user"),
        "slips": dossier.slips.all(),
        "pauses": dossier.pauses.all(),
        "actions": forms,
        "action_labels": {name: spec.label for name, spec in ACTIONS.items()},
    }
    return render(request, "onestop/dossier_detail.html", context)


class Action:
    def __init__(
        self,
        label: str,
        form: type,
        perm: str,
        states: tuple[str, ...],
        call: Callable[[User, Dossier, dict[str, Any]], Dossier],
    ) -> None:
        self.label, self.form, self.perm, self.states, self.call = label, form, perm, states, call

    def allowed(self, actor: User, dossier: Dossier) -> bool:
        return dossier.state in self.states and actor.has_perm(self.perm, dossier)


def _text(d: dict[str, Any]) -> str:
    return str(d.get("text") or "")


ACTIONS: dict[str, Action] = {
    "advance": Action(
        _("Hand over to the next step"),
        NoteForm,
        "onestop.handle",
        ("in_progress",),
        lambda a, d, f: services.dossier_advance(
            actor=a, dossier=d, note=_text(f), revision=f.get("revision")
        ),
    ),
    "send_back": Action(
        _("Send back to the previous step"),
        NoteForm,
        "onestop.handle",
        ("in_progress",),
        lambda a, d, f: services.dossier_send_back(
            actor=a, dossier=d, reason=_text(f), revision=f.get("revision")
        ),
    ),
    "decide": Action(
        _("Decide"),
        DecideForm,
        "onestop.handle",
        ("in_progress",),
        lambda a, d, f: services.dossier_decide(
            actor=a,
            dossier=d,
            approved=f["approved"],
            result_number=f.get("result_number", ""),
            reasons=f.get("reasons", ""),
            revision=f.get("revision"),
        ),
    ),
    "request_supplement": Action(
        _("Request a supplement (stops the clock)"),
        NoteForm,
        "onestop.handle",
        ("in_progress",),
        lambda a, d, f: services.dossier_request_supplement(
            actor=a, dossier=d, missing=_text(f), revision=f.get("revision")
        ),
    ),
    "receive_supplement": Action(
        _("Supplement received (restarts the clock)"),
        NoteForm,
        "onestop.desk",
        ("supplement",),
        lambda a, d, f: services.dossier_receive_supplement(
            actor=a, dossier=d, revision=f.get("revision")
        ),
    ),
    "apologise": Action(
        _("Apologise and set a new date"),
        ApologyForm,
        "onestop.apologise",
        ("in_progress", "supplement", "suspended"),
        lambda a, d, f: services.dossier_apologise(
            actor=a,
            dossier=d,
            new_date=f["new_date"],
            reason=f["reason"],
            revision=f.get("revision"),
        ),
    ),
    "suspend": Action(
        _("Suspend"),
        NoteForm,
        "onestop.suspend",
        ("in_progress",),
        lambda a, d, f: services.dossier_suspend(
            actor=a, dossier=d, reason=_text(f), revision=f.get("revision")
        ),
    ),
    "resume": Action(
        _("Resume"),
        NoteForm,
        "onestop.suspend",
        ("suspended",),
        lambda a, d, f: services.dossier_resume(actor=a, dossier=d, revision=f.get("revision")),
    ),
    "return": Action(
        _("Return the result to the applicant"),
        NoteForm,
        "onestop.desk",
        ("approved", "rejected"),
        lambda a, d, f: services.dossier_return(actor=a, dossier=d, revision=f.get("revision")),
    ),
    "withdraw": Action(
        _("Withdraw (at the applicant's request)"),
        NoteForm,
        "onestop.desk",
        ("in_progress", "supplement", "suspended"),
        lambda a, d, f: services.dossier_withdraw(
            actor=a, dossier=d, reason=_text(f), revision=f.get("revision")
        ),
    ),
}


@login_required
@require_POST
def dossier_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise NotFound()
    actor = _actor(request)
    dossier = _dossier(request, pk)
    form = spec.form(request.POST)
    status = 400
    if form.is_valid():
        try:
            spec.call(actor, dossier, form.cleaned_data)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            apply_domain_error(form, exc)
            status = exc.status  # 409 for a stale page or a transition from the wrong state
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
            return redirect("onestop:dossier", pk=dossier.pk)
    return render(
        request,
        "onestop/action_form.html",
        {"dossier": dossier, "form": form, "action": action, "label": spec.label},
        status=status,
    )


# --- slips and registers ---------------------------------------------------------------------


def _slip(request: HttpRequest, pk: int) -> Slip:
    slip = (
        Slip.objects.select_related("dossier", "dossier__agency", "issued_by").filter(pk=pk).first()
    )
    if slip is None:
        raise NotFound()
    selectors.dossier_get(actor=_actor(request), pk=slip.dossier_id)  # scope check
    return slip


@login_required
@require_GET
def slip(request: HttpRequest, pk: int) -> HttpResponse:
    from danchu.onestop.documents import slip_context

    found = _slip(request, pk)
    return render(request, "onestop/slip.html", {"slip": found, "doc": slip_context(found)})


@login_required
@require_GET
def slip_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from danchu.onestop.documents import slip_docx as build

    found = _slip(request, pk)
    return _download(build(found), DOCX, f"phieu-{found.kind}-{found.dossier.code}.docx")


@login_required
@require_GET
def process_control(request: HttpRequest, pk: int) -> HttpResponse:
    from danchu.onestop.documents import dossier_context

    dossier = _dossier(request, pk)
    return render(
        request,
        "onestop/process_control.html",
        {
            "dossier": dossier,
            "doc": dossier_context(dossier),
            "handovers": dossier.handovers.select_related("from_user", "to_user"),
        },
    )


@login_required
@require_GET
def process_control_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from danchu.onestop.documents import process_control_docx as build

    dossier = _dossier(request, pk)
    return _download(build(dossier), DOCX, f"kiem-soat-{dossier.code}.docx")


def _period(request: HttpRequest) -> PeriodForm:
    return PeriodForm(
        request.GET if "start" in request.GET else None, initial=PeriodForm.this_year()
    )


@login_required
@require_GET
def register(request: HttpRequest, unit: int) -> HttpResponse:
    """The dossier register (form 07) for a period, as a printable page."""
    from danchu.onestop.documents import register_context

    agency = _unit(request, unit)
    _need(request, "onestop.view_dossier", agency)
    form = _period(request)
    if form.is_bound and not form.is_valid():
        return render(request, "onestop/stats.html", {"unit": agency, "form": form}, status=400)
    period = form.cleaned_data if form.is_bound else PeriodForm.this_year()
    doc = register_context(agency=agency, start=period["start"], end=period["end"])
    return render(
        request,
        "onestop/register.html",
        {"unit": agency, "doc": doc, "query": request.GET.urlencode()},
    )


@login_required
@require_GET
def register_docx(request: HttpRequest, unit: int) -> HttpResponse:
    from danchu.onestop.documents import register_docx as build

    agency = _unit(request, unit)
    _need(request, "onestop.view_dossier", agency)
    form = _period(request)
    if form.is_bound and not form.is_valid():
        return render(request, "onestop/stats.html", {"unit": agency, "form": form}, status=400)
    period = form.cleaned_data if form.is_bound else PeriodForm.this_year()
    data = build(agency=agency, start=period["start"], end=period["end"])
    return _download(data, DOCX, f"so-theo-doi-{agency.code}.docx")


@login_required
@require_GET
def stats(request: HttpRequest, unit: int) -> HttpResponse:
    agency = _unit(request, unit)
    _need(request, "onestop.view_stats", agency)
    form = _period(request)
    if form.is_bound and not form.is_valid():
        return render(request, "onestop/stats.html", {"unit": agency, "form": form}, status=400)
    period = form.cleaned_data if form.is_bound else {**PeriodForm.this_year(), "group_by": ""}
    report = onestop_report(
        agency=agency,
        start=period["start"],
        end=period["end"],
        group_by=period.get("group_by") or None,
    )
    if request.GET.get("format") == "xlsx":
        from danchu.onestop.excel import stats_export

        return _download(stats_export(report), XLSX, f"thong-ke-{agency.code}.xlsx")
    return render(
        request,
        "onestop/stats.html",
        {"unit": agency, "form": form, "report": report, "query": request.GET.urlencode()},
    )


# --- the public lookup and rating ---------------------------------------------------------------

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
