"""``danchu report qcdc``: the Word file or the workbook written where asked; a refusal in
Vietnamese, a non-zero exit and no file."""

from __future__ import annotations

import os
from io import BytesIO

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command

from danchu.cli import main
from tests.reports.test_documents import text_of
from tests.reports.test_report import ONESTOP_SEED

pytestmark = pytest.mark.django_db


def run(*args: str) -> None:
    call_command("report", "qcdc", *args)


def test_it_writes_the_word_file(cast, fake_sections, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"
    run("--unit", "DEP-A", "--from", "01/01/2021", "--to", "2022-09-15", "--out", str(out))
    text = text_of(docx.Document(BytesIO(out.read_bytes())))
    assert ONESTOP_SEED in text
    assert "(từ ngày 01/01/2021 đến ngày 15/09/2022)" in text
    said = capsys.readouterr().out
    assert str(out) in said and "Sở A" in said


def test_a_division_code_reports_its_organisation(cast, fake_sections, tmp_path):
    out = tmp_path / "bao-cao.docx"
    run("--unit", "DEP-A.P1", "--from", "2021-01-01", "--to", "2021-12-31", "--out", str(out))
    assert "SỞ A" in text_of(docx.Document(BytesIO(out.read_bytes())))
    assert fake_sections.calls["onestop"][0][0] == [cast.a.unit.pk]


def test_an_xlsx_name_writes_the_workbook(cast, fake_sections, tmp_path):
    out = tmp_path / "so-lieu.xlsx"
    run("--unit", "DEP-A", "--from", "2021-01-01", "--to", "2022-09-15", "--out", str(out))
    book = openpyxl.load_workbook(BytesIO(out.read_bytes()))
    assert book.sheetnames[0] == "Thông tin" and "Một cửa" in book.sheetnames


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--unit", "KHONG-CO", "--from", "2021-01-01", "--to", "2021-12-31"),
            "Không có đơn vị mã",
        ),
        (("--unit", "DEP-A", "--from", "2021-13-01", "--to", "2021-12-31"), "không hợp lệ"),
        (("--unit", "DEP-A", "--from", "2021-01-01", "--to", "31/02/2021"), "“31/02/2021”"),
        (("--unit", "DEP-A", "--from", "2021-12-31", "--to", "2021-01-01"), "Ngày kết thúc trước"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(cast, fake_sections, tmp_path, args, message):
    out = tmp_path / "bao-cao.docx"
    with pytest.raises(CommandError, match=message):
        run(*args, "--out", str(out))
    assert not out.exists()
    assert not any(fake_sections.calls.values())


def test_an_unknown_file_kind_is_refused(cast, fake_sections, tmp_path):
    out = tmp_path / "bao-cao.pdf"
    with pytest.raises(CommandError, match=r"\.docx hoặc \.xlsx"):
        run("--unit", "DEP-A", "--from", "2021-01-01", "--to", "2021-12-31", "--out", str(out))
    assert not out.exists()


def test_a_bad_agency_template_is_refused_and_nothing_is_written(
    cast, fake_sections, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    template = tmp_path / "templates" / "reports" / "qcdc_report.docx"
    template.parent.mkdir(parents=True)
    docx.Document().save(str(template))
    out = tmp_path / "bao-cao.docx"
    with pytest.raises(CommandError, match="sections"):
        run("--unit", "DEP-A", "--from", "2021-01-01", "--to", "2021-12-31", "--out", str(out))
    assert not out.exists()


def test_the_danchu_command_exits_non_zero_with_the_message(cast, fake_sections, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"
    argv = ["report", "qcdc", "--unit", "DEP-A", "--from", "2021-12-31", "--to", "2021-01-01"]
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--out", str(out)])
    assert exited.value.code != 0
    assert "Ngày kết thúc trước ngày bắt đầu." in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("CITY.BCD", "là ban chỉ đạo"),
        ("DEP-B", "không còn hoạt động"),
    ],
)
def test_a_committee_or_an_inactive_unit_is_refused(
    cast, fake_sections, tmp_path, capsys, unit, message
):
    cast.b.unit.is_active = False
    cast.b.unit.save(update_fields=["is_active"])
    out = tmp_path / "bao-cao.docx"
    argv = ["report", "qcdc", "--unit", unit, "--from", "2021-01-01", "--to", "2021-12-31"]
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--out", str(out)])
    assert exited.value.code != 0
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert not any(fake_sections.calls.values())


def test_a_missing_folder_is_refused_in_vietnamese(cast, fake_sections, tmp_path, capsys):
    out = tmp_path / "khong-co" / "bao-cao.docx"
    argv = ["report", "qcdc", "--unit", "DEP-A", "--from", "2021-01-01", "--to", "2021-12-31"]
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--out", str(out)])
    assert exited.value.code != 0
    err = capsys.readouterr().err
    assert f"Thư mục “{out.parent}” không tồn tại." in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_refused(cast, fake_sections, tmp_path, monkeypatch):
    """Checked before the report is made (as root, every folder is writable: the check is
    faked; the write itself would fail with an OSError, refused below)."""
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    monkeypatch.setattr(
        "danchu.reports.management.commands.report.os.access", lambda path, mode: False
    )
    with pytest.raises(CommandError, match="Không có quyền ghi vào thư mục"):
        run("--unit", "DEP-A", "--from", "2021-01-01", "--to", "2021-12-31", "--out",
            str(folder / "bao-cao.docx"))  # fmt: skip
    assert list(folder.iterdir()) == []
    assert not any(fake_sections.calls.values())


def test_a_failed_write_leaves_neither_the_file_nor_a_temporary_one(
    cast, fake_sections, tmp_path, monkeypatch
):
    """An OSError while writing (a full disk, a folder that turned read-only) is a Vietnamese
    refusal; the old file, if any, is left as it was and no temporary file remains."""
    out = tmp_path / "bao-cao.docx"
    out.write_bytes(b"old")

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("danchu.reports.management.commands.report.os.replace", fail)
    with pytest.raises(CommandError, match=r"Không ghi được tệp .*No space left on device"):
        run("--unit", "DEP-A", "--from", "2021-01-01", "--to", "2021-12-31", "--out", str(out))
    assert out.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [out]


def test_an_existing_file_is_replaced_whole(cast, fake_sections, tmp_path):
    out = tmp_path / "bao-cao.docx"
    out.write_bytes(b"old")
    run("--unit", "DEP-A", "--from", "2021-01-01", "--to", "2021-12-31", "--out", str(out))
    assert "SỞ A" in text_of(docx.Document(BytesIO(out.read_bytes())))
    assert list(tmp_path.iterdir()) == [out]
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # the mode a plain write would give
