"""(Re)build the Word template of the board's report:
``uv run python -m danchu.oversight.docx.build [target folder]``.

The People's Inspection Board's report for a quarter, a half-year, a year or its term
(Law 10/2022 Art. 63; Decree 59/2023), in the official format of Decree 30/2020, filled by
docxtpl from ``danchu.oversight.documents.report_context``.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject
from docx.shared import Length, Mm

from danchu.core.officialdoc import (
    body,
    build_main,
    build_templates,
    content_width,
    grid,
    header,
    new_document,
    signatures,
    title,
)

HERE = Path(__file__).resolve().parent
HEADER_LEFT = Mm(66)


def report() -> DocumentObject:
    doc = new_document()
    header(doc, left=HEADER_LEFT)
    title(
        doc,
        "BÁO CÁO",
        (("Kết quả hoạt động của Ban Thanh tra nhân dân {{ period }}", "b"),),
    )
    body(
        doc,
        (
            "Từ ngày {{ start }} đến ngày {{ end }}, Ban Thanh tra nhân dân {{ org_name }} đã "
            "thông báo {{ inspection_count }} cuộc kiểm tra, giám sát, trong đó "
            "{{ concluded_count }} cuộc đã có kết quả; gửi {{ recommendation_count }} kiến nghị "
            "tới người đứng đầu, trong đó {{ answered_count }} kiến nghị đã được trả lời "
            "({{ answered_on_time }} đúng hạn), {{ unanswered_count }} kiến nghị chưa được trả "
            "lời ({{ unanswered_overdue }} đã quá hạn); tiếp nhận {{ petition_count }} đơn kiến "
            "nghị của cán bộ, công chức, viên chức. Số yêu cầu cung cấp thông tin, tài liệu "
            "không được đáp ứng đúng hạn: {{ late_requests }}.",
            "",
        ),
    )
    width = content_width(doc)
    body(doc, ("1. Các cuộc kiểm tra, giám sát", "b"), indent=False)
    grid(
        doc,
        heads=["TT", "Nội dung", "Thông báo", "Kết quả"],
        cells=["{{ i.n }}", "{{ i.subject }}", "{{ i.notice }}", "{{ i.result }}"],
        widths=[Mm(10), Mm(55), Mm(40), Length(width - Mm(10 + 55 + 40))],
        loop="i in inspections",
        size=12,
    )
    body(doc, ("2. Kiến nghị và việc trả lời của người đứng đầu", "b"), indent=False)
    grid(
        doc,
        heads=["TT", "Số", "Nội dung kiến nghị", "Ngày nhận", "Hạn trả lời", "Trả lời"],
        cells=[
            "{{ r.n }}",
            "{{ r.number }}",
            "{{ r.content }}",
            "{{ r.received }}",
            "{{ r.due }}",
            "{{ r.answer }}",
        ],
        widths=[Mm(10), Mm(22), Mm(50), Mm(22), Mm(22), Length(width - Mm(10 + 22 + 50 + 44))],
        loop="r in recommendations",
        size=12,
    )
    body(doc, ("3. Đơn kiến nghị của cán bộ, công chức, viên chức", "b"), indent=False)
    grid(
        doc,
        heads=["TT", "Ngày nhận", "Nội dung", "Quyết định", "Trả lời"],
        cells=[
            "{{ p.n }}",
            "{{ p.received }}",
            "{{ p.subject }}",
            "{{ p.decision }}",
            "{{ p.answer }}",
        ],
        widths=[Mm(10), Mm(22), Mm(55), Mm(28), Length(width - Mm(10 + 22 + 55 + 28))],
        loop="p in petitions",
        size=12,
    )
    body(doc, ("Số liệu trong báo cáo được tổng hợp từ hồ sơ trên hệ thống Danchu./.", ""))
    signatures(doc, right=("TM. BAN THANH TRA NHÂN DÂN", "(Ký, ghi rõ họ tên)", ""))
    body(doc, ("Nơi nhận:", "bi"), indent=False, size=12)
    for line in (
        "- Ban Chấp hành Công đoàn cơ quan;",
        "- Người đứng đầu cơ quan;",
        "- Lưu: BTTND.",
    ):
        body(doc, (line, ""), indent=False, size=11)
    return doc


TEMPLATES = {"report": report}


def build(target: Path = HERE) -> list[Path]:
    return build_templates(TEMPLATES, target)


if __name__ == "__main__":
    build_main(TEMPLATES, HERE)
