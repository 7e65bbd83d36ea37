"""The papers of letter handling as Word files. The forwarding slip names the sender only when
the letter is not protected; a protected sender is "kept secret" on paper too (Law 25/2018
Art. 47). Printed in Vietnamese whatever the interface language (Decree 30/2020 Art. 8)."""

from __future__ import annotations

from typing import Any

from danchu.core.models import Membership, Role
from danchu.core.officialdoc import heading, render, template
from danchu.core.text import vn_date
from danchu.letters.models import Kind, Letter

KINDS = {
    Kind.PETITION: "kiến nghị, phản ánh",
    Kind.COMPLAINT: "khiếu nại",
    Kind.DENUNCIATION: "tố cáo",
    Kind.MIXED: "có nhiều nội dung",
    Kind.UNCLASSIFIED: "chưa phân loại",
}
PROTECTED_SENDER = "người gửi đơn (thông tin được giữ bí mật theo quy định)"


def forward_context(letter: Letter) -> dict[str, Any]:
    assert letter.forwarded_on is not None and letter.forward_slip_number is not None
    if letter.protected:
        sender, copy = PROTECTED_SENDER, "Người gửi đơn (để biết)"
    else:
        names = [s.name for s in letter.signatories.all()]
        sender = ", ".join(names) or "người gửi không ghi họ tên (đơn nặc danh)"
        copy = f"{names[0]} (để biết)" if names else "Lưu hồ sơ đơn nặc danh"
    head = (
        Membership.objects.active(letter.forwarded_on)
        .filter(agency=letter.agency, role=Role.HEAD)
        .select_related("person")
        .first()
    )
    return {
        **heading(letter.agency, letter.forwarded_on),
        "number": f"{letter.forward_slip_number:02d}/PC",
        "forwarded_to": letter.forwarded_to,
        "received": vn_date(letter.received_on),
        "kind": KINDS[Kind(letter.kind)],
        "sender": sender,
        "sender_copy": copy,
        "code": letter.code,
        "matter": letter.matter,
        "signer_title": "GIÁM ĐỐC" if head else "THỦ TRƯỞNG CƠ QUAN",
        "signer_name": head.person.get_full_name() if head else "",
    }


def forward_slip_docx(letter: Letter) -> bytes:
    return render(template("danchu.letters.docx", "forward_slip.docx"), forward_context(letter))
