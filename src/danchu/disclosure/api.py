"""API of publicity and consultation: publications, regulations and versions, read
confirmations, information requests, consultations with comments and answers. An anonymous
comment's answer never carries its author."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import CursorPagination, paginate

from danchu.core import selectors as core_selectors
from danchu.core.api import ERRORS, api_actor
from danchu.core.errors import Forbidden
from danchu.core.models import Agency
from danchu.disclosure import selectors, services
from danchu.disclosure.models import Comment

router = Router(tags=["disclosure"])


def _unit(request: HttpRequest, unit_id: int, perm: str) -> Agency:
    agency = core_selectors.agency_get(actor=api_actor(request), pk=unit_id)
    org = agency.organisation or agency
    if not api_actor(request).has_perm(perm, org):
        raise Forbidden()
    return org


def _maybe_unit(request: HttpRequest, unit_id: int | None) -> Agency | None:
    return core_selectors.agency_get(actor=api_actor(request), pk=unit_id) if unit_id else None


class PublicationIn(Schema):
    category: str
    title: str
    decision_number: str
    decision_date: dt.date | None = None
    signer: str
    channels: list[str]
    published_on: dt.date
    posted_until: dt.date | None = None
    summary: str = ""
    audience_kind: str = "all"
    audience_unit_id: int | None = None


class PublicationOut(Schema):
    id: int
    number: int
    year: int
    category: str
    title: str
    decision_number: str
    decision_date: dt.date
    published_on: dt.date
    due_on: dt.date
    late_days: int
    posted_until: dt.date | None
    short_posting: bool
    channels: list[str]
    public: bool
    audience_kind: str
    version_id: int | None
    consultation_id: int | None


class RegulationIn(Schema):
    kind: str
    title: str
    owner_id: int


class RegulationOut(Schema):
    id: int
    kind: str
    title: str
    owner_id: int


class VersionIn(Schema):
    decision_number: str
    decision_date: dt.date | None = None
    effective_from: dt.date | None = None
    review_on: dt.date | None = None
    text: str
    change_summary: str = ""
    consultation_id: int | None = None


class VersionOut(Schema):
    id: int
    regulation_id: int
    number: int
    decision_number: str
    decision_date: dt.date
    effective_from: dt.date
    review_on: dt.date
    text: str
    change_summary: str
    consultation_id: int | None


class DisseminationIn(Schema):
    confirm_by: dt.date
    publication_id: int | None = None
    version_id: int | None = None
    document_title: str = ""
    document_number: str = ""
    audience_kind: str = "all"
    audience_unit_id: int | None = None


class UnitShareOut(Schema):
    unit_id: int
    unit: str
    confirmed: int
    total: int


class DisseminationOut(Schema):
    id: int
    title: str
    confirm_by: dt.date
    confirmed: int | None = None
    total: int | None = None
    units: list[UnitShareOut] = []
    pending: list[str] = []


class RequestIn(Schema):
    subject: str
    details: str = ""


class RequestOut(Schema):
    id: int
    subject: str
    received_on: dt.date
    due_on: dt.date
    state: str
    answer: str


class AnswerTextIn(Schema):
    answer: str = ""


class ConsultationIn(Schema):
    topic: str
    title: str
    form: str
    owner_id: int
    opens_on: dt.date
    closes_on: dt.date
    version_id: int | None = None
    draft: str = ""
    anonymous_allowed: bool = False


class ConsultationOut(Schema):
    id: int
    topic: str
    title: str
    form: str
    owner_id: int
    opens_on: dt.date
    closes_on: dt.date
    anonymous_allowed: bool
    state: str


class CommentIn(Schema):
    text: str = ""
    article: str = ""
    anonymous: bool = False


class CommentOut(Schema):
    id: uuid.UUID
    article: str
    text: str
    anonymous: bool
    answer: str
    answer_reason: str

    @staticmethod
    def resolve_anonymous(comment: Comment) -> bool:
        return comment.author_id is None


class CommentAnswerIn(Schema):
    answer: str = ""
    reason: str = ""


class PublishIn(Schema):
    decision_number: str = ""
    channels: list[str] = []
    posted_until: dt.date | None = None


@router.get("/units/{unit_id}/publications", response={200: list[PublicationOut], **ERRORS})
@paginate(CursorPagination, ordering=("-id",))
def publication_list_api(
    request: HttpRequest,
    unit_id: int,
    q: str = "",
    category: str = "",
    year: int | None = Query(None, ge=1900, le=2100),  # the register's years, as on its page
    start: dt.date | None = None,
    end: dt.date | None = None,
    breaches: bool = False,
) -> Any:
    """Accent-free ``q``; category; a year or a period (start, end); breaches only."""
    org = _unit(request, unit_id, "disclosure.view")
    return selectors.publication_list(
        actor=api_actor(request),
        agency=org,
        query=q,
        category=category,
        year=year,
        start=start,
        end=end,
        breaches_only=breaches,
    )


@router.post("/units/{unit_id}/publications", response={201: PublicationOut, **ERRORS})
def publication_create_api(request: HttpRequest, unit_id: int, payload: PublicationIn) -> Any:
    org = _unit(request, unit_id, "disclosure.publish")
    data = payload.dict(exclude={"audience_unit_id"})
    publication = services.publication_create(
        actor=api_actor(request),
        agency=org,
        audience_unit=_maybe_unit(request, payload.audience_unit_id),
        **data,
    )
    return Status(201, publication)


@router.get("/publications/{publication_id}", response={200: PublicationOut, **ERRORS})
def publication_get_api(request: HttpRequest, publication_id: int) -> Any:
    return selectors.publication_get(actor=api_actor(request), pk=publication_id)


@router.get("/units/{unit_id}/regulations", response={200: list[RegulationOut], **ERRORS})
def regulation_list_api(request: HttpRequest, unit_id: int, q: str = "") -> Any:
    org = _unit(request, unit_id, "disclosure.view")
    return list(selectors.regulation_list(actor=api_actor(request), agency=org, query=q))


@router.post("/units/{unit_id}/regulations", response={201: RegulationOut, **ERRORS})
def regulation_create_api(request: HttpRequest, unit_id: int, payload: RegulationIn) -> Any:
    actor = api_actor(request)
    org = _unit(request, unit_id, "disclosure.manage_regulations")
    owner = core_selectors.person_get(actor=actor, pk=payload.owner_id)
    regulation = services.regulation_create(
        actor=actor, agency=org, kind=payload.kind, title=payload.title, owner=owner
    )
    return Status(201, regulation)


@router.get("/regulations/{regulation_id}/versions", response={200: list[VersionOut], **ERRORS})
def version_list_api(request: HttpRequest, regulation_id: int) -> Any:
    regulation = selectors.regulation_get(actor=api_actor(request), pk=regulation_id)
    return list(regulation.versions.all())


@router.post("/regulations/{regulation_id}/versions", response={201: VersionOut, **ERRORS})
def version_add_api(request: HttpRequest, regulation_id: int, payload: VersionIn) -> Any:
    actor = api_actor(request)
    regulation = selectors.regulation_get(actor=actor, pk=regulation_id)
    consultation = (
        selectors.consultation_get(actor=actor, pk=payload.consultation_id)
        if payload.consultation_id
        else None
    )
    version = services.version_add(
        actor=actor,
        regulation=regulation,
        consultation=consultation,
        **payload.dict(exclude={"consultation_id"}),
    )
    return Status(201, version)


def _dissemination_out(actor: Any, d: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": d.pk, "title": d.title, "confirm_by": d.confirm_by}
    if actor.has_perm("disclosure.view_all", d.agency):
        report = selectors.dissemination_report(actor=actor, dissemination=d)
        out |= {
            "confirmed": report.confirmed,
            "total": report.total,
            "units": [
                {
                    "unit_id": u.unit.pk,
                    "unit": u.unit.name,
                    "confirmed": u.confirmed,
                    "total": u.total,
                }
                for u in report.units
            ],
            "pending": [p.get_full_name() for p in report.pending],
        }
    return out


@router.post("/units/{unit_id}/disseminations", response={201: DisseminationOut, **ERRORS})
def dissemination_create_api(request: HttpRequest, unit_id: int, payload: DisseminationIn) -> Any:
    actor = api_actor(request)
    org = _unit(request, unit_id, "disclosure.disseminate")
    publication = (
        selectors.publication_get(actor=actor, pk=payload.publication_id)
        if payload.publication_id
        else None
    )
    version = (
        selectors.version_get(actor=actor, pk=payload.version_id) if payload.version_id else None
    )
    d = services.dissemination_create(
        actor=actor,
        agency=org,
        publication=publication,
        version=version,
        audience_unit=_maybe_unit(request, payload.audience_unit_id),
        **payload.dict(exclude={"publication_id", "version_id", "audience_unit_id"}),
    )
    return Status(201, _dissemination_out(actor, d))


@router.get("/disseminations/{dissemination_id}", response={200: DisseminationOut, **ERRORS})
def dissemination_get_api(request: HttpRequest, dissemination_id: int) -> Any:
    actor = api_actor(request)
    return _dissemination_out(actor, selectors.dissemination_get(actor=actor, pk=dissemination_id))


@router.post(
    "/disseminations/{dissemination_id}/confirm", response={200: DisseminationOut, **ERRORS}
)
def dissemination_confirm_api(request: HttpRequest, dissemination_id: int) -> Any:
    actor = api_actor(request)
    d = selectors.dissemination_get(actor=actor, pk=dissemination_id)
    services.read_confirm(actor=actor, dissemination=d)
    return _dissemination_out(actor, d)


@router.get("/units/{unit_id}/requests", response={200: list[RequestOut], **ERRORS})
@paginate(CursorPagination, ordering=("-id",))
def info_request_list_api(request: HttpRequest, unit_id: int) -> Any:
    """The person's own requests; all of them for those who answer."""
    org = _unit(request, unit_id, "disclosure.view")
    return selectors.info_request_list(actor=api_actor(request), agency=org)


@router.get("/units/{unit_id}/disseminations", response={200: list[DisseminationOut], **ERRORS})
def dissemination_list_api(request: HttpRequest, unit_id: int) -> Any:
    """Readings asked of the person; all of them, with their figures, for the leaders."""
    actor = api_actor(request)
    org = _unit(request, unit_id, "disclosure.view")
    return [
        _dissemination_out(actor, d)
        for d in selectors.dissemination_list(actor=actor, agency=org)[:100]
    ]


@router.post("/units/{unit_id}/requests", response={201: RequestOut, **ERRORS})
def info_request_create_api(request: HttpRequest, unit_id: int, payload: RequestIn) -> Any:
    org = _unit(request, unit_id, "disclosure.take_part")
    info = services.info_request_create(actor=api_actor(request), agency=org, **payload.dict())
    return Status(201, info)


@router.post("/requests/{request_id}/answer", response={200: RequestOut, **ERRORS})
def info_request_answer_api(request: HttpRequest, request_id: int, payload: AnswerTextIn) -> Any:
    actor = api_actor(request)
    info = selectors.info_request_get(actor=actor, pk=request_id)
    return services.info_request_answer(actor=actor, request=info, answer=payload.answer)


@router.get("/units/{unit_id}/consultations", response={200: list[ConsultationOut], **ERRORS})
@paginate(CursorPagination, ordering=("-id",))
def consultation_list_api(request: HttpRequest, unit_id: int) -> Any:
    org = _unit(request, unit_id, "disclosure.view")
    return selectors.consultation_list(actor=api_actor(request), agency=org)


@router.post("/units/{unit_id}/consultations", response={201: ConsultationOut, **ERRORS})
def consultation_create_api(request: HttpRequest, unit_id: int, payload: ConsultationIn) -> Any:
    actor = api_actor(request)
    org = _unit(request, unit_id, "disclosure.consult")
    version = (
        selectors.version_get(actor=actor, pk=payload.version_id) if payload.version_id else None
    )
    consultation = services.consultation_create(
        actor=actor,
        agency=org,
        owner=core_selectors.person_get(actor=actor, pk=payload.owner_id),
        version=version,
        **payload.dict(exclude={"owner_id", "version_id"}),
    )
    return Status(201, consultation)


@router.get("/consultations/{consultation_id}/comments", response={200: list[CommentOut], **ERRORS})
def comment_list_api(request: HttpRequest, consultation_id: int) -> Any:
    consultation = selectors.consultation_get(actor=api_actor(request), pk=consultation_id)
    return list(consultation.comments.all())


@router.post("/consultations/{consultation_id}/comments", response={201: CommentOut, **ERRORS})
def comment_add_api(request: HttpRequest, consultation_id: int, payload: CommentIn) -> Any:
    actor = api_actor(request)
    consultation = selectors.consultation_get(actor=actor, pk=consultation_id)
    comment = services.comment_add(actor=actor, consultation=consultation, **payload.dict())
    return Status(201, comment)


@router.post("/comments/{comment_id}/answer", response={200: CommentOut, **ERRORS})
def comment_answer_api(
    request: HttpRequest, comment_id: uuid.UUID, payload: CommentAnswerIn
) -> Any:
    actor = api_actor(request)
    comment = selectors.comment_get(actor=actor, pk=comment_id)
    return services.comment_answer(actor=actor, comment=comment, **payload.dict())


@router.post("/consultations/{consultation_id}/publish", response={201: PublicationOut, **ERRORS})
def consultation_publish_api(request: HttpRequest, consultation_id: int, payload: PublishIn) -> Any:
    actor = api_actor(request)
    consultation = selectors.consultation_get(actor=actor, pk=consultation_id)
    return Status(
        201, services.consultation_publish(actor=actor, consultation=consultation, **payload.dict())
    )
