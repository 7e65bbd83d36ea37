"""What the city's inspections put on a person's home page: for the head and the deputies of
an inspected unit, a self-report still to be written and submitted; for the steering
committee's members, concluded inspections whose requirements are all done (ready to close)
and those with requirements overdue. One query for each kind of person."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core.attention import Attention, Item
from danchu.core.models import Role, User
from danchu.core.scope import scope_for
from danchu.core.text import vn_date
from danchu.inspections.models import (
    SETTLED_TASK_STATES,
    VISIBLE_TO_UNIT,
    Inspection,
    ReportState,
    SelfReport,
    State,
)
from danchu.tasks.models import TaskState

LIMIT = 10


def inspections_attention(actor: User) -> list[Attention]:
    from danchu.inspections.services import today

    scope = scope_for(actor)
    day = today()
    groups: list[Attention] = []
    # Held on the organisation itself, not at a subordinate unit inside it.
    heads = sorted(
        {
            g.org_id
            for g in scope.grants
            if g.role in (Role.HEAD, Role.DEPUTY_HEAD) and g.path == g.org_path
        }
    )
    if heads:
        visible = Inspection.objects.filter(VISIBLE_TO_UNIT).filter(
            Q(agency__organisation_id__in=heads) | Q(agency_id__in=heads),
            state__in=[State.ANNOUNCED, State.IN_PROGRESS],
        )
        drafts = (
            SelfReport.objects.filter(state=ReportState.DRAFT, inspection__in=visible)
            .select_related("inspection__agency")
            .order_by("inspection__scheduled_on", "pk")[:LIMIT]
        )
        items = [
            Item(
                label=_("Self-report for the QCDC inspection — %(unit)s")
                % {"unit": r.inspection.agency.name},
                url=reverse("inspections:report", kwargs={"pk": r.inspection_id}),
                note=_("inspection on %(day)s: write and submit the report")
                % {"day": vn_date(r.inspection.scheduled_on)},
                urgent=r.inspection.scheduled_on <= day,
            )
            for r in drafts
        ]
        if items:
            groups.append(Attention(title=_("Inspections of the steering committee"), items=items))
    committees = sorted({g.path for g in scope.grants if g.role == Role.STEERING_MEMBER})
    if committees:
        followed = (
            Inspection.objects.filter(committee__path__in=committees, state=State.CONCLUDED)
            .select_related("agency", "plan")
            .annotate(
                open=Count(
                    "requirements", filter=~Q(requirements__task__state__in=SETTLED_TASK_STATES)
                ),
                overdue=Count(
                    "requirements",
                    filter=Q(
                        requirements__task__state__in=[TaskState.ASSIGNED, TaskState.SUBMITTED],
                        requirements__task__due_on__lt=day,
                    ),
                ),
            )
            .filter(Q(open=0) | Q(overdue__gt=0))
            .order_by("concluded_on", "pk")[:LIMIT]
        )
        items = []
        for i in followed:
            url = reverse("inspections:inspection", kwargs={"pk": i.pk})
            label = _("Inspection %(year)s/%(n)s — %(unit)s") % {
                "year": i.plan.year,
                "n": i.number,
                "unit": i.agency.name,
            }
            if i.open == 0:
                items.append(Item(label=label, url=url, note=_("every requirement done: close it")))
            else:
                items.append(
                    Item(
                        label=label,
                        url=url,
                        note=_("%(n)d requirement(s) overdue") % {"n": i.overdue},
                        urgent=True,
                    )
                )
        if items:
            groups.append(
                Attention(
                    title=_("Inspections followed up"),
                    items=items,
                    more_url=reverse("inspections:home"),
                )
            )
    return groups
