"""(Re)build the Word templates of reception and letters:
``uv run python -m danchu.letters.docx.build [target folder]``.

The forwarding slip (phiếu chuyển đơn) in the official format of Decree 30/2020, filled by
docxtpl from ``danchu.letters.documents.forward_context``. It never names a protected sender.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject
from docx.shared import Mm

from danchu.core.officialdoc import (
    body,
    build_main,
    build_templates,
    header,
    new_document,
    signatures,
    title,
)

HERE = Path(__file__).resolve().parent
HEADER_LEFT = Mm(66)


def forward_slip() -> DocumentObject:
    doc = new_document()
    header(doc, left=HEADER_LEFT)
    title(doc, "PHIẾU CHUYỂN ĐƠN")
    body(doc, ("Kính gửi: ", ""), ("{{ forwarded_to }}", "b"), indent=False)
    body(
        doc,
        ("Ngày {{ received }}, {{ unit_name }} nhận được đơn ({{ kind }}) của ", ""),
        ("{{ sender }}", "b"),
        (", mã đơn {{ code }}, nội dung: {{ matter }}", ""),
    )
    body(
        doc,
        (
            "Sau khi xem xét, nội dung đơn không thuộc thẩm quyền giải quyết của {{ unit_name }}. "
            "Căn cứ quy định của pháp luật, {{ unit_name }} chuyển đơn đến {{ forwarded_to }} "
            "để xem xét, giải quyết theo thẩm quyền./.",
            "",
        ),
    )
    body(doc, ("Nơi nhận:", "bi"), indent=False, size=12)
    body(doc, ("- Như trên;", ""), indent=False, size=11)
    body(doc, ("- {{ sender_copy }};", ""), indent=False, size=11)
    body(doc, ("- Lưu: VT, hồ sơ {{ code }}.", ""), indent=False, size=11)
    signatures(
        doc, right=("{{ signer_title }}", "(Ký, ghi rõ họ tên, đóng dấu)", "{{ signer_name }}")
    )
    return doc


TEMPLATES = {"forward_slip": forward_slip}


def build(target: Path = HERE) -> list[Path]:
    """Write every template into ``target``; returns the paths written."""
    return build_templates(TEMPLATES, target)


if __name__ == "__main__":
    build_main(TEMPLATES, HERE)
