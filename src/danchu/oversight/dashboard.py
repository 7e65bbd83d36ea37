"""What the board's work puts on a person's home page: the recommendations whose answer is
overdue, for the head and the deputies, the union, the board and the city."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core.attention import Attention, Item
from danchu.core.models import User
from danchu.core.text import vn_date
from danchu.oversight.selectors import overdue_recommendations

SHOWN = 10


def overdue_answers(actor: User) -> list[Attention]:
    rows = overdue_recommendations(actor=actor)
    shown = list(rows[:SHOWN])
    if not shown:
        return []
    total = rows.count() if len(shown) == SHOWN else len(shown)
    items = [
        Item(
            label=f"{r.number} — {r.agency.short_name or r.agency.name}: {r.content[:80]}",
            url=reverse("oversight:recommendation", kwargs={"pk": r.pk}),
            note=_("answer due %(day)s") % {"day": vn_date(r.due_on)},
        )
        for r in shown
    ]
    return [
        Attention(
            title=_("Recommendations of the People's Inspection Board not answered in time"),
            items=items,
            total=total,
        )
    ]
