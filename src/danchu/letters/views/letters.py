"""Pages of letters: the list and search, intake, a letter and its actions, the forwarding
slip, the identity vault and its openings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from danchu.core import uploads
from danchu.core.errors import DomainError, NotFound
from danchu.core.forms import apply_domain_error, submit
from danchu.core.models import User
from danchu.core.paging import keyset_page
from danchu.letters import selectors, services
from danchu.letters.actions import ACTIONS, perform
from danchu.letters.documents import forward_slip_docx
from danchu.letters.forms import (
    LetterForm,
    VaultOpenForm,
    parse_people,
)
from danchu.letters.models import Letter
from danchu.letters.views.common import PAGE_SIZE, _actor, _need, _unit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STATUS_LABELS = {
    "": gettext_lazy("All"),
    "open": gettext_lazy("Open"),
    "overdue": gettext_lazy("Overdue"),
    "settled": gettext_lazy("Settled"),
    "mine": gettext_lazy("Mine"),
}


@login_required
@require_GET
def letter_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    agency = _unit(request, unit)
    _need(request, "letters.view_stats", agency)
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    status = status if status in STATUS_LABELS else ""
    letters = selectors.letter_list(actor=actor, agency=agency, query=query, status=status)
    page = keyset_page(request, letters, keys=("-received_on", "-id"), size=PAGE_SIZE)
    context = {
        "unit": agency,
        "page": page,
        "q": query,
        "status": status,
        "statuses": STATUS_LABELS,
        "today": timezone.localdate(),
        "can_receive": actor.has_perm("letters.receive", agency),
    }
    return render(request, "letters/letter_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def letter_create(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    agency = _unit(request, unit)
    _need(request, "letters.receive", agency)
    visit = None
    visit_id = request.GET.get("visit") or request.POST.get("visit")
    if visit_id and str(visit_id).isdigit():
        visit = selectors.visit_get(actor=actor, pk=int(visit_id))
    initial: dict[str, Any] = {}
    if visit is not None:
        initial = {
            "channel": "visit",
            "received_on": visit.received_on,
            "matter": visit.matter,
            "protected": visit.protected,
        }
    form = LetterForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
    )
    if request.method == "POST":

        def call(d: dict[str, Any]) -> Letter:
            scan = d.get("scan")
            scans = (
                [services.ScanIn(scan.name, scan.content_type or "", scan.read())] if scan else []
            )
            return services.letter_receive(
                actor=actor,
                agency=agency,
                received_on=d["received_on"],
                channel=d["channel"],
                source_body=d["source_body"],
                kind=d["kind"],
                signatories=parse_people(d["signatories"]),
                protected=d["protected"],
                matter=d["matter"],
                content=d["content"],
                visit=visit,
                scans=scans,
            )

        letter = submit(
            request,
            form,
            call,
            lambda x: _("Letter %(code)s was registered.") % {"code": x.code},
        )
        if letter is not None:
            return redirect("letters:letter", pk=letter.pk)
    status = 400 if request.method == "POST" else 200
    context = {"unit": agency, "form": form, "visit": visit}
    return render(request, "letters/letter_form.html", context, status=status)


def _letter(request: HttpRequest, pk: int) -> Letter:
    return selectors.letter_get(actor=_actor(request), pk=pk)


def _detail_context(actor: User, letter: Letter) -> dict[str, Any]:
    return {
        "letter": letter,
        "unit": letter.agency,
        "signatories": [] if letter.protected else list(letter.signatories.all()),
        "files": list(letter.files.all()),
        "parts": list(letter.parts.all()),
        "pauses": list(letter.pauses.all()),
        "extensions": list(letter.extensions.all()),
        "today": timezone.localdate(),
        "can_open": actor.has_perm("letters.open_vault", letter),
        "can_see_openings": actor.has_perm("letters.view_openings", letter.agency),
        "openings": letter.openings.select_related("person")[:20],
        "designations": letter.designations.select_related("person").filter(ended_at=None),
        # Each action's fields get their own ids ("extend_reason"): one page, many forms.
        "actions": {
            name: spec.form(actor, letter, auto_id=f"{name}_%s")
            for name, spec in ACTIONS.items()
            if spec.allowed(actor, letter, name)
        },
        "action_labels": {name: spec.label for name, spec in ACTIONS.items()},
        "allowed_extensions": services.allowed_extensions(letter),
    }


@login_required
@require_GET
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    return render(request, "letters/letter_detail.html", _detail_context(_actor(request), letter))


@login_required
@require_http_methods(["POST"])
def letter_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise NotFound()
    actor = _actor(request)
    letter = _letter(request, pk)
    _need(request, spec.perm, letter)
    form = spec.form(actor, letter, request.POST, auto_id=f"{action}_%s")
    status = 400
    if form.is_valid():
        try:
            perform(actor, letter, action, form.cleaned_data, request.POST)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            apply_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
            return redirect("letters:letter", pk=letter.pk)
    context = {
        "letter": letter,
        "form": form,
        "action": action,
        "label": spec.label,
        "revision": request.POST.get("revision", ""),
    }
    return render(request, "letters/action_form.html", context, status=status)


@login_required
@require_GET
def letter_file(request: HttpRequest, pk: int) -> FileResponse:
    """A scan or attachment, to those who may read its letter, as a download."""
    stored = selectors.letter_file_get(actor=_actor(request), pk=pk)
    return uploads.download(stored.file, stored.name)


@login_required
@require_GET
def forward_slip(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    if letter.forwarded_on is None:
        raise NotFound(_("This letter has not been forwarded."))
    response = HttpResponse(forward_slip_docx(letter), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="phieu-chuyen-{letter.pk}.docx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def vault_open(request: HttpRequest, pk: int) -> HttpResponse:
    """The identity of a protected letter, for a designated person, after a reason. Nothing
    of it is stored or cached: the page is rendered from the vault and marked private."""
    actor = _actor(request)
    letter = _letter(request, pk)
    _need(request, "letters.open_vault", letter)
    form = VaultOpenForm(request.POST if request.method == "POST" else None)
    identity = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                identity = services.vault_open(
                    actor=actor, letter=letter, reason=form.cleaned_data["reason"]
                )
                status = 200
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                apply_domain_error(form, exc)
    response = render(
        request,
        "letters/vault.html",
        {"letter": letter, "unit": letter.agency, "form": form, "identity": identity},
        status=status,
    )
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_GET
def opening_list(request: HttpRequest, unit: int) -> HttpResponse:
    agency = _unit(request, unit)
    openings = selectors.opening_list(actor=_actor(request), agency=agency)
    page = Paginator(openings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "letters/opening_list.html", {"unit": agency, "page": page})
