"""The consultation summary as a Word file in the official layout (Decree 30/2020), printed in
Vietnamese whatever the interface language. Anonymous comments show no name."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from danchu.core.officialdoc import heading, render, template
from danchu.core.text import vn_date
from danchu.disclosure.models import Answer, AudienceKind, Consultation


def summary_context(consultation: Consultation) -> dict[str, Any]:
    comments = list(consultation.comments.all())
    with translation.override("vi"):
        answers = {k: str(v) for k, v in Answer.choices}
        form = str(consultation.get_form_display()).lower()
    audience = (
        "toàn thể cán bộ, công chức, viên chức"
        if consultation.audience_kind == AudienceKind.ALL
        else f"cán bộ, công chức, viên chức {consultation.audience_unit}"
    )
    closed = consultation.publications.first()
    day = closed.published_on if closed else consultation.closes_on
    return {
        **heading(consultation.agency, day),
        "number": closed.decision_number if closed else "……",
        "subject": consultation.title,
        "unit_name": consultation.agency.name,
        "audience": audience,
        "opens": vn_date(consultation.opens_on),
        "closes": vn_date(consultation.closes_on),
        "form": form,
        "total": len(comments),
        "accepted": sum(c.answer == Answer.ACCEPTED for c in comments),
        "partly": sum(c.answer == Answer.PARTLY for c in comments),
        "rejected": sum(c.answer == Answer.REJECTED for c in comments),
        "comments": [
            {
                "n": i,
                "article": c.article or "Toàn văn",
                "text": c.text,
                "answer": answers.get(c.answer, "Chưa trả lời"),
                "reason": c.answer_reason,
            }
            for i, c in enumerate(comments, start=1)
        ],
        "signer_title": "NGƯỜI CHỦ TRÌ",
        "signer_name": consultation.owner.get_full_name(),
    }


def summary_docx(consultation: Consultation) -> bytes:
    return render(template("danchu.disclosure.docx", "summary.docx"), summary_context(consultation))
