"""The city dashboard (steering committee, read only) and a unit's service-quality score."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from danchu.core import selectors as core_selectors
from danchu.core.errors import Forbidden
from danchu.core.forms import PeriodForm
from danchu.core.models import Agency, User
from danchu.core.routers import reads_from_replica
from danchu.portal import charts
from danchu.reports.dashboard import CityDashboard, city_dashboard, committee_city
from danchu.reports.score import unit_score

PAGE_SIZE = 50


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _period(request: HttpRequest) -> PeriodForm:
    return PeriodForm(
        request.GET if "start" in request.GET else None, initial=PeriodForm.this_year()
    )


def _unit_link(unit: Agency, query: str) -> str:
    """The unit's QCDC report for the same period, or its page while reports are missing."""
    try:
        url = reverse("reports:qcdc", kwargs={"unit": unit.pk})
    except NoReverseMatch:
        url = reverse("core:unit_detail", kwargs={"pk": unit.pk})
    return f"{url}?{query}" if query else url


def _charts(board: CityDashboard) -> list[charts.Chart]:
    return [
        charts.chart(
            "on-time-by-month",
            _("On-time rate of dossiers, by month (whole city)"),
            [(m.month.strftime("%m/%Y"), m.rate, charts.GREEN) for m in board.months],
            percent=True,
        ),
        charts.chart(
            "letters-by-kind",
            _("Letters by type (whole city)"),
            [
                (str(label), n, colour)
                for (_k, label, n), colour in zip(
                    board.letters_by_kind, (charts.BLUE, charts.AMBER, charts.RED), strict=True
                )
            ],
        ),
        charts.chart(
            "units-ranked",
            _("Units ranked by the on-time rate of their dossiers"),
            [
                (
                    u.unit.short_name or u.unit.name,
                    _rate(u.value("onestop.on_time_rate")),
                    charts.RED if u.flagged else charts.GREEN,
                )
                for u in board.ranked
            ],
            percent=True,
        ),
    ]


def _rate(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


@login_required
@require_GET
@reads_from_replica
def city(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = _period(request)
    if form.is_bound and not form.is_valid():
        committee_city(actor)  # who may not see the dashboard learns nothing from a bad date
        return render(request, "reports/city.html", {"form": form}, status=400)
    period = form.cleaned_data if form.is_bound else PeriodForm.this_year()
    board = city_dashboard(actor=actor, start=period["start"], end=period["end"])
    query = urlencode({"start": board.start.isoformat(), "end": board.end.isoformat()})
    for row in board.units:
        row.link = _unit_link(row.unit, query)
    page = Paginator(board.units, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "board": board,
        "page": page,
        "charts": _charts(board),
        "query": query,
    }
    return render(request, "reports/city.html", context)


@login_required
@require_GET
@reads_from_replica
def score(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    found = core_selectors.agency_get(actor=actor, pk=unit)
    agency = found.organisation or found
    if not actor.has_perm("reports.view_unit", agency):
        raise Forbidden()
    form = _period(request)
    if form.is_bound and not form.is_valid():
        return render(request, "reports/score.html", {"unit": agency, "form": form}, status=400)
    period = form.cleaned_data if form.is_bound else PeriodForm.this_year()
    result = unit_score(agency=agency, start=period["start"], end=period["end"])
    return render(request, "reports/score.html", {"unit": agency, "form": form, "score": result})


urlpatterns: list[URLPattern] = [
    path("reports/city/", city, name="city"),
    path("reports/<int:unit>/score/", score, name="score"),
]
