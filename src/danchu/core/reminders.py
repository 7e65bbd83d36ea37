"""Sending one reminder by mail after the day's transaction commits: what each app's daily
reminders share."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction

from danchu.core.models import User


def mail(*, people: Iterable[User], subject: str, body: str) -> int:
    """Queue one mail to those of ``people`` who have an address; how many got it."""
    from danchu.core.jobs import send_mail_job

    to = sorted({p.email for p in people if p.email and p.is_active})
    if not to:
        return 0
    with transaction.atomic():
        transaction.on_commit(partial(send_mail_job.enqueue, subject=subject, body=body, to=to))
    return len(to)
