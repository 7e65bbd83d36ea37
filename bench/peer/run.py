"""The peer's side of the comparison, run by the peer's own interpreter (its environment holds
django-helpdesk and its Django, never Danchu):

    PEER_DATABASE=<postgres URL or SQLite path> PYTHONPATH=<checkout> \\
        <peer venv>/bin/python -m bench.peer.run <cases.jsonl> <queue code> <repeat> <page>

It migrates the peer's database, loads the cases Danchu exported (one queue per unit, one ticket
per letter: title, description, received date, due date, open or closed) once, then measures
with helpdesk's own code, each figure the median of ``repeat`` runs after a warm-up:

- ``create``: a ticket created through helpdesk's ``TicketForm`` (validation, the ticket, its
  first follow-up), as its "new ticket" page does;
- ``list_first`` / ``list_deep``: the ticket list's data for one queue (helpdesk's own
  ``datatables_ticket_list`` view through the test client, 25 rows, newest first), at the first
  page and at page ``page`` (the 1,000th on the full data set);
- ``counts``: open and overdue tickets per queue, counted as helpdesk's reports page counts
  tickets per queue (a query per queue and figure).

It prints one JSON object: every run's seconds (rates for ``create``) and the row counts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.peer.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from helpdesk.forms import TicketForm  # type: ignore[import-not-found]  # noqa: E402
from helpdesk.models import Queue, Ticket  # type: ignore[import-not-found]  # noqa: E402
from helpdesk.query import query_to_base64  # type: ignore[import-not-found]  # noqa: E402

OPEN = [Ticket.OPEN_STATUS, Ticket.REOPENED_STATUS]


def _runs(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _load(path: str) -> None:
    """Queues and tickets from Danchu's export, in batches; once."""
    with open(path, encoding="utf-8") as f:
        cases = [json.loads(line) for line in f]
    if Ticket.objects.count() >= len(cases):
        return
    Ticket.objects.all().delete()
    Queue.objects.all().delete()
    codes = sorted({c["queue"] for c in cases})
    Queue.objects.bulk_create(
        [Queue(title=code, slug=code.lower().replace(".", "-")[:50]) for code in codes]
    )
    queues = {q.title: q for q in Queue.objects.all()}
    tz = timezone.get_current_timezone()
    batch = []
    for c in cases:
        received = dt.datetime.combine(dt.date.fromisoformat(c["received"]), dt.time(9), tz)
        due = c["due"] and dt.datetime.combine(dt.date.fromisoformat(c["due"]), dt.time(17), tz)
        batch.append(
            Ticket(
                title=c["title"][:200],
                queue=queues[c["queue"]],
                created=received,
                modified=received,
                submitter_email="congdan@example.vn",
                status=Ticket.OPEN_STATUS if c["open"] else Ticket.CLOSED_STATUS,
                description=c["body"],
                priority=3,
                due_date=due or None,
            )
        )
        if len(batch) == 5000:
            with transaction.atomic():
                Ticket.objects.bulk_create(batch)
            batch = []
    with transaction.atomic():
        Ticket.objects.bulk_create(batch)


def main(path: str, queue_code: str, repeat: int, deep_page: int) -> None:
    call_command("migrate", verbosity=0)
    _load(path)
    user_model = get_user_model()
    staff = user_model.objects.filter(username="bench.staff").first()
    if staff is None:
        staff = user_model.objects.create_superuser("bench.staff", "staff@example.vn", "x")
    queue = Queue.objects.get(title=queue_code)
    client = Client()
    client.force_login(staff)

    def page(start: int) -> Callable[[], object]:
        query = query_to_base64(
            {"filtering": {"queue__id__in": [queue.pk]}, "sorting": "created", "sortreverse": 1}
        )
        url = reverse("helpdesk:datatables_ticket_list", args=[query])

        def get() -> object:
            response = client.get(url, {"start": start, "length": 25, "draw": 1})
            assert response.status_code == 200, response.status_code
            assert len(response.json()["data"]) == 25
            return response

        return get

    queues = list(Queue.objects.all())

    def counts() -> object:
        now = timezone.now()
        return [
            (
                q.ticket_set.filter(status__in=OPEN).count(),
                q.ticket_set.filter(status__in=OPEN, due_date__lt=now).count(),
            )
            for q in queues
        ]

    choices = [(q.pk, q.title) for q in queues]
    serial = iter(range(10**9))

    def create() -> object:
        n = next(serial)
        form = TicketForm(
            data={
                "queue": queue.pk,
                "title": f"Kiến nghị số {n} về trạm phát sóng",
                "body": "Đề nghị cơ quan xem xét, giải quyết theo quy định.",
                "priority": 3,
                "submitter_email": "congdan@example.vn",
            },
            queue_choices=choices,
        )
        assert form.is_valid(), form.errors
        return form.save(user=staff)

    batch = 20

    def creates() -> object:
        for _ in range(batch):
            create()
        return None

    deep = (deep_page - 1) * 25
    out: dict[str, Any] = {
        "tickets": Ticket.objects.count(),
        "queue_rows": queue.ticket_set.count(),
        "queues": len(queues),
        "list_first": _runs(page(0), repeat),
        "list_deep": _runs(page(deep), repeat),
        "counts": _runs(counts, repeat),
        "create": [batch / s for s in _runs(creates, max(3, repeat // 2))],
    }
    out["summary"] = {k: statistics.median(v) for k, v in out.items() if isinstance(v, list)}
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
