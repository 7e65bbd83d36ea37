"""What tasks put on a person's home page: the tasks they lead that are past their deadline,
and the completions and requests for more time waiting for them as assigner."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core.attention import Attention, Item
from danchu.core.models import User
from danchu.core.text import vn_date
from danchu.tasks.models import TaskState
from danchu.tasks.selectors import my_tasks, today

SHOWN = 10


def _items(rows: list, note: str) -> list[Item]:
    return [
        Item(
            label=f"{t.code} {t.title[:80]}",
            url=reverse("tasks:task", kwargs={"pk": t.pk}),
            note=note % {"day": vn_date(t.due_on)} if note else "",
        )
        for t in rows
    ]


def task_attention(actor: User) -> list[Attention]:
    late = list(my_tasks(actor=actor).filter(state=TaskState.ASSIGNED, due_on__lt=today())[:SHOWN])
    waiting = list(
        my_tasks(actor=actor, as_role="assigner").filter(state=TaskState.SUBMITTED)[:SHOWN]
    )
    mine = reverse("tasks:mine")
    return [
        Attention(
            title=_("Your tasks past their deadline"),
            items=_items(late, _("due %(day)s")),
            more_url=mine,
        ),
        Attention(
            title=_("Completed tasks waiting for your acceptance"),
            items=_items(waiting, ""),
            more_url=f"{mine}?as=assigner",
        ),
    ]
