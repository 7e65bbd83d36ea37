"""A unit's own days off and working days, added and removed by decision."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danchu.core.audit import audit_record
from danchu.core.calendar import check_date
from danchu.core.errors import DomainError
from danchu.core.models import Agency, AgencyCalendarDay, CalendarDayKind, User
from danchu.core.selectors import agency_calendar
from danchu.core.services.common import _validate, require


def calendar_day_add(
    *, actor: User | None, agency: Agency, day: dt.date, kind: str, decision: str, note: str = ""
) -> AgencyCalendarDay:
    """Add a day off or a working day to the unit's calendar by the decision that set it."""
    with transaction.atomic():
        require(actor, "core.change_calendar", agency)
        check_date(day, field="day")
        entry = AgencyCalendarDay(
            agency=agency, day=day, kind=kind, decision=decision.strip(), note=note.strip()
        )
        # Compared with the calendar the unit inherits (the nation's and its parents' days).
        inherited = agency_calendar(agency.parent).is_working_day(day)
        if (kind == CalendarDayKind.DAY_OFF) != inherited:
            message = (
                _("%(day)s is already a day off for this unit.")
                if kind == CalendarDayKind.DAY_OFF
                else _("%(day)s is already a working day for this unit.")
            ) % {"day": day.strftime("%d/%m/%Y")}
            raise DomainError("redundant_day", message, fields={"day": [message]})
        if AgencyCalendarDay.objects.filter(agency=agency, day=day).exists():
            raise DomainError(
                "duplicate_day",
                _("This day is already in the unit's calendar."),
                fields={"day": [_("Already set.")]},
            )
        _validate(entry)
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError as exc:
            raise DomainError(
                "duplicate_day",
                _("This day is already in the unit's calendar."),
                fields={"day": [_("Already set.")]},
            ) from exc
        audit_record(
            actor=actor,
            agency=agency,
            verb="calendar.add",
            obj=entry,
            changes={"day": [None, day], "kind": [None, kind], "decision": [None, entry.decision]},
        )
        return entry


def calendar_day_remove(*, actor: User | None, entry: AgencyCalendarDay) -> None:
    """Remove a day the unit added (a decision revoked)."""
    with transaction.atomic():
        entry = (
            AgencyCalendarDay.objects.select_for_update().select_related("agency").get(pk=entry.pk)
        )
        require(actor, "core.change_calendar", entry.agency)
        audit_record(
            actor=actor,
            agency=entry.agency,
            verb="calendar.remove",
            obj=entry,
            changes={"day": [entry.day, None], "kind": [entry.kind, None]},
        )
        entry.delete()
