"""API of the unit's QCDC implementation report: its figures section by section (with each
section's sentence), and the Word and Excel files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Router, Schema

from danchu.core import selectors as core_selectors
from danchu.core.api import ERRORS, api_actor
from danchu.core.errors import Forbidden
from danchu.core.models import Agency
from danchu.core.routers import reads_from_replica
from danchu.reports.documents import DOCX, qcdc_docx
from danchu.reports.excel import qcdc_xlsx
from danchu.reports.qcdc import QcdcReport, qcdc_report

router = Router(tags=["reports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit(request: HttpRequest, unit_id: int, perm: str) -> Agency:
    agency = core_selectors.agency_get(actor=api_actor(request), pk=unit_id)
    org = agency.organisation or agency
    if not api_actor(request).has_perm(perm, org):
        raise Forbidden()
    return org


class UnitOut(Schema):
    id: int
    code: str
    name: str


class FigureOut(Schema):
    key: str
    label: str
    value: int | float | dt.date | str | None
    kind: str
    shown: str


class SectionOut(Schema):
    key: str
    title: str
    heading: str
    sentence: str
    figures: list[FigureOut]


class QcdcOut(Schema):
    unit: UnitOut
    start: dt.date
    end: dt.date
    sections: list[SectionOut]


def _report(request: HttpRequest, unit_id: int, start: dt.date, end: dt.date) -> QcdcReport:
    org = _unit(request, unit_id, "reports.view_unit")
    return qcdc_report(agency=org, start=start, end=end)


@router.get("/units/{unit_id}/qcdc", response={200: QcdcOut, **ERRORS})
@reads_from_replica
def reports_qcdc_api(request: HttpRequest, unit_id: int, start: dt.date, end: dt.date) -> Any:
    """The report's figures for ``start``..``end`` (both included): every registered section of
    the unit's organisation, each figure with its value, its kind and how the report shows it
    ("8.472", "98,5%", "15/09/2022")."""
    report = _report(request, unit_id, start, end)
    org = report.organisation
    with translation.override("vi"):
        sections = [
            {
                "key": part.key,
                "title": str(part.section.title),
                "heading": part.heading,
                "sentence": part.sentence,
                "figures": [
                    {
                        "key": f.key,
                        "label": str(f.label),
                        "value": f.value,
                        "kind": f.kind,
                        "shown": f.shown,
                    }
                    for f in part.section.figures
                ],
            }
            for part in report.sections
        ]
    return {
        "unit": {"id": org.pk, "code": org.code, "name": org.name},
        "start": start,
        "end": end,
        "sections": sections,
    }


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/units/{unit_id}/qcdc.docx", response={200: None, **ERRORS})
@reads_from_replica
def reports_qcdc_docx_api(
    request: HttpRequest, unit_id: int, start: dt.date, end: dt.date
) -> HttpResponse:
    """The report as an editable Word file in the official layout."""
    report = _report(request, unit_id, start, end)
    code = report.organisation.code
    return _download(qcdc_docx(report), DOCX, f"bao-cao-qcdc-{code}.docx")


@router.get("/units/{unit_id}/qcdc.xlsx", response={200: None, **ERRORS})
@reads_from_replica
def reports_qcdc_xlsx_api(
    request: HttpRequest, unit_id: int, start: dt.date, end: dt.date
) -> HttpResponse:
    """The report's figures as an Excel workbook, one sheet per section."""
    report = _report(request, unit_id, start, end)
    code = report.organisation.code
    return _download(qcdc_xlsx(report), XLSX, f"bao-cao-qcdc-{code}.xlsx")
