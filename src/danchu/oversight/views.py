"""Pages of the board's work: the overview (term, seats, overdue answers), programmes,
inspections with requests, votes and result, recommendations with the head's answer and the
tasks it gave, staff petitions, and the Word report."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core import pages
from danchu.core import selectors as core_selectors
from danchu.core.errors import DomainError
from danchu.core.forms import PeriodForm, apply_domain_error, submit
from danchu.core.models import Agency, Role, User
from danchu.core.scope import scope_for
from danchu.oversight import documents, figures, selectors, services
from danchu.oversight.forms import (
    AnswerForm,
    ConcludeForm,
    DecisionForm,
    InspectionForm,
    ItemForm,
    NoteForm,
    PetitionAnswerForm,
    PetitionForm,
    ProgrammeForm,
    RecogniseForm,
    RecommendationForm,
    ReportForm,
    RequestForm,
    ResultForm,
    SeatEndForm,
    SeatForm,
    SupplyForm,
    TermForm,
)
from danchu.oversight.models import (
    BoardSeat,
    Inspection,
    InspectionState,
    ProgrammeItem,
    RecommendationState,
    StaffPetition,
)
from danchu.oversight.rules import SMALL_UNIT, is_small, staff_count
from danchu.tasks import selectors as task_selectors
from danchu.tasks.models import SourceKind

PAGE_SIZE = 25
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


_actor = pages.actor


def _unit(request: HttpRequest, pk: int, perm: str = "oversight.view") -> Agency:
    return pages.organisation(request, pk, perm)


def _page(request: HttpRequest, rows: Any, param: str = "page") -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get(param))


def _people(request: HttpRequest, org: Agency) -> list[User]:
    return list(core_selectors.person_list(actor=_actor(request), agency=org))


def _units(org: Agency) -> list[Agency]:
    return list(Agency.objects.filter(path__startswith=org.path, is_active=True).order_by("path"))


_status = pages.form_status


def _posted(
    request: HttpRequest,
    form: Any,
    call: Callable[[dict[str, Any]], object],
    done: str,
    success: tuple[str, Any],
    failed: Callable[[], HttpResponse],
) -> HttpResponse:
    """Run a service on a posted form: on to ``success`` (a URL name and its pk) with ``done``
    as the page's message, or the page again (400) with the refusal on the form."""
    if submit(request, form, call, done) is not None:
        return redirect(success[0], pk=success[1])
    return failed()


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    org = core_selectors.first_organisation(actor=_actor(request), perm="oversight.view")
    if org is None:
        raise PermissionDenied
    return redirect("oversight:home", unit=org.pk)


@login_required
@require_GET
def home(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    term = services.current_term(org)
    terms = list(selectors.term_list(actor=actor, agency=org))
    waiting = selectors.recommendation_list(
        actor=actor, agency=org, state=RecommendationState.SENT
    ).filter(due_on__gte=timezone.localdate())
    context = {
        "unit": org,
        "term": term,
        "seats": selectors.seats(term=term) if term else [],
        "small": is_small(org),
        "staff": staff_count(org),
        "small_limit": SMALL_UNIT,
        "overdue": selectors.recommendation_list(actor=actor, agency=org, overdue=True)[:20],
        "waiting": waiting[:20],
        "inspections": selectors.inspection_list(actor=actor, agency=org)[:10],
        "programmes": selectors.programme_list(actor=actor, agency=org)[:8],
        "can_act": actor.has_perm("oversight.act", org),
        "can_manage": actor.has_perm("oversight.manage_terms", org),
        "can_report": actor.has_perm("oversight.report", org),
        "terms": [t for t in terms if term is None or t.pk != term.pk],
        "report_form": ReportForm(initial=ReportForm.defaults(), terms=terms),
        "organisations": [
            o
            for o in core_selectors.organisation_list(actor=actor)
            if actor.has_perm("oversight.view", o)
        ],
        "today": timezone.localdate(),
    }
    return render(request, "oversight/home.html", context)


# --- terms ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def term_create(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit, "oversight.manage_terms")
    form = TermForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        term = submit(
            request,
            form,
            lambda d: services.term_create(actor=actor, agency=org, **d),
            _("The board's term was recorded."),
        )
        if term is not None:
            return redirect("oversight:term", pk=term.pk)
    context = {"unit": org, "form": form, "title": _("Record the board's election")}
    return render(request, "oversight/form.html", context, status=_status(request))


def _seat_form(data: Any, term: Any, request: HttpRequest) -> SeatForm:
    form = SeatForm(data, initial={"start": max(term.starts_on, timezone.localdate())})
    form.fields["person"].queryset = core_selectors.person_list(  # type: ignore[attr-defined]
        actor=_actor(request), agency=term.agency
    )
    form.fields["replaces"].queryset = term.seats.filter(  # type: ignore[attr-defined]
        end__isnull=False, replaced_by__isnull=True
    ).select_related("person")
    return form


def _term_page(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    actor = _actor(request)
    term = selectors.term_get(actor=actor, pk=pk)
    seats = selectors.seats(term=term)
    context = {
        "term": term,
        "unit": term.agency,
        "seats": seats,
        "sitting": sum(1 for s in seats if s.end is None),
        "can_manage": actor.has_perm("oversight.manage_terms", term.agency),
        "seat_form": forms.get("seat") or _seat_form(None, term, request),
        "recognise_form": forms.get("recognise") or RecogniseForm(),
        "end_form": forms.get("end") or SeatEndForm(),
        "today": timezone.localdate(),
    }
    return render(request, "oversight/term.html", context, status=400 if forms else 200)


@login_required
@require_GET
def term_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _term_page(request, pk)


@login_required
@require_POST
def seat_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    term = selectors.term_get(actor=actor, pk=pk)
    form = _seat_form(request.POST, term, request)
    return _posted(
        request,
        form,
        lambda d: services.seat_add(actor=actor, term=term, **d),
        _("The member was seated."),
        ("oversight:term", pk),
        lambda: _term_page(request, pk, seat=form),
    )


@login_required
@require_POST
def term_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    term = selectors.term_get(actor=actor, pk=pk)
    form = RecogniseForm(request.POST)
    return _posted(
        request,
        form,
        lambda d: services.term_recognise(actor=actor, term=term, **d),
        _("The union's recognition was recorded."),
        ("oversight:term", pk),
        lambda: _term_page(request, pk, recognise=form),
    )


@login_required
@require_POST
def seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    seat: BoardSeat = selectors.seat_get(actor=actor, pk=pk)
    form = SeatEndForm(request.POST)
    return _posted(
        request,
        form,
        lambda d: services.seat_end(actor=actor, seat=seat, **d),
        _("The seat was ended."),
        ("oversight:term", seat.term_id),
        lambda: _term_page(request, seat.term_id, end=form),
    )


# --- programmes -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def programme_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    can_act = actor.has_perm("oversight.act", org)
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied
        programme = submit(
            request,
            form,
            lambda d: services.programme_create(
                actor=actor,
                agency=org,
                kind=d["kind"],
                year=d["year"],
                period=d["period"] or 0,
                title=d["title"],
                items=[form.item()],
            ),
            _("The programme was created; the union executive approves it."),
        )
        if programme is not None:
            return redirect("oversight:programme", pk=programme.pk)
    context = {
        "unit": org,
        "page": _page(request, selectors.programme_list(actor=actor, agency=org)),
        "form": form,
        "can_act": can_act,
    }
    return render(request, "oversight/programme_list.html", context, status=_status(request))


def _programme_page(request: HttpRequest, pk: int, item_form: Any = None) -> HttpResponse:
    actor = _actor(request)
    programme = selectors.programme_get(actor=actor, pk=pk)
    items = list(programme.items.prefetch_related("inspections"))
    context = {
        "programme": programme,
        "unit": programme.agency,
        "items": items,
        "done": sum(1 for i in items if any(x.concluded_on for x in i.inspections.all())),
        "budget": sum(i.budget for i in items),
        "can_act": actor.has_perm("oversight.act", programme.agency),
        "can_approve": actor.has_perm("oversight.approve", programme.agency),
        "item_form": item_form or ItemForm(),
    }
    return render(request, "oversight/programme.html", context, status=400 if item_form else 200)


@login_required
@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_page(request, pk)


@login_required
@require_POST
def programme_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    programme = selectors.programme_get(actor=actor, pk=pk)
    form = ItemForm(request.POST)
    return _posted(
        request,
        form,
        lambda d: services.programme_item_add(actor=actor, programme=programme, item=form.item()),
        _("The item was added."),
        ("oversight:programme", pk),
        lambda: _programme_page(request, pk, item_form=form),
    )


@login_required
@require_POST
def programme_approve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    programme = selectors.programme_get(actor=actor, pk=pk)
    try:
        services.programme_approve(actor=actor, programme=programme)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        context = {"unit": programme.agency, "title": _("Approve the programme"), "error": exc}
        return render(request, "oversight/refused.html", context, status=400)
    messages.success(request, _("The programme is approved."))
    return redirect("oversight:programme", pk=pk)


# --- inspections ------------------------------------------------------------------------------


def _inspection_form(data: Any, org: Agency) -> InspectionForm:
    form = InspectionForm(data)
    form.fields["programme_item"].queryset = ProgrammeItem.objects.filter(  # type: ignore[attr-defined]
        programme__agency=org, programme__approved_on__isnull=False
    ).select_related("programme")
    form.fields["petition"].queryset = StaffPetition.objects.filter(  # type: ignore[attr-defined]
        agency=org, decision="verify"
    )
    return form


@login_required
@require_http_methods(["GET", "POST"])
def inspection_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    can_act = actor.has_perm("oversight.act", org)
    form = _inspection_form(request.POST if request.method == "POST" else None, org)
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied
        inspection = submit(
            request,
            form,
            lambda d: services.inspection_create(actor=actor, agency=org, **d),
            _("The inspection was notified."),
        )
        if inspection is not None:
            return redirect("oversight:inspection", pk=inspection.pk)
    context = {
        "unit": org,
        "page": _page(request, selectors.inspection_list(actor=actor, agency=org)),
        "form": form,
        "can_act": can_act,
        "today": timezone.localdate(),
    }
    return render(request, "oversight/inspection_list.html", context, status=_status(request))


def _inspection_page(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    actor = _actor(request)
    inspection: Inspection = selectors.inspection_get(actor=actor, pk=pk)
    org = inspection.agency
    members = services.sitting_members(org, timezone.localdate())
    context = {
        "inspection": inspection,
        "unit": org,
        "requests": list(inspection.requests.select_related("supplied_by")),
        "votes": list(inspection.votes.select_related("member")),
        "recommendations": list(inspection.recommendations.all()),
        "can_act": actor.has_perm("oversight.act", org),
        "can_answer": actor.has_perm("oversight.answer", org),
        "reads_petitions": actor.has_perm("oversight.read_petitions", org),
        "request_form": forms.get("request_") or RequestForm(),
        "supply_form": forms.get("supply") or SupplyForm(),
        "conclude_form": forms.get("conclude") or ConcludeForm(members=members),
        "result_form": forms.get("result") or ResultForm(),
        "today": timezone.localdate(),
        "concluding": inspection.state == InspectionState.NOTIFIED,
        "started": inspection.starts_on <= timezone.localdate(),
    }
    return render(request, "oversight/inspection.html", context, status=400 if forms else 200)


@login_required
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, pk)


@login_required
@require_POST
def request_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=pk)
    form = RequestForm(request.POST)
    return _posted(
        request,
        form,
        lambda d: services.document_request(actor=actor, inspection=inspection, **d),
        _("The request was sent to the head."),
        ("oversight:inspection", pk),
        lambda: _inspection_page(request, pk, request_=form),
    )


@login_required
@require_POST
def request_supply(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    asked = selectors.document_request_get(actor=actor, pk=pk)
    form = SupplyForm(request.POST)
    return _posted(
        request,
        form,
        lambda d: services.document_supply(actor=actor, request=asked, **d),
        _("What was supplied is recorded."),
        ("oversight:inspection", asked.inspection_id),
        lambda: _inspection_page(request, asked.inspection_id, supply=form),
    )


@login_required
@require_POST
def inspection_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=pk)
    members = services.sitting_members(inspection.agency, timezone.localdate())
    form = ConcludeForm(request.POST, members=members)
    return _posted(
        request,
        form,
        lambda d: services.inspection_conclude(
            actor=actor,
            inspection=inspection,
            findings=d["findings"],
            on=d["on"],
            votes=form.votes(),
        ),
        _("The findings are adopted."),
        ("oversight:inspection", pk),
        lambda: _inspection_page(request, pk, conclude=form),
    )


@login_required
@require_POST
def inspection_result(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    inspection = selectors.inspection_get(actor=actor, pk=pk)
    form = ResultForm(request.POST)
    return _posted(
        request,
        form,
        lambda d: services.inspection_report(actor=actor, inspection=inspection, **d),
        _("The written result was sent."),
        ("oversight:inspection", pk),
        lambda: _inspection_page(request, pk, result=form),
    )


# --- recommendations --------------------------------------------------------------------------


@login_required
@require_GET
def recommendation_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    state = request.GET.get("state", "")
    state = state if state in RecommendationState.values else ""
    overdue = request.GET.get("overdue") == "1"
    rows = selectors.recommendation_list(actor=actor, agency=org, state=state, overdue=overdue)
    context = {
        "unit": org,
        "page": _page(request, rows),
        "state": state,
        "states": RecommendationState.choices,
        "overdue": overdue,
        "can_act": actor.has_perm("oversight.act", org),
        "today": timezone.localdate(),
    }
    return render(request, "oversight/recommendation_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit, "oversight.act")
    form = RecommendationForm(request.POST if request.method == "POST" else None)
    form.fields["inspection"].queryset = Inspection.objects.filter(  # type: ignore[attr-defined]
        agency=org, concluded_on__isnull=False
    )
    if request.GET.get("inspection", "").isdigit():
        form.initial["inspection"] = int(request.GET["inspection"])
    if request.method == "POST":
        recommendation = submit(
            request,
            form,
            lambda d: services.recommendation_create(actor=actor, agency=org, **d),
            _("The recommendation was sent to the head."),
        )
        if recommendation is not None:
            return redirect("oversight:recommendation", pk=recommendation.pk)
    context = {"unit": org, "form": form, "title": _("Send a recommendation to the head")}
    return render(request, "oversight/form.html", context, status=_status(request))


def _recommendation_page(request: HttpRequest, pk: int, note_form: Any = None) -> HttpResponse:
    actor = _actor(request)
    recommendation = selectors.recommendation_get(actor=actor, pk=pk)
    org = recommendation.agency
    context = {
        "recommendation": recommendation,
        "unit": org,
        "tasks": list(
            task_selectors.tasks_from(
                actor=actor, source_kind=SourceKind.RECOMMENDATION, source_ids=[recommendation.pk]
            )
        ),
        "can_act": actor.has_perm("oversight.act", org),
        "can_answer": actor.has_perm("oversight.answer", org),
        "note_form": note_form or NoteForm(),
        "today": timezone.localdate(),
    }
    return render(
        request, "oversight/recommendation.html", context, status=400 if note_form else 200
    )


@login_required
@require_GET
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _recommendation_page(request, pk)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    recommendation = selectors.recommendation_get(actor=actor, pk=pk)
    org = recommendation.agency
    if not actor.has_perm("oversight.answer", org):
        raise PermissionDenied(_("Only the head, or a deputy acting for the head, answers."))
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        people=_people(request, org),
        units=_units(org),
        deputy=Role.HEAD not in scope_for(actor).roles_in_organisation(org),
    )
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.recommendation_answer(
                actor=actor,
                recommendation=recommendation,
                kind=d["kind"],
                answer=d["answer"],
                acting_for_head=d.get("acting_for_head", ""),
                actions=form.actions(),
            ),
            _("The answer was sent to the board; the actions are tasks now."),
        )
        if done is not None:
            return redirect("oversight:recommendation", pk=pk)
    context = {"unit": org, "recommendation": recommendation, "form": form}
    return render(request, "oversight/answer.html", context, status=_status(request))


@login_required
@require_POST
def recommendation_close(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    recommendation = selectors.recommendation_get(actor=actor, pk=pk)
    form = NoteForm(request.POST)
    return _posted(
        request,
        form,
        lambda d: services.recommendation_close(actor=actor, recommendation=recommendation, **d),
        _("The recommendation is closed."),
        ("oversight:recommendation", pk),
        lambda: _recommendation_page(request, pk, note_form=form),
    )


@login_required
@require_POST
def recommendation_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    recommendation = selectors.recommendation_get(actor=actor, pk=pk)
    form = NoteForm(request.POST)
    return _posted(
        request,
        form,
        lambda d: services.recommendation_reopen(actor=actor, recommendation=recommendation, **d),
        _("The recommendation is reopened: the head must answer again."),
        ("oversight:recommendation", pk),
        lambda: _recommendation_page(request, pk, note_form=form),
    )


# --- petitions --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def petition_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    form = PetitionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not actor.has_perm("oversight.petition", org):
            raise PermissionDenied
        if submit(
            request,
            form,
            lambda d: services.petition_send(actor=actor, agency=org, **d),
            _("Your petition was sent to the board."),
        ):
            return redirect("oversight:petition_list", unit=org.pk)
    context = {
        "unit": org,
        "page": _page(request, selectors.petition_list(actor=actor, agency=org)),
        "form": form,
        "reads_all": actor.has_perm("oversight.read_petitions", org),
        "can_send": actor.has_perm("oversight.petition", org),
    }
    return render(request, "oversight/petition_list.html", context, status=_status(request))


def _petition_page(request: HttpRequest, pk: uuid.UUID, **forms: Any) -> HttpResponse:
    actor = _actor(request)
    petition = selectors.petition_get(actor=actor, pk=pk)
    context = {
        "petition": petition,
        "unit": petition.agency,
        "can_act": actor.has_perm("oversight.act", petition.agency),
        "decision_form": forms.get("decision") or DecisionForm(),
        "answer_form": forms.get("answer") or PetitionAnswerForm(),
    }
    return render(request, "oversight/petition.html", context, status=400 if forms else 200)


@login_required
@require_GET
def petition_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _petition_page(request, pk)


@login_required
@require_POST
def petition_decide(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    actor = _actor(request)
    petition = selectors.petition_get(actor=actor, pk=pk)
    form = DecisionForm(request.POST)
    return _posted(
        request,
        form,
        lambda d: services.petition_decide(actor=actor, petition=petition, **d),
        _("The decision was recorded."),
        ("oversight:petition", pk),
        lambda: _petition_page(request, pk, decision=form),
    )


@login_required
@require_POST
def petition_answer(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    actor = _actor(request)
    petition = selectors.petition_get(actor=actor, pk=pk)
    form = PetitionAnswerForm(request.POST)
    return _posted(
        request,
        form,
        lambda d: services.petition_answer(actor=actor, petition=petition, **d),
        _("The answer was recorded."),
        ("oversight:petition", pk),
        lambda: _petition_page(request, pk, answer=form),
    )


# --- report -----------------------------------------------------------------------------------


@login_required
@require_GET
def report_docx(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit, "oversight.report")
    terms = list(selectors.term_list(actor=actor, agency=org))
    form = ReportForm(request.GET, terms=terms)
    error = None
    if form.is_valid():
        d = form.cleaned_data
        term = None
        if d["kind"] == "term" and d["term"]:
            term = next((t for t in terms if t.pk == d["term"]), None)
        try:
            period = documents.period_of(d["kind"], d["year"], d["period"], term)
        except DomainError as exc:
            apply_domain_error(form, exc)
            error = exc
        else:
            data = documents.report_docx(
                org,
                period,
                timezone.localdate(),
                petitions=actor.has_perm("oversight.read_petitions", org),
            )
            response = HttpResponse(data, content_type=DOCX)
            name = f"bao-cao-bttnd-{org.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.docx"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    context = {"unit": org, "title": _("The board's report"), "form": form, "error": error}
    return render(request, "oversight/report_form.html", context, status=400)


# --- figures ----------------------------------------------------------------------------------


@login_required
@require_GET
def figures_page(request: HttpRequest, unit: int) -> HttpResponse:
    """The board's figures for a period (this year by default), as the unit's reports give
    them."""
    org = _unit(request, unit)
    form = PeriodForm(
        request.GET if "start" in request.GET else None, initial=PeriodForm.this_year()
    )
    context: dict[str, Any] = {"unit": org, "form": form}
    if form.is_bound and not form.is_valid():
        return render(request, "oversight/figures.html", context, status=400)
    period = form.cleaned_data if form.is_bound else PeriodForm.this_year()
    context["start"], context["end"] = period["start"], period["end"]
    context["section"] = figures.build([org], period["start"], period["end"])[org.pk]
    return render(request, "oversight/figures.html", context)
