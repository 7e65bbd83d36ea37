"""Pages of the city's inspections of QCDC: the committee's checklist and plans, an
inspection with its delegation, checklist findings, conclusion and requirements, and the
unit's self-report. Selectors scope what is read (not found outside it); services decide who
may act (forbidden otherwise)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core import pages
from danchu.core import selectors as core_selectors
from danchu.core.errors import DomainError, NotFound
from danchu.core.forms import apply_domain_error, submit
from danchu.core.models import Agency, AgencyKind
from danchu.inspections import selectors, services
from danchu.inspections.forms import (
    MAX_ROWS,
    REQUIREMENT_ROWS,
    CancelForm,
    ConcludeForm,
    CriterionForm,
    FindingForm,
    InspectionForm,
    PlanForm,
    ProseForm,
)
from danchu.inspections.models import (
    SETTLED_TASK_STATES,
    Criterion,
    Inspection,
    Kind,
    PlanState,
    ReportState,
    SelfReport,
    State,
)
from danchu.inspections.selectors import CriterionRow

PAGE_SIZE = 50
# What a committee may inspect in its city: the organisations and their subordinate units.
INSPECTED_KINDS = (AgencyKind.DEPARTMENT, AgencyKind.COMMUNE, AgencyKind.SUBUNIT)

_actor = pages.actor
_status = pages.form_status


_flash = pages.flash


def _committee(request: HttpRequest, pk: int) -> Agency:
    """A committee the person plans for; not found for anyone else."""
    actor = _actor(request)
    committee = core_selectors.agency_get(actor=actor, pk=pk)
    if committee.kind != AgencyKind.COMMITTEE or not actor.has_perm("inspections.plan", committee):
        raise NotFound()
    return committee


# --- home -------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    committees = selectors.committees_of(actor)
    plans: list[Any] = []
    follow: list[selectors.Progress] = []
    if committees:
        plans = list(selectors.plan_list(actor=actor))
        follow = selectors.follow_up(actor=actor)
    rows = selectors.inspection_list(actor=actor)
    context = {
        "committees": committees,
        "plans": plans,
        "follow_up": follow,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "inspections/home.html", context)


# --- the checklist ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def criteria(request: HttpRequest, committee: int) -> HttpResponse:
    actor = _actor(request)
    org = _committee(request, committee)
    form = CriterionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        created = submit(
            request,
            form,
            lambda d: services.criterion_create(actor=actor, committee=org, **d),
            _("The criterion was added to the checklist."),
        )
        if created is not None:
            return redirect("inspections:criteria", committee=org.pk)
    context = {
        "committee": org,
        "criteria": list(selectors.criterion_list(actor=actor, committee=org)),
        "form": form,
    }
    return render(request, "inspections/criteria.html", context, status=_status(request))


@login_required
@require_POST
def criterion_retire(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    criterion: Criterion = selectors.criterion_get(actor=actor, pk=pk)
    _flash(
        request,
        lambda: services.criterion_retire(actor=actor, criterion=criterion),
        _("The criterion is out of use for inspections planned from now on."),
    )
    return redirect("inspections:criteria", committee=criterion.agency_id)


# --- plans ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, committee: int) -> HttpResponse:
    actor = _actor(request)
    org = _committee(request, committee)
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        initial={"year": services.today().year},
    )
    if request.method == "POST":
        plan = submit(
            request,
            form,
            lambda d: services.plan_create(actor=actor, committee=org, **d),
            _("The plan was made; add its inspections, then approve it."),
        )
        if plan is not None:
            return redirect("inspections:plan", pk=plan.pk)
    context = {"committee": org, "form": form, "title": _("New inspection plan")}
    return render(request, "inspections/form.html", context, status=_status(request))


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    plan = selectors.plan_get(actor=actor, pk=pk)
    context = {
        "plan": plan,
        "committee": plan.agency,
        "inspections": list(selectors.plan_inspections(plan=plan, actor=actor)),
        "can_plan": actor.has_perm("inspections.plan", plan),
        "is_draft": plan.state == PlanState.DRAFT,
    }
    return render(request, "inspections/plan.html", context)


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    plan = selectors.plan_get(actor=actor, pk=pk)
    _flash(
        request,
        lambda: services.plan_approve(actor=actor, plan=plan),
        _("The plan is approved."),
    )
    return redirect("inspections:plan", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    plan = selectors.plan_get(actor=actor, pk=pk)
    committee = plan.agency
    city = committee.path.split(".")[0] + "."
    units = (
        core_selectors.agency_list(actor=actor)
        .filter(path__startswith=city, kind__in=INSPECTED_KINDS, is_active=True)
        .order_by("path")
    )
    form = InspectionForm(
        request.POST if request.method == "POST" else None,
        units=units,
        people=pages.people_of(request, committee),
        criteria=selectors.criterion_list(actor=actor, committee=committee, active_only=True),
        year=plan.year,
    )
    if request.method == "POST":
        inspection = submit(
            request,
            form,
            lambda d: services.inspection_create(
                actor=actor,
                plan=plan,
                unit=d["unit"],
                kind=d["kind"],
                scheduled_on=d["scheduled_on"],
                period_start=d["period_start"],
                period_end=d["period_end"],
                leader=d["leader"],
                members=list(d["members"]),
                criteria=list(d["criteria"]),
                scope_note=d["scope_note"],
            ),
            _("The inspection was planned; the unit sees nothing of it yet."),
        )
        if inspection is not None:
            return redirect("inspections:inspection", pk=inspection.pk)
    context = {
        "committee": committee,
        "plan": plan,
        "form": form,
        "title": _("Plan an inspection"),
    }
    return render(request, "inspections/form.html", context, status=_status(request))


# --- an inspection ----------------------------------------------------------------------------


def _roles(actor: Any, inspection: Inspection) -> tuple[bool, bool]:
    """Whether the person is in the delegation, and leads it (from the prefetched members)."""
    members = list(inspection.members.all())
    return (
        any(m.person_id == actor.pk for m in members),
        any(m.person_id == actor.pk and m.is_leader for m in members),
    )


def _finding_form(row: CriterionRow, data: Any = None) -> FindingForm:
    initial = {}
    if row.finding is not None:
        f = row.finding
        initial = {"rating": f.rating, "points": f.points, "note": f.note}
    return FindingForm(data, criterion=row.criterion, initial=initial)


def _inspection_page(
    request: HttpRequest, pk: int, status: int = 200, **forms: Any
) -> HttpResponse:
    actor = _actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=pk)
    in_delegation, leads = _roles(actor, inspection)
    can_plan = actor.has_perm("inspections.plan", inspection)
    state, periodic = inspection.state, inspection.kind == Kind.PERIODIC
    finding_open = in_delegation and state == State.IN_PROGRESS
    rows = selectors.checklist(inspection=inspection)
    errored: tuple[int, FindingForm] | None = forms.get("finding")
    for row in rows:
        if finding_open:
            if errored is not None and errored[0] == row.criterion.pk:
                row.form = errored[1]  # type: ignore[attr-defined]
            else:
                row.form = _finding_form(row)  # type: ignore[attr-defined]
    try:
        report: SelfReport | None = inspection.self_report
    except ObjectDoesNotExist:
        report = None
    requirements = list(selectors.requirements(inspection=inspection))
    context = {
        "inspection": inspection,
        "committee": inspection.committee,
        "rows": rows,
        "score": selectors.score(rows),
        "requirements": requirements,
        "report": report,
        "can_plan": can_plan,
        "finding_open": finding_open,
        "can_announce": can_plan and periodic and state == State.PLANNED,
        "can_start": leads
        and ((periodic and state == State.ANNOUNCED) or (not periodic and state == State.PLANNED)),
        "can_cancel": can_plan and state in (State.PLANNED, State.ANNOUNCED),
        "can_close": can_plan
        and state == State.CONCLUDED
        and not any(r.task.state not in SETTLED_TASK_STATES for r in requirements),
        "can_withdraw": can_plan and state == State.CONCLUDED,
        "can_conclude": leads and state == State.IN_PROGRESS,
        "cancel_form": forms.get("cancel") or CancelForm(),
        "withdraw_form": forms.get("withdraw"),
    }
    return render(request, "inspections/inspection.html", context, status=status)


@login_required
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, pk)


@login_required
@require_POST
def finding_record(request: HttpRequest, pk: int, criterion: int) -> HttpResponse:
    """Record a finding on one criterion: the row again for htmx, else back to the page."""
    actor = _actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=pk)
    chosen = inspection.criteria.filter(pk=criterion).first()
    if chosen is None:
        raise NotFound()
    form = FindingForm(request.POST, criterion=chosen)
    finding = None
    if form.is_valid():
        d = form.cleaned_data
        try:
            finding = services.finding_record(
                actor=actor,
                inspection=inspection,
                criterion=chosen,
                rating=d["rating"],
                note=d["note"],
                points=d.get("points"),
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            apply_domain_error(form, exc)
    htmx = bool(getattr(request, "htmx", False))
    if finding is None and not htmx:
        return _inspection_page(request, pk, status=400, finding=(chosen.pk, form))
    if not htmx:
        messages.success(request, _("The finding was recorded."))
        return redirect(reverse("inspections:inspection", kwargs={"pk": pk}) + f"#c{chosen.pk}")
    rows = selectors.checklist(inspection=inspection)
    row = next(r for r in rows if r.criterion.pk == chosen.pk)
    row.form = form if finding is None else _finding_form(row)  # type: ignore[attr-defined]
    context = {
        "inspection": inspection,
        "row": row,
        "finding_open": True,
        "saved": finding is not None,
        "score": selectors.score(rows),
        "oob": True,
    }
    return render(
        request,
        "inspections/_finding_row.html",
        context,
        status=200 if finding is not None else 400,
    )


@login_required
@require_POST
def inspection_announce(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=pk)
    _flash(
        request,
        lambda: services.inspection_announce(actor=actor, inspection=inspection),
        _("The inspection was announced: the unit sees it and drafts its self-report."),
    )
    return redirect("inspections:inspection", pk=pk)


@login_required
@require_POST
def inspection_start(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=pk)
    _flash(
        request,
        lambda: services.inspection_start(actor=actor, inspection=inspection),
        _("The inspection has started."),
    )
    return redirect("inspections:inspection", pk=pk)


@login_required
@require_POST
def inspection_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=pk)
    form = CancelForm(request.POST)
    done = submit(
        request,
        form,
        lambda d: services.inspection_cancel(actor=actor, inspection=inspection, **d),
        _("The inspection was cancelled."),
    )
    if done is not None:
        return redirect("inspections:inspection", pk=pk)
    return _inspection_page(request, pk, status=400, cancel=form)


@login_required
@require_POST
def inspection_close(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=pk)
    _flash(
        request,
        lambda: services.inspection_close(actor=actor, inspection=inspection),
        _("The inspection is closed."),
    )
    return redirect("inspections:inspection", pk=pk)


@login_required
@require_POST
def requirement_withdraw(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The committee withdraws a requirement it no longer holds the unit to, with a reason."""
    actor = _actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=pk)
    requirement = get_object_or_404(inspection.requirements, number=number)
    form = CancelForm(request.POST)
    done = submit(
        request,
        form,
        lambda d: services.requirement_withdraw(
            actor=actor, requirement=requirement, reason=d["reason"]
        ),
        _("The requirement was withdrawn."),
    )
    if done is not None:
        return redirect("inspections:inspection", pk=pk)
    return _inspection_page(request, pk, status=400, withdraw=form)


def _row_count(request: HttpRequest) -> int:
    raw = (request.POST if request.method == "POST" else request.GET).get("rows", "")
    return min(int(raw), MAX_ROWS) if raw.isdigit() and int(raw) > 0 else REQUIREMENT_ROWS


@login_required
@require_http_methods(["GET", "POST"])
def inspection_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader's conclusion with its requirements, each a task with one lead working in
    the unit's organisation; nothing is written if anything is refused."""
    actor = _actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=pk)
    if not actor.has_perm("inspections.lead", inspection):
        raise PermissionDenied
    org = inspection.agency.organisation or inspection.agency
    people = pages.people_of(request, org)
    rows = _row_count(request)
    status = _status(request)
    if request.method == "POST" and "add_row" in request.POST:
        # More rows for the requirements: the page again with what was typed so far.
        form = ConcludeForm(initial=request.POST.dict(), people=people, rows=rows + 1)
        status = 200
    else:
        form = ConcludeForm(
            request.POST if request.method == "POST" else None, people=people, rows=rows
        )
    if request.method == "POST" and "add_row" not in request.POST and form.is_valid():
        d = form.cleaned_data
        try:
            services.inspection_conclude(
                actor=actor,
                inspection=inspection,
                conclusion=d["conclusion"],
                conclusion_number=d["conclusion_number"],
                requirements=form.requirements(),
                without_requirements=d["without_requirements"],
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            apply_domain_error(form, form.row_error(exc))
        else:
            messages.success(
                request, _("The inspection is concluded; its requirements are tasks of the unit.")
            )
            return redirect("inspections:inspection", pk=pk)
    context = {
        "inspection": inspection,
        "committee": inspection.committee,
        "form": form,
        "requirement_rows": form.requirement_rows(),
    }
    return render(request, "inspections/conclude.html", context, status=status)


# --- the self-report --------------------------------------------------------------------------


def _prose_form(report: SelfReport, data: Any = None) -> ProseForm:
    titles = {
        "overview": _("Overview"),
        "proposals": _("Proposals"),
        **{s["key"]: s["title"] for s in report.figures},
    }
    return ProseForm(data, keys=services.prose_keys(report), titles=titles, initial=report.prose)


def _qcdc_link(inspection: Inspection) -> str:
    org = inspection.agency.organisation_id or inspection.agency_id
    try:
        url = reverse("reports:qcdc", kwargs={"unit": org})
    except NoReverseMatch:
        return ""
    query = {"start": inspection.period_start.isoformat(), "end": inspection.period_end.isoformat()}
    return f"{url}?{urlencode(query)}"


def _report_page(
    request: HttpRequest, pk: int, status: int = 200, form: ProseForm | None = None
) -> HttpResponse:
    actor = _actor(request)
    report = selectors.self_report_get(actor=actor, inspection_pk=pk)
    inspection = report.inspection
    draft = report.state == ReportState.DRAFT
    can_write = draft and actor.has_perm("inspections.report", inspection)
    form = form or _prose_form(report)
    sections = [
        {"section": s, "field": form[s["key"]], "text": report.prose.get(s["key"], "")}
        for s in report.figures
    ]
    context = {
        "report": report,
        "inspection": inspection,
        "committee": inspection.committee,
        "can_write": can_write,
        "form": form,
        "overview": form["overview"],
        "proposals": form["proposals"],
        "sections": sections,
        "qcdc_url": _qcdc_link(inspection),
    }
    return render(request, "inspections/report.html", context, status=status)


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, pk)


@login_required
@require_POST
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    report = selectors.self_report_get(actor=actor, inspection_pk=pk)
    form = _prose_form(report, request.POST)
    done = submit(
        request,
        form,
        lambda d: services.self_report_edit(
            actor=actor,
            report=report,
            prose={k: v for k, v in d.items() if k in request.POST},
        ),
        _("The report was saved."),
    )
    if done is not None:
        return redirect("inspections:report", pk=pk)
    return _report_page(request, pk, status=400, form=form)


@login_required
@require_POST
def report_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    report = selectors.self_report_get(actor=actor, inspection_pk=pk)
    _flash(
        request,
        lambda: services.self_report_refresh(actor=actor, report=report),
        _("The figures were computed again from the records."),
    )
    return redirect("inspections:report", pk=pk)


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit the report; a refusal on a part of it (no overview yet) shows on that part."""
    actor = _actor(request)
    report = selectors.self_report_get(actor=actor, inspection_pk=pk)
    try:
        services.self_report_submit(actor=actor, report=report)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        if not exc.fields:
            messages.error(request, exc.message)
            return redirect("inspections:report", pk=pk)
        form = _prose_form(
            report, {k: report.prose.get(k, "") for k in services.prose_keys(report)}
        )
        form.is_valid()
        apply_domain_error(form, exc)
        return _report_page(request, pk, status=400, form=form)
    messages.success(request, _("The report was submitted to the delegation."))
    return redirect("inspections:report", pk=pk)
