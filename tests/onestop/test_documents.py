"""The official Word papers of the one-stop desk, built from real dossiers and read back with
python-docx: what an applicant or an inspector would read on the printed page."""

import datetime as dt
import re
import zipfile
from importlib import resources
from io import BytesIO

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx.shared import Mm

from danchu.core.models import Agency
from danchu.onestop import services
from danchu.onestop.documents import (
    process_control_docx,
    register_docx,
    slip_context,
    slip_docx,
)
from danchu.onestop.docx.build import TEMPLATES, build
from danchu.onestop.models import Dossier, Slip
from tests.onestop.conftest import DOCUMENTS, STEPS, at

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
UNIT = "Sở Khoa học & Công nghệ"  # the ampersand must survive the XML
FONT = "Times New Roman"
JANUARY = (dt.date(2025, 1, 1), dt.date(2025, 1, 31))


# --- reading a Word file -----------------------------------------------------------------------


def opened(data: bytes):
    return docx.Document(BytesIO(data))


def _cell_paragraphs(table):
    for row in table.rows:
        for cell in row.cells:
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from _cell_paragraphs(inner)


def lines(doc) -> list[str]:
    """Every paragraph of the body, tables included, in document order."""
    found = list(doc.paragraphs)
    for table in doc.tables:
        found += list(_cell_paragraphs(table))
    return [p.text for p in found]


def text(doc) -> str:
    return "\n".join(lines(doc))


def rows_of(doc, heading: str) -> list[list[str]]:
    """The data rows of the table whose heading row starts with ``heading``."""
    for table in doc.tables:
        cells = [c.text for c in table.rows[0].cells]
        if cells and cells[0] == heading:
            return [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table headed {heading!r}")


def column(rows: list[list[str]], index: int) -> list[str]:
    return [row[index] for row in rows]


def fonts_named(data: bytes) -> set[str]:
    """Every font a run, a style or the defaults name, in the document and its styles."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        xml = package.read("word/document.xml") + package.read("word/styles.xml")
    found = set()
    for attributes in re.findall(rb"<w:rFonts ([^>]*)/?>", xml):
        found |= set(re.findall(rb'w:(?:ascii|hAnsi|eastAsia|cs)(?:Theme)?="([^"]+)"', attributes))
    return found


# --- the story ---------------------------------------------------------------------------------


@pytest.fixture
def hanoi(desk):
    """The cast's city and department with real names: "Thành phố Hà Nội" (no short name) and
    a department whose name has an ampersand."""
    desk.cast.city.name = "Thành phố Hà Nội"
    desk.cast.city.save(update_fields=["name"])
    desk.cast.a.unit.name = UNIT
    desk.cast.a.unit.save(update_fields=["name"])
    return desk


def slip_of(dossier: Dossier, kind: str) -> Slip:
    # Read back from the database, as a view would: nothing cached from the services.
    return Slip.objects.get(dossier_id=dossier.pk, kind=kind)


def walk_and_return(desk, dossier: Dossier) -> Dossier:
    dossier = services.dossier_advance(actor=desk.handler, dossier=dossier, at=at("2025-01-27"))
    dossier = services.dossier_advance(actor=desk.chief, dossier=dossier, at=at("2025-01-27", 14))
    dossier = services.dossier_decide(
        actor=desk.head,
        dossier=dossier,
        approved=True,
        result_number="12/GP-SKHCN",
        at=at("2025-02-03"),
    )
    return services.dossier_return(actor=desk.officer, dossier=dossier, at=at("2025-02-04"))


def refuse(desk, when: str = "2025-01-27", **kwargs) -> Dossier:
    values = {
        "actor": desk.officer,
        "agency": desk.cast.a.unit,
        "procedure": desk.procedure,
        "applicant_kind": "organisation",
        "applicant_name": "Công ty TNHH Bình Minh",
        "applicant_id": "0101234567",
        "reasons": "Không thuộc thẩm quyền giải quyết của Sở\nĐề nghị nộp tại UBND phường",
        "at": at(when),
    }
    values.update(kwargs)
    return services.dossier_refuse_intake(**values)


def supplemented(desk) -> Dossier:
    dossier = desk.receive(at=at("2025-01-24"))
    return services.dossier_request_supplement(
        actor=desk.handler,
        dossier=dossier,
        missing="Bản sao có chứng thực quyết định thành lập\n- Giấy ủy quyền nộp hồ sơ",
        at=at("2025-02-03"),
    )


def apologised(desk) -> Dossier:
    dossier = desk.receive(at=at("2025-01-24"))
    return services.dossier_apologise(
        actor=desk.chief,
        dossier=dossier,
        new_date=dt.date(2025, 2, 14),
        reason="Cần xác minh thêm thông tin với cơ quan liên quan",
        at=at("2025-02-05"),
    )


@pytest.fixture
def every_document(hanoi) -> dict[str, bytes]:
    desk = hanoi
    returned = walk_and_return(desk, desk.receive(at=at("2025-01-24")))
    return {
        "receipt": slip_docx(slip_of(returned, "receipt")),
        "supplement": slip_docx(slip_of(supplemented(desk), "supplement")),
        "refusal": slip_docx(slip_of(refuse(desk), "refusal")),
        "apology": slip_docx(slip_of(apologised(desk), "apology")),
        "process_control": process_control_docx(Dossier.objects.get(pk=returned.pk)),
        "register": register_docx(agency=desk.cast.a.unit, start=JANUARY[0], end=JANUARY[1]),
    }


# --- the official format -----------------------------------------------------------------------

ALL = ["receipt", "supplement", "refusal", "apology", "process_control", "register"]


class TestOfficialFormat:
    @pytest.mark.parametrize("name", ALL)
    def test_the_header_has_the_motto_the_parent_the_unit_and_the_place_and_date(
        self, every_document, name
    ):
        doc = opened(every_document[name])
        header = [c.text for row in doc.tables[0].rows for c in row.cells]
        unit, motto, _number, date = header
        assert unit.splitlines()[:2] == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ KHOA HỌC & CÔNG NGHỆ"]
        assert motto.splitlines()[:2] == [MOTTO, SLOGAN]
        assert re.fullmatch(r"Hà Nội, ngày \d\d tháng (0[12]|[3-9]|1[0-2]) năm \d{4}", date)
        assert doc.tables[0].style.name == "Normal Table"  # no borders

    @pytest.mark.parametrize("name", ALL)
    def test_every_font_is_times_new_roman(self, every_document, name):
        doc = opened(every_document[name])
        assert doc.styles["Normal"].font.name == FONT
        assert fonts_named(every_document[name]) == {FONT.encode()}
        sizes = {r.font.size.pt for p in doc.paragraphs for r in p.runs if r.font.size}
        assert sizes and sizes <= {13, 14}

    @pytest.mark.parametrize("name", ALL)
    def test_the_page_is_a4_with_the_official_margins(self, every_document, name):
        section = opened(every_document[name]).sections[0]
        size = [round(section.page_width.mm), round(section.page_height.mm)]
        assert size == ([297, 210] if name == "register" else [210, 297])
        margins = [section.top_margin, section.bottom_margin, section.left_margin]
        margins.append(section.right_margin)
        assert [round(m.mm) for m in margins] == [20, 20, 30, 15]

    @pytest.mark.parametrize("name", ALL)
    def test_no_template_tag_is_left_unfilled(self, every_document, name):
        body = text(opened(every_document[name]))
        assert "{{" not in body and "{%" not in body and "}}" not in body


# --- the slips ---------------------------------------------------------------------------------


class TestReceipt:
    def test_it_shows_the_code_the_documents_and_the_appointment(self, hanoi):
        dossier = hanoi.receive(at=at("2025-01-24"))
        doc = opened(slip_docx(slip_of(dossier, "receipt")))
        body = text(doc)
        assert "PHIẾU TIẾP NHẬN VÀ HẸN TRẢ KẾT QUẢ" in lines(doc)
        assert f"Mã hồ sơ: {dossier.code}" in lines(doc)
        assert "Số: 01/PTN" in lines(doc)
        assert "Hà Nội, ngày 24 tháng 01 năm 2025" in lines(doc)
        assert "Tiếp nhận hồ sơ của: Nguyễn Văn Dân" in lines(doc)
        assert "Số định danh cá nhân: 001085012345" in lines(doc)  # in full: it is theirs
        assert "4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 24/01/2025." in lines(doc)
        assert "5. Thời gian trả kết quả giải quyết hồ sơ: ngày 07/02/2025." in lines(doc)
        assert "Cấp giấy phép xuất bản bản tin" in body
        assert rows_of(doc, "TT") == [
            ["1", DOCUMENTS[0].name, "Bản chính", "01"],
            ["2", DOCUMENTS[1].name, "Bản sao có chứng thực", "01"],
        ]
        assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in lines(doc) and "Một cửa A" in lines(doc)

    def test_it_carries_the_qr_code_of_the_public_lookup(self, hanoi, settings):
        settings.DANCHU_PUBLIC_URL = "https://dichvucong.example.vn"
        slip = slip_of(hanoi.receive(at=at("2025-01-24")), "receipt")
        doc = opened(slip_docx(slip))
        url = f"https://dichvucong.example.vn/tra-cuu/?code={slip.dossier.code}"
        assert url in text(doc)
        assert len(doc.inline_shapes) == 1
        shape = doc.inline_shapes[0]
        assert abs(shape.width - Mm(25)) < Mm(0.5)
        images = [r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/image")]
        assert len(images) == 1 and images[0].blob.startswith(b"\x89PNG")
        context = slip_context(slip)
        assert context["lookup_url"] == url and images[0].blob == context["qr_png"]

    def test_it_keeps_the_appointment_it_was_issued_with(self, hanoi):
        dossier = apologised(hanoi)
        doc = opened(slip_docx(slip_of(dossier, "receipt")))
        assert "5. Thời gian trả kết quả giải quyết hồ sơ: ngày 07/02/2025." in lines(doc)


class TestSupplement:
    def test_it_lists_what_is_missing_and_stops_the_clock(self, hanoi):
        dossier = supplemented(hanoi)
        doc = opened(slip_docx(slip_of(dossier, "supplement")))
        found = lines(doc)
        assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in found
        assert "Số: 01/YCBS" in found
        assert "Hà Nội, ngày 03 tháng 02 năm 2025" in found
        assert f"Mã hồ sơ: {dossier.code}" in found
        start = found.index("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:")
        assert found[start + 1 : start + 3] == [
            "1. Bản sao có chứng thực quyết định thành lập",
            "2. Giấy ủy quyền nộp hồ sơ",
        ]
        assert any("tạm dừng từ ngày 03/02/2025" in line for line in found)
        assert "NGƯỜI HƯỚNG DẪN" in found and "Thụ lý A" in found
        assert not doc.inline_shapes


class TestRefusal:
    def test_it_gives_the_reasons_to_the_organisation(self, hanoi):
        dossier = refuse(hanoi)
        doc = opened(slip_docx(slip_of(dossier, "refusal")))
        found = lines(doc)
        assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in found
        assert "Số: 01/TC" in found
        assert f"Mã hồ sơ: {dossier.code}" in found
        assert "Mã số thuế: 0101234567" in found
        assert "- Không thuộc thẩm quyền giải quyết của Sở" in found
        assert "- Đề nghị nộp tại UBND phường" in found
        assert "Xin thông báo để Quý cơ quan, tổ chức được biết và thực hiện./." in found


class TestApology:
    def test_it_apologises_in_the_name_of_the_late_unit_with_the_new_date(self, hanoi):
        dossier = apologised(hanoi)
        doc = opened(slip_docx(slip_of(dossier, "apology")))
        found = lines(doc)
        body = text(doc)
        assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in found
        assert "Số: 01/XL" in found
        assert "Hà Nội, ngày 05 tháng 02 năm 2025" in found
        assert "Kính gửi: Nguyễn Văn Dân" in found
        assert f"Mã hồ sơ: {dossier.code}." in body
        assert "Thời hạn trả kết quả giải quyết hồ sơ đã hẹn: ngày 07/02/2025." in found
        assert "Lý do: Cần xác minh thêm thông tin với cơ quan liên quan." in body
        assert "hẹn trả kết quả giải quyết hồ sơ vào ngày 14/02/2025." in body
        assert "ĐẠI DIỆN PHÒNG 1 SỞ A" in found


# --- the process-control slip and the register --------------------------------------------------


class TestProcessControl:
    def test_it_has_one_row_per_handover_with_who_when_and_how_timely(self, hanoi):
        desk = hanoi
        dossier = walk_and_return(desk, desk.receive(at=at("2025-01-24")))
        doc = opened(process_control_docx(Dossier.objects.get(pk=dossier.pk)))
        found = lines(doc)
        assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in found
        assert f"Mã hồ sơ: {dossier.code}" in found
        assert "Ngày nhận hồ sơ: 24/01/2025; ngày hẹn trả kết quả: 07/02/2025." in found
        rows = rows_of(doc, "TT")
        assert len(rows) == dossier.handovers.count() == 5
        assert column(rows, 0) == ["1", "2", "3", "4", "5"]
        assert column(rows, 1) == [step.name for step in STEPS]
        names = ["Một cửa A", "Thụ lý A", "Trưởng phòng A", "Giám đốc A", "Một cửa A"]
        assert column(rows, 2) == ["Nguyễn Văn Dân", *names[:4]]
        assert column(rows, 3) == names
        assert column(rows, 4) == [
            "09:00 24/01/2025",
            "09:00 24/01/2025",
            "09:00 27/01/2025",
            "14:00 27/01/2025",
            "09:00 03/02/2025",
        ]
        assert column(rows, 6)[-1] == "09:00 04/02/2025"
        assert set(column(rows, 7)) <= {"Trước hạn", "Đúng hạn", "Quá hạn"}
        assert column(rows, 7)[0] == "Đúng hạn"
        assert "Kết quả giải quyết: Chấp thuận (số 12/GP-SKHCN)." in found
        assert "Ngày trả kết quả: 04/02/2025." in found

    def test_an_open_dossier_shows_the_step_in_hand_unfinished(self, hanoi):
        dossier = hanoi.receive(at=at("2025-01-24"))
        rows = rows_of(opened(process_control_docx(dossier)), "TT")
        assert len(rows) == 2
        assert rows[1][3] == "Thụ lý A" and rows[1][6] == "" and rows[1][7] == ""


class TestRegister:
    def test_it_lists_the_dossiers_received_in_the_period_by_code(self, hanoi):
        desk = hanoi
        first = walk_and_return(desk, desk.receive(at=at("2025-01-24")))
        second = desk.receive(at=at("2025-01-24", 10))
        refused = refuse(desk, "2025-01-27")
        later = desk.receive(at=at("2025-02-03"))
        elsewhere = _refused_in_department_b(desk)
        doc = opened(register_docx(agency=desk.cast.a.unit, start=JANUARY[0], end=JANUARY[1]))
        found = lines(doc)
        assert "SỔ THEO DÕI HỒ SƠ" in found
        assert "Từ ngày 01/01/2025 đến ngày 31/01/2025" in found
        rows = rows_of(doc, "TT")
        assert column(rows, 1) == sorted([first.code, second.code, refused.code])
        assert later.code not in text(doc) and elsewhere.code not in text(doc)
        by_code = {row[1]: row for row in rows}
        assert by_code[first.code][2:] == [
            "Nguyễn Văn Dân",
            "Cấp giấy phép xuất bản bản tin",
            "24/01/2025",
            "07/02/2025",
            "04/02/2025",
            "Chấp thuận – Trước hạn",
        ]
        assert by_code[second.code][6:] == ["", "Đang giải quyết"]
        assert by_code[refused.code][2] == "Công ty TNHH Bình Minh"
        assert by_code[refused.code][7] == "Từ chối tiếp nhận"
        assert "Tổng số: 3 hồ sơ." in found

    def test_its_query_count_does_not_grow_with_the_dossiers(
        self, hanoi, django_assert_max_num_queries
    ):
        desk = hanoi
        counts = []
        for batch in ([8, 9, 10], [11, 12, 13, 14, 15, 16, 17]):
            for hour in batch:
                desk.receive(at=at("2025-01-24", hour))
            agency = Agency.objects.get(pk=desk.cast.a.unit.pk)  # nothing cached
            with (
                django_assert_max_num_queries(3),
                CaptureQueriesContext(connection) as queries,
            ):
                data = register_docx(agency=agency, start=JANUARY[0], end=JANUARY[1])
            counts.append(len(queries))
            assert len(rows_of(opened(data), "TT")) == {3: 3, 7: 10}[len(batch)]
        assert counts[0] == counts[1]


def _refused_in_department_b(desk) -> Dossier:
    b = desk.cast.b
    procedure = services.procedure_save(
        actor=b.admin,
        agency=b.unit,
        code="1.004443",
        name="Cấp giấy phép xuất bản bản tin",
        field="Xuất bản, In và Phát hành",
        deadline_days=5,
        steps=STEPS,
        documents=DOCUMENTS,
    )
    return refuse(desk, "2025-01-24", actor=b.officer, agency=b.unit, procedure=procedure)


# --- the templates -------------------------------------------------------------------------------


class TestTemplates:
    def test_they_ship_inside_the_package(self):
        folder = resources.files("danchu.onestop.docx")
        for name in TEMPLATES:
            assert folder.joinpath(f"{name}.docx").is_file()

    def test_the_shipped_templates_are_what_the_build_script_makes(self, tmp_path):
        build(tmp_path)
        folder = resources.files("danchu.onestop.docx")
        for name in TEMPLATES:
            with zipfile.ZipFile(tmp_path / f"{name}.docx") as fresh:
                built = fresh.read("word/document.xml")
            with zipfile.ZipFile(BytesIO(folder.joinpath(f"{name}.docx").read_bytes())) as kept:
                assert kept.read("word/document.xml") == built, name
