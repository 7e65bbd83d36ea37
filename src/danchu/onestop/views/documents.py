"""Printable papers and their Word files: slips, the process control sheet, the register."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from danchu.core.errors import NotFound
from danchu.onestop import selectors
from danchu.onestop.forms import PeriodForm
from danchu.onestop.models import Slip
from danchu.onestop.views.common import DOCX, _actor, _dossier, _download, _need, _period, _unit


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
