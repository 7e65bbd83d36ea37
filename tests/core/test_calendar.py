import datetime as dt
from io import StringIO

import holidays
import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from danchu.core import services
from danchu.core.calendar import WorkingCalendar, national_calendar, national_days, parse_date
from danchu.core.errors import DomainError
from danchu.core.models import CalendarDayKind
from danchu.core.selectors import agency_calendar

START, END = dt.date(2015, 1, 1), dt.date(2030, 12, 31)


def reference_is_working(day: dt.date) -> bool:
    """A day-by-day reference built straight from the holidays package, not from our arrays."""
    vn = holidays.country_holidays("VN", years=day.year)
    if day.weekday() >= 5:
        return day in vn.weekend_workdays
    return day not in vn


def reference_add(start: dt.date, n: int) -> dt.date:
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if reference_is_working(day):
            n -= 1
    return day


def reference_between(a: dt.date, b: dt.date) -> int:
    return sum(
        1 for k in range(1, (b - a).days + 1) if reference_is_working(a + dt.timedelta(days=k))
    )


def call(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


days_in_range = st.dates(min_value=START, max_value=END - dt.timedelta(days=400))


class TestNationalCalendar:
    def test_it_skips_tet_2025(self):
        assert national_calendar().add_working_days(dt.date(2025, 1, 24), 5) == dt.date(2025, 2, 7)

    def test_it_counts_the_make_up_saturday(self):
        assert national_calendar().add_working_days(dt.date(2025, 4, 25), 1) == dt.date(2025, 4, 26)
        assert national_calendar().is_working_day(dt.date(2025, 4, 26))
        assert not national_calendar().is_working_day(dt.date(2025, 5, 2))

    def test_an_ordinary_saturday_is_not_a_working_day(self):
        assert not national_calendar().is_working_day(dt.date(2025, 4, 19))

    def test_zero_days_gives_the_start(self):
        assert national_calendar().add_working_days(dt.date(2025, 2, 1), 0) == dt.date(2025, 2, 1)

    def test_it_refuses_a_negative_count(self):
        with pytest.raises(DomainError) as exc:
            national_calendar().add_working_days(dt.date(2025, 2, 1), -1)
        assert exc.value.code == "negative_days"
        assert "days" in exc.value.fields

    def test_it_refuses_dates_outside_its_years(self):
        with pytest.raises(DomainError) as exc:
            national_calendar().is_working_day(dt.date(1900, 1, 1))
        assert exc.value.code == "date_out_of_range"

    def test_next_working_day(self):
        cal = national_calendar()
        assert cal.next_working_day(dt.date(2025, 1, 25)) == dt.date(2025, 2, 3)
        assert cal.next_working_day(dt.date(2025, 2, 3)) == dt.date(2025, 2, 3)

    def test_between_is_negative_backwards(self):
        cal = national_calendar()
        assert cal.working_days_between(dt.date(2025, 2, 7), dt.date(2025, 1, 24)) == -5

    def test_calendar_day_and_month_arithmetic(self):
        cal = national_calendar()
        assert cal.add_calendar_days(dt.date(2024, 2, 28), 2) == dt.date(2024, 3, 1)
        assert cal.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
        assert cal.add_months(dt.date(2025, 12, 31), 3) == dt.date(2026, 3, 31)

    def test_a_year_lists_days_off_and_make_up_days_in_vietnamese(self):
        rows = {r.day: r for r in national_days(2026)}
        assert rows[dt.date(2026, 2, 17)].name == "Tết Nguyên Đán"
        assert rows[dt.date(2026, 8, 22)].kind == "makeup_saturday"
        assert rows[dt.date(2026, 9, 2)].name == "Quốc khánh"

    @settings(max_examples=300, deadline=None)
    @given(start=days_in_range, n=st.integers(min_value=0, max_value=260))
    def test_add_and_count_are_inverse(self, start, n):
        cal = national_calendar()
        end = cal.add_working_days(start, n)
        assert cal.working_days_between(start, end) == n
        if n > 0:
            assert cal.is_working_day(end)
            assert cal.working_days_between(start, end - dt.timedelta(days=1)) == n - 1

    @settings(max_examples=150, deadline=None)
    @given(start=days_in_range, n=st.integers(min_value=0, max_value=60))
    def test_add_agrees_with_a_day_by_day_reference(self, start, n):
        assert national_calendar().add_working_days(start, n) == reference_add(start, n)

    @settings(max_examples=150, deadline=None)
    @given(a=days_in_range, span=st.integers(min_value=0, max_value=90))
    def test_between_agrees_with_a_day_by_day_reference(self, a, span):
        b = a + dt.timedelta(days=span)
        assert national_calendar().working_days_between(a, b) == reference_between(a, b)

    def test_every_day_2015_to_2030_agrees_with_the_reference(self):
        cal = WorkingCalendar()
        day = START
        while day <= END:
            assert cal.is_working_day(day) == reference_is_working(day), day
            day += dt.timedelta(days=1)


class TestAgencyCalendar:
    def test_an_extra_day_off_moves_the_deadline(self, cast):
        services.calendar_day_add(
            actor=cast.a.admin,
            agency=cast.a.unit,
            day=dt.date(2025, 2, 4),
            kind=CalendarDayKind.DAY_OFF,
            decision="QĐ 12/QĐ-SKHCN",
        )
        assert agency_calendar(cast.a.unit).add_working_days(dt.date(2025, 1, 24), 5) == dt.date(
            2025, 2, 10
        )
        # A division follows its department's decision; the other department does not.
        assert agency_calendar(cast.a.division).add_working_days(
            dt.date(2025, 1, 24), 5
        ) == dt.date(2025, 2, 10)
        assert agency_calendar(cast.b.unit).add_working_days(dt.date(2025, 1, 24), 5) == dt.date(
            2025, 2, 7
        )

    def test_an_extra_working_day_counts(self, cast):
        services.calendar_day_add(
            actor=None,
            agency=cast.a.unit,
            day=dt.date(2025, 4, 19),
            kind=CalendarDayKind.WORKING_DAY,
            decision="QĐ 13",
        )
        assert agency_calendar(cast.a.unit).add_working_days(dt.date(2025, 4, 18), 1) == dt.date(
            2025, 4, 19
        )

    def test_a_units_own_decision_wins_over_its_parents(self, cast):
        day = dt.date(2025, 3, 3)
        services.calendar_day_add(
            actor=None, agency=cast.a.unit, day=day, kind=CalendarDayKind.DAY_OFF, decision="QĐ 1"
        )
        services.calendar_day_add(
            actor=None,
            agency=cast.a.division,
            day=day,
            kind=CalendarDayKind.WORKING_DAY,
            decision="QĐ 2",
        )
        assert not agency_calendar(cast.a.unit).is_working_day(day)
        assert agency_calendar(cast.a.division).is_working_day(day)

    def test_the_same_day_twice_is_refused(self, cast):
        kwargs = {
            "actor": None,
            "agency": cast.a.unit,
            "day": dt.date(2025, 3, 3),
            "kind": CalendarDayKind.DAY_OFF,
            "decision": "QĐ 1",
        }
        services.calendar_day_add(**kwargs)
        with pytest.raises(DomainError) as exc:
            services.calendar_day_add(**kwargs)
        assert exc.value.code == "duplicate_day"


class TestCommandLine:
    def test_add(self):
        assert call("add", "2025-01-24", "5") == "2025-02-07"
        assert call("add", "2025-04-25", "1") == "2025-04-26"

    def test_add_accepts_vietnamese_dates(self):
        assert call("add", "24/01/2025", "5") == "2025-02-07"

    def test_between(self):
        assert call("between", "2025-01-24", "2025-02-07") == "5"

    def test_list(self):
        out = call("list", "2026")
        assert "2026-02-17" in out and "Tết Nguyên Đán" in out
        assert "2026-08-22" in out and "làm bù" in out

    def test_is(self):
        assert call("is", "2025-04-26") == "có"
        assert call("is", "2025-05-02") == "không"

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("add", "2025-13-01", "1"), "2025-13-01"),
            (("add", "hôm qua", "1"), "hôm qua"),
            (("add", "2025-01-24", "-3"), "âm"),
            (("between", "2025-01-01", "2025-02-30"), "2025-02-30"),
        ],
    )
    def test_it_explains_bad_input(self, args, message):
        with pytest.raises(CommandError) as exc:
            call(*args)
        assert message in str(exc.value)

    def test_it_refuses_a_number_that_is_not_one(self):
        with pytest.raises(CommandError):
            call("add", "2025-01-24", "năm")


def test_parse_date_refuses_nonsense():
    with pytest.raises(DomainError) as exc:
        parse_date("31/02/2025")
    assert exc.value.code == "invalid_date"


def test_a_day_that_is_already_off_is_refused(cast):
    with pytest.raises(DomainError) as exc:
        services.calendar_day_add(
            actor=None,
            agency=cast.a.unit,
            day=dt.date(2025, 9, 2),
            kind=CalendarDayKind.DAY_OFF,
            decision="QĐ",
        )
    assert exc.value.code == "redundant_day"
    with pytest.raises(DomainError):
        services.calendar_day_add(
            actor=None,
            agency=cast.a.unit,
            day=dt.date(2025, 9, 3),
            kind=CalendarDayKind.WORKING_DAY,
            decision="QĐ",
        )


def test_a_removed_day_no_longer_counts(cast):
    entry = services.calendar_day_add(
        actor=None,
        agency=cast.a.unit,
        day=dt.date(2025, 2, 4),
        kind=CalendarDayKind.DAY_OFF,
        decision="QĐ",
    )
    services.calendar_day_remove(actor=cast.a.admin, entry=entry)
    assert agency_calendar(cast.a.unit).is_working_day(dt.date(2025, 2, 4))
