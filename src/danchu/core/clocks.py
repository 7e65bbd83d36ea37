"""Legal clocks: the deadline of a case from the rule in force on the day its clock started.

A clock counts units (working days, calendar days or months) after its start day. A pause runs
from the day it was stopped to the day it resumed: the days in ``(stopped, resumed]`` do not
count. Each extension adds the rule's extension length; more than the rule allows is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from danchu.core.calendar import WorkingCalendar
from danchu.core.errors import DomainError
from danchu.core.models import ClockRule, ClockUnit


@dataclass(frozen=True, slots=True)
class Pause:
    stopped_on: dt.date
    resumed_on: dt.date | None = None  # None: the clock is stopped now


def _count(cal: WorkingCalendar, unit: str, a: dt.date, b: dt.date) -> int:
    if unit == ClockUnit.WORKING_DAYS:
        return cal.working_days_between(a, b)
    return cal.calendar_days_between(a, b)


def _add(cal: WorkingCalendar, unit: str, a: dt.date, n: int) -> dt.date:
    if unit == ClockUnit.WORKING_DAYS:
        return cal.add_working_days(a, n)
    return cal.add_calendar_days(a, n)


def compute_deadline(
    *,
    rule: ClockRule,
    calendar: WorkingCalendar,
    started_on: dt.date,
    pauses: Sequence[Pause] = (),
    extensions: int = 0,
) -> dt.date | None:
    """The last day of the clock, or ``None`` while it is paused (no deadline runs then).

    Preconditions: pauses do not overlap and none starts before ``started_on``.
    """
    if extensions < 0 or extensions > rule.max_extensions:
        raise DomainError(
            "too_many_extensions",
            _("This clock allows at most %(n)d extension(s).") % {"n": rule.max_extensions},
            fields={"extensions": [_("Too many extensions.")]},
        )
    ordered = sorted(pauses, key=lambda p: p.stopped_on)
    for pause in ordered:
        if pause.stopped_on < started_on or (
            pause.resumed_on is not None and pause.resumed_on < pause.stopped_on
        ):
            raise DomainError(
                "invalid_pause",
                _("A pause must start after the clock and end after it starts."),
                fields={"pauses": [_("Invalid pause.")]},
            )
    if rule.unit == ClockUnit.MONTHS:
        if ordered:
            raise DomainError("invalid_pause", _("A clock counted in months cannot be paused."))
        return calendar.add_months(started_on, rule.length + extensions * rule.extension_length)

    remaining = rule.length + extensions * rule.extension_length
    cursor = started_on
    for pause in ordered:
        available = _count(calendar, rule.unit, cursor, pause.stopped_on)
        if available >= remaining:
            break
        remaining -= available
        if pause.resumed_on is None:
            return None
        cursor = pause.resumed_on
    return _add(calendar, rule.unit, cursor, remaining)


def is_stricter(candidate: ClockRule, statute: ClockRule) -> bool:
    """True when ``candidate`` never gives more time than ``statute``.

    Same unit: compare lengths. N calendar days never exceed N working days. Working days
    against calendar days cannot be proven shorter, so an agency must use the statute's unit.
    """
    same_unit = candidate.unit == statute.unit
    shorter_unit = (
        candidate.unit == ClockUnit.CALENDAR_DAYS and statute.unit == ClockUnit.WORKING_DAYS
    )
    if not (same_unit or shorter_unit):
        return False
    if candidate.length > statute.length:
        return False
    if candidate.max_extensions > statute.max_extensions:
        return False
    return candidate.max_extensions == 0 or candidate.extension_length <= statute.extension_length
