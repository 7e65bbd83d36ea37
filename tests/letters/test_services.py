"""The letter workflow on its statutory clocks: deadlines from the rule in force, refusals with
their Vietnamese messages (nothing written), transitions, splitting, duplicates, suspension,
extensions, escalation and the head's reception days."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danchu.core.errors import DomainError
from danchu.core.models import AuditEvent
from danchu.letters import selectors, services
from danchu.letters.models import (
    Extension,
    Letter,
    LetterPause,
    ReceptionSession,
    State,
    Visit,
)
from danchu.letters.stats import letters_report
from tests.letters.conftest import Reception

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


def _refused(call, field: str, contains: str) -> None:
    """``call`` is refused with a message on ``field`` and writes nothing."""

    def counts() -> tuple[int, ...]:
        return tuple(
            m.objects.count()
            for m in (Letter, AuditEvent, Extension, LetterPause, ReceptionSession, Visit)
        )

    before = counts()
    with pytest.raises(DomainError) as caught:
        call()
    assert field in caught.value.fields, caught.value.fields
    assert contains in " ".join(caught.value.fields[field]), caught.value.fields[field]
    assert counts() == before


def _complaint(rc: Reception, received_on: dt.date) -> Letter:
    return rc.classified(rc.receive(kind="complaint", received_on=received_on))


def test_complaint_acceptance_deadline_follows_the_rule_in_force_on_receipt(rc):
    # Before 1 July 2026: 10 days (Law 02/2011 Art. 27); from then: 7 working days.
    june = _complaint(rc, dt.date(2026, 6, 10))
    july = _complaint(rc, dt.date(2026, 7, 10))
    assert june.handling_due_on == dt.date(2026, 6, 20)  # a Saturday: calendar days
    assert july.handling_due_on == dt.date(2026, 7, 21)  # Fri 10/7 + 7 working days


def test_petition_is_answered_within_ten_working_days(rc):
    letter = rc.classified(rc.receive(received_on=dt.date(2026, 4, 24)))
    # Hùng Kings (Sun 26/4, off Mon 27/4), 30/4 and 1/5 are holidays: 10 working days
    # reach 13/5.
    assert letter.handling_due_on == dt.date(2026, 5, 13)


def test_a_complaint_must_name_the_contested_decision_or_act(rc):
    letter = rc.receive(kind="complaint")
    _refused(
        lambda: services.letter_classify(
            actor=rc.clerk,
            letter=letter,
            kind="complaint",
            eligibility="eligible",
            instance="first",
            complaint_subject="decision",
            known_on=letter.received_on,
        ),
        "contested_act",
        "quyết định hoặc hành vi hành chính",
    )


def test_a_complaint_after_ninety_days_cannot_be_eligible(rc):
    letter = rc.receive(kind="complaint", received_on=dt.date(2026, 6, 10))
    _refused(
        lambda: rc.classified(letter, known_on=dt.date(2026, 3, 1)),
        "eligibility",
        "quá thời hiệu",
    )
    out = rc.classified(
        letter,
        known_on=dt.date(2026, 3, 1),
        eligibility="out_of_time",
        eligibility_note="Quá 90 ngày",
    )
    assert out.eligibility == "out_of_time"


def test_a_denunciation_is_not_accepted_before_competence_is_checked(rc):
    letter = rc.denunciation()
    # Still "received": the transition itself is refused.
    with pytest.raises(DomainError) as caught:
        rc.accepted(letter)
    assert caught.value.status == 409
    letter = rc.classified(letter, eligibility="not_competent", eligibility_note="Của quận")
    _refused(lambda: rc.accepted(letter), "eligibility", "thẩm quyền")


@time_machine.travel(dt.datetime(2026, 3, 25, 3, 0, tzinfo=dt.UTC), tick=False)
def test_extensions_only_for_complex_denunciations_and_never_beyond_the_law(rc):
    letter = rc.accepted(rc.classified(rc.denunciation()), on=dt.date(2026, 3, 5))
    assert letter.due_on == dt.date(2026, 4, 4)  # 30 days from acceptance

    def extend(n: int):
        return lambda: services.letter_extend(
            actor=rc.clerk,
            letter=letter,
            decision_number=f"{n}/QĐ-GH",
            decided_on=dt.date(2026, 3, 20),
            reason="Cần xác minh thêm",
        )

    _refused(extend(1), "complexity", "phức tạp")
    letter = services.letter_mark_complex(
        actor=rc.clerk, letter=letter, complexity="complex", reason="Nhiều nơi"
    )
    letter = extend(1)()
    assert letter.due_on == dt.date(2026, 5, 4)
    _refused(extend(2), "complexity", "1")
    # Marking it especially complex allows a second one.
    letter = services.letter_mark_complex(
        actor=rc.clerk, letter=letter, complexity="especially", reason="Liên ngành"
    )
    letter = extend(2)()
    assert letter.due_on == dt.date(2026, 6, 3)
    assert letter.extensions.count() == 2


@time_machine.travel(dt.datetime(2026, 3, 25, 3, 0, tzinfo=dt.UTC), tick=False)
def test_marking_complex_needs_a_written_reason(rc):
    letter = rc.accepted(_complaint(rc, dt.date(2026, 3, 2)))
    _refused(
        lambda: services.letter_mark_complex(
            actor=rc.clerk, letter=letter, complexity="complex", reason=" "
        ),
        "reason",
        "phức tạp",
    )
    letter = services.letter_mark_complex(
        actor=rc.clerk, letter=letter, complexity="complex", reason="Nhiều bên liên quan"
    )
    assert letter.due_on == dt.date(2026, 4, 16)  # 45 days instead of 30


def test_a_case_is_not_found_complex_once_its_time_ran_out(rc):
    letter = rc.accepted(_complaint(rc, dt.date(2026, 3, 2)), on=dt.date(2026, 3, 2))
    _refused(
        lambda: services.letter_mark_complex(
            actor=rc.clerk, letter=letter, complexity="complex", reason="Nhiều bên"
        ),
        "complexity",
        "01/04/2026",
    )


def test_suspension_stops_the_clock_and_resumption_restarts_it(rc):
    letter = rc.accepted(_complaint(rc, dt.date(2026, 3, 2)), on=dt.date(2026, 3, 2))
    assert letter.due_on == dt.date(2026, 4, 1)
    letter = services.letter_suspend(
        actor=rc.clerk,
        letter=letter,
        stopped_on=dt.date(2026, 3, 12),
        decision_number="1/QĐ",
        reason="Chờ giám định",
    )
    assert letter.state == State.SUSPENDED and letter.due_on is None
    letter = services.letter_resume(actor=rc.clerk, letter=letter, resumed_on=dt.date(2026, 3, 22))
    assert letter.state == State.ACCEPTED
    assert letter.due_on == dt.date(2026, 4, 11)  # the 10 stopped days added
    assert LetterPause.objects.get(letter=letter).resumed_on == dt.date(2026, 3, 22)


def test_closing_needs_an_outcome_document(rc):
    letter = rc.classified(rc.receive())
    _refused(
        lambda: services.letter_settle(
            actor=rc.clerk,
            letter=letter,
            outcome="answer",
            document_number="",
            document_date=dt.date(2026, 3, 6),
            summary="Đã trả lời",
        ),
        "document_number",
        "văn bản",
    )
    letter = services.letter_settle(
        actor=rc.clerk,
        letter=letter,
        outcome="answer",
        document_number="5/TB",
        document_date=dt.date(2026, 3, 6),
        summary="Đã trả lời",
    )
    assert (letter.state, letter.timeliness) == (State.ANSWERED, "on_time")


def test_a_late_answer_is_late(rc):
    letter = rc.classified(rc.receive(received_on=dt.date(2026, 3, 2)))
    letter = services.letter_settle(
        actor=rc.clerk,
        letter=letter,
        outcome="answer",
        document_number="5/TB",
        document_date=dt.date(2026, 3, 20),
        summary="Đã trả lời",
    )
    assert letter.timeliness == "late"


def test_resolved_denunciation_has_its_publication_deadline(rc):
    letter = rc.accepted(rc.classified(rc.denunciation()), on=dt.date(2026, 3, 5))
    letter = services.letter_settle(
        actor=rc.clerk,
        letter=letter,
        outcome="resolve",
        document_number="3/KL",
        document_date=dt.date(2026, 3, 27),
        summary="Tố cáo đúng một phần",
    )
    assert letter.publish_due_on == dt.date(2026, 4, 7)  # 7 working days
    letter = services.letter_publish(
        actor=rc.clerk, letter=letter, published_on=dt.date(2026, 4, 2)
    )
    assert letter.published_on == dt.date(2026, 4, 2)


def test_duplicates_are_linked_and_not_counted_twice(rc):
    first = rc.classified(rc.receive())
    again = rc.receive()
    _refused(lambda: rc.classified(again, eligibility="duplicate"), "duplicate_of", "trước")
    again = rc.classified(again, eligibility="duplicate", duplicate_of=first)
    assert again.duplicate_of == first
    figures = letters_report(
        agency=rc.cast.a.unit, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    ).figures
    assert (figures.letters, figures.duplicates) == (1, 1)


def test_a_mixed_letter_is_split_and_counted_by_its_parts(rc):
    mixed = rc.receive()
    parts = services.letter_split(
        actor=rc.clerk,
        letter=mixed,
        parts=[
            ("petition", "Kiến nghị về sóng"),
            ("denunciation", "Tố cáo cán bộ Y"),
        ],
    )
    assert [p.code for p in parts] == [f"{mixed.code}.1", f"{mixed.code}.2"]
    mixed.refresh_from_db()
    assert mixed.state == State.SPLIT
    figures = letters_report(
        agency=rc.cast.a.unit, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    ).figures
    assert figures.letters == 2
    assert figures.by_kind["petition"] == 1 and figures.by_kind["denunciation"] == 1


def test_forwarding_is_timed_against_its_rule(rc):
    den = rc.classified(rc.denunciation(), eligibility="not_competent", eligibility_note="Quận")
    assert den.forward_due_on == dt.date(2026, 3, 9)  # 5 working days after Mon 2/3
    den = services.letter_forward(
        actor=rc.clerk, letter=den, forwarded_to="Thanh tra quận", forwarded_on=dt.date(2026, 3, 10)
    )
    assert (den.state, den.timeliness, den.forward_slip_number) == ("forwarded", "late", 1)


def test_an_outsider_cannot_act_on_a_letter(rc):
    letter = rc.receive()
    with pytest.raises(DomainError) as caught:
        services.letter_classify(
            actor=rc.clerk_b, letter=letter, kind="petition", eligibility="eligible"
        )
    assert caught.value.status == 404


def _mails() -> list[dict]:
    from django_tasks_db.models import DBTaskResult

    return [r.args_kwargs["kwargs"] for r in DBTaskResult.objects.order_by("enqueued_at")]


def test_overdue_letters_reach_the_head_once(rc, django_capture_on_commit_callbacks):
    rc.cast.a.head.email = "giamdoc@example.vn"
    rc.cast.a.head.save()
    letter = rc.classified(rc.receive(received_on=dt.date(2026, 10, 1)))
    overdue = selectors.letter_list(actor=rc.cast.a.head, agency=rc.cast.a.unit, status="overdue")
    assert list(overdue) == [letter]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.letters_escalate() == 1
        assert services.letters_escalate() == 0
    assert [(m["to"], m["subject"]) for m in _mails()] == [
        (["giamdoc@example.vn"], f"[{letter.code}] Đơn quá hạn")
    ]
    assert AuditEvent.objects.filter(verb="letter.escalate").count() == 1


def test_a_month_without_the_heads_reception_day_is_a_breach(rc):
    head = rc.cast.a.head
    services.reception_session_create(
        actor=rc.clerk,
        agency=rc.cast.a.unit,
        kind="head",
        held_on=dt.date(2026, 9, 14),
        place="Phòng tiếp dân",
        host=head,
    )
    months = selectors.head_reception_months(actor=head, agency=rc.cast.a.unit, year=2026)
    by_month = {m.month.month: m for m in months}
    assert by_month[9].head_days == 1 and not by_month[9].breach
    assert by_month[10].breach  # ended without one
    assert not by_month[11].breach  # November is not over
    assert len(months) == 11
    _refused_session = pytest.raises(DomainError)
    with _refused_session as caught:
        services.reception_session_create(
            actor=rc.clerk,
            agency=rc.cast.a.unit,
            kind="head",
            held_on=dt.date(2026, 10, 5),
            place="Phòng tiếp dân",
            host=rc.clerk,
        )
    assert "host" in caught.value.fields
    assert ReceptionSession.objects.count() == 1


def test_the_head_is_reminded_from_the_fifteenth(rc, settings):
    rc.cast.a.head.email = "giamdoc@example.vn"
    rc.cast.a.head.save()
    assert services.reception_remind(on=dt.date(2026, 11, 10)) == 0
    reminded = services.reception_remind(on=dt.date(2026, 11, 20))
    assert reminded == 2  # the heads of both departments; none held a day in November
    services.reception_session_create(
        actor=rc.clerk,
        agency=rc.cast.a.unit,
        kind="head",
        held_on=dt.date(2026, 11, 18),
        place="Phòng tiếp dân",
        host=rc.cast.a.head,
    )
    assert services.reception_remind(on=dt.date(2026, 11, 20)) == 1


def test_a_visit_answer_is_due_in_ten_working_days_and_a_group_names_representatives(rc):
    def visit(**kwargs):
        values = {
            "actor": rc.clerk,
            "agency": rc.cast.a.unit,
            "received_on": dt.date(2026, 4, 24),
            "received_by": rc.clerk,
            "matter": "Phản ánh",
            "visitors": "Hộ dân tổ 5",
        }
        values.update(kwargs)
        return services.visit_create(**values)

    with pytest.raises(DomainError) as caught:
        visit(people_count=6)
    assert "representatives" in caught.value.fields
    v = visit(people_count=6, representatives="Trần Văn A\nLê Thị B")
    assert v.answer_due_on == dt.date(2026, 5, 13)
    assert v.is_group and v.number == 1


def test_the_daily_command_escalates_and_reminds(rc, capsys):
    from django.core.management import call_command

    rc.classified(rc.receive(received_on=dt.date(2026, 10, 1)))
    call_command("letters_remind")
    out = capsys.readouterr().out
    assert "1 đơn quá hạn" in out and "nhắc 2 Thủ trưởng" in out
    call_command("letters_remind", "--enqueue")
    assert "hàng đợi" in capsys.readouterr().out
