"""(Re)build the Word template of the consultation summary:
``uv run python -m danchu.disclosure.docx.build [target folder]``.

The report of staff opinions (Law 10/2022 Art. 55) in the official format of Decree 30/2020,
filled by docxtpl from ``danchu.disclosure.documents.summary_context``.
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


def summary() -> DocumentObject:
    doc = new_document()
    header(doc, left=HEADER_LEFT)
    title(
        doc,
        "BÁO CÁO",
        (("Tổng hợp ý kiến của cán bộ, công chức, viên chức", "b"),),
        (("về {{ subject }}", "b"),),
    )
    body(
        doc,
        (
            "Thực hiện Điều 53 – 55 Luật Thực hiện dân chủ ở cơ sở, {{ unit_name }} đã lấy ý kiến "
            "của {{ audience }} từ ngày {{ opens }} đến ngày {{ closes }} theo hình thức "
            "{{ form }}. Kết quả như sau:",
            "",
        ),
    )
    body(
        doc,
        (
            "Tổng số ý kiến: {{ total }}; tiếp thu: {{ accepted }}; tiếp thu một phần: "
            "{{ partly }}; không tiếp thu: {{ rejected }}.",
            "",
        ),
    )
    width = content_width(doc)
    grid(
        doc,
        heads=["TT", "Điều, khoản", "Nội dung ý kiến", "Tiếp thu", "Giải trình"],
        cells=["{{ c.n }}", "{{ c.article }}", "{{ c.text }}", "{{ c.answer }}", "{{ c.reason }}"],
        widths=[Mm(10), Mm(22), Length(width - Mm(10 + 22 + 24 + 45)), Mm(24), Mm(45)],
        loop="c in comments",
        size=12,
    )
    body(
        doc,
        (
            "Ý kiến không ghi tên được tổng hợp như các ý kiến khác; hệ thống không lưu "
            "người viết./.",
            "",
        ),
    )
    signatures(doc, right=("{{ signer_title }}", "(Ký, ghi rõ họ tên)", "{{ signer_name }}"))
    return doc


TEMPLATES = {"summary": summary}


def build(target: Path = HERE) -> list[Path]:
    """Write every template into ``target``; returns the paths written."""
    return build_templates(TEMPLATES, target)


if __name__ == "__main__":
    build_main(TEMPLATES, HERE)
