"""Writes of plans and tasks: each checks permission, validates, writes and audits in one
transaction. A task has exactly one lead; its deadline is a date or a number of working days
from its start on the unit's calendar; the lead submits, the assigner accepts or returns, and
whether it was on time is fixed at acceptance against the deadline in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import counters, uploads
from danchu.core.audit import as_created, audit_record
from danchu.core.errors import DomainError, invalid
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.scope import scope_for
from danchu.core.selectors import agency_calendar
from danchu.core.services.common import require
from danchu.core.uploads import FileIn
from danchu.tasks.models import (
    OPEN_STATES,
    Counter,
    Extension,
    ExtensionState,
    Plan,
    PlanKind,
    Quality,
    SourceKind,
    Task,
    TaskFile,
    TaskState,
    TaskStep,
    TaskSupport,
    TaskUpdate,
)

Party = User | Agency
EVIDENCE = (*uploads.PDF, *uploads.IMAGES, *uploads.OFFICE)
EVIDENCE_MAX = 20 * uploads.MB
MAX_FILES = 5  # as the form says


def today() -> dt.date:
    return timezone.localdate()


def _org(agency: Agency) -> Agency:
    return agency.organisation or agency


def _record(
    actor: User | None, task_or_plan: Task | Plan, verb: str, changes: dict[str, Any]
) -> None:
    audit_record(
        actor=actor, agency=task_or_plan.agency, verb=verb, obj=task_or_plan, changes=changes
    )


def _in(org: Agency, party: Party) -> bool:
    """The party belongs to the organisation: a unit of its tree, or a person working there."""
    if isinstance(party, Agency):
        return party.path.startswith(org.path) and party.is_active
    return (
        party.is_active
        and Membership.objects.active()
        .filter(person=party, agency__path__startswith=org.path)
        .exists()
    )


def _workplace(org: Agency, person: User) -> Agency:
    """The deepest unit of the organisation where the person works today."""
    membership = (
        Membership.objects.active()
        .filter(person=person, agency__path__startswith=org.path)
        .select_related("agency")
        .order_by("-agency__depth", "agency_id")
        .first()
    )
    return membership.agency if membership else org


# --- plans ------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor: User | None,
    agency: Agency,
    kind: str,
    year: int,
    title: str,
    period: int = 0,
    theme: str = "",
    parent: Plan | None = None,
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> Plan:
    """A plan of the organisation. A programme, a quarter's or a month's plan may be part of
    the year's plan of the same year."""
    org = _org(agency)
    require(actor, "tasks.manage_plans", org)
    errors: dict[str, list[str]] = {}
    if kind not in PlanKind.values:
        errors["kind"] = [_("Choose the kind of plan.")]
    if not 2000 <= (year or 0) <= 2100:
        errors["year"] = [_("Give the plan's year.")]
    if not title.strip():
        errors["title"] = [_("Give the plan's title.")]
    if kind in (PlanKind.ANNUAL, PlanKind.PROGRAMME):
        period = 0
    elif kind == PlanKind.QUARTER and not 1 <= (period or 0) <= 4:
        errors["period"] = [_("A quarterly plan is for quarter 1 to 4.")]
    elif kind == PlanKind.MONTH and not 1 <= (period or 0) <= 12:
        errors["period"] = [_("A monthly plan is for month 1 to 12.")]
    if parent is not None and (
        parent.agency_id != org.pk or parent.year != year or parent.kind != PlanKind.ANNUAL
    ):
        errors["parent"] = [_("A plan can only be part of the same year's annual plan.")]
    if kind == PlanKind.ANNUAL and parent is not None:
        errors["parent"] = [_("The annual plan is not part of another plan.")]
    if decision_date is not None and decision_date > today():
        errors["decision_date"] = [_("The document's date cannot be in the future.")]
    invalid(errors)
    plan = Plan.objects.create(
        agency=org,
        kind=kind,
        year=year,
        period=period,
        parent=parent,
        title=title.strip(),
        theme=theme.strip(),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        created_by=actor,
    )
    _record(
        actor,
        plan,
        "plan.create",
        as_created({"kind": kind, "year": year, "period": period, "title": plan.title}),
    )
    return plan


@transaction.atomic
def plan_publish(
    *,
    actor: User | None,
    plan: Plan,
    signer: str,
    channels: Sequence[str],
    published_on: dt.date,
    posted_until: dt.date | None = None,
) -> Plan:
    """Publish the plan to all staff through the publicity register (Art. 46, group 2): the
    5-working-day clock runs from the plan's document date."""
    from danchu.disclosure import services as disclosure

    require(actor, "tasks.manage_plans", plan)
    if plan.published_on is not None:
        raise DomainError("already_published", _("This plan is already published."))
    publication = disclosure.publication_create(
        actor=actor,
        agency=plan.agency,
        category="plans",
        title=plan.title,
        decision_number=plan.decision_number,
        decision_date=plan.decision_date,
        signer=signer,
        channels=list(channels),
        published_on=published_on,
        posted_until=posted_until,
        summary=plan.theme,
    )
    plan.publication_id, plan.published_on = publication.pk, published_on
    plan.save(update_fields=["publication_id", "published_on"])
    _record(actor, plan, "plan.publish", {"published_on": [None, published_on]})
    return plan


# --- tasks ------------------------------------------------------------------------------------


def _reach_errors(
    actor: User | None, org: Agency, leads: Sequence[Party], supports: Sequence[Party]
) -> dict[str, list[str]]:
    """A division head gives tasks within their division only; the head and the deputies
    anywhere in the organisation."""
    if actor is None or actor.is_superuser:
        return {}
    grants = scope_for(actor).grants
    if any(g.role in (Role.HEAD, Role.DEPUTY_HEAD) and g.org_id == org.pk for g in grants):
        return {}
    paths = [g.path for g in grants if g.role == Role.DIVISION_HEAD and g.org_id == org.pk]

    def within(party: Party) -> bool:
        if isinstance(party, Agency):
            return any(party.path.startswith(p) for p in paths)
        return any(
            Membership.objects.active().filter(person=party, agency__path__startswith=p).exists()
            for p in paths
        )

    message = _("A division head gives tasks within their division only.")
    if any(isinstance(p, User | Agency) and not within(p) for p in leads):
        return {"lead": [message]}
    if any(not within(p) for p in supports):
        return {"supports": [message]}
    return {}


def _party_errors(org: Agency, parties: Sequence[Party], field: str) -> dict[str, list[str]]:
    for party in parties:
        if not _in(org, party):
            return {field: [_("“%(name)s” is not of this organisation.") % {"name": party}]}
    return {}


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    agency: Agency,
    title: str,
    deliverable: str,
    authority: str,
    leads: Sequence[Party],
    start_on: dt.date,
    due_on: dt.date | None = None,
    working_days: int | None = None,
    description: str = "",
    supports: Sequence[Party] = (),
    steps: Sequence[str] = (),
    plan: Plan | None = None,
    source_kind: str = SourceKind.DIRECTION,
    source_id: int | None = None,
    source_label: str = "",
    assigner: User | None = None,
    assigned_on: dt.date | None = None,
) -> Task:
    """Give a task to exactly one lead. Preconditions: ``leads`` holds one person or unit of
    the organisation; the deadline is a date or a number of working days from ``start_on``
    (not both). ``assigner`` defaults to the actor (a service acting for the system names
    the person who decided, e.g. the head who accepted a recommendation)."""
    org = _org(agency)
    require(actor, "tasks.assign", org)
    who = assigner or actor
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Say what the task is.")]
    if not deliverable.strip():
        errors["deliverable"] = [_("Say what the task must deliver.")]
    if not authority.strip():
        errors["authority"] = [_("Give the document and article the task rests on.")]
    if len(leads) == 0:
        errors["lead"] = [_("Choose the one person or unit who leads the task.")]
    elif len(leads) > 1:
        errors["lead"] = [
            _("A task has exactly one lead (one task, one focal point): choose only one.")
        ]
    else:
        errors |= _party_errors(org, leads, "lead")
    errors |= _party_errors(org, supports, "supports")
    errors |= _reach_errors(actor, org, leads, supports)
    if leads and any(s == leads[0] for s in supports):
        errors["supports"] = [_("The lead cannot also be a supporter.")]
    if start_on is None:
        errors["start_on"] = [_("Give the start date.")]
    if due_on is not None and working_days:
        errors["due_on"] = [_("Give the deadline as a date or in working days, not both.")]
    elif due_on is None and not working_days:
        errors["due_on"] = [_("Give the deadline: a date or a number of working days.")]
    elif due_on is not None and start_on is not None and due_on < start_on:
        errors["due_on"] = [_("The deadline cannot be before the start.")]
    if plan is not None and plan.agency_id != org.pk:
        errors["plan"] = [_("Choose a plan of this organisation.")]
    if source_kind not in SourceKind.values:
        errors["source_kind"] = [_("Choose where the task comes from.")]
    if who is None:
        errors["assigner"] = [_("Say who assigns the task.")]
    invalid(errors)
    assert who is not None
    if working_days:
        due_on = agency_calendar(org).add_working_days(start_on, working_days)
    assert due_on is not None
    lead = leads[0]
    on = assigned_on or today()
    task = Task(
        agency=org,
        year=on.year,
        number=counters.next_number(Counter, org, f"task:{on.year}"),
        plan=plan,
        source_kind=SourceKind.PLAN if plan is not None and not source_id else source_kind,
        source_id=source_id,
        source_label=source_label.strip()[:255],
        title=title.strip(),
        description=description.strip(),
        deliverable=deliverable.strip(),
        authority=authority.strip(),
        lead_person=lead if isinstance(lead, User) else None,
        lead_unit=lead if isinstance(lead, Agency) else None,
        unit=lead if isinstance(lead, Agency) else _workplace(org, lead),
        assigner=who,
        assigned_on=on,
        start_on=start_on,
        due_on=due_on,
        original_due_on=due_on,
        working_days=working_days or None,
    )
    task.save()
    TaskSupport.objects.bulk_create(
        [
            TaskSupport(
                task=task,
                person=s if isinstance(s, User) else None,
                unit=s if isinstance(s, Agency) else None,
            )
            for s in supports
        ]
    )
    TaskStep.objects.bulk_create(
        [TaskStep(task=task, order=i, title=t.strip()) for i, t in enumerate(steps, 1) if t.strip()]
    )
    _record(
        actor,
        task,
        "task.create",
        as_created(
            {
                "lead": str(lead),
                "due_on": due_on,
                "source_kind": task.source_kind,
                "source_id": source_id,
                "supports": [str(s) for s in supports],
            }
        ),
    )
    return task


def _lock(task: Task) -> Task:
    # Lock the task row only: the lead unit is an outer join, which PostgreSQL cannot lock.
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("agency", "lead_unit")
        .get(pk=task.pk)
    )


def _not_an_inspection_requirement(task: Task) -> None:
    if task.source_kind == SourceKind.INSPECTION:
        raise DomainError(
            "inspection_requirement",
            _(
                "This task carries out a requirement of the steering committee's inspection: only "
                "the committee may withdraw it or change its deadline."
            ),
        )


def _must_be_open(task: Task) -> None:
    if task.state not in OPEN_STATES:
        raise DomainError(
            "task_closed",
            _("This task is %(state)s: it can no longer change.")
            % {"state": task.get_state_display().lower()},
        )


@transaction.atomic
def task_report(
    *,
    actor: User,
    task: Task,
    note: str,
    progress: int,
    files: Sequence[FileIn] = (),
    step_ids: Sequence[int] = (),
) -> TaskUpdate:
    """A progress report with evidence files; the steps named are marked done today."""
    require(actor, "tasks.report", task)
    task = _lock(task)
    _must_be_open(task)
    if task.state == TaskState.SUBMITTED:
        raise DomainError(
            "submitted", _("The completion is submitted: the assigner accepts or returns it.")
        )
    errors: dict[str, list[str]] = {}
    if not note.strip():
        errors["note"] = [_("Say what was done.")]
    if progress is None or not 0 <= progress <= 100:
        errors["progress"] = [_("Progress is between 0 and 100%.")]
    errors |= uploads.upload_errors(
        files, kinds=EVIDENCE, max_bytes=EVIDENCE_MAX, max_files=MAX_FILES, field="files"
    )
    steps = list(task.steps.filter(pk__in=step_ids, done_on__isnull=True))
    if len(set(step_ids)) != len(steps) and not errors:
        errors["steps"] = [_("Choose steps of this task that are not done yet.")]
    invalid(errors)
    update = TaskUpdate.objects.create(
        task=task, author=actor, on=today(), note=note.strip(), progress=progress
    )
    for f in files:
        stored = TaskFile(update=update, name=f.name)
        stored.file.save(f"{uploads.suffix(f.name)}", ContentFile(f.data), save=True)
    TaskStep.objects.filter(pk__in=[s.pk for s in steps]).update(done_on=today())
    old = task.progress
    task.progress = progress
    task.save(update_fields=["progress"])
    _record(
        actor,
        task,
        "task.report",
        {"progress": [old, progress], "files": len(files), "steps": [s.title for s in steps]},
    )
    return update


@transaction.atomic
def extension_request(*, actor: User, task: Task, new_due_on: dt.date, reason: str) -> Extension:
    """The lead asks for a later deadline, always with a reason; once the deadline has passed
    the reason must also say why the request comes late."""
    require(actor, "tasks.lead", task)
    task = _lock(task)
    _must_be_open(task)
    _not_an_inspection_requirement(task)
    errors: dict[str, list[str]] = {}
    late = today() > task.due_on
    if not reason.strip():
        errors["reason"] = [
            _("The deadline has passed: say why the task is late and why more time is needed.")
            if late
            else _("Give the reason for more time.")
        ]
    if new_due_on is None or new_due_on <= task.due_on:
        errors["new_due_on"] = [_("The new deadline must be after the current one.")]
    if task.extensions.filter(state=ExtensionState.PENDING).exists():
        errors["__all__"] = [_("A request for more time is already waiting for a decision.")]
    invalid(errors)
    extension = Extension.objects.create(
        task=task,
        requested_by=actor,
        requested_on=today(),
        old_due_on=task.due_on,
        new_due_on=new_due_on,
        reason=reason.strip(),
    )
    _record(
        actor,
        task,
        "task.extension_request",
        {"new_due_on": [task.due_on, new_due_on], "after_deadline": late},
    )
    return extension


@transaction.atomic
def extension_decide(
    *, actor: User, extension: Extension, approve: bool, note: str = ""
) -> Extension:
    """The assigner approves (the deadline moves) or refuses (with a reason)."""
    task = extension.task
    require(actor, "tasks.decide", task)
    task = _lock(task)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.state != ExtensionState.PENDING:
        raise DomainError("already_decided", _("This request was already decided."))
    _must_be_open(task)
    if not approve and not note.strip():
        invalid({"note": [_("Give the reason for refusing.")]})
    extension.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
    extension.decided_by, extension.decided_on = actor, today()
    extension.decision_note = note.strip()
    extension.save()
    changes: dict[str, Any] = {"extension": [ExtensionState.PENDING, extension.state]}
    if approve:
        changes["due_on"] = [task.due_on, extension.new_due_on]
        task.due_on = extension.new_due_on
        task.save(update_fields=["due_on"])
    _record(actor, task, "task.extension_decide", changes)
    return extension


@transaction.atomic
def task_submit(*, actor: User | None, task: Task, note: str, on: dt.date | None = None) -> Task:
    """The lead reports the task complete, dated today (whether it was on time is judged on
    that day); the assigner then accepts or returns it. Only the system (``actor=None``: an
    import of earlier records, the demo) gives another day."""
    require(actor, "tasks.lead", task)
    if actor is not None:
        on = None
    task = _lock(task)
    if task.state != TaskState.ASSIGNED:
        raise DomainError("not_in_progress", _("Only a task in progress can be submitted."))
    if not note.strip():
        invalid({"note": [_("Say what was delivered.")]})
    day = on or today()
    if day > today() or day < task.start_on:
        invalid({"on": [_("The completion date must be between the start and today.")]})
    task.state, task.submitted_on = TaskState.SUBMITTED, day
    task.completion_note, task.progress = note.strip(), 100
    task.save(update_fields=["state", "submitted_on", "completion_note", "progress"])
    _record(
        actor,
        task,
        "task.submit",
        {"state": [TaskState.ASSIGNED, TaskState.SUBMITTED], "submitted_on": [None, day]},
    )
    return task


@transaction.atomic
def task_accept(
    *,
    actor: User | None,
    task: Task,
    quality: str,
    assessment: str = "",
    on: dt.date | None = None,
) -> Task:
    """The assigner accepts the work: on time when it was submitted by the deadline in force
    (extensions approved included). Accepted today; only the system (``actor=None``: an
    import of earlier records, the demo) gives another day."""
    require(actor, "tasks.decide", task)
    task = _lock(task)
    if task.state != TaskState.SUBMITTED:
        raise DomainError("not_submitted", _("Only a submitted task can be accepted."))
    if quality not in Quality.values:
        invalid({"quality": [_("Assess the quality of the work.")]})
    assert task.submitted_on is not None
    task.state, task.done_on = TaskState.DONE, on if actor is None and on else today()
    task.on_time = task.submitted_on <= task.due_on
    task.quality, task.assessment = quality, assessment.strip()
    task.save(update_fields=["state", "done_on", "on_time", "quality", "assessment"])
    _record(
        actor,
        task,
        "task.accept",
        {
            "state": [TaskState.SUBMITTED, TaskState.DONE],
            "on_time": [None, task.on_time],
            "quality": [None, quality],
        },
    )
    return task


@transaction.atomic
def task_return(*, actor: User, task: Task, reason: str) -> Task:
    """The assigner sends the work back to the lead with what is missing."""
    require(actor, "tasks.decide", task)
    task = _lock(task)
    if task.state != TaskState.SUBMITTED:
        raise DomainError("not_submitted", _("Only a submitted task can be returned."))
    if not reason.strip():
        invalid({"reason": [_("Say what is missing.")]})
    task.state, task.submitted_on = TaskState.ASSIGNED, None
    task.returned_count += 1
    task.save(update_fields=["state", "submitted_on", "returned_count"])
    _record(
        actor,
        task,
        "task.return",
        {"state": [TaskState.SUBMITTED, TaskState.ASSIGNED], "reason": [None, reason.strip()]},
    )
    return task


@transaction.atomic
def task_cancel(*, actor: User | None, task: Task, reason: str) -> Task:
    """The assigner withdraws a task that is no longer needed, with the reason. A requirement
    of the city's inspection is withdrawn only by the steering committee (through the
    inspections app, which calls this as the system)."""
    require(actor, "tasks.decide", task)
    task = _lock(task)
    _must_be_open(task)
    if actor is not None:
        _not_an_inspection_requirement(task)
    if not reason.strip():
        invalid({"reason": [_("Say why the task is cancelled.")]})
    old = task.state
    task.state = TaskState.CANCELLED
    task.assessment = reason.strip()
    task.save(update_fields=["state", "assessment"])
    _record(actor, task, "task.cancel", {"state": [old, TaskState.CANCELLED]})
    return task
