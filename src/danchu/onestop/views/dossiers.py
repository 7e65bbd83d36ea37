"""Pages of the dossiers: the desk's start, intake, lists, the work queue, detail and actions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core import selectors as core_selectors
from danchu.core.errors import DomainError, NotFound
from danchu.core.forms import apply_domain_error
from danchu.core.models import Agency, User
from danchu.core.paging import CAP, KeysetPage, keyset_page
from danchu.onestop import selectors, services
from danchu.onestop.forms import ApologyForm, DecideForm, IntakeForm, NoteForm
from danchu.onestop.models import Dossier
from danchu.onestop.views.common import PAGE_SIZE, _actor, _dossier, _need, _unit


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The desk of the person's own organisation."""
    organisation = core_selectors.first_organisation(
        actor=_actor(request), perm="onestop.view_catalogue"
    )
    if organisation is None:
        raise PermissionDenied
    return redirect("onestop:queue", unit=organisation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    agency = _unit(request, unit)
    _need(request, "onestop.receive", agency)
    procedures = list(selectors.procedure_list(actor=actor, agency=agency, published_only=True))
    data = request.POST if request.method == "POST" else request.GET
    chosen = next((p for p in procedures if str(p.pk) == data.get("procedure")), None)
    if chosen is not None:
        chosen = selectors.procedure_get(actor=actor, agency=agency, pk=chosen.pk)
    form = IntakeForm(
        request.POST if request.method == "POST" else None,
        procedures=procedures,
        chosen=chosen,
        initial={"procedure": chosen.pk if chosen else None},
    )
    if request.method == "POST" and form.is_valid() and chosen is not None:
        d = form.cleaned_data
        common = {
            "actor": actor,
            "agency": agency,
            "procedure": chosen,
            "applicant_kind": d["applicant_kind"],
            "applicant_name": d["applicant_name"],
            "applicant_id": d["applicant_id"],
            "documents": d["documents"],
            "channel": d["channel"],
            "applicant_phone": d["applicant_phone"],
            "applicant_email": d["applicant_email"],
            "applicant_address": d["applicant_address"],
        }
        try:
            if "refuse" in request.POST:
                dossier = services.dossier_refuse_intake(reasons=d["reasons"], **common)
            else:
                dossier = services.dossier_receive(**common)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            apply_domain_error(form, exc)
        else:
            slip = dossier.slips.order_by("-id").first()
            messages.success(
                request, _("Dossier %(code)s was registered.") % {"code": dossier.code}
            )
            if slip is not None:
                return redirect("onestop:slip", pk=slip.pk)
            return redirect("onestop:dossier", pk=dossier.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "onestop/intake.html",
        {"unit": agency, "form": form, "chosen": chosen},
        status=status,
    )


@login_required
@require_GET
def dossier_list(request: HttpRequest, unit: int) -> HttpResponse:
    agency = _unit(request, unit)
    _need(request, "onestop.view_dossier", agency)
    query = request.GET.get("q", "").strip()
    dossiers = selectors.dossier_list(actor=_actor(request), agency=agency)
    if query:
        dossiers = dossiers.filter(code__icontains=query) | dossiers.filter(
            applicant_name__icontains=query
        )
    page = keyset_page(request, dossiers, keys=("-received_at", "-id"), size=PAGE_SIZE)
    return render(request, "onestop/dossier_list.html", {"unit": agency, "page": page, "q": query})


QUEUE_CURSOR = re.compile(r"([0-6])\.(\d{4}-\d{2}-\d{2}|-)\.(\d{1,18})")


def _cursor(value: str) -> tuple[int, dt.date | None, int] | None:
    """A queue row's cursor, "group.due-date.id" ("-" for no due date); None if malformed."""
    found = QUEUE_CURSOR.fullmatch(value)
    if found is None:
        return None
    try:
        day = None if found[2] == "-" else dt.date.fromisoformat(found[2])
    except ValueError:
        return None
    return int(found[1]), day, int(found[3])


def _queue_page(request: HttpRequest, agency: Agency, mine: bool) -> KeysetPage:
    """The work queue's page from the request's cursor, with links that carry the next one."""
    actor = _actor(request)
    query = request.GET.copy()
    after, before = _cursor(query.get("after", "")), _cursor(query.get("before", ""))
    try:
        number = min(max(1, int(query.get("page", "1"))), 10**6)
    except ValueError:
        number = 1

    def read(**cursor: Any) -> selectors.QueuePage:
        return selectors.work_queue_page(
            actor=actor, agency=agency, size=PAGE_SIZE, mine_only=mine, cap=CAP, **cursor
        )

    found = read(after=after) if after else read(before=before) if before else read()
    if not found.rows and (after or before):  # a cursor past the end: the first page
        found = read()
    if not found.more_before:
        number = 1

    def link(direction: str, key: tuple[int, dt.date | None, int] | None, page: int) -> str:
        assert key is not None
        target = query.copy()
        for param in ("after", "before", "page"):
            target.pop(param, None)
        target[direction] = f"{key[0]}.{key[1].isoformat() if key[1] else '-'}.{key[2]}"
        target["page"] = str(page)
        return f"?{target.urlencode()}"

    return KeysetPage(
        rows=found.rows,
        number=number,
        count=found.count,
        capped=found.capped,
        size=PAGE_SIZE,
        next_query=link("after", found.last, number + 1)
        if found.more_after and found.rows
        else None,
        previous_query=(
            link("before", found.first, max(1, number - 1))
            if found.more_before and found.rows
            else None
        ),
    )


@login_required
@require_GET
def queue(request: HttpRequest, unit: int) -> HttpResponse:
    agency = _unit(request, unit)
    _need(request, "onestop.view_dossier", agency)
    mine = request.GET.get("mine") == "1"
    page = _queue_page(request, agency, mine)
    context = {
        "unit": agency,
        "page": page,
        "mine": mine,
        "labels": selectors.URGENCY_LABELS,
        "can_receive": _actor(request).has_perm("onestop.receive", agency),
    }
    return render(request, "onestop/queue.html", context)


@login_required
@require_GET
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    dossier = _dossier(request, pk)
    forms = {
        name: spec.form(initial={"revision": dossier.revision})
        for name, spec in ACTIONS.items()
        if spec.allowed(actor, dossier)
    }
    context = {
        "dossier": dossier,
        "steps": list(dossier.version.steps.all()),
        "handovers": dossier.handovers.select_related("from_user", "to_user"),
        "slips": dossier.slips.all(),
        "pauses": dossier.pauses.all(),
        "actions": forms,
        "action_labels": {name: spec.label for name, spec in ACTIONS.items()},
    }
    return render(request, "onestop/dossier_detail.html", context)


class Action:
    def __init__(
        self,
        label: Any,
        form: type,
        perm: str,
        states: tuple[str, ...],
        call: Callable[[User, Dossier, dict[str, Any]], Dossier],
    ) -> None:
        self.label, self.form, self.perm, self.states, self.call = label, form, perm, states, call

    def allowed(self, actor: User, dossier: Dossier) -> bool:
        return dossier.state in self.states and actor.has_perm(self.perm, dossier)


def _text(d: dict[str, Any]) -> str:
    return str(d.get("text") or "")


ACTIONS: dict[str, Action] = {
    "advance": Action(
        gettext_lazy("Hand over to the next step"),
        NoteForm,
        "onestop.handle",
        ("in_progress",),
        lambda a, d, f: services.dossier_advance(
            actor=a, dossier=d, note=_text(f), revision=f.get("revision")
        ),
    ),
    "send_back": Action(
        gettext_lazy("Send back to the previous step"),
        NoteForm,
        "onestop.handle",
        ("in_progress",),
        lambda a, d, f: services.dossier_send_back(
            actor=a, dossier=d, reason=_text(f), revision=f.get("revision")
        ),
    ),
    "decide": Action(
        gettext_lazy("Decide"),
        DecideForm,
        "onestop.handle",
        ("in_progress",),
        lambda a, d, f: services.dossier_decide(
            actor=a,
            dossier=d,
            approved=f["approved"],
            result_number=f.get("result_number", ""),
            reasons=f.get("reasons", ""),
            revision=f.get("revision"),
        ),
    ),
    "request_supplement": Action(
        gettext_lazy("Request a supplement (stops the clock)"),
        NoteForm,
        "onestop.handle",
        ("in_progress",),
        lambda a, d, f: services.dossier_request_supplement(
            actor=a, dossier=d, missing=_text(f), revision=f.get("revision")
        ),
    ),
    "receive_supplement": Action(
        gettext_lazy("Supplement received (restarts the clock)"),
        NoteForm,
        "onestop.desk",
        ("supplement",),
        lambda a, d, f: services.dossier_receive_supplement(
            actor=a, dossier=d, revision=f.get("revision")
        ),
    ),
    "apologise": Action(
        gettext_lazy("Apologise and set a new date"),
        ApologyForm,
        "onestop.apologise",
        ("in_progress", "supplement", "suspended"),
        lambda a, d, f: services.dossier_apologise(
            actor=a,
            dossier=d,
            new_date=f["new_date"],
            reason=f["reason"],
            revision=f.get("revision"),
        ),
    ),
    "suspend": Action(
        gettext_lazy("Suspend"),
        NoteForm,
        "onestop.suspend",
        ("in_progress",),
        lambda a, d, f: services.dossier_suspend(
            actor=a, dossier=d, reason=_text(f), revision=f.get("revision")
        ),
    ),
    "resume": Action(
        gettext_lazy("Resume"),
        NoteForm,
        "onestop.suspend",
        ("suspended",),
        lambda a, d, f: services.dossier_resume(actor=a, dossier=d, revision=f.get("revision")),
    ),
    "return": Action(
        gettext_lazy("Return the result to the applicant"),
        NoteForm,
        "onestop.desk",
        ("approved", "rejected"),
        lambda a, d, f: services.dossier_return(actor=a, dossier=d, revision=f.get("revision")),
    ),
    "withdraw": Action(
        gettext_lazy("Withdraw (at the applicant's request)"),
        NoteForm,
        "onestop.desk",
        ("in_progress", "supplement", "suspended"),
        lambda a, d, f: services.dossier_withdraw(
            actor=a, dossier=d, reason=_text(f), revision=f.get("revision")
        ),
    ),
}


@login_required
@require_POST
def dossier_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise NotFound()
    actor = _actor(request)
    dossier = _dossier(request, pk)
    form = spec.form(request.POST)
    status = 400
    if form.is_valid():
        try:
            spec.call(actor, dossier, form.cleaned_data)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            apply_domain_error(form, exc)
            status = exc.status  # 409 for a stale page or a transition from the wrong state
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
            return redirect("onestop:dossier", pk=dossier.pk)
    return render(
        request,
        "onestop/action_form.html",
        {"dossier": dossier, "form": form, "action": action, "label": spec.label},
        status=status,
    )
