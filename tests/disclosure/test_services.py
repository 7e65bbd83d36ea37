"""Publications on the legal clock, regulation versions, read confirmations, information
requests and consultations: the rules, the refusals (nothing written), the anonymity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from danchu.core.errors import DomainError
from danchu.core.models import AuditEvent
from danchu.disclosure import selectors, services
from danchu.disclosure.models import (
    AnonymousParticipation,
    Comment,
    Consultation,
    Publication,
    RegulationVersion,
)
from tests.disclosure.conftest import TEXT_V2, Office

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 2, 10, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


def _refused(call, field: str, contains: str) -> None:
    def counts():
        return tuple(
            m.objects.count()
            for m in (Publication, RegulationVersion, Comment, AnonymousParticipation, AuditEvent)
        )

    before = counts()
    with pytest.raises(DomainError) as caught:
        call()
    assert field in caught.value.fields, caught.value.fields
    assert contains in " ".join(caught.value.fields[field]), caught.value.fields[field]
    assert counts() == before


def test_a_decision_of_friday_24_january_2025_is_due_on_7_february(office: Office):
    on_time = office.publish(published_on=dt.date(2025, 2, 7), posted_until=dt.date(2025, 3, 1))
    assert on_time.due_on == dt.date(2025, 2, 7) and on_time.late_days == 0
    late = office.publish(published_on=dt.date(2025, 2, 10), posted_until=dt.date(2025, 3, 1))
    assert late.late_days == 1 and late.breach
    breaches = selectors.breaches(actor=office.cast.a.head, agency=office.cast.a.unit)
    assert [p.pk for p in breaches] == [late.pk]


def test_a_publication_needs_its_decision_date_and_a_long_enough_posting(office):
    _refused(lambda: office.publish(decision_date=None), "decision_date", "ngày")
    _refused(lambda: office.publish(posted_until=dt.date(2025, 2, 14)), "posted_until", "20")
    ok = office.publish(posted_until=dt.date(2025, 2, 15))  # 27/1 … 15/2: 20 days
    assert not ok.short_posting


def test_taking_a_publication_down_early_is_a_breach(office):
    p = office.publish()
    p = services.publication_take_down(
        actor=office.cast.a.head, publication=p, on=dt.date(2025, 2, 5)
    )
    assert p.short_posting and p.breach


def test_a_version_comes_into_force_after_the_one_before(office):
    def add(effective):
        return lambda: services.version_add(
            actor=office.cast.a.head,
            regulation=office.regulation,
            decision_number="05/QĐ",
            decision_date=dt.date(2025, 1, 2),
            effective_from=effective,
            text=TEXT_V2,
            change_summary="Tăng mức phụ cấp",
            review_on=dt.date(2026, 1, 1),
        )

    _refused(add(dt.date(2024, 1, 10)), "effective_from", "15/01/2024")
    v2 = add(dt.date(2025, 1, 10))()
    assert v2.number == 2
    assert (
        selectors.version_in_force(regulation=office.regulation, on=dt.date(2025, 1, 9))
        == office.v1
    )
    assert selectors.version_in_force(regulation=office.regulation, on=dt.date(2025, 2, 1)) == v2
    diff = selectors.version_diff(old=office.v1, new=v2)
    changed = [d.label for d in diff if d.changed]
    assert changed == ["Điều 2", "Điều 3"]


def test_read_confirmations_by_division_and_who_has_not(office):
    a = office.cast.a
    d = services.dissemination_create(
        actor=a.head, agency=a.unit, version=office.v1, confirm_by=dt.date(2025, 2, 20)
    )
    services.read_confirm(actor=office.clerk2, dissemination=d)
    services.read_confirm(actor=office.clerk2, dissemination=d)  # once is enough
    report = selectors.dissemination_report(actor=a.head, dissemination=d)
    by_unit = {r.unit.code: (r.confirmed, r.total) for r in report.units}
    assert by_unit["DEP-A.P2"] == (1, 2)
    assert by_unit["DEP-A.P1"] == (0, 2)  # the staff member and the one-stop officer
    assert office.clerk3 in report.pending and office.clerk2 not in report.pending


def test_an_outsider_cannot_confirm_or_publish(office):
    b = office.cast.b
    with pytest.raises(DomainError) as caught:
        office.publish(actor=b.head)
    assert caught.value.status == 404


def test_information_requests_are_due_in_ten_working_days(office):
    r = services.info_request_create(
        actor=office.clerk2, agency=office.cast.a.unit, subject="Dự toán năm 2025"
    )
    assert r.due_on == dt.date(2025, 2, 24)
    r = services.info_request_answer(actor=office.cast.a.head, request=r, answer="Đã gửi")
    assert r.state == "answered"


def _consultation(office: Office, **kwargs) -> Consultation:
    values: dict[str, Any] = {
        "actor": office.cast.a.head,
        "agency": office.cast.a.unit,
        "topic": "spending",
        "title": "Dự thảo sửa đổi quy chế chi tiêu nội bộ",
        "form": "written",
        "owner": office.cast.a.head,
        "opens_on": dt.date(2025, 2, 3),
        "closes_on": dt.date(2025, 2, 14),
        "draft": TEXT_V2,
        "anonymous_allowed": True,
    }
    values.update(kwargs)
    return services.consultation_create(**values)


def test_an_anonymous_comment_has_no_link_to_its_author(office):
    c = _consultation(office)
    comment = services.comment_add(
        actor=office.clerk2, consultation=c, article="Điều 2", text="Nên giữ mức cũ", anonymous=True
    )
    assert comment.author is None
    _refused(
        lambda: services.comment_add(
            actor=office.clerk2, consultation=c, text="Ý kiến thứ hai", anonymous=True
        ),
        "anonymous",
        "đã",
    )
    # Named comments stay possible.
    services.comment_add(actor=office.clerk2, consultation=c, text="Ý kiến có tên")
    # Nothing stored joins the comment to the person: no column, no audit event naming them.
    assert Comment.objects.get(text="Nên giữ mức cũ").author_id is None
    comment_cols = {f.column for f in Comment._meta.concrete_fields}
    assert comment_cols == {
        "id",
        "consultation_id",
        "article",
        "text",
        "author_id",
        "made_on",
        "answer",
        "answer_reason",
        "answered_on",
    }
    # The participation row holds a keyed hash, no person: no column points at the users.
    participation_cols = {f.column for f in AnonymousParticipation._meta.concrete_fields}
    assert participation_cols == {"id", "consultation_id", "token"}
    assert not any(
        f.related_model is not None and f.related_model.__name__ == "User"
        for f in AnonymousParticipation._meta.concrete_fields
    )
    token = AnonymousParticipation.objects.get().token
    assert len(token) == 64 and str(office.clerk2.pk) != token
    assert office.clerk2.username not in token
    # The audit has the named comment only: an event for the anonymous one would stand next
    # to the author's own events (their login) in time.
    events = AuditEvent.objects.filter(verb="consultation.comment")
    assert [e.actor_id for e in events] == [office.clerk2.pk]
    assert str(comment.pk) not in str([e.changes for e in AuditEvent.objects.all()])


def test_comments_close_with_the_consultation(office):
    with time_machine.travel(dt.datetime(2025, 2, 5, 3, 0, tzinfo=dt.UTC), tick=False):
        c = _consultation(office, closes_on=dt.date(2025, 2, 7))
    _refused(lambda: _consultation(office, closes_on=dt.date(2025, 2, 7)), "closes_on", "đã qua")
    _refused(
        lambda: services.comment_add(actor=office.clerk2, consultation=c, text="Muộn"),
        "text",
        "07/02/2025",
    )


def test_the_owner_answers_and_publishes_the_summary(office):
    c = _consultation(office)
    first = services.comment_add(
        actor=office.clerk2, consultation=c, article="Điều 2", text="Tăng lên 350.000"
    )
    _refused(
        lambda: services.comment_answer(actor=office.cast.a.head, comment=first, answer="rejected"),
        "reason",
        "lý do",
    )

    def publish():
        return services.consultation_publish(
            actor=office.cast.a.head,
            consultation=c,
            decision_number="1/BC",
            channels=["notice_board"],
        )

    # Not before comments close on 14/02; not with a comment unanswered.
    _refused(publish, "__all__", "14/02/2025")
    with time_machine.travel(dt.datetime(2025, 2, 14, 3, 0, tzinfo=dt.UTC), tick=False):
        _refused(publish, "__all__", "1")
    services.comment_answer(
        actor=office.cast.a.head,
        comment=first,
        answer="partly",
        reason="Vượt định mức của Thành phố",
    )
    with time_machine.travel(dt.datetime(2025, 2, 14, 3, 0, tzinfo=dt.UTC), tick=False):
        summary = publish()
    assert summary.category == "opinions" and summary.consultation == c
    v2 = services.version_add(
        actor=office.cast.a.head,
        regulation=office.regulation,
        decision_number="05/QĐ",
        decision_date=dt.date(2025, 2, 10),
        effective_from=dt.date(2025, 2, 15),
        text=TEXT_V2,
        change_summary="Tăng mức phụ cấp",
        review_on=dt.date(2026, 2, 15),
        consultation=c,
    )
    assert v2.consultation == c


def test_reminders_of_reviews_and_readings(office, django_capture_on_commit_callbacks, capsys):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    a = office.cast.a
    a.head.email = "gd@example.vn"
    a.head.save()
    services.dissemination_create(
        actor=a.head, agency=a.unit, version=office.v1, confirm_by=dt.date(2025, 2, 11)
    )
    # v1's review is due 15/01/2025: 14 days before is 01/01, the day itself 15/01.
    from danchu.disclosure.services.reminders import disclosure_remind

    with django_capture_on_commit_callbacks(execute=True):
        assert disclosure_remind(on=dt.date(2025, 1, 1))["reviews"] == 1
        done = disclosure_remind()  # today 10/02: readers due tomorrow
    assert done == {"reviews": 0, "readers": 7}  # all of department A, none confirmed
    subjects = [r.args_kwargs["kwargs"]["subject"] for r in DBTaskResult.objects.all()]
    assert any("15/01/2025" in s for s in subjects)
    call_command("disclosure_remind")
    assert "người chưa xác nhận" in capsys.readouterr().out


def test_a_publication_on_a_day_off_after_the_deadline_is_late(office):
    # Due Friday 07/02/2025; published Saturday 08/02: late by one working day.
    p = office.publish(published_on=dt.date(2025, 2, 8), posted_until=dt.date(2025, 3, 1))
    assert p.late_days == 1 and p.breach


def test_a_reading_of_a_publication_goes_only_to_whom_it_was_addressed(office):
    a = office.cast.a
    p = office.publish(audience_kind="unit", audience_unit=office.division2)
    d = services.dissemination_create(
        actor=a.head, agency=a.unit, publication=p, confirm_by=dt.date(2025, 2, 20)
    )
    assert set(d.readers.values_list("person__username", flat=True)) == {"cb2_A", "cb3_A"}
    with pytest.raises(DomainError) as caught:
        services.read_confirm(actor=a.staff, dissemination=d)
    assert "__all__" in caught.value.fields
    with pytest.raises(DomainError) as caught:
        services.read_confirm(actor=office.cast.b.staff, dissemination=d)
    assert caught.value.status == 404


def test_another_departments_version_cannot_be_disseminated(office):
    b = office.cast.b
    with pytest.raises(DomainError) as caught:
        services.dissemination_create(
            actor=b.head, agency=b.unit, version=office.v1, confirm_by=dt.date(2025, 2, 20)
        )
    assert "document_title" in caught.value.fields


def test_attachments_are_checked_by_content_and_size(office):
    fake = services.FileIn("ke-hoach.pdf", b"<html><script>alert(1)</script>")
    _refused(lambda: office.publish(files=[fake]), "file", "PDF")
    big = services.FileIn("lon.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024))
    _refused(lambda: office.publish(files=[big]), "file", "20 MB")
    ok = office.publish(files=[services.FileIn("ke-hoach.pdf", b"%PDF-1.7 ...")])
    assert ok.files.get().name == "ke-hoach.pdf"
