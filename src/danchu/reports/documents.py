"""The unit's QCDC implementation report as a Word file in the official layout (Decree 30/2020),
printed in Vietnamese from a ``QcdcReport``.

The template is the one shipped in ``danchu/reports/docx`` unless an agency administrator put a
restyled copy in ``<VAR_DIR>/templates/reports/qcdc_report.docx``; a copy that lost a field the
report needs is refused with the names it lacks, before anything is written.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate

from danchu.core.errors import DomainError
from danchu.core.models import AgencyKind, Membership, Role
from danchu.core.officialdoc import heading, render, template
from danchu.core.text import fold, vn_date
from danchu.reports.qcdc import QcdcReport

TEMPLATE_NAME = "qcdc_report.docx"
# The fields a template must use: without them the report would lose its figures or its
# identity (the unit, the number, the period, the date).
REQUIRED = ("unit_name", "number", "period", "day", "month", "year", "sections")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def agency_template_path() -> Path:
    """Where an agency administrator puts a restyled template."""
    return Path(settings.VAR_DIR) / "templates" / "reports" / TEMPLATE_NAME


def qcdc_template() -> DocxTemplate:
    """The agency's template when there is one, checked for the fields the report needs; the
    shipped one otherwise."""
    path = agency_template_path()
    if not path.is_file():
        return template("danchu.reports.docx", TEMPLATE_NAME)
    try:
        tpl = DocxTemplate(BytesIO(path.read_bytes()))
        used = tpl.get_undeclared_template_variables()
    except Exception as exc:  # a broken file: python-docx and jinja raise many kinds
        message = _("The report template cannot be read: %(error)s") % {"error": exc}
        raise DomainError("bad_template", message, fields={"template": [message]}) from exc
    missing = [name for name in REQUIRED if name not in used]
    if missing:
        message = _("The report template lacks the fields: %(names)s.") % {
            "names": ", ".join(missing)
        }
        raise DomainError("bad_template", message, fields={"template": [message]})
    # The checked template is used as read: get_undeclared_template_variables left it whole.
    return DocxTemplate(BytesIO(path.read_bytes()))


def abbreviation(name: str, short_name: str = "") -> str:
    """The unit's abbreviation in a document number (Decree 30, Annex III): from the short name
    when there is one ("Sở TT&TT" → "STTTT", "Sở KH&CN" → "SKHCN"), otherwise the initials of
    the name's words but "và" ("Sở Tài chính" → "STC")."""
    if short_name:
        parts = []
        for word in short_name.replace("&", " ").split():
            letters = "".join(c for c in fold(word) if c.isalnum())
            if not letters:
                continue
            # An abbreviation already ("TT", "KH") is kept whole; a word gives its initial.
            parts.append(letters.upper() if word.replace("&", "").isupper() else letters[0])
        return "".join(parts).upper()
    words = [w for w in name.split() if fold(w) != "va"]
    return "".join(fold(w)[0] for w in words if fold(w)).upper()


def _signer(report: QcdcReport) -> tuple[str, str]:
    head = (
        Membership.objects.active(report.made_on)
        .filter(agency=report.organisation, role=Role.HEAD, person__is_active=True)
        .select_related("person")
        .first()
    )
    # The title the head signs with: their position when recorded, else the usual one.
    usual = {
        AgencyKind.DEPARTMENT: "GIÁM ĐỐC",
        AgencyKind.CITY: "CHỦ TỊCH",
        AgencyKind.COMMUNE: "CHỦ TỊCH",
    }.get(AgencyKind(report.organisation.kind), "THỦ TRƯỞNG CƠ QUAN")
    if head is None:
        return usual, ""
    return (head.position.upper() or usual), head.person.get_full_name()


def qcdc_context(report: QcdcReport) -> dict[str, Any]:
    org = report.organisation
    title, name = _signer(report)
    with translation.override("vi"):
        sections = [
            {
                "n": n,
                "key": part.key,
                "heading": part.heading,
                "sentence": part.sentence,
                "figures": [
                    {"n": i, "key": f.key, "label": str(f.label), "shown": f.shown}
                    for i, f in enumerate(part.section.figures, 1)
                ],
            }
            for n, part in enumerate(report.sections, 1)
        ]
    context = heading(org, report.made_on)
    return {
        **context,
        "number": f"……/BC-{abbreviation(org.name, org.short_name)}",
        "period": report.period.label,
        "start": vn_date(report.start),
        "end": vn_date(report.end),
        "sections": sections,
        "signer_title": title,
        "signer_name": name,
        "recipients": [
            r
            for r in (
                "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở;",
                f"{context['parent_name']};" if context["parent_name"] else "",
                "Ban Chấp hành Công đoàn cơ quan;",
                "Lưu: VT.",
            )
            if r
        ],
    }


def qcdc_docx(report: QcdcReport) -> bytes:
    """The report as a Word file; the template is checked before anything is rendered."""
    tpl = qcdc_template()
    return render(tpl, qcdc_context(report))
