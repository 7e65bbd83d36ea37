"""Pages of reception: the unit's overview, sessions, the visit register and a visit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core import selectors as core_selectors
from danchu.core.forms import submit
from danchu.letters import selectors, services
from danchu.letters.forms import SessionForm, VisitAnswerForm, VisitForm
from danchu.letters.views.common import PAGE_SIZE, _actor, _need, _unit


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Reception and letters of the person's own organisation."""
    organisation = core_selectors.first_organisation(
        actor=_actor(request), perm="letters.view_stats"
    )
    if organisation is None:
        raise PermissionDenied
    return redirect("letters:home", unit=organisation.pk)


@login_required
@require_GET
def home(request: HttpRequest, unit: int) -> HttpResponse:
    """The overview: open, overdue and due letters, and the head's reception days."""
    actor = _actor(request)
    agency = _unit(request, unit)
    _need(request, "letters.view_stats", agency)
    today = timezone.localdate()
    can_view = actor.has_perm("letters.view", agency)
    letters = selectors.letter_list(actor=actor, agency=agency)
    org = agency.organisation or agency
    open_count, overdue_count = selectors.open_counts(letters, today).get(org.pk, (0, 0))
    context = {
        "unit": agency,
        "can_view": can_view,
        "can_receive": actor.has_perm("letters.receive", agency),
        "can_see_openings": actor.has_perm("letters.view_openings", agency),
        "open": open_count,
        "overdue": selectors.letter_list(actor=actor, agency=agency, status="overdue")[:10],
        "overdue_count": overdue_count,
        "months": selectors.head_reception_months(actor=actor, agency=agency, year=today.year),
        "organisations": list(core_selectors.organisation_list(actor=actor)),
    }
    return render(request, "letters/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    agency = _unit(request, unit)
    sessions = selectors.session_list(actor=actor, agency=agency)
    people = selectors.people_of(actor=actor, agency=agency)
    form = SessionForm(request.POST if request.method == "POST" else None, people=people)
    status = 200
    if request.method == "POST":
        _need(request, "letters.receive", agency)
        status = 400
        done = submit(
            request,
            form,
            lambda d: services.reception_session_create(actor=actor, agency=agency, **d),
            _("The session was recorded."),
        )
        if done is not None:
            return redirect("letters:session_list", unit=agency.pk)
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": agency,
        "page": page,
        "form": form,
        "can_receive": actor.has_perm("letters.receive", agency),
    }
    return render(request, "letters/session_list.html", context, status=status)


@login_required
@require_GET
def visit_list(request: HttpRequest, unit: int) -> HttpResponse:
    agency = _unit(request, unit)
    query = request.GET.get("q", "").strip()
    visits = selectors.visit_list(actor=_actor(request), agency=agency, query=query)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": agency,
        "page": page,
        "q": query,
        "can_receive": _actor(request).has_perm("letters.receive", agency),
    }
    return render(request, "letters/visit_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    agency = _unit(request, unit)
    _need(request, "letters.receive", agency)
    form = VisitForm(
        request.POST if request.method == "POST" else None,
        people=selectors.people_of(actor=actor, agency=agency),
        sessions=selectors.session_list(actor=actor, agency=agency)[:50],
        initial={"received_by": actor.pk},
    )
    if request.method == "POST":
        visit = submit(
            request,
            form,
            lambda d: services.visit_create(actor=actor, agency=agency, **d),
            lambda v: _("Visit %(n)s was entered in the register.") % {"n": v},
        )
        if visit is not None:
            return redirect("letters:visit", pk=visit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "letters/visit_form.html", {"unit": agency, "form": form}, status=status)


@login_required
@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    visit = selectors.visit_get(actor=actor, pk=pk)
    context = {
        "visit": visit,
        "unit": visit.agency,
        "letters": visit.letters.all(),
        "can_receive": actor.has_perm("letters.receive", visit.agency),
        "answer_form": VisitAnswerForm(),
    }
    return render(request, "letters/visit_detail.html", context)


@login_required
@require_POST
def visit_answer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    visit = selectors.visit_get(actor=actor, pk=pk)
    form = VisitAnswerForm(request.POST)
    done = submit(
        request,
        form,
        lambda d: services.visit_answer(actor=actor, visit=visit, **d),
        _("The answer was recorded."),
    )
    if done is not None:
        return redirect("letters:visit", pk=visit.pk)
    context = {
        "visit": visit,
        "unit": visit.agency,
        "letters": visit.letters.all(),
        "can_receive": True,
        "answer_form": form,
    }
    return render(request, "letters/visit_detail.html", context, status=400)
