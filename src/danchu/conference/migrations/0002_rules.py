"""The conference's rules in force: quorum and majorities (vote rules) and its clocks (the
6-monthly review of the resolution, the interval of periodic dialogues), with the rules of
Decree 04/2015 in force before Law 10/2022 so that the conferences of 2016–2023 are judged by
their own law. A later rule is a new row, never an edit here."""

import datetime as dt

from django.db import migrations

LAW10 = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"
DECREE04 = "Nghị định 04/2015/NĐ-CP; Thông tư 01/2016/TT-BNV"
D2023 = dt.date(2023, 7, 1)
D2015 = dt.date(2015, 5, 1)
UNTIL = dt.date(2023, 6, 30)

# (code, applies to, base, comparator, numerator, denominator, basis, article, from, to)
VOTE_RULES = [
    ("conference.quorum", "Hội nghị CBCCVC hợp lệ (số người dự)", "summoned", "ge", 2, 3,
     LAW10, "Điều 50", D2023, None),
    ("conference.quorum", "Hội nghị CBCCVC hợp lệ (số người dự)", "summoned", "ge", 2, 3,
     DECREE04, "Điều 8", D2015, UNTIL),
    ("conference.decision", "Quyết định, nghị quyết của Hội nghị CBCCVC", "present", "gt", 1, 2,
     LAW10, "Điều 50", D2023, None),
    ("conference.decision", "Quyết định, nghị quyết của Hội nghị CBCCVC", "present", "gt", 1, 2,
     DECREE04, "Điều 8", D2015, UNTIL),
    ("board.election", "Trúng cử thành viên Ban Thanh tra nhân dân", "valid", "gt", 1, 2,
     LAW10, "Điều 60", D2023, None),
    ("board.election", "Trúng cử thành viên Ban Thanh tra nhân dân", "valid", "gt", 1, 2,
     DECREE04, "Điều 8", D2015, UNTIL),
    ("conference.slips", "Lấy ý kiến bằng phiếu khi triệu tập lần hai không đủ số lượng",
     "summoned", "gt", 1, 2, LAW10, "Điều 50.2", D2023, None),
    ("conference.request", "Đề nghị tổ chức Hội nghị CBCCVC bất thường", "summoned", "ge", 1, 3,
     LAW10, "Điều 49", D2023, None),
]

WD, CD, MO = "working_days", "calendar_days", "months"
# (code, applies to, length, unit, start event, basis, article, from, to)
CLOCK_RULES = [
    ("conference.resolution_review", "Sơ kết, đánh giá việc thực hiện nghị quyết Hội nghị CBCCVC",
     6, MO, "Ngày thông qua nghị quyết (hoặc kỳ đánh giá trước)", LAW10, "Điều 52", D2023, None),
    ("conference.resolution_review", "Sơ kết, đánh giá việc thực hiện nghị quyết Hội nghị CBCCVC",
     6, MO, "Ngày thông qua nghị quyết (hoặc kỳ đánh giá trước)", DECREE04, "Điều 8", D2015,
     UNTIL),
    ("dialogue.interval", "Đối thoại định kỳ giữa người đứng đầu và CBCCVC (quy chế đơn vị có "
     "thể quy định ngắn hơn)", 12, MO, "Ngày tổ chức đối thoại lần trước", LAW10, "Điều 59, 63",
     D2023, None),
    ("conference.annual", "Tổ chức Hội nghị CBCCVC hằng năm", 3, MO, "Ngày kết thúc năm công tác",
     DECREE04, "Điều 8", D2015, UNTIL),
    ("board.term", "Nhiệm kỳ của Ban Thanh tra nhân dân", 24, MO, "Ngày bầu Ban Thanh tra nhân dân",
     DECREE04, "Điều 8", D2015, UNTIL),
    ("board.union_recognition", "Công đoàn công nhận kết quả bầu Ban Thanh tra nhân dân", 5, WD,
     "Ngày bầu Ban Thanh tra nhân dân", DECREE04, "Điều 8", D2015, UNTIL),
]


def load(apps, schema_editor):
    VoteRule = apps.get_model("conference", "VoteRule")
    ClockRule = apps.get_model("core", "ClockRule")
    for code, applies, base, cmp, num, den, basis, article, start, end in VOTE_RULES:
        VoteRule.objects.get_or_create(
            code=code, agency=None, effective_from=start,
            defaults=dict(applies_to=applies, base=base, comparator=cmp, numerator=num,
                          denominator=den, legal_basis=basis, article=article, effective_to=end),
        )
    for code, applies, length, unit, event, basis, article, start, end in CLOCK_RULES:
        ClockRule.objects.get_or_create(
            code=code, agency=None, effective_from=start,
            defaults=dict(applies_to=applies, length=length, unit=unit, start_event=event,
                          legal_basis=basis, article=article, effective_to=end),
        )


def unload(apps, schema_editor):
    apps.get_model("conference", "VoteRule").objects.filter(agency=None).delete()
    ClockRule = apps.get_model("core", "ClockRule")
    for code, *_rest, start, _end in CLOCK_RULES:
        ClockRule.objects.filter(agency=None, code=code, effective_from=start).delete()


class Migration(migrations.Migration):
    dependencies = [("conference", "0001_initial"), ("oversight", "0002_board_term_rule")]
    operations = [migrations.RunPython(load, unload)]
