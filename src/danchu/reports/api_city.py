"""API of the city dashboard and of a unit's service-quality score (mounted at ``/city``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from danchu.core import selectors as core_selectors
from danchu.core.api import ERRORS, api_actor
from danchu.core.errors import DomainError, Forbidden
from danchu.core.routers import reads_from_replica
from danchu.reports.dashboard import city_dashboard, committee_city
from danchu.reports.score import unit_score

router = Router(tags=["city"])


class UnitRef(Schema):
    id: int
    code: str
    name: str


class InspectionOut(Schema):
    state: str
    open_requirements: int
    last: dt.date | None = None


class UnitRowOut(Schema):
    unit: UnitRef
    figures: dict[str, Any]
    breaches: dict[str, int]
    flagged: bool
    inspection: InspectionOut | None = None


class MonthOut(Schema):
    month: str
    resolved: int
    on_time: int
    on_time_rate: float | None = None


class DashboardOut(Schema):
    city: UnitRef
    start: dt.date
    end: dt.date
    units: list[UnitRowOut]
    months: list[MonthOut]
    letters_by_kind: dict[str, int]
    ranking: list[int]


class GroupOut(Schema):
    code: str
    name: str
    max_points: float
    earned: float
    computable_max: float


class IndicatorOut(Schema):
    code: str
    group: str
    name: str
    max_points: float
    points_confirmed: bool
    formula: str  # the decision's
    proxy: bool  # computed through a stand-in formula: an estimate, outside the total
    computed_formula: str  # the formula really computed
    note: str
    inputs: dict[str, Any]
    computable: bool
    ratio: float | None = None
    points: float | None = None  # earned when counted; what it would give when estimated
    counted: bool  # in ``earned`` and ``computable_max``
    estimated: bool  # computed, but points unconfirmed or formula a stand-in: not counted
    status: str


class EstimatedOut(Schema):
    label: str
    points: float
    max_points: float
    indicators: list[str]


class ScoreOut(Schema):
    unit: UnitRef
    start: dt.date
    end: dt.date
    decision: str
    earned: float
    computable_max: float
    total_max: float
    partial: bool
    estimated: EstimatedOut
    groups: list[GroupOut]
    indicators: list[IndicatorOut]


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        message = _("The end date is before the start date.")
        raise DomainError("invalid", message, fields={"end": [message]})


@router.get(
    "/dashboard",
    response={200: DashboardOut, **ERRORS},
    url_name="city_dashboard_api",
    operation_id="city_dashboard_api",
)
@reads_from_replica
def city_dashboard_api(request: HttpRequest, start: dt.date, end: dt.date) -> Any:
    """Every organisation of the city above the caller's steering committee, side by side."""
    actor = api_actor(request)
    committee_city(actor)
    _check_period(start, end)
    return city_dashboard(actor=actor, start=start, end=end).as_dict()


@router.get(
    "/units/{unit_id}/score",
    response={200: ScoreOut, **ERRORS},
    url_name="unit_score_api",
    operation_id="unit_score_api",
)
@reads_from_replica
def unit_score_api(request: HttpRequest, unit_id: int, start: dt.date, end: dt.date) -> Any:
    """The Decision 766/QĐ-TTg indicators the unit's records compute: formula, inputs, points;
    the others marked not computable. Only confirmed points computed by the decision's formula
    count in ``earned``; the estimates (``estimated``) are given apart, outside the total."""
    actor = api_actor(request)
    found = core_selectors.agency_get(actor=actor, pk=unit_id)
    agency = found.organisation or found
    if not actor.has_perm("reports.view_unit", agency):
        raise Forbidden()
    _check_period(start, end)
    return unit_score(agency=agency, start=start, end=end).as_dict()
