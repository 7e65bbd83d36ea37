"""API of plans and tasks: my tasks, a unit's tasks, a task with its supporters, steps,
progress and extensions, the lead's and the assigner's actions, plans, completion figures.

A lead or a supporter is ``{"person_id": …}`` or ``{"unit_id": …}``; a task takes a list of
leads so that a client sending two is told, not silently corrected."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import CursorPagination, paginate

from danchu.core import selectors as core_selectors
from danchu.core.api import ERRORS, Id, api_actor
from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import Agency, User
from danchu.tasks import selectors, services
from danchu.tasks.models import Task

router = Router(tags=["tasks"])


def _unit(request: HttpRequest, unit_id: int, perm: str) -> Agency:
    agency = core_selectors.agency_get(actor=api_actor(request), pk=unit_id)
    org = agency.organisation or agency
    if not api_actor(request).has_perm(perm, org):
        raise Forbidden()
    return org


class PartyIn(Schema):
    person_id: int | None = None
    unit_id: int | None = None


def party(request: HttpRequest, org: Agency, p: PartyIn, field: str) -> User | Agency:
    """The person or unit of the organisation a reference names (a 400 on the field if none)."""
    actor = api_actor(request)
    if (p.person_id is None) == (p.unit_id is None):
        message = _("Name a person or a unit, not both.")
        raise DomainError("invalid", message, fields={field: [message]})
    if p.person_id is not None:
        return core_selectors.person_get(actor=actor, pk=p.person_id)
    unit = core_selectors.agency_get(actor=actor, pk=p.unit_id or 0)
    if not unit.path.startswith(org.path):
        message = _("Choose a unit of this organisation.")
        raise DomainError("invalid", message, fields={field: [message]})
    return unit


class TaskIn(Schema):
    title: str
    deliverable: str
    authority: str
    leads: list[PartyIn]
    start_on: dt.date
    due_on: dt.date | None = None
    working_days: int | None = None
    description: str = ""
    supports: list[PartyIn] = []
    steps: list[str] = []
    plan_id: int | None = None
    source_kind: str = "direction"
    source_label: str = ""


class TaskOut(Schema):
    id: int
    code: str
    title: str
    description: str
    deliverable: str
    authority: str
    lead_person_id: int | None
    lead_unit_id: int | None
    lead: str
    unit_id: int
    assigner_id: int
    assigned_on: dt.date
    start_on: dt.date
    due_on: dt.date
    original_due_on: dt.date
    working_days: int | None
    state: str
    progress: int
    submitted_on: dt.date | None
    done_on: dt.date | None
    on_time: bool | None
    quality: str
    plan_id: int | None
    source_kind: str
    source_id: int | None
    source_label: str

    @staticmethod
    def resolve_lead(task: Task | dict[str, Any]) -> str:
        # The detail is built as a dict (with the steps and updates); a list gives the task.
        return str(task["lead"]) if isinstance(task, dict) else task.lead_label


class StepOut(Schema):
    id: int
    order: int
    title: str
    done_on: dt.date | None


class UpdateOut(Schema):
    on: dt.date
    author_id: int
    note: str
    progress: int


class ExtensionOut(Schema):
    id: int
    requested_on: dt.date
    old_due_on: dt.date
    new_due_on: dt.date
    reason: str
    state: str
    decision_note: str


class TaskDetailOut(TaskOut):
    steps: list[StepOut]
    updates: list[UpdateOut]
    extensions: list[ExtensionOut]
    supports: list[str]


class ReportIn(Schema):
    note: str
    progress: int
    step_ids: list[Id] = []


class ExtensionIn(Schema):
    new_due_on: dt.date
    reason: str = ""


class DecideIn(Schema):
    approve: bool
    note: str = ""


class SubmitIn(Schema):
    note: str = ""


class AcceptIn(Schema):
    quality: str = ""
    assessment: str = ""


class TaskReasonIn(Schema):
    reason: str = ""


class PlanIn(Schema):
    kind: str
    year: int
    title: str
    period: int = 0
    theme: str = ""
    parent_id: int | None = None
    decision_number: str = ""
    decision_date: dt.date | None = None


class PlanOut(Schema):
    id: int
    kind: str
    year: int
    period: int
    title: str
    theme: str
    parent_id: int | None
    decision_number: str
    decision_date: dt.date | None
    published_on: dt.date | None


class CompletionOut(Schema):
    key: int | None
    label: str
    total: int
    done: int
    on_time: int
    late: int
    open: int
    overdue: int
    rate: float | None


class FiguresOut(Schema):
    year: int
    total: CompletionOut
    by_unit: list[CompletionOut]
    by_person: list[CompletionOut]


def _detail(task: Task) -> dict[str, Any]:
    detail = selectors.task_detail(task=task)
    out = TaskOut.from_orm(task).dict()
    return {
        **out,
        "steps": detail["steps"],
        "updates": detail["updates"],
        "extensions": detail["extensions"],
        "supports": [str(s) for s in detail["supports"]],
    }


@router.get("/mine", response={200: list[TaskOut], **ERRORS})
@paginate(CursorPagination, ordering=("due_on", "id"))
def my_tasks_api(request: HttpRequest, role: str = "lead") -> Any:
    """``role``: lead, support or assigner."""
    return selectors.my_tasks(actor=api_actor(request), as_role=role).order_by()


@router.get("/units/{unit_id}/tasks", response={200: list[TaskOut], **ERRORS})
@paginate(CursorPagination, ordering=("due_on", "id"))
def task_list_api(
    request: HttpRequest,
    unit_id: int,
    state: str = "",
    overdue: bool = False,
    plan_id: int | None = None,
    q: str = "",
) -> Any:
    actor = api_actor(request)
    org = _unit(request, unit_id, "tasks.view")
    plan = selectors.plan_get(actor=actor, pk=plan_id) if plan_id else None
    rows = selectors.task_list(
        actor=actor, agency=org, state=state, overdue=overdue, plan=plan, query=q
    )
    return rows.order_by()


@router.post("/units/{unit_id}/tasks", response={201: TaskDetailOut, **ERRORS})
def task_create_api(request: HttpRequest, unit_id: int, payload: TaskIn) -> Any:
    actor = api_actor(request)
    org = _unit(request, unit_id, "tasks.assign")
    leads = [party(request, org, p, "leads") for p in payload.leads]
    supports = [party(request, org, p, "supports") for p in payload.supports]
    plan = selectors.plan_get(actor=actor, pk=payload.plan_id) if payload.plan_id else None
    try:
        task = _create(actor, org, payload, leads, supports, plan)
    except DomainError as exc:
        # The form's field is "lead", the payload's "leads": say it in the payload's words.
        if "lead" in exc.fields:
            exc.fields["leads"] = exc.fields.pop("lead")
        raise
    return Status(201, _detail(task))


def _create(
    actor: User,
    org: Agency,
    payload: TaskIn,
    leads: list[User | Agency],
    supports: list[User | Agency],
    plan: Any,
) -> Task:
    return services.task_create(
        actor=actor,
        agency=org,
        title=payload.title,
        deliverable=payload.deliverable,
        authority=payload.authority,
        leads=leads,
        supports=supports,
        start_on=payload.start_on,
        due_on=payload.due_on,
        working_days=payload.working_days,
        description=payload.description,
        steps=payload.steps,
        plan=plan,
        source_kind=payload.source_kind,
        source_label=payload.source_label,
    )


@router.get("/tasks/{task_id}", response={200: TaskDetailOut, **ERRORS})
def task_get_api(request: HttpRequest, task_id: int) -> Any:
    return _detail(selectors.task_get(actor=api_actor(request), pk=task_id))


def _task(request: HttpRequest, task_id: int) -> Task:
    return selectors.task_get(actor=api_actor(request), pk=task_id)


@router.post("/tasks/{task_id}/report", response={200: TaskDetailOut, **ERRORS})
def task_report_api(request: HttpRequest, task_id: int, payload: ReportIn) -> Any:
    task = _task(request, task_id)
    services.task_report(actor=api_actor(request), task=task, **payload.dict())
    return _detail(_task(request, task_id))


@router.post("/tasks/{task_id}/extensions", response={201: ExtensionOut, **ERRORS})
def extension_request_api(request: HttpRequest, task_id: int, payload: ExtensionIn) -> Any:
    task = _task(request, task_id)
    extension = services.extension_request(actor=api_actor(request), task=task, **payload.dict())
    return Status(201, extension)


@router.post("/extensions/{extension_id}/decide", response={200: ExtensionOut, **ERRORS})
def extension_decide_api(request: HttpRequest, extension_id: int, payload: DecideIn) -> Any:
    actor = api_actor(request)
    extension = selectors.extension_get(actor=actor, pk=extension_id)
    return services.extension_decide(actor=actor, extension=extension, **payload.dict())


@router.post("/tasks/{task_id}/submit", response={200: TaskOut, **ERRORS})
def task_submit_api(request: HttpRequest, task_id: int, payload: SubmitIn) -> Any:
    task = _task(request, task_id)
    return services.task_submit(actor=api_actor(request), task=task, **payload.dict())


@router.post("/tasks/{task_id}/accept", response={200: TaskOut, **ERRORS})
def task_accept_api(request: HttpRequest, task_id: int, payload: AcceptIn) -> Any:
    task = _task(request, task_id)
    return services.task_accept(actor=api_actor(request), task=task, **payload.dict())


@router.post("/tasks/{task_id}/return", response={200: TaskOut, **ERRORS})
def task_return_api(request: HttpRequest, task_id: int, payload: TaskReasonIn) -> Any:
    task = _task(request, task_id)
    return services.task_return(actor=api_actor(request), task=task, reason=payload.reason)


@router.post("/tasks/{task_id}/cancel", response={200: TaskOut, **ERRORS})
def task_cancel_api(request: HttpRequest, task_id: int, payload: TaskReasonIn) -> Any:
    task = _task(request, task_id)
    return services.task_cancel(actor=api_actor(request), task=task, reason=payload.reason)


@router.get("/units/{unit_id}/plans", response={200: list[PlanOut], **ERRORS})
@paginate(CursorPagination, ordering=("-year", "id"))
def plan_list_api(request: HttpRequest, unit_id: int, year: int | None = None) -> Any:
    org = _unit(request, unit_id, "tasks.view")
    return selectors.plan_list(actor=api_actor(request), agency=org, year=year).order_by()


@router.post("/units/{unit_id}/plans", response={201: PlanOut, **ERRORS})
def plan_create_api(request: HttpRequest, unit_id: int, payload: PlanIn) -> Any:
    actor = api_actor(request)
    org = _unit(request, unit_id, "tasks.manage_plans")
    parent = selectors.plan_get(actor=actor, pk=payload.parent_id) if payload.parent_id else None
    plan = services.plan_create(
        actor=actor, agency=org, parent=parent, **payload.dict(exclude={"parent_id"})
    )
    return Status(201, plan)


@router.get("/plans/{plan_id}", response={200: PlanOut, **ERRORS})
def plan_get_api(request: HttpRequest, plan_id: int) -> Any:
    return selectors.plan_get(actor=api_actor(request), pk=plan_id)


def _completion(c: selectors.Completion) -> dict[str, Any]:
    return {
        "key": c.key,
        "label": c.label,
        "total": c.total,
        "done": c.done,
        "on_time": c.on_time,
        "late": c.late,
        "open": c.open,
        "overdue": c.overdue,
        "rate": c.rate,
    }


@router.get("/units/{unit_id}/figures", response={200: FiguresOut, **ERRORS})
def figures_api(
    request: HttpRequest, unit_id: int, year: int = Query(..., ge=2000, le=2100)
) -> Any:
    """Completion of the tasks due in ``year``: on time, late, open and overdue, by unit and by
    lead person."""
    org = _unit(request, unit_id, "tasks.view_all")
    tasks = selectors.year_tasks(actor=api_actor(request), agency=org, year=year)
    return {
        "year": year,
        "total": _completion(selectors.completion_total(tasks=tasks)),
        "by_unit": [_completion(c) for c in selectors.completion_by_unit(tasks=tasks)],
        "by_person": [_completion(c) for c in selectors.completion_by_person(tasks=tasks)],
    }
