"""The official papers of the one-stop desk as Word files, and the words they print.

``slip_context``, ``dossier_context`` and ``register_context`` give the words; the printable
HTML pages render the same dictionaries, so the Word file and the page never disagree. The
``*_docx`` functions fill the templates of ``danchu/onestop/docx/`` (built by its ``build.py``)
with docxtpl.

The forms are printed in Vietnamese whatever the interface language: an official document is
written in Vietnamese (Decree 30/2020, Art. 8), so the wording below is not passed to gettext.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.utils import timezone
from docx.shared import Mm
from docxtpl import (
    DocxTemplate,
    InlineImage,
)

from danchu.core.models import Agency, User
from danchu.core.officialdoc import heading, render, template
from danchu.core.text import vn_date, vn_datetime
from danchu.onestop.models import (
    ApplicantKind,
    CopyKind,
    Dossier,
    Handover,
    Slip,
    SlipKind,
    State,
    Timeliness,
)

TITLES = {
    SlipKind.RECEIPT: "PHIẾU TIẾP NHẬN VÀ HẸN TRẢ KẾT QUẢ",
    SlipKind.SUPPLEMENT: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    SlipKind.REFUSAL: "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    SlipKind.APOLOGY: "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
}
PROCESS_CONTROL_TITLE = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
REGISTER_TITLE = "SỔ THEO DÕI HỒ SƠ"
# The form numbers of the one-stop forms (01 receipt … 07 register).
FORMS = {
    SlipKind.RECEIPT: "Mẫu số 01",
    SlipKind.SUPPLEMENT: "Mẫu số 02",
    SlipKind.REFUSAL: "Mẫu số 03",
    SlipKind.APOLOGY: "Mẫu số 04",
}
PROCESS_CONTROL_FORM = "Mẫu số 06"
REGISTER_FORM = "Mẫu số 07"
# The sign after the number: "12/PTN".
ABBREVIATIONS = {
    SlipKind.RECEIPT: "PTN",
    SlipKind.SUPPLEMENT: "YCBS",
    SlipKind.REFUSAL: "TC",
    SlipKind.APOLOGY: "XL",
}
TEMPLATES = {
    SlipKind.RECEIPT: "receipt.docx",
    SlipKind.SUPPLEMENT: "supplement.docx",
    SlipKind.REFUSAL: "refusal.docx",
    SlipKind.APOLOGY: "apology.docx",
}
COPY_KINDS = {
    CopyKind.ORIGINAL: "Bản chính",
    CopyKind.COPY: "Bản sao",
    CopyKind.CERTIFIED: "Bản sao có chứng thực",
}
TIMELINESS = {
    Timeliness.EARLY: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
}
OUTCOMES = {
    State.REFUSED_AT_INTAKE: "Từ chối tiếp nhận",
    State.IN_PROGRESS: "Đang giải quyết",
    State.SUPPLEMENT: "Chờ bổ sung hồ sơ",
    State.SUSPENDED: "Tạm dừng giải quyết",
    State.APPROVED: "Đã có kết quả",
    State.REJECTED: "Không chấp thuận",
    State.RETURNED: "Đã trả kết quả",
    State.WITHDRAWN: "Rút hồ sơ",
}
SIGNERS = {
    SlipKind.RECEIPT: ("NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký, ghi rõ họ tên)"),
    SlipKind.SUPPLEMENT: ("NGƯỜI HƯỚNG DẪN", "(Ký, ghi rõ họ tên)"),
    SlipKind.REFUSAL: ("NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký, ghi rõ họ tên)"),
    SlipKind.APOLOGY: ("", "(Ký, ghi rõ họ tên, đóng dấu)"),  # the title names the late unit
}
QR_WIDTH = Mm(25)
# What a printed form shows where the applicant gave nothing: a line to fill in by hand.
BLANK = "……………"


# --- the words -------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [s.strip(" -•\t") for s in text.splitlines() if s.strip(" -•\t")]


def _sentence(text: str) -> str:
    """``text`` ending with a full stop, for a reason printed inside a paragraph."""
    return text if not text or text[-1] in ".!?…" else f"{text}."


def _name(user: User | None) -> str:
    return user.get_full_name() if user is not None else ""


def lookup_url(dossier: Dossier) -> str:
    return f"{settings.DANCHU_PUBLIC_URL}/tra-cuu/?{urlencode({'code': dossier.code})}"


def qr_code(url: str) -> tuple[bytes, str]:
    """The QR code of ``url``: a PNG for Word (10 px a module, sharp when printed 25 mm wide)
    and a smaller PNG data URI for the HTML page."""
    code = segno.make(url, error="m")
    out = BytesIO()
    code.save(out, kind="png", scale=10, border=2)
    return out.getvalue(), code.png_data_uri(scale=4, border=2)


def _documents(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "order": i,
            "name": d.get("name", ""),
            "copies": f"{int(d.get('copies') or 1):02d}",
            "kind": COPY_KINDS.get(d.get("kind", ""), d.get("kind", "")),
        }
        for i, d in enumerate(items, start=1)
    ]


def _outcome(dossier: Dossier) -> str:
    if dossier.state == State.RETURNED:
        return "Chấp thuận" if dossier.result_number else "Không chấp thuận"
    if dossier.state == State.APPROVED:
        return "Chấp thuận"
    return OUTCOMES.get(State(dossier.state), dossier.state)


def _applicant(dossier: Dossier) -> dict[str, Any]:
    person = dossier.applicant_kind == ApplicantKind.PERSON
    version = dossier.version
    received = timezone.localtime(dossier.received_at)
    return {
        "code": dossier.code,
        "applicant_name": dossier.applicant_name,
        "applicant_title": "Ông/Bà" if person else "Quý cơ quan, tổ chức",
        # Slips go to the applicant: the ID is printed in full.
        "applicant_id": dossier.applicant_id,
        "applicant_id_label": "Số định danh cá nhân" if person else "Mã số thuế",
        "applicant_address": dossier.applicant_address or BLANK,
        "applicant_phone": dossier.applicant_phone or BLANK,
        "applicant_email": dossier.applicant_email or BLANK,
        "procedure_code": dossier.procedure.code,
        "procedure_name": version.name,
        "deadline_days": version.deadline_days,
        "received_on": vn_date(dossier.received_on),
        "received_time": f"{received:%H} giờ {received:%M} phút, ngày {received:%d/%m/%Y}",
        "appointment_on": vn_date(dossier.appointment_on),
        "due_on": vn_date(dossier.due_on),
        "lookup_url": lookup_url(dossier),
    }


def slip_context(slip: Slip) -> dict[str, Any]:
    """The words of a slip, as printed on the day it was issued (its content, not the dossier's
    present state). ``qr_png`` is the PNG of the lookup URL; ``qr_data_uri`` embeds it in HTML."""
    dossier = slip.dossier
    kind = SlipKind(slip.kind)
    issued = timezone.localtime(slip.issued_at).date()
    content = slip.content or {}
    context: dict[str, Any] = {
        **heading(dossier.agency, issued),
        **_applicant(dossier),
        "kind": kind.value,
        "title": TITLES[kind],
        "form": FORMS[kind],
        "number": f"{slip.number:02d}/{ABBREVIATIONS[kind]}",
        "issued_on": vn_date(issued),
        "signer_name": _name(slip.issued_by),
        "signer_phone": slip.issued_by.phone,
        "signer_title": SIGNERS[kind][0],
        "signer_hint": SIGNERS[kind][1],
        "documents": _documents(content.get("documents") or dossier.documents),
        "missing": "",
        "missing_lines": [],
        "reasons": "",
        "reason_lines": [],
        "old_date": "",
        "new_date": "",
        "reason": "",
        "apology_unit": "",
    }
    if kind == SlipKind.RECEIPT and content.get("appointment_on"):
        context["appointment_on"] = vn_date(dt.date.fromisoformat(content["appointment_on"]))
    elif kind == SlipKind.SUPPLEMENT:
        missing = str(content.get("missing", ""))
        context.update(missing=missing, missing_lines=_lines(missing))
    elif kind == SlipKind.REFUSAL:
        reasons = str(content.get("reasons", "")) or dossier.reasons
        context.update(reasons=reasons, reason_lines=_lines(reasons))
    elif kind == SlipKind.APOLOGY:
        old, new = content.get("old_date"), content.get("new_date")
        unit = str(content.get("unit") or dossier.agency.name)
        context.update(
            old_date=vn_date(dt.date.fromisoformat(old)) if old else "",
            new_date=vn_date(dt.date.fromisoformat(new)) if new else "",
            reason=_sentence(" ".join(_lines(str(content.get("reason", ""))))),
            apology_unit=unit,
            signer_title=f"ĐẠI DIỆN {unit.upper()}",
        )
    context["qr_png"], context["qr_data_uri"] = qr_code(context["lookup_url"])
    return context


def _handover_rows(dossier: Dossier) -> list[dict[str, str]]:
    handovers = Handover.objects.filter(dossier=dossier).select_related("from_user", "to_user")
    rows = []
    for i, h in enumerate(handovers.order_by("started_at", "id"), start=1):
        rows.append(
            {
                "number": str(i),
                "step": h.step_name,
                "note": h.note,
                # The first line is the desk taking the dossier from the applicant.
                "from": _name(h.from_user) if h.from_user_id else dossier.applicant_name,
                "to": _name(h.to_user),
                "started": vn_datetime(h.started_at),
                "due": vn_date(h.due_on),
                "finished": vn_datetime(h.finished_at),
                "timeliness": TIMELINESS.get(Timeliness(h.timeliness), "") if h.timeliness else "",
            }
        )
    return rows


def dossier_context(dossier: Dossier) -> dict[str, Any]:
    """The words of the process-control slip: the dossier and one row per handover."""
    return {
        **heading(dossier.agency, dossier.received_on),
        **_applicant(dossier),
        "title": PROCESS_CONTROL_TITLE,
        "form": PROCESS_CONTROL_FORM,
        "number": "",
        "documents": _documents(dossier.documents),
        "handovers": _handover_rows(dossier),
        "state": dossier.get_state_display(),
        "outcome": _outcome(dossier),
        "result_number": dossier.result_number,
        "reasons": dossier.reasons,
        "resolved_on": vn_date(dossier.resolved_on),
        "returned_on": vn_date(dossier.returned_at),
        "timeliness": TIMELINESS.get(Timeliness(dossier.timeliness), "")
        if dossier.timeliness
        else "",
        "received_by_name": _name(dossier.received_by),
    }


def _register_row(number: int, d: Dossier) -> dict[str, str]:
    timeliness = TIMELINESS.get(Timeliness(d.timeliness), "") if d.timeliness else ""
    outcome = _outcome(d)
    return {
        "number": str(number),
        "code": d.code,
        "applicant_name": d.applicant_name,
        "procedure_name": d.version.name,
        "received_on": vn_date(d.received_on),
        "appointment_on": vn_date(d.appointment_on),
        "returned_on": vn_date(d.returned_at),
        "timeliness": timeliness,
        "outcome": outcome,
        "result": f"{outcome} – {timeliness}" if timeliness else outcome,
    }


def register_context(*, agency: Agency, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The register of the dossiers ``agency`` received from ``start`` to ``end`` (inclusive),
    by code; one query for the rows whatever their number."""
    dossiers = (
        Dossier.objects.filter(agency=agency, received_on__range=(start, end))
        .select_related("version")
        .only(
            "code",
            "applicant_name",
            "version__name",
            "received_on",
            "appointment_on",
            "returned_at",
            "state",
            "timeliness",
            "result_number",
        )
        .order_by("code")
    )
    rows = [_register_row(i, d) for i, d in enumerate(dossiers, start=1)]
    return {
        **heading(agency, timezone.localdate()),
        "title": REGISTER_TITLE,
        "form": REGISTER_FORM,
        "number": "",
        "start": vn_date(start),
        "end": vn_date(end),
        "rows": rows,
        "total": len(rows),
    }


# --- the Word files --------------------------------------------------------------------------


def slip_docx(slip: Slip) -> bytes:
    """The slip as a Word file; the receipt carries the QR code of the public lookup."""
    context = slip_context(slip)
    template = _template(TEMPLATES[SlipKind(slip.kind)])
    context["qr"] = InlineImage(template, BytesIO(context["qr_png"]), width=QR_WIDTH)
    return render(template, context)


def process_control_docx(dossier: Dossier) -> bytes:
    return render(_template("process_control.docx"), dossier_context(dossier))


def register_docx(*, agency: Agency, start: dt.date, end: dt.date) -> bytes:
    context = register_context(agency=agency, start=start, end=end)
    return render(_template("register.docx"), context)


def _template(name: str) -> DocxTemplate:
    return template("danchu.onestop.docx", name)
