"""API of reception and letters: sessions, the visit register, letters (idempotent intake,
search, actions), the identity vault and statistics. The vault's rules hold here exactly as in
the pages: a protected letter's signatories never appear in an answer; only a designated
person gets them, from ``POST /letters/{id}/identity`` with a reason, and that is recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Body, Field, Header, Router, Schema, Status
from ninja.pagination import CursorPagination, paginate

from danchu.core import selectors as core_selectors
from danchu.core.api import ERRORS, ErrorOut, api_actor
from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import Agency
from danchu.letters import selectors, services
from danchu.letters.actions import ACTIONS, run
from danchu.letters.models import MAX_PEOPLE, Letter, Visit
from danchu.letters.stats import letters_report
from danchu.letters.vault import Person

router = Router(tags=["letters"])


def _unit(request: HttpRequest, unit_id: int, perm: str) -> Agency:
    agency = core_selectors.agency_get(actor=api_actor(request), pk=unit_id)
    agency = agency.organisation or agency
    if not api_actor(request).has_perm(perm, agency):
        raise Forbidden()
    return agency


class PersonIn(Schema):
    name: str
    address: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    is_representative: bool = False


class SignatoryOut(Schema):
    name: str
    address: str
    is_representative: bool


class LetterIn(Schema):
    received_on: dt.date
    channel: str
    matter: str
    content: str = ""
    kind: str  # petition, complaint, denunciation or mixed (the last two are protected)
    protected: bool = False
    source_body: str = ""
    visit_id: int | None = None
    signatories: list[PersonIn] = []


class LetterOut(Schema):
    id: int
    code: str
    received_on: dt.date
    channel: str
    kind: str
    state: str
    eligibility: str
    matter: str
    content: str
    protected: bool
    signatory_count: int
    signatories: list[SignatoryOut]
    handling_due_on: dt.date | None
    forward_due_on: dt.date | None
    accepted_on: dt.date | None
    due_on: dt.date | None
    complexity: str
    extensions: int
    handler_id: int | None
    leader_id: int | None
    outcome_number: str
    settled_on: dt.date | None
    timeliness: str
    publish_due_on: dt.date | None
    published_on: dt.date | None
    parent_id: int | None
    duplicate_of_id: int | None
    revision: int  # send it back with an action: a letter changed since is refused (409)

    @staticmethod
    def resolve_signatories(letter: Letter) -> list[dict[str, Any]]:
        # A protected letter's signatories are never in an answer, whoever asks.
        if letter.protected:
            return []
        return [
            {"name": s.name, "address": s.address, "is_representative": s.is_representative}
            for s in letter.signatories.all()
        ]

    @staticmethod
    def resolve_extensions(letter: Letter) -> int:
        return len(letter.extensions.all())


class VisitIn(Schema):
    received_on: dt.date
    received_by_id: int
    matter: str
    visitors: str
    people_count: int = Field(1, ge=1, le=MAX_PEOPLE)
    representatives: str = ""
    protected: bool = False
    session_id: int | None = None
    documents: str = ""
    answer: str = ""
    answered_on: dt.date | None = None
    follow_up: str = ""


class VisitOut(Schema):
    id: int
    number: int
    year: int
    received_on: dt.date
    received_by_id: int
    session_id: int | None
    people_count: int
    visitors: str
    representatives: str
    protected: bool
    matter: str
    answer: str
    answer_due_on: dt.date | None
    answered_on: dt.date | None


class AnswerIn(Schema):
    answer: str
    answered_on: dt.date
    follow_up: str = ""


class SessionIn(Schema):
    kind: str
    held_on: dt.date
    place: str
    host_id: int
    note: str = ""


class SessionOut(Schema):
    id: int
    kind: str
    held_on: dt.date
    place: str
    host_id: int


class ReasonIn(Schema):
    reason: str = ""


class IdentityOut(Schema):
    people: list[PersonIn]
    content: str


class LetterFiguresOut(Schema):
    visits: int
    sessions_by_kind: dict[str, int]
    visits_by_session: dict[str, int]
    people_received: int
    group_visits: int
    visit_answers_on_time: int
    visit_answers_late: int
    visit_answers_awaited: int
    letters: int
    duplicates: int
    by_channel: dict[str, int]
    by_kind: dict[str, int]
    eligible: int
    not_eligible: int
    not_competent: int
    forwarded: int
    accepted: int
    settled: int
    settled_on_time: int
    settled_late: int
    in_progress_within: int
    in_progress_overdue: int
    outcomes: dict[str, int]
    settled_rate: float | None


class LettersStatsOut(Schema):
    unit_id: int
    start: dt.date
    end: dt.date
    figures: LetterFiguresOut


# --- sessions and visits ---------------------------------------------------------------------


@router.get("/units/{unit_id}/sessions", response={200: list[SessionOut], **ERRORS})
@paginate(CursorPagination, ordering=("-id",))
def reception_session_list(request: HttpRequest, unit_id: int) -> Any:
    agency = _unit(request, unit_id, "letters.view")
    return selectors.session_list(actor=api_actor(request), agency=agency)


@router.post("/units/{unit_id}/sessions", response={201: SessionOut, **ERRORS})
def reception_session_create(request: HttpRequest, unit_id: int, payload: SessionIn) -> Any:
    agency = _unit(request, unit_id, "letters.receive")
    host = core_selectors.person_get(actor=api_actor(request), pk=payload.host_id)
    session = services.reception_session_create(
        actor=api_actor(request),
        agency=agency,
        kind=payload.kind,
        held_on=payload.held_on,
        place=payload.place,
        host=host,
        note=payload.note,
    )
    return Status(201, session)


@router.get("/units/{unit_id}/visits", response={200: list[VisitOut], **ERRORS})
@paginate(CursorPagination, ordering=("-id",))
def visit_list(request: HttpRequest, unit_id: int, q: str = "") -> Any:
    agency = _unit(request, unit_id, "letters.view")
    return selectors.visit_list(actor=api_actor(request), agency=agency, query=q)


@router.post("/units/{unit_id}/visits", response={201: VisitOut, **ERRORS})
def visit_create(request: HttpRequest, unit_id: int, payload: VisitIn) -> Any:
    actor = api_actor(request)
    agency = _unit(request, unit_id, "letters.receive")
    session = None
    if payload.session_id is not None:
        session = (
            selectors.session_list(actor=actor, agency=agency).filter(pk=payload.session_id).first()
        )
        if session is None:
            message = _("Choose a session of this organisation.")
            raise DomainError("invalid", message, fields={"session_id": [message]})
    data = payload.dict(exclude={"received_by_id", "session_id"})
    visit = services.visit_create(
        actor=actor,
        agency=agency,
        received_by=core_selectors.person_get(actor=actor, pk=payload.received_by_id),
        session=session,
        **data,
    )
    return Status(201, visit)


@router.get("/visits/{visit_id}", response={200: VisitOut, **ERRORS})
def visit_get(request: HttpRequest, visit_id: int) -> Visit:
    return selectors.visit_get(actor=api_actor(request), pk=visit_id)


@router.post("/visits/{visit_id}/answer", response={200: VisitOut, **ERRORS})
def visit_answer(request: HttpRequest, visit_id: int, payload: AnswerIn) -> Visit:
    actor = api_actor(request)
    visit = selectors.visit_get(actor=actor, pk=visit_id)
    return services.visit_answer(actor=actor, visit=visit, **payload.dict())


# --- letters ---------------------------------------------------------------------------------


@router.get("/units/{unit_id}/letters", response={200: list[LetterOut], **ERRORS})
@paginate(CursorPagination, ordering=("-id",))
def letter_list(
    request: HttpRequest, unit_id: int, q: str = "", status: str = "", kind: str = ""
) -> Any:
    """Letters the person may see; ``q`` searches code, people and matter with or without
    accents; ``status`` is open, overdue, settled or mine."""
    agency = _unit(request, unit_id, "letters.view_stats")
    rows = selectors.letter_list(
        actor=api_actor(request), agency=agency, query=q, status=status, kind=kind
    )
    return rows.prefetch_related("signatories", "extensions")


@router.post("/units/{unit_id}/letters", response={201: LetterOut, 200: LetterOut, **ERRORS})
def letter_receive(
    request: HttpRequest,
    unit_id: int,
    payload: LetterIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
) -> Any:
    """Register a letter. A retry with the same ``Idempotency-Key`` returns the first one
    (200) instead of creating a second (201)."""
    actor = api_actor(request)
    agency = _unit(request, unit_id, "letters.receive")
    key = (idempotency_key or "").strip()[:80]
    existed = bool(key) and Letter.objects.filter(agency=agency, idempotency_key=key).exists()
    visit = selectors.visit_get(actor=actor, pk=payload.visit_id) if payload.visit_id else None
    letter = services.letter_receive(
        actor=actor,
        agency=agency,
        received_on=payload.received_on,
        channel=payload.channel,
        matter=payload.matter,
        content=payload.content,
        kind=payload.kind,
        protected=payload.protected,
        source_body=payload.source_body,
        visit=visit,
        signatories=[Person(**p.dict()) for p in payload.signatories],
        idempotency_key=key,
    )
    return Status(200 if existed else 201, letter)


@router.get("/letters/{letter_id}", response={200: LetterOut, **ERRORS})
def letter_get(request: HttpRequest, letter_id: int) -> Any:
    return selectors.letter_get(actor=api_actor(request), pk=letter_id)


@router.post("/letters/{letter_id}/identity", response={200: IdentityOut, **ERRORS})
def letter_identity(request: HttpRequest, letter_id: int, payload: ReasonIn) -> Any:
    """The protected identity, for a person the head designated, with a reason; recorded."""
    actor = api_actor(request)
    letter = selectors.letter_get(actor=actor, pk=letter_id)
    identity = services.vault_open(actor=actor, letter=letter, reason=payload.reason)
    people = [vars(p) for p in identity.people]
    return {"people": people, "content": identity.content}


@router.post("/letters/{letter_id}/{action}", response={200: LetterOut, 409: ErrorOut, **ERRORS})
def letter_action(
    request: HttpRequest, letter_id: int, action: str, payload: Body[dict[str, Any]]
) -> Any:
    """Act on a letter: classify, split, assign, forward, accept, complexity, extend, suspend,
    resume, settle, publish, designate. The body has the fields of the page's form (people
    and letters by id, dates as YYYY-MM-DD); ``split`` takes ``parts`` as lines
    ``kind; matter``."""
    actor = api_actor(request)
    if action not in ACTIONS:
        raise NotFound()
    letter = selectors.letter_get(actor=actor, pk=letter_id)
    if not actor.has_perm(ACTIONS[action].perm, letter):
        raise Forbidden()
    return run(actor, letter, action, payload)


@router.get("/units/{unit_id}/stats", response={200: LettersStatsOut, **ERRORS})
def letters_stats(request: HttpRequest, unit_id: int, start: dt.date, end: dt.date) -> Any:
    agency = _unit(request, unit_id, "letters.view_stats")
    if end < start:
        message = _("The end date is before the start date.")
        raise DomainError("invalid", message, fields={"end": [message]})
    report = letters_report(agency=agency, start=start, end=end)
    return {
        "unit_id": agency.pk,
        "start": start,
        "end": end,
        "figures": report.figures.as_dict(),
    }
