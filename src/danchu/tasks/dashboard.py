"""What tasks put on a person's home page: the tasks they lead that are past their deadline or
due within a week, and — as assigner — the completions and the requests for more time waiting
for their decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core.attention import Attention, Item
from danchu.core.models import User
from danchu.core.text import vn_date
from danchu.tasks.models import Extension, ExtensionState, Task, TaskState
from danchu.tasks.selectors import my_tasks, today, visible_tasks

SHOWN = 10
SOON = 7  # calendar days ahead


def _items(rows: Iterable[Task], note: str = "", urgent: bool = False) -> list[Item]:
    return [
        Item(
            label=f"{t.code} {t.title[:80]}",
            url=reverse("tasks:task", kwargs={"pk": t.pk}),
            note=note % {"day": vn_date(t.due_on)} if note else "",
            urgent=urgent,
        )
        for t in rows
    ]


def task_attention(actor: User) -> list[Attention]:
    day = today()
    led = my_tasks(actor=actor).filter(state=TaskState.ASSIGNED)
    late = list(led.filter(due_on__lt=day)[:SHOWN])
    soon = list(led.filter(due_on__gte=day, due_on__lte=day + dt.timedelta(days=SOON))[:SHOWN])
    waiting = list(
        my_tasks(actor=actor, as_role="assigner").filter(state=TaskState.SUBMITTED)[:SHOWN]
    )
    asks = list(
        Extension.objects.filter(
            state=ExtensionState.PENDING,
            task__in=visible_tasks(actor=actor).filter(assigner=actor),
        )
        .select_related("task")
        .order_by("requested_on", "pk")[:SHOWN]
    )
    mine = reverse("tasks:mine")
    return [
        Attention(
            title=_("Your tasks past their deadline"),
            items=_items(late, _("due %(day)s"), urgent=True),
            more_url=mine,
        ),
        Attention(
            title=_("Your tasks due within a week"),
            items=_items(soon, _("due %(day)s")),
            more_url=mine,
        ),
        Attention(
            title=_("Completed tasks waiting for your acceptance"),
            items=_items(waiting),
            more_url=f"{mine}?as=assigner",
        ),
        Attention(
            title=_("Requests for more time waiting for your decision"),
            items=[
                Item(
                    label=f"{e.task.code} {e.task.title[:80]}",
                    url=reverse("tasks:task", kwargs={"pk": e.task_id}),
                    note=_("%(old)s → %(new)s")
                    % {"old": vn_date(e.old_due_on), "new": vn_date(e.new_due_on)},
                )
                for e in asks
            ],
        ),
    ]
