"""Background jobs of the one-stop desk: thin wrappers around services, run by the database
queue (``danchu db_worker``)."""

from __future__ import annotations

from django_tasks import task

from danchu.core.jobs import send_mail_job
from danchu.onestop import services

__all__ = ["mark_overdue_job", "send_mail_job"]


@task()
def mark_overdue_job() -> int:
    """Mark newly overdue dossiers and notify; enqueue daily (``danchu onestop_overdue``)."""
    return services.dossier_mark_overdue()
