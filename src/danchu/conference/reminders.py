"""Daily reminders of the conference and the dialogues, by mail: the head, the deputies and
the union executive on 1 March when the last work year's annual conference is not held (due
31 March) and on the first day it is late; a review of the resolution 7 days before it is
due and on the first day it is late; a dialogue the day before it is held, to everyone in
the unit, so that they may send their questions. Run once a day
(``danchu conference_remind``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from danchu.conference.models import (
    Conference,
    ConferenceKind,
    ConferenceState,
    Dialogue,
    DialogueState,
    ResolutionReview,
)
from danchu.conference.services import SMALL_UNIT, annual_deadline, staff, today
from danchu.core.models import Agency, AgencyKind, Membership, Role, User
from danchu.core.reminders import mail
from danchu.core.text import vn_date

ORGANISERS = {Role.HEAD, Role.DEPUTY_HEAD, Role.UNION_EXECUTIVE}
REVIEW_SOON = 7


def _people(org_id: int, roles: Iterable[str], on: dt.date) -> list[User]:
    rows = Membership.objects.active(on).filter(agency_id=org_id, role__in=roles)
    return [m.person for m in rows.select_related("person")]


def _annual(day: dt.date) -> int:
    sent = 0
    year = day.year - 1
    orgs = Agency.objects.filter(
        kind__in=[AgencyKind.DEPARTMENT, AgencyKind.COMMUNE], is_active=True
    )
    for org in orgs:
        due = annual_deadline(org, year)
        if day not in (due - dt.timedelta(days=30), due + dt.timedelta(days=1)):
            continue
        held = Conference.objects.filter(
            agency=org,
            kind=ConferenceKind.ANNUAL,
            year=year,
            state__in=[ConferenceState.OPEN, ConferenceState.CLOSED],
        )
        if held.exists() or len(staff(org, day)) <= SMALL_UNIT:
            continue
        subject = _("The annual staff conference for %(y)d is to be held by %(d)s") % {
            "y": year,
            "d": vn_date(due),
        }
        sent += mail(people=_people(org.pk, ORGANISERS, day), subject=subject, body=subject)
    return sent


def conference_remind(*, on: dt.date | None = None) -> dict[str, int]:
    day = on or today()
    reviews = 0
    pending = ResolutionReview.objects.filter(held_on__isnull=True).select_related(
        "resolution__conference"
    )
    for r in pending.filter(
        due_on__in=[day + dt.timedelta(days=REVIEW_SOON), day - dt.timedelta(days=1)]
    ):
        subject = _("Review of resolution %(n)s due %(d)s") % {
            "n": r.resolution.number,
            "d": vn_date(r.due_on),
        }
        reviews += mail(
            people=_people(r.resolution.conference.agency_id, ORGANISERS, day),
            subject=subject,
            body=subject,
        )
    dialogues = 0
    for d in Dialogue.objects.filter(
        state=DialogueState.PLANNED, held_on=day + dt.timedelta(days=1)
    ):
        subject = _("Dialogue with the head tomorrow: %(t)s") % {"t": d.title}
        body = _("%(t)s — %(p)s. You may send your questions beforehand, named or anonymous.") % {
            "t": d.title,
            "p": d.place,
        }
        people = User.objects.filter(pk__in=list(staff(d.agency, day)))
        dialogues += mail(people=people, subject=subject, body=body)
    return {"annual": _annual(day), "reviews": reviews, "dialogues": dialogues}
