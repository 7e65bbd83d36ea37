"""The conference's official papers as Word files, built from a real conference and read back
with python-docx: what a delegate, the counting committee or an inspector reads on paper.
The committed templates are what ``build.py`` makes."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from importlib import resources
from io import BytesIO
from typing import Any

import docx
import pytest
from django.utils import timezone
from docx.document import Document as DocumentObject
from docx.table import Table
from docx.text.paragraph import Paragraph

from danchu.conference import documents, services
from danchu.conference.docx.build import TEMPLATES, build
from danchu.conference.models import Candidate, Conference, Dialogue, Poll, Resolution
from danchu.core.errors import DomainError
from danchu.core.models import User
from tests.conference.conftest import Conf

pytestmark = pytest.mark.django_db

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
UNIT = "Sở Khoa học & Công nghệ"  # the ampersand must survive the XML
COMMITTEE = "Nguyễn Văn Kiểm (Trưởng ban), Trần Thị Phiếu, Lê Văn Đếm"


# --- reading a Word file -----------------------------------------------------------------------


def opened(data: bytes) -> DocumentObject:
    return docx.Document(BytesIO(data))


def _cell_paragraphs(table: Table) -> Iterator[Paragraph]:
    for row in table.rows:
        for cell in row.cells:
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from _cell_paragraphs(inner)


def text(data: bytes) -> str:
    """Every paragraph of the body, tables included."""
    doc = opened(data)
    found = list(doc.paragraphs)
    for table in doc.tables:
        found += list(_cell_paragraphs(table))
    return "\n".join(p.text for p in found)


def rows_of(data: bytes, *heading: str) -> list[list[str]]:
    """The data rows of the table whose heading row starts with ``heading``."""
    for table in opened(data).tables:
        cells = [c.text for c in table.rows[0].cells]
        if tuple(cells[: len(heading)]) == heading:
            return [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table headed {heading!r}")


def media(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(BytesIO(data)) as package:
        return [package.read(n) for n in package.namelist() if n.startswith("word/media/")]


def fonts_named(data: bytes) -> set[str]:
    with zipfile.ZipFile(BytesIO(data)) as package:
        xml = package.read("word/document.xml") + package.read("word/styles.xml")
    found: set[str] = set()
    for attributes in re.findall(rb"<w:rFonts ([^>]*)/?>", xml):
        found |= {
            f.decode()
            for f in re.findall(rb'w:(?:ascii|hAnsi|eastAsia|cs)(?:Theme)?="([^"]+)"', attributes)
        }
    return found


def assert_official(plain: str, day: dt.date) -> None:
    """The header of Decree 30: the parent and the unit, the motto, place and date."""
    assert MOTTO in plain and SLOGAN in plain
    assert "UBND THÀNH PHỐ HÀ NỘI" in plain and UNIT.upper() in plain
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    assert f"Hà Nội, ngày {day.day:02d} tháng {month} năm {day.year}" in plain


# --- the story ---------------------------------------------------------------------------------


@pytest.fixture
def hanoi(conf: Conf) -> Conf:
    """Real names: "Thành phố Hà Nội" (no short name) and a department with an ampersand."""
    conf.cast.city.name = "Thành phố Hà Nội"
    conf.cast.city.save(update_fields=["name"])
    conf.cast.a.unit.name = UNIT
    conf.cast.a.unit.save(update_fields=["name"])
    return conf


def fresh(conference: Conference) -> Conference:
    # Read back from the database, as a view would: nothing cached from the services.
    return Conference.objects.get(pk=conference.pk)


def secret_motion(conf: Conf, yes: int) -> Poll:
    poll = conf.poll()
    services.poll_open(actor=conf.a.clerk, poll=poll)
    for i, person in enumerate(conf.present()):
        services.vote(actor=person, poll=poll, choice="yes" if i < yes else "no")
    return services.poll_close(actor=conf.a.clerk, poll=poll)


def hands_motion(conf: Conf, title: str, yes: int, no: int, abstain: int) -> Poll:
    poll = conf.poll(method="hands", title=title)
    services.poll_open(actor=conf.a.clerk, poll=poll)
    return services.poll_close(
        actor=conf.a.clerk, poll=poll, hands=services.HandsIn(yes=yes, no=no, abstain=abstain)
    )


def election(
    conf: Conf, method: str, tie_rule: str = "lot", seats: int = 3
) -> tuple[Poll, list[Candidate]]:
    poll = conf.poll(
        kind="election",
        method=method,
        title="Bầu Ban Thanh tra nhân dân nhiệm kỳ 2026–2028",
        seats=seats,
        tie_rule=tie_rule,
    )
    people = conf.extra[-4:]
    candidates = [
        services.candidate_add(
            actor=conf.a.union, poll=poll, person=p, nominated_by="Ban Chấp hành Công đoàn"
        )
        for p in people
    ]
    return services.poll_open(actor=conf.a.clerk, poll=poll), candidates


def paper_election(conf: Conf) -> tuple[Poll, list[Candidate]]:
    """20 ballots issued, 19 in the box, 1 blank, 1 invalid: 17 valid; the committee first
    counts 9 for the third candidate, then corrects it to 10."""
    poll, cs = election(conf, "paper")
    first = services.PaperIn(
        issued=20,
        cast=19,
        blank=1,
        invalid=1,
        committee=COMMITTEE,
        tallies={cs[0].pk: 15, cs[1].pk: 12, cs[2].pk: 9, cs[3].pk: 5},
    )
    services.paper_count(actor=conf.a.clerk, poll=poll, figures=first)
    corrected = services.PaperIn(
        **{**first.__dict__, "tallies": {**(first.tallies or {}), cs[2].pk: 10}}
    )
    services.paper_count(
        actor=conf.a.clerk, poll=poll, figures=corrected, reason="Kiểm lại hòm phiếu số 2"
    )
    return services.poll_close(actor=conf.a.clerk, poll=poll), cs


def tied_election(conf: Conf, tie_rule: str) -> tuple[Poll, list[Candidate]]:
    """20 present, 3 seats, 4 candidates: 20, 16, 12 and 12 votes; 11 are needed (over half
    of 20 valid ballots): the last seat is a tie."""
    poll, cs = election(conf, "secret", tie_rule=tie_rule)
    for i, person in enumerate(conf.present()):
        if i < 8:
            marks = [cs[0], cs[1], cs[2]]
        elif i < 12:
            marks = [cs[0], cs[2], cs[3]]
        else:
            marks = [cs[0], cs[1], cs[3]]
        services.vote(actor=person, poll=poll, marks=[c.pk for c in marks])
    return services.poll_close(actor=conf.a.clerk, poll=poll), cs


def named(people: list[User]) -> list[str]:
    return [p.get_full_name() for p in people]


# --- the invitation ----------------------------------------------------------------------------


def test_one_invitation_page_per_delegate_with_their_code_and_qr(hanoi: Conf) -> None:
    conference = fresh(hanoi.conference)
    data = documents.invitation(conference)
    plain = text(data)
    roll = list(conference.roll.select_related("person", "unit"))
    assert len(roll) == 30
    assert plain.count("GIẤY MỜI") == 30 and plain.count(MOTTO) == 30
    assert_official(plain, timezone.localdate())
    assert f"Dự {conference.title}" in plain
    assert "Thời gian: 08 giờ 00 phút" in plain and f"ngày {conference.held_on:%d/%m/%Y}" in plain
    assert "Địa điểm: Hội trường tầng 3." in plain
    assert plain.count("1. Báo cáo kết quả thực hiện nhiệm vụ năm") == 30
    assert plain.count("9. Thông qua nghị quyết Hội nghị") == 30
    for d in roll:
        assert f"Ông/Bà {d.person.full_name}" in plain
        assert f"Mã điểm danh: {d.code}" in plain
        path = f"/conference/c/{conference.pk}/checkin/?code={d.code}"
        assert path in plain
        assert documents.check_in_url(d).endswith(path)
    # Each page carries the QR code of its own delegate's check-in URL.
    images = media(data)
    assert len(images) == 30
    assert {documents.qr_png(documents.check_in_url(d)) for d in roll} == set(images)
    assert "\nPhòng 1 Sở A\n" in plain and f"\n{UNIT}\n" in plain  # units, ampersand intact
    assert "THỦ TRƯỞNG CƠ QUAN" in plain and "Giám đốc A" in plain
    assert "Nơi nhận:" in plain
    assert fonts_named(data) == {"Times New Roman"}
    with zipfile.ZipFile(BytesIO(data)) as package:
        assert package.read("word/document.xml").count(b'w:type="page"') == 29


# --- the roll and the check-in -----------------------------------------------------------------


def test_the_roll_shows_who_checked_in_when_and_why_others_are_absent(hanoi: Conf) -> None:
    hanoi.open(20)
    absent = hanoi.conference.roll.filter(checked_in_at__isnull=True).order_by("pk").first()
    assert absent is not None
    services.absence(actor=hanoi.a.clerk, delegate=absent, reason="Đi công tác tại Đà Nẵng")
    conference = fresh(hanoi.conference)
    data = documents.attendance_list(conference)
    plain = text(data)
    assert_official(plain, conference.held_on)
    assert "DANH SÁCH ĐẠI BIỂU ĐƯỢC TRIỆU TẬP VÀ ĐIỂM DANH" in plain
    rows = rows_of(data, "STT")
    assert len(rows) == 30
    assert [r[0] for r in rows] == [str(n) for n in range(1, 31)]
    present = [r for r in rows if r[3]]
    assert len(present) == 20 and all(re.fullmatch(r"\d\d:\d\d", r[3]) for r in present)
    assert all(r[4] == "" for r in present)
    absent_rows = [r for r in rows if not r[3]]
    assert [r[4] for r in absent_rows].count("Không có lý do") == 9
    excused = next(r for r in absent_rows if r[4] == "Đi công tác tại Đà Nẵng")
    assert excused[1] == absent.person.full_name
    assert set(named(hanoi.present())) == {r[1] for r in present}
    assert "Tổng số đại biểu được triệu tập: 30." in plain
    assert "Số đại biểu có mặt: 20/30 (66,7% tổng số đại biểu được triệu tập)." in plain
    assert "Số đại biểu vắng mặt: 10 (có lý do: 1; không có lý do: 9)." in plain
    assert "cần có mặt để Hội nghị hợp lệ: 20 (từ 2/3 tổng số người được triệu tập trở lên" in plain
    assert "Kết luận: Đủ số lượng đại biểu theo quy định" in plain
    assert "Chuyên viên A" in plain and "Giám đốc A" in plain  # secretary and chair sign


def test_the_roll_says_when_the_quorum_is_not_reached(conf: Conf) -> None:
    conf.check_in(19)
    plain = text(documents.attendance_list(fresh(conf.conference)))
    assert "Số đại biểu có mặt: 19/30" in plain
    assert "Chưa đủ số lượng đại biểu theo quy định (có mặt 19, cần ít nhất 20)" in plain
    assert "Không có lý do" not in plain  # not opened yet: nobody is absent so far


# --- counting minutes --------------------------------------------------------------------------


def test_the_counting_minutes_of_a_secret_motion_give_figures_and_never_names(conf: Conf) -> None:
    conf.open(20)
    poll = secret_motion(conf, yes=11)
    data = documents.counting_minutes(Poll.objects.get(pk=poll.pk))
    plain = text(data)
    assert "BIÊN BẢN KIỂM PHIẾU" in plain and "Thông qua mức đóng góp quỹ xã hội" in plain
    assert "Hình thức: bỏ phiếu kín điện tử." in plain and "kiểm phiếu điện tử" in plain
    for line in (
        "- Số người được triệu tập: 30.",
        "- Số người có mặt khi bắt đầu biểu quyết: 20/30.",
        "- Số phiếu phát ra: 20 (mỗi đại biểu có mặt một phiếu điện tử).",
        "- Số phiếu thu vào: 20.",
        "- Số phiếu hợp lệ: 20.",
        "- Số phiếu trắng: 0.",
        "- Số phiếu không hợp lệ: 0.",
        "- Tán thành: 11 phiếu, bằng 55% số người có mặt.",
        "- Không tán thành: 9 phiếu, bằng 45% số người có mặt.",
        "- Không có ý kiến: 0 phiếu, bằng 0% số người có mặt.",
    ):
        assert line in plain.splitlines(), line
    assert "trên 1/2 số người có mặt tán thành (ít nhất 11 phiếu)" in plain
    assert "Kết luận: Nội dung được thông qua với 11/20 (55% số người có mặt) tán thành." in plain
    # The secretary and the chair sign; no voter is named.
    assert "THƯ KÝ HỘI NGHỊ" in plain and "CHỦ TỌA HỘI NGHỊ" in plain
    voters = set(named(conf.present())) - {"Chuyên viên A", "Giám đốc A"}
    assert voters and not any(name in plain for name in voters)
    assert "NHẬT KÝ" not in plain  # no paper count to log


def test_counting_minutes_are_refused_while_the_poll_is_open(conf: Conf) -> None:
    conf.open(20)
    poll = services.poll_open(actor=conf.a.clerk, poll=conf.poll())
    with pytest.raises(DomainError) as refused:
        documents.counting_minutes(poll)
    assert "chưa kết thúc" in refused.value.message
    draft = conf.poll(title="Chưa mở")
    with pytest.raises(DomainError):
        documents.counting_minutes(draft)


def test_a_show_of_hands_gives_the_minutes_of_the_vote(conf: Conf) -> None:
    conf.open(20)
    poll = hands_motion(conf, "Thông qua quy chế chi tiêu nội bộ", 9, 8, 3)
    plain = text(documents.counting_minutes(Poll.objects.get(pk=poll.pk)))
    assert "BIÊN BẢN BIỂU QUYẾT" in plain and "BIÊN BẢN KIỂM PHIẾU" not in plain
    assert "Thư ký Hội nghị (Chuyên viên A) đếm số đại biểu giơ tay" in plain
    assert "- Tán thành: 9 người, bằng 45% số người có mặt." in plain
    assert "- Số đại biểu tham gia biểu quyết: 20 người." in plain
    assert (
        "Kết luận: Nội dung không được thông qua với 9/20 (45% số người có mặt) tán thành." in plain
    )


def test_the_paper_election_minutes_name_the_committee_the_elected_and_every_correction(
    hanoi: Conf,
) -> None:
    hanoi.open(20)
    poll, cs = paper_election(hanoi)
    data = documents.counting_minutes(Poll.objects.get(pk=poll.pk))
    plain = text(data)
    assert_official(plain, hanoi.conference.held_on)
    assert "BIÊN BẢN KIỂM PHIẾU" in plain and "Bầu Ban Thanh tra nhân dân" in plain
    assert f"Ban kiểm phiếu gồm: {COMMITTEE}." in plain
    for line in (
        "- Số phiếu phát ra: 20.",
        "- Số phiếu thu vào: 19.",
        "- Số phiếu hợp lệ: 17.",
        "- Số phiếu trắng: 1.",
        "- Số phiếu không hợp lệ: 1.",
    ):
        assert line in plain.splitlines(), line
    rows = rows_of(data, "TT")
    names = [c.person.full_name for c in cs]
    assert rows[:4] == [
        ["1", names[0], "15", "88,2%", "Trúng cử"],
        ["2", names[1], "12", "70,6%", "Trúng cử"],
        ["3", names[2], "10", "58,8%", "Trúng cử"],
        ["4", names[3], "5", "29,4%", "Không trúng cử"],
    ]
    assert "trên 1/2 số phiếu hợp lệ (ít nhất 9 phiếu)" in plain
    assert "cho đủ 3 thành viên; trường hợp bằng phiếu ở vị trí cuối: bốc thăm" in plain
    assert (
        f"Trúng cử 3/3 thành viên: {names[0]} (15 phiếu), {names[1]} (12 phiếu), "
        f"{names[2]} (10 phiếu)." in plain
    )
    # The change log of the committee's figures: the first entry, then the correction.
    entries = rows_of(data, "TT", "Thời gian")
    assert [r[0] for r in entries] == ["1", "2"] and entries[0][4] == "—"
    assert entries[0][2] == "Chuyên viên A" and entries[0][3].startswith(
        "Nhập kết quả: phiếu phát ra 20;"
    )
    assert f"phiếu bầu {names[2]} 9" in entries[0][3] and COMMITTEE in entries[0][3]
    assert entries[1][3] == f"Điều chỉnh: phiếu bầu {names[2]}: 9 → 10"
    assert entries[1][4] == "Kiểm lại hòm phiếu số 2"
    assert "BAN KIỂM PHIẾU" in plain


@pytest.mark.parametrize("tie_rule", ["lot", "runoff"])
def test_a_tie_at_the_last_seat_is_told_from_the_records(conf: Conf, tie_rule: str) -> None:
    conf.open(20)
    poll, cs = tied_election(conf, tie_rule)
    data = documents.counting_minutes(Poll.objects.get(pk=poll.pk))
    plain = text(data)
    rows = {r[1]: r for r in rows_of(data, "TT")}
    names = [c.person.full_name for c in cs]
    assert rows[names[0]][2:4] == ["20", "100%"] and rows[names[1]][2:4] == ["16", "80%"]
    assert rows[names[2]][2:4] == ["12", "60%"] and rows[names[3]][2:4] == ["12", "60%"]
    assert "- Số phiếu hợp lệ: 20." in plain
    if tie_rule == "lot":
        drawn = [n for n in names[2:] if rows[n][4] == "Trúng cử (bốc thăm)"]
        assert len(drawn) == 1
        other = next(n for n in names[2:] if n not in drawn)
        assert rows[other][4] == "Không trúng cử"
        assert f"người trúng cử do bốc thăm là: {drawn[0]}." in plain
        assert "Trúng cử 3/3 thành viên" in plain
    else:
        assert rows[names[2]][4] == rows[names[3]][4] == "Bầu vòng hai"
        assert (
            f"ở vị trí cuối: {names[2]}, {names[3]}" in plain or f"{names[3]}, {names[2]}" in plain
        )
        assert "Hội nghị tổ chức bầu vòng hai để chọn 1 thành viên còn lại." in plain
        assert (
            "Trúng cử 2/3 thành viên" in plain and "bầu vòng hai cho số thành viên còn lại" in plain
        )
        assert Poll.objects.get(runoff_of=poll).seats == 1
        # The second round is named after the first, in Vietnamese, in the minutes.
        minutes = text(documents.conference_minutes(fresh(conf.conference)))
        assert "Bầu Ban Thanh tra nhân dân nhiệm kỳ 2026–2028 (bầu vòng hai)" in minutes
        assert "second round" not in minutes and "Chưa biểu quyết." in minutes
    assert "Tie" not in plain  # nothing in the language of a request


# --- the minutes and the resolution ---------------------------------------------------------------


def adopted_resolution(conf: Conf) -> Resolution:
    services.resolution_draft(
        actor=conf.a.clerk,
        conference=conf.conference,
        text=(
            "HỘI NGHỊ QUYẾT NGHỊ:\n"
            "1. Thông qua báo cáo kết quả thực hiện nhiệm vụ năm.\n"
            "2. Thông qua mức đóng góp quỹ xã hội 50.000 đồng/người/năm."
        ),
    )
    poll = conf.poll(kind="resolution", method="hands", title="Thông qua Nghị quyết Hội nghị")
    services.poll_open(actor=conf.a.clerk, poll=poll)
    services.poll_close(
        actor=conf.a.clerk, poll=poll, hands=services.HandsIn(yes=18, no=1, abstain=1)
    )
    return Resolution.objects.get(conference=conf.conference)


def test_the_conference_minutes_tell_the_day_in_order(hanoi: Conf) -> None:
    hanoi.open(20)
    hands_motion(hanoi, "Thông qua quy chế chi tiêu nội bộ", 15, 3, 2)
    _board, cs = paper_election(hanoi)
    resolution = adopted_resolution(hanoi)
    services.conference_close(
        actor=hanoi.a.clerk,
        conference=hanoi.conference,
        minutes=(
            "Đồng chí Giám đốc khai mạc Hội nghị.\n\n"
            "Hội nghị thảo luận sôi nổi, 6 ý kiến phát biểu."
        ),
    )
    conference = fresh(hanoi.conference)
    data = documents.conference_minutes(conference)
    plain = text(data)
    assert_official(plain, conference.held_on)
    assert "BIÊN BẢN" in plain and conference.title in plain
    assert "Thời gian: khai mạc hồi " in plain and f"ngày {conference.held_on:%d/%m/%Y}" in plain
    assert "Địa điểm: Hội trường tầng 3." in plain
    assert f"Hình thức: Hội nghị thường niên năm {conference.year}, toàn thể cán bộ" in plain
    assert "Chủ tọa: Giám đốc A; thư ký: Chuyên viên A." in plain
    assert "có mặt: 20/30 (66,7%); vắng mặt: 10 (có lý do: 0)." in plain
    assert "từ 2/3 tổng số người được triệu tập trở lên: Hội nghị đủ điều kiện tiến hành" in plain
    agenda = [line for line in plain.splitlines() if re.match(r"^\d\. ", line)]
    assert (
        agenda[0].startswith("1. Báo cáo kết quả")
        and agenda[-1] == "9. Thông qua nghị quyết Hội nghị"
    )
    assert "Đồng chí Giám đốc khai mạc Hội nghị." in plain and "6 ý kiến phát biểu" in plain
    polls = rows_of(data, "TT")
    assert [r[1] for r in polls] == [
        "Thông qua quy chế chi tiêu nội bộ",
        "Bầu Ban Thanh tra nhân dân nhiệm kỳ 2026–2028",
        "Thông qua Nghị quyết Hội nghị",
    ]
    assert [r[2] for r in polls] == [
        "Biểu quyết giơ tay",
        "Bỏ phiếu kín bằng phiếu giấy",
        "Biểu quyết giơ tay",
    ]
    assert polls[0][3] == (
        "Tán thành 15/20 (75% số người có mặt); không tán thành 3; không có ý kiến 2: thông qua."
    )
    names = [c.person.full_name for c in cs]
    assert polls[1][3] == (
        f"Trúng cử 3/3 thành viên: {names[0]} (15 phiếu), {names[1]} (12 phiếu), "
        f"{names[2]} (10 phiếu)."
    )
    assert polls[2][3].startswith("Tán thành 18/20 (90% số người có mặt)")
    assert f"Hội nghị thông qua Nghị quyết số {resolution.number} ngày" in plain
    assert "Hội nghị bế mạc hồi " in plain
    assert "THƯ KÝ" in plain and "CHỦ TỌA" in plain


def test_the_resolution_prints_its_number_text_and_vote(hanoi: Conf) -> None:
    hanoi.open(20)
    resolution = adopted_resolution(hanoi)
    assert resolution.number == "01/NQ-HNCBCCVC" and resolution.adopted_on is not None
    data = documents.resolution_document(Resolution.objects.get(pk=resolution.pk))
    plain = text(data)
    assert_official(plain, resolution.adopted_on)
    assert "Số: 01/NQ-HNCBCCVC" in plain
    assert "NGHỊ QUYẾT" in plain and "(Dự thảo)" not in plain
    assert f"HỘI NGHỊ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC {UNIT.upper()}" in plain
    assert "QUYẾT NGHỊ:" in plain and "HỘI NGHỊ QUYẾT NGHỊ:" not in plain
    assert "2. Thông qua mức đóng góp quỹ xã hội 50.000 đồng/người/năm." in plain
    assert (
        f"thông qua ngày {resolution.adopted_on:%d/%m/%Y}, với 18/20 đại biểu có mặt "
        "tán thành (90%)" in plain
    )
    review = resolution.reviews.get()
    assert f"kỳ sơ kết đầu tiên trước ngày {review.due_on:%d/%m/%Y}" in plain
    assert "TM. HỘI NGHỊ" in plain and "CHỦ TỌA" in plain and "Giám đốc A" in plain
    assert "Nơi nhận:" in plain


def test_a_draft_resolution_says_so_and_has_no_number(conf: Conf) -> None:
    conf.open(20)
    secret_motion(conf, yes=15)
    resolution = services.resolution_draft(actor=conf.a.clerk, conference=conf.conference)
    plain = text(documents.resolution_document(resolution))
    assert "(Dự thảo)" in plain and "Số: ……/NQ-HNCBCCVC" in plain
    assert "1. Thông qua mức đóng góp quỹ xã hội (15/20" in plain
    assert "đại biểu có mặt tán thành" not in plain


# --- the dialogue ---------------------------------------------------------------------------------


def test_the_dialogue_minutes_keep_an_anonymous_question_anonymous(hanoi: Conf) -> None:
    head, today = hanoi.cast.a.head, services.today()
    dialogue = services.dialogue_create(
        actor=head,
        agency=hanoi.cast.a.unit,
        title="Đối thoại về chế độ làm thêm giờ",
        reason="periodic",
        held_on=today,
        place="Phòng họp số 2",
        chair=head,
    )
    secret_asker, open_asker = hanoi.extra[0], hanoi.extra[1]
    hidden = services.question_ask(
        actor=secret_asker,
        dialogue=dialogue,
        text="Vì sao giờ làm thêm chưa được chi trả?",
        anonymous=True,
    )
    services.question_upvote(actor=open_asker, question=hidden)
    services.question_ask(
        actor=open_asker, dialogue=dialogue, text="Khi nào bố trí phòng làm việc mới?"
    )
    services.question_answer(actor=head, question=hidden, answer="Sẽ chi trả trong quý tới.")
    services.dialogue_close(actor=head, dialogue=dialogue, minutes="Buổi đối thoại diễn ra cởi mở.")
    services.dialogue_commit(
        actor=head,
        dialogue=dialogue,
        title="Chi trả tiền làm thêm giờ còn nợ",
        deliverable="Bảng thanh toán",
        lead=hanoi.a.chief,
        due_on=today + dt.timedelta(days=30),
    )
    data = documents.dialogue_minutes(Dialogue.objects.get(pk=dialogue.pk))
    plain = text(data)
    assert_official(plain, today)
    assert "BIÊN BẢN ĐỐI THOẠI" in plain and "Đối thoại về chế độ làm thêm giờ" in plain
    assert f"Ngày {today:%d/%m/%Y}, tại Phòng họp số 2" in plain
    assert "Chủ trì: Giám đốc A." in plain
    assert "Lý do tổ chức: đối thoại định kỳ theo quy chế của cơ quan." in plain
    assert (
        "Tổng số câu hỏi: 2 (gửi trước phiên đối thoại: 0; tại phiên: 2); đã trả lời: 1; "
        "chưa trả lời: 1." in plain
    )
    questions = rows_of(data, "TT")
    assert questions[0] == [
        "1",
        "Ẩn danh – tại phiên",
        "Vì sao giờ làm thêm chưa được chi trả? (1 người cùng quan tâm)",
        "Sẽ chi trả trong quý tới.",
    ]
    assert questions[1][1] == f"{open_asker.full_name} – tại phiên"
    assert questions[1][3] == "Chưa trả lời"
    assert secret_asker.full_name not in plain
    assert "Buổi đối thoại diễn ra cởi mở." in plain
    assert rows_of(data, "TT", "Nội dung cam kết") == [
        [
            "1",
            "Chi trả tiền làm thêm giờ còn nợ (sản phẩm: Bảng thanh toán)",
            "Trưởng phòng A",
            f"{today + dt.timedelta(days=30):%d/%m/%Y}",
        ]
    ]
    assert "CHỦ TRÌ" in plain


# --- the templates ------------------------------------------------------------------------------


def test_the_templates_ship_inside_the_package_and_are_what_build_makes(tmp_path: Any) -> None:
    folder = resources.files("danchu.conference.docx")
    assert set(TEMPLATES) == {
        "invitation",
        "attendance",
        "counting",
        "minutes",
        "resolution",
        "dialogue",
    }
    for path in build(tmp_path):
        kept = folder.joinpath(path.name)
        assert kept.is_file(), path.name
        with zipfile.ZipFile(BytesIO(kept.read_bytes())) as a, zipfile.ZipFile(path) as b:
            assert a.read("word/document.xml") == b.read("word/document.xml"), path.name
