"""Pages of the procedure catalogue: list, detail, Excel export and import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from danchu.onestop import selectors
from danchu.onestop.forms import ImportForm
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
    return render(
        request,
        "onestop/procedure_detail.html",
        {"unit": agency, "procedure": procedure, "version": procedure.current},
    )


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
