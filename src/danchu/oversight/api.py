"""API of the People's Inspection Board's work: terms and seats, programmes, inspections
with requests, findings and result, recommendations with the head's answer (whose actions
become tasks), staff petitions (an anonymous one never carries its author)."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import CursorPagination, paginate

from danchu.core import selectors as core_selectors
from danchu.core.api import ERRORS, api_actor
from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import Agency
from danchu.oversight import selectors, services
from danchu.oversight.models import StaffPetition
from danchu.tasks.api import PartyIn, party

router = Router(tags=["oversight"])


def _unit(request: HttpRequest, unit_id: int, perm: str) -> Agency:
    agency = core_selectors.agency_get(actor=api_actor(request), pk=unit_id)
    org = agency.organisation or agency
    if not api_actor(request).has_perm(perm, org):
        raise Forbidden()
    return org


class TermIn(Schema):
    elected_on: dt.date
    election_record: str
    recognised_on: dt.date | None = None
    recognition_number: str = ""


class SeatOut(Schema):
    id: int
    person_id: int
    role: str
    start: dt.date
    end: dt.date | None
    replaces_id: int | None
    basis: str


class TermOut(Schema):
    id: int
    elected_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    election_record: str
    recognition_due: dt.date
    recognised_on: dt.date | None
    seats: list[SeatOut] = []

    @staticmethod
    def resolve_seats(term: Any) -> list[Any]:
        return list(term.seats.all())


class SeatIn(Schema):
    person_id: int
    role: str
    start: dt.date
    basis: str
    replaces_id: int | None = None


class ItemIn(Schema):
    subject: str
    planned_from: dt.date
    planned_to: dt.date
    members: str
    budget: int = 0


class ItemOut(ItemIn):
    id: int


class ProgrammeIn(Schema):
    kind: str
    year: int
    title: str
    period: int = 0
    items: list[ItemIn] = []


class ProgrammeOut(Schema):
    id: int
    kind: str
    year: int
    period: int
    title: str
    approved_on: dt.date | None
    items: list[ItemOut]

    @staticmethod
    def resolve_items(programme: Any) -> list[Any]:
        return list(programme.items.all())


class BoardInspectionIn(Schema):
    subject_kind: str
    subject: str
    inspected_party: str
    notice_number: str
    notified_on: dt.date
    starts_on: dt.date
    programme_item_id: int | None = None
    petition_id: uuid.UUID | None = None


class BoardRequestOut(Schema):
    id: int
    what: str
    asked_on: dt.date
    due_on: dt.date
    supplied_on: dt.date | None
    answer: str


class BoardInspectionOut(Schema):
    id: int
    subject_kind: str
    subject: str
    inspected_party: str
    notice_number: str
    notified_on: dt.date
    starts_on: dt.date
    earliest_start: dt.date
    state: str
    findings: str
    concluded_on: dt.date | None
    votes_for: int
    votes_against: int
    votes_abstain: int
    seats: int
    result_to: str
    result_sent_on: dt.date | None
    requests: list[BoardRequestOut]

    @staticmethod
    def resolve_requests(inspection: Any) -> list[Any]:
        return list(inspection.requests.all())


class BoardRequestIn(Schema):
    what: str
    due_on: dt.date


class SupplyIn(Schema):
    answer: str = ""


class BoardConcludeIn(Schema):
    findings: str
    votes: dict[int, str]
    on: dt.date | None = None


class ResultIn(Schema):
    result_to: str
    sent_on: dt.date


class RecommendationIn(Schema):
    number: str
    content: str
    received_on: dt.date
    inspection_id: int | None = None


class RecommendationOut(Schema):
    id: int
    number: str
    content: str
    received_on: dt.date
    due_on: dt.date
    state: str
    answer_kind: str
    answer: str
    answered_on: dt.date | None
    answered_by_id: int | None
    acting_for_head: str
    on_time: bool | None
    closed_on: dt.date | None
    closing_note: str
    inspection_id: int | None
    task_ids: list[int] = []


class ActionIn(Schema):
    title: str
    lead: PartyIn
    due_on: dt.date
    deliverable: str = ""


class RecommendationAnswerIn(Schema):
    kind: str
    answer: str = ""
    actions: list[ActionIn] = []
    acting_for_head: str = ""


class NoteIn(Schema):
    note: str = ""


class PetitionIn(Schema):
    subject: str
    text: str
    anonymous: bool = False


class PetitionOut(Schema):
    id: uuid.UUID
    received_on: dt.date
    subject: str
    text: str
    anonymous: bool
    decision: str
    decision_reason: str
    answer: str
    answered_on: dt.date | None

    @staticmethod
    def resolve_anonymous(petition: StaffPetition) -> bool:
        return petition.author_id is None


class DecisionIn(Schema):
    verify: bool
    reason: str = ""


class PetitionAnswerIn(Schema):
    answer: str = ""


# --- terms ------------------------------------------------------------------------------------


@router.get("/units/{unit_id}/terms", response={200: list[TermOut], **ERRORS})
def term_list_api(request: HttpRequest, unit_id: int) -> Any:
    org = _unit(request, unit_id, "oversight.view")
    return list(selectors.term_list(actor=api_actor(request), agency=org).prefetch_related("seats"))


@router.post("/units/{unit_id}/terms", response={201: TermOut, **ERRORS})
def term_create_api(request: HttpRequest, unit_id: int, payload: TermIn) -> Any:
    org = _unit(request, unit_id, "oversight.manage_terms")
    term = services.term_create(actor=api_actor(request), agency=org, **payload.dict())
    return Status(201, term)


@router.post("/terms/{term_id}/seats", response={201: SeatOut, **ERRORS})
def seat_add_api(request: HttpRequest, term_id: int, payload: SeatIn) -> Any:
    actor = api_actor(request)
    term = selectors.term_get(actor=actor, pk=term_id)
    person = core_selectors.person_get(actor=actor, pk=payload.person_id)
    replaces = (
        selectors.seat_get(actor=actor, pk=payload.replaces_id) if payload.replaces_id else None
    )
    seat = services.seat_add(
        actor=actor,
        term=term,
        person=person,
        role=payload.role,
        start=payload.start,
        basis=payload.basis,
        replaces=replaces,
    )
    return Status(201, seat)


# --- programmes -------------------------------------------------------------------------------


@router.get("/units/{unit_id}/programmes", response={200: list[ProgrammeOut], **ERRORS})
@paginate(CursorPagination, ordering=("-year", "id"))
def programme_list_api(request: HttpRequest, unit_id: int) -> Any:
    org = _unit(request, unit_id, "oversight.view")
    return (
        selectors.programme_list(actor=api_actor(request), agency=org)
        .prefetch_related("items")
        .order_by()
    )


@router.post("/units/{unit_id}/programmes", response={201: ProgrammeOut, **ERRORS})
def programme_create_api(request: HttpRequest, unit_id: int, payload: ProgrammeIn) -> Any:
    org = _unit(request, unit_id, "oversight.act")
    programme = services.programme_create(
        actor=api_actor(request),
        agency=org,
        kind=payload.kind,
        year=payload.year,
        title=payload.title,
        period=payload.period,
        items=[services.ItemIn(**i.dict()) for i in payload.items],
    )
    return Status(201, programme)


@router.post("/programmes/{programme_id}/approve", response={200: ProgrammeOut, **ERRORS})
def programme_approve_api(request: HttpRequest, programme_id: int) -> Any:
    actor = api_actor(request)
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    return services.programme_approve(actor=actor, programme=programme)


# --- inspections ------------------------------------------------------------------------------


@router.get("/units/{unit_id}/inspections", response={200: list[BoardInspectionOut], **ERRORS})
@paginate(CursorPagination, ordering=("-notified_on", "id"))
def inspection_list_api(request: HttpRequest, unit_id: int) -> Any:
    org = _unit(request, unit_id, "oversight.view")
    return (
        selectors.inspection_list(actor=api_actor(request), agency=org)
        .prefetch_related("requests")
        .order_by()
    )


@router.post("/units/{unit_id}/inspections", response={201: BoardInspectionOut, **ERRORS})
def inspection_create_api(request: HttpRequest, unit_id: int, payload: BoardInspectionIn) -> Any:
    actor = api_actor(request)
    org = _unit(request, unit_id, "oversight.act")
    item = None
    if payload.programme_item_id:
        from danchu.oversight.models import ProgrammeItem

        item = ProgrammeItem.objects.filter(
            pk=payload.programme_item_id, programme__agency=org
        ).first()
        if item is None:
            message = _("Choose an item of this unit's programme.")
            raise DomainError("invalid", message, fields={"programme_item_id": [message]})
    petition = (
        selectors.petition_get(actor=actor, pk=payload.petition_id) if payload.petition_id else None
    )
    inspection = services.inspection_create(
        actor=actor,
        agency=org,
        programme_item=item,
        petition=petition,
        **payload.dict(exclude={"programme_item_id", "petition_id"}),
    )
    return Status(201, inspection)


@router.get("/inspections/{inspection_id}", response={200: BoardInspectionOut, **ERRORS})
def inspection_get_api(request: HttpRequest, inspection_id: int) -> Any:
    return selectors.inspection_get(actor=api_actor(request), pk=inspection_id)


@router.post("/inspections/{inspection_id}/requests", response={201: BoardRequestOut, **ERRORS})
def request_add_api(request: HttpRequest, inspection_id: int, payload: BoardRequestIn) -> Any:
    actor = api_actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=inspection_id)
    asked = services.document_request(actor=actor, inspection=inspection, **payload.dict())
    return Status(201, asked)


@router.post("/requests/{request_id}/supply", response={200: BoardRequestOut, **ERRORS})
def request_supply_api(request: HttpRequest, request_id: int, payload: SupplyIn) -> Any:
    actor = api_actor(request)
    asked = selectors.document_request_get(actor=actor, pk=request_id)
    return services.document_supply(actor=actor, request=asked, answer=payload.answer)


@router.post("/inspections/{inspection_id}/conclude", response={200: BoardInspectionOut, **ERRORS})
def inspection_conclude_api(
    request: HttpRequest, inspection_id: int, payload: BoardConcludeIn
) -> Any:
    actor = api_actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=inspection_id)
    return services.inspection_conclude(actor=actor, inspection=inspection, **payload.dict())


@router.post("/inspections/{inspection_id}/result", response={200: BoardInspectionOut, **ERRORS})
def inspection_result_api(request: HttpRequest, inspection_id: int, payload: ResultIn) -> Any:
    actor = api_actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=inspection_id)
    return services.inspection_report(actor=actor, inspection=inspection, **payload.dict())


# --- recommendations --------------------------------------------------------------------------


def _recommendation_out(request: HttpRequest, recommendation: Any) -> dict[str, Any]:
    from danchu.tasks import selectors as task_selectors

    out = RecommendationOut.from_orm(recommendation).dict()
    out["task_ids"] = [
        t.pk
        for t in task_selectors.tasks_from(
            actor=api_actor(request), source_kind="recommendation", source_ids=[recommendation.pk]
        )
    ]
    return out


@router.get("/units/{unit_id}/recommendations", response={200: list[RecommendationOut], **ERRORS})
@paginate(CursorPagination, ordering=("-received_on", "id"))
def recommendation_list_api(
    request: HttpRequest, unit_id: int, state: str = "", overdue: bool = False
) -> Any:
    org = _unit(request, unit_id, "oversight.view")
    return selectors.recommendation_list(
        actor=api_actor(request), agency=org, state=state, overdue=overdue
    ).order_by()


@router.post("/units/{unit_id}/recommendations", response={201: RecommendationOut, **ERRORS})
def recommendation_create_api(request: HttpRequest, unit_id: int, payload: RecommendationIn) -> Any:
    actor = api_actor(request)
    org = _unit(request, unit_id, "oversight.act")
    inspection = (
        selectors.inspection_get(actor=actor, pk=payload.inspection_id)
        if payload.inspection_id
        else None
    )
    recommendation = services.recommendation_create(
        actor=actor,
        agency=org,
        inspection=inspection,
        **payload.dict(exclude={"inspection_id"}),
    )
    return Status(201, _recommendation_out(request, recommendation))


@router.get("/recommendations/{recommendation_id}", response={200: RecommendationOut, **ERRORS})
def recommendation_get_api(request: HttpRequest, recommendation_id: int) -> Any:
    recommendation = selectors.recommendation_get(actor=api_actor(request), pk=recommendation_id)
    return _recommendation_out(request, recommendation)


@router.post(
    "/recommendations/{recommendation_id}/answer", response={200: RecommendationOut, **ERRORS}
)
def recommendation_answer_api(
    request: HttpRequest, recommendation_id: int, payload: RecommendationAnswerIn
) -> Any:
    actor = api_actor(request)
    recommendation = selectors.recommendation_get(actor=actor, pk=recommendation_id)
    org = recommendation.agency
    actions = [
        services.ActionIn(
            title=a.title,
            lead=party(request, org, a.lead, "actions"),
            due_on=a.due_on,
            deliverable=a.deliverable,
        )
        for a in payload.actions
    ]
    answered = services.recommendation_answer(
        actor=actor,
        recommendation=recommendation,
        kind=payload.kind,
        answer=payload.answer,
        actions=actions,
        acting_for_head=payload.acting_for_head,
    )
    return _recommendation_out(request, answered)


@router.post(
    "/recommendations/{recommendation_id}/close", response={200: RecommendationOut, **ERRORS}
)
def recommendation_close_api(request: HttpRequest, recommendation_id: int, payload: NoteIn) -> Any:
    actor = api_actor(request)
    recommendation = selectors.recommendation_get(actor=actor, pk=recommendation_id)
    closed = services.recommendation_close(
        actor=actor, recommendation=recommendation, note=payload.note
    )
    return _recommendation_out(request, closed)


@router.post(
    "/recommendations/{recommendation_id}/reopen", response={200: RecommendationOut, **ERRORS}
)
def recommendation_reopen_api(request: HttpRequest, recommendation_id: int, payload: NoteIn) -> Any:
    actor = api_actor(request)
    recommendation = selectors.recommendation_get(actor=actor, pk=recommendation_id)
    reopened = services.recommendation_reopen(
        actor=actor, recommendation=recommendation, note=payload.note
    )
    return _recommendation_out(request, reopened)


# --- petitions --------------------------------------------------------------------------------


@router.get("/units/{unit_id}/petitions", response={200: list[PetitionOut], **ERRORS})
@paginate(CursorPagination, ordering=("-received_on", "id"))
def petition_list_api(request: HttpRequest, unit_id: int) -> Any:
    org = _unit(request, unit_id, "oversight.view")
    return selectors.petition_list(actor=api_actor(request), agency=org).order_by()


@router.post("/units/{unit_id}/petitions", response={201: PetitionOut, **ERRORS})
def petition_send_api(request: HttpRequest, unit_id: int, payload: PetitionIn) -> Any:
    org = _unit(request, unit_id, "oversight.petition")
    petition = services.petition_send(actor=api_actor(request), agency=org, **payload.dict())
    return Status(201, petition)


@router.post("/petitions/{petition_id}/decide", response={200: PetitionOut, **ERRORS})
def petition_decide_api(request: HttpRequest, petition_id: uuid.UUID, payload: DecisionIn) -> Any:
    actor = api_actor(request)
    petition = selectors.petition_get(actor=actor, pk=petition_id)
    return services.petition_decide(actor=actor, petition=petition, **payload.dict())


@router.post("/petitions/{petition_id}/answer", response={200: PetitionOut, **ERRORS})
def petition_answer_api(
    request: HttpRequest, petition_id: uuid.UUID, payload: PetitionAnswerIn
) -> Any:
    actor = api_actor(request)
    petition = selectors.petition_get(actor=actor, pk=petition_id)
    return services.petition_answer(actor=actor, petition=petition, answer=payload.answer)
