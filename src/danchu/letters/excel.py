"""The reception and letters statistics as rows of (label, figure), and as an Excel workbook:
one sheet of indicators, labelled in Vietnamese (an official form), one of the period."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from danchu.core.sheets import _header, _save
from danchu.core.text import vn_date
from danchu.letters.models import Channel, Kind, SessionKind, State, Timeliness
from danchu.letters.stats import LettersReport

TITLE = "BIỂU SỐ LIỆU TIẾP CÔNG DÂN, XỬ LÝ ĐƠN THƯ"
KINDS = (Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION, Kind.UNCLASSIFIED)


def rows(report: LettersReport) -> list[tuple[str, int | str]]:
    """The indicators in the order the page, the workbook and the command line show them, in
    the active language (the workbook and the command line are written in Vietnamese)."""
    f = report.figures

    def sub(label: object) -> str:
        return f"  – {label}"

    out: list[tuple[str, int | str]] = [
        (f"I. {_('CITIZEN RECEPTION')}", ""),
        *[
            (_("Sessions: %(kind)s") % {"kind": SessionKind(k).label}, n)
            for k, n in f.sessions_by_kind.items()
        ],
        (_("Number of visits"), f.visits),
        *[(sub(SessionKind(k).label), n) for k, n in f.visits_by_session.items()],
        (_("People received"), f.people_received),
        (_("Group visits (5 people or more)"), f.group_visits),
        (_("Answered on time (10 working days)"), f.visit_answers_on_time),
        (_("Answered late"), f.visit_answers_late),
        (_("Not answered yet"), f.visit_answers_awaited),
        (f"II. {_('LETTERS RECEIVED AND HANDLED')}", ""),
        (_("Letters received"), f.letters),
        *[(sub(Kind(k).label), f.by_kind.get(k, 0)) for k in KINDS],
        *[(sub(Channel(k).label), n) for k, n in f.by_channel.items()],
        (_("Duplicates (not counted again)"), f.duplicates),
        (_("Eligible"), f.eligible),
        (_("Not eligible (anonymous, out of time, already settled)"), f.not_eligible),
        (_("Not within our competence"), f.not_competent),
        (_("Forwarded to the competent body"), f.forwarded),
        (_("Accepted in the period"), f.accepted),
        (f"III. {_('RESULTS')}", ""),
        (_("Settled in full"), f.settled),
        (sub(Timeliness.ON_TIME.label), f.settled_on_time),
        (sub(Timeliness.LATE.label), f.settled_late),
        (_("In progress, within time"), f.in_progress_within),
        (_("In progress, overdue"), f.in_progress_overdue),
        (_("Outcomes"), ""),
        *[(sub(State(k).label), n) for k, n in f.outcomes.items()],
    ]
    return out


def stats_export(report: LettersReport) -> bytes:
    """Sheet "Số liệu": indicator | figure; sheet "Kỳ báo cáo": the unit, the period, the title."""
    with translation.override("vi"):
        table = rows(report)
    book = Workbook()
    sheet = book.create_sheet("Số liệu", 0)
    book.remove(book.worksheets[1])
    _header(sheet, [("Chỉ tiêu", 62), ("Số liệu", 14)])
    for label, value in table:
        sheet.append([label, value])
        if value == "":
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    about = book.create_sheet("Kỳ báo cáo")
    about.append([TITLE])
    about["A1"].font = Font(bold=True, size=13)
    about.append(["Đơn vị", report.agency.name])
    about.append(["Từ ngày", vn_date(report.start)])
    about.append(["Đến ngày", vn_date(report.end)])
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 60
    return _save(book)
