import datetime as dt
import io
import unicodedata
import zipfile
from typing import Any

import openpyxl
import pytest
import time_machine

from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import AuditEvent, Role
from danchu.onestop import services
from danchu.onestop.excel import (
    DOCUMENTS,
    NOT_XLSX,
    PROCEDURES,
    STEPS,
    RejectedRow,
    catalogue_export,
    catalogue_import,
    stats_export,
)
from danchu.onestop.models import Procedure, ProcedureVersion
from danchu.onestop.services import DocumentSpec, StepSpec
from danchu.onestop.stats import onestop_report
from tests.onestop.conftest import DOCUMENTS as DESK_DOCUMENTS
from tests.onestop.conftest import STEPS as DESK_STEPS
from tests.onestop.conftest import at, make_procedure
from tests.onestop.test_services import walk_to_decision

FIRST, SECOND = "1.004443", "2.001234"
PROCEDURE_HEADER = [
    "Mã",
    "Tên thủ tục",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Cơ quan giải quyết",
    "Thời hạn (ngày làm việc)",
    "Lệ phí (VND)",
    "Trực tuyến",
    "Mẫu đơn, tờ khai",
    "Căn cứ pháp lý",
    "Công khai",
]


def library_procedure(cast, *, code=SECOND, agency=None, actor=None):
    procedure = services.procedure_save(
        actor=actor or cast.a.admin,
        agency=agency or cast.a.unit,
        code=code,
        name="Công nhận thư viện cộng đồng",
        field="Thư viện",
        level="communal",
        deciding_agency="UBND xã",
        deadline_days=10,
        fee=50_000,
        online=False,
        forms="Mẫu số 01",
        legal_bases="Luật Thư viện 2019",
        documents=[
            DocumentSpec("Tờ khai", 2, "original"),
            DocumentSpec("Danh mục tài nguyên", 1, "copy"),
            DocumentSpec("Giấy tờ về trụ sở", 1, "certified"),
        ],
        steps=[
            StepSpec("Tiếp nhận", Role.ONESTOP_OFFICER, 1),
            StepSpec("Thẩm định", Role.HANDLING_OFFICER, 5),
            StepSpec("Ký duyệt", Role.HEAD, 2, "hours"),
        ],
    )
    return services.procedure_set_published(
        actor=actor or cast.a.admin, procedure=procedure, published=False
    )


@pytest.fixture
def catalogue(cast) -> bytes:
    make_procedure(cast, code=FIRST)
    library_procedure(cast)
    return catalogue_export(agency=cast.a.unit)


def content(procedure):
    """What a procedure says, without its unit: comparable across units."""
    version = procedure.current
    return {
        "version": {
            f: getattr(version, f)
            for f in [
                "name",
                "field",
                "level",
                "deciding_agency",
                "deadline_days",
                "fee",
                "online",
                "forms",
                "legal_bases",
            ]
        },
        "published": procedure.is_published,
        "documents": [(d.order, d.name, d.copies, d.kind) for d in version.documents.all()],
        "steps": [(s.order, s.name, s.role, s.allotted, s.unit) for s in version.steps.all()],
    }


def edit(data: bytes, change) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(sheet, code, number=None) -> int:
    for cells in sheet.iter_rows(min_row=2):
        if cells[0].value == code and (number is None or cells[1].value == number):
            return cells[0].row
    raise AssertionError(f"{code} not on {sheet.title}")


def setter(sheet_name, code, column, value, number=None):
    def change(book):
        sheet = book[sheet_name]
        header = [c.value for c in sheet[1]]
        # ``cell(value=None)`` would leave the old value: assign to clear.
        sheet.cell(row=row_of(sheet, code, number), column=header.index(column) + 1).value = value

    return change


def import_b(cast, data):
    return catalogue_import(actor=cast.b.admin, agency=cast.b.unit, data=data)


class TestExport:
    def test_it_writes_three_sheets_with_their_headers(self, catalogue):
        book = openpyxl.load_workbook(io.BytesIO(catalogue))
        assert book.sheetnames == [PROCEDURES, DOCUMENTS, STEPS]
        headers = {name: [c.value for c in book[name][1]] for name in book.sheetnames}
        assert headers == {
            PROCEDURES: PROCEDURE_HEADER,
            DOCUMENTS: ["Mã thủ tục", "STT", "Tên giấy tờ", "Số bản", "Loại"],
            STEPS: ["Mã thủ tục", "Bước", "Tên bước", "Vai trò", "Thời gian", "Đơn vị"],
        }
        for name in book.sheetnames:
            assert book[name].freeze_panes == "A2"
            assert all(c.font.b for c in book[name][1])

    def test_it_writes_the_current_version_as_values(self, catalogue):
        book = openpyxl.load_workbook(io.BytesIO(catalogue))
        rows = [list(r) for r in book[PROCEDURES].iter_rows(min_row=2, values_only=True)]
        assert rows[1] == [
            SECOND,
            "Công nhận thư viện cộng đồng",
            "Thư viện",
            "communal",
            "UBND xã",
            10,
            50_000,
            "không",
            "Mẫu số 01",
            "Luật Thư viện 2019",
            "không",
        ]
        assert rows[0][7] == rows[0][10] == "có"
        steps = [list(r) for r in book[STEPS].iter_rows(min_row=2, values_only=True)]
        assert [SECOND, 3, "Ký duyệt", "head", 2, "hours"] in steps
        assert len(steps) == 5 + 3
        documents = list(book[DOCUMENTS].iter_rows(min_row=2, values_only=True))
        assert (SECOND, 2, "Danh mục tài nguyên", 1, "copy") in documents

    def test_text_that_looks_like_a_formula_stays_text(self, cast):
        services.procedure_save(
            actor=cast.a.admin,
            agency=cast.a.unit,
            code="3.0",
            name='=HYPERLINK("http://x")',
            field="F",
            deadline_days=5,
            steps=DESK_STEPS,
        )
        book = openpyxl.load_workbook(io.BytesIO(catalogue_export(agency=cast.a.unit)))
        cell = book[PROCEDURES]["B2"]
        assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'

    @pytest.mark.parametrize("count", [1, 6])
    def test_its_query_count_is_fixed(self, cast, django_assert_num_queries, count):
        for n in range(count):
            make_procedure(cast, code=f"1.{n}")
        with django_assert_num_queries(3):
            data = catalogue_export(agency=cast.a.unit)
        book = openpyxl.load_workbook(io.BytesIO(data))
        assert book[PROCEDURES].max_row == 1 + count
        assert book[STEPS].max_row == 1 + 5 * count

    def test_it_leaves_out_other_units(self, cast, catalogue):
        book = openpyxl.load_workbook(io.BytesIO(catalogue_export(agency=cast.b.unit)))
        assert book[PROCEDURES].max_row == 1


class TestRoundTrip:
    def test_an_export_imports_into_another_unit_as_it_was(self, cast, catalogue):
        report = import_b(cast, catalogue)
        assert report.created == [FIRST, SECOND]
        assert report.updated == report.unchanged == report.rejected == []
        for code in (FIRST, SECOND):
            source = Procedure.objects.get(agency=cast.a.unit, code=code)
            copy = Procedure.objects.get(agency=cast.b.unit, code=code)
            assert content(copy) == content(source)
            assert copy.current.number == 1

    def test_importing_it_again_changes_nothing(self, cast, catalogue):
        import_b(cast, catalogue)
        versions = ProcedureVersion.objects.count()
        events = AuditEvent.objects.count()
        report = import_b(cast, catalogue)
        assert report.unchanged == [FIRST, SECOND]
        assert report.created == report.updated == report.rejected == []
        assert ProcedureVersion.objects.count() == versions
        assert AuditEvent.objects.count() == events

    def test_a_changed_deadline_makes_version_2(self, cast, catalogue):
        import_b(cast, catalogue)
        changed = edit(catalogue, setter(PROCEDURES, FIRST, "Thời hạn (ngày làm việc)", 7))
        report = import_b(cast, changed)
        assert report.updated == [FIRST]
        assert report.unchanged == [SECOND]
        procedure = Procedure.objects.get(agency=cast.b.unit, code=FIRST)
        assert procedure.current.number == 2
        assert procedure.current.deadline_days == 7

    def test_a_publication_change_alone_is_an_update(self, cast, catalogue):
        import_b(cast, catalogue)
        report = import_b(cast, edit(catalogue, setter(PROCEDURES, SECOND, "Công khai", "có")))
        assert report.updated == [SECOND]
        procedure = Procedure.objects.get(agency=cast.b.unit, code=SECOND)
        assert procedure.is_published and procedure.current.number == 1

    def test_hand_typed_numbers_and_reordered_rows_are_read(self, cast, catalogue):
        def change(book):
            setter(PROCEDURES, SECOND, "Lệ phí (VND)", "75.000")(book)
            setter(PROCEDURES, SECOND, "Thời hạn (ngày làm việc)", " 12 ")(book)
            setter(PROCEDURES, SECOND, "Trực tuyến", "Có")(book)
            # The same name typed with decomposed accents is the same name.
            name = unicodedata.normalize("NFD", "Công nhận thư viện cộng đồng")
            setter(PROCEDURES, SECOND, "Tên thủ tục", name)(book)
            # Steps listed out of order: the step number decides.
            sheet = book[STEPS]
            first, third = row_of(sheet, SECOND, 1), row_of(sheet, SECOND, 3)
            for column in range(1, 7):
                a, b = sheet.cell(first, column), sheet.cell(third, column)
                a.value, b.value = b.value, a.value
            sheet.append([None] * 6)  # a blank row is skipped

        import_b(cast, edit(catalogue, change))
        version = Procedure.objects.get(agency=cast.b.unit, code=SECOND).current
        assert (version.fee, version.deadline_days, version.online) == (75_000, 12, True)
        assert [s.name for s in version.steps.all()] == ["Tiếp nhận", "Thẩm định", "Ký duyệt"]
        assert version.name == "Công nhận thư viện cộng đồng"


ROW_ERRORS = [
    pytest.param(
        PROCEDURES,
        "Cấp thực hiện",
        "district",
        None,
        "Cột “Cấp thực hiện” không nhận giá trị “district”; "
        "chỉ nhận: central, provincial, communal.",
        id="level",
    ),
    pytest.param(
        PROCEDURES,
        "Thời hạn (ngày làm việc)",
        "năm",
        None,
        "Cột “Thời hạn (ngày làm việc)” phải là số nguyên, không nhận “năm”.",
        id="deadline",
    ),
    pytest.param(
        PROCEDURES,
        "Lệ phí (VND)",
        12.5,
        None,
        "Cột “Lệ phí (VND)” phải là số nguyên, không nhận “12.5”.",
        id="fee",
    ),
    pytest.param(
        PROCEDURES,
        "Trực tuyến",
        "yes",
        None,
        "Cột “Trực tuyến” chỉ nhận “có” hoặc “không”, không nhận “yes”.",
        id="online",
    ),
    pytest.param(
        PROCEDURES,
        "Công khai",
        None,
        None,
        "Cột “Công khai” chỉ nhận “có” hoặc “không”, không nhận “”.",
        id="published",
    ),
    pytest.param(
        DOCUMENTS,
        "Loại",
        "scan",
        2,
        "Cột “Loại” không nhận giá trị “scan”; chỉ nhận: original, copy, certified.",
        id="kind",
    ),
    pytest.param(
        DOCUMENTS,
        "Số bản",
        "hai",
        1,
        "Cột “Số bản” phải là số nguyên, không nhận “hai”.",
        id="copies",
    ),
    pytest.param(
        STEPS,
        "Vai trò",
        "mayor",
        2,
        "Cột “Vai trò” không nhận giá trị “mayor”; chỉ nhận: " + ", ".join(Role.values) + ".",
        id="role",
    ),
    pytest.param(
        STEPS,
        "Đơn vị",
        "minutes",
        3,
        "Cột “Đơn vị” không nhận giá trị “minutes”; chỉ nhận: working_days, hours.",
        id="unit",
    ),
    pytest.param(
        STEPS,
        "Thời gian",
        1.5,
        1,
        "Cột “Thời gian” phải là số nguyên, không nhận “1.5”.",
        id="allotted",
    ),
    pytest.param(
        STEPS,
        "Bước",
        "ba",
        3,
        "Cột “Bước” phải là số nguyên, không nhận “ba”.",
        id="step-number",
    ),
]


class TestRejections:
    @pytest.mark.parametrize(("sheet_name", "column", "value", "number", "message"), ROW_ERRORS)
    def test_a_bad_value_rejects_its_procedure_only(
        self, cast, catalogue, sheet_name, column, value, number, message
    ):
        row = row_of(openpyxl.load_workbook(io.BytesIO(catalogue))[sheet_name], SECOND, number)
        report = import_b(cast, edit(catalogue, setter(sheet_name, SECOND, column, value, number)))
        assert report.rejected == [RejectedRow(sheet_name, row, SECOND, message)]
        assert report.created == [FIRST]
        assert not Procedure.objects.filter(agency=cast.b.unit, code=SECOND).exists()

    def test_a_bad_row_leaves_an_existing_procedure_as_it_was(self, cast, catalogue):
        import_b(cast, catalogue)

        def change(book):
            setter(PROCEDURES, SECOND, "Tên thủ tục", "Tên mới")(book)
            setter(STEPS, SECOND, "Vai trò", "mayor", 1)(book)

        report = import_b(cast, edit(catalogue, change))
        assert [r.code for r in report.rejected] == [SECOND]
        assert report.unchanged == [FIRST]
        procedure = Procedure.objects.get(agency=cast.b.unit, code=SECOND)
        assert procedure.current.number == 1
        assert procedure.current.name == "Công nhận thư viện cộng đồng"

    def test_steps_longer_than_the_deadline_are_refused_by_the_service(self, cast, catalogue):
        data = edit(catalogue, setter(PROCEDURES, SECOND, "Thời hạn (ngày làm việc)", 3))
        report = import_b(cast, data)
        assert report.rejected == [
            RejectedRow(
                PROCEDURES,
                3,
                SECOND,
                "Tổng thời gian các bước là 6,25 ngày làm việc, vượt thời hạn giải quyết "
                "theo quy định là 3 ngày làm việc.",
            )
        ]
        assert report.created == [FIRST]
        assert not Procedure.objects.filter(agency=cast.b.unit, code=SECOND).exists()

    def test_a_row_for_a_procedure_not_on_the_first_sheet_is_rejected(self, cast, catalogue):
        def change(book):
            book[DOCUMENTS].append(["9.999", 1, "Giấy tờ lạc", 1, "original"])
            book[STEPS].append([None, 1, "Bước lạc", "head", 1, "hours"])

        report = import_b(cast, edit(catalogue, change))
        assert report.rejected == [
            RejectedRow(DOCUMENTS, 7, "9.999", "Mã thủ tục “9.999” không có trên trang “Thủ tục”."),
            RejectedRow(STEPS, 10, "", "Thiếu mã thủ tục."),
        ]
        assert report.created == [FIRST, SECOND]
        assert not Procedure.objects.filter(code="9.999").exists()

    def test_a_repeated_code_rejects_the_procedure(self, cast, catalogue):
        def change(book):
            sheet = book[PROCEDURES]
            sheet.append([c.value for c in sheet[row_of(sheet, SECOND)]])

        report = import_b(cast, edit(catalogue, change))
        assert report.rejected == [
            RejectedRow(PROCEDURES, 4, SECOND, f"Mã thủ tục “{SECOND}” trùng với dòng 3.")
        ]
        assert report.created == [FIRST]

    def test_a_repeated_step_number_is_rejected(self, cast, catalogue):
        data = edit(catalogue, setter(STEPS, SECOND, "Bước", 1, 2))
        report = import_b(cast, data)
        assert [(r.sheet, r.code) for r in report.rejected] == [(STEPS, SECOND)]
        assert report.rejected[0].message == f"Bước 1 của thủ tục “{SECOND}” trùng với dòng 7."
        assert report.created == [FIRST]

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            pytest.param(
                lambda book: book[PROCEDURES].delete_cols(3),
                "Thiếu cột “Lĩnh vực” trên trang “Thủ tục”.",
                id="missing-column",
            ),
            pytest.param(
                lambda book: book[STEPS].cell(row=1, column=7, value="Ghi chú"),
                "Cột không xác định: “Ghi chú” trên trang “Quy trình”.",
                id="unknown-column",
            ),
            pytest.param(
                lambda book: book.remove(book[DOCUMENTS]),
                "Thiếu trang tính “Thành phần hồ sơ”.",
                id="missing-sheet",
            ),
        ],
    )
    def test_a_file_of_another_layout_is_refused_whole(self, cast, catalogue, change, message):
        with pytest.raises(DomainError) as exc:
            import_b(cast, edit(catalogue, change))
        assert exc.value.code == "bad_layout"
        assert exc.value.message == message
        assert exc.value.fields == {"data": [message]}
        assert not Procedure.objects.filter(agency=cast.b.unit).exists()

    def test_every_layout_problem_is_listed(self, cast, catalogue):
        def change(book):
            book.remove(book[STEPS])
            book[PROCEDURES].cell(row=1, column=1, value="Mã số")

        with pytest.raises(DomainError) as exc:
            import_b(cast, edit(catalogue, change))
        assert exc.value.fields["data"] == [
            "Thiếu cột “Mã” trên trang “Thủ tục”.",
            "Cột không xác định: “Mã số” trên trang “Thủ tục”.",
            "Thiếu trang tính “Quy trình”.",
        ]

    @pytest.mark.parametrize(
        "data",
        [
            "Mã;Tên thủ tục\n1.0;X\n".encode(),
            b"",
            pytest.param(None, id="a-zip-that-is-not-a-workbook"),
        ],
    )
    def test_a_file_that_is_not_xlsx_is_refused(self, cast, data):
        if data is None:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                archive.writestr("readme.txt", "không phải Excel")
            data = buffer.getvalue()
        with pytest.raises(DomainError) as exc:
            import_b(cast, data)
        assert exc.value.code == "not_xlsx"
        assert exc.value.message == NOT_XLSX == "Tệp không phải là tệp Excel (.xlsx)."


class TestPermissions:
    def test_staff_cannot_import(self, cast, catalogue):
        with pytest.raises(Forbidden):
            catalogue_import(actor=cast.a.staff, agency=cast.a.unit, data=catalogue)
        assert Procedure.objects.filter(agency=cast.a.unit).count() == 2

    def test_staff_are_refused_before_the_file_is_read(self, cast):
        with pytest.raises(Forbidden):
            catalogue_import(actor=cast.a.staff, agency=cast.a.unit, data=b"junk")

    def test_another_departments_admin_cannot_import_here(self, cast, catalogue):
        with pytest.raises(NotFound):
            catalogue_import(actor=cast.b.admin, agency=cast.a.unit, data=catalogue)


# --- Statistics ---------------------------------------------------------------------------------

STATS_HEADER = [
    [
        "STT",
        "Lĩnh vực / nhóm",
        "Tổng số hồ sơ",
        "Số mới tiếp nhận",
        "Số kỳ trước chuyển qua",
        "Đã giải quyết",
        None,
        None,
        None,
        "Đang giải quyết",
        None,
        "Đã trả kết quả",
        "Từ chối tiếp nhận",
        "Rút hồ sơ",
        "Tỷ lệ đúng hạn (%)",
    ],
    [None] * 5
    + ["Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn"]
    + [None] * 4,
]


def expected_row(figures):
    return [
        figures.received + figures.carried_over,
        figures.received,
        figures.carried_over,
        figures.resolved,
        figures.early,
        figures.on_time,
        figures.late,
        figures.in_progress_within,
        figures.in_progress_overdue,
        figures.returned,
        figures.refused,
        figures.withdrawn,
        figures.on_time_rate,
    ]


@pytest.fixture
def report(desk):
    cast = desk.cast
    press = services.procedure_save(
        actor=cast.a.admin,
        agency=cast.a.unit,
        code="1.005000",
        name="Cấp giấy phép hoạt động báo in",
        field="Báo chí",
        deadline_days=5,
        steps=DESK_STEPS,
        documents=DESK_DOCUMENTS,
    )
    with time_machine.travel(at("2025-02-20"), tick=False):
        early = walk_to_decision(desk, desk.receive(at=at("2025-01-24")))
        early = services.dossier_decide(
            actor=desk.head, dossier=early, approved=True, result_number="1/GP", at=at("2025-02-03")
        )
        early = services.dossier_return(actor=desk.officer, dossier=early, at=at("2025-02-04"))
        services.dossier_rate(dossier=early, satisfaction="satisfied")
        late = walk_to_decision(desk, desk.receive(at=at("2025-01-24", 10)))
        services.dossier_decide(
            actor=desk.head, dossier=late, approved=False, reasons="Thiếu", at=at("2025-02-10")
        )
        services.dossier_request_supplement(
            actor=desk.handler,
            dossier=desk.receive(procedure=press, at=at("2025-02-03")),
            missing="Bản sao",
            at=at("2025-02-04"),
        )
        desk.receive(procedure=press, at=at("2025-02-05"))
        services.dossier_refuse_intake(
            actor=desk.officer,
            agency=cast.a.unit,
            procedure=press,
            applicant_kind="person",
            applicant_name="Trần Thị B",
            applicant_id="001085012346",
            reasons="Không thuộc thẩm quyền",
            at=at("2025-02-06"),
        )
    return onestop_report(
        agency=cast.a.unit, start=dt.date(2025, 1, 1), end=dt.date(2025, 2, 28), group_by="field"
    )


class TestStatsExport:
    def test_it_fills_the_form_with_the_reports_figures(self, report):
        assert [name for name, _ in report.groups] == ["Báo chí", "Xuất bản, In và Phát hành"]
        assert (report.total.received, report.total.refused, report.total.late) == (4, 1, 1)
        book = openpyxl.load_workbook(io.BytesIO(stats_export(report)))
        sheet = book.worksheets[0]
        assert sheet["A2"].value == "Đơn vị: Sở A"
        assert sheet["A3"].value == "Kỳ báo cáo: từ 01/01/2025 đến 28/02/2025"
        header = [list(r) for r in sheet.iter_rows(min_row=5, max_row=6, values_only=True)]
        assert header == STATS_HEADER
        rows = [list(r) for r in sheet.iter_rows(min_row=8, values_only=True)]
        assert rows == [
            [1, "Báo chí", *expected_row(report.groups[0][1])],
            [2, "Xuất bản, In và Phát hành", *expected_row(report.groups[1][1])],
            [None, "Tổng cộng", *expected_row(report.total)],
        ]

    def test_numbers_are_numbers_and_the_total_is_bold(self, report):
        sheet = openpyxl.load_workbook(io.BytesIO(stats_export(report))).worksheets[0]
        total = sheet[10]
        assert all(c.font.b for c in total)
        assert all(c.data_type == "n" for c in total[2:])
        assert total[14].value == pytest.approx(50.0)
        assert total[14].number_format == "0.0"
        assert sheet["O8"].value is None  # no dossier of that field was resolved

    def test_the_second_sheet_holds_the_indicators(self, report):
        sheet = openpyxl.load_workbook(io.BytesIO(stats_export(report)))["Chỉ tiêu"]
        rows: dict[Any, Any] = {
            row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)
        }
        assert rows == {
            "Số thủ tục công khai": report.procedures_published,
            "Số thủ tục trực tuyến": report.procedures_online,
            "Số phiếu yêu cầu bổ sung": report.total.supplement_requests,
            "Số phiếu xin lỗi": report.total.apology_slips,
            "Thời gian giải quyết bình quân (ngày làm việc)": report.total.average_days,
            "Hài lòng": report.total.ratings["satisfied"],
            "Chấp nhận được": report.total.ratings["acceptable"],
            "Không hài lòng": report.total.ratings["unsatisfied"],
        }
        assert (rows["Số thủ tục công khai"], rows["Số phiếu yêu cầu bổ sung"]) == (2, 1)
        assert rows["Hài lòng"] == 1

    def test_it_reads_nothing_from_the_database(self, report, django_assert_num_queries):
        with django_assert_num_queries(0):
            stats_export(report)
