"""The statistics page of reception and letters, and its Excel export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from danchu.core.forms import PeriodForm
from danchu.letters.excel import rows, stats_export
from danchu.letters.stats import letters_report
from danchu.letters.views.common import _need, _unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def stats(request: HttpRequest, unit: int) -> HttpResponse:
    agency = _unit(request, unit)
    _need(request, "letters.view_stats", agency)
    form = PeriodForm(
        request.GET if "start" in request.GET else None, initial=PeriodForm.this_year()
    )
    if form.is_bound and not form.is_valid():
        return render(request, "letters/stats.html", {"unit": agency, "form": form}, status=400)
    period = form.cleaned_data if form.is_bound else PeriodForm.this_year()
    report = letters_report(agency=agency, start=period["start"], end=period["end"])
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(stats_export(report), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="don-thu-{agency.code}.xlsx"'
        return response
    figures = report.figures
    context = {
        "unit": agency,
        "form": form,
        "report": report,
        "rows": rows(report),
        "query": request.GET.urlencode(),
        "chart": [
            ("petition", figures.by_kind.get("petition", 0)),
            ("complaint", figures.by_kind.get("complaint", 0)),
            ("denunciation", figures.by_kind.get("denunciation", 0)),
        ],
    }
    return render(request, "letters/stats.html", context)
