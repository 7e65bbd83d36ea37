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

import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
# Word's default left and right cell margins (0.08 in each), to centre the short rules.
CELL_PADDING = Mm(3.8)
# The header reaches 5 mm into each margin.
HEADER_OVERHANG = Mm(10)
# The signature space: three blank lines of 14 pt.
SIGNATURE_SPACE = Pt(60)

# A run of text: the text and its style ("b" bold, "i" italic, "bi" both, "" plain).
Part = tuple[str, str]


# --- page and styles -------------------------------------------------------------------------


def new_document(*, landscape: bool = False) -> DocumentObject:
    doc = Document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    _fonts(doc)
    _page_numbers(doc)
    doc.core_properties.author = "Danchu"
    doc.core_properties.comments = "Mẫu do danchu.onestop.docx.build tạo; giữ nguyên các thẻ."
    return doc


def content_width(doc: DocumentObject) -> Length:
    section = doc.sections[0]
    assert section.page_width and section.left_margin and section.right_margin
    return Length(section.page_width - section.left_margin - section.right_margin)


def _rfonts(rpr: BaseOxmlElement) -> None:
    """Times New Roman for every script, with the theme fonts removed (they would win)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _fonts(doc: DocumentObject) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _rfonts(rpr)
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:val"), "vi-VN")
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _rfonts(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # The default template's heading and table styles name theme fonts of their own.
    for fonts in list(styles.iter(qn("w:rFonts"))):
        parent = fonts.getparent()
        if parent is not None:
            _rfonts(parent)


def _page_numbers(doc: DocumentObject) -> None:
    """The page number at the top centre from the second page (Decree 30, Annex I, II.3)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)


# --- paragraphs ------------------------------------------------------------------------------


def _para(where: DocumentObject | _Cell) -> Paragraph:
    """A new paragraph; a fresh cell's empty first paragraph is used rather than left blank."""
    if isinstance(where, _Cell) and len(where.paragraphs) == 1:
        first = where.paragraphs[0]
        if not first.runs and first._p.pPr is None:
            return first
    return where.add_paragraph()


def _runs(p: Paragraph, parts: Sequence[Part], size: float) -> Paragraph:
    for text, style in parts:
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = "b" in style or None
        run.italic = "i" in style or None
    return p


def line(
    where: DocumentObject | _Cell,
    *parts: Part,
    size: float = 14,
    align: WD_ALIGN_PARAGRAPH = CENTER,
    before: float = 0,
    after: float = 0,
) -> Paragraph:
    p = _para(where)
    p.alignment = align
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(after)
    return _runs(p, parts, size)


def body(doc: DocumentObject, *parts: Part, indent: bool = True, size: float = 14) -> Paragraph:
    """A body paragraph: justified, first line indented 1 cm, 6 pt between paragraphs."""
    p = line(doc, *parts, size=size, align=JUSTIFY, after=6)
    if indent:
        p.paragraph_format.first_line_indent = Mm(10)
    return p


def tag(doc: DocumentObject, text: str) -> None:
    """A ``{%p … %}`` paragraph: docxtpl replaces the whole paragraph by the tag."""
    doc.add_paragraph().add_run(text)


def rule(cell: _Cell, length: Length, cell_width: Length) -> None:
    """The short line under the unit's name and under the motto: an empty 2 pt paragraph with a
    bottom border, indented so that the line is ``length`` long and centred in the cell."""
    p = cell.add_paragraph()
    side = Length(max(int((cell_width - CELL_PADDING - length) / 2), 0))
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr = p._p.get_or_add_pPr()
    ppr.insert_element_before(
        borders,
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:jc",
        "w:rPr",
    )
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr.append(mark)


# --- tables ----------------------------------------------------------------------------------


def _sized(table: Table, widths: Sequence[Length]) -> Table:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


def header(
    doc: DocumentObject,
    *,
    left: Length,
    number: Sequence[Part] = (("Số: ", ""), ("{{ number }}", "")),
) -> None:
    """The official header: parent and unit | motto; number | place and date. The table is
    ``HEADER_OVERHANG`` wider than the text and centred, as in the Government's own templates,
    so that the motto stays on one line at 13 pt."""
    width = content_width(doc) + HEADER_OVERHANG
    right = Length(width - left)
    table = _sized(doc.add_table(rows=2, cols=2), [left, right])
    unit, motto = table.cell(0, 0), table.cell(0, 1)
    line(unit, ("{{ parent_name|upper }}", ""), size=13)
    line(unit, ("{{ unit_name|upper }}", "b"), size=13)
    rule(unit, Mm(25), left)
    line(motto, ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"), size=13)
    line(motto, ("Độc lập - Tự do - Hạnh phúc", "b"), size=14)
    rule(motto, Mm(64), right)
    line(table.cell(1, 0), *number, size=13, before=6)
    # Decree 30: the place and date sit under the motto, centred, in italics.
    line(
        table.cell(1, 1),
        ("{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}", "i"),
        size=14,
        before=6,
    )


def title(doc: DocumentObject, text: str, *subtitles: Sequence[Part]) -> None:
    line(doc, (text, "b"), size=14, before=18, after=0 if subtitles else 12)
    for i, parts in enumerate(subtitles):
        line(doc, *parts, size=14, after=12 if i == len(subtitles) - 1 else 0)


def _narrow_padding(table: Table) -> None:
    """1 mm of padding left and right in the cells (Word's default is 1.9 mm): dates fit."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        edge = OxmlElement(side)
        edge.set(qn("w:w"), str(Mm(1).twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def grid(
    doc: DocumentObject,
    *,
    heads: Sequence[str],
    cells: Sequence[str],
    widths: Sequence[Length],
    loop: str,
    size: float = 12,
) -> Table:
    """A bordered table: a heading row repeated on each page, then ``{%tr for loop %}``, the
    row of ``cells``, ``{%tr endfor %}``. Column 0 is centred (the ordinal)."""
    table = _sized(doc.add_table(rows=4, cols=len(heads)), widths)
    table.style = doc.styles["Table Grid"]
    _narrow_padding(table)
    head = table.rows[0]
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(head.cells, heads, strict=True):
        line(cell, (text, "b"), size=size, before=2, after=2)
    line(table.cell(1, 0), (f"{{%tr for {loop} %}}", ""), size=size, align=LEFT)
    for i, (cell, text) in enumerate(zip(table.rows[2].cells, cells, strict=True)):
        line(cell, (text, ""), size=size, align=CENTER if i == 0 else LEFT, before=2, after=2)
    line(table.cell(3, 0), ("{%tr endfor %}", ""), size=size, align=LEFT)
    return table


def signatures(
    doc: DocumentObject,
    right: tuple[str, str, str],
    left: tuple[str, str, str] | None = None,
) -> None:
    """Signature blocks: (title, hint, name) on the right, and optionally on the left."""
    width = content_width(doc)
    half = Length(int(width / 2))
    table = _sized(doc.add_table(rows=1, cols=2), [half, Length(width - half)])
    for cell, block in ((table.cell(0, 0), left), (table.cell(0, 1), right)):
        if block is None:
            continue
        who, hint, name = block
        line(cell, (who, "b"), size=14, before=12)
        line(cell, (hint, "i"), size=14)
        line(cell, (name, "b"), size=14, before=SIGNATURE_SPACE.pt)


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
    qr = _sized(doc.add_table(rows=1, cols=2), [Mm(30), Length(width - Mm(30))])
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
    written = []
    for name, make in TEMPLATES.items():
        path = target / f"{name}.docx"
        make().save(str(path))
        written.append(path)
    return written


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for path in build(target):
        print(path)


if __name__ == "__main__":
    main()
