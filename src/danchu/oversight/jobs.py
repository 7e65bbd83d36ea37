"""Background jobs: thin wrappers around services (``danchu db_worker``)."""

from __future__ import annotations

from django_tasks import task

from danchu.oversight.reminders import oversight_remind


@task()
def remind_job() -> dict[str, int]:
    return oversight_remind()
