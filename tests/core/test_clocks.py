import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danchu.core import services
from danchu.core.calendar import national_calendar
from danchu.core.clocks import Pause, compute_deadline
from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import ClockRule, ClockUnit
from danchu.core.selectors import clock_deadline, clock_rule_in_force

pytestmark = pytest.mark.django_db


def rule(length: int, unit: str = ClockUnit.WORKING_DAYS, **kw) -> ClockRule:
    return ClockRule(code="t", length=length, unit=unit, effective_from=dt.date(2000, 1, 1), **kw)


class TestRulesInForce:
    def test_the_statutory_rules_are_loaded(self):
        codes = set(ClockRule.objects.filter(agency=None).values_list("code", flat=True))
        assert {
            "complaint.acceptance",
            "complaint.first_instance",
            "denunciation.resolve",
            "reception.answer",
            "publication.deadline",
            "board.recommendation_answer",
            "conference.annual",
        } <= codes

    def test_complaint_acceptance_changed_on_1_july_2026(self):
        before = clock_rule_in_force(
            code="complaint.acceptance", agency=None, on=dt.date(2026, 6, 30)
        )
        after = clock_rule_in_force(
            code="complaint.acceptance", agency=None, on=dt.date(2026, 7, 1)
        )
        assert (before.length, before.unit) == (10, ClockUnit.CALENDAR_DAYS)
        assert (after.length, after.unit) == (7, ClockUnit.WORKING_DAYS)

    def test_a_case_keeps_the_rule_of_the_day_its_clock_started(self):
        # Received on Friday 26/06/2026 under the old rule: 10 calendar days.
        assert clock_deadline(
            code="complaint.acceptance", agency=None, started_on=dt.date(2026, 6, 26)
        ) == dt.date(2026, 7, 6)
        # Received on Wednesday 01/07/2026 under the new rule: 7 working days.
        assert clock_deadline(
            code="complaint.acceptance", agency=None, started_on=dt.date(2026, 7, 1)
        ) == dt.date(2026, 7, 10)

    def test_an_unknown_clock_is_refused_with_a_message(self):
        with pytest.raises(DomainError) as exc:
            clock_rule_in_force(code="nope", agency=None, on=dt.date(2025, 1, 1))
        assert exc.value.code == "no_rule_in_force"

    def test_a_rule_not_yet_in_force_does_not_apply(self):
        with pytest.raises(DomainError):
            clock_rule_in_force(code="complaint.acceptance", agency=None, on=dt.date(2010, 1, 1))


class TestDeadline:
    def test_working_days_skip_tet(self):
        assert compute_deadline(
            rule=rule(5), calendar=national_calendar(), started_on=dt.date(2025, 1, 24)
        ) == dt.date(2025, 2, 7)

    def test_calendar_days(self):
        assert compute_deadline(
            rule=rule(30, ClockUnit.CALENDAR_DAYS),
            calendar=national_calendar(),
            started_on=dt.date(2025, 1, 1),
        ) == dt.date(2025, 1, 31)

    def test_months(self):
        assert compute_deadline(
            rule=rule(3, ClockUnit.MONTHS),
            calendar=national_calendar(),
            started_on=dt.date(2025, 12, 31),
        ) == dt.date(2026, 3, 31)

    def test_a_pause_lengthens_the_clock_by_the_days_stopped(self):
        # Monday 03/03/2025 + 5 working days = Monday 10/03. Stopped on Tuesday 04/03 and
        # resumed on Thursday 06/03: Wednesday and Thursday do not count.
        deadline = compute_deadline(
            rule=rule(5),
            calendar=national_calendar(),
            started_on=dt.date(2025, 3, 3),
            pauses=[Pause(dt.date(2025, 3, 4), dt.date(2025, 3, 6))],
        )
        assert deadline == dt.date(2025, 3, 12)

    def test_a_clock_stopped_now_has_no_deadline(self):
        assert (
            compute_deadline(
                rule=rule(5),
                calendar=national_calendar(),
                started_on=dt.date(2025, 3, 3),
                pauses=[Pause(dt.date(2025, 3, 4))],
            )
            is None
        )

    def test_a_pause_after_the_deadline_changes_nothing(self):
        assert compute_deadline(
            rule=rule(5),
            calendar=national_calendar(),
            started_on=dt.date(2025, 3, 3),
            pauses=[Pause(dt.date(2025, 3, 20), dt.date(2025, 3, 25))],
        ) == dt.date(2025, 3, 10)

    def test_extensions_add_their_length(self):
        denunciation = rule(30, ClockUnit.CALENDAR_DAYS, max_extensions=2, extension_length=30)
        cal = national_calendar()
        assert compute_deadline(
            rule=denunciation, calendar=cal, started_on=dt.date(2025, 1, 1), extensions=2
        ) == dt.date(2025, 4, 1)
        with pytest.raises(DomainError) as exc:
            compute_deadline(
                rule=denunciation, calendar=cal, started_on=dt.date(2025, 1, 1), extensions=3
            )
        assert exc.value.code == "too_many_extensions"

    def test_a_pause_before_the_start_is_refused(self):
        with pytest.raises(DomainError) as exc:
            compute_deadline(
                rule=rule(5),
                calendar=national_calendar(),
                started_on=dt.date(2025, 3, 3),
                pauses=[Pause(dt.date(2025, 3, 1), dt.date(2025, 3, 4))],
            )
        assert exc.value.code == "invalid_pause"

    @settings(max_examples=200, deadline=None)
    @given(
        start=st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2029, 1, 1)),
        length=st.integers(min_value=2, max_value=40),
        stop_after=st.integers(min_value=0, max_value=1),
        stopped_for=st.integers(min_value=0, max_value=30),
    )
    def test_a_pause_adds_exactly_the_working_days_stopped(
        self, start, length, stop_after, stopped_for
    ):
        cal = national_calendar()
        stopped = cal.add_working_days(start, stop_after)
        resumed = cal.add_working_days(stopped, stopped_for)
        plain = compute_deadline(rule=rule(length), calendar=cal, started_on=start)
        assert plain is not None
        paused = compute_deadline(
            rule=rule(length), calendar=cal, started_on=start, pauses=[Pause(stopped, resumed)]
        )
        assert paused == cal.add_working_days(plain, stopped_for)


def add_rule(**kwargs):
    """An agency rule for the reception-answer clock from 01/01/2025, unless told otherwise."""
    values = {
        "code": "reception.answer",
        "unit": ClockUnit.WORKING_DAYS,
        "effective_from": dt.date(2025, 1, 1),
        "legal_basis": "Quyết định của Sở",
        **kwargs,
    }
    return services.clock_rule_add(**values)


class TestAgencyRules:
    def test_a_stricter_rule_governs_the_agencys_cases(self, cast):
        add_rule(actor=cast.a.head, agency=cast.a.unit, length=7)
        day = dt.date(2025, 3, 3)
        assert (
            clock_rule_in_force(code="reception.answer", agency=cast.a.division, on=day).length == 7
        )
        assert clock_rule_in_force(code="reception.answer", agency=cast.b.unit, on=day).length == 10
        # Before the agency's rule took effect, the statute applied.
        assert (
            clock_rule_in_force(
                code="reception.answer", agency=cast.a.unit, on=dt.date(2024, 12, 31)
            ).length
            == 10
        )

    def test_calendar_days_no_more_than_the_statutes_working_days_are_stricter(self, cast):
        added = add_rule(
            actor=cast.a.admin, agency=cast.a.unit, length=10, unit=ClockUnit.CALENDAR_DAYS
        )
        assert added.pk

    @pytest.mark.parametrize(
        ("length", "unit", "ext", "ext_len"),
        [
            (11, ClockUnit.WORKING_DAYS, 0, 0),
            (5, ClockUnit.MONTHS, 0, 0),
            (9, ClockUnit.WORKING_DAYS, 1, 5),
        ],
    )
    def test_a_looser_rule_is_refused_and_nothing_is_written(
        self, cast, length, unit, ext, ext_len
    ):
        before = ClockRule.objects.count()
        with pytest.raises(DomainError) as exc:
            add_rule(
                actor=cast.a.head,
                agency=cast.a.unit,
                length=length,
                unit=unit,
                max_extensions=ext,
                extension_length=ext_len,
            )
        assert exc.value.code == "rule_looser_than_statute"
        assert "Luật Tiếp công dân" in exc.value.message
        assert ClockRule.objects.count() == before

    def test_a_rule_ends_with_the_statute_it_tightens(self, cast):
        added = add_rule(
            actor=cast.a.head,
            agency=cast.a.unit,
            code="complaint.acceptance",
            length=8,
            unit=ClockUnit.CALENDAR_DAYS,
            effective_from=dt.date(2026, 1, 1),
        )
        assert added.effective_to == dt.date(2026, 6, 30)

    def test_staff_cannot_add_a_rule(self, cast):
        with pytest.raises(Forbidden):
            add_rule(actor=cast.a.staff, agency=cast.a.unit, length=5)

    def test_the_other_departments_head_cannot_even_see_the_unit(self, cast):
        with pytest.raises(NotFound):
            add_rule(actor=cast.b.head, agency=cast.a.unit, length=5)


class TestPerCaseLength:
    def test_the_one_stop_clock_takes_the_procedures_length(self):
        assert clock_deadline(
            code="onestop.resolution", agency=None, started_on=dt.date(2025, 1, 24), length=5
        ) == dt.date(2025, 2, 7)

    def test_a_per_case_clock_without_a_length_is_refused(self):
        with pytest.raises(DomainError) as exc:
            clock_deadline(code="onestop.resolution", agency=None, started_on=dt.date(2025, 1, 24))
        assert exc.value.code == "invalid_length"

    def test_a_fixed_clock_refuses_another_length(self):
        with pytest.raises(DomainError):
            clock_deadline(
                code="reception.answer", agency=None, started_on=dt.date(2025, 1, 24), length=3
            )

    def test_a_restarting_clock_counts_again_from_the_resumption(self):
        restarting = rule(5, restarts_after_pause=True)
        deadline = compute_deadline(
            rule=restarting,
            calendar=national_calendar(),
            started_on=dt.date(2025, 3, 3),
            pauses=[Pause(dt.date(2025, 3, 4), dt.date(2025, 3, 6))],
        )
        assert deadline == dt.date(2025, 3, 13)

    def test_no_agency_rule_for_a_per_case_clock(self, cast):
        with pytest.raises(DomainError) as exc:
            add_rule(
                actor=cast.a.head,
                agency=cast.a.unit,
                code="onestop.resolution",
                length=3,
                effective_from=dt.date(2026, 1, 1),
            )
        assert exc.value.code == "rule_length_per_case"


class TestMinimumPeriods:
    def test_a_shorter_notice_than_the_law_is_refused(self, cast):
        with pytest.raises(DomainError) as exc:
            add_rule(
                actor=cast.a.head, agency=cast.a.unit, code="board.inspection_notice", length=3
            )
        assert exc.value.code == "rule_looser_than_statute"
        assert "length" in exc.value.fields

    def test_a_longer_notice_is_stricter(self, cast):
        assert (
            add_rule(
                actor=cast.a.head, agency=cast.a.unit, code="board.inspection_notice", length=7
            ).bound
            == "minimum"
        )

    @pytest.mark.parametrize(
        ("code", "length"), [("publication.posting_min", 10), ("complaint.filing_limit", 30)]
    )
    def test_minimums_cannot_be_shortened(self, cast, code, length):
        with pytest.raises(DomainError):
            add_rule(
                actor=cast.a.head,
                agency=cast.a.unit,
                code=code,
                length=length,
                unit=ClockUnit.CALENDAR_DAYS,
            )

    def test_extensions_beyond_the_statute_are_named_on_their_field(self, cast):
        with pytest.raises(DomainError) as exc:
            add_rule(
                actor=cast.a.head,
                agency=cast.a.unit,
                code="denunciation.resolve",
                length=20,
                unit=ClockUnit.CALENDAR_DAYS,
                max_extensions=3,
                extension_length=10,
            )
        assert list(exc.value.fields) == ["max_extensions"]

    def test_an_end_before_the_start_is_named(self, cast):
        with pytest.raises(DomainError) as exc:
            add_rule(
                actor=cast.a.head, agency=cast.a.unit, length=5, effective_to=dt.date(2024, 1, 1)
            )
        assert list(exc.value.fields) == ["effective_to"]
