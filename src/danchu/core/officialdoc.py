"""Building blocks of an official document in the format of Decree 30/2020 (Annex I), for the
Word templates each app builds (``danchu/<app>/docx/build.py``): A4, margins 20/20/30/15 mm,
Times New Roman; a borderless two-column header with the parent and the unit on the left and the
national motto on the right, the number and the place and date on one line under them; the
centred bold title; the body; the signature on the right. Jinja tags are filled at run time by
docxtpl; each tag is written as one run so that Word keeps it whole.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from docxtpl import DocxTemplate

from danchu.core.text import vn_date

if TYPE_CHECKING:  # the template builders run without Django set up
    from danchu.core.models import Agency

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
    doc.core_properties.comments = "Mẫu do Danchu tạo; giữ nguyên các thẻ."
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


def sized(table: Table, widths: Sequence[Length]) -> Table:
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
    table = sized(doc.add_table(rows=2, cols=2), [left, right])
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
    table = sized(doc.add_table(rows=4, cols=len(heads)), widths)
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
    table = sized(doc.add_table(rows=1, cols=2), [half, Length(width - half)])
    for cell, block in ((table.cell(0, 0), left), (table.cell(0, 1), right)):
        if block is None:
            continue
        who, hint, name = block
        line(cell, (who, "b"), size=14, before=12)
        line(cell, (hint, "i"), size=14)
        line(cell, (name, "b"), size=14, before=SIGNATURE_SPACE.pt)


# --- writing the templates ------------------------------------------------------------------


def build_templates(templates: dict[str, Callable[[], DocumentObject]], target: Path) -> list[Path]:
    """Write every template of an app into ``target``; returns the paths written."""
    written = []
    for name, make in templates.items():
        path = target / f"{name}.docx"
        make().save(str(path))
        written.append(path)
    return written


def build_main(templates: dict[str, Callable[[], DocumentObject]], here: Path) -> None:
    """``python -m danchu.<app>.docx.build [target folder]``: print each file written."""
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else here
    for path in build_templates(templates, target):
        print(path)


# --- filling the templates at run time --------------------------------------------------------

# A People's Committee heads a city, a province or a commune: its header reads "UBND …".
COMMITTEE_KINDS = {"city", "commune"}  # AgencyKind values
PLACE_PREFIXES = ("Thành phố ", "Tỉnh ", "TP. ", "Xã ", "Phường ")


def date_parts(day: dt.date) -> dict[str, str]:
    """Day, month and year as Decree 30 writes them: a zero before days under 10 and before
    months 1 and 2 ("ngày 05 tháng 02 năm 2025", "ngày 15 tháng 9 năm 2022")."""
    return {
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month < 3 else str(day.month),
        "year": str(day.year),
    }


def parent_name(agency: Agency) -> str:
    parent = agency.parent
    if parent is None:
        return ""
    name = parent.name
    if parent.kind in COMMITTEE_KINDS and not name.casefold().startswith(
        ("ubnd", "ủy ban", "uỷ ban")
    ):
        return f"UBND {name}"
    return name


def place_name(agency: Agency) -> str:
    """The city or province of the agency tree: the root's short name, or its name without
    "Thành phố"/"Tỉnh"."""
    root_id = int(agency.path.split(".")[0]) if agency.path else agency.pk
    if root_id == agency.pk:
        root = agency
    elif agency.parent is not None and agency.parent.pk == root_id:
        root = agency.parent
    else:
        from danchu.core.models import Agency

        root = Agency.objects.only("name", "short_name").get(pk=root_id)
    if root.short_name:
        return root.short_name
    for prefix in PLACE_PREFIXES:
        if root.name.startswith(prefix):
            return root.name.removeprefix(prefix)
    return root.name


def heading(agency: Agency, on: dt.date) -> dict[str, str]:
    return {
        "unit_name": agency.name,
        "parent_name": parent_name(agency),
        "place": place_name(agency),
        **date_parts(on),
        "date": vn_date(on),
    }


def template(package: str, name: str) -> DocxTemplate:
    """A Word template shipped in ``package`` (built by its ``build.py``)."""
    data = resources.files(package).joinpath(name).read_bytes()
    return DocxTemplate(BytesIO(data))


def render(template: DocxTemplate, context: dict[str, Any]) -> bytes:
    # autoescape: names such as "Sở KH&CN" must not break the XML.
    template.render(context, autoescape=True)
    out = BytesIO()
    template.save(out)
    return out.getvalue()
