"""The "tasks" section of the unit's figures: each figure against tasks made for it (the
period's edges, on time and late, a deadline moved after the period, a cancelled task, the
other department), a query count that does not grow with the organisations, and the
statistics page showing the same numbers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.core import figures as core_figures
from danchu.core.figures import Section
from danchu.tasks import services
from danchu.tasks.figures import build
from danchu.tasks.models import Task
from tests.tasks.conftest import Work

START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
NOW = dt.datetime(2026, 4, 20, 3, 0, tzinfo=dt.UTC)


def _at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC), tick=False)


def _task(work: Work, title: str, assigned: dt.date, due: dt.date, **kwargs: Any) -> Task:
    with _at(NOW.date()):
        return work.task(title=title, assigned_on=assigned, start_on=assigned, due_on=due, **kwargs)


def _done(work: Work, task: Task, submitted: dt.date, accepted: dt.date) -> None:
    head = work.cast.a.head if task.agency_id == work.cast.a.unit.pk else work.cast.b.head
    with _at(accepted):
        services.task_submit(actor=None, task=task, note="Đã hoàn thành", on=submitted)
        services.task_accept(actor=head, task=task, quality="good")


@pytest.fixture
def tasks(work: Work) -> dict[str, Task]:
    """Department A's tasks around the first quarter of 2026 (see each line), and one task of
    department B in the quarter, done late."""
    t: dict[str, Task] = {}
    # Assigned the day before the period, accepted in it on time: done, not assigned.
    t["before"] = _task(work, "T1", dt.date(2025, 12, 31), dt.date(2026, 1, 20))
    _done(work, t["before"], dt.date(2026, 1, 15), dt.date(2026, 1, 16))
    # Assigned on the first day, submitted after its deadline: done late.
    t["late"] = _task(work, "T2", START, dt.date(2026, 2, 10))
    _done(work, t["late"], dt.date(2026, 2, 20), dt.date(2026, 2, 21))
    # Assigned on the last day, not due yet at the end.
    t["last_day"] = _task(work, "T3", END, dt.date(2026, 4, 30))
    # Submitted in time but accepted after the period: still open at its end, and overdue.
    t["accepted_after"] = _task(work, "T4", dt.date(2026, 2, 1), dt.date(2026, 3, 15))
    _done(work, t["accepted_after"], dt.date(2026, 3, 10), dt.date(2026, 4, 2))
    # Overdue at the end; its deadline was moved on 05/04, after the period.
    t["extended_after"] = _task(work, "T5", dt.date(2026, 2, 1), dt.date(2026, 3, 20))
    with _at(dt.date(2026, 4, 5)):
        ext = services.extension_request(
            actor=work.cast.a.staff,
            task=t["extended_after"],
            new_due_on=dt.date(2026, 5, 31),
            reason="Chờ ý kiến các phòng; xin lỗi vì chậm",
        )
        services.extension_decide(actor=work.cast.a.head, extension=ext, approve=True)
    # Due on the period's last day: not past its deadline at the end.
    t["due_on_end"] = _task(work, "T6", dt.date(2026, 2, 1), END)
    # Assigned the day after the period.
    t["after"] = _task(work, "T7", dt.date(2026, 4, 1), dt.date(2026, 4, 10))
    # Cancelled: left out everywhere.
    t["cancelled"] = _task(work, "T8", dt.date(2026, 2, 1), dt.date(2026, 2, 5))
    with _at(NOW.date()):
        services.task_cancel(actor=work.cast.a.head, task=t["cancelled"], reason="Không cần")
    # Accepted on the period's last day, on time.
    t["accepted_last_day"] = _task(work, "T9", dt.date(2026, 1, 10), dt.date(2026, 3, 31))
    _done(work, t["accepted_last_day"], dt.date(2026, 3, 30), END)
    # Accepted the day before the period.
    t["accepted_before"] = _task(work, "T10", dt.date(2025, 12, 1), dt.date(2025, 12, 20))
    _done(work, t["accepted_before"], dt.date(2025, 12, 15), dt.date(2025, 12, 31))
    # Department B.
    t["b"] = _task(
        work,
        "B1",
        dt.date(2026, 2, 1),
        dt.date(2026, 2, 10),
        actor=work.cast.b.head,
        agency=work.cast.b.unit,
        leads=[work.cast.b.staff],
        plan=None,
    )
    _done(work, t["b"], dt.date(2026, 2, 12), dt.date(2026, 2, 13))
    return t


def _section(work: Work) -> Section:
    return build([work.cast.a.unit, work.cast.b.unit], START, END)[work.cast.a.unit.pk]


def test_the_section_has_the_fixed_keys_in_order(work: Work):
    section = _section(work)
    assert section.key == "tasks"
    assert [f.key for f in section.figures] == [
        "assigned",
        "done",
        "done_on_time",
        "done_late",
        "on_time_rate",
        "open_overdue",
    ]


def test_it_is_registered_after_the_board(db):
    order = {r.key: r.order for r in core_figures.registered()}
    assert order["tasks"] == 80


def test_assigned_counts_the_tasks_given_in_the_period_not_cancelled(
    work: Work, tasks: dict[str, Task]
):
    # T2 (first day), T3 (last day), T4, T5, T6, T9 — not T1, T7, T10 (outside), T8 (cancelled).
    assert _section(work)["assigned"] == 6


def test_done_counts_the_tasks_accepted_in_the_period(work: Work, tasks: dict[str, Task]):
    section = _section(work)
    # T1 (on time), T2 (late), T9 (accepted on the last day, on time); not T4 (accepted after)
    # nor T10 (accepted the day before).
    assert section["done"] == 3
    assert section["done_on_time"] == 2
    assert section["done_late"] == 1
    assert section["on_time_rate"] == 66.7


def test_open_overdue_judges_the_deadline_in_force_at_the_end(work: Work, tasks: dict[str, Task]):
    # T4: accepted only after the end; T5: its deadline was moved after the end. Not T3 (not
    # due), not T6 (due on the last day), not T8 (cancelled).
    tasks["extended_after"].refresh_from_db()
    assert tasks["extended_after"].due_on == dt.date(2026, 5, 31)
    assert _section(work)["open_overdue"] == 2


def test_a_task_overdue_today_but_not_at_the_end_does_not_count(work: Work):
    _task(work, "Hạn 10/04", dt.date(2026, 3, 1), dt.date(2026, 4, 10))
    assert _section(work)["open_overdue"] == 0


def test_the_other_department_counts_only_its_own(work: Work, tasks: dict[str, Task]):
    b = build([work.cast.a.unit, work.cast.b.unit], START, END)[work.cast.b.unit.pk]
    assert b.as_dict() == {
        "assigned": 1,
        "done": 1,
        "done_on_time": 0,
        "done_late": 1,
        "on_time_rate": 0.0,
        "open_overdue": 0,
    }


def test_an_organisation_without_tasks_has_zeros_and_no_rate(work: Work):
    section = build([work.cast.b.unit], START, END)[work.cast.b.unit.pk]
    assert section["assigned"] == section["done"] == section["open_overdue"] == 0
    assert section["on_time_rate"] is None


def test_the_query_count_does_not_grow_with_the_organisations(work: Work, tasks: dict[str, Task]):
    with CaptureQueriesContext(connection) as one:
        build([work.cast.a.unit], START, END)
    with CaptureQueriesContext(connection) as three:
        build([work.cast.a.unit, work.cast.b.unit, work.cast.city], START, END)
    assert len(one) == len(three) == 1


def _shown(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([\w.]+)">([^<]*)<', html))


def test_the_statistics_page_shows_the_same_figures(
    work: Work, tasks: dict[str, Task], client, django_assert_num_queries
):
    client.force_login(work.cast.a.head)
    url = reverse("tasks:stats", kwargs={"unit": work.cast.a.unit.pk})
    with _at(NOW.date()), django_assert_num_queries(10):
        response = client.get(url, {"year": "2026", "start": "2026-01-01", "end": "2026-03-31"})
    assert response.status_code == 200
    section = _section(work)
    assert _shown(response.content.decode()) == {f"tasks.{f.key}": f.shown for f in section.figures}
    assert _shown(response.content.decode())["tasks.on_time_rate"] == "66,7%"
    # The completion tables are still there.
    assert 'id="by-unit"' in response.content.decode()


def test_the_statistics_page_shows_the_chosen_year_by_default(
    work: Work, tasks: dict[str, Task], client
):
    client.force_login(work.cast.a.head)
    url = reverse("tasks:stats", kwargs={"unit": work.cast.a.unit.pk})
    with _at(NOW.date()):
        response = client.get(url, {"year": "2025"})
    expected = build([work.cast.a.unit], dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    shown = _shown(response.content.decode())
    assert shown["tasks.assigned"] == "2"  # T1 and T10
    assert shown == {f"tasks.{f.key}": f.shown for f in expected[work.cast.a.unit.pk].figures}


def test_a_period_ending_before_it_starts_is_refused(work: Work, client):
    client.force_login(work.cast.a.head)
    url = reverse("tasks:stats", kwargs={"unit": work.cast.a.unit.pk})
    response = client.get(url, {"start": "2026-03-31", "end": "2026-01-01"})
    assert response.status_code == 400
    assert "data-figure" not in response.content.decode()
