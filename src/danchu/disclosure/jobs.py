"""Background jobs of publicity: thin wrappers around services (``danchu db_worker``)."""

from __future__ import annotations

from django_tasks import task

from danchu.disclosure.services.reminders import disclosure_remind


@task()
def remind_job() -> dict[str, int]:
    return disclosure_remind()
