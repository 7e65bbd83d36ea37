"""Background jobs: thin wrappers around services (``danchu db_worker``)."""

from __future__ import annotations

from django_tasks import task

from danchu.conference.reminders import conference_remind


@task()
def remind_job() -> dict[str, int]:
    return conference_remind()
