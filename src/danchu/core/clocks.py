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
from danchu.core.models import ClockBound, ClockRule, ClockUnit


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
    length: int | None = None,
) -> dt.date | None:
    """The last day of the clock, or ``None`` while it is paused (no deadline runs then).

    ``length`` is the case's own length, for a rule whose length is set per case (0).
    Preconditions: pauses do not overlap and none starts before ``started_on``.
    """
    base = rule.length or length
    if not base or base < 0 or (rule.length and length is not None and length != rule.length):
        raise DomainError(
            "invalid_length",
            _("This clock's length is fixed by its rule or must be given for the case."),
            fields={"length": [_("Invalid length.")]},
        )
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
        return calendar.add_months(started_on, base + extensions * rule.extension_length)

    remaining = base + extensions * rule.extension_length
    cursor = started_on
    if rule.restarts_after_pause and ordered:
        last = ordered[-1]
        if last.resumed_on is None:
            return None
        return _add(calendar, rule.unit, last.resumed_on, remaining)
    for pause in ordered:
        available = _count(calendar, rule.unit, cursor, pause.stopped_on)
        if available >= remaining:
            break
        remaining -= available
        if pause.resumed_on is None:
            return None
        cursor = pause.resumed_on
    return _add(calendar, rule.unit, cursor, remaining)


def looser_field(candidate: ClockRule, statute: ClockRule) -> str | None:
    """The field in which ``candidate`` is looser than ``statute``, or None when it is not.

    A deadline (``bound`` "deadline") is stricter when it gives no more time; a minimum period
    (notice, posting, a citizen's time to complain) when it gives no less. N calendar days never
    exceed N working days; the other way round cannot be proven, so that unit is refused.
    """
    minimum = statute.bound == ClockBound.MINIMUM
    shorter_unit, longer_unit = ClockUnit.CALENDAR_DAYS, ClockUnit.WORKING_DAYS
    if candidate.unit != statute.unit:
        allowed = (candidate.unit, statute.unit) == (
            (longer_unit, shorter_unit) if minimum else (shorter_unit, longer_unit)
        )
        if not allowed:
            return "unit"
    if (candidate.length < statute.length) if minimum else (candidate.length > statute.length):
        return "length"
    if minimum:
        return None  # extending a minimum period never loosens it
    if candidate.max_extensions > statute.max_extensions:
        return "max_extensions"
    if candidate.max_extensions and candidate.extension_length > statute.extension_length:
        return "extension_length"
    return None


def is_stricter(candidate: ClockRule, statute: ClockRule) -> bool:
    return looser_field(candidate, statute) is None
