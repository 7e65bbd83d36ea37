"""Background jobs of the public portal, run by the database queue (``danchu db_worker``)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from danchu.portal import services


def follow_url() -> str:
    return f"{settings.DANCHU_PUBLIC_URL}{reverse('portal:follow')}"


@task()
def notify_job() -> dict[str, int]:
    """Tell senders whose letters were answered, and forget expired codes and misses."""
    return {"notified": services.notify_answered(follow_url=follow_url()), **services.purge()}
