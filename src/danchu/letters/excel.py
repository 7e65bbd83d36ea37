"""The reception and letters statistics as an Excel workbook: one sheet of indicators, each
row a figure of ``LetterFigures`` with its Vietnamese label (the form is in Vietnamese)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from danchu.core.sheets import _header, _save
from danchu.core.text import vn_date
from danchu.letters.models import Channel, Kind, SessionKind, State
from danchu.letters.stats import LettersReport

TITLE = "BIỂU SỐ LIỆU TIẾP CÔNG DÂN, XỬ LÝ ĐƠN THƯ"
CHANNELS = {
    Channel.VISIT: "Qua tiếp công dân",
    Channel.POST: "Qua bưu chính",
    Channel.DIRECT: "Nộp trực tiếp",
    Channel.PORTAL: "Qua cổng thông tin",
    Channel.EMAIL: "Qua thư điện tử",
    Channel.FORWARDED: "Cơ quan khác chuyển đến",
}
KINDS = {
    Kind.PETITION: "Kiến nghị, phản ánh",
    Kind.COMPLAINT: "Khiếu nại",
    Kind.DENUNCIATION: "Tố cáo",
    Kind.UNCLASSIFIED: "Chưa phân loại",
}
SESSIONS = {
    SessionKind.REGULAR: "Tiếp thường xuyên",
    SessionKind.HEAD: "Thủ trưởng tiếp định kỳ",
    SessionKind.ADHOC: "Tiếp đột xuất",
}
OUTCOMES = {
    State.ANSWERED: "Đã trả lời",
    State.RESOLVED: "Đã giải quyết (quyết định, kết luận)",
    State.WITHDRAWN: "Rút đơn",
    State.FORWARDED: "Chuyển cơ quan có thẩm quyền",
    State.CLOSED: "Lưu đơn, không xử lý",
}


def rows(report: LettersReport) -> list[tuple[str, int | str]]:
    """The indicators in the order the page and the workbook show them."""
    f = report.figures
    out: list[tuple[str, int | str]] = [
        ("I. TIẾP CÔNG DÂN", ""),
        *[
            (f"Số buổi {label.lower()}", f.sessions_by_kind.get(k, 0))
            for k, label in SESSIONS.items()
        ],
        ("Số lượt tiếp", f.visits),
        *[(f"  – {label}", f.visits_by_session.get(k, 0)) for k, label in SESSIONS.items()],
        ("Số người được tiếp", f.people_received),
        ("Số đoàn đông người (từ 5 người)", f.group_visits),
        ("Trả lời đúng hạn (10 ngày làm việc)", f.visit_answers_on_time),
        ("Trả lời quá hạn", f.visit_answers_late),
        ("Chưa trả lời", f.visit_answers_awaited),
        ("II. TIẾP NHẬN, XỬ LÝ ĐƠN", ""),
        ("Tổng số đơn tiếp nhận", f.letters),
        *[(f"  – {label}", f.by_kind.get(k, 0)) for k, label in KINDS.items()],
        *[(f"  – {label}", f.by_channel.get(k, 0)) for k, label in CHANNELS.items()],
        ("Đơn trùng (không tính lại)", f.duplicates),
        ("Đủ điều kiện xử lý", f.eligible),
        ("Không đủ điều kiện (nặc danh, quá thời hiệu, đã giải quyết)", f.not_eligible),
        ("Không thuộc thẩm quyền", f.not_competent),
        ("Đã chuyển cơ quan có thẩm quyền", f.forwarded),
        ("Đã thụ lý trong kỳ", f.accepted),
        ("III. KẾT QUẢ", ""),
        ("Đã giải quyết xong", f.settled),
        ("  – Đúng hạn", f.settled_on_time),
        ("  – Quá hạn", f.settled_late),
        ("Đang giải quyết trong hạn", f.in_progress_within),
        ("Đang giải quyết quá hạn", f.in_progress_overdue),
        ("Kết quả giải quyết", ""),
        *[(f"  – {label}", f.outcomes.get(k, 0)) for k, label in OUTCOMES.items()],
    ]
    return out


def stats_export(report: LettersReport) -> bytes:
    """Sheet "Số liệu": indicator | figure; sheet "Kỳ báo cáo": the unit, the period, the title."""
    book = Workbook()
    sheet = book.create_sheet("Số liệu", 0)
    book.remove(book.worksheets[1])
    _header(sheet, [("Chỉ tiêu", 62), ("Số liệu", 14)])
    for label, value in rows(report):
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
