"""(Re)build the Word templates of the one-stop desk:
``uv run python -m danchu.onestop.docx.build [target folder]``.

The pages follow the official format of Decree 30/2020 (Annex I): A4, margins 20/20/30/15 mm,
Times New Roman; a borderless two-column header with the parent and the unit on the left and the
national motto on the right, the number and the place and date on one line under them; the
centred bold title; the body; the signature on the right. The Jinja tags are filled by docxtpl
from ``danchu.onestop.documents`` (``slip_context``, ``dossier_context``, ``register_context``).

Each tag is written as one run so that Word keeps it whole; ``{%tr %}`` rows repeat table rows
and ``{%p %}`` paragraphs repeat paragraphs.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject
from docx.shared import Length, Mm, Pt

from danchu.core.officialdoc import (
    JUSTIFY,
    body,
    build_main,
    build_templates,
    content_width,
    grid,
    header,
    line,
    new_document,
    signatures,
    sized,
    tag,
    title,
)

HERE = Path(__file__).resolve().parent


# --- shared blocks ---------------------------------------------------------------------------


def applicant(doc: DocumentObject, lead: str = "Tiếp nhận hồ sơ của: ") -> None:
    body(doc, (lead, ""), ("{{ applicant_name }}", "b"))
    body(doc, ("{{ applicant_id_label }}: {{ applicant_id }}", ""))
    body(doc, ("Địa chỉ: {{ applicant_address }}", ""))
    body(doc, ("Số điện thoại: {{ applicant_phone }}; Email: {{ applicant_email }}", ""))
    body(doc, ("Nội dung yêu cầu giải quyết: ", ""), ("{{ procedure_name }}", "b"))


def code_line(doc: DocumentObject) -> None:
    body(doc, ("Mã hồ sơ: ", ""), ("{{ code }}", "b"))


# --- the documents ---------------------------------------------------------------------------

HEADER_LEFT = Mm(66)  # the rest (109 mm) holds the motto on one line at 13 pt


def receipt() -> DocumentObject:
    """Mẫu số 01: the receipt and the appointment to return the result, with the lookup QR."""
    doc = new_document()
    header(doc, left=HEADER_LEFT)
    title(doc, "{{ title }}")
    code_line(doc)
    body(doc, ("Bộ phận Tiếp nhận và Trả kết quả – {{ unit_name }}", ""))
    applicant(doc)
    body(doc, ("1. Thành phần hồ sơ nộp gồm:", ""))
    width = content_width(doc)
    grid(
        doc,
        heads=["TT", "Tên giấy tờ", "Hình thức", "Số lượng"],
        cells=["{{ d.order }}", "{{ d.name }}", "{{ d.kind }}", "{{ d.copies }}"],
        widths=[Mm(12), Length(width - Mm(12 + 45 + 25)), Mm(45), Mm(25)],
        loop="d in documents",
        size=13,
    )
    body(doc, ("2. Số lượng hồ sơ: 01 bộ.", "")).paragraph_format.space_before = Pt(6)
    body(
        doc,
        ("3. Thời gian giải quyết hồ sơ theo quy định: ", ""),
        ("{{ deadline_days }} ngày làm việc", ""),
        (".", ""),
    )
    body(doc, ("4. Thời gian nhận hồ sơ: {{ received_time }}.", ""))
    body(
        doc,
        ("5. Thời gian trả kết quả giải quyết hồ sơ: ngày ", ""),
        ("{{ appointment_on }}", "b"),
        (".", ""),
    )
    body(doc, ("6. Nhận kết quả tại: Bộ phận Tiếp nhận và Trả kết quả – {{ unit_name }}.", ""))
    qr = sized(doc.add_table(rows=1, cols=2), [Mm(30), Length(width - Mm(30))])
    line(qr.cell(0, 0), ("{{ qr }}", ""), size=13)
    line(
        qr.cell(0, 1),
        ("Tra cứu tình trạng giải quyết hồ sơ: quét mã QR hoặc truy cập ", "i"),
        ("{{ lookup_url }}", "i"),
        size=13,
        align=JUSTIFY,
        before=24,
    )
    signatures(
        doc,
        left=("NGƯỜI NỘP HỒ SƠ", "(Ký, ghi rõ họ tên)", "{{ applicant_name }}"),
        right=("{{ signer_title }}", "{{ signer_hint }}", "{{ signer_name }}"),
    )
    return doc


def supplement() -> DocumentObject:
    """Mẫu số 02: what the applicant must add; the clock stands still until it arrives."""
    doc = new_document()
    header(doc, left=HEADER_LEFT)
    title(doc, "{{ title }}")
    applicant(doc, lead="Hồ sơ của: ")
    code_line(doc)
    body(doc, ("Ngày tiếp nhận hồ sơ: {{ received_on }}.", ""))
    body(doc, ("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", ""))
    tag(doc, "{%p for item in missing_lines %}")
    body(doc, ("{{ loop.index }}. {{ item }}", ""))
    tag(doc, "{%p endfor %}")
    body(
        doc,
        (
            "Thời gian giải quyết hồ sơ tạm dừng từ ngày {{ issued_on }} và được tính tiếp khi "
            "Bộ phận Tiếp nhận và Trả kết quả nhận đủ hồ sơ bổ sung.",
            "",
        ),
    )
    body(
        doc,
        (
            "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, {{ applicant_title }} liên hệ "
            "{{ signer_name }}{% if signer_phone %}, số điện thoại {{ signer_phone }}{% endif %} "
            "để được hướng dẫn.",
            "",
        ),
    )
    signatures(doc, right=("{{ signer_title }}", "{{ signer_hint }}", "{{ signer_name }}"))
    return doc


def refusal() -> DocumentObject:
    """Mẫu số 03: the desk does not accept the dossier, and says why."""
    doc = new_document()
    header(doc, left=HEADER_LEFT)
    title(doc, "{{ title }}")
    code_line(doc)
    applicant(doc, lead="Bộ phận Tiếp nhận và Trả kết quả – {{ unit_name }} tiếp nhận hồ sơ của: ")
    body(
        doc,
        (
            "Qua xem xét, Bộ phận Tiếp nhận và Trả kết quả thông báo không tiếp nhận, giải quyết "
            "hồ sơ này với lý do cụ thể như sau:",
            "",
        ),
    )
    tag(doc, "{%p for item in reason_lines %}")
    body(doc, ("- {{ item }}", ""))
    tag(doc, "{%p endfor %}")
    body(doc, ("Xin thông báo để {{ applicant_title }} được biết và thực hiện./.", ""))
    signatures(doc, right=("{{ signer_title }}", "{{ signer_hint }}", "{{ signer_name }}"))
    return doc


def apology() -> DocumentObject:
    """Mẫu số 04: the unit that is late apologises and gives a new date."""
    doc = new_document()
    header(doc, left=HEADER_LEFT)
    title(doc, "{{ title }}")
    line(doc, ("Kính gửi: ", ""), ("{{ applicant_name }}", "b"), after=12)
    body(
        doc,
        (
            "Ngày {{ received_on }}, {{ unit_name }} tiếp nhận giải quyết hồ sơ đề nghị "
            "{{ procedure_name }} của {{ applicant_title }}. Mã hồ sơ: ",
            "",
        ),
        ("{{ code }}", "b"),
        (".", ""),
    )
    body(doc, ("Thời hạn trả kết quả giải quyết hồ sơ đã hẹn: ngày {{ old_date }}.", ""))
    body(
        doc,
        (
            "Tuy nhiên, {{ apology_unit }} không thể trả kết quả giải quyết hồ sơ đúng hẹn. "
            "Lý do: {{ reason }}",
            "",
        ),
    )
    body(
        doc,
        (
            "Sự chậm trễ này đã gây phiền hà cho {{ applicant_title }}. {{ apology_unit }} xin lỗi "
            "{{ applicant_title }} và hẹn trả kết quả giải quyết hồ sơ vào ngày ",
            "",
        ),
        ("{{ new_date }}", "b"),
        (".", ""),
    )
    body(doc, ("Xin trân trọng cảm ơn sự hợp tác của {{ applicant_title }}./.", ""))
    signatures(doc, right=("{{ signer_title }}", "{{ signer_hint }}", "{{ signer_name }}"))
    return doc


def process_control() -> DocumentObject:
    """Mẫu số 06: who handed the dossier to whom at each step, and whether on time."""
    doc = new_document()
    header(doc, left=HEADER_LEFT, number=(("Mã hồ sơ: ", ""), ("{{ code }}", "")))
    title(doc, "{{ title }}", (("(Liên: lưu tại Bộ phận Tiếp nhận và Trả kết quả)", "i"),))
    body(doc, ("Kèm theo hồ sơ của: ", ""), ("{{ applicant_name }}", "b"))
    body(doc, ("Thủ tục: {{ procedure_name }}", ""))
    code_line(doc)
    body(
        doc,
        ("Ngày nhận hồ sơ: {{ received_on }}; ngày hẹn trả kết quả: ", ""),
        ("{{ appointment_on }}", "b"),
        (".", ""),
    )
    width = content_width(doc)
    fixed = [Mm(8), Mm(24), Mm(24), Mm(20), Mm(20), Mm(20), Mm(18)]
    widths = [*fixed[:1], Length(width - sum(fixed)), *fixed[1:]]
    grid(
        doc,
        heads=[
            "TT",
            "Bước xử lý",
            "Bên giao",
            "Bên nhận",
            "Thời gian giao, nhận",
            "Hạn xử lý",
            "Thời gian hoàn thành",
            "Kết quả (trước hạn/ đúng hạn/ quá hạn)",
        ],
        cells=[
            "{{ h.number }}",
            "{{ h.step }}{% if h.note %} ({{ h.note }}){% endif %}",
            "{{ h.from }}",
            "{{ h.to }}",
            "{{ h.started }}",
            "{{ h.due }}",
            "{{ h.finished }}",
            "{{ h.timeliness }}",
        ],
        widths=widths,
        loop="h in handovers",
        size=11,
    )
    body(
        doc,
        ("Kết quả giải quyết: {{ outcome }}", ""),
        ("{% if result_number %} (số {{ result_number }}){% endif %}.", ""),
    ).paragraph_format.space_before = Pt(6)
    body(doc, ("Ngày trả kết quả: {{ returned_on }}.", ""))
    signatures(
        doc,
        right=("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "(Ký, ghi rõ họ tên)", "{{ received_by_name }}"),
    )
    return doc


def register() -> DocumentObject:
    """Mẫu số 07: the dossiers received in a period, one row each (landscape)."""
    doc = new_document(landscape=True)
    header(doc, left=Mm(100), number=(("", ""),))
    title(
        doc,
        "{{ title }}",
        (("Từ ngày {{ start }} đến ngày {{ end }}", "i"),),
    )
    width = content_width(doc)
    fixed = [Mm(11), Mm(52), Mm(45), Mm(24), Mm(24), Mm(24), Mm(30)]
    widths = [*fixed[:3], Length(width - sum(fixed)), *fixed[3:]]
    grid(
        doc,
        heads=[
            "TT",
            "Mã hồ sơ",
            "Tổ chức, cá nhân nộp hồ sơ",
            "Thủ tục hành chính",
            "Ngày nhận hồ sơ",
            "Ngày hẹn trả kết quả",
            "Ngày trả kết quả",
            "Kết quả giải quyết",
        ],
        cells=[
            "{{ r.number }}",
            "{{ r.code }}",
            "{{ r.applicant_name }}",
            "{{ r.procedure_name }}",
            "{{ r.received_on }}",
            "{{ r.appointment_on }}",
            "{{ r.returned_on }}",
            "{{ r.result }}",
        ],
        widths=widths,
        loop="r in rows",
    )
    total = body(doc, ("Tổng số: ", ""), ("{{ total }}", "b"), (" hồ sơ.", ""))
    total.paragraph_format.space_before = Pt(6)
    signatures(doc, right=("NGƯỜI LẬP SỔ", "(Ký, ghi rõ họ tên)", ""))
    return doc


TEMPLATES = {
    "receipt": receipt,
    "supplement": supplement,
    "refusal": refusal,
    "apology": apology,
    "process_control": process_control,
    "register": register,
}


def build(target: Path = HERE) -> list[Path]:
    """Write every template into ``target``; returns the paths written."""
    return build_templates(TEMPLATES, target)


if __name__ == "__main__":
    build_main(TEMPLATES, HERE)
