"""The publication register as an Excel workbook (in Vietnamese: a register of the unit)."""

from __future__ import annotations

from django.utils import translation
from openpyxl import Workbook

from danchu.core.models import Agency
from danchu.core.sheets import _append, _header, _save
from danchu.core.text import vn_date
from danchu.disclosure.models import Publication, PublicationChannel

COLUMNS = [
    ("Số", 8),
    ("Nhóm nội dung (Điều 46)", 34),
    ("Nội dung công khai", 50),
    ("Văn bản", 18),
    ("Ngày văn bản", 13),
    ("Hạn công khai", 13),
    ("Ngày công khai", 13),
    ("Chậm (ngày làm việc)", 11),
    ("Đăng trên cổng đến", 13),
    ("Hình thức", 30),
    ("Vi phạm", 10),
]


def register_export(agency: Agency, year: int, publications: list[Publication]) -> bytes:
    book = Workbook()
    sheet = book.create_sheet(f"Sổ công khai {year}", 0)
    book.remove(book.worksheets[1])
    _header(sheet, COLUMNS)
    with translation.override("vi"):
        labels = {k: str(v) for k, v in PublicationChannel.choices}
        for p in sorted(publications, key=lambda x: (x.published_on, x.number)):
            channels = ", ".join(labels.get(c, c) for c in p.channels)
            _append(
                sheet,
                [
                    f"{p.number}/{p.year}",
                    str(p.get_category_display()),
                    p.title,
                    p.decision_number,
                    vn_date(p.decision_date),
                    vn_date(p.due_on),
                    vn_date(p.published_on),
                    p.late_days,
                    vn_date(p.posted_until) if p.posted_until else "",
                    channels,
                    "Có" if p.breach else "",
                ],
            )
    sheet.oddHeader.center.text = f"{agency.name} — sổ theo dõi công khai năm {year}"
    return _save(book)
