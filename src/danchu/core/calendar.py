"""The working-day calendar.

A working day is not Saturday or Sunday and not a public holiday, but includes the government's
make-up Saturdays; an agency may add days off and working days by decision. National data come
from the ``holidays`` package (``VN``), which knows Tết, Hùng Kings' day and the yearly swaps.

Every operation is exact and answered from a sorted array of working-day ordinals built once
per year range (``bisect``, no day-by-day loops):

- ``add_working_days(d, n)``: the n-th working day after ``d`` (``d`` itself not counted);
  ``n = 0`` gives ``d``; a negative ``n`` is refused.
- ``working_days_between(a, b)``: working days in ``(a, b]``; negative when ``b < a``.
  So ``working_days_between(d, add_working_days(d, n)) == n`` for every ``d`` and ``n >= 0``.
"""

from __future__ import annotations

import bisect
import calendar as pycalendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import holidays
from django.conf import settings
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError

WEEKEND = (5, 6)


def _year_bounds() -> tuple[int, int]:
    low, high = settings.DANCHU_CALENDAR_YEARS
    return int(low), int(high)


def check_date(value: dt.date, *, field: str = "date") -> dt.date:
    low, high = _year_bounds()
    if not low <= value.year <= high:
        raise DomainError(
            "date_out_of_range",
            _("The calendar covers the years %(low)d to %(high)d.") % {"low": low, "high": high},
            fields={field: [_("Date out of range.")]},
        )
    return value


@dataclass(frozen=True, slots=True)
class DayOff:
    day: dt.date
    name: str
    kind: str  # "holiday", "makeup_saturday" (a Saturday worked), "agency_off", "agency_work"


@cache
def _national(year: int, language: str) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """Public holidays (date → name) and make-up Saturdays of one year."""
    vn = holidays.country_holidays("VN", years=year, language=language)
    names = {day: str(name) for day, name in vn.items()}
    makeup = frozenset(d for d in vn.weekend_workdays if d.year == year)
    return names, makeup


def national_days(year: int, language: str = "vi") -> list[DayOff]:
    """The year's days off and make-up working days, with their names, sorted by date."""
    names, makeup = _national(year, language)
    rows = [DayOff(day, name, "holiday") for day, name in names.items()]
    label = "Ngày làm việc bù" if language == "vi" else "Make-up working day"
    rows += [DayOff(day, label, "makeup_saturday") for day in makeup]
    return sorted(rows, key=lambda r: r.day)


class WorkingCalendar:
    """The national calendar plus one agency's additions (``extra_off`` and ``extra_work``)."""

    def __init__(
        self, *, extra_off: Iterable[dt.date] = (), extra_work: Iterable[dt.date] = ()
    ) -> None:
        self.extra_off = frozenset(extra_off)
        self.extra_work = frozenset(extra_work)
        self._first_year = 0
        self._last_year = -1
        self._ordinals: list[int] = []

    # --- the array ---------------------------------------------------------------------------
    def _year_ordinals(self, year: int) -> list[int]:
        names, makeup = _national(year, "vi")
        start = dt.date(year, 1, 1).toordinal()
        days_in_year = 366 if pycalendar.isleap(year) else 365
        result = []
        for ordinal in range(start, start + days_in_year):
            day = dt.date.fromordinal(ordinal)
            if self.is_working_day_uncached(day, names, makeup):
                result.append(ordinal)
        return result

    def is_working_day_uncached(
        self, day: dt.date, names: dict[dt.date, str], makeup: frozenset[dt.date]
    ) -> bool:
        if day in self.extra_work:
            return True
        if day in self.extra_off:
            return False
        if day.weekday() in WEEKEND:
            return day in makeup
        return day not in names

    def _ensure(self, first_year: int, last_year: int) -> None:
        low, high = _year_bounds()
        first_year, last_year = max(first_year, low), min(last_year, high)
        if self._last_year < self._first_year:
            self._first_year, self._last_year = first_year, first_year - 1
        if first_year < self._first_year:
            prefix: list[int] = []
            for year in range(first_year, self._first_year):
                prefix.extend(self._year_ordinals(year))
            self._ordinals = prefix + self._ordinals
            self._first_year = first_year
        if last_year > self._last_year:
            for year in range(self._last_year + 1, last_year + 1):
                self._ordinals.extend(self._year_ordinals(year))
            self._last_year = last_year

    def _cover(self, day: dt.date, margin_years: int = 1) -> None:
        check_date(day)
        self._ensure(day.year - margin_years, day.year + margin_years)

    # --- operations --------------------------------------------------------------------------
    def is_working_day(self, day: dt.date) -> bool:
        self._cover(day, 0)
        ordinal = day.toordinal()
        i = bisect.bisect_left(self._ordinals, ordinal)
        return i < len(self._ordinals) and self._ordinals[i] == ordinal

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start``; n = 0 gives ``start``. A negative n is refused:
        a deadline is never counted backwards."""
        check_date(start)
        if n < 0:
            raise DomainError(
                "negative_days",
                _("The number of working days cannot be negative."),
                fields={"days": [_("Enter a number of 0 or more.")]},
            )
        if n == 0:
            return start
        # About 250 working days a year: cover enough years for the jump, then index.
        self._ensure(start.year, start.year + n // 240 + 1)
        i = bisect.bisect_right(self._ordinals, start.toordinal()) + n - 1
        if i >= len(self._ordinals):
            low, high = _year_bounds()
            raise DomainError(
                "date_out_of_range",
                _("The calendar covers the years %(low)d to %(high)d.")
                % {"low": low, "high": high},
                fields={"days": [_("The result falls outside the calendar.")]},
            )
        return dt.date.fromordinal(self._ordinals[i])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]``; the negative count when ``end`` is before ``start``."""
        check_date(start, field="start")
        check_date(end, field="end")
        if end < start:
            return -self.working_days_between(end, start)
        self._ensure(start.year, end.year)
        return bisect.bisect_right(self._ordinals, end.toordinal()) - bisect.bisect_right(
            self._ordinals, start.toordinal()
        )

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the first working day after it."""
        return day if self.is_working_day(day) else self.add_working_days(day, 1)

    # Calendar-day arithmetic lives here too so that a clock is written against one interface.
    @staticmethod
    def add_calendar_days(start: dt.date, n: int) -> dt.date:
        return check_date(start + dt.timedelta(days=n), field="days")

    @staticmethod
    def calendar_days_between(start: dt.date, end: dt.date) -> int:
        return (end - start).days

    @staticmethod
    def add_months(start: dt.date, n: int) -> dt.date:
        """Same day n months later, clamped to the month's end (31/01 + 1 month = 28/02)."""
        month_index = start.year * 12 + start.month - 1 + n
        year, month = divmod(month_index, 12)
        last = pycalendar.monthrange(year, month + 1)[1]
        return check_date(dt.date(year, month + 1, min(start.day, last)), field="months")


@cache
def national_calendar() -> WorkingCalendar:
    """The national calendar, shared by the whole process (it is immutable)."""
    return WorkingCalendar()


_AGENCY_CACHE: dict[tuple[frozenset[dt.date], frozenset[dt.date]], WorkingCalendar] = {}


def calendar_with(
    *, extra_off: Iterable[dt.date], extra_work: Iterable[dt.date]
) -> WorkingCalendar:
    """A calendar with additions, cached by its exact set of additions.

    A change of additions makes a new key, so no cache is ever stale."""
    key = (frozenset(extra_off), frozenset(extra_work))
    if not key[0] and not key[1]:
        return national_calendar()
    found = _AGENCY_CACHE.get(key)
    if found is None:
        if len(_AGENCY_CACHE) > 256:
            _AGENCY_CACHE.clear()
        found = _AGENCY_CACHE[key] = WorkingCalendar(extra_off=key[0], extra_work=key[1])
    return found


def parse_date(value: str, *, field: str = "date") -> dt.date:
    """Parse ``YYYY-MM-DD`` or ``dd/mm/yyyy``; a clear message otherwise."""
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return check_date(dt.datetime.strptime(text, fmt).date(), field=field)
        except ValueError:
            continue
    raise DomainError(
        "invalid_date",
        _("“%(value)s” is not a valid date; use YYYY-MM-DD or dd/mm/yyyy.") % {"value": value},
        fields={field: [_("Invalid date.")]},
    )
