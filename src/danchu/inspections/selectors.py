"""Reads of the city's inspections, scoped to the person.

A steering-committee member sees every inspection and plan of their committee; a member of an
inspected unit sees only the inspections of their organisation that are visible to it (a
periodic one from its announcement, a surprise one from its start) — anything else is not
found, so that a surprise stays a surprise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from danchu.core.errors import Forbidden, NotFound
from danchu.core.models import Agency, Role, User
from danchu.core.scope import scope_for
from danchu.inspections.models import (
    GROUP_ORDER,
    SETTLED_TASK_STATES,
    VISIBLE_TO_UNIT,
    Criterion,
    Finding,
    Inspection,
    Kind,
    Member,
    Plan,
    Requirement,
    SelfReport,
    State,
)
from danchu.tasks.models import TaskState


def committees_of(actor: User) -> list[Agency]:
    """The committees the person sits on today."""
    scope = scope_for(actor)
    paths = [g.path for g in scope.grants if g.role == Role.STEERING_MEMBER]
    if not paths:
        return []
    return list(Agency.objects.filter(path__in=paths).order_by("path"))


def _visible_q(actor: User) -> Q:
    scope = scope_for(actor)
    if scope.is_superuser:
        return Q()
    committees = [g.path for g in scope.grants if g.role == Role.STEERING_MEMBER]
    orgs = {g.org_id for g in scope.grants if g.role != Role.STEERING_MEMBER}
    q = Q(pk__in=[])
    if committees:
        # A surprise not yet started stays hidden from a committee member who works in the
        # inspected organisation, unless they are in its delegation.
        in_delegation = Exists(Member.objects.filter(inspection=OuterRef("pk"), person=actor))
        hidden = Q(
            Q(kind=Kind.SURPRISE, state=State.PLANNED),
            Q(agency__organisation_id__in=orgs) | Q(agency_id__in=orgs),
            ~Q(in_delegation),
        )
        q |= Q(committee__path__in=committees) & ~hidden
    if orgs:
        q |= (Q(agency__organisation_id__in=orgs) | Q(agency_id__in=orgs)) & VISIBLE_TO_UNIT
    return q


def inspection_list(
    *, actor: User, unit: Agency | None = None, state: str = "", year: int | None = None
) -> QuerySet[Inspection]:
    qs = (
        Inspection.objects.filter(_visible_q(actor))
        .select_related("agency", "committee", "plan")
        .annotate(
            open_requirements=Count(
                "requirements", filter=~Q(requirements__task__state__in=SETTLED_TASK_STATES)
            ),
            requirement_count=Count("requirements"),
        )
        .order_by("-scheduled_on", "-pk")
    )
    if unit is not None:
        qs = qs.filter(agency__path__startswith=unit.path)
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(plan__year=year)
    return qs


def _with_counts(qs: QuerySet[Inspection]) -> QuerySet[Inspection]:
    return qs.annotate(
        open_requirements=Count(
            "requirements", filter=~Q(requirements__task__state__in=SETTLED_TASK_STATES)
        ),
        requirement_count=Count("requirements"),
    )


def inspection_get(*, actor: User, pk: int) -> Inspection:
    inspection = (
        _with_counts(Inspection.objects.filter(_visible_q(actor)))
        .select_related("agency", "committee", "plan")
        .prefetch_related(Prefetch("members", Member.objects.select_related("person")))
        .filter(pk=pk)
        .first()
    )
    if inspection is None:
        raise NotFound()
    if not actor.has_perm("inspections.view", inspection):
        raise Forbidden()
    return inspection


def plan_list(*, actor: User) -> QuerySet[Plan]:
    committees = committees_of(actor)
    scope = scope_for(actor)
    qs = Plan.objects.select_related("agency").annotate(size=Count("inspections"))
    if not scope.is_superuser:
        qs = qs.filter(agency__in=committees)
    return qs.order_by("-year", "pk")


def plan_get(*, actor: User, pk: int) -> Plan:
    plan = plan_list(actor=actor).filter(pk=pk).first()
    if plan is None:
        raise NotFound()
    return plan


def plan_inspections(*, plan: Plan, actor: User | None = None) -> QuerySet[Inspection]:
    qs = plan.inspections.all() if actor is None else plan.inspections.filter(_visible_q(actor))
    return (
        qs.select_related("agency")
        .annotate(
            open_requirements=Count(
                "requirements", filter=~Q(requirements__task__state__in=SETTLED_TASK_STATES)
            ),
            requirement_count=Count("requirements"),
        )
        .order_by("scheduled_on", "number")
    )


def criterion_list(
    *, actor: User, committee: Agency, active_only: bool = False
) -> QuerySet[Criterion]:
    if not actor.has_perm("inspections.plan", committee):
        raise NotFound()
    qs = Criterion.objects.filter(agency=committee)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by(GROUP_ORDER, "code")


def criterion_get(*, actor: User, pk: int) -> Criterion:
    criterion = Criterion.objects.select_related("agency").filter(pk=pk).first()
    if criterion is None or not actor.has_perm("inspections.plan", criterion):
        raise NotFound()
    return criterion


@dataclass
class CriterionRow:
    criterion: Criterion
    finding: Finding | None


def checklist(*, inspection: Inspection) -> list[CriterionRow]:
    """The inspection's criteria with their findings, in the checklist's order."""
    findings = {
        f.criterion_id: f
        for f in Finding.objects.filter(inspection=inspection).select_related("recorded_by")
    }
    return [
        CriterionRow(c, findings.get(c.pk)) for c in inspection.criteria.order_by("group", "code")
    ]


@dataclass
class Score:
    earned: int
    possible: int

    @property
    def rate(self) -> float | None:
        return round(100.0 * self.earned / self.possible, 1) if self.possible else None


def score(rows: list[CriterionRow]) -> Score:
    return Score(
        earned=sum(r.finding.points for r in rows if r.finding),
        possible=sum(r.criterion.max_points for r in rows),
    )


def requirements(*, inspection: Inspection) -> QuerySet[Requirement]:
    return inspection.requirements.select_related(
        "task", "task__lead_person", "task__lead_unit"
    ).order_by("number")


def self_report_get(*, actor: User, inspection_pk: int) -> SelfReport:
    inspection = inspection_get(actor=actor, pk=inspection_pk)
    report = SelfReport.objects.filter(inspection=inspection).first()
    if report is None:
        raise NotFound()
    report.inspection = inspection
    return report


def requirement_for_task(task_id: int) -> Requirement | None:
    return Requirement.objects.select_related("inspection").filter(task_id=task_id).first()


def inspection_status(orgs: Sequence[Agency]) -> dict[int, Any]:
    """The city dashboard's view of ``status_by_organisation``: the state as its label."""
    return {
        pk: {
            "state": str(entry["state_label"]),
            "open_requirements": entry["open_requirements"],
            "last": entry["last"],
        }
        for pk, entry in status_by_organisation(list(orgs)).items()
    }


@dataclass
class Progress:
    """The follow-up of all the committee's concluded inspections."""

    inspection: Inspection
    done: int
    total: int
    overdue: int


def follow_up(*, actor: User, on: dt.date | None = None) -> list[Progress]:
    """Every inspection of the person's committees still being followed up (concluded, not
    closed), with how many of its requirements are done and how many are overdue."""
    day = on or dt.date.today()
    qs: Any = (
        inspection_list(actor=actor)
        .filter(state=State.CONCLUDED)
        .annotate(
            done=Count("requirements", filter=Q(requirements__task__state__in=SETTLED_TASK_STATES)),
            overdue=Count(
                "requirements",
                filter=Q(
                    requirements__task__state__in=[TaskState.ASSIGNED, TaskState.SUBMITTED],
                    requirements__task__due_on__lt=day,
                ),
            ),
        )
    )
    return [Progress(i, i.done, i.requirement_count, i.overdue) for i in qs]


def status_by_organisation(orgs: list[Agency]) -> dict[int, dict[str, Any]]:
    """For the city dashboard: each organisation's latest inspection (state, date) and its
    requirements not yet met, in two queries."""
    ids = [o.pk for o in orgs]
    latest: dict[int, dict[str, Any]] = {}
    rows = (
        Inspection.objects.filter(Q(agency_id__in=ids) | Q(agency__organisation_id__in=ids))
        .exclude(state=State.CANCELLED)
        .exclude(kind=Kind.SURPRISE, state=State.PLANNED)  # unknown to the unit: not shown
        .values("pk", "state", "scheduled_on", "agency_id", "agency__organisation_id")
        .order_by("scheduled_on", "pk")
    )
    for row in rows:
        org_pk = row["agency__organisation_id"] or row["agency_id"]
        latest[org_pk] = {"state": row["state"], "last": row["scheduled_on"], "pk": row["pk"]}
    open_counts: dict[int, int] = {}
    for agency_id, org_id, count in (
        Requirement.objects.filter(
            Q(inspection__agency_id__in=ids) | Q(inspection__agency__organisation_id__in=ids)
        )
        .exclude(task__state__in=SETTLED_TASK_STATES)
        .exclude(inspection__state=State.CANCELLED)
        .values_list("inspection__agency_id", "inspection__agency__organisation_id")
        .annotate(n=Count("id"))
        .values_list("inspection__agency_id", "inspection__agency__organisation_id", "n")
    ):
        key = org_id or agency_id
        open_counts[key] = open_counts.get(key, 0) + count
    result: dict[int, dict[str, Any]] = {}
    for org in orgs:
        entry = latest.get(org.pk)
        result[org.pk] = {
            "state": entry["state"] if entry else "",
            "state_label": State(entry["state"]).label if entry else "",
            "last": entry["last"] if entry else None,
            "inspection": entry["pk"] if entry else None,
            "open_requirements": open_counts.get(org.pk, 0),
        }
    return result
