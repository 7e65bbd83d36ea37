"""The unit's QCDC implementation report: a page with every section's sentence and figures for
a period, and the same report as an editable Word file and as an Excel workbook."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from danchu.core import pages
from danchu.core.errors import DomainError
from danchu.core.forms import PeriodForm, apply_domain_error
from danchu.core.models import Agency
from danchu.core.routers import reads_from_replica
from danchu.reports.documents import DOCX, qcdc_docx
from danchu.reports.excel import qcdc_xlsx
from danchu.reports.qcdc import QcdcReport, qcdc_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit(request: HttpRequest, pk: int) -> Agency:
    return pages.organisation(request, pk, "reports.view_unit")


def _period(request: HttpRequest) -> PeriodForm:
    return PeriodForm(
        request.GET if "start" in request.GET else None, initial=PeriodForm.this_year()
    )


def _dates(form: PeriodForm) -> tuple[dt.date, dt.date]:
    period = form.cleaned_data if form.is_bound else PeriodForm.this_year()
    return period["start"], period["end"]


def _page(
    request: HttpRequest, org: Agency, form: PeriodForm, report: QcdcReport | None, status: int
) -> HttpResponse:
    context = {"unit": org, "form": form, "report": report, "query": request.GET.urlencode()}
    return render(request, "reports/qcdc.html", context, status=status)


def _file(request: HttpRequest, unit: int, kind: str) -> HttpResponse:
    """The report as ``kind`` ("docx" or "xlsx"); the page with the errors when the period or
    the agency's template is refused."""
    org = _unit(request, unit)
    form = _period(request)
    if form.is_bound and not form.is_valid():
        return _page(request, org, form, None, 400)
    start, end = _dates(form)
    try:
        report = qcdc_report(agency=org, start=start, end=end)
        data = qcdc_docx(report) if kind == "docx" else qcdc_xlsx(report)
    except DomainError as exc:
        apply_domain_error(form, exc)
        return _page(request, org, form, None, 400)
    response = HttpResponse(data, content_type=DOCX if kind == "docx" else XLSX)
    name = f"bao-cao-qcdc-{org.code}-{start:%Y%m%d}-{end:%Y%m%d}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
@reads_from_replica
def qcdc(request: HttpRequest, unit: int) -> HttpResponse:
    org = _unit(request, unit)
    form = _period(request)
    if form.is_bound and not form.is_valid():
        return _page(request, org, form, None, 400)
    start, end = _dates(form)
    try:
        report = qcdc_report(agency=org, start=start, end=end)
    except DomainError as exc:
        apply_domain_error(form, exc)
        return _page(request, org, form, None, 400)
    return _page(request, org, form, report, 200)


@login_required
@require_GET
@reads_from_replica
def qcdc_docx_view(request: HttpRequest, unit: int) -> HttpResponse:
    return _file(request, unit, "docx")


@login_required
@require_GET
@reads_from_replica
def qcdc_xlsx_view(request: HttpRequest, unit: int) -> HttpResponse:
    return _file(request, unit, "xlsx")


urlpatterns: list[URLPattern] = [
    path("reports/<int:unit>/qcdc/", qcdc, name="qcdc"),
    path("reports/<int:unit>/qcdc/docx", qcdc_docx_view, name="qcdc_docx"),
    path("reports/<int:unit>/qcdc/xlsx", qcdc_xlsx_view, name="qcdc_xlsx"),
]
