"""The QCDC report as a Word file (the official layout of Decree 30/2020, read back with
python-docx), the agency's restyled template and its check, and the Excel workbook."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from importlib import resources
from io import BytesIO
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.document import Document as DocumentObject
from docxtpl import DocxTemplate

from danchu.core.errors import DomainError
from danchu.core.models import Agency
from danchu.reports.documents import (
    REQUIRED,
    abbreviation,
    agency_template_path,
    qcdc_context,
    qcdc_docx,
)
from danchu.reports.docx.build import TEMPLATES, build
from danchu.reports.excel import qcdc_xlsx
from danchu.reports.qcdc import HEADINGS, qcdc_report
from tests.reports.conftest import FIXED
from tests.reports.test_report import ONESTOP_SEED, RECEPTION_SEED

START, END = dt.date(2021, 1, 1), dt.date(2022, 9, 15)
FONT = "Times New Roman"


def opened(data: bytes) -> DocumentObject:
    return docx.Document(BytesIO(data))


def _cell_paragraphs(table):
    for row in table.rows:
        for cell in row.cells:
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from _cell_paragraphs(inner)


def text_of(doc: DocumentObject) -> str:
    """Every paragraph of the body, tables included, in document order."""
    found = []
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}p"):
            found.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif block.tag.endswith("}tbl"):
            for row in block.iter():
                if row.tag.endswith("}p"):
                    found.append("".join(t.text or "" for t in row.iter() if t.tag.endswith("}t")))
    return "\n".join(found)


def fonts_named(data: bytes) -> set[str]:
    with zipfile.ZipFile(BytesIO(data)) as package:
        xml = package.read("word/document.xml") + package.read("word/styles.xml")
    found = set()
    for attributes in re.findall(rb"<w:rFonts ([^>]*)/?>", xml):
        found |= {
            v.decode() for v in re.findall(rb'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]*)"', attributes)
        }
    return found


@pytest.fixture
def var_dir(settings, tmp_path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


class TestTemplate:
    def test_it_ships_inside_the_package(self):
        folder = resources.files("danchu.reports.docx")
        for name in TEMPLATES:
            assert folder.joinpath(f"{name}.docx").is_file()

    def test_the_shipped_template_is_what_the_build_script_makes(self, tmp_path):
        build(tmp_path)
        folder = resources.files("danchu.reports.docx")
        for name in TEMPLATES:
            with zipfile.ZipFile(tmp_path / f"{name}.docx") as fresh:
                built = fresh.read("word/document.xml")
            with zipfile.ZipFile(BytesIO(folder.joinpath(f"{name}.docx").read_bytes())) as kept:
                assert kept.read("word/document.xml") == built, name

    def test_the_shipped_template_uses_every_required_field(self):
        data = resources.files("danchu.reports.docx").joinpath("qcdc_report.docx").read_bytes()
        used = DocxTemplate(BytesIO(data)).get_undeclared_template_variables()
        assert set(REQUIRED) <= used


class TestAbbreviation:
    @pytest.mark.parametrize(
        ("name", "short", "abbr"),
        [
            ("Sở Thông tin và Truyền thông Thành phố Hà Nội", "Sở TT&TT", "STTTT"),
            ("Sở Khoa học và Công nghệ", "Sở KH&CN", "SKHCN"),
            ("Sở Tài chính", "", "STC"),
            ("Ủy ban nhân dân phường Đống Đa", "", "UBNDPĐĐ".replace("Đ", "D")),
        ],
    )
    def test_it_follows_the_short_name_or_the_initials(self, name, short, abbr):
        assert abbreviation(name, short) == abbr


@pytest.mark.django_db
class TestWord:
    def test_it_has_the_official_layout_and_every_section(self, cast, fake_sections, var_dir):
        report = qcdc_report(agency=cast.a.division, start=START, end=END)
        data = qcdc_docx(report)
        doc = opened(data)
        text = text_of(doc)
        header = [c.text for c in doc.tables[0].rows[0].cells]
        assert "THÀNH PHỐ" in header[0] and "SỞ A" in header[0]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1]
        assert "Độc lập - Tự do - Hạnh phúc" in header[1]
        assert "Số: ……/BC-SA" in text
        today = report.made_on
        assert f"ngày {today.day:02d} tháng" in text and f"năm {today.year}" in text
        assert "BÁO CÁO\nKết quả thực hiện Quy chế dân chủ ở cơ sở" in text
        assert "(từ ngày 01/01/2021 đến ngày 15/09/2022)" in text
        for heading in (
            "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, PHỔ BIẾN, QUÁN TRIỆT",
            "II. KẾT QUẢ THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ",
            "III. ĐÁNH GIÁ CHUNG",
            "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        ):
            assert heading in text
        positions = [text.index(f"{n}. {HEADINGS[k]}") for n, k in enumerate(FIXED, 1)]
        assert positions == sorted(positions)
        assert text.index("II. KẾT QUẢ") < positions[0] < positions[-1] < text.index("III. ĐÁNH")
        assert ONESTOP_SEED in text and RECEPTION_SEED in text
        # Each section's table: a numbered row per figure, its label and its value as shown.
        onestop = next(
            t
            for t in doc.tables
            if any("Figure procedures_published" in c.text for c in t.columns[1].cells)
        )
        rows = [[c.text for c in row.cells] for row in onestop.rows]
        assert rows[0] == ["TT", "Chỉ tiêu", "Kết quả"]
        assert rows[3] == ["3", "Figure received", "8.472"]
        assert rows[6] == ["6", "Figure returned_of_received", "8.472"]
        assert rows[7] == ["7", "Figure returned_rate", "100%"]
        assert rows[-1] == ["17", "Figure satisfied_rate", "—"]
        assert "Nơi nhận:" in text and "- Lưu: VT." in text and "- UBND Thành phố;" in text
        assert "GIÁM ĐỐC\n(Ký, ghi rõ họ tên, đóng dấu)\nGiám đốc A" in text  # the head signs
        assert "{{" not in text and "{%" not in text
        assert fonts_named(data) == {FONT}

    def test_a_name_with_an_ampersand_survives(self, cast, fake_sections, var_dir):
        Agency.objects.filter(pk=cast.a.unit.pk).update(name="Sở KH&CN", short_name="Sở KH&CN")
        cast.a.unit.refresh_from_db()
        text = text_of(opened(qcdc_docx(qcdc_report(agency=cast.a.unit, start=START, end=END))))
        assert "SỞ KH&CN" in text and "……/BC-SKHCN" in text

    def test_a_report_with_no_sections_still_has_its_frame(self, cast, var_dir, monkeypatch):
        from danchu.core import figures

        monkeypatch.setattr(figures, "_BUILDERS", {})
        text = text_of(opened(qcdc_docx(qcdc_report(agency=cast.a.unit, start=START, end=END))))
        assert "II. KẾT QUẢ THỰC HIỆN" in text and "III. ĐÁNH GIÁ CHUNG" in text

    def test_the_context_carries_the_figures_as_shown(self, cast, fake_sections):
        context = qcdc_context(qcdc_report(agency=cast.a.unit, start=START, end=END))
        onestop = next(s for s in context["sections"] if s["key"] == "onestop")
        assert onestop["n"] == 9
        assert onestop["figures"][2] == {
            "n": 3,
            "key": "received",
            "label": "Figure received",
            "shown": "8.472",
        }


@pytest.mark.django_db
class TestAgencyTemplate:
    def _save(self, path: Path, *paragraphs: str) -> None:
        doc = docx.Document()
        for p in paragraphs:
            doc.add_paragraph(p)
        path.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(path))

    def test_the_agencys_template_is_used_when_there_is_one(self, cast, fake_sections, var_dir):
        path = agency_template_path()
        assert path == var_dir / "templates" / "reports" / "qcdc_report.docx"
        self._save(
            path,
            "{{ unit_name }} — {{ number }} — {{ day }}/{{ month }}/{{ year }}",
            "MẪU RIÊNG {{ period }}",
            "{%p for s in sections %}",
            "{{ s.heading }}: {{ s.sentence }}",
            "{%p endfor %}",
        )
        text = text_of(opened(qcdc_docx(qcdc_report(agency=cast.a.unit, start=START, end=END))))
        assert "MẪU RIÊNG từ ngày 01/01/2021 đến ngày 15/09/2022" in text
        assert f"{HEADINGS['onestop']}: {ONESTOP_SEED}" in text

    def test_a_template_missing_a_field_is_refused(self, cast, fake_sections, var_dir):
        self._save(agency_template_path(), "{{ unit_name }} {{ number }} {{ day }}", "{{ period }}")
        report = qcdc_report(agency=cast.a.unit, start=START, end=END)
        with pytest.raises(DomainError) as caught:
            qcdc_docx(report)
        assert caught.value.code == "bad_template"
        message = caught.value.fields["template"][0]
        for name in ("month", "year", "sections"):
            assert name in message
        assert "unit_name" not in message

    def test_a_broken_template_is_refused(self, cast, fake_sections, var_dir):
        path = agency_template_path()
        path.parent.mkdir(parents=True)
        path.write_bytes(b"not a word file")
        with pytest.raises(DomainError) as caught:
            qcdc_docx(qcdc_report(agency=cast.a.unit, start=START, end=END))
        assert caught.value.code == "bad_template"


@pytest.mark.django_db
class TestExcel:
    def test_a_cover_and_one_sheet_per_section_with_numbers(self, cast, fake_sections):
        report = qcdc_report(agency=cast.a.unit, start=START, end=END)
        book = openpyxl.load_workbook(BytesIO(qcdc_xlsx(report)))
        assert book.sheetnames == [
            "Thông tin",
            "Quy chế",
            "Công khai",
            "Phổ biến",
            "Lấy ý kiến",
            "Hội nghị CBCCVC",
            "Đối thoại",
            "Ban TTND",
            "Giao nhiệm vụ",
            "Một cửa",
            "Tiếp dân, đơn thư",
        ]
        cover = {row[0]: row[1] for row in book["Thông tin"].iter_rows(values_only=True) if row}
        assert cover["Đơn vị"] == "Sở A" and cover["Mã đơn vị"] == "DEP-A"
        assert cover["Từ ngày"].date() == START and cover["Đến ngày"].date() == END
        assert isinstance(cover["Lập lúc"], dt.datetime)
        assert cover[HEADINGS["onestop"]] == ONESTOP_SEED
        sheet = book["Một cửa"]
        rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
        assert [c.value for c in sheet[1]] == ["Mã", "Chỉ tiêu", "Giá trị"]
        assert rows["received"][1].value == "Figure received"
        assert rows["received"][2].value == 8472 and rows["received"][2].data_type == "n"
        assert rows["returned_rate"][2].value == 1.0
        assert rows["returned_rate"][2].number_format == "0.0%"
        assert rows["satisfied_rate"][2].value is None
        conference = {r[0].value: r[2] for r in book["Hội nghị CBCCVC"].iter_rows(min_row=2)}
        assert conference["last_held_on"].value.date() == dt.date(2022, 1, 21)
        assert conference["attendance_rate"].value == pytest.approx(0.943)
