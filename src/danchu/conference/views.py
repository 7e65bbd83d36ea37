"""Pages of the staff conference (convocation, roll and check-in on the day, the live
quorum, polls with their ballots, the board's election, the resolution and its reviews) and
of the dialogues (questions before and during the session, answers, commitments)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.conference import selectors, services
from danchu.conference.forms import (
    AbsenceForm,
    AgendaForm,
    AnswerForm,
    BoardForm,
    CandidateForm,
    CheckInForm,
    ConferenceForm,
    DelegateForm,
    DialogueForm,
    DocumentForm,
    HandsForm,
    MinutesForm,
    PaperForm,
    PollForm,
    QuestionForm,
    ReceiptForm,
    ReconveneForm,
    RequestForm,
    RequireForm,
    ResolutionForm,
    ReviewForm,
    ScheduleForm,
    SlipForm,
    TaskForm,
    VoteForm,
)
from danchu.conference.models import (
    Choice,
    Conference,
    ConferenceKind,
    ConferenceState,
    DialogueState,
    PollKind,
    PollMethod,
    PollState,
    Resolution,
)
from danchu.core import figures, pages, uploads
from danchu.core import selectors as core_selectors
from danchu.core.errors import NotFound
from danchu.core.forms import PeriodForm, submit
from danchu.core.models import Agency, User
from danchu.tasks.models import SourceKind, Task

PAGE_SIZE = 25
ROLL_PAGE = 50
SECTIONS = ("conference", "dialogue")  # the figures this module keeps
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


_actor = pages.actor


def _unit(request: HttpRequest, pk: int, perm: str = "conference.view") -> Agency:
    return pages.organisation(request, pk, perm)


_status = pages.form_status


_people = pages.people_of


def _act(
    request: HttpRequest,
    form: Any,
    call: Callable[[dict[str, Any]], object],
    done: str,
    back: str,
    page: Callable[..., HttpResponse],
    form_name: str,
) -> HttpResponse:
    """Run a service on a posted form: back to ``back`` with ``done`` as the message, or the
    page again (400) with the refusal on its form."""
    if submit(request, form, call, done) is not None:
        return redirect(back)
    return page(request, status=400, **{form_name: form})


_flash = pages.flash


def _on(
    request: HttpRequest,
    found: Any,
    back: str,
    page: Callable[..., HttpResponse],
    form: Any,
    name: str,
    call: Callable[[Any, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """A form posted on the page of ``found`` (a conference, a poll, a dialogue)."""
    pk = found.pk
    return _act(
        request,
        form,
        lambda d: call(found, d),
        done,
        reverse(back, kwargs={"pk": pk}),
        lambda request, status, **f: page(request, pk, status, **f),
        name,
    )


def _docx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    org = core_selectors.first_organisation(actor=_actor(request), perm="conference.view")
    if org is None:
        raise PermissionDenied
    return redirect("conference:list", unit=org.pk)


# --- conferences ------------------------------------------------------------------------------


@login_required
@require_GET
def conference_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    rows = Paginator(selectors.conference_list(actor=actor, agency=org), PAGE_SIZE)
    today = services.today()
    context = {
        "unit": org,
        "page": rows.get_page(request.GET.get("page")),
        "can_convene": actor.has_perm("conference.convene", org),
        "deadline": services.annual_deadline(org, today.year - 1),
        "last_year": today.year - 1,
        "staff": len(services.staff(org)),
        "small": services.SMALL_UNIT,
        "organisations": [
            o
            for o in core_selectors.organisation_list(actor=actor)
            if actor.has_perm("conference.view", o)
        ],
        "today": today,
    }
    return render(request, "conference/list.html", context)


@login_required
@require_GET
def conference_figures(request: HttpRequest, unit: int) -> HttpResponse:
    """The conference's and the dialogues' figures for a period (this year by default)."""
    org = _unit(request, unit)
    form = PeriodForm(
        request.GET if "start" in request.GET else None, initial=PeriodForm.this_year()
    )
    context: dict[str, Any] = {"unit": org, "form": form}
    if form.is_bound and not form.is_valid():
        return render(request, "conference/figures.html", context, status=400)
    period = form.cleaned_data if form.is_bound else PeriodForm.this_year()
    context |= {
        "start": period["start"],
        "end": period["end"],
        "sections": figures.sections(
            agencies=[org], start=period["start"], end=period["end"], only=SECTIONS
        )[org.pk],
    }
    return render(request, "conference/figures.html", context)


def _conference_form(request: HttpRequest, org: Agency) -> ConferenceForm:
    today = services.today()
    form = ConferenceForm(
        request.POST if request.method == "POST" else None,
        initial={
            "kind": ConferenceKind.ANNUAL,
            "year": today.year if today.month > 9 else today.year - 1,
            "title": _("Staff conference %(year)d") % {"year": today.year},
            "held_on": today,
        },
    )
    people = _people(request, org)
    for name in ("chair", "secretary", "delegates"):
        form.fields[name].queryset = people  # type: ignore[attr-defined]
    form.fields["request"].queryset = selectors.request_list(  # type: ignore[attr-defined]
        actor=_actor(request), agency=org
    ).filter(reached_on__isnull=False)
    return form


@login_required
@require_http_methods(["GET", "POST"])
def conference_create(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit, "conference.convene")
    form = _conference_form(request, org)
    if request.method == "POST":
        conference = submit(
            request,
            form,
            lambda d: services.conference_convene(
                actor=actor, agency=org, **{**d, "delegates": list(d["delegates"])}
            ),
            _("The conference is convened; its roll and agenda are ready."),
        )
        if conference is not None:
            return redirect("conference:detail", pk=conference.pk)
    context = {"unit": org, "form": form, "title": _("Convene a staff conference")}
    return render(request, "conference/form.html", context, status=_status(request))


def _detail(request: HttpRequest, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    actor = _actor(request)
    conference = selectors.conference_get(actor=actor, pk=pk)
    runs = actor.has_perm("conference.run", conference)
    mine = selectors.my_delegate(actor=actor, conference=conference)
    resolution = Resolution.objects.filter(conference=conference).first()
    polls = list(selectors.poll_list(conference=conference))
    context = {
        "conference": conference,
        "unit": conference.agency,
        "quorum": services.quorum(conference),
        "agenda": list(conference.agenda.all()),
        "documents": list(conference.documents.all()),
        "polls": polls,
        "resolution": resolution,
        "mine": mine,
        "runs": runs,
        "convenes": actor.has_perm("conference.convene", conference),
        "on_the_day": conference.held_on == services.today(),
        "second": getattr(conference, "next_convocation", None),
        "checkin_form": forms.get("checkin")
        or CheckInForm(initial={"code": request.GET.get("code", "")}),
        "agenda_form": forms.get("agenda") or AgendaForm(),
        "document_form": forms.get("document") or DocumentForm(),
        "reconvene_form": forms.get("reconvene") or ReconveneForm(),
        "close_form": forms.get("close") or MinutesForm(),
        "poll_form": forms.get("poll") or PollForm(),
        "resolution_form": forms.get("resolution")
        or ResolutionForm(initial={"text": resolution.text if resolution else ""}),
    }
    return render(request, "conference/detail.html", context, status=status)


@login_required
@require_GET
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _conference_action(
    request: HttpRequest,
    pk: int,
    form: Any,
    name: str,
    call: Callable[[Any, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    found = selectors.conference_get(actor=_actor(request), pk=pk)
    return _on(request, found, "conference:detail", _detail, form, name, call, done)


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    return _conference_action(
        request,
        pk,
        AgendaForm(request.POST),
        "agenda",
        lambda c, d: services.agenda_add(actor=actor, conference=c, **d),
        _("The item is on the agenda."),
    )


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    return _conference_action(
        request,
        pk,
        DocumentForm(request.POST, request.FILES),
        "document",
        lambda c, d: services.document_add(
            actor=actor,
            conference=c,
            title=d["title"],
            file=uploads.FileIn(d["file"].name, d["file"].read()),
        ),
        _("The document is attached."),
    )


@login_required
@require_GET
def document_file(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    conference = selectors.conference_get(actor=_actor(request), pk=pk)
    stored = conference.documents.filter(pk=doc).first()
    if stored is None:
        raise NotFound()
    return uploads.download(stored.file, stored.file.name.rsplit("/", 1)[-1])


@login_required
@require_GET
def roll(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    conference = selectors.conference_get(actor=actor, pk=pk)
    runs = actor.has_perm("conference.run", conference)
    form = DelegateForm()  # posted to delegate_add
    form.fields["person"].queryset = _people(request, conference.agency)  # type: ignore[attr-defined]
    query = request.GET.get("q", "")
    rows = Paginator(selectors.roll(conference=conference, query=query), ROLL_PAGE)
    context = {
        "conference": conference,
        "unit": conference.agency,
        "page": rows.get_page(request.GET.get("page")),
        "quorum": services.quorum(conference),
        "runs": runs,
        "on_the_day": conference.held_on == services.today(),
        "form": form,
        "absence_form": AbsenceForm(),
        "q": query,
    }
    template = "conference/_roll_rows.html" if request.htmx else "conference/roll.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_POST
def delegate_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    conference = selectors.conference_get(actor=actor, pk=pk)
    form = DelegateForm(request.POST)
    form.fields["person"].queryset = _people(request, conference.agency)  # type: ignore[attr-defined]
    submit(
        request,
        form,
        lambda d: services.delegate_add(actor=actor, conference=conference, person=d["person"]),
        _("The delegate is summoned."),
    )
    for error in form.errors.values():
        messages.error(request, " ".join(str(e) for e in error))
    return redirect("conference:roll", pk=pk)


@login_required
@require_GET
def presence(request: HttpRequest, pk: int) -> HttpResponse:
    """The live figure (present / summoned, quorum), polled by the page every few seconds."""
    conference = selectors.conference_get(actor=_actor(request), pk=pk)
    context = {"conference": conference, "quorum": services.quorum(conference)}
    return render(request, "conference/_presence.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The delegate's own check-in on their phone: the invitation's QR code opens this page
    with the code filled in; one tap confirms."""
    actor = _actor(request)
    conference = selectors.conference_get(actor=actor, pk=pk)
    form = CheckInForm(
        request.POST if request.method == "POST" else None,
        initial={"code": request.GET.get("code", "")},
    )
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.check_in(actor=actor, conference=conference, code=d["code"]),
            _("Checked in. Welcome to the conference."),
        )
        if done is not None:
            # The secretary typing codes at the door goes on with the next one.
            if done.person_id != actor.pk:
                return redirect("conference:roll", pk=pk)
            return redirect("conference:detail", pk=pk)
    context = {
        "conference": conference,
        "unit": conference.agency,
        "form": form,
        "mine": selectors.my_delegate(actor=actor, conference=conference),
        "quorum": services.quorum(conference),
    }
    return render(request, "conference/check_in.html", context, status=_status(request))


@login_required
@require_POST
def delegate_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    delegate = selectors.delegate_get(actor=actor, pk=pk)
    _flash(
        request,
        lambda: services.check_in(actor=actor, conference=delegate.conference, delegate=delegate),
        _("%(name)s checked in.") % {"name": delegate.person},
    )
    return redirect(reverse("conference:roll", kwargs={"pk": delegate.conference_id}) + f"#d{pk}")


@login_required
@require_POST
def delegate_absent(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    delegate = selectors.delegate_get(actor=actor, pk=pk)
    form = AbsenceForm(request.POST)
    submit(
        request,
        form,
        lambda d: services.absence(actor=actor, delegate=delegate, **d),
        _("The absence is recorded."),
    )
    for error in form.errors.values():
        messages.error(request, " ".join(str(e) for e in error))
    return redirect(reverse("conference:roll", kwargs={"pk": delegate.conference_id}) + f"#d{pk}")


@login_required
@require_POST
def conference_open(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    conference = selectors.conference_get(actor=actor, pk=pk)
    q = services.quorum(conference)
    if not q.reached and request.POST.get("failed") != "yes":
        # Declaring the session failed is final (a second convocation follows): the page asks
        # for it explicitly, so that a click before everyone is checked in loses nothing.
        messages.error(
            request,
            _(
                "The quorum is not reached yet (%(p)d of %(s)d; %(n)d needed). Go on checking "
                "delegates in, or confirm that the conference fails for lack of a quorum."
            )
            % {"p": q.present, "s": q.summoned, "n": q.needed},
        )
        return redirect("conference:detail", pk=pk)
    opened = _flash(
        request, lambda: services.conference_open(actor=actor, conference=conference), ""
    )
    if not isinstance(opened, Conference):
        return redirect("conference:detail", pk=pk)
    conference = opened
    if conference.state == ConferenceState.OPEN:
        messages.success(request, _("The conference is open: the quorum is reached."))
    else:
        messages.error(
            request,
            _("The quorum is not reached (%(p)d of %(s)d): convene a second time.")
            % {"p": conference.present_at_open, "s": conference.summoned_at_open},
        )
    return redirect("conference:detail", pk=pk)


@login_required
@require_POST
def second_convocation(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    conference = selectors.conference_get(actor=actor, pk=pk)
    form = ReconveneForm(request.POST)
    second = submit(
        request,
        form,
        lambda d: services.second_convocation(actor=actor, conference=conference, **d),
        _("The second convocation is made; new invitations can be printed."),
    )
    if second is not None:
        return redirect("conference:detail", pk=second.pk)
    return _detail(request, pk, 400, reconvene=form)


@login_required
@require_POST
def written_opinions(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    conference = selectors.conference_get(actor=actor, pk=pk)
    _flash(
        request,
        lambda: services.written_opinions(actor=actor, conference=conference),
        _("Decisions are now taken by written opinion slips from all staff."),
    )
    return redirect("conference:detail", pk=pk)


@login_required
@require_POST
def conference_close(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    return _conference_action(
        request,
        pk,
        MinutesForm(request.POST),
        "close",
        lambda c, d: services.conference_close(actor=actor, conference=c, **d),
        _("The conference is closed."),
    )


@login_required
@require_POST
def poll_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    conference = selectors.conference_get(actor=actor, pk=pk)
    form = PollForm(request.POST)
    poll = submit(
        request,
        form,
        lambda d: services.poll_create(actor=actor, conference=conference, **d),
        _("The poll is set up."),
    )
    if poll is not None:
        return redirect("conference:poll", pk=poll.pk)
    return _detail(request, pk, 400, poll=form)


@login_required
@require_POST
def resolution_draft(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    conference = selectors.conference_get(actor=actor, pk=pk)
    form = ResolutionForm(request.POST)
    resolution = submit(
        request,
        form,
        lambda d: services.resolution_draft(actor=actor, conference=conference, **d),
        _("The draft resolution is saved."),
    )
    if resolution is not None:
        return redirect("conference:resolution", pk=resolution.pk)
    return _detail(request, pk, 400, resolution=form)


CONFERENCE_DOCS = {
    "invitation": "invitation",
    "attendance": "attendance_list",
    "minutes": "conference_minutes",
}


def _documents() -> Any:
    from danchu.conference import documents  # python-docx is loaded only when a file is made

    return documents


@login_required
@require_GET
def conference_docx(request: HttpRequest, pk: int, doc: str) -> HttpResponse:
    actor = _actor(request)
    conference = selectors.conference_get(actor=actor, pk=pk)
    make = CONFERENCE_DOCS.get(doc)
    if make is None:
        raise NotFound()
    if doc == "invitation" and not actor.has_perm("conference.run", conference):
        raise PermissionDenied  # the invitations carry everyone's check-in code
    return _docx(getattr(_documents(), make)(conference), f"{doc}-{conference.pk}.docx")


# --- polls ------------------------------------------------------------------------------------


def _poll_page(request: HttpRequest, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    actor = _actor(request)
    poll = selectors.poll_get(actor=actor, pk=pk)
    conference = poll.conference
    runs = actor.has_perm("conference.run", conference)
    candidates = selectors.candidates(poll=poll)
    vote_form = forms.get("vote") or VoteForm()
    vote_form.fields["marks"].choices = [(str(c.pk), str(c.person)) for c in candidates]  # type: ignore[union-attr]
    candidate_form = forms.get("candidate") or CandidateForm()
    candidate_form.fields["person"].queryset = _people(request, conference.agency)  # type: ignore[union-attr]
    slip_form = forms.get("slip") or SlipForm()
    slip_form.fields["person"].queryset = _people(request, conference.agency)  # type: ignore[union-attr]
    paper = getattr(poll, "paper", None) if poll.method == PollMethod.PAPER else None
    paper_form = forms.get("paper")
    if paper_form is None:
        initial = {}
        if paper is not None:
            initial = {
                k: getattr(paper, k)
                for k in ("committee", "issued", "cast", "blank", "invalid", "yes", "no", "abstain")
            }
            initial |= {f"c{k}": v for k, v in paper.tallies.items()}
        paper_form = PaperForm(initial=initial)
    paper_form.add_candidates(candidates)
    board_form = forms.get("board") or BoardForm()
    board_form.fields["head"].queryset = User.objects.filter(  # type: ignore[union-attr]
        pk__in=[c.person_id for c in services.elected_members(poll)]
    )
    closed = poll.state == PollState.CLOSED
    context = {
        "poll": poll,
        "conference": conference,
        "unit": conference.agency,
        "runs": runs,
        "nominates": actor.has_perm("conference.nominate", conference),
        "candidates": candidates,
        "turnout": selectors.turnout(poll=poll),
        "voted": selectors.has_voted(poll=poll, actor=actor),
        "closed": closed,
        "ballots": selectors.published_ballots(poll=poll) if closed else [],
        "recount": _recount_rows(poll, candidates) if closed else [],
        "choice_labels": dict(Choice.choices),
        "paper": paper,
        "paper_changes": list(poll.paper_changes.select_related("by")) if paper else [],
        "receipt": forms.get("receipt_code", ""),
        "vote_form": vote_form,
        "candidate_form": candidate_form,
        "slip_form": slip_form,
        "hands_form": forms.get("hands") or HandsForm(),
        "paper_form": paper_form,
        "receipt_form": forms.get("receipt") or ReceiptForm(),
        "board_form": board_form,
    }
    return render(request, "conference/poll.html", context, status=status)


def _recount_rows(poll: Any, candidates: list[Any]) -> list[tuple[str, int]]:
    """The recount from the published ballots, labelled: a candidate's name, or the vote."""
    names = {str(c.pk): str(c.person) for c in candidates}
    labels = dict(Choice.choices)
    return [
        (names.get(k) or str(labels.get(k, k)), n)
        for k, n in sorted(selectors.recount(poll=poll).items(), key=lambda kv: -kv[1])
    ]


@login_required
@require_GET
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _poll_page(request, pk)


@login_required
@require_GET
def poll_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The live turnout of an open poll (how many voted, never how), polled by the page; when
    the poll closes the page reloads to show the result."""
    actor = _actor(request)
    poll = selectors.poll_get(actor=actor, pk=pk)
    response = render(
        request, "conference/_turnout.html", {"poll": poll, "turnout": selectors.turnout(poll=poll)}
    )
    if poll.state == PollState.CLOSED and request.htmx:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"
    return response


def _poll_action(
    request: HttpRequest,
    pk: int,
    form: Any,
    name: str,
    call: Callable[[Any, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    found = selectors.poll_get(actor=_actor(request), pk=pk)
    return _on(request, found, "conference:poll", _poll_page, form, name, call, done)


@login_required
@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    poll = selectors.poll_get(actor=actor, pk=pk)
    form = CandidateForm(request.POST)
    form.fields["person"].queryset = _people(request, poll.conference.agency)  # type: ignore[attr-defined]
    return _poll_action(
        request,
        pk,
        form,
        "candidate",
        lambda p, d: services.candidate_add(actor=actor, poll=p, **d),
        _("The candidate is nominated."),
    )


@login_required
@require_POST
def poll_open(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    poll = selectors.poll_get(actor=actor, pk=pk)
    _flash(request, lambda: services.poll_open(actor=actor, poll=poll), _("The poll is open."))
    return redirect("conference:poll", pk=pk)


@login_required
@require_POST
def poll_vote(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    poll = selectors.poll_get(actor=actor, pk=pk)
    form = VoteForm(request.POST)
    form.fields["marks"].choices = [(str(c.pk), "") for c in poll.candidates.all()]  # type: ignore[attr-defined]
    voted = submit(
        request,
        form,
        lambda d: services.vote(
            actor=actor, poll=poll, choice=d["choice"], marks=[int(m) for m in d["marks"]]
        ),
        _("Your vote is cast."),
    )
    if voted is None:
        return _poll_page(request, pk, 400, vote=form)
    # The receipt is shown in this answer only: never stored in the session (a table that
    # names the user), so nothing on the server links it to the voter.
    return _poll_page(request, pk, 200, receipt_code=voted.receipt)


@login_required
@require_POST
def slip_record(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    poll = selectors.poll_get(actor=actor, pk=pk)
    form = SlipForm(request.POST)
    form.fields["person"].queryset = _people(request, poll.conference.agency)  # type: ignore[attr-defined]
    return _poll_action(
        request,
        pk,
        form,
        "slip",
        lambda p, d: services.slip_record(actor=actor, poll=p, **d),
        _("The opinion slip is recorded."),
    )


@login_required
@require_POST
def paper_count(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    poll = selectors.poll_get(actor=actor, pk=pk)
    form = PaperForm(request.POST)
    form.add_candidates(list(poll.candidates.select_related("person")))
    return _poll_action(
        request,
        pk,
        form,
        "paper",
        lambda p, d: services.paper_count(
            actor=actor,
            poll=p,
            reason=d["reason"],
            figures=services.PaperIn(
                issued=d["issued"],
                cast=d["cast"],
                blank=d["blank"],
                invalid=d["invalid"],
                committee=d["committee"],
                yes=d["yes"] or 0,
                no=d["no"] or 0,
                abstain=d["abstain"] or 0,
                tallies=form.tallies(),
            ),
        ),
        _("The count is recorded."),
    )


@login_required
@require_POST
def poll_close(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    poll = selectors.poll_get(actor=actor, pk=pk)
    if poll.method == PollMethod.HANDS:
        return _poll_action(
            request,
            pk,
            HandsForm(request.POST),
            "hands",
            lambda p, d: services.poll_close(actor=actor, poll=p, hands=services.HandsIn(**d)),
            _("The poll is closed."),
        )
    _flash(request, lambda: services.poll_close(actor=actor, poll=poll), _("The poll is closed."))
    return redirect("conference:poll", pk=pk)


@login_required
@require_POST
def receipt_check(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_get(actor=_actor(request), pk=pk)
    form = ReceiptForm(request.POST)
    if form.is_valid():
        if services.receipt_counted(poll, form.cleaned_data["code"]):
            messages.success(request, _("This receipt's ballot is in the box and counted."))
        else:
            messages.error(request, _("No ballot with this receipt is in the box."))
    return redirect("conference:poll", pk=pk)


@login_required
@require_GET
def ballots_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The published ballot box after the close, for anyone to recount."""
    poll = selectors.poll_get(actor=_actor(request), pk=pk)
    if poll.state != PollState.CLOSED:
        raise NotFound(_("The ballots are published when the poll closes."))
    names = {c.pk: str(c.person) for c in poll.candidates.select_related("person")}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ballots-{poll.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Ballot"), _("Vote")])
    for n, b in enumerate(selectors.published_ballots(poll=poll), start=1):
        vote = (
            "; ".join(names.get(m, str(m)) for m in b.marks)
            if poll.kind == PollKind.ELECTION
            else str(dict(Choice.choices).get(b.choice, b.choice))
        )
        writer.writerow([n, vote])
    return response


@login_required
@require_POST
def board_record(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    poll = selectors.poll_get(actor=actor, pk=pk)
    form = BoardForm(request.POST)
    form.fields["head"].queryset = User.objects.filter(  # type: ignore[attr-defined]
        pk__in=[c.person_id for c in services.elected_members(poll)]
    )
    term = submit(
        request,
        form,
        lambda d: services.board_from_election(actor=actor, poll=poll, **d),
        _("The board is recorded; the union's recognition is due within 5 working days."),
    )
    if term is not None:
        return redirect("oversight:term", pk=term.pk)
    return _poll_page(request, pk, 400, board=form)


@login_required
@require_GET
def counting_docx(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_get(actor=_actor(request), pk=pk)
    return _docx(_documents().counting_minutes(poll), f"counting-{poll.pk}.docx")


# --- resolution -------------------------------------------------------------------------------


def _resolution_page(
    request: HttpRequest, pk: int, status: int = 200, **forms: Any
) -> HttpResponse:
    actor = _actor(request)
    resolution = selectors.resolution_get(actor=actor, pk=pk)
    conference = resolution.conference
    people = list(_people(request, conference.agency))
    units = list(
        Agency.objects.filter(path__startswith=conference.agency.path, is_active=True).order_by(
            "path"
        )
    )
    task_form = forms.get("task") or TaskForm()
    task_form.set_parties(people, units)
    context = {
        "resolution": resolution,
        "conference": conference,
        "unit": conference.agency,
        "reviews": list(selectors.reviews(resolution=resolution)),
        "tasks": Task.objects.filter(
            source_kind=SourceKind.RESOLUTION, source_id=resolution.pk
        ).order_by("due_on", "pk"),
        "convenes": actor.has_perm("conference.convene", conference),
        "assigns": actor.has_perm("tasks.assign", conference.agency),
        "task_form": task_form,
        "review_form": forms.get("review") or ReviewForm(),
        "today": services.today(),
    }
    return render(request, "conference/resolution.html", context, status=status)


@login_required
@require_GET
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _resolution_page(request, pk)


@login_required
@require_POST
def resolution_publish(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    resolution = selectors.resolution_get(actor=actor, pk=pk)
    _flash(
        request,
        lambda: services.resolution_publish(actor=actor, resolution=resolution),
        _("The resolution is published to staff."),
    )
    return redirect("conference:resolution", pk=pk)


@login_required
@require_POST
def resolution_task(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    resolution = selectors.resolution_get(actor=actor, pk=pk)
    conference = resolution.conference
    form = TaskForm(request.POST)
    units = list(Agency.objects.filter(path__startswith=conference.agency.path, is_active=True))
    form.set_parties(list(_people(request, conference.agency)), units)
    if (
        submit(
            request,
            form,
            lambda d: services.resolution_task(
                actor=actor,
                resolution=resolution,
                title=d["title"],
                deliverable=d["deliverable"],
                lead=next(iter(form.parties([d["lead"]])), None),
                due_on=d["due_on"],
            ),
            _("The task is given."),
        )
        is not None
    ):
        return redirect("conference:resolution", pk=pk)
    return _resolution_page(request, pk, 400, task=form)


@login_required
@require_POST
def review_record(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    review = selectors.review_get(actor=actor, pk=pk)
    form = ReviewForm(request.POST)
    if (
        submit(
            request,
            form,
            lambda d: services.review_record(actor=actor, review=review, **d),
            _("The review is recorded."),
        )
        is not None
    ):
        return redirect("conference:resolution", pk=review.resolution_id)
    return _resolution_page(request, review.resolution_id, 400, review=form)


@login_required
@require_GET
def resolution_docx(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(actor=_actor(request), pk=pk)
    return _docx(_documents().resolution_document(resolution), f"resolution-{resolution.pk}.docx")


# --- requests for an extraordinary conference -------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not actor.has_perm("conference.sign", org):
            raise PermissionDenied
        opened = submit(
            request,
            form,
            lambda d: services.request_open(actor=actor, agency=org, **d),
            _("Your request is open for signatures."),
        )
        if opened is not None:
            return redirect("conference:request", pk=opened.pk)
    rows = Paginator(selectors.request_list(actor=actor, agency=org), PAGE_SIZE)
    context = {
        "unit": org,
        "page": rows.get_page(request.GET.get("page")),
        "form": form,
        "can_sign": actor.has_perm("conference.sign", org),
    }
    return render(request, "conference/request_list.html", context, status=_status(request))


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    found = selectors.request_get(actor=actor, pk=pk)
    context = {
        "request_": found,
        "unit": found.agency,
        "needed": services.needed(found.staff, "ge", 1, 3),
        "signed_by_me": found.signatures.filter(person=actor).exists(),
        "can_sign": actor.has_perm("conference.sign", found),
    }
    return render(request, "conference/request.html", context)


@login_required
@require_POST
def request_sign(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    found = selectors.request_get(actor=actor, pk=pk)
    _flash(
        request,
        lambda: services.request_sign(actor=actor, request=found),
        _("You have signed the request."),
    )
    return redirect("conference:request", pk=pk)


# --- dialogues --------------------------------------------------------------------------------


@login_required
@require_GET
def dialogue_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit, "dialogue.view")
    rows = Paginator(selectors.dialogue_list(actor=actor, agency=org), PAGE_SIZE)
    context = {
        "unit": org,
        "page": rows.get_page(request.GET.get("page")),
        "manages": actor.has_perm("dialogue.manage", org),
        "requires": actor.has_perm("dialogue.require", org),
        "due": services.dialogue_due(org),
        "today": services.today(),
    }
    return render(request, "conference/dialogue_list.html", context)


def _dialogue_form(request: HttpRequest, org: Agency, form_class: Any = DialogueForm) -> Any:
    form = form_class(request.POST if request.method == "POST" else None)
    form.fields["chair"].queryset = _people(request, org)
    return form


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_create(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit, "dialogue.manage")
    form = _dialogue_form(request, org)
    if request.method == "POST":
        dialogue = submit(
            request,
            form,
            lambda d: services.dialogue_create(actor=actor, agency=org, **d),
            _("The dialogue is planned; staff can send their questions."),
        )
        if dialogue is not None:
            return redirect("conference:dialogue", pk=dialogue.pk)
    context = {"unit": org, "form": form, "title": _("Plan a dialogue")}
    return render(request, "conference/form.html", context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_require(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit, "dialogue.require")
    form = RequireForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        dialogue = submit(
            request,
            form,
            lambda d: services.dialogue_require(actor=actor, agency=org, **d),
            _("The head is required to hold the dialogue."),
        )
        if dialogue is not None:
            return redirect("conference:dialogue", pk=dialogue.pk)
    context = {"unit": org, "form": form, "title": _("Require a dialogue")}
    return render(request, "conference/form.html", context, status=_status(request))


def _dialogue_page(request: HttpRequest, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    actor = _actor(request)
    dialogue = selectors.dialogue_get(actor=actor, pk=pk)
    org = dialogue.agency
    schedule_form = forms.get("schedule") or ScheduleForm(
        initial={"held_on": dialogue.held_on, "place": dialogue.place, "chair": dialogue.chair}
    )
    schedule_form.fields["chair"].queryset = _people(request, org)  # type: ignore[union-attr]
    task_form = forms.get("task") or TaskForm()
    task_form.set_parties(
        list(_people(request, org)),
        list(Agency.objects.filter(path__startswith=org.path, is_active=True).order_by("path")),
    )
    context = {
        "dialogue": dialogue,
        "unit": org,
        "questions": list(selectors.questions(dialogue=dialogue)),
        "tasks": Task.objects.filter(
            source_kind=SourceKind.DIALOGUE, source_id=dialogue.pk
        ).order_by("due_on", "pk"),
        "manages": actor.has_perm("dialogue.manage", dialogue),
        "answers": actor.has_perm("dialogue.answer", dialogue),
        "asks": actor.has_perm("dialogue.ask", dialogue)
        and dialogue.state == DialogueState.PLANNED,
        "assigns": actor.has_perm("tasks.assign", org),
        "question_form": forms.get("question") or QuestionForm(),
        "answer_form": AnswerForm(),
        "schedule_form": schedule_form,
        "close_form": forms.get("close") or MinutesForm(),
        "task_form": task_form,
        "today": services.today(),
    }
    return render(request, "conference/dialogue.html", context, status=status)


@login_required
@require_GET
def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _dialogue_page(request, pk)


def _dialogue_action(
    request: HttpRequest,
    pk: int,
    form: Any,
    name: str,
    call: Callable[[Any, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    found = selectors.dialogue_get(actor=_actor(request), pk=pk)
    return _on(request, found, "conference:dialogue", _dialogue_page, form, name, call, done)


@login_required
@require_POST
def dialogue_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    dialogue = selectors.dialogue_get(actor=actor, pk=pk)
    form = _dialogue_form(request, dialogue.agency, ScheduleForm)
    return _dialogue_action(
        request,
        pk,
        form,
        "schedule",
        lambda dlg, d: services.dialogue_schedule(actor=actor, dialogue=dlg, **d),
        _("The dialogue is scheduled."),
    )


@login_required
@require_POST
def question_ask(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    return _dialogue_action(
        request,
        pk,
        QuestionForm(request.POST),
        "question",
        lambda dlg, d: services.question_ask(actor=actor, dialogue=dlg, **d),
        _("Your question is sent."),
    )


@login_required
@require_POST
def question_upvote(request: HttpRequest, pk: Any) -> HttpResponse:
    actor = _actor(request)
    question = selectors.question_get(actor=actor, pk=pk)
    _flash(request, lambda: services.question_upvote(actor=actor, question=question), "")
    return redirect(
        reverse("conference:dialogue", kwargs={"pk": question.dialogue_id}) + f"#q{question.pk}"
    )


@login_required
@require_POST
def question_answer(request: HttpRequest, pk: Any) -> HttpResponse:
    actor = _actor(request)
    question = selectors.question_get(actor=actor, pk=pk)
    form = AnswerForm(request.POST)
    submit(
        request,
        form,
        lambda d: services.question_answer(actor=actor, question=question, **d),
        _("The answer is recorded."),
    )
    for error in form.errors.values():
        messages.error(request, " ".join(str(e) for e in error))
    return redirect(
        reverse("conference:dialogue", kwargs={"pk": question.dialogue_id}) + f"#q{question.pk}"
    )


@login_required
@require_POST
def dialogue_close(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    return _dialogue_action(
        request,
        pk,
        MinutesForm(request.POST),
        "close",
        lambda dlg, d: services.dialogue_close(actor=actor, dialogue=dlg, **d),
        _("The minutes are recorded."),
    )


@login_required
@require_POST
def dialogue_commit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    dialogue = selectors.dialogue_get(actor=actor, pk=pk)
    form = TaskForm(request.POST)
    org = dialogue.agency
    form.set_parties(
        list(_people(request, org)),
        list(Agency.objects.filter(path__startswith=org.path, is_active=True)),
    )
    return _dialogue_action(
        request,
        pk,
        form,
        "task",
        lambda dlg, d: services.dialogue_commit(
            actor=actor,
            dialogue=dlg,
            title=d["title"],
            deliverable=d["deliverable"],
            lead=next(iter(form.parties([d["lead"]])), None),
            due_on=d["due_on"],
        ),
        _("The commitment is a task now."),
    )


@login_required
@require_GET
def dialogue_docx(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = selectors.dialogue_get(actor=_actor(request), pk=pk)
    return _docx(_documents().dialogue_minutes(dialogue), f"dialogue-{dialogue.pk}.docx")
