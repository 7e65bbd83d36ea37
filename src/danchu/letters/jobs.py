"""Background jobs of reception and letters: thin wrappers around services, run by the
database queue (``danchu db_worker``)."""

from __future__ import annotations

from django_tasks import task

from danchu.letters import services


@task()
def remind_job() -> dict[str, int]:
    """Escalate overdue letters to the head, remind handlers before a deadline and heads
    without a reception day this month; enqueue daily (``danchu letters_remind``)."""
    return {
        "escalated": services.letters_escalate(),
        "heads_reminded": services.reception_remind(),
    }
