"""Reads of plans and tasks, scoped to the person asking.

Leaders, the board, the union, the administrators and the steering committee read every task
of the organisation; anybody else reads the tasks they lead, support or assigned, and those of
the units they work in. Figures are SQL aggregates: completion on time by unit and by person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.errors import NotFound
from danchu.core.models import Agency, Membership, User
from danchu.core.scope import scope_for
from danchu.core.text import fold
from danchu.tasks.models import OPEN_STATES, Extension, Plan, Task, TaskState, TaskSupport


def today() -> dt.date:
    return timezone.localdate()


def _work_paths(actor: User) -> list[str]:
    return [g.path for g in scope_for(actor).grants]


def _involved_q(actor: User) -> Q:
    """Tasks a person takes part in: led, supported, assigned, or of a unit they work in."""
    q = Q(lead_person=actor) | Q(assigner=actor)
    q |= Q(Exists(TaskSupport.objects.filter(task=OuterRef("pk"), person=actor)))
    for grant in scope_for(actor).grants:
        if grant.role == "division_head":
            # A division head reads every task their division answers for (its people's too).
            q |= Q(unit__path__startswith=grant.path)
    for path in _work_paths(actor):
        q |= Q(lead_unit__path__startswith=path)
        q |= Q(Exists(TaskSupport.objects.filter(task=OuterRef("pk"), unit__path__startswith=path)))
    return q


def visible_tasks(*, actor: User, agency: Agency | None = None) -> QuerySet[Task]:
    """Every task the person may read (of ``agency`` only, when given)."""
    scope = scope_for(actor)
    qs = Task.objects.filter(scope.read_q("agency__"))
    if agency is not None:
        qs = qs.filter(agency=agency)
        # Who reads the whole organisation gets a plain filter the (agency, state, due_on)
        # index serves, not the ORs below.
        if scope.can_read_path(agency.path) and actor.has_perm("tasks.view_all", agency):
            return qs
    if scope.is_superuser:
        return qs
    wide = [
        o.pk
        for o in Agency.objects.filter(pk__in={g.org_id for g in scope.grants})
        if actor.has_perm("tasks.view_all", o)
    ]
    city = [g.org_path for g in scope.grants if g.role == "steering_member"]
    q = Q(agency_id__in=wide) | _involved_q(actor)
    for path in city:
        q |= Q(agency__path__startswith=path.split(".")[0] + ".")
    return qs.filter(q)


def _with_joins(qs: QuerySet[Task]) -> QuerySet[Task]:
    """What a list row shows besides the task: its lead."""
    return qs.select_related("lead_person", "lead_unit")


def urgency(qs: QuerySet[Task]) -> QuerySet[Task]:
    """Open tasks first, the most overdue first; then the closed ones, latest first."""
    return qs.annotate(
        closed=Case(
            When(state__in=OPEN_STATES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("closed", "due_on", "pk")


def task_list(
    *,
    actor: User,
    agency: Agency,
    state: str = "",
    overdue: bool = False,
    plan: Plan | None = None,
    unit: Agency | None = None,
    query: str = "",
) -> QuerySet[Task]:
    qs = visible_tasks(actor=actor, agency=agency)
    if state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(state__in=OPEN_STATES, due_on__lt=today())
    if plan is not None:
        qs = qs.filter(plan=plan)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    if overdue or state:
        # One kind of task only: the deadline order, with no open-first key to compute.
        return _with_joins(qs).order_by("due_on", "pk")
    return urgency(_with_joins(qs))


def my_tasks(*, actor: User, as_role: str = "lead") -> QuerySet[Task]:
    """The person's tasks as lead (their own or their unit's), supporter or assigner."""
    qs = visible_tasks(actor=actor)
    if as_role == "assigner":
        qs = qs.filter(assigner=actor)
    elif as_role == "support":
        qs = qs.filter(
            Exists(TaskSupport.objects.filter(task=OuterRef("pk"), person=actor))
            | Exists(
                TaskSupport.objects.filter(
                    task=OuterRef("pk"),
                    unit__in=Membership.objects.active().filter(person=actor).values("agency_id"),
                )
            )
        )
    else:
        heads = (
            Membership.objects.active()
            .filter(person=actor, role="division_head")
            .values("agency_id")
        )
        qs = qs.filter(Q(lead_person=actor) | Q(lead_unit__in=heads))
    return urgency(_with_joins(qs))


def task_get(*, actor: User, pk: int) -> Task:
    task = (
        _with_joins(visible_tasks(actor=actor))
        .select_related("agency", "assigner", "unit", "plan")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise NotFound(_("Task not found."))
    return task


def task_detail(*, task: Task) -> dict[str, Any]:
    return {
        "supports": list(task.supports.select_related("person", "unit")),
        "steps": list(task.steps.all()),
        "updates": list(task.updates.select_related("author").prefetch_related("files")),
        "extensions": list(task.extensions.select_related("requested_by", "decided_by")),
    }


def extension_get(*, actor: User, pk: int) -> Extension:
    found = Extension.objects.filter(task__in=visible_tasks(actor=actor), pk=pk).first()
    if found is None:
        raise NotFound(_("Request not found."))
    return found


def tasks_from(*, actor: User, source_kind: str, source_ids: list[int]) -> QuerySet[Task]:
    """The tasks that came from records of another app (a recommendation's actions)."""
    return _with_joins(
        visible_tasks(actor=actor).filter(source_kind=source_kind, source_id__in=source_ids)
    ).order_by("pk")


def plan_list(*, actor: User, agency: Agency, year: int | None = None) -> QuerySet[Plan]:
    if not scope_for(actor).can_read_path(agency.path):
        raise NotFound(_("Unit not found."))
    qs = Plan.objects.filter(agency=agency).select_related("parent")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.annotate(
        total=Count("tasks", filter=~Q(tasks__state=TaskState.CANCELLED)),
        done=Count("tasks", filter=Q(tasks__state=TaskState.DONE)),
    ).order_by("-year", "kind", "period", "pk")


def plan_get(*, actor: User, pk: int) -> Plan:
    plan = (
        Plan.objects.filter(scope_for(actor).read_q("agency__"), pk=pk)
        .select_related("agency", "parent")
        .first()
    )
    if plan is None:
        raise NotFound(_("Plan not found."))
    return plan


@dataclass(frozen=True)
class Completion:
    """Completion figures of a group of tasks (cancelled ones left out)."""

    key: Any
    label: str
    total: int
    done: int
    on_time: int
    late: int
    open: int
    overdue: int

    @property
    def due(self) -> int:
        """Tasks whose outcome is known: done, or still open past their deadline."""
        return self.done + self.overdue

    @property
    def rate(self) -> float | None:
        """Share of those tasks done on time, in percent (a task not yet due does not count
        against the unit)."""
        return round(100 * self.on_time / self.due, 1) if self.due else None

    @property
    def done_rate(self) -> float | None:
        return round(100 * self.done / self.total, 1) if self.total else None


def _aggregates(day: dt.date) -> dict[str, Any]:
    return {
        "total": Count("pk"),
        "done": Count("pk", filter=Q(state=TaskState.DONE)),
        "on_time_n": Count("pk", filter=Q(state=TaskState.DONE, on_time=True)),
        "late": Count("pk", filter=Q(state=TaskState.DONE, on_time=False)),
        "open_n": Count("pk", filter=Q(state__in=OPEN_STATES)),
        "overdue": Count("pk", filter=Q(state__in=OPEN_STATES, due_on__lt=day)),
    }


def _completion(row: dict[str, Any], key: Any, label: str) -> Completion:
    return Completion(
        key=key,
        label=label,
        total=row["total"],
        done=row["done"],
        on_time=row["on_time_n"],
        late=row["late"],
        open=row["open_n"],
        overdue=row["overdue"],
    )


def _counted(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.exclude(state=TaskState.CANCELLED)


def completion_total(*, tasks: QuerySet[Task], on: dt.date | None = None) -> Completion:
    row = _counted(tasks).aggregate(**_aggregates(on or today()))
    return _completion(row, None, _("Total"))


def completion_by_unit(*, tasks: QuerySet[Task], on: dt.date | None = None) -> list[Completion]:
    rows = (
        _counted(tasks)
        .values("unit_id", "unit__name", "unit__path")
        .annotate(**_aggregates(on or today()))
        .order_by("unit__path")
    )
    return [_completion(r, r["unit_id"], r["unit__name"]) for r in rows]


def completion_by_person(*, tasks: QuerySet[Task], on: dt.date | None = None) -> list[Completion]:
    rows = (
        _counted(tasks)
        .filter(lead_person__isnull=False)
        .values("lead_person_id", "lead_person__full_name", "lead_person__sort_key")
        .annotate(**_aggregates(on or today()))
        .order_by("lead_person__sort_key", "lead_person_id")
    )
    return [_completion(r, r["lead_person_id"], r["lead_person__full_name"]) for r in rows]


def year_tasks(*, actor: User, agency: Agency, year: int) -> QuerySet[Task]:
    """The tasks due in ``year``: the base of the year's completion figures."""
    return visible_tasks(actor=actor, agency=agency).filter(due_on__year=year)


def overdue_count(*, actor: User) -> int:
    return my_tasks(actor=actor).filter(state=TaskState.ASSIGNED, due_on__lt=today()).count()
