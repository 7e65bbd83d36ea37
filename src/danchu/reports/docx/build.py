"""(Re)build the Word template of the unit's QCDC implementation report:
``uv run python -m danchu.reports.docx.build [target folder]``.

The report a unit gives on how it carries out the Grassroots Democracy Regulation (Quy chế dân
chủ ở cơ sở) for a period, in the official format of Decree 30/2020, filled by docxtpl from
``danchu.reports.documents.qcdc_context``: I. leadership and dissemination (prose the unit
writes), II. the results section by section (a sentence and a table of figures, both from the
records), III. the assessment and IV. the proposals (prose the unit writes). An agency may
restyle it and put its own copy in ``var/templates/reports/qcdc_report.docx``.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject
from docx.shared import Length, Mm

from danchu.core.officialdoc import (
    LEFT,
    SIGNATURE_SPACE,
    body,
    build_main,
    build_templates,
    content_width,
    grid,
    header,
    line,
    new_document,
    sized,
    tag,
    title,
)

HERE = Path(__file__).resolve().parent
HEADER_LEFT = Mm(72)
EDIT_HINT = "(Đơn vị bổ sung, chỉnh sửa nội dung phần này.)"


def heading_line(doc: DocumentObject, text: str) -> None:
    """A bold heading ("I. …") flush left, with a little space above."""
    body(doc, (text, "b"), indent=False).paragraph_format.space_before = Mm(2)


def signed_with_recipients(doc: DocumentObject) -> None:
    """Decree 30's closing: "Nơi nhận" at the bottom left, level with the head's signature."""
    width = content_width(doc)
    half = Length(int(width / 2))
    table = sized(doc.add_table(rows=1, cols=2), [half, Length(width - half)])
    left, right = table.cell(0, 0), table.cell(0, 1)
    line(left, ("Nơi nhận:", "bi"), size=12, align=LEFT, before=12)
    line(left, ("{%p for r in recipients %}", ""), size=11, align=LEFT)
    line(left, ("- {{ r }}", ""), size=11, align=LEFT)
    line(left, ("{%p endfor %}", ""), size=11, align=LEFT)
    line(right, ("{{ signer_title }}", "b"), size=14, before=12)
    line(right, ("(Ký, ghi rõ họ tên, đóng dấu)", "i"), size=14)
    line(right, ("{{ signer_name }}", "b"), size=14, before=SIGNATURE_SPACE.pt)


def qcdc_report() -> DocumentObject:
    doc = new_document()
    header(doc, left=HEADER_LEFT)
    title(
        doc,
        "BÁO CÁO",
        (("Kết quả thực hiện Quy chế dân chủ ở cơ sở", "b"),),
        (("({{ period }})", "i"),),
    )
    body(
        doc,
        (
            "{{ unit_name }} báo cáo kết quả thực hiện Quy chế dân chủ ở cơ sở {{ period }} "
            "như sau:",
            "",
        ),
    )
    heading_line(doc, "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, PHỔ BIẾN, QUÁN TRIỆT")
    body(
        doc,
        (
            "Việc ban hành văn bản chỉ đạo, kế hoạch thực hiện Quy chế dân chủ ở cơ sở; việc "
            "phổ biến, quán triệt đến cán bộ, công chức, viên chức và người lao động; việc "
            "kiện toàn Ban Chỉ đạo, phân công thực hiện. ",
            "",
        ),
        (EDIT_HINT, "i"),
    )
    heading_line(doc, "II. KẾT QUẢ THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ")
    body(
        doc,
        (
            "Số liệu dưới đây được tổng hợp từ hồ sơ, sổ sách của đơn vị trên hệ thống Danchu "
            "{{ period }}.",
            "",
        ),
    )
    tag(doc, "{%p for s in sections %}")
    heading_line(doc, "{{ s.n }}. {{ s.heading }}")
    body(doc, ("{{ s.sentence }}", ""))
    width = content_width(doc)
    grid(
        doc,
        heads=["TT", "Chỉ tiêu", "Kết quả"],
        cells=["{{ f.n }}", "{{ f.label }}", "{{ f.shown }}"],
        widths=[Mm(12), Length(width - Mm(12 + 40)), Mm(40)],
        loop="f in s.figures",
        size=12,
    )
    tag(doc, "{%p endfor %}")
    heading_line(doc, "III. ĐÁNH GIÁ CHUNG")
    body(doc, ("1. Ưu điểm", "b"), indent=False)
    body(doc, (EDIT_HINT, "i"))
    body(doc, ("2. Hạn chế, tồn tại và nguyên nhân", "b"), indent=False)
    body(doc, (EDIT_HINT, "i"))
    heading_line(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ")
    body(doc, (EDIT_HINT, "i"))
    body(
        doc,
        ("Trên đây là báo cáo kết quả thực hiện Quy chế dân chủ ở cơ sở của ", ""),
        ("{{ unit_name }}", ""),
        (" {{ period }}./.", ""),
    )
    signed_with_recipients(doc)
    return doc


TEMPLATES = {"qcdc_report": qcdc_report}


def build(target: Path = HERE) -> list[Path]:
    return build_templates(TEMPLATES, target)


if __name__ == "__main__":
    build_main(TEMPLATES, HERE)
