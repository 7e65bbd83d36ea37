"""Demo data of the public portal, for both demo departments: the documents each publishes to
the public (its procedure decision and its service charter, with a PDF) and a letter sent from
the portal. Runs after the disclosure and letters demos (apps in settings order); idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from danchu.core.demo import DemoResult
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.uploads import FileIn
from danchu.disclosure import services as disclosure
from danchu.disclosure.models import Category, Publication, PublicationChannel
from danchu.portal import services
from danchu.portal.models import Filing

DEPARTMENTS = ["000.00.12.H26", "000.00.13.H26"]


def _pdf(title: str) -> bytes:
    """A one-page PDF with ``title`` (ASCII), enough for a browser or a reader to open."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _head(agency: Agency) -> User | None:
    m = (
        Membership.objects.active(timezone.localdate())
        .filter(agency=agency, role=Role.HEAD)
        .select_related("person")
        .first()
    )
    return m.person if m else None


def load_demo() -> DemoResult:
    created = 0
    for agency in Agency.objects.filter(code__in=DEPARTMENTS).order_by("code"):
        head = _head(agency)
        if head is None or Publication.objects.filter(agency=agency, public=True).exists():
            continue
        with transaction.atomic():
            created += _load(agency, head)
    return DemoResult(created=created)


def _load(agency: Agency, head: User) -> int:
    today = timezone.localdate()
    short = agency.short_name or agency.name
    documents = [
        (
            Category.POLICY,
            "Quyết định công bố danh mục thủ tục hành chính thuộc thẩm quyền giải quyết "
            f"của {short}",
            "Danh mục thủ tục hành chính, thời hạn giải quyết, phí và lệ phí áp dụng tại Bộ phận "
            "Tiếp nhận và Trả kết quả.",
            "cong-bo-tthc.pdf",
            "Quyet dinh cong bo danh muc thu tuc hanh chinh",
        ),
        (
            Category.RULES,
            f"Bản cam kết chất lượng phục vụ người dân, doanh nghiệp của {short}",
            "Thời gian tiếp nhận, trả kết quả đúng hẹn, xin lỗi khi trễ hạn, đường dây nóng tiếp "
            "nhận phản ánh.",
            "cam-ket-phuc-vu.pdf",
            "Ban cam ket chat luong phuc vu",
        ),
    ]
    for i, (category, title, summary, name, pdf_title) in enumerate(documents):
        decided = today - dt.timedelta(days=60 - 20 * i)
        disclosure.publication_create(
            actor=head,
            agency=agency,
            category=category,
            title=title,
            summary=summary,
            decision_number=f"{100 + i}/QĐ-S",
            decision_date=decided,
            signer=head.full_name,
            channels=[PublicationChannel.NOTICE_BOARD, PublicationChannel.PORTAL],
            published_on=decided + dt.timedelta(days=1),
            files=[FileIn(name, _pdf(pdf_title))],
        )
    if not Filing.objects.filter(letter__agency=agency).exists():
        services.register(
            agency=agency,
            email="tran.van.minh@example.vn",
            data=services.LetterIn(
                kind="petition",
                matter="Phản ánh việc chậm trả kết quả hồ sơ cấp phép",
                content="Hồ sơ của tôi đã quá ngày hẹn trả kết quả nhưng chưa nhận được thông báo.",
                name="Trần Văn Minh",
                address="Số 12 phố Lò Đúc, Hai Bà Trưng, Hà Nội",
            ),
        )
    return len(documents) + 1
