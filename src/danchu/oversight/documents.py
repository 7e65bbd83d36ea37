"""The board's report for a quarter, a half-year, a year or its term, as a Word file in the
official layout (Decree 30/2020), printed in Vietnamese, every line from the records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
from danchu.core.officialdoc import heading, render, template
from danchu.core.text import vn_date
from danchu.oversight.models import BoardTerm, Recommendation
from danchu.oversight.selectors import Period, report_records

QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def period_of(kind: str, year: int | None, number: int | None, term: BoardTerm | None) -> Period:
    """The span a report covers; refused when it is not a whole quarter, half or year."""
    if kind == "term":
        if term is None:
            message = _("Choose the term.")
            raise DomainError("invalid", message, fields={"term": [message]})
        return Period(term.starts_on, term.ends_on, f"nhiệm kỳ {term}")
    if year is None:
        message = _("Choose the year.")
        raise DomainError("invalid", message, fields={"year": [message]})
    if kind == "year":
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}")
    if kind == "half" and number in (1, 2):
        start = dt.date(year, 1 if number == 1 else 7, 1)
        end = dt.date(year, 6, 30) if number == 1 else dt.date(year, 12, 31)
        return Period(start, end, f"{'6 tháng đầu' if number == 1 else '6 tháng cuối'} năm {year}")
    if kind == "quarter" and number in QUARTER_ENDS:
        month, day = QUARTER_ENDS[number]
        roman = ["I", "II", "III", "IV"][number - 1]
        return Period(
            dt.date(year, month - 2, 1), dt.date(year, month, day), f"quý {roman} năm {year}"
        )
    raise DomainError(
        "invalid",
        _("Choose a whole quarter (1–4) or half-year (1–2)."),
        fields={"period": [_("Choose the quarter or the half.")]},
    )


def _answer(r: Recommendation, answers: dict[str, str]) -> str:
    if r.answered_on is None:
        return "Chưa trả lời"
    late = "" if r.answered_on <= r.due_on else " (quá hạn)"
    return f"{answers.get(r.answer_kind, '')}, ngày {vn_date(r.answered_on)}{late}: {r.answer}"


def report_context(
    agency: Any, period: Period, on: dt.date, petitions: bool = True
) -> dict[str, Any]:
    """``petitions``: whether the reader may read the staff's petitions (the board); anyone
    else gets their number only — a subject and a day may name an anonymous sender."""
    records = report_records(agency=agency, period=period)
    with translation.override("vi"):
        from danchu.oversight.models import AnswerKind, InspectionState, SubjectKind

        answers = {k: str(v) for k, v in AnswerKind.choices}
        subjects = {k: str(v) for k, v in SubjectKind.choices}
        states = {k: str(v) for k, v in InspectionState.choices}
    inspections = records["inspections"]
    recs: list[Recommendation] = records["recommendations"]
    answered = [r for r in recs if r.answered_on is not None]
    late_requests = sum(
        1 for i in inspections for q in i.requests.all() if (q.supplied_on or on) > q.due_on
    )
    return {
        **heading(agency, on),
        # The board issues the report: the unit above it is the agency itself.
        "parent_name": agency.name,
        "unit_name": "Ban Thanh tra nhân dân",
        "org_name": agency.name,
        "number": "……/BC-BTTND",
        "period": period.label,
        "start": vn_date(period.start),
        "end": vn_date(period.end),
        "inspection_count": len(inspections),
        "recommendation_count": len(recs),
        "answered_count": len(answered),
        "answered_on_time": sum(1 for r in answered if r.answered_on and r.answered_on <= r.due_on),
        "unanswered_count": len(recs) - len(answered),
        "unanswered_overdue": sum(1 for r in recs if r.answered_on is None and r.due_on < on),
        "concluded_count": sum(1 for i in inspections if i.concluded_on is not None),
        "petition_count": len(records["petitions"]),
        "late_requests": late_requests,
        "inspections": [
            {
                "n": n,
                "subject": f"{i.subject} ({subjects.get(i.subject_kind, '')})",
                "notice": (
                    f"{i.notice_number}, {vn_date(i.notified_on)}; bắt đầu {vn_date(i.starts_on)}"
                ),
                "result": (
                    f"{states.get(i.state, '')}: {i.findings} (tán thành {i.votes_for}/{i.seats})"
                    if i.findings
                    else states.get(i.state, "")
                ),
            }
            for n, i in enumerate(inspections, 1)
        ],
        "recommendations": [
            {
                "n": n,
                "number": r.number,
                "content": r.content,
                "received": vn_date(r.received_on),
                "due": vn_date(r.due_on),
                "answer": _answer(r, answers),
            }
            for n, r in enumerate(recs, 1)
        ],
        "petitions": [
            {
                "n": n,
                "received": vn_date(p.received_on),
                "subject": p.subject,
                "decision": {"verify": "Xác minh", "no": "Không xác minh"}.get(
                    p.decision, "Chưa quyết định"
                ),
                "answer": p.answer or "Chưa trả lời",
            }
            for n, p in enumerate(records["petitions"] if petitions else [], 1)
        ],
    }


def report_docx(agency: Any, period: Period, on: dt.date, petitions: bool = True) -> bytes:
    return render(
        template("danchu.oversight.docx", "report.docx"),
        report_context(agency, period, on, petitions),
    )
