"""The People's Inspection Board at work: the 15-day answer clock and the head's dashboard,
the answer by the head (or a deputy acting for the head) whose actions become tasks, the
notice before an inspection, findings by a majority of the members, anonymous petitions, the
board's Word report, and the small unit that has no board."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import AuditEvent, Membership, Role
from danchu.oversight import services
from danchu.oversight.models import RecommendationState, StaffPetition
from danchu.tasks import services as tasks
from danchu.tasks.models import Task
from tests.factories import give_role, make_person, make_unit
from tests.oversight.conftest import Board


def at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 3, 0, tzinfo=dt.UTC), tick=False
    )


MARCH_2 = dt.date(2026, 3, 2)


def _answer(board: Board, recommendation, **kwargs):
    values = {
        "actor": board.cast.a.head,
        "recommendation": recommendation,
        "kind": "accepted",
        "answer": "Tiếp thu.",
        "actions": [
            services.ActionIn("Công khai quyết toán", board.cast.a.staff, dt.date(2026, 3, 31)),
            services.ActionIn("Bổ sung chứng từ", board.cast.a.division, dt.date(2026, 4, 15)),
        ],
    }
    values.update(kwargs)
    return services.recommendation_answer(**values)


class TestTheAnswerClock:
    def test_a_recommendation_received_on_2_march_is_due_on_17_march(self, board: Board):
        with at(MARCH_2):
            recommendation = board.recommendation(received_on=MARCH_2)
        assert recommendation.due_on == dt.date(2026, 3, 17)

    @pytest.mark.parametrize(
        ("day", "shown"),
        [(dt.date(2026, 3, 17), False), (dt.date(2026, 3, 18), True), (dt.date(2026, 4, 2), True)],
    )
    def test_the_heads_dashboard_shows_it_overdue_from_18_march(
        self, board: Board, client, day, shown
    ):
        with at(MARCH_2):
            board.recommendation(received_on=MARCH_2, number="07/KN-BTTND")
        with at(day):
            client.force_login(board.cast.a.head)
            page = client.get(reverse("core:home")).content.decode()
        # Before its due day it waits for the head's answer; from the day after, overdue (red).
        assert "07/KN-BTTND" in page and "17/03/2026" in page
        assert ("u-overdue" in page) is shown

    def test_it_leaves_the_dashboard_once_answered(self, board: Board, client):
        with at(MARCH_2):
            recommendation = board.recommendation(received_on=MARCH_2, number="07/KN-BTTND")
        with at(dt.date(2026, 3, 20)):
            client.force_login(board.cast.a.head)
            assert "07/KN-BTTND" in client.get(reverse("core:home")).content.decode()
            answered = _answer(
                board,
                recommendation,
                actions=[
                    services.ActionIn(
                        "Công khai quyết toán", board.cast.a.staff, dt.date(2026, 4, 30)
                    )
                ],
            )
            assert answered.on_time is False  # late answers stay visible as late
            assert "07/KN-BTTND" not in client.get(reverse("core:home")).content.decode()

    @pytest.mark.parametrize("who", ["union", "steering", "board"])
    def test_the_union_the_board_and_the_city_see_it_too(self, board: Board, client, who):
        with at(MARCH_2):
            board.recommendation(received_on=MARCH_2, number="07/KN-BTTND")
        person = {
            "union": board.a.union,
            "steering": board.cast.steering,
            "board": board.cast.a.board,
        }[who]
        with at(dt.date(2026, 3, 18)):
            client.force_login(person)
            assert "07/KN-BTTND" in client.get(reverse("core:home")).content.decode()

    def test_the_other_department_does_not_see_it(self, board: Board, client):
        with at(MARCH_2):
            board.recommendation(received_on=MARCH_2, number="07/KN-BTTND")
        with at(dt.date(2026, 3, 18)):
            client.force_login(board.cast.b.head)
            assert "07/KN-BTTND" not in client.get(reverse("core:home")).content.decode()


class TestTheAnswer:
    def test_accepted_actions_become_tasks_for_their_leads(self, board: Board):
        with at(MARCH_2):
            recommendation = board.recommendation()
            _answer(board, recommendation)
        made = Task.objects.filter(source_kind="recommendation", source_id=recommendation.pk)
        assert {(t.lead_label, t.due_on) for t in made} == {
            (str(board.cast.a.staff), dt.date(2026, 3, 31)),
            (str(board.cast.a.division), dt.date(2026, 4, 15)),
        }
        assert all(t.assigner == board.cast.a.head for t in made)
        recommendation.refresh_from_db()
        assert recommendation.state == RecommendationState.ANSWERED and recommendation.on_time

    def test_someone_other_than_the_head_is_refused_and_nothing_is_written(self, board: Board):
        with at(MARCH_2):
            recommendation = board.recommendation()
            events = AuditEvent.objects.count()
            for person in (board.cast.a.staff, board.cast.a.board, board.a.union):
                with pytest.raises(Forbidden):
                    _answer(board, recommendation, actor=person)
        assert AuditEvent.objects.count() == events
        assert not Task.objects.exists()

    def test_a_deputy_answers_only_acting_for_the_head(self, board: Board):
        with at(MARCH_2):
            recommendation = board.recommendation()
            with pytest.raises(DomainError) as err:
                _answer(board, recommendation, actor=board.a.deputy)
            assert "acting_for_head" in err.value.fields
            assert not Task.objects.exists()
            done = _answer(
                board, recommendation, actor=board.a.deputy, acting_for_head="Giấy ủy quyền 12/UQ"
            )
        assert done.acting_for_head == "Giấy ủy quyền 12/UQ"

    def test_an_accepted_answer_needs_actions_and_a_refusal_needs_reasons(self, board: Board):
        with at(MARCH_2):
            recommendation = board.recommendation()
            with pytest.raises(DomainError) as err:
                _answer(board, recommendation, actions=[])
            assert "actions" in err.value.fields
            with pytest.raises(DomainError) as err:
                _answer(board, recommendation, kind="refused", answer=" ", actions=[])
            assert "answer" in err.value.fields

    def test_an_action_with_a_bad_lead_writes_nothing(self, board: Board):
        with at(MARCH_2):
            recommendation = board.recommendation()
            actions = [
                services.ActionIn("Một", board.cast.a.staff, dt.date(2026, 3, 31)),
                services.ActionIn("Hai", board.cast.b.staff, dt.date(2026, 3, 31)),
            ]
            with pytest.raises(DomainError):
                _answer(board, recommendation, actions=actions)
        assert not Task.objects.exists()
        recommendation.refresh_from_db()
        assert recommendation.state == RecommendationState.SENT

    def test_the_board_closes_only_when_every_action_is_done(self, board: Board):
        with at(MARCH_2):
            recommendation = _answer(board, board.recommendation())
            with pytest.raises(DomainError):
                services.recommendation_close(
                    actor=board.cast.a.board, recommendation=recommendation, note="Đạt"
                )
            for task in Task.objects.filter(source_id=recommendation.pk):
                lead = task.lead_person or board.a.chief
                tasks.task_submit(actor=lead, task=task, note="Xong")
                tasks.task_accept(actor=board.cast.a.head, task=task, quality="good")
            closed = services.recommendation_close(
                actor=board.cast.a.board, recommendation=recommendation, note="Đạt"
            )
        assert closed.state == RecommendationState.CLOSED

    def test_reopening_starts_a_new_clock(self, board: Board):
        with at(MARCH_2):
            recommendation = _answer(board, board.recommendation())
        with at(dt.date(2026, 4, 1)):
            reopened = services.recommendation_reopen(
                actor=board.cast.a.board, recommendation=recommendation, note="Chưa đạt"
            )
        assert reopened.state == RecommendationState.SENT
        assert reopened.due_on == dt.date(2026, 4, 16)


class TestInspections:
    def test_less_notice_than_the_rule_is_refused(self, board: Board):
        with at(MARCH_2):
            with pytest.raises(DomainError) as err:
                # Notice on Wednesday 25/02/2026: 5 working days end on 04/03/2026.
                board.inspection(notified_on=dt.date(2026, 2, 25), starts_on=dt.date(2026, 3, 3))
            assert "starts_on" in err.value.fields and "04/03/2026" in err.value.message
            ok = board.inspection(notified_on=dt.date(2026, 2, 25), starts_on=dt.date(2026, 3, 4))
        assert ok.earliest_start == dt.date(2026, 3, 4)

    def test_findings_need_more_than_half_of_the_members(self, board: Board):
        members = [board.cast.a.board, board.a.clerk, board.a.clerk2]
        with at(dt.date(2026, 3, 10)):
            inspection = board.inspection()
            with pytest.raises(DomainError) as err:
                services.inspection_conclude(
                    actor=board.cast.a.board,
                    inspection=inspection,
                    findings="Kết quả",
                    votes={members[0].pk: "for", members[1].pk: "abstain"},
                )
            assert "votes" in err.value.fields
            done = services.inspection_conclude(
                actor=board.cast.a.board,
                inspection=inspection,
                findings="Kết quả",
                votes={members[0].pk: "for", members[1].pk: "for", members[2].pk: "against"},
            )
        assert (done.votes_for, done.votes_against, done.seats) == (2, 1, 3)
        assert done.votes.count() == 3

    def test_an_outsider_cannot_vote(self, board: Board):
        with at(dt.date(2026, 3, 10)):
            inspection = board.inspection()
            with pytest.raises(DomainError):
                services.inspection_conclude(
                    actor=board.cast.a.board,
                    inspection=inspection,
                    findings="Kết quả",
                    votes={board.cast.a.staff.pk: "for"},
                )

    def test_a_request_not_answered_in_time_shows_as_a_breach(self, board: Board):
        from danchu.oversight import selectors

        with at(dt.date(2026, 3, 2)):
            inspection = board.inspection()
            services.document_request(
                actor=board.cast.a.board,
                inspection=inspection,
                what="Chứng từ chi hội nghị",
                due_on=dt.date(2026, 3, 5),
            )
        with at(dt.date(2026, 3, 6)):
            rows = selectors.inspection_list(actor=board.cast.a.head, agency=board.cast.a.unit)
            row: Any = rows.get(pk=inspection.pk)
            assert row.late_requests == 1
            with pytest.raises(Forbidden):
                services.document_supply(
                    actor=board.cast.a.staff, request=inspection.requests.get(), answer="x"
                )


class TestPetitions:
    def test_an_anonymous_petition_keeps_no_author_and_no_event(self, board: Board):
        with at(MARCH_2):
            events = AuditEvent.objects.count()
            petition = services.petition_send(
                actor=board.cast.a.staff,
                agency=board.cast.a.unit,
                subject="Lịch trực",
                text="Chưa công bằng.",
                anonymous=True,
            )
        stored = StaffPetition.objects.get(pk=petition.pk)
        assert stored.author is None
        assert AuditEvent.objects.count() == events
        assert not AuditEvent.objects.filter(object_id=str(petition.pk)).exists()

    def test_only_the_board_reads_other_peoples_petitions(self, board: Board):
        from danchu.oversight import selectors

        with at(MARCH_2):
            services.petition_send(
                actor=board.cast.a.staff, agency=board.cast.a.unit, subject="A", text="a"
            )
        org = board.cast.a.unit
        assert selectors.petition_list(actor=board.cast.a.board, agency=org).count() == 1
        assert selectors.petition_list(actor=board.cast.a.staff, agency=org).count() == 1
        assert selectors.petition_list(actor=board.cast.a.head, agency=org).count() == 0


class TestSmallUnit:
    def test_a_unit_of_seven_or_fewer_has_no_board_and_the_union_acts(self, cast):
        small = make_unit(parent=cast.city, kind="department", code="SMALL", name="Sở Nhỏ")
        people = [make_person(agency=small) for _ in range(5)]
        give_role(people[0], small, Role.HEAD)
        give_role(people[1], small, Role.UNION_EXECUTIVE)
        for p in people[2:]:
            give_role(p, small, Role.STAFF)
        with at(MARCH_2):
            with pytest.raises(DomainError) as err:
                services.term_create(
                    actor=people[1], agency=small, elected_on=MARCH_2, election_record="BB"
                )
            assert "7" in err.value.message
            recommendation = services.recommendation_create(
                actor=people[1],
                agency=small,
                number="01/KN",
                content="Đề nghị",
                received_on=MARCH_2,
            )
        assert recommendation.due_on == dt.date(2026, 3, 17)


class TestSeats:
    def test_the_head_cannot_sit_on_the_board(self, board: Board):
        with at(MARCH_2), pytest.raises(DomainError):
            services.seat_add(
                actor=board.a.union,
                term=board.term,
                person=board.cast.a.head,
                role="member",
                start=MARCH_2,
                basis="BB",
            )

    def test_a_replacement_takes_an_ended_seat(self, board: Board):
        seat = board.term.seats.get(person=board.a.clerk2)
        with at(MARCH_2):
            services.seat_end(actor=board.a.union, seat=seat, end=MARCH_2, reason="Chuyển công tác")
            new = services.seat_add(
                actor=board.a.union,
                term=board.term,
                person=board.cast.a.officer,
                role="member",
                start=dt.date(2026, 3, 3),
                basis="Nghị quyết hội nghị",
                replaces=seat,
            )
        assert new.replaces == seat
        assert Membership.objects.get(pk=seat.membership_id).end == MARCH_2
        assert new.membership.role == Role.BOARD_MEMBER
        assert new.membership.end == board.term.ends_on == dt.date(2027, 1, 19)


class TestReport:
    def test_the_quarterly_report_lists_that_quarters_records(self, board: Board, client):
        with at(dt.date(2026, 3, 10)):
            inspection = board.inspection(subject="Kiểm tra chi tiêu quý I")
            members = [board.cast.a.board, board.a.clerk, board.a.clerk2]
            services.inspection_conclude(
                actor=board.cast.a.board,
                inspection=inspection,
                findings="Đúng quy chế",
                votes={m.pk: "for" for m in members},
            )
            first = board.recommendation(received_on=MARCH_2, inspection=inspection)
            _answer(board, first)
            board.recommendation(number="02/KN-BTTND", content="Đề nghị tổ chức đối thoại")
        with at(dt.date(2026, 4, 10)):
            board.recommendation(
                number="03/KN-BTTND", content="Thuộc quý II", received_on=dt.date(2026, 4, 6)
            )
            client.force_login(board.cast.a.board)
            response = client.get(
                reverse("oversight:report_docx", kwargs={"unit": board.cast.a.unit.pk}),
                {"kind": "quarter", "year": 2026, "period": 1},
            )
        assert response.status_code == 200
        doc = Document(io.BytesIO(response.content))
        text = "\n".join(p.text for p in doc.paragraphs)
        cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
        assert "quý I năm 2026" in text
        assert "1 cuộc kiểm tra" in text and "2 kiến nghị" in text
        assert "1 kiến nghị đã được trả lời (1 đúng hạn)" in text
        assert "Kiểm tra chi tiêu quý I" in cells
        assert "01/KN-BTTND" in cells and "02/KN-BTTND" in cells
        assert "03/KN-BTTND" not in cells
        assert "Tiếp thu" in cells and "17/03/2026" in cells


class TestReviewRules:
    def test_only_someone_working_in_the_unit_is_seated(self, board: Board):
        with at(MARCH_2), pytest.raises(DomainError) as err:
            services.seat_add(
                actor=board.a.union,
                term=board.term,
                person=board.cast.b.staff,
                role="member",
                start=MARCH_2,
                basis="BB",
            )
        assert "person" in err.value.fields

    def test_no_findings_without_sitting_members(self, board: Board):
        with at(dt.date(2026, 3, 10)):
            inspection = board.inspection()
            for seat in board.term.seats.all():
                services.seat_end(actor=board.a.union, seat=seat, end=MARCH_2, reason="Nghỉ")
            # A board role entered on the roles page, with no seat behind it.
            stray = make_person(agency=board.cast.a.unit)
            give_role(stray, board.cast.a.unit, Role.BOARD_MEMBER)
            with pytest.raises(DomainError) as err:
                services.inspection_conclude(
                    actor=stray, inspection=inspection, findings="Kết quả", votes={}
                )
        assert "votes" in err.value.fields

    def test_the_heads_report_names_no_petition(self, board: Board, client):
        with at(MARCH_2):
            services.petition_send(
                actor=board.cast.a.staff,
                agency=board.cast.a.unit,
                subject="Bí mật XYZ",
                text="Nội dung",
                anonymous=True,
            )
        url = reverse("oversight:report_docx", kwargs={"unit": board.cast.a.unit.pk})
        query = {"kind": "quarter", "year": 2026, "period": 1}

        def cells(person) -> str:
            client.force_login(person)
            with at(dt.date(2026, 4, 2)):
                doc = Document(io.BytesIO(client.get(url, query).content))
            return "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)

        assert "XYZ" in cells(board.cast.a.board)
        assert "XYZ" not in cells(board.cast.a.head)

    def test_a_reopened_recommendation_keeps_its_first_clock_in_the_log(self, board: Board):
        with at(MARCH_2):
            recommendation = _answer(board, board.recommendation())
        with at(dt.date(2026, 4, 1)):
            services.recommendation_reopen(
                actor=board.cast.a.board, recommendation=recommendation, note="Chưa đạt"
            )
        event = AuditEvent.objects.filter(verb="recommendation.reopen").get()
        assert event.changes["before"]["due_on"] == "2026-03-17"


class TestReminders:
    def test_the_head_is_reminded_before_and_everyone_on_the_first_overdue_day(
        self, board: Board, django_capture_on_commit_callbacks
    ):
        from django_tasks_db.models import DBTaskResult

        from danchu.oversight.reminders import oversight_remind

        people = [board.cast.a.head, board.a.deputy, board.a.union, board.cast.a.board]
        for n, person in enumerate(people):
            person.email = f"p{n}@so-a.vn"
            person.save()
        with at(MARCH_2):
            board.recommendation(received_on=MARCH_2)
        with django_capture_on_commit_callbacks(execute=True):
            assert oversight_remind(on=dt.date(2026, 3, 14)) == {"soon": 0, "overdue": 0}
            assert oversight_remind(on=dt.date(2026, 3, 15)) == {"soon": 2, "overdue": 0}
            assert oversight_remind(on=dt.date(2026, 3, 18)) == {"soon": 0, "overdue": 4}
            assert oversight_remind(on=dt.date(2026, 3, 19)) == {"soon": 0, "overdue": 0}
        sent = [r.args_kwargs["kwargs"] for r in DBTaskResult.objects.order_by("enqueued_at")]
        assert sent[0]["to"] == ["p0@so-a.vn", "p1@so-a.vn"]
        assert "17/03/2026" in sent[1]["subject"] and len(sent[1]["to"]) == 4
