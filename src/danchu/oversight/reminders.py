"""Daily reminders of the board's work: the head (and the deputies) two days before a
recommendation's answer is due; on the first day it is overdue, the head, the deputies, the
union executive and the board. Run once a day (``danchu oversight_remind``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.models import Membership, Role, User
from danchu.core.reminders import mail
from danchu.core.text import vn_date
from danchu.oversight.models import Recommendation, RecommendationState

SOON = 2  # days before the answer is due


def _people(org_id: int, roles: Iterable[str], on: dt.date) -> list[User]:
    rows = Membership.objects.active(on).filter(agency_id=org_id, role__in=roles)
    return [m.person for m in rows.select_related("person")]


def oversight_remind(*, on: dt.date | None = None) -> dict[str, int]:
    day = on or timezone.localdate()
    waiting = Recommendation.objects.filter(state=RecommendationState.SENT).select_related("agency")
    soon = overdue = 0
    for r in waiting.filter(due_on=day + dt.timedelta(days=SOON)):
        subject = _("Recommendation %(n)s of the inspection board: answer due %(d)s") % {
            "n": r.number,
            "d": vn_date(r.due_on),
        }
        soon += mail(
            people=_people(r.agency_id, {Role.HEAD, Role.DEPUTY_HEAD}, day),
            subject=subject,
            body=f"{subject}\n\n{r.content}",
        )
    for r in waiting.filter(due_on=day - dt.timedelta(days=1)):
        subject = _("Recommendation %(n)s of the inspection board is not answered: due %(d)s") % {
            "n": r.number,
            "d": vn_date(r.due_on),
        }
        watchers = {Role.HEAD, Role.DEPUTY_HEAD, Role.UNION_EXECUTIVE, Role.BOARD_MEMBER}
        overdue += mail(
            people=_people(r.agency_id, watchers, day),
            subject=subject,
            body=f"{subject}\n\n{r.content}",
        )
    return {"soon": soon, "overdue": overdue}
