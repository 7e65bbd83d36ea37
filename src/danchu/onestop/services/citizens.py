"""What citizens and the daily job do: the applicant's rating, overdue marking and its mail."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit_record
from danchu.core.errors import DomainError
from danchu.core.models import Membership, Role, User
from danchu.onestop.models import OPEN_STATES, Dossier, Rating, Satisfaction, State


def dossier_rate(*, dossier: Dossier, satisfaction: str, comment: str = "") -> Rating:
    """The applicant rates the service once, after the result was returned."""
    if satisfaction not in Satisfaction.values:
        raise DomainError(
            "invalid",
            _("Choose how satisfied you are."),
            fields={"satisfaction": [_("Choose one.")]},
        )
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().select_related("agency").get(pk=dossier.pk)
        if locked.state != State.RETURNED:
            raise DomainError(
                "not_returned",
                _("A dossier can be rated once its result has been returned."),
                status=409,
            )
        if Rating.objects.filter(dossier=locked).exists():
            raise DomainError(
                "already_rated", _("This dossier has already been rated."), status=409
            )
        rating = Rating.objects.create(
            dossier=locked, satisfaction=satisfaction, comment=comment.strip()[:2000]
        )
        audit_record(
            actor=None,
            agency=locked.agency,
            verb="dossier.rate",
            obj=rating,
            label=locked.code,
            changes={"satisfaction": [None, satisfaction]},
        )
        return rating


def dossier_mark_overdue(*, today: dt.date | None = None) -> int:
    """Mark the open dossiers whose due date has passed, and tell their assignee and division
    head. Each is marked once; returns how many were marked."""
    today = today or timezone.localdate()
    marked = 0
    candidates = Dossier.objects.filter(
        state__in=OPEN_STATES, due_on__lt=today, overdue_notified_on__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(candidates.iterator(chunk_size=500)):
        with transaction.atomic():
            d = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("agency", "division", "assignee")
                .get(pk=pk)
            )
            if d.overdue_notified_on is not None or d.state not in OPEN_STATES:
                continue
            d.overdue_notified_on = today
            d.save(update_fields=["overdue_notified_on"])
            audit_record(
                actor=None,
                agency=d.agency,
                verb="dossier.overdue",
                obj=d,
                changes={"overdue_notified_on": [None, today]},
            )
            _notify_staff(d)
            marked += 1
    return marked


def _notify_staff(d: Dossier) -> None:
    people: list[User] = [d.assignee] if d.assignee else []
    if d.division is not None:
        people += [
            m.person
            for m in Membership.objects.active()
            .filter(agency=d.division, role=Role.DIVISION_HEAD)
            .select_related("person")
        ]
    emails = sorted({p.email for p in people if p.email})
    if not emails:
        return
    from danchu.onestop.jobs import send_mail_job

    subject = _("Dossier %(code)s is overdue") % {"code": d.code}
    body = _("Dossier %(code)s was due on %(day)s.") % {
        "code": d.code,
        "day": d.due_on.strftime("%d/%m/%Y") if d.due_on else "—",
    }
    transaction.on_commit(lambda: send_mail_job.enqueue(subject=subject, body=body, to=emails))
