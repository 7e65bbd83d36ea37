"""Tasks: a year's completion figures by unit and the first page of a unit's tasks, each
against hand-written SQL on the same data in the same run (the floor).

Run: ``DANCHU_VAR_DIR=/tmp/bench uv run python -m bench.tasks`` (loads the demo, then adds
20,000 tasks to Sở TT&TT once; set DATABASE_URL to measure PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from danchu.core.models import Agency, Role, User  # noqa: E402
from danchu.tasks import selectors  # noqa: E402
from danchu.tasks.models import Task  # noqa: E402

EXTRA = 20_000
YEAR = 2025
STATES = ["assigned", "submitted", "done", "done", "done", "cancelled"]

RAW_BY_UNIT = """
SELECT unit_id, COUNT(*),
  SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END),
  SUM(CASE WHEN state = 'done' AND on_time THEN 1 ELSE 0 END),
  SUM(CASE WHEN state = 'done' AND NOT on_time THEN 1 ELSE 0 END),
  SUM(CASE WHEN state IN ('assigned', 'submitted') THEN 1 ELSE 0 END),
  SUM(CASE WHEN state IN ('assigned', 'submitted') AND due_on < %(today)s THEN 1 ELSE 0 END)
FROM tasks_task
WHERE agency_id = %(a)s AND due_on BETWEEN %(s)s AND %(e)s AND state <> 'cancelled'
GROUP BY unit_id ORDER BY unit_id
"""
# What a list row shows: the task and its lead (a person or a unit).
RAW_PAGE = """
SELECT t.id, t.year, t.number, t.title, t.due_on, t.state, t.progress, p.full_name, u.name
FROM tasks_task t
LEFT JOIN core_user p ON p.id = t.lead_person_id
LEFT JOIN core_agency u ON u.id = t.lead_unit_id
WHERE t.agency_id = %(a)s AND t.state IN ('assigned', 'submitted') AND t.due_on < %(today)s
ORDER BY t.due_on, t.id LIMIT 25
"""


def timed(fn: Callable[[], object], repeat: int = 15) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _fill(agency: Agency, head: User) -> None:
    if Task.objects.filter(agency=agency, year=1999).exists():
        return
    rng = random.Random(7)
    units = list(Agency.objects.filter(path__startswith=agency.path, kind="division"))
    rows = []
    for n in range(EXTRA):
        unit = rng.choice(units)
        start = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(330))
        due = start + dt.timedelta(days=rng.randrange(5, 60))
        state = rng.choice(STATES)
        done = state == "done"
        submitted = due + dt.timedelta(days=rng.randrange(-10, 6)) if done else None
        rows.append(
            Task(
                agency=agency,
                year=1999,  # a year of its own, so that the numbers never meet the demo's
                number=n + 1,
                source_kind="plan",
                title=f"Nhiệm vụ thử {n}",
                deliverable="Báo cáo",
                authority="Kế hoạch",
                lead_unit=unit,
                unit=unit,
                assigner=head,
                assigned_on=start,
                start_on=start,
                due_on=due,
                original_due_on=due,
                state=state,
                submitted_on=submitted,
                done_on=submitted,
                on_time=(submitted <= due) if submitted else None,
            )
        )
    with transaction.atomic():
        Task.objects.bulk_create(rows, batch_size=2000)


def main() -> None:
    print("Preparing the demo data and 20,000 more tasks (idempotent)…")
    call_command("demo", "--no-serve", stdout=open(os.devnull, "w"))  # noqa: SIM115
    agency = Agency.objects.get(code="000.00.13.H26")
    head = User.objects.get(username="giamdoc.tttt", memberships__role=Role.HEAD)
    _fill(agency, head)
    today = dt.date.today()
    params = {"a": agency.pk, "s": dt.date(YEAR, 1, 1), "e": dt.date(YEAR, 12, 31), "today": today}

    def raw_by_unit() -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(RAW_BY_UNIT, params)
            return cursor.fetchall()

    def ours_by_unit() -> list[selectors.Completion]:
        tasks = selectors.year_tasks(actor=head, agency=agency, year=YEAR)
        return selectors.completion_by_unit(tasks=tasks, on=today)

    raw = {r[0]: tuple(int(x or 0) for x in r[1:]) for r in raw_by_unit()}
    ours = {c.key: (c.total, c.done, c.on_time, c.late, c.open, c.overdue) for c in ours_by_unit()}
    assert raw == ours, (raw, ours)

    def raw_page() -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(RAW_PAGE, params)
            return cursor.fetchall()

    def ours_page() -> list[Task]:
        # The scope checks, the query and the model rows the page renders.
        return list(selectors.task_list(actor=head, agency=agency, overdue=True)[:25])

    assert [r[0] for r in raw_page()] == [t.pk for t in ours_page()]
    f_floor, f_ours = timed(raw_by_unit), timed(ours_by_unit)
    p_floor, p_ours = timed(raw_page), timed(ours_page)
    rows = Task.objects.filter(agency=agency).count()
    print(f"{connection.vendor}, {rows} tasks of the unit")
    print(f"{'measure':<52}{'ms':>9}{'× raw SQL':>11}")
    print(f"{'raw SQL: completion by unit, one year':<52}{f_floor * 1e3:>9.2f}{1:>11.2f}")
    print(
        f"{'completion_by_unit: scoped, same figures':<52}{f_ours * 1e3:>9.2f}"
        f"{f_ours / f_floor:>11.2f}"
    )
    print(f"{'raw SQL: overdue tasks, first page of 25':<52}{p_floor * 1e3:>9.2f}{1:>11.2f}")
    print(
        f"{'task_list(overdue): scoped, with joins, 1st page':<52}{p_ours * 1e3:>9.2f}"
        f"{p_ours / p_floor:>11.2f}"
    )


if __name__ == "__main__":
    main()
