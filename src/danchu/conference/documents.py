"""The papers of the staff conference and the dialogues as Word files, in the official layout
of Decree 30/2020, every line from the records: the invitations (one page per delegate, with
the check-in code and its QR code), the roll with the check-in and the quorum, the counting
minutes of a poll, the minutes of the conference, its resolution and the minutes of a
dialogue. The ``*_context`` functions give the words; the templates are in
``danchu/conference/docx/`` (built by its ``build.py``) and filled by docxtpl.

An official document is written in Vietnamese (Decree 30/2020, Art. 8), whatever the language
of the interface: the wording below is not passed to gettext, and nothing stored in the
language of a request (a poll's ``result_note``) is printed — the notes are rebuilt from the
records. Dates are dd/mm/yyyy and counts carry the Vietnamese thousands dot.

A secret ballot stays secret on paper: the counting minutes print the figures and the
published contents of the box, never who voted how; an anonymous question is "Ẩn danh".
"""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from docx.shared import Mm
from docxtpl import InlineImage

from danchu.conference import selectors, services
from danchu.conference.models import (
    Base,
    Candidate,
    Comparator,
    Conference,
    ConferenceKind,
    ConferenceState,
    Delegate,
    Dialogue,
    DialogueReason,
    PaperCount,
    Poll,
    PollKind,
    PollMethod,
    PollState,
    Question,
    RequestedBy,
    Resolution,
    TieRule,
)
from danchu.core.errors import DomainError
from danchu.core.models import Membership, Role, User
from danchu.core.officialdoc import heading, render, template
from danchu.core.text import vn_date, vn_datetime, vn_number, vn_percent

PACKAGE = "danchu.conference.docx"
QR_WIDTH = Mm(25)
SIGN_CHAIR = "CHỦ TỌA"
SIGN_SECRETARY = "THƯ KÝ"

METHODS = {
    PollMethod.HANDS: "biểu quyết giơ tay",
    PollMethod.NAMED: "biểu quyết điện tử có ghi danh",
    PollMethod.SECRET: "bỏ phiếu kín điện tử",
    PollMethod.PAPER: "bỏ phiếu kín bằng phiếu giấy",
    PollMethod.SLIPS: "lấy ý kiến bằng phiếu",
}
BASES = {
    Base.SUMMONED: "tổng số người được triệu tập",
    Base.PRESENT: "số người có mặt",
    Base.CAST: "số phiếu thu vào",
    Base.VALID: "số phiếu hợp lệ",
}
REASONS = {
    DialogueReason.PERIODIC: "đối thoại định kỳ theo quy chế của cơ quan",
    DialogueReason.BOARD: "theo yêu cầu của Ban Thanh tra nhân dân",
    DialogueReason.OTHER: "theo đề nghị của người đứng đầu cơ quan",
}
REQUESTERS = {
    RequestedBy.HEAD: "người đứng đầu cơ quan",
    RequestedBy.UNION: "Ban Chấp hành Công đoàn cơ quan",
    RequestedBy.STAFF: "ít nhất 1/3 tổng số cán bộ, công chức, viên chức",
}
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
# The paper count's fields as the change log prints them.
PAPER_FIELDS = {
    "issued": "phiếu phát ra",
    "cast": "phiếu thu vào",
    "blank": "phiếu trắng",
    "invalid": "phiếu không hợp lệ",
    "yes": "tán thành",
    "no": "không tán thành",
    "abstain": "không có ý kiến",
}
# Characters XML 1.0 refuses; docxtpl would write them and Word would not open the file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- words and figures ---------------------------------------------------------------------


def _clean(text: str) -> str:
    return _CONTROL.sub("", text or "").strip()


def _lines(text: str) -> list[str]:
    return [s.strip() for s in _clean(text).splitlines() if s.strip()]


def _n(value: int | None) -> str:
    return vn_number(value or 0)


def _name(user: User | None) -> str:
    return user.get_full_name() if user is not None else ""


def _clock(value: dt.time | dt.datetime) -> str:
    """The time as "08 giờ 05 phút" (a stored time, or an aware moment in local time)."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).time() if timezone.is_aware(value) else value.time()
    return f"{value:%H} giờ {value:%M} phút"


def _local_date(value: dt.datetime | None, default: dt.date) -> dt.date:
    return timezone.localtime(value).date() if value is not None else default


def rule_words(comparator: str, numerator: int, denominator: int, base: str) -> str:
    """A majority rule in words: "trên 1/2 số người có mặt", "từ 2/3 tổng số người được
    triệu tập trở lên"."""
    fraction = f"{numerator}/{denominator}"
    words = BASES.get(Base(base), base) if base in Base.values else base
    if comparator == Comparator.MORE_THAN:
        return f"trên {fraction} {words}"
    return f"từ {fraction} {words} trở lên"


def _poll_base(poll: Poll) -> int:
    return {
        Base.SUMMONED: poll.summoned,
        Base.PRESENT: poll.present,
        Base.CAST: poll.cast,
        Base.VALID: poll.valid,
    }[Base(poll.base)] or 0


def _poll_needed(poll: Poll) -> int:
    return services.needed(_poll_base(poll), poll.comparator, poll.numerator, poll.denominator)


def _head(conference: Conference, on: dt.date) -> Membership | None:
    return (
        Membership.objects.active(on)
        .filter(agency=conference.agency, role=Role.HEAD, person__is_active=True)
        .select_related("person")
        .first()
    )


def _convocation(conference: Conference) -> str:
    return " (triệu tập lần thứ hai)" if conference.convocation == 2 else ""


def _conference_heading(conference: Conference, on: dt.date) -> dict[str, Any]:
    return {
        **heading(conference.agency, on),
        "number": "",
        "conference_title": _clean(conference.title),
        "convocation": _convocation(conference),
        "venue": _clean(conference.place),
        "held_on": vn_date(conference.held_on),
        "chair": _name(conference.chair),
        "secretary": _name(conference.secretary),
    }


def _poll_title(poll: Poll) -> str:
    """A second round is named after the first (its stored title is in the language of whoever
    closed the first round)."""
    if poll.runoff_of_id is not None and poll.runoff_of is not None:
        return f"{_clean(poll.runoff_of.title)} (bầu vòng hai)"
    return _clean(poll.title)


def _agenda(conference: Conference) -> list[str]:
    return [
        f"{n}. {_clean(item.title)}"
        + (f" (trình bày: {_clean(item.presenter)})" if item.presenter else "")
        for n, item in enumerate(conference.agenda.order_by("position"), start=1)
    ]


# --- the invitation ---------------------------------------------------------------------------


def check_in_url(delegate: Delegate) -> str:
    """What the QR code on an invitation opens: the conference's check-in with the code."""
    path = reverse("conference:check_in", kwargs={"pk": delegate.conference_id})
    return f"{settings.DANCHU_PUBLIC_URL}{path}?code={delegate.code}"


def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as a PNG (10 px a module: sharp when printed 25 mm wide)."""
    out = BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=10, border=2)
    return out.getvalue()


def invitation_context(conference: Conference, on: dt.date | None = None) -> dict[str, Any]:
    """The words of the invitations, dated ``on`` (today): one entry per delegate of the roll,
    each with ``qr_png``, the PNG of its check-in URL."""
    on = on or timezone.localdate()
    head = _head(conference, on)
    delegates = []
    for d in selectors.roll(conference=conference):
        url = check_in_url(d)
        delegates.append(
            {
                "name": _name(d.person),
                "unit": _clean(d.unit.name),
                "code": d.code,
                "url": url,
                "qr_png": qr_png(url),
            }
        )
    return {
        **_conference_heading(conference, on),
        "number": "……/GM",
        "time": _clock(conference.starts_at),
        "weekday": WEEKDAYS[conference.held_on.weekday()],
        "date": vn_date(conference.held_on),
        "agenda": _agenda(conference),
        "signer_title": _clean(head.position).upper()
        if head and head.position
        else "THỦ TRƯỞNG CƠ QUAN",
        "signer_name": _name(head.person) if head else "",
        "delegates": delegates,
    }


def invitation(conference: Conference) -> bytes:
    """Giấy mời: one page per delegate on the roll, with their check-in code and QR code."""
    context = invitation_context(conference)
    doc = template(PACKAGE, "invitation.docx")
    for d in context["delegates"]:
        d["qr"] = InlineImage(doc, BytesIO(d["qr_png"]), width=QR_WIDTH)
    return render(doc, context)


# --- the roll and the check-in ----------------------------------------------------------------


def _quorum_words(conference: Conference) -> str:
    rule = services.vote_rule("conference.quorum", conference.agency, conference.held_on)
    return rule_words(rule.comparator, rule.numerator, rule.denominator, rule.base)


def attendance_context(conference: Conference) -> dict[str, Any]:
    started = conference.state != ConferenceState.PREPARING
    rows = []
    excused = 0
    for n, d in enumerate(selectors.roll(conference=conference), start=1):
        present = d.checked_in_at is not None
        reason = _clean(d.absent_reason)
        if not present and reason:
            excused += 1
        rows.append(
            {
                "n": n,
                "name": _name(d.person),
                "unit": _clean(d.unit.name),
                "present": f"{timezone.localtime(d.checked_in_at):%H:%M}"
                if d.checked_in_at
                else "",
                "absent": "" if present else reason or ("Không có lý do" if started else ""),
            }
        )
    q = services.quorum(conference)
    absent = q.summoned - q.present
    reached = (
        "Đủ số lượng đại biểu theo quy định, Hội nghị đủ điều kiện tiến hành"
        if q.reached
        else f"Chưa đủ số lượng đại biểu theo quy định (có mặt {_n(q.present)}, cần ít nhất "
        f"{_n(q.needed)})"
    )
    return {
        **_conference_heading(conference, conference.held_on),
        "rows": rows,
        "summoned": _n(q.summoned),
        "present": _n(q.present),
        "present_share": vn_percent(q.present, q.summoned),
        "absent": _n(absent),
        "excused": _n(excused),
        "unexcused": _n(absent - excused),
        "needed": _n(q.needed),
        "quorum_rule": _quorum_words(conference),
        "quorum_reached": q.reached,
        "quorum_text": reached,
        "left_title": SIGN_SECRETARY,
        "left_name": _name(conference.secretary),
        "right_title": SIGN_CHAIR,
        "right_name": _name(conference.chair),
    }


def attendance_list(conference: Conference) -> bytes:
    """Danh sách đại biểu triệu tập và điểm danh, with the totals and the quorum."""
    return render(template(PACKAGE, "attendance.docx"), attendance_context(conference))


# --- the count of a poll ----------------------------------------------------------------------


def _ballots(poll: Poll) -> str:
    """The unit a poll's figures are counted in."""
    return (
        "phiếu"
        if poll.method in (PollMethod.SECRET, PollMethod.PAPER, PollMethod.SLIPS)
        else "người"
    )


def _counted_by(poll: Poll, paper: PaperCount | None) -> str:
    conference = poll.conference
    secretary = _name(conference.secretary)
    if poll.method == PollMethod.PAPER:
        return f"Ban kiểm phiếu gồm: {_clean(paper.committee) if paper else ''}."
    if poll.method == PollMethod.SECRET:
        return (
            "Phiếu được bỏ và kiểm trên hệ thống Danchu (kiểm phiếu điện tử) ngay khi kết thúc "
            "bỏ phiếu; phiếu không gắn với người bỏ phiếu, nội dung các phiếu được công khai để "
            "đại biểu có mặt kiểm tra lại."
        )
    if poll.method == PollMethod.NAMED:
        return "Kết quả do hệ thống Danchu tổng hợp từ phiếu biểu quyết điện tử của từng đại biểu."
    if poll.method == PollMethod.SLIPS:
        return (
            f"Thư ký Hội nghị ({secretary}) tổng hợp phiếu lấy ý kiến của cán bộ, công chức, "
            "viên chức."
        )
    return f"Thư ký Hội nghị ({secretary}) đếm số đại biểu giơ tay biểu quyết."


def _figures(poll: Poll, paper: PaperCount | None) -> list[str]:
    unit = _ballots(poll)
    slips = poll.method == PollMethod.SLIPS
    entitled = "Số người được lấy ý kiến" if slips else "Số người được triệu tập"
    figures = [f"{entitled}: {_n(poll.summoned)}."]
    if not slips:
        figures.append(
            f"Số người có mặt khi bắt đầu biểu quyết: {_n(poll.present)}/{_n(poll.summoned)}."
        )
    if poll.is_secret:
        issued = paper.issued if paper is not None else poll.present
        note = "" if paper is not None else " (mỗi đại biểu có mặt một phiếu điện tử)"
        figures += [
            f"Số phiếu phát ra: {_n(issued)}{note}.",
            f"Số phiếu thu vào: {_n(poll.cast)}.",
            f"Số phiếu hợp lệ: {_n(poll.valid)}.",
            f"Số phiếu trắng: {_n(poll.blank)}.",
            f"Số phiếu không hợp lệ: {_n(poll.invalid)}.",
        ]
    elif slips:
        figures.append(f"Số phiếu lấy ý kiến thu về: {_n(poll.cast)}.")
    else:
        figures.append(f"Số đại biểu tham gia biểu quyết: {_n(poll.cast)} {unit}.")
    return figures


def _tally(poll: Poll) -> list[str]:
    unit, base = _ballots(poll), _poll_base(poll)
    words = BASES.get(Base(poll.base), "")
    return [
        f"{label}: {_n(count)} {unit}, bằng {vn_percent(count or 0, base)} {words}."
        for label, count in (
            ("Tán thành", poll.yes),
            ("Không tán thành", poll.no),
            ("Không có ý kiến", poll.abstain),
        )
    ]


def _runoff(poll: Poll) -> Poll | None:
    return poll.runoffs.order_by("pk").first()


def _candidate_rows(poll: Poll) -> list[dict[str, Any]]:
    second = _runoff(poll)
    in_second = set(second.candidates.values_list("person_id", flat=True)) if second else set()
    rows = []
    for n, c in enumerate(selectors.candidates(poll=poll), start=1):
        if c.elected:
            result = "Trúng cử (bốc thăm)" if c.by_lot else "Trúng cử"
        elif c.person_id in in_second:
            result = "Bầu vòng hai"
        else:
            result = "Không trúng cử"
        rows.append(
            {
                "n": n,
                "name": _name(c.person),
                "votes": _n(c.votes),
                "share": vn_percent(c.votes or 0, poll.valid or 0),
                "result": result,
                "elected": c.elected,
            }
        )
    return rows


def _election_notes(poll: Poll, candidates: list[Candidate]) -> list[str]:
    """The tie at the last seat and how it was settled, from the records (not from
    ``result_note``, which is written in the language of whoever closed the poll)."""
    notes = []
    if poll.runoff_of_id is not None and poll.runoff_of is not None:
        notes.append(f"Đây là vòng bầu thứ hai của cuộc bầu “{_clean(poll.runoff_of.title)}”.")
    drawn = [_name(c.person) for c in candidates if c.by_lot]
    if drawn:
        notes.append(
            "Các ứng cử viên bằng số phiếu nhau ở vị trí cuối; theo quy chế của cơ quan, Hội nghị "
            f"bốc thăm và người trúng cử do bốc thăm là: {', '.join(drawn)}."
        )
    second = _runoff(poll)
    if second is not None:
        names = ", ".join(_name(c.person) for c in second.candidates.select_related("person"))
        notes.append(
            f"Các ứng cử viên bằng số phiếu nhau ở vị trí cuối: {names}; Hội nghị tổ chức bầu "
            f"vòng hai để chọn {_n(second.seats)} thành viên còn lại."
        )
    return notes


def _rule(poll: Poll) -> str:
    words = rule_words(poll.comparator, poll.numerator, poll.denominator, poll.base)
    needed = _n(_poll_needed(poll))
    if poll.kind == PollKind.ELECTION:
        tie = (
            {
                TieRule.RUNOFF: "bầu vòng hai giữa những người bằng phiếu",
                TieRule.LOT: "bốc thăm theo quy chế của cơ quan",
            }.get(TieRule(poll.tie_rule), "")
            if poll.tie_rule
            else ""
        )
        text = (
            f"người trúng cử phải đạt {words} (ít nhất {needed} phiếu), lấy theo số phiếu từ cao "
            f"xuống thấp cho đủ {_n(poll.seats)} thành viên"
        )
        return f"{text}; trường hợp bằng phiếu ở vị trí cuối: {tie}" if tie else text
    return f"nội dung được thông qua khi có {words} tán thành (ít nhất {needed} {_ballots(poll)})"


def _poll_result(poll: Poll, *, short: bool = False) -> str:
    """The outcome of a closed poll in one sentence."""
    if poll.kind == PollKind.ELECTION:
        elected = [c for c in selectors.candidates(poll=poll) if c.elected]
        names = ", ".join(
            f"{_name(c.person)} ({_n(c.votes)} phiếu{', bốc thăm' if c.by_lot else ''})"
            for c in elected
        )
        text = f"Trúng cử {_n(len(elected))}/{_n(poll.seats)} thành viên" + (
            f": {names}" if names else ""
        )
        if not poll.adopted and _runoff(poll) is not None:
            text += "; bầu vòng hai cho số thành viên còn lại"
        return text + "."
    share = vn_percent(poll.yes or 0, _poll_base(poll))
    base = BASES.get(Base(poll.base), "")
    if short:
        return (
            f"Tán thành {_n(poll.yes)}/{_n(_poll_base(poll))} ({share} {base}); không tán thành "
            f"{_n(poll.no)}; không có ý kiến {_n(poll.abstain)}: "
            f"{'thông qua' if poll.adopted else 'không thông qua'}."
        )
    verdict = "được thông qua" if poll.adopted else "không được thông qua"
    return (
        f"Nội dung {verdict} với {_n(poll.yes)}/{_n(_poll_base(poll))} ({share} {base}) tán thành."
    )


def _changes(poll: Poll) -> list[dict[str, Any]]:
    names = {c.pk: _name(c.person) for c in poll.candidates.select_related("person")}

    def value(key: str, figures: dict[str, Any]) -> list[tuple[str, str]]:
        if key == "tallies":
            return [
                (f"phiếu bầu {names.get(int(pk), pk)}", _n(v))
                for pk, v in sorted(
                    (figures.get("tallies") or {}).items(),
                    key=lambda kv: names.get(int(kv[0]), kv[0]),
                )
            ]
        if key == "committee":
            return [("ban kiểm phiếu", _clean(str(figures.get(key, ""))))]
        return [(PAPER_FIELDS[key], _n(figures.get(key)))]

    rows = []
    keys = [*PAPER_FIELDS, "tallies", "committee"]
    if poll.kind == PollKind.ELECTION:
        keys = [k for k in keys if k not in ("yes", "no", "abstain")]
    else:
        keys.remove("tallies")
    for n, change in enumerate(
        poll.paper_changes.select_related("by").order_by("at", "pk"), start=1
    ):
        if not change.before:
            parts = [f"{label} {text}" for key in keys for label, text in value(key, change.after)]
            content = "Nhập kết quả: " + "; ".join(parts)
        else:
            before = {label: text for key in keys for label, text in value(key, change.before)}
            after = [(label, text) for key in keys for label, text in value(key, change.after)]
            changed = [
                f"{label}: {before.get(label, '0')} → {text}"
                for label, text in after
                if before.get(label) != text
            ]
            content = "Điều chỉnh: " + ("; ".join(changed) if changed else "không thay đổi số liệu")
        rows.append(
            {
                "n": n,
                "at": vn_datetime(change.at),
                "by": _name(change.by),
                "content": content,
                "reason": _clean(change.reason) or "—",
            }
        )
    return rows


def counting_context(poll: Poll) -> dict[str, Any]:
    if poll.state != PollState.CLOSED:
        raise DomainError(
            "poll_not_closed",
            "Cuộc biểu quyết chưa kết thúc: biên bản kiểm phiếu chỉ được lập sau khi đóng "
            "biểu quyết.",
        )
    conference = poll.conference
    paper = (
        PaperCount.objects.filter(poll=poll).first() if poll.method == PollMethod.PAPER else None
    )
    assert poll.opened_at is not None and poll.closed_at is not None
    closed_on = _local_date(poll.closed_at, conference.held_on)
    election = poll.kind == PollKind.ELECTION
    candidates = list(poll.candidates.select_related("person")) if election else []
    context: dict[str, Any] = {
        **_conference_heading(conference, closed_on),
        "title": "BIÊN BẢN KIỂM PHIẾU" if poll.is_secret else "BIÊN BẢN BIỂU QUYẾT",
        "subject": (
            ("Bầu Ban Thanh tra nhân dân" + (" (vòng hai)" if poll.runoff_of_id else ""))
            if election
            else _poll_title(poll)
        ),
        "action": "bầu cử" if election else METHODS[PollMethod(poll.method)],
        "poll_title": _poll_title(poll),
        "poll_text": _clean(poll.text),
        "method": METHODS[PollMethod(poll.method)],
        "counted_by": _counted_by(poll, paper),
        "opened_time": _clock(poll.opened_at),
        "opened_date": vn_date(poll.opened_at),
        "closed_time": _clock(poll.closed_at),
        "closed_date": vn_date(closed_on),
        "figures": _figures(poll, paper),
        "election": election,
        "candidates": _candidate_rows(poll) if election else [],
        "tally": [] if election else _tally(poll),
        "rule": _rule(poll),
        "notes": _election_notes(poll, candidates) if election else [],
        "conclusion": _poll_result(poll),
        "changes": _changes(poll) if paper is not None else [],
        "adopted": poll.adopted,
        "left_title": "THƯ KÝ HỘI NGHỊ",
        "left_name": _name(conference.secretary),
        "right_title": "BAN KIỂM PHIẾU" if paper is not None else "CHỦ TỌA HỘI NGHỊ",
        "right_name": "" if paper is not None else _name(conference.chair),
    }
    return context


def counting_minutes(poll: Poll) -> bytes:
    """Biên bản kiểm phiếu of a secret or paper ballot, biên bản biểu quyết of any other poll;
    refused while the poll is not closed."""
    return render(template(PACKAGE, "counting.docx"), counting_context(poll))


# --- the minutes of the conference ------------------------------------------------------------


def _background(conference: Conference) -> list[str]:
    found = []
    if conference.kind == ConferenceKind.EXTRAORDINARY and conference.requested_by:
        who = REQUESTERS.get(RequestedBy(conference.requested_by), "")
        found.append(f"Hội nghị bất thường được tổ chức theo đề nghị của {who}.")
    if conference.late_reason:
        deadline = f" (thời hạn: {vn_date(conference.deadline)})" if conference.deadline else ""
        found.append(f"Lý do tổ chức sau thời hạn{deadline}: {_clean(conference.late_reason)}.")
    if conference.previous is not None:
        found.append(
            f"Hội nghị triệu tập lần thứ nhất ngày {vn_date(conference.previous.held_on)} không "
            "đủ số lượng đại biểu theo quy định."
        )
    return found


def _poll_line(poll: Poll) -> str:
    if poll.state == PollState.DRAFT:
        return "Chưa biểu quyết."
    if poll.state == PollState.OPEN:
        return "Đang biểu quyết."
    return _poll_result(poll, short=True)


def minutes_context(conference: Conference) -> dict[str, Any]:
    q = services.quorum(conference)
    summoned = (
        conference.summoned_at_open if conference.summoned_at_open is not None else q.summoned
    )
    present = conference.present_at_open if conference.present_at_open is not None else q.present
    rule = services.vote_rule("conference.quorum", conference.agency, conference.held_on)
    reached = services.passes(present, summoned, rule.comparator, rule.numerator, rule.denominator)
    words = _quorum_words(conference)
    excused = conference.roll.filter(checked_in_at__isnull=True).exclude(absent_reason="").count()
    opened = (
        f"khai mạc hồi {_clock(conference.opened_at)}, ngày {vn_date(conference.opened_at)}"
        if conference.opened_at
        else f"{_clock(conference.starts_at)}, ngày {vn_date(conference.held_on)}"
    )
    form = "{}, {}{}".format(
        "Hội nghị thường niên năm " + str(conference.year)
        if conference.kind == ConferenceKind.ANNUAL
        else "Hội nghị bất thường",
        "đại biểu được bầu ở các đơn vị"
        if conference.attendance == "delegates"
        else "toàn thể cán bộ, công chức, viên chức",
        "; triệu tập lần thứ hai" if conference.convocation == 2 else "",
    )
    polls = [
        {
            "n": n,
            "title": _poll_title(p),
            "method": METHODS[PollMethod(p.method)].capitalize(),
            "result": _poll_line(p),
        }
        for n, p in enumerate(
            conference.polls.select_related("runoff_of")
            .prefetch_related("candidates")
            .order_by("pk"),
            start=1,
        )
    ]
    closing = []
    resolution = Resolution.objects.filter(conference=conference).select_related("poll").first()
    if resolution is not None and resolution.adopted_on is not None:
        closing.append(
            f"Hội nghị thông qua Nghị quyết số {resolution.number} ngày "
            f"{vn_date(resolution.adopted_on)}."
        )
    if conference.closed_at is not None:
        closing.append(
            f"Hội nghị bế mạc hồi {_clock(conference.closed_at)}, ngày "
            f"{vn_date(conference.closed_at)}./."
        )
    else:
        closing.append("Biên bản được lập tại Hội nghị./.")
    return {
        **_conference_heading(conference, conference.held_on),
        "opened": opened,
        "form": form,
        "background": _background(conference),
        "summoned": _n(summoned),
        "present": _n(present),
        "present_share": vn_percent(present, summoned),
        "absent": _n(summoned - present),
        "excused": _n(excused),
        "quorum_text": (
            f"Số đại biểu có mặt đạt {words}: Hội nghị đủ điều kiện tiến hành."
            if reached
            else f"Số đại biểu có mặt chưa đạt {words}: Hội nghị không đủ điều kiện tiến hành."
        ),
        "agenda": _agenda(conference),
        "minutes_lines": _lines(conference.minutes) or ["(Chưa ghi diễn biến Hội nghị.)"],
        "polls": polls,
        "closing": closing,
        "left_title": SIGN_SECRETARY,
        "left_name": _name(conference.secretary),
        "right_title": SIGN_CHAIR,
        "right_name": _name(conference.chair),
    }


def conference_minutes(conference: Conference) -> bytes:
    """Biên bản Hội nghị, signed by the secretary and the chair."""
    return render(template(PACKAGE, "minutes.docx"), minutes_context(conference))


# --- the resolution ---------------------------------------------------------------------------


def _resolution_lines(text: str) -> list[str]:
    """The text's lines, without a leading "… RESOLVES:" line (the template prints its own
    "QUYẾT NGHỊ:")."""
    found = _lines(text)
    if found and found[0].endswith(":") and found[0] == found[0].upper():
        found = found[1:]
    return found


def resolution_context(resolution: Resolution) -> dict[str, Any]:
    conference = resolution.conference
    adopted = resolution.adopted_on is not None
    poll = resolution.poll
    on = resolution.adopted_on or timezone.localdate()
    review = resolution.reviews.order_by("due_on").first()  # the first review
    return {
        **_conference_heading(conference, on),
        "number": resolution.number or "……/NQ-HNCBCCVC",
        "draft": not adopted,
        "adopted": adopted and poll is not None,
        "adopted_on": vn_date(resolution.adopted_on),
        "yes": _n(poll.yes if poll else None),
        "present": _n(poll.present if poll else None),
        "yes_share": vn_percent(poll.yes or 0, poll.present or 0) if poll else "",
        "method": METHODS[PollMethod(poll.method)] if poll else "",
        "text_lines": _resolution_lines(resolution.text),
        "review_due": f"; kỳ sơ kết đầu tiên trước ngày {vn_date(review.due_on)}" if review else "",
        "chair": _name(conference.chair),
    }


def resolution_document(resolution: Resolution) -> bytes:
    """Nghị quyết Hội nghị CBCCVC, signed "TM. HỘI NGHỊ / CHỦ TỌA"; a draft says so."""
    return render(template(PACKAGE, "resolution.docx"), resolution_context(resolution))


# --- the dialogue -----------------------------------------------------------------------------


def _commitments(dialogue: Dialogue) -> list[dict[str, Any]]:
    from danchu.tasks.models import SourceKind, Task, TaskState

    tasks = (
        Task.objects.filter(source_kind=SourceKind.DIALOGUE, source_id=dialogue.pk)
        .exclude(state=TaskState.CANCELLED)
        .select_related("lead_person", "lead_unit")
        .order_by("due_on", "pk")
    )
    return [
        {
            "n": n,
            "title": _clean(t.title)
            + (f" (sản phẩm: {_clean(t.deliverable)})" if t.deliverable else ""),
            "lead": _name(t.lead_person)
            if t.lead_person
            else _clean(t.lead_unit.name if t.lead_unit else ""),
            "due": vn_date(t.due_on),
        }
        for n, t in enumerate(tasks, start=1)
    ]


def _question(n: int, q: Question) -> dict[str, Any]:
    # An anonymous question has no author: nothing else may hint at one.
    author = "Ẩn danh" if q.author_id is None else _name(q.author)
    support = f" ({_n(q.upvotes)} người cùng quan tâm)" if q.upvotes else ""
    answer = _clean(q.answer) if q.answered_on is not None else "Chưa trả lời"
    return {
        "n": n,
        "author": author + (" – tại phiên" if q.in_session else ""),
        "text": _clean(q.text) + support,
        "answer": answer,
    }


def dialogue_context(dialogue: Dialogue) -> dict[str, Any]:
    questions = list(selectors.questions(dialogue=dialogue))
    asked_in_session = sum(1 for q in questions if q.in_session)
    answered = sum(1 for q in questions if q.answered_on is not None)
    reason = REASONS.get(DialogueReason(dialogue.reason), "") if dialogue.reason else ""
    if dialogue.basis:
        reason = f"{reason} ({_clean(dialogue.basis)})"
    on = dialogue.held_on or dialogue.closed_on or timezone.localdate()
    closing = (
        f"Đối thoại kết thúc ngày {vn_date(dialogue.held_on)}; biên bản hoàn thành ngày "
        f"{vn_date(dialogue.closed_on)}"
        if dialogue.closed_on
        else "Biên bản được lập tại buổi đối thoại"
    )
    return {
        **heading(dialogue.agency, on),
        "number": "",
        "dialogue_title": _clean(dialogue.title),
        "held_on": vn_date(dialogue.held_on),
        "venue": _clean(dialogue.place),
        "reason": reason,
        "chair": _name(dialogue.chair),
        "asked": _n(len(questions)),
        "asked_before": _n(len(questions) - asked_in_session),
        "asked_in_session": _n(asked_in_session),
        "answered": _n(answered),
        "unanswered": _n(len(questions) - answered),
        "questions": [_question(n, q) for n, q in enumerate(questions, start=1)],
        "minutes_lines": _lines(dialogue.minutes) or ["(Chưa ghi diễn biến buổi đối thoại.)"],
        "commitments": _commitments(dialogue),
        "closing": closing,
        "left_title": "NGƯỜI GHI BIÊN BẢN",
        "left_name": "",
        "right_title": "CHỦ TRÌ",
        "right_name": _name(dialogue.chair),
    }


def dialogue_minutes(dialogue: Dialogue) -> bytes:
    """Biên bản đối thoại: questions and answers ("Ẩn danh" for an anonymous question), the
    counts, the minutes and the commitments followed up as tasks."""
    return render(template(PACKAGE, "dialogue.docx"), dialogue_context(dialogue))
