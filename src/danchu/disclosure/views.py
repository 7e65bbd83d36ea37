"""Pages of publicity and consultation: the overview with breaches, publications and their
register, regulations with versions and differences, dissemination with read confirmations,
information requests, consultations with comments, answers and the published summary."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core import figures as core_figures
from danchu.core import pages, uploads
from danchu.core import selectors as core_selectors
from danchu.core.forms import PeriodForm, submit
from danchu.core.models import Agency, User
from danchu.disclosure import selectors, services
from danchu.disclosure.forms import (
    AnswerForm,
    CommentForm,
    ConsultationCreateForm,
    DisseminationForm,
    InfoAnswerForm,
    InfoRequestForm,
    PublicationForm,
    PublishSummaryForm,
    RegulationForm,
    TakeDownForm,
    VersionForm,
)
from danchu.disclosure.models import (
    Category,
    Publication,
    PublicationFile,
    RegulationVersion,
)

PAGE_SIZE = 25
SECTIONS = ("regulations", "publicity", "dissemination", "consultation")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


_actor = pages.actor


def _unit(request: HttpRequest, pk: int, perm: str = "disclosure.view") -> Agency:
    return pages.organisation(request, pk, perm)


def _year(text: str) -> int | None:
    """A year from a query string, or None when it is not a plausible one."""
    return int(text) if text.isdigit() and 1900 <= int(text) <= 2100 else None


_units = pages.units_of


_people = pages.people_of


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    organisation = core_selectors.first_organisation(actor=_actor(request), perm="disclosure.view")
    if organisation is None:
        raise PermissionDenied
    return redirect("disclosure:home", unit=organisation.pk)


@login_required
@require_GET
def home(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    sees_all = actor.has_perm("disclosure.view_all", org)
    pending = list(selectors.to_confirm(actor=actor, agency=org)[:50])
    context = {
        "unit": org,
        "sees_all": sees_all,
        "can_publish": actor.has_perm("disclosure.publish", org),
        "breaches": selectors.breaches(actor=actor, agency=org)[:20] if sees_all else [],
        "reviews": selectors.reviews_due(actor=actor, agency=org) if sees_all else [],
        "overdue_requests": selectors.overdue_requests(actor=actor, agency=org)[:20],
        "disseminations": selectors.dissemination_list(actor=actor, agency=org)[:10],
        "to_read": pending,
        "consultations": selectors.consultation_list(actor=actor, agency=org).filter(state="open")[
            :10
        ],
        "today": timezone.localdate(),
        "organisations": list(core_selectors.organisation_list(actor=actor)),
    }
    return render(request, "disclosure/home.html", context)


@login_required
@require_GET
def figures(request: HttpRequest, unit: int) -> HttpResponse:
    """The four sections of publicity and consultation for a period (this year by default):
    the same builders as the unit's self-report and the city dashboard."""
    org = _unit(request, unit)
    form = PeriodForm(
        request.GET if "start" in request.GET else None, initial=PeriodForm.this_year()
    )
    context: dict[str, Any] = {"unit": org, "form": form, "sections": []}
    if form.is_bound and not form.is_valid():
        return render(request, "disclosure/figures.html", context, status=400)
    period = form.cleaned_data if form.is_bound else PeriodForm.this_year()
    start, end = period["start"], period["end"]
    context |= {
        "start": start,
        "end": end,
        "sections": core_figures.sections(agencies=[org], start=start, end=end, only=SECTIONS)[
            org.pk
        ],
    }
    return render(request, "disclosure/figures.html", context)


@login_required
@require_GET
def publication_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    query = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    year = request.GET.get("year", "")
    units = _units(org)
    unit_id = request.GET.get("unit", "")
    chosen = units.filter(pk=int(unit_id)).first() if unit_id.isdigit() else None
    rows = selectors.publication_list(
        actor=actor,
        agency=org,
        query=query,
        category=category,
        year=_year(year),
        breaches_only=request.GET.get("breaches") == "1",
        unit=chosen,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": org,
        "page": page,
        "q": query,
        "category": category,
        "categories": Category.choices,
        "year": year,
        "units": units,
        "chosen": chosen,
        "breaches": request.GET.get("breaches") == "1",
        "can_publish": actor.has_perm("disclosure.publish", org),
    }
    return render(request, "disclosure/publication_list.html", context)


@login_required
@require_GET
def register_xlsx(request: HttpRequest, unit: int) -> HttpResponse:
    """The publication register of a year as an Excel file."""
    from danchu.disclosure.excel import register_export

    actor = _actor(request)
    org = _unit(request, unit, "disclosure.view_all")
    year_text = request.GET.get("year", "")
    year = _year(year_text) or timezone.localdate().year
    rows = selectors.publication_list(actor=actor, agency=org, year=year)
    response = HttpResponse(register_export(org, year, list(rows)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="cong-khai-{org.code}-{year}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def publication_create(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit, "disclosure.publish")
    form = PublicationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    form.set_units(_units(org))
    if request.method == "POST":

        def call(d: dict[str, Any]) -> Publication:
            upload = d.pop("file", None)
            files = [services.FileIn(upload.name, upload.read())] if upload else []
            return services.publication_create(actor=actor, agency=org, files=files, **d)

        publication = submit(request, form, call, _("Published."))
        if publication is not None:
            return redirect("disclosure:publication", pk=publication.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "disclosure/publication_form.html", {"unit": org, "form": form}, status=status
    )


def _dissemination_form(org: Agency) -> DisseminationForm:
    form = DisseminationForm(initial={"confirm_by": timezone.localdate() + dt.timedelta(days=7)})
    form.set_units(_units(org))
    return form


@login_required
@require_GET
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    publication = selectors.publication_get(actor=actor, pk=pk)
    org = publication.agency
    context = {
        "publication": publication,
        "unit": org,
        "today": timezone.localdate(),
        "files": publication.files.all(),
        "can_publish": actor.has_perm("disclosure.publish", org),
        "take_down_form": TakeDownForm(),
        "dissemination_form": _dissemination_form(org),
        "can_disseminate": actor.has_perm("disclosure.disseminate", org),
    }
    return render(request, "disclosure/publication_detail.html", context)


@login_required
@require_GET
def publication_file(request: HttpRequest, pk: int) -> FileResponse:
    """An attachment, to those who may read its publication, always as a download (never
    rendered by the browser)."""
    from danchu.core.errors import NotFound

    stored = PublicationFile.objects.select_related("publication").filter(pk=pk).first()
    if stored is None:
        raise NotFound()
    selectors.publication_get(actor=_actor(request), pk=stored.publication_id)
    return uploads.download(stored.file, stored.name)


@login_required
@require_POST
def publication_take_down(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    publication = selectors.publication_get(actor=actor, pk=pk)
    form = TakeDownForm(request.POST)
    done = submit(
        request,
        form,
        lambda d: services.publication_take_down(actor=actor, publication=publication, on=d["on"]),
        _("Taken down."),
    )
    if done is not None:
        return redirect("disclosure:publication", pk=pk)
    context = {"unit": publication.agency, "form": form, "title": _("Take down")}
    return render(request, "disclosure/simple_form.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def regulation_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    form = RegulationForm(
        request.POST if request.method == "POST" else None,
        people=_people(request, org),
        initial={"owner": actor.pk},
    )
    status = 200
    if request.method == "POST":
        if not actor.has_perm("disclosure.manage_regulations", org):
            raise PermissionDenied
        regulation = submit(
            request,
            form,
            lambda d: services.regulation_create(actor=actor, agency=org, **d),
            _("The regulation was added."),
        )
        if regulation is not None:
            return redirect("disclosure:regulation", pk=regulation.pk)
        status = 400
    query = request.GET.get("q", "").strip()
    regulations = list(selectors.regulation_list(actor=actor, agency=org, query=query))
    in_force = {r.pk: selectors.version_in_force(regulation=r) for r in regulations}
    context = {
        "unit": org,
        "regulations": [(r, in_force[r.pk]) for r in regulations],
        "form": form,
        "q": query,
        "can_manage": actor.has_perm("disclosure.manage_regulations", org),
        "today": timezone.localdate(),
    }
    return render(request, "disclosure/regulation_list.html", context, status=status)


@login_required
@require_GET
def regulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    regulation = selectors.regulation_get(actor=actor, pk=pk)
    context = {
        "regulation": regulation,
        "unit": regulation.agency,
        "versions": regulation.versions.all(),
        "in_force": selectors.version_in_force(regulation=regulation),
        "form": VersionForm(initial=_version_initial(regulation)),
        "can_add": actor.has_perm("disclosure.add_version", regulation),
        "today": timezone.localdate(),
    }
    return render(request, "disclosure/regulation_detail.html", context)


def _version_initial(regulation: Any) -> dict[str, Any]:
    """A new version starts from the text of the latest one."""
    latest = regulation.versions.order_by("-number").first()
    return {"text": latest.text} if latest else {}


@login_required
@require_POST
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    regulation = selectors.regulation_get(actor=actor, pk=pk)
    if not actor.has_perm("disclosure.add_version", regulation):
        raise PermissionDenied
    form = VersionForm(request.POST)

    def call(d: dict[str, Any]) -> RegulationVersion:
        publish = d.pop("publish")
        return services.version_add(
            actor=actor,
            regulation=regulation,
            publish_channels=["intranet", "notice_board"] if publish else None,
            **d,
        )

    version = submit(request, form, call, _("The version was issued."))
    if version is not None:
        return redirect("disclosure:version", pk=version.pk)
    context = {
        "regulation": regulation,
        "unit": regulation.agency,
        "versions": regulation.versions.all(),
        "in_force": selectors.version_in_force(regulation=regulation),
        "form": form,
        "can_add": True,
        "today": timezone.localdate(),
    }
    return render(request, "disclosure/regulation_detail.html", context, status=400)


@login_required
@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    version = selectors.version_get(actor=actor, pk=pk)
    others = version.regulation.versions.exclude(pk=version.pk)
    compare_id = request.GET.get("compare", "")
    base = (
        others.filter(pk=int(compare_id)).first()
        if compare_id.isdigit()
        else others.filter(number__lt=version.number).order_by("-number").first()
    )
    context = {
        "version": version,
        "in_force": selectors.version_in_force(regulation=version.regulation),
        "today": timezone.localdate(),
        "regulation": version.regulation,
        "unit": version.regulation.agency,
        "articles": version.articles,
        "others": others,
        "base": base,
        "diff": selectors.version_diff(old=base, new=version) if base else [],
        "dissemination_form": _dissemination_form(version.regulation.agency),
        "can_disseminate": actor.has_perm("disclosure.disseminate", version.regulation.agency),
        "disseminations": version.disseminations.all(),
    }
    return render(request, "disclosure/version_detail.html", context)


@login_required
@require_POST
def dissemination_create(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit, "disclosure.disseminate")
    form = DisseminationForm(request.POST)
    form.set_units(_units(org))
    publication = version = None
    if request.POST.get("publication", "").isdigit():
        publication = selectors.publication_get(actor=actor, pk=int(request.POST["publication"]))
    if request.POST.get("version", "").isdigit():
        version = selectors.version_get(actor=actor, pk=int(request.POST["version"]))
    dissemination = submit(
        request,
        form,
        lambda d: services.dissemination_create(
            actor=actor, agency=org, publication=publication, version=version, **d
        ),
        _("Staff are asked to confirm they have read it."),
    )
    if dissemination is not None:
        return redirect("disclosure:dissemination", pk=dissemination.pk)
    context = {"unit": org, "form": form, "title": _("Ask staff to confirm reading")}
    return render(request, "disclosure/simple_form.html", context, status=400)


@login_required
@require_GET
def dissemination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    dissemination = selectors.dissemination_get(actor=actor, pk=pk)
    org = dissemination.agency
    sees_all = actor.has_perm("disclosure.view_all", org)
    mine = dissemination.readers.filter(person=actor).first()
    context = {
        "dissemination": dissemination,
        "unit": org,
        "mine": mine,
        "report": selectors.dissemination_report(actor=actor, dissemination=dissemination)
        if sees_all
        else None,
        "can_remind": actor.has_perm("disclosure.disseminate", org),
    }
    return render(request, "disclosure/dissemination_detail.html", context)


@login_required
@require_POST
def dissemination_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    dissemination = selectors.dissemination_get(actor=actor, pk=pk)
    services.read_confirm(actor=actor, dissemination=dissemination)
    messages.success(request, _("Thank you: your reading is confirmed."))
    return redirect("disclosure:dissemination", pk=pk)


@login_required
@require_POST
def dissemination_remind(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    dissemination = selectors.dissemination_get(actor=actor, pk=pk)
    count = services.dissemination_remind(actor=actor, dissemination=dissemination)
    messages.success(request, _("%(n)d people were reminded.") % {"n": count})
    return redirect("disclosure:dissemination", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    form = InfoRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.info_request_create(actor=actor, agency=org, **d),
            _("Your request was sent."),
        )
        if done is not None:
            return redirect("disclosure:request_list", unit=org.pk)
        status = 400
    rows = selectors.info_request_list(actor=actor, agency=org)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": org,
        "page": page,
        "form": form,
        "answer_form": InfoAnswerForm(),
        "can_answer": actor.has_perm("disclosure.answer_requests", org),
        "today": timezone.localdate(),
    }
    return render(request, "disclosure/request_list.html", context, status=status)


@login_required
@require_POST
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    info = selectors.info_request_get(actor=actor, pk=pk)
    form = InfoAnswerForm(request.POST)
    done = submit(
        request,
        form,
        lambda d: services.info_request_answer(actor=actor, request=info, answer=d["answer"]),
        _("The answer was sent."),
    )
    if done is not None:
        return redirect("disclosure:request_list", unit=info.agency_id)
    context = {"unit": info.agency, "form": form, "title": _("Answer")}
    return render(request, "disclosure/simple_form.html", context, status=400)


@login_required
@require_GET
def consultation_list(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit)
    rows = selectors.consultation_list(actor=actor, agency=org)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": org,
        "page": page,
        "can_consult": actor.has_perm("disclosure.consult", org),
    }
    return render(request, "disclosure/consultation_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest, unit: int) -> HttpResponse:
    actor = _actor(request)
    org = _unit(request, unit, "disclosure.consult")
    versions = selectors.versions_of(actor=actor, agency=org)
    form = ConsultationCreateForm(
        request.POST if request.method == "POST" else None,
        people=_people(request, org),
        versions=versions,
        initial={"owner": actor.pk},
    )
    form.set_units(_units(org))
    if request.method == "POST":
        consultation = submit(
            request,
            form,
            lambda d: services.consultation_create(actor=actor, agency=org, **d),
            _("The consultation is open."),
        )
        if consultation is not None:
            return redirect("disclosure:consultation", pk=consultation.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "disclosure/consultation_form.html", {"unit": org, "form": form}, status=status
    )


def _consultation_context(actor: User, consultation: Any, **forms_: Any) -> dict[str, Any]:
    labels = [a.label for a in consultation.articles if a.label]
    comments = list(consultation.comments.select_related("author"))
    can_answer = actor.has_perm("disclosure.answer_comments", consultation)
    return {
        "consultation": consultation,
        "unit": consultation.agency,
        "articles": consultation.articles,
        "comments": comments,
        "comment_form": forms_.get("comment_form")
        or CommentForm(labels=labels, anonymous=consultation.anonymous_allowed),
        "answer_forms": {c.pk: AnswerForm(prefix=str(c.pk)) for c in comments}
        if can_answer
        else {},
        "can_answer": can_answer,
        "publish_form": forms_.get("publish_form") or PublishSummaryForm(),
        "summary": consultation.publications.first(),
        "today": timezone.localdate(),
    }


@login_required
@require_GET
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    consultation = selectors.consultation_get(actor=actor, pk=pk)
    return render(
        request, "disclosure/consultation_detail.html", _consultation_context(actor, consultation)
    )


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    consultation = selectors.consultation_get(actor=actor, pk=pk)
    labels = [a.label for a in consultation.articles if a.label]
    form = CommentForm(request.POST, labels=labels, anonymous=consultation.anonymous_allowed)
    done = submit(
        request,
        form,
        lambda d: services.comment_add(
            actor=actor,
            consultation=consultation,
            text=d["text"],
            article=d.get("article") or "",
            anonymous=bool(d.get("anonymous")),
        ),
        _("Thank you: your comment was received."),
    )
    if done is not None:
        return redirect("disclosure:consultation", pk=pk)
    context = _consultation_context(actor, consultation, comment_form=form)
    return render(request, "disclosure/consultation_detail.html", context, status=400)


@login_required
@require_POST
def comment_answer(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    actor = _actor(request)
    comment = selectors.comment_get(actor=actor, pk=pk)
    consultation = comment.consultation
    form = AnswerForm(request.POST, prefix=str(comment.pk))
    done = submit(
        request,
        form,
        lambda d: services.comment_answer(actor=actor, comment=comment, **d),
        _("The answer was saved."),
    )
    if done is not None:
        return redirect("disclosure:consultation", pk=consultation.pk)
    context = {"unit": consultation.agency, "form": form, "title": _("Answer")}
    return render(request, "disclosure/simple_form.html", context, status=400)


@login_required
@require_POST
def consultation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    consultation = selectors.consultation_get(actor=actor, pk=pk)
    if not actor.has_perm("disclosure.answer_comments", consultation):
        raise PermissionDenied
    form = PublishSummaryForm(request.POST)
    done = submit(
        request,
        form,
        lambda d: services.consultation_publish(actor=actor, consultation=consultation, **d),
        _("The summary was published."),
    )
    if done is not None:
        return redirect("disclosure:consultation", pk=pk)
    context = _consultation_context(actor, consultation, publish_form=form)
    return render(request, "disclosure/consultation_detail.html", context, status=400)


@login_required
@require_GET
def consultation_summary_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from danchu.disclosure.documents import summary_docx

    consultation = selectors.consultation_get(actor=_actor(request), pk=pk)
    response = HttpResponse(summary_docx(consultation), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="tong-hop-y-kien-{pk}.docx"'
    return response
