"""Tasks with one accountable lead: the lead rule, deadlines from the calendar, extensions,
completion and assessment, completion figures counted on time and late, and nothing written
when a rule refuses."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction

from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import AuditEvent
from danchu.tasks import selectors, services
from danchu.tasks.models import Task, TaskState
from tests.tasks.conftest import Work

MARCH_10 = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _march():
    with time_machine.travel(MARCH_10, tick=False):
        yield


def _nothing_written(before_tasks: int, before_events: int) -> None:
    assert Task.objects.count() == before_tasks
    assert AuditEvent.objects.count() == before_events


class TestOneLead:
    def test_a_task_with_two_leads_is_refused_and_nothing_is_written(self, work: Work):
        tasks, events = Task.objects.count(), AuditEvent.objects.count()
        with pytest.raises(DomainError) as err:
            work.task(leads=[work.cast.a.staff, work.cast.a.division])
        assert "lead" in err.value.fields
        assert "một" in err.value.message or "one" in err.value.message
        _nothing_written(tasks, events)

    def test_a_task_with_no_lead_is_refused(self, work: Work):
        with pytest.raises(DomainError) as err:
            work.task(leads=[])
        assert "lead" in err.value.fields

    def test_the_database_refuses_two_leads_too(self, work: Work):
        task = work.task()
        with pytest.raises(IntegrityError), transaction.atomic():
            Task.objects.filter(pk=task.pk).update(lead_unit=work.cast.a.division)

    def test_a_unit_can_lead_and_answers_for_the_figures(self, work: Work):
        task = work.task(leads=[work.cast.a.division])
        assert task.lead_unit == work.cast.a.division and task.lead_person is None
        assert task.unit == work.cast.a.division

    def test_a_person_leads_for_their_workplace(self, work: Work):
        assert work.task().unit == work.cast.a.division

    def test_a_lead_of_another_department_is_refused(self, work: Work):
        with pytest.raises(DomainError) as err:
            work.task(leads=[work.cast.b.staff])
        assert "lead" in err.value.fields

    def test_the_lead_cannot_also_support(self, work: Work):
        with pytest.raises(DomainError) as err:
            work.task(supports=[work.cast.a.staff])
        assert "supports" in err.value.fields


class TestDeadline:
    def test_a_deadline_before_the_start_is_refused(self, work: Work):
        with pytest.raises(DomainError) as err:
            work.task(start_on=dt.date(2026, 3, 10), due_on=dt.date(2026, 3, 9))
        assert "due_on" in err.value.fields

    def test_working_days_count_on_the_calendar(self, work: Work):
        # 10 working days after Friday 24/04/2026: Hùng Kings' day (Sunday 26/04) is taken on
        # Monday 27/04; 30/04 and 01/05 are holidays; weekends do not count.
        task = work.task(start_on=dt.date(2026, 4, 24), due_on=None, working_days=10)
        assert task.due_on == dt.date(2026, 5, 13)
        assert task.working_days == 10

    def test_a_date_and_working_days_together_are_refused(self, work: Work):
        with pytest.raises(DomainError) as err:
            work.task(working_days=5)
        assert "due_on" in err.value.fields

    def test_only_an_assigner_gives_tasks(self, work: Work):
        with pytest.raises(Forbidden):
            work.task(actor=work.cast.a.staff)


class TestExtension:
    def test_the_lead_asks_and_the_assigner_approves(self, work: Work):
        task = work.task()
        ask = services.extension_request(
            actor=work.cast.a.staff,
            task=task,
            new_due_on=dt.date(2026, 4, 15),
            reason="Chờ số liệu",
        )
        services.extension_decide(actor=work.cast.a.head, extension=ask, approve=True)
        task.refresh_from_db()
        assert task.due_on == dt.date(2026, 4, 15)
        assert task.original_due_on == dt.date(2026, 3, 31)

    def test_after_the_deadline_a_request_without_reason_is_refused(self, work: Work):
        task = work.task(start_on=dt.date(2026, 3, 2), due_on=dt.date(2026, 3, 6))
        with pytest.raises(DomainError) as err:
            services.extension_request(
                actor=work.cast.a.staff, task=task, new_due_on=dt.date(2026, 3, 20), reason=" "
            )
        assert "reason" in err.value.fields
        assert task.extensions.count() == 0

    def test_a_refusal_needs_a_reason_and_keeps_the_deadline(self, work: Work):
        task = work.task()
        ask = services.extension_request(
            actor=work.cast.a.staff, task=task, new_due_on=dt.date(2026, 4, 15), reason="Chờ"
        )
        with pytest.raises(DomainError):
            services.extension_decide(actor=work.cast.a.head, extension=ask, approve=False)
        services.extension_decide(
            actor=work.cast.a.head, extension=ask, approve=False, note="Không cần thiết"
        )
        task.refresh_from_db()
        assert task.due_on == dt.date(2026, 3, 31)

    def test_only_the_lead_asks(self, work: Work):
        task = work.task()
        with pytest.raises(Forbidden):
            services.extension_request(
                actor=work.a.clerk, task=task, new_due_on=dt.date(2026, 4, 15), reason="x"
            )


def _finish(work: Work, task: Task, on: dt.date) -> Task:
    services.task_submit(actor=work.cast.a.staff, task=task, note="Xong", on=on)
    return services.task_accept(actor=work.cast.a.head, task=task, quality="good")


class TestCompletion:
    def test_on_time_is_fixed_at_acceptance_against_the_deadline_in_force(self, work: Work):
        assert _finish(work, work.task(), dt.date(2026, 3, 9)).on_time is True
        late = work.task(start_on=dt.date(2026, 3, 2), due_on=dt.date(2026, 3, 5))
        assert _finish(work, late, dt.date(2026, 3, 9)).on_time is False

    def test_an_approved_extension_moves_the_deadline_for_on_time(self, work: Work):
        task = work.task(start_on=dt.date(2026, 3, 2), due_on=dt.date(2026, 3, 5))
        ask = services.extension_request(
            actor=work.cast.a.staff, task=task, new_due_on=dt.date(2026, 3, 12), reason="Chờ"
        )
        services.extension_decide(actor=work.cast.a.head, extension=ask, approve=True)
        task.refresh_from_db()
        assert _finish(work, task, dt.date(2026, 3, 9)).on_time is True

    def test_returned_work_goes_back_to_the_lead(self, work: Work):
        task = work.task()
        services.task_submit(actor=work.cast.a.staff, task=task, note="Xong")
        services.task_return(actor=work.cast.a.head, task=task, reason="Thiếu phụ lục")
        task.refresh_from_db()
        assert task.state == TaskState.ASSIGNED and task.returned_count == 1
        assert task.submitted_on is None

    def test_only_the_assigner_or_the_head_accepts(self, work: Work):
        task = work.task(actor=work.a.chief)
        services.task_submit(actor=work.cast.a.staff, task=task, note="Xong")
        with pytest.raises(Forbidden):
            services.task_accept(actor=work.cast.a.staff, task=task, quality="good")
        services.task_accept(actor=work.cast.a.head, task=task, quality="good")

    def test_the_head_of_the_lead_unit_submits_for_the_unit(self, work: Work):
        task = work.task(leads=[work.cast.a.division])
        with pytest.raises(Forbidden):
            services.task_submit(actor=work.cast.a.staff, task=task, note="Xong")
        services.task_submit(actor=work.a.chief, task=task, note="Xong")

    def test_a_closed_task_does_not_change(self, work: Work):
        task = work.task()
        services.task_cancel(actor=work.cast.a.head, task=task, reason="Không còn cần")
        with pytest.raises(DomainError):
            services.task_report(actor=work.cast.a.staff, task=task, note="x", progress=10)


class TestFigures:
    def test_a_plans_completion_counts_on_time_and_late(self, work: Work):
        on_time = [work.task(title=f"Đúng hạn {i}") for i in range(3)]
        late = work.task(start_on=dt.date(2026, 3, 2), due_on=dt.date(2026, 3, 4))
        overdue = work.task(start_on=dt.date(2026, 3, 2), due_on=dt.date(2026, 3, 6))
        work.task(title="Đang làm")
        cancelled = work.task(title="Huỷ")
        services.task_cancel(actor=work.cast.a.head, task=cancelled, reason="Thôi")
        for t in on_time:
            _finish(work, t, dt.date(2026, 3, 9))
        _finish(work, late, dt.date(2026, 3, 9))
        tasks = selectors.task_list(actor=work.cast.a.head, agency=work.cast.a.unit, plan=work.plan)
        figures = selectors.completion_total(tasks=tasks.order_by())
        assert (figures.total, figures.done, figures.on_time, figures.late) == (6, 4, 3, 1)
        assert (figures.open, figures.overdue) == (2, 1)
        assert figures.rate == 60.0  # 3 on time of the 5 done or past their deadline
        assert overdue.pk in {
            t.pk
            for t in selectors.task_list(
                actor=work.cast.a.head, agency=work.cast.a.unit, overdue=True
            )
        }

    def test_figures_by_unit_and_by_person(self, work: Work):
        _finish(work, work.task(), dt.date(2026, 3, 9))
        work.task(leads=[work.a.clerk])
        year = selectors.year_tasks(actor=work.cast.a.head, agency=work.cast.a.unit, year=2026)
        by_unit = {c.label: c for c in selectors.completion_by_unit(tasks=year)}
        assert by_unit[work.cast.a.division.name].total == 2
        assert by_unit[work.cast.a.division.name].on_time == 1
        by_person = {c.label: (c.total, c.done) for c in selectors.completion_by_person(tasks=year)}
        assert by_person == {work.cast.a.staff.full_name: (1, 1), work.a.clerk.full_name: (1, 0)}


class TestWhoSeesWhat:
    def test_staff_see_their_own_tasks_only(self, work: Work):
        mine = work.task()
        other = work.task(leads=[work.cast.a.officer], title="Của người khác")
        assert other.pk not in set(
            selectors.visible_tasks(actor=work.cast.a.staff).values_list("pk", flat=True)
        )
        assert set(selectors.my_tasks(actor=work.cast.a.staff).values_list("pk", flat=True)) == {
            mine.pk
        }

    def test_the_other_department_sees_nothing(self, work: Work):
        work.task()
        assert not selectors.visible_tasks(actor=work.cast.b.head).exists()

    def test_the_board_and_the_city_read_every_task(self, work: Work):
        task = work.task()
        assert selectors.visible_tasks(actor=work.cast.a.board).filter(pk=task.pk).exists()
        assert selectors.visible_tasks(actor=work.cast.steering).filter(pk=task.pk).exists()


class TestPlans:
    def test_a_plan_is_published_to_staff_through_the_register(self, work: Work):
        plan = services.plan_publish(
            actor=work.cast.a.head,
            plan=work.plan,
            signer="Giám đốc A",
            channels=["intranet"],
            published_on=dt.date(2026, 1, 12),
            posted_until=dt.date(2026, 2, 27),
        )
        from danchu.disclosure.models import Publication

        assert plan.publication_id is not None
        publication = Publication.objects.get(pk=plan.publication_id)
        assert publication.category == "plans" and publication.late_days == 0

    def test_a_quarter_plan_needs_its_quarter(self, work: Work):
        with pytest.raises(DomainError) as err:
            services.plan_create(
                actor=work.cast.a.head,
                agency=work.cast.a.unit,
                kind="quarter",
                year=2026,
                period=5,
                title="Quý",
            )
        assert "period" in err.value.fields


class TestReviewRules:
    def test_a_lead_cannot_backdate_a_completion(self, work: Work):
        task = work.task(start_on=dt.date(2026, 3, 2), due_on=dt.date(2026, 3, 5))
        done = services.task_submit(
            actor=work.cast.a.staff, task=task, note="Xong", on=dt.date(2026, 3, 4)
        )
        assert done.submitted_on == dt.date(2026, 3, 10)
        assert (
            services.task_accept(actor=work.cast.a.head, task=task, quality="good").on_time is False
        )

    def test_a_division_head_gives_tasks_within_the_division_only(self, work: Work):
        with pytest.raises(DomainError) as err:
            work.task(actor=work.a.chief, leads=[work.cast.a.head])
        assert "lead" in err.value.fields
        with pytest.raises(DomainError):
            work.task(actor=work.a.chief, leads=[work.cast.a.unit])
        assert work.task(actor=work.a.chief, leads=[work.a.clerk]).assigner == work.a.chief

    def test_a_division_head_reads_every_task_of_the_division(self, work: Work):
        task = work.task(leads=[work.a.clerk])
        assert selectors.visible_tasks(actor=work.a.chief).filter(pk=task.pk).exists()
        assert not selectors.visible_tasks(actor=work.a.clerk2).filter(pk=task.pk).exists()


class TestReminders:
    def test_the_lead_is_reminded_the_working_day_before_and_both_after(
        self, work: Work, django_capture_on_commit_callbacks
    ):
        from django_tasks_db.models import DBTaskResult

        from danchu.tasks.reminders import tasks_remind

        work.cast.a.staff.email, work.cast.a.head.email = "cb@so-a.vn", "gd@so-a.vn"
        work.cast.a.staff.save()
        work.cast.a.head.save()
        # Due Friday 27/03/2026: reminded Thursday 26/03; overdue reported Monday 30/03.
        work.task(due_on=dt.date(2026, 3, 27))
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks_remind(on=dt.date(2026, 3, 25)) == {"soon": 0, "overdue": 0}
            assert tasks_remind(on=dt.date(2026, 3, 26)) == {"soon": 1, "overdue": 0}
            assert tasks_remind(on=dt.date(2026, 3, 28)) == {"soon": 0, "overdue": 0}
            assert tasks_remind(on=dt.date(2026, 3, 30)) == {"soon": 0, "overdue": 2}
            assert tasks_remind(on=dt.date(2026, 3, 31)) == {"soon": 0, "overdue": 0}
        sent = [r.args_kwargs["kwargs"] for r in DBTaskResult.objects.order_by("enqueued_at")]
        assert sent[0]["to"] == ["cb@so-a.vn"]
        assert sent[1]["to"] == ["cb@so-a.vn", "gd@so-a.vn"]
        assert "27/03/2026" in sent[1]["subject"]

    def test_the_command_runs_and_queues(self, work: Work, capsys):
        from django.core.management import call_command

        call_command("tasks_remind")
        call_command("oversight_remind", "--enqueue")
        out = capsys.readouterr().out
        assert "thư nhắc sắp đến hạn" in out and "hàng đợi" in out
