"""The unit's QCDC implementation report: every registered section of ``core.figures`` for the
unit's organisation and a period, each with a sentence in Vietnamese written from its figures,
as the report's section II reads ("đã tiếp nhận và trả kết quả 8.472 hồ sơ giải quyết thủ tục
hành chính (đạt 100%), không có hồ sơ nào giải quyết quá thời hạn").

The sentences are the text of an official document in Vietnamese, like the Word papers of the
other apps, not interface strings. Each clause says only what its figures make true: a count of
zero gets "không có … nào", a missing figure (a section that lacks it) drops its clause.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danchu.core import figures
from danchu.core.errors import DomainError
from danchu.core.figures import Section, Value, show
from danchu.core.models import Agency
from danchu.core.text import vn_date

# The regulations every unit must have (working rules, internal spending, finance, public
# assets: ``danchu.disclosure.figures.CORE_KINDS``), of which ``regulations.core_kept`` counts
# those in force.
CORE_REGULATIONS = 4

# The headings of section II of the report, one per registered section key.
HEADINGS: dict[str, str] = {
    "regulations": "Xây dựng, ban hành và rà soát quy chế, quy định nội bộ",
    "publicity": "Công khai thông tin",
    "dissemination": "Phổ biến, quán triệt văn bản đến cán bộ, công chức, viên chức",
    "consultation": "Lấy ý kiến cán bộ, công chức, viên chức",
    "conference": "Hội nghị cán bộ, công chức, viên chức",
    "dialogue": "Đối thoại giữa người đứng đầu với cán bộ, công chức, viên chức",
    "board": "Hoạt động của Ban Thanh tra nhân dân",
    "tasks": "Giao nhiệm vụ và kết quả thực hiện nhiệm vụ",
    "onestop": "Cải cách thủ tục hành chính, thực hiện cơ chế một cửa",
    "reception": "Tiếp công dân, tiếp nhận và giải quyết đơn thư",
}


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"từ ngày {vn_date(self.start)} đến ngày {vn_date(self.end)}"


@dataclass(frozen=True, slots=True)
class ReportSection:
    """A section of the report: its figures, its Vietnamese heading and its sentence."""

    section: Section
    heading: str
    sentence: str

    @property
    def key(self) -> str:
        return self.section.key


@dataclass(slots=True)
class QcdcReport:
    unit: Agency  # the unit asked for
    organisation: Agency  # the organisation whose figures these are
    period: Period
    made_on: dt.date
    sections: list[ReportSection] = field(default_factory=list)

    @property
    def start(self) -> dt.date:
        return self.period.start

    @property
    def end(self) -> dt.date:
        return self.period.end

    def section(self, key: str) -> ReportSection:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)


def check_period(*, start: dt.date, end: dt.date) -> None:
    if end < start:
        message = _("The end date is before the start date.")
        raise DomainError("invalid_period", message, fields={"end": [message]})


def qcdc_report(
    *, agency: Agency, start: dt.date, end: dt.date, on: dt.date | None = None
) -> QcdcReport:
    """The report of ``agency``'s organisation for ``start``..``end`` (both included), dated
    ``on`` (today by default). Reads only; refuses a period that ends before it starts."""
    check_period(start=start, end=end)
    org = _organisation(agency)
    built = figures.unit_sections(agency=org, start=start, end=end)
    with translation.override("vi"):
        parts = [
            ReportSection(section=s, heading=heading_of(s), sentence=sentence_of(s)) for s in built
        ]
    return QcdcReport(
        unit=agency,
        organisation=org,
        period=Period(start, end),
        made_on=on or timezone.localdate(),
        sections=parts,
    )


def _organisation(agency: Agency) -> Agency:
    """The organisation of ``agency``, known by the ORM to be its own organisation, so that
    ``core.figures`` does not read its row again at each ``.organisation``."""
    org = agency if agency.organisation_id in (None, agency.pk) else figures.organisation(agency)
    if org.organisation_id == org.pk:
        org.organisation = org
    return org


def heading_of(section: Section) -> str:
    return HEADINGS.get(section.key) or str(section.title)


def sentence_of(section: Section) -> str:
    write = SENTENCES.get(section.key)
    if write is None:
        return _generic(section)
    return write(_Figures(section))


# --- writing the sentences ---------------------------------------------------------------------


class _Figures:
    """A section's figures for the sentences: counts as integers (None when the section lacks
    them), and each figure as the Vietnamese way writes it."""

    def __init__(self, section: Section) -> None:
        self.section = section
        self.kinds = {f.key: f.kind for f in section.figures}

    def n(self, key: str) -> int | None:
        value = self.section.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return int(value)

    def value(self, key: str) -> Value:
        return self.section.get(key)

    def shown(self, key: str) -> str:
        return show(self.section.get(key), self.kinds.get(key, "count"))

    def has(self, *keys: str) -> bool:
        return all(self.n(k) is not None for k in keys)

    def rate(self, key: str) -> str:
        """ " (đạt 98,5%)" when the rate is known, "" otherwise."""
        return f" (đạt {self.shown(key)})" if self.section.get(key) is not None else ""


def _num(value: int) -> str:
    return show(value)


def _sentence(subject: str, clauses: list[str]) -> str:
    clauses = [c for c in clauses if c]
    if not clauses:
        return ""
    text = f"{subject} {'; '.join(clauses)}." if subject else f"{'; '.join(clauses)}."
    return text[0].upper() + text[1:]


def _late(count: int | None, none: str, some: str) -> str:
    """``none`` when ``count`` is 0, ``some`` (with {n}) when it is more, "" when unknown."""
    if count is None:
        return ""
    return none if count == 0 else some.format(n=_num(count))


def _generic(section: Section) -> str:
    shown = "; ".join(f"{str(f.label).lower()}: {f.shown}" for f in section.figures)
    return f"{section.title!s}: {shown}." if shown else ""


def _regulations(f: _Figures) -> str:
    clauses = []
    in_force = f.n("in_force")
    if in_force is not None:
        clauses.append(
            f"hiện có {_num(in_force)} quy chế, quy định nội bộ đang có hiệu lực"
            if in_force
            else "chưa có quy chế, quy định nội bộ nào đang có hiệu lực"
        )
    known = [
        (n, verb)
        for n, verb in ((f.n("issued"), "ban hành mới"), (f.n("amended"), "sửa đổi, bổ sung"))
        if n is not None
    ]
    done = [f"{verb} {_num(n)}" for n, verb in known if n]
    if done:
        clauses.append(f"trong kỳ đã {' và '.join(done)} quy chế, quy định")
    elif known:
        clauses.append(f"trong kỳ không {', '.join(v for _n, v in known)} quy chế, quy định nào")
    # A review that changed nothing leaves no record, so none counted is not "none reviewed".
    reviewed = f.n("reviewed")
    if reviewed:
        clauses.append(f"đã rà soát {_num(reviewed)} quy chế, quy định")
    clauses.append(
        _late(
            f.n("review_overdue"),
            "không có quy chế, quy định nào quá hạn rà soát",
            "có {n} quy chế, quy định đã quá hạn rà soát",
        )
    )
    kept = f.n("core_kept")
    if kept is not None:
        clauses.append(
            "chưa có quy chế cơ bản nào đang có hiệu lực"
            if kept == 0
            else f"có đủ {CORE_REGULATIONS} quy chế cơ bản đang có hiệu lực"
            if kept >= CORE_REGULATIONS
            else f"có {_num(kept)} trong {CORE_REGULATIONS} quy chế cơ bản đang có hiệu lực"
        )
    return _sentence("Đơn vị", clauses)


def _publicity(f: _Figures) -> str:
    clauses = []
    published = f.n("published")
    if published is not None:
        if published:
            text = f"đã công khai {_num(published)} nội dung"
            on_time = f.n("on_time")
            if on_time:
                text += (
                    f", trong đó {_num(on_time)} nội dung công khai đúng thời hạn"
                    f"{f.rate('on_time_rate')}"
                )
            elif on_time == 0:
                text += ", không có nội dung nào công khai đúng thời hạn"
            clauses.append(text)
            clauses.append(
                _late(
                    f.n("late"),
                    "không có nội dung nào công khai chậm",
                    "có {n} nội dung công khai chậm so với thời hạn",
                )
            )
        else:
            clauses.append("trong kỳ chưa công khai nội dung nào")
    requests = f.n("info_requests")
    if requests is not None:
        if requests:
            answered = f.n("info_requests_on_time")
            text = f"tiếp nhận {_num(requests)} yêu cầu cung cấp thông tin"
            if answered:
                text += f", đã cung cấp đúng hạn {_num(answered)} yêu cầu"
            elif answered == 0:
                text += ", không có yêu cầu nào được cung cấp đúng hạn"
            clauses.append(text)
        else:
            clauses.append("không có yêu cầu cung cấp thông tin nào")
    return _sentence("Đơn vị", clauses)


def _dissemination(f: _Figures) -> str:
    clauses = []
    count = f.n("disseminations")
    if count is not None:
        clauses.append(
            f"đã phổ biến, quán triệt {_num(count)} văn bản đến cán bộ, công chức, viên chức"
            if count
            else "trong kỳ chưa phổ biến, quán triệt văn bản nào"
        )
    to_confirm, confirmed = f.n("to_confirm"), f.n("confirmed")
    if to_confirm is not None:
        if to_confirm:
            text = f"có {_num(to_confirm)} lượt yêu cầu xác nhận đã đọc"
            if confirmed:
                text += f", đã xác nhận {_num(confirmed)} lượt{f.rate('confirmed_rate')}"
            elif confirmed == 0:
                text += ", chưa có lượt xác nhận nào"
            clauses.append(text)
        elif count:
            clauses.append("không có văn bản nào yêu cầu xác nhận đã đọc")
    return _sentence("Đơn vị", clauses)


def _consultation(f: _Figures) -> str:
    clauses = []
    held = f.n("held")
    if held is not None:
        if not held:
            clauses.append("trong kỳ không tổ chức lấy ý kiến cán bộ, công chức, viên chức")
        else:
            clauses.append(
                f"đã tổ chức lấy ý kiến cán bộ, công chức, viên chức đối với {_num(held)} dự thảo"
            )
    comments, accepted = f.n("comments"), f.n("accepted")
    if comments is not None and (held or comments):
        if comments:
            text = f"nhận được {_num(comments)} ý kiến góp ý"
            if accepted:
                text += f", trong đó {_num(accepted)} ý kiến được tiếp thu{f.rate('accepted_rate')}"
            elif accepted == 0:
                text += ", không có ý kiến nào được tiếp thu"
            clauses.append(text)
        else:
            clauses.append("không nhận được ý kiến góp ý nào")
    summaries = f.n("summaries_published")
    if summaries is not None and (held or summaries):
        clauses.append(
            f"đã công khai {_num(summaries)} bản tổng hợp, tiếp thu, giải trình ý kiến góp ý"
            if summaries
            else "chưa công khai bản tổng hợp, tiếp thu, giải trình ý kiến góp ý nào"
        )
    return _sentence("Đơn vị", clauses)


def _conference(f: _Figures) -> str:
    clauses = []
    held = f.n("held")
    last = f.value("last_held_on")
    last_text = f" (gần nhất ngày {show(last, 'date')})" if isinstance(last, dt.date) else ""
    if held is not None:
        if held:
            clauses.append(
                f"đã tổ chức {_num(held)} hội nghị cán bộ, công chức, viên chức{last_text}"
            )
        else:
            text = "trong kỳ không tổ chức hội nghị cán bộ, công chức, viên chức"
            if last_text:
                text += f"; hội nghị gần nhất tổ chức ngày {show(last, 'date')}"
            clauses.append(text)
    # The attendance is the last conference's, which may be before the period.
    summoned, present = f.n("summoned"), f.n("present")
    if summoned and present is not None:
        clauses.append(
            f"hội nghị gần nhất triệu tập {_num(summoned)} người, có mặt {_num(present)} người"
            f"{f.rate('attendance_rate')}"
            if present
            else f"hội nghị gần nhất triệu tập {_num(summoned)} người, không có người nào có mặt"
        )
    decisions = f.n("decisions_adopted")
    if held and decisions is not None:
        clauses.append(
            f"hội nghị đã biểu quyết thông qua {_num(decisions)} nội dung"
            if decisions
            else "hội nghị không biểu quyết thông qua nội dung nào"
        )
    resolutions = f.n("resolutions_published")
    if resolutions is not None and (held or resolutions):
        clauses.append(
            f"đã công khai {_num(resolutions)} nghị quyết hội nghị"
            if resolutions
            else "chưa công khai nghị quyết hội nghị"
        )
    clauses.append(
        _late(
            f.n("annual_missed"),
            "không có hội nghị hằng năm nào chậm so với thời hạn quy định",
            "có {n} hội nghị hằng năm không tổ chức trong thời hạn quy định",
        )
    )
    reviews = f.n("reviews_done")
    if reviews:
        clauses.append(
            f"đã tổ chức {_num(reviews)} lần sơ kết, tổng kết việc thực hiện nghị quyết hội nghị"
        )
    return _sentence("Đơn vị", clauses)


def _dialogue(f: _Figures) -> str:
    clauses = []
    held = f.n("held")
    if held is not None:
        clauses.append(
            f"đã tổ chức {_num(held)} buổi đối thoại giữa người đứng đầu với cán bộ, công chức, "
            "viên chức"
            if held
            else "trong kỳ không tổ chức buổi đối thoại nào giữa người đứng đầu với cán bộ, "
            "công chức, viên chức"
        )
    questions, answered = f.n("questions"), f.n("answered")
    if questions is not None and (held or questions):
        if questions:
            text = f"nhận {_num(questions)} câu hỏi, ý kiến"
            if answered:
                text += f", đã trả lời {_num(answered)}{f.rate('answered_rate')}"
            elif answered == 0:
                text += ", chưa trả lời câu hỏi, ý kiến nào"
            clauses.append(text)
        else:
            clauses.append("không có câu hỏi, ý kiến nào")
    commitments = f.n("commitments")
    if commitments:
        clauses.append(f"người đứng đầu đã cam kết giải quyết {_num(commitments)} nội dung")
    return _sentence("Đơn vị", clauses)


def _board(f: _Figures) -> str:
    clauses = []
    members = f.n("members")
    if members is not None:
        clauses.append(f"có {_num(members)} thành viên" if members else "chưa có thành viên")
    inspections = f.n("inspections")
    if inspections is not None:
        clauses.append(
            f"đã thực hiện {_num(inspections)} cuộc kiểm tra, giám sát"
            if inspections
            else "trong kỳ chưa thực hiện cuộc kiểm tra, giám sát nào"
        )
    recommendations = f.n("recommendations")
    if recommendations is not None:
        if recommendations:
            text = f"đã gửi {_num(recommendations)} kiến nghị đến người đứng đầu"
            answered, on_time = f.n("answered"), f.n("answered_on_time")
            if answered:
                text += f", đã được trả lời {_num(answered)} kiến nghị"
                if on_time:
                    text += (
                        f", trong đó {_num(on_time)} kiến nghị được trả lời đúng hạn"
                        f"{f.rate('answered_on_time_rate')}"
                    )
                elif on_time == 0:
                    text += ", không có kiến nghị nào được trả lời đúng hạn"
            elif answered == 0:
                text += ", chưa có kiến nghị nào được trả lời"
            clauses.append(text)
        else:
            clauses.append("không có kiến nghị nào gửi người đứng đầu")
    clauses.append(
        _late(
            f.n("answers_overdue"),
            "không có kiến nghị nào quá hạn trả lời" if recommendations else "",
            "có {n} kiến nghị đã quá hạn nhưng chưa được trả lời",
        )
    )
    return _sentence("Ban Thanh tra nhân dân", clauses)


def _tasks(f: _Figures) -> str:
    clauses = []
    assigned = f.n("assigned")
    if assigned is not None:
        clauses.append(
            f"đã giao {_num(assigned)} nhiệm vụ" if assigned else "trong kỳ chưa giao nhiệm vụ nào"
        )
    done, on_time = f.n("done"), f.n("done_on_time")
    if done is not None and (assigned or done):
        if done:
            text = f"đã hoàn thành {_num(done)} nhiệm vụ"
            if on_time:
                text += (
                    f", trong đó {_num(on_time)} nhiệm vụ hoàn thành đúng hạn"
                    f"{f.rate('on_time_rate')}"
                )
            elif on_time == 0:
                text += ", không có nhiệm vụ nào hoàn thành đúng hạn"
            clauses.append(text)
            clauses.append(
                _late(
                    f.n("done_late"),
                    "không có nhiệm vụ nào hoàn thành chậm",
                    "{n} nhiệm vụ hoàn thành chậm so với thời hạn",
                )
            )
        else:
            clauses.append("chưa có nhiệm vụ nào hoàn thành")
    clauses.append(
        _late(
            f.n("open_overdue"),
            "không có nhiệm vụ nào quá hạn chưa hoàn thành",
            "còn {n} nhiệm vụ đã quá hạn nhưng chưa hoàn thành",
        )
    )
    return _sentence("Đơn vị", clauses)


def _onestop(f: _Figures) -> str:
    clauses = []
    published, at_desk = f.n("procedures_published"), f.n("procedures_at_desk")
    if published is not None:
        text = (
            f"đã công khai {_num(published)} thủ tục hành chính"
            if published
            else "chưa công khai thủ tục hành chính nào"
        )
        if at_desk:
            text += (
                f" và đưa ra giải quyết theo cơ chế “một cửa” {_num(at_desk)} thủ tục hành chính"
            )
        elif at_desk == 0:
            text += (
                ", trong kỳ chưa có thủ tục hành chính nào có hồ sơ tiếp nhận theo cơ chế “một cửa”"
            )
        clauses.append(text)
    # ``returned`` counts every result handed back in the period, ``returned_of_received``
    # those of the dossiers received in it (the rate's part); the rest are earlier dossiers'.
    received, returned = f.n("received"), f.n("returned")
    of_received = f.n("returned_of_received")
    earlier = (
        returned - (of_received or 0)
        if returned is not None and (of_received is not None or received == 0)
        else None
    )
    if received is not None:
        if received == 0:
            text = "trong kỳ chưa tiếp nhận hồ sơ giải quyết thủ tục hành chính nào"
        elif of_received == received:
            text = (
                f"đã tiếp nhận và trả kết quả {_num(received)} hồ sơ giải quyết thủ tục hành "
                f"chính{f.rate('returned_rate')}"
            )
        else:
            text = f"đã tiếp nhận {_num(received)} hồ sơ giải quyết thủ tục hành chính"
            if of_received:
                text += (
                    f", đã trả kết quả {_num(of_received)} hồ sơ trong số đó"
                    f"{f.rate('returned_rate')}"
                )
            elif of_received == 0:
                text += ", chưa trả kết quả hồ sơ nào trong số đó"
            elif returned is not None:  # which dossiers were returned is not known
                text += f", trong kỳ đã trả kết quả {_num(returned)} hồ sơ"
        late = f.n("late")
        resolved = f.n("resolved")
        if late is not None and (received or resolved or late):
            if late == 0:
                text += ", không có hồ sơ nào giải quyết quá thời hạn"
            else:
                text += f", có {_num(late)} hồ sơ giải quyết quá hạn"
                if f.value("on_time_rate") is not None:
                    text += f" (tỷ lệ giải quyết đúng hạn {f.shown('on_time_rate')})"
        clauses.append(text)
        if earlier:
            clauses.append(
                f"ngoài ra đã trả kết quả {_num(earlier)} hồ sơ của kỳ trước chuyển sang"
                if received
                else f"đã trả kết quả {_num(earlier)} hồ sơ của kỳ trước chuyển sang"
            )
    within, overdue = f.n("in_progress_within"), f.n("in_progress_overdue")
    if within is not None and overdue is not None and within + overdue:
        clauses.append(
            f"đang giải quyết {_num(within + overdue)} hồ sơ, "
            + (
                "tất cả còn trong hạn"
                if overdue == 0
                else f"trong đó {_num(overdue)} hồ sơ đã quá hạn"
            )
        )
    refused = f.n("refused")
    if refused:
        clauses.append(f"từ chối tiếp nhận {_num(refused)} hồ sơ")
    ratings, satisfied = f.n("ratings"), f.n("satisfied")
    if ratings:
        text = f"nhận {_num(ratings)} lượt đánh giá của tổ chức, cá nhân"
        if satisfied:
            text += (
                f", trong đó {_num(satisfied)} lượt hài lòng hoặc chấp nhận được"
                f"{f.rate('satisfied_rate')}"
            )
        elif satisfied == 0:
            text += ", không có lượt nào hài lòng hoặc chấp nhận được"
        clauses.append(text)
    return _sentence("Đơn vị", clauses)


def _reception(f: _Figures) -> str:
    clauses = []
    visits = f.n("visits")
    if visits is not None:
        clauses.append(
            f"đã tiếp {_num(visits)} lượt công dân" if visits else "không có lượt tiếp công dân nào"
        )
    letters = f.n("letters")
    if letters is not None:
        if letters:
            kinds = [
                (f.n("petitions"), "đơn kiến nghị, phản ánh"),
                (f.n("complaints"), "đơn khiếu nại"),
                (f.n("denunciations"), "đơn tố cáo"),
            ]
            shown = [f"{_num(n)} {what}" for n, what in kinds if n]
            text = f"tiếp nhận {_num(letters)} đơn thư"
            if shown:
                text += f", trong đó {', '.join(shown)}"
            clauses.append(text)
            settled = f.n("settled")
            if settled is not None:
                clauses.append(
                    f"đã giải quyết xong {_num(settled)} đơn{f.rate('settled_rate')}"
                    if settled
                    else "chưa giải quyết xong đơn nào"
                )
            if settled:
                clauses.append(
                    _late(
                        f.n("settled_late"),
                        "không có đơn nào giải quyết quá hạn",
                        "có {n} đơn giải quyết quá hạn",
                    )
                )
        else:
            clauses.append("không tiếp nhận đơn thư nào")
    within, overdue = f.n("in_progress_within"), f.n("in_progress_overdue")
    if within is not None and overdue is not None and within + overdue:
        clauses.append(
            f"đang giải quyết {_num(within + overdue)} đơn, "
            + ("tất cả còn trong hạn" if overdue == 0 else f"trong đó {_num(overdue)} đơn quá hạn")
        )
    # The head receives citizens at least one day a month: ``head_days_due`` counts the months
    # of the period with that duty, ``head_days_missed`` those without a reception day.
    days, due, missed = f.n("head_days"), f.n("head_days_due"), f.n("head_days_missed")
    if days is not None and (days or due):
        text = (
            f"người đứng đầu đã tổ chức {_num(days)} ngày tiếp công dân định kỳ"
            if days
            else "người đứng đầu chưa tổ chức ngày tiếp công dân định kỳ nào"
        )
        if due and missed is not None:
            text += (
                f", đủ ngày tiếp trong cả {_num(due)} tháng theo quy định"
                if missed == 0
                else f", có {_num(missed)} trong {_num(due)} tháng không có ngày tiếp công dân "
                "theo quy định"
            )
        clauses.append(text)
    return _sentence("Đơn vị", clauses)


SENTENCES: dict[str, Callable[[_Figures], str]] = {
    "regulations": _regulations,
    "publicity": _publicity,
    "dissemination": _dissemination,
    "consultation": _consultation,
    "conference": _conference,
    "dialogue": _dialogue,
    "board": _board,
    "tasks": _tasks,
    "onestop": _onestop,
    "reception": _reception,
}
