"""Daily reminders of tasks: the lead on the working day before the deadline; the lead and the
assigner on the first working day after it, if the task is still open. The lead of a unit is
its division head (or its head). Run once a day (``danchu tasks_remind``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.calendar import WorkingCalendar
from danchu.core.models import Membership, Role, User
from danchu.core.reminders import mail
from danchu.core.selectors import agency_calendar
from danchu.core.text import vn_date
from danchu.tasks.models import Task, TaskState


def _leads(task: Task, on: dt.date) -> list[User]:
    if task.lead_person is not None:
        return [task.lead_person]
    rows = Membership.objects.active(on).filter(
        agency=task.lead_unit, role__in=[Role.DIVISION_HEAD, Role.HEAD]
    )
    return [m.person for m in rows.select_related("person")]


def tasks_remind(*, on: dt.date | None = None) -> dict[str, int]:
    day = on or timezone.localdate()
    soon = overdue = 0
    calendars: dict[int, WorkingCalendar] = {}
    # Tasks due within ten days either side: more than the longest run of days off (Tết).
    rows = Task.objects.filter(
        state=TaskState.ASSIGNED,
        due_on__range=(day - dt.timedelta(days=10), day + dt.timedelta(days=10)),
    )
    for task in rows.select_related("agency", "lead_person", "lead_unit", "assigner"):
        cal = calendars.setdefault(task.agency_id, agency_calendar(task.agency))
        if not cal.is_working_day(day):
            continue
        values = {"code": task.code, "title": task.title, "d": vn_date(task.due_on)}
        if day < task.due_on and cal.working_days_between(day, task.due_on) == 1:
            subject = _("Task %(code)s is due %(d)s: %(title)s") % values
            soon += mail(people=_leads(task, day), subject=subject, body=subject)
        elif day > task.due_on and cal.working_days_between(task.due_on, day) == 1:
            subject = _("Task %(code)s is overdue since %(d)s: %(title)s") % values
            overdue += mail(
                people=[*_leads(task, day), task.assigner], subject=subject, body=subject
            )
    return {"soon": soon, "overdue": overdue}
