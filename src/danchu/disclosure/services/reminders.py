"""Daily reminders of publicity: regulation owners 14 days before a review is due and on the
day; staff who have not confirmed reading the day before the date to confirm by."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.selectors import agency_calendar
from danchu.disclosure.models import Dissemination, RegulationVersion
from danchu.disclosure.services.common import today
from danchu.disclosure.services.publishing import dissemination_remind


def disclosure_remind(*, on: dt.date | None = None) -> dict[str, int]:
    day = on or today()
    reviews = 0
    for version in RegulationVersion.objects.filter(
        review_on__in=[day, day + dt.timedelta(days=14)]
    ).select_related("regulation__owner"):
        newer = version.regulation.versions.filter(number__gt=version.number).exists()
        owner = version.regulation.owner
        if newer or not owner.email:
            continue
        from danchu.core.jobs import send_mail_job

        subject = _("Review due on %(d)s: %(t)s") % {
            "d": version.review_on.strftime("%d/%m/%Y"),
            "t": version.regulation.title,
        }
        to = [owner.email]
        with transaction.atomic():
            transaction.on_commit(
                partial(send_mail_job.enqueue, subject=subject, body=subject, to=to)
            )
        reviews += 1
    readers = 0
    # Readers are reminded on the last working day before the date to confirm by.
    for d in Dissemination.objects.filter(confirm_by__gt=day).select_related("agency"):
        if agency_calendar(d.agency).add_working_days(day, 1) >= d.confirm_by:
            readers += dissemination_remind(actor=None, dissemination=d)
    return {"reviews": reviews, "readers": readers}
