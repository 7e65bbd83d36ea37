"""The task figures for a period (section "tasks" of the unit's figures), per organisation in
one query whatever the number of organisations or tasks.

Cancelled tasks are left out, as in the module's completion figures. A task counts as
assigned in the period it was given in, and as done in the period its completion was
accepted in — on time or late by the flag fixed at acceptance (submitted by the deadline in
force, approved extensions included). A task is open past its deadline at the period's end
when it had been given by then, was not accepted by then, and the deadline in force on that
day had passed: an extension approved after the period's end does not hide it (the deadline
then was the one that extension replaced).

These differ from the completion tables of the statistics page (tasks whose deadline falls
in a year, judged today), which is why that page shows this section too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from danchu.core.figures import Section, rate
from danchu.core.models import Agency
from danchu.tasks.models import Extension, ExtensionState, Task, TaskState


def build(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> dict[int, Section]:
    # The deadline before the first extension approved after the period's end, if any.
    replaced = (
        Extension.objects.filter(
            task=OuterRef("pk"), state=ExtensionState.APPROVED, decided_on__gt=end
        )
        .order_by("decided_on", "pk")
        .values("old_due_on")[:1]
    )
    assigned = Q(assigned_on__gte=start)
    done = Q(done_on__range=(start, end))
    open_at_end = Q(done_on__isnull=True) | Q(done_on__gt=end)
    rows = (
        Task.objects.filter(agency_id__in=[o.pk for o in orgs], assigned_on__lte=end)
        .exclude(state=TaskState.CANCELLED)
        .filter(assigned | Q(done_on__gte=start) | Q(done_on__isnull=True))
        .alias(deadline=Coalesce(Subquery(replaced), F("due_on")))
        .values("agency_id")
        .annotate(
            assigned=Count("pk", filter=assigned),
            done=Count("pk", filter=done),
            in_time=Count("pk", filter=done & Q(on_time=True)),
            late=Count("pk", filter=done & Q(on_time=False)),
            overdue=Count("pk", filter=open_at_end & Q(deadline__lt=end)),
        )
        .order_by()
    )
    by_org = {r["agency_id"]: r for r in rows}
    result: dict[int, Section] = {}
    for org in orgs:
        row = by_org.get(org.pk, {})
        section = Section("tasks", _("Tasks assigned and done"))
        section.add("assigned", _("Tasks assigned"), row.get("assigned", 0))
        section.add("done", _("Tasks done (accepted)"), row.get("done", 0))
        section.add("done_on_time", _("Done on time"), row.get("in_time", 0))
        section.add("done_late", _("Done late"), row.get("late", 0))
        section.add(
            "on_time_rate",
            _("Share done on time"),
            rate(row.get("in_time", 0), row.get("done", 0)),
            "percent",
        )
        section.add(
            "open_overdue",
            _("Open past the deadline at the end of the period"),
            row.get("overdue", 0),
        )
        result[org.pk] = section
    return result
