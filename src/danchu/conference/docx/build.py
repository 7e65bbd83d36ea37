"""(Re)build the Word templates of the staff conference and the dialogues:
``uv run python -m danchu.conference.docx.build [target folder]``.

The invitation (one page per delegate, with their check-in code and its QR code), the roll
with the check-in, the counting minutes of a poll, the minutes of the conference, its
resolution and the minutes of a dialogue (Law 10/2022 Art. 49–52, 63), in the official format
of Decree 30/2020, filled by docxtpl from ``danchu.conference.documents``.

Each tag is written as one run so that Word keeps it whole; ``{%tr %}`` rows repeat table rows
and ``{%p %}`` paragraphs repeat (or keep) the paragraphs and tables between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK
from docx.shared import Length, Mm, Pt

from danchu.core.officialdoc import (
    JUSTIFY,
    LEFT,
    SIGNATURE_SPACE,
    Part,
    body,
    build_main,
    build_templates,
    content_width,
    grid,
    header,
    line,
    new_document,
    signatures,
    sized,
    tag,
    title,
)

HERE = Path(__file__).resolve().parent
HEADER_LEFT = Mm(66)  # the rest (109 mm) holds the motto on one line at 13 pt
NO_NUMBER: Sequence[Part] = (("", ""),)
SIGN_HINT = "(Ký, ghi rõ họ tên)"


# --- shared blocks ---------------------------------------------------------------------------


def heading_line(doc: DocumentObject, text: str) -> None:
    """A bold section heading ("I. …") flush left."""
    body(doc, (text, "b"), indent=False).paragraph_format.space_before = Mm(2)


def lines(doc: DocumentObject, loop: str, text: str, *, size: float = 14) -> None:
    """One body paragraph per item of ``loop`` (``{%p for … %}``)."""
    tag(doc, f"{{%p for {loop} %}}")
    body(doc, (text, ""), size=size)
    tag(doc, "{%p endfor %}")


def signed_with_recipients(
    doc: DocumentObject,
    recipients: Sequence[str],
    titles: Sequence[str],
    hint: str,
    name: str,
) -> None:
    """Decree 30's closing: "Nơi nhận" at the bottom left, level with the signature on the
    right (the signer's capacity on one or two lines, the hint, the space, the name)."""
    width = content_width(doc)
    half = Length(int(width / 2))
    table = sized(doc.add_table(rows=1, cols=2), [half, Length(width - half)])
    left, right = table.cell(0, 0), table.cell(0, 1)
    line(left, ("Nơi nhận:", "bi"), size=12, align=LEFT, before=12)
    for text in recipients:
        line(left, (text, ""), size=11, align=LEFT)
    for i, who in enumerate(titles):
        line(right, (who, "b"), size=14, before=12 if i == 0 else 0)
    line(right, (hint, "i"), size=14)
    line(right, (name, "b"), size=14, before=SIGNATURE_SPACE.pt)


def recipients(doc: DocumentObject, items: Sequence[str]) -> None:
    """The "Nơi nhận" list under a two-signature block (the minutes)."""
    body(doc, ("Nơi nhận:", "bi"), indent=False, size=12).paragraph_format.space_before = Mm(4)
    for text in items:
        body(doc, (text, ""), indent=False, size=11).paragraph_format.space_after = 0


def two_signatures(doc: DocumentObject) -> None:
    signatures(
        doc,
        left=("{{ left_title }}", SIGN_HINT, "{{ left_name }}"),
        right=("{{ right_title }}", SIGN_HINT, "{{ right_name }}"),
    )


def page_break(doc: DocumentObject) -> None:
    """A page break in a paragraph 1 pt high: the mark that follows the break on the next page
    does not push its header down."""
    p = doc.add_paragraph()
    p.paragraph_format.line_spacing = Pt(1)
    run = p.add_run()
    run.font.size = Pt(1)
    run.add_break(WD_BREAK.PAGE)


# --- the documents ---------------------------------------------------------------------------


def invitation() -> DocumentObject:
    """Giấy mời: one page per delegate of the roll, with their check-in code and its QR code.
    The pages are handed out one by one: no page number in the page header."""
    doc = new_document()
    page_header = doc.sections[0].header.paragraphs[0]
    for field in list(page_header._p):
        if field.tag.endswith("}fldSimple"):
            page_header._p.remove(field)
    tag(doc, "{%p for d in delegates %}")
    header(doc, left=HEADER_LEFT)
    title(doc, "GIẤY MỜI", (("Dự {{ conference_title }}", "b"),))
    line(doc, ("Kính gửi: ", ""), ("Ông/Bà {{ d.name }}", "b"), size=14)
    line(doc, ("{{ d.unit }}", "i"), size=13, after=6)
    body(
        doc,
        (
            "{{ unit_name }} trân trọng kính mời Ông/Bà tới dự {{ conference_title }}"
            "{{ convocation }}.",
            "",
        ),
        size=13,
    )
    body(doc, ("Thời gian: ", "b"), ("{{ time }}, {{ weekday }}, ngày {{ date }}.", ""), size=13)
    body(doc, ("Địa điểm: ", "b"), ("{{ venue }}.", ""), size=13)
    body(doc, ("Chương trình Hội nghị:", "b"), size=13)
    tag(doc, "{%p for a in agenda %}")
    line(doc, ("{{ a }}", ""), size=13, align=JUSTIFY).paragraph_format.left_indent = Mm(10)
    tag(doc, "{%p endfor %}")
    body(
        doc,
        (
            "Đề nghị Ông/Bà dự họp đầy đủ, đúng giờ; trường hợp vắng mặt, đề nghị báo lý do "
            "cho Thư ký Hội nghị ({{ secretary }}) trước khi Hội nghị khai mạc./.",
            "",
        ),
        size=13,
    ).paragraph_format.space_before = Mm(2)
    width = content_width(doc)
    qr = sized(doc.add_table(rows=1, cols=2), [Mm(30), Length(width - Mm(30))])
    line(qr.cell(0, 0), ("{{ d.qr }}", ""), size=13)
    line(
        qr.cell(0, 1), ("Mã điểm danh: ", ""), ("{{ d.code }}", "b"), size=16, align=LEFT, before=8
    )
    line(
        qr.cell(0, 1),
        (
            "Khi đến Hội nghị, Ông/Bà quét mã QR bằng điện thoại (đăng nhập tài khoản của mình) "
            "hoặc đọc mã điểm danh tại bàn đón tiếp: {{ d.url }}",
            "i",
        ),
        size=12,
        align=JUSTIFY,
        before=4,
    )
    signed_with_recipients(
        doc,
        ["- Như trên;", "- Ban Chấp hành Công đoàn cơ quan;", "- Lưu: VT."],
        ["{{ signer_title }}"],
        "(Ký, ghi rõ họ tên, đóng dấu)",
        "{{ signer_name }}",
    )
    tag(doc, "{%p if not loop.last %}")
    page_break(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    return doc


def attendance() -> DocumentObject:
    """Danh sách đại biểu triệu tập và điểm danh, with the totals and the quorum."""
    doc = new_document()
    header(doc, left=HEADER_LEFT, number=NO_NUMBER)
    title(
        doc,
        "DANH SÁCH ĐẠI BIỂU ĐƯỢC TRIỆU TẬP VÀ ĐIỂM DANH",
        (("{{ conference_title }}{{ convocation }}", "b"),),
        (("Ngày {{ held_on }}, tại {{ venue }}", "i"),),
    )
    width = content_width(doc)
    fixed = [Mm(11), Mm(48), Mm(24), Mm(36)]
    grid(
        doc,
        heads=["STT", "Họ và tên", "Đơn vị", "Có mặt (giờ điểm danh)", "Vắng (lý do)"],
        cells=["{{ r.n }}", "{{ r.name }}", "{{ r.unit }}", "{{ r.present }}", "{{ r.absent }}"],
        widths=[*fixed[:2], Length(width - sum(fixed)), *fixed[2:]],
        loop="r in rows",
        size=12,
    )
    heading_line(doc, "Tổng hợp:")
    body(doc, ("Tổng số đại biểu được triệu tập: ", ""), ("{{ summoned }}", "b"), (".", ""))
    body(
        doc,
        ("Số đại biểu có mặt: ", ""),
        ("{{ present }}/{{ summoned }}", "b"),
        (" ({{ present_share }} tổng số đại biểu được triệu tập).", ""),
    )
    body(
        doc,
        ("Số đại biểu vắng mặt: ", ""),
        ("{{ absent }}", "b"),
        (" (có lý do: {{ excused }}; không có lý do: {{ unexcused }}).", ""),
    )
    body(
        doc,
        (
            "Số đại biểu cần có mặt để Hội nghị hợp lệ: {{ needed }} ({{ quorum_rule }}, "
            "Luật Thực hiện dân chủ ở cơ sở, Điều 50).",
            "",
        ),
    )
    body(doc, ("Kết luận: ", "b"), ("{{ quorum_text }}./.", ""))
    two_signatures(doc)
    return doc


def counting() -> DocumentObject:
    """Biên bản kiểm phiếu (secret ballot, electronic or on paper) or biên bản biểu quyết
    (show of hands, named vote, opinion slips) of one poll."""
    doc = new_document()
    header(doc, left=HEADER_LEFT, number=NO_NUMBER)
    title(doc, "{{ title }}", (("{{ subject }}", "b"),))
    body(
        doc,
        (
            "Hồi {{ opened_time }}, ngày {{ opened_date }}, tại {{ venue }}, "
            "{{ conference_title }} tiến hành {{ action }} về nội dung: ",
            "",
        ),
        ("{{ poll_title }}", "b"),
        (".", ""),
    )
    tag(doc, "{%p if poll_text %}")
    body(doc, ("{{ poll_text }}", "i"))
    tag(doc, "{%p endif %}")
    heading_line(doc, "I. HÌNH THỨC VÀ TỔ CHỨC KIỂM PHIẾU")
    body(doc, ("Hình thức: {{ method }}.", ""))
    body(doc, ("{{ counted_by }}", ""))
    heading_line(doc, "II. KẾT QUẢ")
    lines(doc, "x in figures", "- {{ x }}")
    tag(doc, "{%p if election %}")
    body(doc, ("Số phiếu bầu của từng ứng cử viên (tỷ lệ tính trên số phiếu hợp lệ):", ""))
    width = content_width(doc)
    fixed = [Mm(10), Mm(22), Mm(22), Mm(34)]
    grid(
        doc,
        heads=["TT", "Họ và tên", "Số phiếu bầu", "Tỷ lệ", "Kết quả"],
        cells=["{{ c.n }}", "{{ c.name }}", "{{ c.votes }}", "{{ c.share }}", "{{ c.result }}"],
        widths=[fixed[0], Length(width - sum(fixed)), *fixed[1:]],
        loop="c in candidates",
        size=12,
    )
    tag(doc, "{%p else %}")
    lines(doc, "x in tally", "- {{ x }}")
    tag(doc, "{%p endif %}")
    body(doc, ("Nguyên tắc: {{ rule }}.", "")).paragraph_format.space_before = Mm(2)
    lines(doc, "x in notes", "{{ x }}")
    body(doc, ("Kết luận: ", "b"), ("{{ conclusion }}", ""))
    tag(doc, "{%p if changes %}")
    heading_line(doc, "III. NHẬT KÝ NHẬP VÀ ĐIỀU CHỈNH KẾT QUẢ KIỂM PHIẾU")
    fixed = [Mm(10), Mm(28), Mm(32), Mm(35)]
    grid(
        doc,
        heads=["TT", "Thời gian", "Người nhập", "Nội dung", "Lý do điều chỉnh"],
        cells=["{{ h.n }}", "{{ h.at }}", "{{ h.by }}", "{{ h.content }}", "{{ h.reason }}"],
        widths=[*fixed[:3], Length(width - sum(fixed)), fixed[3]],
        loop="h in changes",
        size=11,
    )
    tag(doc, "{%p endif %}")
    body(
        doc,
        (
            "Biểu quyết kết thúc hồi {{ closed_time }}, ngày {{ closed_date }}. Biên bản được "
            "công bố trước Hội nghị./.",
            "",
        ),
    ).paragraph_format.space_before = Mm(2)
    two_signatures(doc)
    return doc


def minutes() -> DocumentObject:
    """Biên bản Hội nghị: time, place, chair and secretary, attendance, the agenda, the
    minutes, every poll and its result, the resolution."""
    doc = new_document()
    header(doc, left=HEADER_LEFT, number=NO_NUMBER)
    title(doc, "BIÊN BẢN", (("{{ conference_title }}{{ convocation }}", "b"),))
    heading_line(doc, "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN")
    body(doc, ("Thời gian: {{ opened }}.", ""))
    body(doc, ("Địa điểm: {{ venue }}.", ""))
    body(doc, ("Hình thức: {{ form }}.", ""))
    lines(doc, "x in background", "{{ x }}")
    body(
        doc,
        ("Chủ tọa: ", ""),
        ("{{ chair }}", "b"),
        ("; thư ký: ", ""),
        ("{{ secretary }}", "b"),
        (".", ""),
    )
    body(
        doc,
        (
            "Số người được triệu tập: {{ summoned }}; có mặt: {{ present }}/{{ summoned }} "
            "({{ present_share }}); vắng mặt: {{ absent }} (có lý do: {{ excused }}).",
            "",
        ),
    )
    body(doc, ("{{ quorum_text }}", ""))
    heading_line(doc, "II. CHƯƠNG TRÌNH HỘI NGHỊ")
    lines(doc, "x in agenda", "{{ x }}")
    heading_line(doc, "III. DIỄN BIẾN HỘI NGHỊ")
    lines(doc, "x in minutes_lines", "{{ x }}")
    heading_line(doc, "IV. KẾT QUẢ BIỂU QUYẾT")
    tag(doc, "{%p if polls %}")
    width = content_width(doc)
    fixed = [Mm(10), Mm(50), Mm(35)]
    grid(
        doc,
        heads=["TT", "Nội dung biểu quyết", "Hình thức", "Kết quả"],
        cells=["{{ p.n }}", "{{ p.title }}", "{{ p.method }}", "{{ p.result }}"],
        widths=[*fixed, Length(width - sum(fixed))],
        loop="p in polls",
        size=12,
    )
    tag(doc, "{%p else %}")
    body(doc, ("Hội nghị không tiến hành biểu quyết.", ""))
    tag(doc, "{%p endif %}")
    lines(doc, "x in closing", "{{ x }}")
    two_signatures(doc)
    recipients(
        doc,
        [
            "- Người đứng đầu cơ quan;",
            "- Ban Chấp hành Công đoàn cơ quan;",
            "- Ban Thanh tra nhân dân;",
            "- Lưu: VT, hồ sơ Hội nghị.",
        ],
    )
    return doc


def resolution() -> DocumentObject:
    """Nghị quyết Hội nghị CBCCVC, signed by the chair for the conference."""
    doc = new_document()
    header(doc, left=HEADER_LEFT)
    title(doc, "NGHỊ QUYẾT", (("{{ conference_title }}", "b"),))
    tag(doc, "{%p if draft %}")
    line(doc, ("(Dự thảo)", "i"), after=6)
    tag(doc, "{%p endif %}")
    line(doc, ("HỘI NGHỊ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC {{ unit_name|upper }}", "b"), after=12)
    body(doc, ("Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;", "i"))
    body(
        doc,
        ("Căn cứ kết quả thảo luận tại {{ conference_title }}, tổ chức ngày {{ held_on }}", "i"),
        (" tại {{ venue }};", "i"),
    )
    line(doc, ("QUYẾT NGHỊ:", "b"), before=6, after=6)
    lines(doc, "x in text_lines", "{{ x }}")
    tag(doc, "{%p if adopted %}")
    body(
        doc,
        (
            "Nghị quyết này được {{ conference_title }} thông qua ngày {{ adopted_on }}, với ",
            "",
        ),
        ("{{ yes }}/{{ present }}", "b"),
        (
            " đại biểu có mặt tán thành ({{ yes_share }}), hình thức {{ method }}, và có hiệu "
            "lực kể từ ngày thông qua.",
            "",
        ),
    )
    tag(doc, "{%p endif %}")
    body(
        doc,
        (
            "Người đứng đầu cơ quan phối hợp với Ban Chấp hành Công đoàn cơ quan tổ chức thực hiện "
            "Nghị quyết; định kỳ 6 tháng sơ kết, đánh giá việc thực hiện và thông báo kết quả "
            "tới cán bộ, công chức, viên chức{{ review_due }}./.",
            "",
        ),
    )
    signed_with_recipients(
        doc,
        [
            "- Cơ quan quản lý cấp trên;",
            "- Công đoàn cấp trên;",
            "- Ban Thanh tra nhân dân;",
            "- Cán bộ, công chức, viên chức (niêm yết);",
            "- Lưu: VT, CĐ.",
        ],
        ["TM. HỘI NGHỊ", "CHỦ TỌA"],
        SIGN_HINT,
        "{{ chair }}",
    )
    return doc


def dialogue() -> DocumentObject:
    """Biên bản đối thoại: the questions and answers (an anonymous question names nobody),
    the minutes and the commitments followed up as tasks."""
    doc = new_document()
    header(doc, left=HEADER_LEFT, number=NO_NUMBER)
    title(doc, "BIÊN BẢN ĐỐI THOẠI", (("{{ dialogue_title }}", "b"),))
    body(
        doc,
        (
            "Ngày {{ held_on }}, tại {{ venue }}, {{ unit_name }} tổ chức đối thoại giữa người "
            "đứng đầu cơ quan với cán bộ, công chức, viên chức.",
            "",
        ),
    )
    body(doc, ("Lý do tổ chức: {{ reason }}.", ""))
    body(doc, ("Chủ trì: ", ""), ("{{ chair }}", "b"), (".", ""))
    heading_line(doc, "I. CÂU HỎI VÀ TRẢ LỜI")
    body(
        doc,
        (
            "Tổng số câu hỏi: {{ asked }} (gửi trước phiên đối thoại: {{ asked_before }}; tại "
            "phiên: {{ asked_in_session }}); đã trả lời: {{ answered }}; chưa trả lời: "
            "{{ unanswered }}.",
            "",
        ),
    )
    tag(doc, "{%p if questions %}")
    width = content_width(doc)
    fixed = [Mm(10), Mm(32)]
    rest = int((width - sum(fixed)) / 2)
    grid(
        doc,
        heads=["TT", "Người hỏi", "Câu hỏi", "Trả lời"],
        cells=["{{ q.n }}", "{{ q.author }}", "{{ q.text }}", "{{ q.answer }}"],
        widths=[*fixed, Length(rest), Length(width - sum(fixed) - rest)],
        loop="q in questions",
        size=12,
    )
    tag(doc, "{%p endif %}")
    heading_line(doc, "II. DIỄN BIẾN VÀ KẾT LUẬN")
    lines(doc, "x in minutes_lines", "{{ x }}")
    heading_line(doc, "III. CAM KẾT CỦA NGƯỜI ĐỨNG ĐẦU")
    tag(doc, "{%p if commitments %}")
    fixed = [Mm(10), Mm(45), Mm(25)]
    grid(
        doc,
        heads=["TT", "Nội dung cam kết", "Chủ trì thực hiện", "Thời hạn"],
        cells=["{{ t.n }}", "{{ t.title }}", "{{ t.lead }}", "{{ t.due }}"],
        widths=[fixed[0], Length(width - sum(fixed)), *fixed[1:]],
        loop="t in commitments",
        size=12,
    )
    tag(doc, "{%p else %}")
    body(doc, ("Không có cam kết nào được ghi nhận.", ""))
    tag(doc, "{%p endif %}")
    body(doc, ("{{ closing }}./.", "")).paragraph_format.space_before = Mm(2)
    two_signatures(doc)
    recipients(
        doc,
        [
            "- Người đứng đầu cơ quan;",
            "- Ban Chấp hành Công đoàn cơ quan;",
            "- Ban Thanh tra nhân dân;",
            "- Lưu: VT.",
        ],
    )
    return doc


TEMPLATES = {
    "invitation": invitation,
    "attendance": attendance,
    "counting": counting,
    "minutes": minutes,
    "resolution": resolution,
    "dialogue": dialogue,
}


def build(target: Path = HERE) -> list[Path]:
    """Write every template into ``target``; returns the paths written."""
    return build_templates(TEMPLATES, target)


if __name__ == "__main__":
    build_main(TEMPLATES, HERE)
