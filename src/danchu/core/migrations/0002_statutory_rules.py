"""The statutory clock rules listed in the product brief, before and after 1 July 2026.

Rules are data: a later law is a new row with its own effective date, never an edit here.
"""

import datetime as dt

from django.db import migrations

LAW10 = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"
DECREE59 = "Nghị định 59/2023/NĐ-CP"
LAW42 = "Luật Tiếp công dân số 42/2013/QH13"
LAW02 = "Luật Khiếu nại số 02/2011/QH13"
LAW25 = "Luật Tố cáo số 25/2018/QH14"
REFORM = "Luật 136/2025/QH15; Nghị định 155/2026/NĐ-CP"
D2023 = dt.date(2023, 7, 1)
D2014 = dt.date(2014, 7, 1)
D2012 = dt.date(2012, 7, 1)
D2019 = dt.date(2019, 1, 1)
D2026 = dt.date(2026, 7, 1)

WD, CD, MO = "working_days", "calendar_days", "months"

# (code, applies to, length, unit, start event, pausable, max ext, ext length, basis, article,
#  from, to)
RULES = [
    ("publication.deadline", "Công khai nội dung tới CBCCVC", 5, WD,
     "Ngày ban hành quyết định, văn bản", False, 0, 0, LAW10, "Điều 46–48", D2023, None),
    ("publication.posting_min", "Thời gian đăng trên cổng thông tin nội bộ (tối thiểu)", 20, CD,
     "Ngày đăng", False, 0, 0, LAW10, "Điều 46–48", D2023, None),
    ("conference.annual", "Tổ chức Hội nghị CBCCVC hằng năm", 3, MO,
     "Ngày kết thúc năm công tác", False, 0, 0, LAW10, "Điều 50–52", D2023, None),
    ("board.union_recognition", "Công đoàn công nhận kết quả bầu Ban Thanh tra nhân dân", 5, WD,
     "Ngày bầu Ban Thanh tra nhân dân", False, 0, 0, DECREE59, "Điều 20–23", D2023, None),
    ("board.inspection_notice", "Thông báo trước khi Ban Thanh tra nhân dân kiểm tra (tối thiểu)",
     5, WD, "Ngày gửi thông báo", False, 0, 0, DECREE59, "Điều 20–23", D2023, None),
    ("board.recommendation_answer", "Người đứng đầu trả lời kiến nghị của Ban Thanh tra nhân dân",
     15, CD, "Ngày nhận kiến nghị", False, 0, 0, DECREE59, "Điều 20–23", D2023, None),
    ("reception.answer", "Trả lời kiến nghị, phản ánh khi tiếp công dân", 10, WD,
     "Ngày tiếp nhận", False, 0, 0, LAW42, "Điều 28", D2014, None),
    ("complaint.filing_limit", "Thời hiệu khiếu nại", 90, CD,
     "Ngày nhận được hoặc biết được quyết định, hành vi hành chính", True, 0, 0, LAW02, "Điều 9",
     D2012, None),
    ("complaint.acceptance", "Thụ lý giải quyết khiếu nại", 10, CD, "Ngày nhận được đơn", False,
     0, 0, LAW02, "Điều 27", D2012, dt.date(2026, 6, 30)),
    ("complaint.acceptance", "Thụ lý giải quyết khiếu nại", 7, WD, "Ngày nhận được đơn", False,
     0, 0, REFORM, "", D2026, None),
    ("complaint.first_instance", "Giải quyết khiếu nại lần đầu", 30, CD, "Ngày thụ lý", True, 0,
     0, LAW02, "Điều 28", D2012, None),
    ("complaint.first_instance.complex", "Giải quyết khiếu nại lần đầu — vụ việc phức tạp", 45,
     CD, "Ngày thụ lý", True, 0, 0, LAW02, "Điều 28", D2012, None),
    ("complaint.first_instance.remote", "Giải quyết khiếu nại lần đầu — vùng sâu, vùng xa", 45,
     CD, "Ngày thụ lý", True, 0, 0, LAW02, "Điều 28", D2012, None),
    ("complaint.first_instance.remote_complex",
     "Giải quyết khiếu nại lần đầu — vùng sâu, vùng xa, vụ việc phức tạp", 60, CD, "Ngày thụ lý",
     True, 0, 0, LAW02, "Điều 28", D2012, None),
    ("complaint.second_instance", "Giải quyết khiếu nại lần hai", 45, CD, "Ngày thụ lý", True, 0,
     0, LAW02, "Điều 37", D2012, None),
    ("complaint.second_instance.complex", "Giải quyết khiếu nại lần hai — vụ việc phức tạp", 60,
     CD, "Ngày thụ lý", True, 0, 0, LAW02, "Điều 37", D2012, None),
    ("complaint.second_instance.remote", "Giải quyết khiếu nại lần hai — vùng sâu, vùng xa", 60,
     CD, "Ngày thụ lý", True, 0, 0, LAW02, "Điều 37", D2012, None),
    ("complaint.second_instance.remote_complex",
     "Giải quyết khiếu nại lần hai — vùng sâu, vùng xa, vụ việc phức tạp", 70, CD, "Ngày thụ lý",
     True, 0, 0, LAW02, "Điều 37", D2012, None),
    ("denunciation.initial", "Xử lý ban đầu thông tin tố cáo", 7, WD, "Ngày nhận được tố cáo",
     False, 0, 0, LAW25, "Điều 24", D2019, None),
    ("denunciation.initial.multi_place",
     "Xử lý ban đầu thông tin tố cáo — cần xác minh ở nhiều địa điểm", 10, WD,
     "Ngày nhận được tố cáo", False, 0, 0, LAW25, "Điều 24", D2019, None),
    ("denunciation.forward", "Chuyển tố cáo không thuộc thẩm quyền", 5, WD,
     "Ngày nhận được tố cáo", False, 0, 0, LAW25, "Điều 24", D2019, None),
    ("denunciation.resolve", "Giải quyết tố cáo (gia hạn 1 lần nếu phức tạp, 2 lần nếu đặc biệt "
     "phức tạp, mỗi lần bằng quyết định)", 30, CD, "Ngày thụ lý tố cáo", True, 2, 30, LAW25,
     "Điều 30", D2019, None),
    ("denunciation.publish_conclusion", "Công khai kết luận nội dung tố cáo", 7, WD,
     "Ngày ban hành kết luận", False, 0, 0, LAW25, "", D2019, None),
]


def load(apps, schema_editor):
    ClockRule = apps.get_model("core", "ClockRule")
    for (code, applies_to, length, unit, start, pausable, max_ext, ext_len, basis, article,
         since, until) in RULES:
        ClockRule.objects.get_or_create(
            code=code, agency=None, effective_from=since,
            defaults=dict(applies_to=applies_to, length=length, unit=unit, start_event=start,
                          pausable=pausable, max_extensions=max_ext, extension_length=ext_len,
                          legal_basis=basis, article=article, effective_to=until),
        )


def unload(apps, schema_editor):
    ClockRule = apps.get_model("core", "ClockRule")
    ClockRule.objects.filter(agency=None, code__in={r[0] for r in RULES}).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
