"""Pages of the procedure catalogue: list, detail, Excel export and import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danchu.core import uploads
from danchu.core.errors import NotFound
from danchu.core.forms import submit
from danchu.core.models import Agency
from danchu.core.uploads import FileIn
from danchu.onestop import selectors, services
from danchu.onestop.forms import ImportForm, ProcedureFormUpload
from danchu.onestop.models import Procedure, ProcedureForm
from danchu.onestop.views.common import XLSX, _actor, _download, _need, _unit


@login_required
@require_GET
def procedure_list(request: HttpRequest, unit: int) -> HttpResponse:
    agency = _unit(request, unit)
    _need(request, "onestop.view_catalogue", agency)
    query = request.GET.get("q", "").strip()
    procedures = selectors.procedure_list(actor=_actor(request), agency=agency, query=query)
    page = Paginator(procedures, 50).get_page(request.GET.get("page"))
    context = {
        "unit": agency,
        "page": page,
        "q": query,
        "import_form": ImportForm(),
        "can_manage": _actor(request).has_perm("onestop.manage_catalogue", agency),
    }
    return render(request, "onestop/procedure_list.html", context)


@login_required
@require_GET
def procedure_detail(request: HttpRequest, unit: int, pk: int) -> HttpResponse:
    agency = _unit(request, unit)
    _need(request, "onestop.view_catalogue", agency)
    procedure = selectors.procedure_get(actor=_actor(request), agency=agency, pk=pk)
    return _procedure_page(request, agency, procedure, ProcedureFormUpload())


def _procedure_page(
    request: HttpRequest,
    agency: Agency,
    procedure: Procedure,
    form: ProcedureFormUpload,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "onestop/procedure_detail.html",
        {
            "unit": agency,
            "procedure": procedure,
            "version": procedure.current,
            "forms": list(procedure.form_files.all()),
            "upload": form,
            "can_manage": _actor(request).has_perm("onestop.manage_catalogue", agency),
        },
        status=status,
    )


@login_required
@require_POST
def procedure_form_add(request: HttpRequest, unit: int, pk: int) -> HttpResponse:
    """Attach a form citizens download (PDF, Word, Excel) to the procedure."""
    agency = _unit(request, unit)
    _need(request, "onestop.manage_catalogue", agency)
    procedure = selectors.procedure_get(actor=_actor(request), agency=agency, pk=pk)
    form = ProcedureFormUpload(request.POST, request.FILES)

    def call(d: dict[str, Any]) -> Any:
        upload = d["file"]
        return services.procedure_form_add(
            actor=_actor(request), procedure=procedure, file=FileIn(upload.name, upload.read())
        )

    if submit(request, form, call, _("The form was attached.")) is not None:
        return redirect("onestop:procedure_detail", unit=agency.pk, pk=procedure.pk)
    return _procedure_page(request, agency, procedure, form, status=400)


def _stored_form(request: HttpRequest, pk: int) -> ProcedureForm:
    found = ProcedureForm.objects.select_related("procedure__agency").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    selectors.procedure_get(
        actor=_actor(request), agency=found.procedure.agency, pk=found.procedure_id
    )
    return found


@login_required
@require_GET
def procedure_form_file(request: HttpRequest, pk: int) -> FileResponse:
    stored = _stored_form(request, pk)
    _need(request, "onestop.view_catalogue", stored.procedure.agency)
    return uploads.download(stored.file, stored.name)


@login_required
@require_POST
def procedure_form_remove(request: HttpRequest, pk: int) -> HttpResponse:
    stored = _stored_form(request, pk)
    agency = stored.procedure.agency
    _need(request, "onestop.manage_catalogue", agency)
    services.procedure_form_remove(actor=_actor(request), form=stored)
    messages.success(request, _("The form was removed."))
    return redirect("onestop:procedure_detail", unit=agency.pk, pk=stored.procedure_id)


@login_required
@require_GET
def catalogue_export(request: HttpRequest, unit: int) -> HttpResponse:
    from danchu.onestop.excel import catalogue_export as export

    agency = _unit(request, unit)
    _need(request, "onestop.view_catalogue", agency)
    return _download(export(agency=agency), XLSX, f"thu-tuc-{agency.code}.xlsx")


@login_required
@require_POST
def catalogue_import(request: HttpRequest, unit: int) -> HttpResponse:
    from danchu.onestop.excel import catalogue_import as do_import

    agency = _unit(request, unit)
    _need(request, "onestop.manage_catalogue", agency)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "onestop/import_report.html",
            {"unit": agency, "form": form, "report": None},
            status=400,
        )
    report = do_import(actor=_actor(request), agency=agency, data=form.cleaned_data["file"].read())
    status = 400 if report.rejected and not (report.created or report.updated) else 200
    return render(
        request,
        "onestop/import_report.html",
        {"unit": agency, "form": form, "report": report},
        status=status,
    )
