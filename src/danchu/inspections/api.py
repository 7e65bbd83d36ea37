"""API of the city steering committee's QCDC inspections: the committee's checklist of
criteria, its yearly plans, inspections (periodic or surprise) with their delegation,
findings, conclusion and requirements (each followed through its task in the tasks app), the
unit's self-report (its figures as stored, computed from its records) and the committee's
follow-up of concluded inspections.

A unit learns of a surprise inspection only when it starts: before, the inspection is not
found for it. People and units are named by id; an id the person may not read is refused on
its field (400), never told apart from one that does not exist."""

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import CursorPagination, paginate

from danchu.core import selectors as core_selectors
from danchu.core.api import ERRORS, Id, api_actor
from danchu.core.errors import DomainError, Forbidden, NotFound, invalid
from danchu.core.models import Agency, User
from danchu.inspections import selectors, services
from danchu.inspections.models import Criterion, Inspection, Plan, SelfReport, State

router = Router(tags=["inspections"])


@contextlib.contextmanager
def _payload_names(**names: str) -> Iterator[None]:
    """The services name the form's fields (``leader``); say them in the payload's words
    (``leader_id``)."""
    try:
        yield
    except DomainError as exc:
        for old, new in names.items():
            if old in exc.fields:
                exc.fields[new] = exc.fields.pop(old)
        raise


def _committee(request: HttpRequest, committee_id: int) -> Agency:
    """A committee the person sits on; any other unit is not found (its checklist and plans
    are the committee's own)."""
    actor = api_actor(request)
    committee = core_selectors.agency_get(actor=actor, pk=committee_id)
    if not actor.has_perm("inspections.plan", committee):
        raise NotFound()
    return committee


def _person(actor: User, pk: int, field: str, errors: dict[str, list[str]]) -> User | None:
    """The person of an id, or a field error when the person may not be read."""
    try:
        return core_selectors.person_get(actor=actor, pk=pk)
    except NotFound:
        errors[field] = [_("No such person in your organisations.")]
        return None


def _inspection(request: HttpRequest, inspection_id: int) -> Inspection:
    return selectors.inspection_get(actor=api_actor(request), pk=inspection_id)


# --- schemas ----------------------------------------------------------------------------------


def _built(obj: Any, key: str) -> Any:
    """A value of an output already built as a dict (a detail is built from the brief); None
    for a model instance, whose resolver reads it."""
    return obj.get(key) if isinstance(obj, dict) else None


def _count(obj: Any, key: str) -> int:
    # Annotated by the list's selectors; a freshly written inspection has none yet.
    return int(obj.get(key, 0) if isinstance(obj, dict) else getattr(obj, key, 0))


class CriterionIn(Schema):
    group: str = ""
    code: str = ""
    title: str = ""
    evidence: str = ""
    scoring: str = ""
    max_points: int | None = None
    guide: str = ""


class CriterionOut(Schema):
    id: int
    committee_id: int
    group: str
    code: str
    title: str
    evidence: str
    scoring: str
    max_points: int
    guide: str
    is_active: bool

    @staticmethod
    def resolve_committee_id(criterion: Criterion) -> int:
        return criterion.agency_id


class InspectionPlanIn(Schema):
    committee_id: int
    year: int | None = None
    title: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None


class InspectionPlanOut(Schema):
    id: int
    committee_id: int
    year: int
    title: str
    decision_number: str
    decision_date: dt.date | None
    state: str
    approved_on: dt.date | None

    @staticmethod
    def resolve_committee_id(plan: Plan | dict[str, Any]) -> int:
        return _built(plan, "committee_id") or plan.agency_id  # type: ignore[union-attr]


class PlanListOut(InspectionPlanOut):
    size: int  # how many inspections the plan holds


class InspectionBriefOut(Schema):
    id: int
    plan_id: int
    year: int
    number: int
    committee_id: int
    unit_id: int
    unit_name: str
    kind: str
    state: str
    scheduled_on: dt.date
    period_start: dt.date
    period_end: dt.date
    requirement_count: int
    open_requirements: int

    @staticmethod
    def resolve_year(inspection: Inspection | dict[str, Any]) -> int:
        return _built(inspection, "year") or inspection.plan.year  # type: ignore[union-attr]

    @staticmethod
    def resolve_unit_id(inspection: Inspection | dict[str, Any]) -> int:
        return _built(inspection, "unit_id") or inspection.agency_id  # type: ignore[union-attr]

    @staticmethod
    def resolve_unit_name(inspection: Inspection | dict[str, Any]) -> str:
        return _built(inspection, "unit_name") or inspection.agency.name  # type: ignore[union-attr]

    @staticmethod
    def resolve_requirement_count(inspection: Inspection | dict[str, Any]) -> int:
        return _count(inspection, "requirement_count")

    @staticmethod
    def resolve_open_requirements(inspection: Inspection | dict[str, Any]) -> int:
        return _count(inspection, "open_requirements")


class PlanDetailOut(InspectionPlanOut):
    inspections: list[InspectionBriefOut]


class MemberOut(Schema):
    person_id: int
    full_name: str
    is_leader: bool


class FindingOut(Schema):
    criterion_id: int
    rating: str
    points: int
    note: str
    recorded_by_id: int
    recorded_at: dt.datetime


class ChecklistRowOut(Schema):
    id: int
    group: str
    code: str
    title: str
    evidence: str
    scoring: str
    max_points: int
    guide: str
    finding: FindingOut | None


class InspectionScoreOut(Schema):
    earned: int
    possible: int
    rate: float | None  # percent, None while no criterion counts


class RequirementOut(Schema):
    id: int
    number: int
    group: str
    text: str
    task_id: int
    task_state: str
    lead_person_id: int | None
    lead_unit_id: int | None
    lead: str
    due_on: dt.date
    done_on: dt.date | None


class InspectionDetailOut(InspectionBriefOut):
    scope_note: str
    announced_on: dt.date | None
    started_on: dt.date | None
    concluded_on: dt.date | None
    closed_on: dt.date | None
    conclusion: str
    conclusion_number: str
    cancel_reason: str
    delegation: list[MemberOut]
    criteria: list[ChecklistRowOut]
    score: InspectionScoreOut
    requirements: list[RequirementOut]
    report_state: str | None  # the self-report's state; None before the unit has one


class InspectionIn(Schema):
    unit_id: int
    kind: str = ""
    scheduled_on: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    leader_id: int | None = None
    member_ids: list[Id] = []
    criterion_ids: list[Id] | None = None  # None: the whole checklist in use
    scope_note: str = ""


class CancelIn(Schema):
    reason: str = ""


class FindingIn(Schema):
    criterion_id: int
    rating: str = ""
    points: int | None = None
    note: str = ""


class RequirementIn(Schema):
    text: str = ""
    group: str = ""
    lead_id: int | None = None
    due_on: dt.date | None = None


class ConcludeIn(Schema):
    conclusion: str = ""
    conclusion_number: str = ""
    requirements: list[RequirementIn] = []
    without_requirements: bool = False


class ReportOut(Schema):
    inspection_id: int
    state: str
    figures: list[dict[str, Any]]  # [{key, title, figures: [{key, label, value, kind, shown}]}]
    computed_at: dt.datetime
    parts: list[str]  # the prose parts the unit writes
    prose: dict[str, str]
    submitted_on: dt.date | None
    submitted_by_id: int | None

    @staticmethod
    def resolve_parts(report: SelfReport) -> list[str]:
        return services.prose_keys(report)


class ReportEditIn(Schema):
    prose: dict[str, str] = {}


class FollowUpOut(Schema):
    id: int
    plan_id: int
    year: int
    number: int
    unit_id: int
    unit_name: str
    concluded_on: dt.date | None
    conclusion_number: str
    done: int
    total: int
    overdue: int


# --- builders ---------------------------------------------------------------------------------


def _inspection_out(inspection: Inspection) -> dict[str, Any]:
    rows = selectors.checklist(inspection=inspection)
    score = selectors.score(rows)
    report = SelfReport.objects.filter(inspection=inspection).values_list("state", flat=True)
    return {
        **InspectionBriefOut.from_orm(inspection).dict(),
        "scope_note": inspection.scope_note,
        "announced_on": inspection.announced_on,
        "started_on": inspection.started_on,
        "concluded_on": inspection.concluded_on,
        "closed_on": inspection.closed_on,
        "conclusion": inspection.conclusion,
        "conclusion_number": inspection.conclusion_number,
        "cancel_reason": inspection.cancel_reason,
        "delegation": [
            {"person_id": m.person_id, "full_name": m.person.full_name, "is_leader": m.is_leader}
            for m in inspection.members.all()
        ],
        "criteria": [
            {
                "id": r.criterion.pk,
                "group": r.criterion.group,
                "code": r.criterion.code,
                "title": r.criterion.title,
                "evidence": r.criterion.evidence,
                "scoring": r.criterion.scoring,
                "max_points": r.criterion.max_points,
                "guide": r.criterion.guide,
                "finding": r.finding,
            }
            for r in rows
        ],
        "score": {"earned": score.earned, "possible": score.possible, "rate": score.rate},
        "requirements": [
            {
                "id": r.pk,
                "number": r.number,
                "group": r.group,
                "text": r.text,
                "task_id": r.task_id,
                "task_state": r.task.state,
                "lead_person_id": r.task.lead_person_id,
                "lead_unit_id": r.task.lead_unit_id,
                "lead": r.task.lead_label,
                "due_on": r.task.due_on,
                "done_on": r.task.done_on,
            }
            for r in selectors.requirements(inspection=inspection)
        ],
        "report_state": report.first(),
    }


def _detail(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    """The inspection as the person sees it now (read again after a change)."""
    return _inspection_out(_inspection(request, inspection_id))


def _report(request: HttpRequest, inspection_id: int) -> SelfReport:
    return selectors.self_report_get(actor=api_actor(request), inspection_pk=inspection_id)


# --- the checklist ----------------------------------------------------------------------------


@router.get("/committees/{committee_id}/criteria", response={200: list[CriterionOut], **ERRORS})
@paginate(CursorPagination, ordering=("code", "id"))
def checklist_api(request: HttpRequest, committee_id: int, active: bool = False) -> Any:
    """The committee's checklist; ``active`` keeps only the criteria in use."""
    committee = _committee(request, committee_id)
    return selectors.criterion_list(
        actor=api_actor(request), committee=committee, active_only=active
    ).order_by()


@router.post("/committees/{committee_id}/criteria", response={201: CriterionOut, **ERRORS})
def criterion_add_api(request: HttpRequest, committee_id: int, payload: CriterionIn) -> Any:
    committee = _committee(request, committee_id)
    criterion = services.criterion_create(
        actor=api_actor(request), committee=committee, **payload.dict()
    )
    return Status(201, criterion)


@router.post("/criteria/{criterion_id}/retire", response={200: CriterionOut, **ERRORS})
def criterion_retire_api(request: HttpRequest, criterion_id: int) -> Any:
    """Take a criterion out of use for inspections planned from now on."""
    actor = api_actor(request)
    criterion = selectors.criterion_get(actor=actor, pk=criterion_id)
    return services.criterion_retire(actor=actor, criterion=criterion)


# --- plans ------------------------------------------------------------------------------------


@router.get("/plans", response={200: list[PlanListOut], **ERRORS})
@paginate(CursorPagination, ordering=("-year", "id"))
def inspection_plan_list_api(request: HttpRequest) -> Any:
    """The plans of the committees the person sits on."""
    return selectors.plan_list(actor=api_actor(request)).order_by()


@router.post("/plans", response={201: InspectionPlanOut, **ERRORS})
def inspection_plan_create_api(request: HttpRequest, payload: InspectionPlanIn) -> Any:
    actor = api_actor(request)
    try:
        committee = core_selectors.agency_get(actor=actor, pk=payload.committee_id)
    except NotFound as exc:
        raise DomainError("invalid", exc.message, fields={"committee_id": [exc.message]}) from exc
    plan = services.plan_create(
        actor=actor, committee=committee, **payload.dict(exclude={"committee_id"})
    )
    return Status(201, plan)


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, **ERRORS})
def inspection_plan_get_api(request: HttpRequest, plan_id: int) -> Any:
    actor = api_actor(request)
    plan = selectors.plan_get(actor=actor, pk=plan_id)
    return {
        **InspectionPlanOut.from_orm(plan).dict(),
        "inspections": list(
            selectors.plan_inspections(plan=plan, actor=actor).select_related("plan")
        ),
    }


@router.post("/plans/{plan_id}/approve", response={200: InspectionPlanOut, **ERRORS})
def inspection_plan_approve_api(request: HttpRequest, plan_id: int) -> Any:
    actor = api_actor(request)
    plan = selectors.plan_get(actor=actor, pk=plan_id)
    return services.plan_approve(actor=actor, plan=plan)


# --- inspections ------------------------------------------------------------------------------


@router.get("/inspections", response={200: list[InspectionBriefOut], **ERRORS})
@paginate(CursorPagination, ordering=("-scheduled_on", "-id"))
def city_inspection_list_api(
    request: HttpRequest, state: State | None = None, year: int | None = None, unit_id: int = 0
) -> Any:
    """The inspections the person may see: a committee's all of them, a unit's only those
    it knows of. ``unit_id`` keeps a unit and the units under it."""
    actor = api_actor(request)
    unit = core_selectors.agency_get(actor=actor, pk=unit_id) if unit_id else None
    return selectors.inspection_list(
        actor=actor, unit=unit, state=state or "", year=year
    ).order_by()


@router.post("/plans/{plan_id}/inspections", response={201: InspectionDetailOut, **ERRORS})
def city_inspection_create_api(request: HttpRequest, plan_id: int, payload: InspectionIn) -> Any:
    """Put an inspection into the plan: periodic, or a surprise one the unit learns of only
    when it starts. The delegation sits on the committee; the criteria default to the whole
    checklist in use."""
    actor = api_actor(request)
    plan = selectors.plan_get(actor=actor, pk=plan_id)
    errors: dict[str, list[str]] = {}
    unit = None
    try:
        unit = core_selectors.agency_get(actor=actor, pk=payload.unit_id)
    except NotFound as exc:
        errors["unit_id"] = [exc.message]
    leader = None
    if payload.leader_id is not None:
        leader = _person(actor, payload.leader_id, "leader_id", errors)
    members = [_person(actor, pk, "member_ids", errors) for pk in payload.member_ids]
    criteria = None
    if payload.criterion_ids is not None:
        ids = set(payload.criterion_ids)
        checklist = selectors.criterion_list(actor=actor, committee=plan.agency)
        criteria = list(checklist.filter(pk__in=ids))
        if len(criteria) != len(ids):
            errors["criterion_ids"] = [_("Choose criteria of the committee's checklist in use.")]
    invalid(errors)
    with _payload_names(
        unit="unit_id", leader="leader_id", members="member_ids", criteria="criterion_ids"
    ):
        inspection = services.inspection_create(
            actor=actor,
            plan=plan,
            unit=unit,
            kind=payload.kind,
            scheduled_on=payload.scheduled_on,
            period_start=payload.period_start,
            period_end=payload.period_end,
            leader=leader,
            members=[m for m in members if m is not None],
            criteria=criteria,
            scope_note=payload.scope_note,
        )
    return Status(201, _detail(request, inspection.pk))


@router.get("/inspections/{inspection_id}", response={200: InspectionDetailOut, **ERRORS})
def city_inspection_get_api(request: HttpRequest, inspection_id: int) -> Any:
    """The inspection with its delegation, its criteria with their findings, the score, the
    conclusion and its requirements with their tasks."""
    return _inspection_out(_inspection(request, inspection_id))


@router.post("/inspections/{inspection_id}/announce", response={200: InspectionDetailOut, **ERRORS})
def city_inspection_announce_api(request: HttpRequest, inspection_id: int) -> Any:
    """Tell the unit of a periodic inspection; its self-report is drafted from its records."""
    inspection = _inspection(request, inspection_id)
    services.inspection_announce(actor=api_actor(request), inspection=inspection)
    return _detail(request, inspection_id)


@router.post("/inspections/{inspection_id}/start", response={200: InspectionDetailOut, **ERRORS})
def city_inspection_start_api(request: HttpRequest, inspection_id: int) -> Any:
    """The delegation's leader opens the inspection at the unit (a surprise one becomes known
    to the unit now)."""
    inspection = _inspection(request, inspection_id)
    services.inspection_start(actor=api_actor(request), inspection=inspection)
    return _detail(request, inspection_id)


@router.post("/inspections/{inspection_id}/cancel", response={200: InspectionDetailOut, **ERRORS})
def city_inspection_cancel_api(request: HttpRequest, inspection_id: int, payload: CancelIn) -> Any:
    inspection = _inspection(request, inspection_id)
    services.inspection_cancel(
        actor=api_actor(request), inspection=inspection, reason=payload.reason
    )
    return _detail(request, inspection_id)


@router.post("/inspections/{inspection_id}/close", response={200: InspectionDetailOut, **ERRORS})
def city_inspection_close_api(request: HttpRequest, inspection_id: int) -> Any:
    """The committee closes a concluded inspection once every requirement's task is done."""
    inspection = _inspection(request, inspection_id)
    services.inspection_close(actor=api_actor(request), inspection=inspection)
    return _detail(request, inspection_id)


@router.post(
    "/inspections/{inspection_id}/findings", response={200: FindingOut, 201: FindingOut, **ERRORS}
)
def finding_record_api(request: HttpRequest, inspection_id: int, payload: FindingIn) -> Any:
    """A member of the delegation records (201) or corrects (200) the finding on one of the
    inspection's criteria; a met/partly/not-met criterion scores by its rating, a points
    criterion takes ``points``."""
    inspection = _inspection(request, inspection_id)
    if not api_actor(request).has_perm("inspections.find", inspection):
        raise Forbidden()
    row = next(
        (
            r
            for r in selectors.checklist(inspection=inspection)
            if r.criterion.pk == payload.criterion_id
        ),
        None,
    )
    if row is None:
        message = _("Choose a criterion of this inspection.")
        raise DomainError("invalid", message, fields={"criterion_id": [message]})
    with _payload_names(criterion="criterion_id"):
        finding = services.finding_record(
            actor=api_actor(request),
            inspection=inspection,
            criterion=row.criterion,
            rating=payload.rating,
            note=payload.note,
            points=payload.points,
        )
    return Status(200 if row.finding else 201, finding)


@router.post("/inspections/{inspection_id}/conclude", response={200: InspectionDetailOut, **ERRORS})
def city_inspection_conclude_api(
    request: HttpRequest, inspection_id: int, payload: ConcludeIn
) -> Any:
    """The leader concludes: every criterion has a finding; each requirement becomes a task
    with one lead in the unit and a deadline. A requirement's errors are on
    ``requirements.<n>.<field>``, numbered from 1 as in the conclusion."""
    actor = api_actor(request)
    inspection = _inspection(request, inspection_id)
    if not actor.has_perm("inspections.lead", inspection):
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    requirements = [
        services.RequirementIn(
            text=r.text,
            group=r.group,
            lead=_person(actor, r.lead_id, f"requirements.{n}.lead", errors)
            if r.lead_id is not None
            else None,
            due_on=r.due_on,
        )
        for n, r in enumerate(payload.requirements, 1)
    ]
    invalid(errors)
    services.inspection_conclude(
        actor=actor,
        inspection=inspection,
        conclusion=payload.conclusion,
        conclusion_number=payload.conclusion_number,
        requirements=requirements,
        without_requirements=payload.without_requirements,
    )
    return _detail(request, inspection_id)


# --- the self-report --------------------------------------------------------------------------


@router.get("/inspections/{inspection_id}/report", response={200: ReportOut, **ERRORS})
def self_report_get_api(request: HttpRequest, inspection_id: int) -> Any:
    """The unit's report: its figures as stored (frozen once submitted) and its prose."""
    return _report(request, inspection_id)


@router.patch("/inspections/{inspection_id}/report", response={200: ReportOut, **ERRORS})
def self_report_edit_api(request: HttpRequest, inspection_id: int, payload: ReportEditIn) -> Any:
    """Write parts of the report's prose (``parts`` lists them); the figures are computed,
    never typed."""
    report = _report(request, inspection_id)
    try:
        return services.self_report_edit(
            actor=api_actor(request), report=report, prose=payload.prose
        )
    except DomainError as exc:
        exc.fields = {f"prose.{k}": v for k, v in exc.fields.items()}
        raise


@router.post("/inspections/{inspection_id}/report/refresh", response={200: ReportOut, **ERRORS})
def self_report_refresh_api(request: HttpRequest, inspection_id: int) -> Any:
    """Compute a draft's figures again from the unit's records."""
    report = _report(request, inspection_id)
    return services.self_report_refresh(actor=api_actor(request), report=report)


@router.post("/inspections/{inspection_id}/report/submit", response={200: ReportOut, **ERRORS})
def self_report_submit_api(request: HttpRequest, inspection_id: int) -> Any:
    """Send the report to the delegation, its figures computed once more and frozen."""
    report = _report(request, inspection_id)
    with _payload_names(overview="prose.overview"):
        return services.self_report_submit(actor=api_actor(request), report=report)


# --- follow-up --------------------------------------------------------------------------------


@router.get("/follow-up", response={200: list[FollowUpOut], **ERRORS})
def follow_up_api(request: HttpRequest) -> Any:
    """Every concluded inspection not yet closed, with how many of its requirements are done
    and how many are overdue."""
    return [
        {
            "id": p.inspection.pk,
            "plan_id": p.inspection.plan_id,
            "year": p.inspection.plan.year,
            "number": p.inspection.number,
            "unit_id": p.inspection.agency_id,
            "unit_name": p.inspection.agency.name,
            "concluded_on": p.inspection.concluded_on,
            "conclusion_number": p.inspection.conclusion_number,
            "done": p.done,
            "total": p.total,
            "overdue": p.overdue,
        }
        for p in selectors.follow_up(actor=api_actor(request))
    ]
