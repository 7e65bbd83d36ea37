"""The seed: ``danchu report qcdc`` for Sở Thông tin và Truyền thông, 01/01/2021–15/09/2022,
writes a Word file whose one-stop and reception sections read like the seed report — 34
procedures published and handled at the one-stop desk; 8.472 dossiers received and returned
(100%), none late; 26 visits; 390 letters, of which 386 petitions and reports, 3 complaints and 1
denunciation, all settled.

Loads the organisation, one-stop and letters demos (about 10,000 dossiers)."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest
from django.core.management import call_command

from danchu.core.demo import load_demo as load_core
from danchu.letters.demo import load_demo as load_letters
from danchu.onestop.demo import load_demo as load_onestop
from tests.reports.test_documents import text_of

pytestmark = pytest.mark.django_db

TTTT = "000.00.13.H26"


@pytest.fixture
def loaded() -> None:
    load_core()
    load_onestop()
    load_letters()


def test_the_report_of_the_seed_reads_like_the_seed(loaded, tmp_path, settings):
    settings.VAR_DIR = tmp_path  # the shipped template, whatever the machine holds
    out = tmp_path / "bao-cao-qcdc.docx"
    call_command(
        "report", "qcdc", "--unit", TTTT, "--from", "2021-01-01", "--to", "2022-09-15",
        "--out", str(out),
    )  # fmt: skip
    text = text_of(docx.Document(BytesIO(out.read_bytes())))
    for seed in (
        "34 thủ tục hành chính",
        "8.472 hồ sơ",
        "(đạt 100%)",
        "không có hồ sơ nào giải quyết quá thời hạn",
        "26 lượt công dân",
        "390 đơn thư",
        "386 đơn kiến nghị, phản ánh",
        "3 đơn khiếu nại",
        "1 đơn tố cáo",
    ):
        assert seed in text, seed
    assert (
        "đã tiếp nhận và trả kết quả 8.472 hồ sơ giải quyết thủ tục hành chính (đạt 100%)" in text
    )
    assert "đã giải quyết xong 390 đơn (đạt 100%)" in text
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in text and "……/BC-STTTT" in text
