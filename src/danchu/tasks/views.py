"""Pages of plans and tasks: my tasks by urgency, a unit's tasks, a task with its progress,
extensions, completion and assessment, plans with their timeline, and completion figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core import pages, uploads
from danchu.core import selectors as core_selectors
from danchu.core.errors import NotFound
from danchu.core.forms import PeriodForm, submit
from danchu.core.models import Agency, User
from danchu.tasks import figures, selectors, services
from danchu.tasks.forms import (
    AcceptForm,
    DecideForm,
    ExtensionForm,
    PlanForm,
    PublishForm,
    ReasonForm,
    ReportForm,
    SubmitForm,
    TaskForm,
)
from danchu.tasks.models import OPEN_STATES, Plan, PlanKind, TaskFile, TaskState

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROLES = ("lead", "support", "assigner")


_actor = pages.actor


def _unit(request: HttpRequest, pk: int, perm: str = "tasks.view") -> Agency:
    return pages.organisation(request, pk, perm)


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _parties(request: HttpRequest, org: Agency) -> tuple[list[User], list[Agency]]:
    people = list(core_selectors.person_list(actor=_actor(request), agency=org))
    units = list(Agency.objects.filter(path__startswith=org.path, is_active=True).order_by("path"))
    return people, units


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return redirect("tasks:mine")


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    role = request.GET.get("as", "")
    if role not in ROLES:
        # The first tab with something in it: a head who leads nothing lands on what they gave.
        role = next(
            (r for r in ROLES if selectors.my_tasks(actor=actor, as_role=r).exists()), "lead"
        )
    rows = selectors.my_tasks(actor=actor, as_role=role)
    organisations = [
        o for o in core_selectors.organisation_list(actor=actor) if actor.has_perm("tasks.view", o)
    ]
    context = {
        "page": _page(request, rows),
        "role": role,
        "today": timezone.localdate(),
        "organisations": organisations,
    }
    return render(request, "tasks/mine.html", context)


@login_required
@require_GET
def unit_tasks(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    state = request.GET.get("state", "")
    state = state if state in TaskState.values else ""
    plan = None
    if request.GET.get("plan", "").isdigit():
        plan = selectors.plan_get(actor=actor, pk=int(request.GET["plan"]))
    rows = selectors.task_list(
        actor=actor,
        agency=org,
        state=state,
        overdue=request.GET.get("overdue") == "1",
        plan=plan,
        query=request.GET.get("q", "").strip(),
    )
    context = {
        "unit": org,
        "page": _page(request, rows),
        "state": state,
        "states": TaskState.choices,
        "overdue": request.GET.get("overdue") == "1",
        "plan": plan,
        "q": request.GET.get("q", "").strip(),
        "today": timezone.localdate(),
        "can_assign": actor.has_perm("tasks.assign", org),
    }
    return render(request, "tasks/unit_tasks.html", context)


@login_required
@require_GET
def tasks_xlsx(request: HttpRequest, unit: int) -> HttpResponse:
    from danchu.tasks.excel import task_export

    actor = _actor(request)
    org = _unit(request, unit)
    year = _year(request)
    rows = selectors.year_tasks(actor=actor, agency=org, year=year).select_related(
        "lead_person", "lead_unit", "assigner", "unit", "plan"
    )
    response = HttpResponse(
        task_export(org, year, list(rows.order_by("due_on", "pk"))), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="nhiem-vu-{org.code}-{year}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit, "tasks.assign")
    form = TaskForm(request.POST if request.method == "POST" else None)
    form.set_parties(*_parties(request, org))
    form.fields["plan"].queryset = Plan.objects.filter(agency=org)  # type: ignore[attr-defined]
    if request.GET.get("plan", "").isdigit():
        form.initial["plan"] = int(request.GET["plan"])
    if request.method == "POST":
        task = submit(
            request,
            form,
            lambda d: services.task_create(
                actor=actor,
                agency=org,
                title=d["title"],
                description=d["description"],
                deliverable=d["deliverable"],
                authority=d["authority"],
                leads=d["leads"],
                supports=d["support_parties"],
                start_on=d["start_on"],
                due_on=d["due_on"],
                working_days=d["working_days"],
                plan=d["plan"],
                source_kind=d["source_kind"],
                source_label=d["source_label"],
                steps=d["step_titles"],
            ),
            lambda t: _("Task %(code)s was assigned.") % {"code": t.code},
        )
        if task is not None:
            return redirect("tasks:task", pk=task.pk)
    context = {"unit": org, "form": form, "title": _("Assign a task")}
    return render(
        request, "tasks/form.html", context, status=400 if request.method == "POST" else 200
    )


def _task_page(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    actor = _actor(request)
    task = selectors.task_get(actor=actor, pk=pk)
    detail = selectors.task_detail(task=task)
    report = forms.get("report") or ReportForm()
    steps: Any = report.fields["steps"]
    steps.choices = [(s.pk, s.title) for s in detail["steps"] if s.done_on is None]
    context = {
        "task": task,
        "unit": task.agency,
        **detail,
        "today": timezone.localdate(),
        "can_report": task.state == TaskState.ASSIGNED and actor.has_perm("tasks.report", task),
        "can_lead": task.is_open and actor.has_perm("tasks.lead", task),
        "can_decide": actor.has_perm("tasks.decide", task),
        "report_form": report,
        "extension_form": forms.get("extension") or ExtensionForm(),
        "submit_form": forms.get("submit") or SubmitForm(),
        "accept_form": forms.get("accept") or AcceptForm(),
        "return_form": forms.get("return_") or ReasonForm(prefix="return"),
        "cancel_form": forms.get("cancel") or ReasonForm(prefix="cancel"),
        "decide_form": forms.get("decide") or DecideForm(),
        "pending": next((e for e in detail["extensions"] if e.state == "pending"), None),
        "source_url": _source_url(task.source_kind, task.source_id),
    }
    return render(request, "tasks/task_detail.html", context, status=400 if forms else 200)


def _source_url(kind: str, pk: int | None) -> str:
    from danchu.tasks.sources import source_url

    return source_url(kind, pk)


@login_required
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_page(request, pk)


def _act(request: HttpRequest, pk: int, form: Any, key: str, call: Any, done: str) -> HttpResponse:
    actor = _actor(request)
    task = selectors.task_get(actor=actor, pk=pk)
    if submit(request, form, lambda d: call(actor, task, d), done) is not None:
        return redirect("tasks:task", pk=pk)
    return _task_page(request, pk, **{key: form})


@login_required
@require_POST
def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(actor=_actor(request), pk=pk)
    form = ReportForm(request.POST, request.FILES)
    form.fields["steps"].choices = [  # type: ignore[attr-defined]
        (s.pk, s.title) for s in task.steps.filter(done_on__isnull=True)
    ]
    return _act(
        request,
        pk,
        form,
        "report",
        lambda a, t, d: services.task_report(
            actor=a,
            task=t,
            note=d["note"],
            progress=d["progress"],
            step_ids=d["steps"],
            files=[uploads.FileIn(f.name, f.read()) for f in d["evidence"]],
        ),
        _("Progress recorded."),
    )


@login_required
@require_GET
def task_file(request: HttpRequest, pk: int) -> FileResponse:
    stored = TaskFile.objects.select_related("update").filter(pk=pk).first()
    if stored is None:
        raise NotFound()
    selectors.task_get(actor=_actor(request), pk=stored.update.task_id)
    return uploads.download(stored.file, stored.name)


@login_required
@require_POST
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ExtensionForm(request.POST),
        "extension",
        lambda a, t, d: services.extension_request(actor=a, task=t, **d),
        _("Your request for more time was sent to the assigner."),
    )


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    extension = selectors.extension_get(actor=actor, pk=pk)
    form = DecideForm(request.POST)
    done = submit(
        request,
        form,
        lambda d: services.extension_decide(actor=actor, extension=extension, **d),
        _("The request was decided."),
    )
    if done is not None:
        return redirect("tasks:task", pk=extension.task_id)
    return _task_page(request, extension.task_id, decide=form)


@login_required
@require_POST
def task_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        SubmitForm(request.POST),
        "submit",
        lambda a, t, d: services.task_submit(actor=a, task=t, **d),
        _("The completion was submitted to the assigner."),
    )


@login_required
@require_POST
def task_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        AcceptForm(request.POST),
        "accept",
        lambda a, t, d: services.task_accept(actor=a, task=t, **d),
        _("The task is done."),
    )


@login_required
@require_POST
def task_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ReasonForm(request.POST, prefix="return"),
        "return_",
        lambda a, t, d: services.task_return(actor=a, task=t, reason=d["reason"]),
        _("The task was returned to its lead."),
    )


@login_required
@require_POST
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ReasonForm(request.POST, prefix="cancel"),
        "cancel",
        lambda a, t, d: services.task_cancel(actor=a, task=t, reason=d["reason"]),
        _("The task was cancelled."),
    )


# --- plans ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    can_manage = actor.has_perm("tasks.manage_plans", org)
    form = PlanForm(request.POST if request.method == "POST" else None)
    form.fields["parent"].queryset = Plan.objects.filter(  # type: ignore[attr-defined]
        agency=org, kind=PlanKind.ANNUAL
    )
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        plan = submit(
            request,
            form,
            lambda d: services.plan_create(
                actor=actor, agency=org, **{**d, "period": d["period"] or 0}
            ),
            _("The plan was created."),
        )
        if plan is not None:
            return redirect("tasks:plan", pk=plan.pk)
        status = 400
    rows = selectors.plan_list(actor=actor, agency=org)
    context = {"unit": org, "page": _page(request, rows), "form": form, "can_manage": can_manage}
    return render(request, "tasks/plan_list.html", context, status=status)


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_page(request, pk)


def _plan_page(request: HttpRequest, pk: int, publish_form: Any = None) -> HttpResponse:
    actor = _actor(request)
    plan = selectors.plan_get(actor=actor, pk=pk)
    tasks = selectors.task_list(actor=actor, agency=plan.agency, plan=plan)
    page = _page(request, tasks)
    rows = list(page)
    timeline = _timeline(plan, rows)
    context = {
        "plan": plan,
        "unit": plan.agency,
        "page": page,
        "timeline": timeline,
        "children": list(plan.children.all()),
        "completion": selectors.completion_total(tasks=tasks.order_by()),
        "can_manage": actor.has_perm("tasks.manage_plans", plan.agency),
        "can_assign": actor.has_perm("tasks.assign", plan.agency),
        "publish_form": publish_form or PublishForm(),
        "today": timezone.localdate(),
    }
    return render(request, "tasks/plan_detail.html", context, status=400 if publish_form else 200)


def _timeline(plan: Plan, tasks: list[Any]) -> dict[str, Any]:
    """A Gantt-like band per task over the plan's year (or over the tasks' own span)."""
    if not tasks:
        return {"rows": [], "months": []}
    first = min(min(t.start_on for t in tasks), dt.date(plan.year, 1, 1))
    last = max(max(t.due_on for t in tasks), dt.date(plan.year, 12, 31))
    span = (last - first).days + 1
    today = timezone.localdate()

    def pct(day: dt.date) -> float:
        return round(100 * (day - first).days / span, 2)

    rows = []
    for t in tasks:
        left = pct(t.start_on)
        width = max(round(100 * ((t.due_on - t.start_on).days + 1) / span, 2), 0.8)
        late = t.state in OPEN_STATES and t.due_on < today
        rows.append({"task": t, "left": left, "width": width, "late": late})
    months = []
    cursor = dt.date(first.year, first.month, 1)
    while cursor <= last:
        if cursor >= first:
            months.append(
                {"label": f"{cursor.month:02d}/{cursor.year % 100:02d}", "left": pct(cursor)}
            )
        cursor = dt.date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    marker = pct(today) if first <= today <= last else None
    return {"rows": rows, "months": months, "today": marker}


@login_required
@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    plan = selectors.plan_get(actor=actor, pk=pk)
    form = PublishForm(request.POST)
    done = submit(
        request,
        form,
        lambda d: services.plan_publish(actor=actor, plan=plan, **d),
        _("The plan was published to staff."),
    )
    if done is not None:
        return redirect("tasks:plan", pk=pk)
    return _plan_page(request, pk, publish_form=form)


# --- figures ----------------------------------------------------------------------------------


@login_required
@require_GET
def stats(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit, "tasks.view_all")
    year = _year(request)
    tasks = selectors.year_tasks(actor=actor, agency=org, year=year)
    # The unit's task figures for a period, as its reports give them: the chosen year (to
    # today for this year) unless a period is asked for.
    default = PeriodForm.this_year()
    if year != default["start"].year:
        default = {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}
    form = PeriodForm(request.GET if "start" in request.GET else None, initial=default)
    bad = form.is_bound and not form.is_valid()
    period = form.cleaned_data if form.is_bound and not bad else default
    context = {
        "unit": org,
        "year": year,
        "total": selectors.completion_total(tasks=tasks),
        "by_unit": selectors.completion_by_unit(tasks=tasks),
        "by_person": selectors.completion_by_person(tasks=tasks),
        "overdue": selectors.task_list(actor=actor, agency=org, overdue=True)[:50],
        "form": form,
        "start": period["start"],
        "end": period["end"],
        "section": None if bad else figures.build([org], period["start"], period["end"])[org.pk],
    }
    return render(request, "tasks/stats.html", context, status=400 if bad else 200)


@login_required
@require_GET
def stats_xlsx(request: HttpRequest, unit: int) -> HttpResponse:
    from danchu.tasks.excel import completion_export

    actor = _actor(request)
    org = _unit(request, unit, "tasks.view_all")
    year = _year(request)
    tasks = selectors.year_tasks(actor=actor, agency=org, year=year)
    data = completion_export(
        org,
        year,
        selectors.completion_total(tasks=tasks),
        selectors.completion_by_unit(tasks=tasks),
        selectors.completion_by_person(tasks=tasks),
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="hoan-thanh-{org.code}-{year}.xlsx"'
    return response
