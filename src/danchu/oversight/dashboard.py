"""What the board's work puts on a person's home page: recommendations whose answer is overdue
(for the head and the deputies, the union, the board and the city), and for the head and the
deputies the recommendations and the requests for documents waiting for them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core.attention import Attention, Item
from danchu.core.models import Role, User
from danchu.core.scope import scope_for
from danchu.core.text import vn_date
from danchu.oversight.models import DocumentRequest, Recommendation, RecommendationState
from danchu.oversight.selectors import overdue_recommendations, today

SHOWN = 10


def _recommendation(r: Recommendation, urgent: bool) -> Item:
    return Item(
        label=f"{r.number} — {r.agency.short_name or r.agency.name}: {r.content[:80]}",
        url=reverse("oversight:recommendation", kwargs={"pk": r.pk}),
        note=_("answer due %(day)s") % {"day": vn_date(r.due_on)},
        urgent=urgent,
    )


def overdue_answers(actor: User) -> list[Attention]:
    rows = overdue_recommendations(actor=actor)
    shown = list(rows[:SHOWN])
    groups = []
    if shown:
        total = rows.count() if len(shown) == SHOWN else len(shown)
        groups.append(
            Attention(
                title=_("Recommendations of the People's Inspection Board not answered in time"),
                items=[_recommendation(r, urgent=True) for r in shown],
                total=total,
            )
        )
    answering = [
        g.org_id for g in scope_for(actor).grants if g.role in (Role.HEAD, Role.DEPUTY_HEAD)
    ]
    if answering:
        day = today()
        waiting = (
            Recommendation.objects.filter(
                agency_id__in=answering, state=RecommendationState.SENT, due_on__gte=day
            )
            .select_related("agency")
            .order_by("due_on", "pk")[:SHOWN]
        )
        groups.append(
            Attention(
                title=_("Recommendations of the board waiting for your answer"),
                items=[_recommendation(r, urgent=False) for r in waiting],
            )
        )
        asked = (
            DocumentRequest.objects.filter(
                inspection__agency_id__in=answering, supplied_on__isnull=True
            )
            .select_related("inspection")
            .order_by("due_on", "pk")[:SHOWN]
        )
        groups.append(
            Attention(
                title=_("The board's requests for documents"),
                items=[
                    Item(
                        label=f"{q.inspection.subject[:60]}: {q.what[:60]}",
                        url=reverse("oversight:inspection", kwargs={"pk": q.inspection_id}),
                        note=_("by %(day)s") % {"day": vn_date(q.due_on)},
                        urgent=q.due_on < day,
                    )
                    for q in asked
                ],
            )
        )
    return groups
