"""The forwarding slip as a Word file: the official header, its number, the competent body, and
a protected sender kept secret on paper too; the committed template is what build.py makes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from docx import Document

from danchu.letters import services
from danchu.letters.documents import forward_slip_docx
from danchu.letters.docx.build import TEMPLATES, build
from tests.letters.conftest import DENOUNCER, Reception

pytestmark = pytest.mark.django_db


def _forwarded(rc: Reception, letter):
    letter = rc.classified(letter, eligibility="not_competent", eligibility_note="Của quận")
    return services.letter_forward(
        actor=rc.clerk,
        letter=letter,
        forwarded_to="UBND quận Ba Đình",
        forwarded_on=dt.date(2026, 3, 4),
    )


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@time_machine.travel(dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC), tick=False)
def test_the_forwarding_slip_names_an_open_sender_and_hides_a_protected_one(rc):
    plain = _text(forward_slip_docx(_forwarded(rc, rc.receive())))
    assert "PHIẾU CHUYỂN ĐƠN" in plain and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in plain
    assert "Số: 01/PC" in plain and "Kính gửi: UBND quận Ba Đình" in plain
    assert "Nguyễn Văn Dân" in plain and "ngày 04 tháng 3 năm 2026" in plain
    secret = _text(forward_slip_docx(_forwarded(rc, rc.denunciation())))
    assert "Số: 02/PC" in secret and "giữ bí mật" in secret
    assert DENOUNCER not in secret and "Bí Mật" not in secret


def test_the_committed_template_is_what_build_makes(tmp_path):
    from importlib import resources

    for path in build(tmp_path):
        committed = resources.files("danchu.letters.docx").joinpath(path.name).read_bytes()
        with zipfile.ZipFile(io.BytesIO(committed)) as a, zipfile.ZipFile(path) as b:
            assert a.read("word/document.xml") == b.read("word/document.xml")
    assert set(TEMPLATES) == {"forward_slip"}
