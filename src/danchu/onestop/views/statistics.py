"""The statistics page of a unit, and its Excel export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from danchu.onestop.forms import PeriodForm
from danchu.onestop.stats import onestop_report
from danchu.onestop.views.common import XLSX, _download, _need, _period, _unit


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
