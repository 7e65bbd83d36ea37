"""Pages, files and demo of publicity and consultation: accent-free search over publications
and regulation text, the register as Excel, the consultation summary as Word with no name of
an anonymous author, lists with pinned query counts, and the demo."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from danchu.core.demo import load_demo as load_core
from danchu.disclosure import selectors, services
from danchu.disclosure.docx.build import build
from danchu.disclosure.models import Publication, Regulation
from tests.disclosure.conftest import TEXT_V2, Office

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 2, 10, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_accent_free_search_over_publications_and_regulation_text(office: Office):
    office.publish(title="Kế hoạch phòng, chống tham nhũng năm 2025")
    head = office.cast.a.head
    found = selectors.publication_list(
        actor=head, agency=office.cast.a.unit, query="phong chong tham nhung"
    )
    assert [p.title for p in found] == ["Kế hoạch phòng, chống tham nhũng năm 2025"]
    regs = selectors.regulation_list(actor=head, agency=office.cast.a.unit, query="luu tru")
    assert list(regs) == [office.regulation]  # "Phụ cấp lưu trú" in the text


def test_a_member_sees_what_is_addressed_to_them(office: Office):
    a = office.cast.a
    for_division2 = office.publish(
        title="Riêng Phòng 2", audience_kind="unit", audience_unit=office.division2
    )
    for_all = office.publish(title="Toàn Sở")
    assert set(selectors.publication_list(actor=office.clerk2, agency=a.unit)) == {
        for_division2,
        for_all,
    }
    assert list(selectors.publication_list(actor=a.staff, agency=a.unit)) == [for_all]


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("name", "pinned"),
    [
        ("disclosure:publication_list", 9),
        ("disclosure:consultation_list", 8),
        ("disclosure:request_list", 8),
    ],
)
def test_lists_have_a_fixed_number_of_queries(office: Office, client, name, pinned):
    a = office.cast.a

    def add(n: int) -> None:
        for i in range(n):
            office.publish(title=f"Nội dung {i}")
            services.consultation_create(
                actor=a.head,
                agency=a.unit,
                topic="plan",
                title=f"Dự thảo {i}",
                form="written",
                owner=a.head,
                opens_on=dt.date(2025, 2, 10),
                closes_on=dt.date(2025, 2, 20),
                draft=TEXT_V2,
            )
            services.info_request_create(actor=office.clerk2, agency=a.unit, subject=f"Hỏi {i}")

    client.force_login(a.head)
    url = reverse(name, kwargs={"unit": a.unit.pk})
    add(2)
    few = _count(client, url)
    add(30)
    assert few == _count(client, url) == pinned


def test_the_register_and_the_summary_as_files(office: Office, client):
    a = office.cast.a
    late = office.publish(published_on=dt.date(2025, 2, 10), posted_until=dt.date(2025, 3, 5))
    client.force_login(a.head)
    response = client.get(
        reverse("disclosure:register_xlsx", kwargs={"unit": a.unit.pk}), {"year": "2025"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][2] == late.title and rows[0][5] == "07/02/2025" and rows[0][7] == 1
    assert rows[0][10] == "Có"

    c = services.consultation_create(
        actor=a.head,
        agency=a.unit,
        topic="spending",
        title="Dự thảo chi tiêu",
        form="written",
        owner=a.head,
        opens_on=dt.date(2025, 2, 3),
        closes_on=dt.date(2025, 2, 14),
        draft=TEXT_V2,
        anonymous_allowed=True,
    )
    anonymous = services.comment_add(
        actor=office.clerk2, consultation=c, article="Điều 2", text="Giữ mức cũ", anonymous=True
    )
    services.comment_answer(
        actor=a.head, comment=anonymous, answer="rejected", reason="Trái định mức"
    )
    with time_machine.travel(dt.datetime(2025, 2, 14, 3, 0, tzinfo=dt.UTC), tick=False):
        services.consultation_publish(
            actor=a.head, consultation=c, decision_number="3/BC", channels=["notice_board"]
        )
    data = client.get(reverse("disclosure:summary_docx", kwargs={"pk": c.pk})).content
    doc = Document(io.BytesIO(data))
    text = "\n".join(
        [p.text for p in doc.paragraphs]
        + [cell.text for t in doc.tables for r in t.rows for cell in r.cells]
    )
    assert "BÁO CÁO" in text and "Giữ mức cũ" in text and "Không tiếp thu" in text
    assert "Số: 3/BC" in text and office.clerk2.full_name not in text


def test_the_committed_template_is_what_build_makes(tmp_path):
    from importlib import resources

    for path in build(tmp_path):
        committed = resources.files("danchu.disclosure.docx").joinpath(path.name).read_bytes()
        with zipfile.ZipFile(io.BytesIO(committed)) as a, zipfile.ZipFile(path) as b:
            assert a.read("word/document.xml") == b.read("word/document.xml")


def test_the_demo(office: Office):
    from danchu.disclosure.demo import load_demo

    load_core()
    with time_machine.travel(dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.UTC), tick=False):
        load_demo()
        assert load_demo().created == 0
    for code in ("000.00.12.H26", "000.00.13.H26"):
        regs = Regulation.objects.filter(agency__code=code)
        assert regs.count() == 6
        kinds = set(regs.values_list("kind", flat=True))
        assert {"working_rules", "internal_spending", "financial", "public_assets"} <= kinds
        assert all(2 <= r.versions.count() <= 3 for r in regs)
        pubs = Publication.objects.filter(agency__code=code)
        assert pubs.filter(late_days__gt=0).exists() and pubs.filter(short_posting=True).exists()
        assert pubs.filter(category="opinions", consultation__isnull=False).count() == 1
        assert len({p.category for p in pubs}) >= 10
