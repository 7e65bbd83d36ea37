"""Reads of the board's work, scoped to the person asking: every member of the unit reads
the board's terms, programmes, inspections and recommendations; petitions are read by the
board (or, in a small unit, the union executive) and by their named authors."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.errors import NotFound
from danchu.core.models import Agency, Role, User
from danchu.core.scope import scope_for
from danchu.oversight.models import (
    BoardSeat,
    BoardTerm,
    DocumentRequest,
    Inspection,
    Programme,
    Recommendation,
    RecommendationState,
    StaffPetition,
)


def today() -> dt.date:
    return timezone.localdate()


def _readable(actor: User, qs: QuerySet[Any], prefix: str = "agency__") -> QuerySet[Any]:
    return qs.filter(scope_for(actor).read_q(prefix))


def _get(actor: User, qs: QuerySet[Any], pk: Any, message: str) -> Any:
    found = _readable(actor, qs).filter(pk=pk).first()
    if found is None:
        raise NotFound(message)
    return found


def term_list(*, actor: User, agency: Agency) -> QuerySet[BoardTerm]:
    return _readable(actor, BoardTerm.objects.filter(agency=agency))


def term_get(*, actor: User, pk: int) -> BoardTerm:
    return _get(actor, BoardTerm.objects.select_related("agency"), pk, _("Term not found."))


def seats(*, term: BoardTerm) -> list[BoardSeat]:
    """Sitting members first — the head, the deputies, the members — then those who left."""
    rank = Case(
        When(role="head", then=Value(0)),
        When(role="deputy", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(
        term.seats.select_related("person", "replaces__person")
        .annotate(rank=rank)
        .order_by(F("end").asc(nulls_first=True), "rank", "start", "pk")
    )


def seat_get(*, actor: User, pk: int) -> BoardSeat:
    found = (
        BoardSeat.objects.filter(scope_for(actor).read_q("term__agency__"), pk=pk)
        .select_related("term__agency", "person", "membership")
        .first()
    )
    if found is None:
        raise NotFound(_("Seat not found."))
    return found


def programme_list(*, actor: User, agency: Agency) -> QuerySet[Programme]:
    return (
        _readable(
            actor,
            Programme.objects.filter(agency=agency).annotate(
                item_count=Count("items", distinct=True),
                done_count=Count(
                    "items", filter=Q(items__inspections__concluded_on__isnull=False), distinct=True
                ),
            ),
        )
        .select_related("approved_by")
        .order_by("-year", "kind", "period", "pk")
    )


def programme_get(*, actor: User, pk: int) -> Programme:
    return _get(
        actor,
        Programme.objects.select_related("agency", "approved_by"),
        pk,
        _("Programme not found."),
    )


def inspection_list(*, actor: User, agency: Agency) -> QuerySet[Inspection]:
    return (
        _readable(actor, Inspection.objects.filter(agency=agency))
        .annotate(
            late_requests=Count(
                "requests",
                filter=Q(requests__supplied_on__isnull=True, requests__due_on__lt=today())
                | Q(requests__supplied_on__gt=F("requests__due_on")),
            )
        )
        .order_by("-notified_on", "-pk")
    )


def inspection_get(*, actor: User, pk: int) -> Inspection:
    return _get(
        actor,
        Inspection.objects.select_related("agency", "programme_item__programme", "petition"),
        pk,
        _("Inspection not found."),
    )


def document_request_get(*, actor: User, pk: int) -> DocumentRequest:
    found = (
        DocumentRequest.objects.filter(scope_for(actor).read_q("inspection__agency__"), pk=pk)
        .select_related("inspection__agency")
        .first()
    )
    if found is None:
        raise NotFound(_("Request not found."))
    return found


def recommendation_list(
    *, actor: User, agency: Agency, state: str = "", overdue: bool = False
) -> QuerySet[Recommendation]:
    qs = _readable(actor, Recommendation.objects.filter(agency=agency)).select_related(
        "answered_by", "inspection"
    )
    if state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(state=RecommendationState.SENT, due_on__lt=today())
    return qs


def recommendation_get(*, actor: User, pk: int) -> Recommendation:
    return _get(
        actor,
        Recommendation.objects.select_related("agency", "inspection", "sent_by", "answered_by"),
        pk,
        _("Recommendation not found."),
    )


def overdue_recommendations(*, actor: User, on: dt.date | None = None) -> QuerySet[Recommendation]:
    """Recommendations whose answer is overdue, for those who must see them: the head and the
    deputies, the union executive and the board of the unit, and the city's steering
    committee (every unit of the city)."""
    scope = scope_for(actor)
    watchers = {Role.HEAD, Role.DEPUTY_HEAD, Role.UNION_EXECUTIVE, Role.BOARD_MEMBER}
    orgs = {g.org_id for g in scope.grants if g.role in watchers}
    q = Q(agency_id__in=orgs)
    for g in scope.grants:
        if g.role == Role.STEERING_MEMBER:
            q |= Q(agency__path__startswith=g.path.split(".")[0] + ".")
    if scope.is_superuser:
        q = Q()
    return (
        Recommendation.objects.filter(q, state=RecommendationState.SENT, due_on__lt=on or today())
        .select_related("agency")
        .order_by("due_on", "pk")
    )


def petition_list(*, actor: User, agency: Agency) -> QuerySet[StaffPetition]:
    qs = _readable(actor, StaffPetition.objects.filter(agency=agency)).select_related("author")
    if not actor.has_perm("oversight.read_petitions", agency):
        qs = qs.filter(author=actor)
    return qs


def petition_get(*, actor: User, pk: uuid.UUID) -> StaffPetition:
    petition = (
        _readable(actor, StaffPetition.objects.select_related("agency", "author"))
        .filter(pk=pk)
        .first()
    )
    if petition is None or not (
        actor.has_perm("oversight.read_petitions", petition.agency)
        or petition.author_id == actor.pk
    ):
        raise NotFound(_("Petition not found."))
    return petition


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str


def report_records(*, agency: Agency, period: Period) -> dict[str, Any]:
    """What the board did in a period, from the records: inspections noticed in it,
    recommendations received in it with their answers, petitions received in it."""
    inspections = list(
        Inspection.objects.filter(agency=agency, notified_on__range=(period.start, period.end))
        .prefetch_related("requests")
        .order_by("notified_on", "pk")
    )
    recommendations = list(
        Recommendation.objects.filter(agency=agency, received_on__range=(period.start, period.end))
        .select_related("answered_by")
        .order_by("received_on", "pk")
    )
    petitions = list(
        StaffPetition.objects.filter(
            agency=agency, received_on__range=(period.start, period.end)
        ).order_by("received_on", "subject")
    )
    return {"inspections": inspections, "recommendations": recommendations, "petitions": petitions}
