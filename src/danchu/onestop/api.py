"""API of the one-stop desk: catalogue, intake (with an idempotency key), transitions, queue,
statistics, and the public lookup and rating (no account)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Header, Router, Schema, Status
from ninja.pagination import CursorPagination, paginate

from danchu.core import selectors as core_selectors
from danchu.core import throttle
from danchu.core.api import ERRORS, ErrorOut, api_actor
from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import Agency
from danchu.onestop import selectors, services
from danchu.onestop.models import Dossier
from danchu.onestop.services.intake import is_replay
from danchu.onestop.stats import GROUPS, onestop_report

router = Router(tags=["onestop"])


def _unit(request: HttpRequest, unit_id: int, perm: str) -> Agency:
    agency = core_selectors.agency_get(actor=api_actor(request), pk=unit_id)
    if not api_actor(request).has_perm(perm, agency):
        raise Forbidden()
    return agency


class DocumentOut(Schema):
    order: int
    name: str
    copies: int
    kind: str


class ProcedureStepOut(Schema):
    order: int
    name: str
    role: str
    allotted: int
    unit: str


class ProcedureOut(Schema):
    id: int
    code: str
    version: int
    name: str
    field: str
    level: str
    deciding_agency: str
    deadline_days: int
    fee: int
    online: bool
    is_published: bool


class ProcedureDetailOut(ProcedureOut):
    legal_bases: str
    forms: str
    documents: list[DocumentOut]
    steps: list[ProcedureStepOut]


def _procedure(p: Any, detail: bool = False) -> dict[str, Any]:
    v = p.current
    data = {
        "id": p.pk,
        "code": p.code,
        "version": v.number,
        "name": v.name,
        "field": v.field,
        "level": v.level,
        "deciding_agency": v.deciding_agency,
        "deadline_days": v.deadline_days,
        "fee": v.fee,
        "online": v.online,
        "is_published": p.is_published,
    }
    if detail:
        data |= {
            "legal_bases": v.legal_bases,
            "forms": v.forms,
            "documents": list(v.documents.all()),
            "steps": list(v.steps.all()),
        }
    return data


class DocumentIn(Schema):
    name: str
    copies: int = 1
    kind: str = "original"


class StepIn(Schema):
    name: str
    role: str
    allotted: int
    unit: str = "working_days"


class ProcedureIn(Schema):
    code: str
    name: str
    field: str
    deadline_days: int
    steps: list[StepIn]
    documents: list[DocumentIn] = []
    level: str = "provincial"
    deciding_agency: str = ""
    fee: int = 0
    online: bool = False
    forms: str = ""
    legal_bases: str = ""


class SlipOut(Schema):
    id: int
    kind: str
    number: int
    year: int
    issued_at: dt.datetime
    content: dict[str, Any]


class IntakeIn(Schema):
    procedure_id: int
    applicant_kind: str
    applicant_name: str
    applicant_id: str
    documents: list[int]
    channel: str = "online"
    applicant_phone: str = ""
    applicant_email: str = ""
    applicant_address: str = ""
    received_at: dt.datetime | None = None


class RefusalIn(IntakeIn):
    reasons: str


class DossierOut(Schema):
    id: int
    code: str
    agency_id: int
    procedure_id: int
    version: int
    state: str
    applicant_kind: str
    applicant_name: str
    channel: str
    received_at: dt.datetime
    due_on: dt.date | None
    appointment_on: dt.date | None
    step_order: int
    assignee_id: int | None
    resolved_on: dt.date | None
    timeliness: str
    result_number: str
    returned_at: dt.datetime | None
    revision: int


def _dossier_out(d: Dossier) -> dict[str, Any]:
    return {f: getattr(d, f) for f in DossierOut.model_fields if f != "version"} | {
        "version": d.version.number
    }


class DossierActionIn(Schema):
    revision: int | None = None
    note: str = ""
    reason: str = ""
    missing: str = ""
    approved: bool | None = None
    result_number: str = ""
    reasons: str = ""
    new_date: dt.date | None = None
    to_user_id: int | None = None


class QueueItemOut(Schema):
    id: int
    code: str
    urgency: str
    due_on: dt.date | None
    step_order: int
    assignee_id: int | None


class DossierFiguresOut(Schema):
    received: int
    carried_over: int
    resolved: int
    early: int
    on_time: int
    late: int
    in_progress_within: int
    in_progress_overdue: int
    returned: int
    refused: int
    withdrawn: int
    supplement_requests: int
    apology_slips: int
    average_days: float | None
    on_time_rate: float | None
    ratings: dict[str, int]


class DossierGroupOut(DossierFiguresOut):
    key: str


class StatsOut(Schema):
    unit: dict[str, str]
    start: dt.date
    end: dt.date
    procedures_published: int
    procedures_online: int
    total: DossierFiguresOut
    groups: list[DossierGroupOut]


class PublicStatusOut(Schema):
    code: str
    procedure: str
    state: str
    state_label: str
    step: str
    received_on: dt.date
    appointment_on: dt.date | None
    due_on: dt.date | None
    late: bool
    returned: bool
    rated: bool
    apology_new_date: dt.date | None


class RatingIn(Schema):
    id_digits: str
    satisfaction: str
    comment: str = ""


@router.get("/units/{unit_id}/procedures", response={200: list[ProcedureOut], **ERRORS})
def procedure_list(request: HttpRequest, unit_id: int, q: str = "") -> Any:
    agency = _unit(request, unit_id, "onestop.view_catalogue")
    return [
        _procedure(p)
        for p in selectors.procedure_list(actor=api_actor(request), agency=agency, query=q)
    ]


@router.get(
    "/units/{unit_id}/procedures/{procedure_id}", response={200: ProcedureDetailOut, **ERRORS}
)
def procedure_get(request: HttpRequest, unit_id: int, procedure_id: int) -> Any:
    agency = _unit(request, unit_id, "onestop.view_catalogue")
    found = selectors.procedure_get(actor=api_actor(request), agency=agency, pk=procedure_id)
    return _procedure(found, detail=True)


@router.post("/units/{unit_id}/procedures", response={200: ProcedureDetailOut, **ERRORS})
def procedure_save(request: HttpRequest, unit_id: int, payload: ProcedureIn) -> Any:
    """Create a procedure, or give it a new version when its content changed."""
    agency = _unit(request, unit_id, "onestop.view_catalogue")
    data = payload.dict()
    steps = [services.StepSpec(**s) for s in data.pop("steps")]
    documents = [services.DocumentSpec(**d) for d in data.pop("documents")]
    saved = services.procedure_save(
        actor=api_actor(request), agency=agency, steps=steps, documents=documents, **data
    )
    return _procedure(
        selectors.procedure_get(actor=api_actor(request), agency=agency, pk=saved.pk), detail=True
    )


@router.get("/dossiers/{dossier_id}/slips", response={200: list[SlipOut], **ERRORS})
def dossier_slips(request: HttpRequest, dossier_id: int) -> Any:
    return list(selectors.dossier_get(actor=api_actor(request), pk=dossier_id).slips.all())


def _intake_kwargs(request: HttpRequest, agency: Agency, payload: IntakeIn) -> dict[str, Any]:
    procedure = (
        selectors.procedure_list(actor=api_actor(request), agency=agency)
        .filter(pk=payload.procedure_id)
        .first()
    )
    if procedure is None:
        raise DomainError(
            "invalid",
            _("This procedure is not in the unit's catalogue."),
            fields={"procedure_id": [_("Unknown procedure.")]},
        )
    return {
        "actor": api_actor(request),
        "agency": agency,
        "procedure": procedure,
        "applicant_kind": payload.applicant_kind,
        "applicant_name": payload.applicant_name,
        "applicant_id": payload.applicant_id,
        "documents": payload.documents,
        "channel": payload.channel,
        "applicant_phone": payload.applicant_phone,
        "applicant_email": payload.applicant_email,
        "applicant_address": payload.applicant_address,
        "at": payload.received_at,
    }


@router.post("/units/{unit_id}/dossiers", response={201: DossierOut, 200: DossierOut, **ERRORS})
def dossier_receive(
    request: HttpRequest,
    unit_id: int,
    payload: IntakeIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
) -> Any:
    """Receive a dossier. A retry with the same ``Idempotency-Key`` returns the first one
    (200) instead of creating a second (201), also while the first request still runs."""
    agency = _unit(request, unit_id, "onestop.receive")
    key = (idempotency_key or "").strip()[:80] or None
    dossier = services.dossier_receive(
        idempotency_key=key, **_intake_kwargs(request, agency, payload)
    )
    return Status(200 if is_replay(dossier) else 201, _dossier_out(dossier))


@router.post("/units/{unit_id}/refusals", response={201: DossierOut, **ERRORS})
def dossier_refuse(
    request: HttpRequest,
    unit_id: int,
    payload: RefusalIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
) -> Any:
    agency = _unit(request, unit_id, "onestop.receive")
    kwargs = _intake_kwargs(request, agency, payload)
    dossier = services.dossier_refuse_intake(
        reasons=payload.reasons, idempotency_key=(idempotency_key or None), **kwargs
    )
    return Status(201, _dossier_out(dossier))


@router.get("/units/{unit_id}/dossiers", response={200: list[DossierOut], **ERRORS})
@paginate(CursorPagination, ordering=("-id",))
def dossier_list(request: HttpRequest, unit_id: int, state: str = "") -> Any:
    agency = _unit(request, unit_id, "onestop.view_dossier")
    rows = selectors.dossier_list(actor=api_actor(request), agency=agency)
    if state:
        rows = rows.filter(state=state)
    return rows


@router.get("/dossiers/{dossier_id}", response={200: DossierOut, **ERRORS})
def dossier_get(request: HttpRequest, dossier_id: int) -> Any:
    return _dossier_out(selectors.dossier_get(actor=api_actor(request), pk=dossier_id))


@router.post("/dossiers/{dossier_id}/{action}", response={200: DossierOut, 409: ErrorOut, **ERRORS})
def dossier_action(
    request: HttpRequest, dossier_id: int, action: str, payload: DossierActionIn
) -> Any:
    """Move a dossier: advance, send_back, request_supplement, receive_supplement, suspend,
    resume, apologise, decide, return, withdraw. ``revision`` guards against a stale copy."""
    actor = api_actor(request)
    dossier = selectors.dossier_get(actor=actor, pk=dossier_id)
    to_user = (
        core_selectors.person_get(actor=actor, pk=payload.to_user_id)
        if payload.to_user_id
        else None
    )
    common: dict[str, Any] = {"actor": actor, "dossier": dossier, "revision": payload.revision}
    calls = {
        "advance": lambda: services.dossier_advance(**common, to_user=to_user, note=payload.note),
        "send_back": lambda: services.dossier_send_back(**common, reason=payload.reason),
        "request_supplement": lambda: services.dossier_request_supplement(
            **common, missing=payload.missing
        ),
        "receive_supplement": lambda: services.dossier_receive_supplement(**common),
        "suspend": lambda: services.dossier_suspend(**common, reason=payload.reason),
        "resume": lambda: services.dossier_resume(**common),
        "apologise": lambda: services.dossier_apologise(
            **common, new_date=_required_date(payload.new_date), reason=payload.reason
        ),
        "decide": lambda: services.dossier_decide(
            **common,
            approved=_required_bool(payload.approved),
            result_number=payload.result_number,
            reasons=payload.reasons,
        ),
        "return": lambda: services.dossier_return(**common),
        "withdraw": lambda: services.dossier_withdraw(**common, reason=payload.reason),
    }
    if action not in calls:
        raise NotFound()
    return _dossier_out(calls[action]())


def _required_date(value: dt.date | None) -> dt.date:
    if value is None:
        raise DomainError(
            "invalid",
            _("Give the new appointment date."),
            fields={"new_date": [_("This field is required.")]},
        )
    return value


def _required_bool(value: bool | None) -> bool:
    if value is None:
        raise DomainError(
            "invalid",
            _("Choose to approve or to refuse."),
            fields={"approved": [_("This field is required.")]},
        )
    return value


@router.get("/units/{unit_id}/queue", response={200: list[QueueItemOut], **ERRORS})
@paginate(CursorPagination, ordering=("id",))
def queue(request: HttpRequest, unit_id: int, mine: bool = False) -> Any:
    agency = _unit(request, unit_id, "onestop.view_dossier")
    return selectors.work_queue(actor=api_actor(request), agency=agency, mine_only=mine)


@router.get("/units/{unit_id}/stats", response={200: StatsOut, **ERRORS})
def stats(
    request: HttpRequest, unit_id: int, start: dt.date, end: dt.date, group_by: str = ""
) -> Any:
    agency = _unit(request, unit_id, "onestop.view_stats")
    if end < start:
        raise DomainError(
            "invalid",
            _("The end date is before the start date."),
            fields={"end": [_("The end date is before the start date.")]},
        )
    if group_by and group_by not in GROUPS:
        raise DomainError(
            "invalid", _("Unknown grouping."), fields={"group_by": [", ".join(GROUPS)]}
        )
    report = onestop_report(agency=agency, start=start, end=end, group_by=group_by or None)
    return report.as_dict()


public = Router(tags=["public"], auth=None)


@public.get("/dossiers/{code}", response={200: PublicStatusOut, **ERRORS, 429: ErrorOut})
def public_lookup(request: HttpRequest, code: str, id_digits: str) -> Any:
    """Status of a dossier for anyone with its code and the applicant's last 4 ID digits."""
    from danchu.onestop.views import LOOKUP  # the pages' limit: one count for both

    return throttle.attempt(
        request, LOOKUP, lambda: selectors.public_lookup(code=code, id_last_digits=id_digits)
    )


@public.post("/dossiers/{code}/rating", response={201: dict[str, str], **ERRORS, 409: ErrorOut})
def public_rate(request: HttpRequest, code: str, payload: RatingIn) -> Any:
    selectors.public_lookup(code=code, id_last_digits=payload.id_digits)
    dossier = get_object_or_404(Dossier, code=code)
    rating = services.dossier_rate(
        dossier=dossier, satisfaction=payload.satisfaction, comment=payload.comment
    )
    return Status(201, {"satisfaction": rating.satisfaction})
