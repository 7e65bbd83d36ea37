"""Background jobs of the one-stop desk: thin wrappers around services, run by the database
queue (``danchu db_worker``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from danchu.onestop import services


@task()
def send_mail_job(*, subject: str, body: str, to: list[str]) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


@task()
def mark_overdue_job() -> int:
    """Mark newly overdue dossiers and notify; enqueue daily (``danchu onestop_overdue``)."""
    return services.dossier_mark_overdue()
