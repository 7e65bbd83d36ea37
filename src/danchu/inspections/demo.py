"""Demo data of the city's inspections of QCDC, on top of the organisation demo.

The steering committee of Hà Nội keeps a checklist of two criteria per group. Its 2022 plan
holds the two periodic inspections of the seeds — Sở Khoa học và Công nghệ on 21/09/2022 and
Sở Thông tin và Truyền thông on 20/09/2022 — run from announcement to closing: the unit's
self-report (figures computed from its records, prose from the seeds' report paragraphs), a
finding on every criterion, the conclusion from the seeds' concluding paragraphs and its
requirements, each a task led by one person of the department, submitted and accepted. This
year's plan is in progress: a periodic inspection concluded earlier this year with its
requirements still open (one overdue), a periodic one announced for December, and a surprise
inspection started today, led by the committee's login "bcd.hanoi" (so a visitor can record
the remaining findings and conclude), with a draft self-report and findings on some criteria.

Everything goes through the services (audited); earlier records are entered by the system
(``actor=None``) with their dates. Idempotent: the checklist is looked up by code, and a
year's plan is skipped when the committee has one already.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from danchu.core.models import Agency, Membership, Role, User
from danchu.inspections import services
from danchu.inspections.models import (
    Criterion,
    Group,
    Inspection,
    Kind,
    Plan,
    Rating,
    Scoring,
    SelfReport,
)
from danchu.inspections.services import RequirementIn
from danchu.tasks import services as tasks

COMMITTEE = "H26.BCD"
KHCN, TTTT = "000.00.12.H26", "000.00.13.H26"


@dataclass
class DemoResult:
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    created: int = 0


# The checklist: (group, code, title, evidence, scoring, max points, guide).
CHECKLIST: list[tuple[str, str, str, str, str, int, str]] = [
    (
        Group.LEADERSHIP,
        "1.1",
        "Cấp ủy, người đứng đầu ban hành kế hoạch, văn bản lãnh đạo, chỉ đạo thực hiện "
        "Quy chế dân chủ ở cơ sở hằng năm",
        "Nghị quyết, chương trình, kế hoạch thực hiện QCDC của năm; quyết định kiện toàn "
        "Ban Chỉ đạo thực hiện QCDC của cơ quan",
        Scoring.MET,
        5,
        "Đạt: có kế hoạch năm ban hành trong quý I và Ban Chỉ đạo được kiện toàn; đạt một "
        "phần: có kế hoạch nhưng ban hành muộn hoặc Ban Chỉ đạo chưa kiện toàn; không đạt: "
        "không có kế hoạch.",
    ),
    (
        Group.LEADERSHIP,
        "1.2",
        "Phổ biến, quán triệt các văn bản của Trung ương và Thành phố về QCDC tới toàn thể "
        "cán bộ, công chức, viên chức, người lao động",
        "Danh mục văn bản đã phổ biến, hình thức phổ biến, xác nhận đã đọc của cán bộ",
        Scoring.POINTS,
        10,
        "10 điểm khi từ 90% cán bộ xác nhận đã được phổ biến; 7 điểm từ 70% đến dưới 90%; "
        "4 điểm từ 50% đến dưới 70%; 0 điểm dưới 50%.",
    ),
    (
        Group.REGULATIONS,
        "2.1",
        "Ban hành đủ các quy chế nội bộ: quy chế làm việc, quy chế chi tiêu nội bộ, quy chế "
        "quản lý tài sản công, quy chế thực hiện dân chủ trong cơ quan",
        "Các quyết định ban hành quy chế còn hiệu lực",
        Scoring.MET,
        10,
        "Đạt: đủ 4 quy chế còn hiệu lực; đạt một phần: thiếu 1 quy chế; không đạt: thiếu từ "
        "2 quy chế trở lên.",
    ),
    (
        Group.REGULATIONS,
        "2.2",
        "Rà soát, sửa đổi, bổ sung quy chế kịp thời theo văn bản mới của Trung ương và Thành phố",
        "Báo cáo rà soát quy chế hằng năm; quyết định sửa đổi, bổ sung quy chế",
        Scoring.MET,
        5,
        "Đạt: mọi quy chế được rà soát trong 12 tháng qua; đạt một phần: có quy chế quá hạn "
        "rà soát dưới 6 tháng; không đạt: có quy chế quá hạn rà soát từ 6 tháng trở lên.",
    ),
    (
        Group.PUBLICITY,
        "3.1",
        "Công khai đúng hạn, đúng hình thức các nội dung phải công khai theo Luật Thực hiện "
        "dân chủ ở cơ sở",
        "Danh mục nội dung công khai, ảnh niêm yết, đường dẫn trên cổng thông tin nội bộ",
        Scoring.POINTS,
        10,
        "10 điểm khi mọi nội dung được công khai đúng hạn; trừ 2 điểm cho mỗi nội dung công "
        "khai chậm; 0 điểm nếu có nội dung bắt buộc không công khai.",
    ),
    (
        Group.PUBLICITY,
        "3.2",
        "Cung cấp thông tin theo yêu cầu của cán bộ, công chức, viên chức đúng thời hạn",
        "Sổ theo dõi yêu cầu cung cấp thông tin và văn bản trả lời",
        Scoring.MET,
        5,
        "Đạt: mọi yêu cầu được trả lời đúng hạn; đạt một phần: từ 80% đúng hạn; không đạt: "
        "dưới 80%.",
    ),
    (
        Group.CONSULTATION,
        "4.1",
        "Lấy ý kiến cán bộ, công chức, viên chức trước khi quyết định các nội dung phải "
        "tham gia ý kiến",
        "Văn bản lấy ý kiến, bản tổng hợp ý kiến, báo cáo tiếp thu, giải trình",
        Scoring.MET,
        5,
        "Đạt: mọi nội dung thuộc diện phải lấy ý kiến đều được lấy ý kiến đủ thời gian; đạt "
        "một phần: có nội dung lấy ý kiến không đủ thời gian; không đạt: có nội dung không "
        "lấy ý kiến.",
    ),
    (
        Group.CONSULTATION,
        "4.2",
        "Công khai kết quả tiếp thu, giải trình ý kiến đóng góp",
        "Bản tổng hợp tiếp thu, giải trình đã được công khai",
        Scoring.MET,
        5,
        "Đạt: mọi đợt lấy ý kiến có bản tổng hợp được công khai; đạt một phần: từ một nửa số "
        "đợt; không đạt: dưới một nửa.",
    ),
    (
        Group.CONFERENCE,
        "5.1",
        "Tổ chức Hội nghị cán bộ, công chức, viên chức hằng năm đúng thời hạn, đủ thành phần",
        "Kế hoạch tổ chức, biên bản, danh sách đại biểu dự hội nghị",
        Scoring.POINTS,
        10,
        "10 điểm khi tổ chức trước ngày 31/3 và có từ 2/3 số người được triệu tập có mặt; "
        "trừ 3 điểm cho mỗi tháng chậm; 0 điểm nếu không tổ chức.",
    ),
    (
        Group.CONFERENCE,
        "5.2",
        "Ban hành, công khai nghị quyết hội nghị; sơ kết, kiểm điểm việc thực hiện nghị quyết",
        "Nghị quyết hội nghị, văn bản công khai, báo cáo sơ kết 6 tháng",
        Scoring.MET,
        5,
        "Đạt: nghị quyết được công khai và sơ kết đủ kỳ; đạt một phần: thiếu kỳ sơ kết; "
        "không đạt: không có nghị quyết.",
    ),
    (
        Group.DIALOGUE,
        "6.1",
        "Người đứng đầu tổ chức đối thoại định kỳ với cán bộ, công chức, viên chức ít nhất "
        "một lần trong năm",
        "Thông báo, biên bản đối thoại",
        Scoring.MET,
        5,
        "Đạt: có đối thoại định kỳ, có biên bản; đạt một phần: có đối thoại nhưng không có "
        "biên bản; không đạt: không tổ chức.",
    ),
    (
        Group.DIALOGUE,
        "6.2",
        "Trả lời các câu hỏi, kiến nghị tại đối thoại và thực hiện các cam kết",
        "Biên bản đối thoại, văn bản trả lời, theo dõi thực hiện cam kết",
        Scoring.POINTS,
        5,
        "5 điểm khi mọi câu hỏi được trả lời; 3 điểm khi từ 80%; 0 điểm dưới 80%.",
    ),
    (
        Group.BOARD,
        "7.1",
        "Ban Thanh tra nhân dân được bầu, công nhận và có chương trình hoạt động",
        "Biên bản bầu, quyết định công nhận, chương trình công tác năm của Ban",
        Scoring.MET,
        5,
        "Đạt: Ban được bầu, công nhận đúng hạn và có chương trình năm; đạt một phần: thiếu "
        "chương trình; không đạt: chưa bầu Ban.",
    ),
    (
        Group.BOARD,
        "7.2",
        "Kiến nghị của Ban Thanh tra nhân dân được người đứng đầu xem xét, trả lời đúng hạn",
        "Văn bản kiến nghị của Ban và văn bản trả lời của người đứng đầu",
        Scoring.MET,
        5,
        "Đạt: mọi kiến nghị được trả lời đúng hạn; đạt một phần: có kiến nghị trả lời chậm; "
        "không đạt: có kiến nghị không được trả lời.",
    ),
    (
        Group.ONESTOP,
        "8.1",
        "Công khai đầy đủ thủ tục hành chính và đưa ra giải quyết tại Bộ phận một cửa",
        "Danh mục thủ tục hành chính công khai, quyết định công bố, niêm yết tại Bộ phận một cửa",
        Scoring.MET,
        5,
        "Đạt: mọi thủ tục được công khai và tiếp nhận tại Bộ phận một cửa; đạt một phần: "
        "thiếu dưới 10%; không đạt: thiếu từ 10% trở lên.",
    ),
    (
        Group.ONESTOP,
        "8.2",
        "Giải quyết hồ sơ thủ tục hành chính đúng hạn",
        "Thống kê hồ sơ của Bộ phận một cửa, phiếu hẹn, sổ theo dõi hồ sơ",
        Scoring.POINTS,
        10,
        "10 điểm khi mọi hồ sơ đúng hạn; 8 điểm từ 98%; 5 điểm từ 95%; 0 điểm dưới 95%.",
    ),
    (
        Group.RECEPTION,
        "9.1",
        "Người đứng đầu tiếp công dân định kỳ theo quy định",
        "Lịch tiếp công dân, sổ tiếp công dân",
        Scoring.MET,
        5,
        "Đạt: tiếp đủ các ngày theo lịch; đạt một phần: vắng dưới 3 ngày tiếp trong kỳ; "
        "không đạt: vắng từ 3 ngày trở lên.",
    ),
    (
        Group.RECEPTION,
        "9.2",
        "Xử lý, giải quyết đơn kiến nghị, phản ánh, khiếu nại, tố cáo đúng thời hạn",
        "Sổ theo dõi đơn, văn bản xử lý và giải quyết",
        Scoring.POINTS,
        10,
        "10 điểm khi mọi đơn được giải quyết đúng hạn; 7 điểm từ 90%; 4 điểm từ 70%; "
        "0 điểm dưới 70%.",
    ),
    (
        Group.TASKS,
        "10.1",
        "Phân công nhiệm vụ rõ người, rõ việc, rõ trách nhiệm, rõ thời hạn, rõ sản phẩm",
        "Kế hoạch công tác, văn bản giao nhiệm vụ có một đầu mối chủ trì",
        Scoring.MET,
        5,
        "Đạt: mọi nhiệm vụ có một đầu mối và thời hạn; đạt một phần: có nhiệm vụ thiếu thời "
        "hạn; không đạt: giao việc không có đầu mối.",
    ),
    (
        Group.TASKS,
        "10.2",
        "Hoàn thành nhiệm vụ được giao đúng thời hạn",
        "Thống kê theo dõi giao việc, báo cáo kết quả thực hiện nhiệm vụ",
        Scoring.POINTS,
        5,
        "5 điểm khi từ 95% nhiệm vụ hoàn thành đúng hạn; 3 điểm từ 80%; 0 điểm dưới 80%.",
    ),
]

# A requirement: (group, text, who leads it, deadline, submitted on or None when open).
Requirements = list[tuple[str, str, str, dt.date, dt.date | None]]

MET_NOTE = "Đạt yêu cầu; đoàn đã kiểm tra hồ sơ, tài liệu kèm theo báo cáo của đơn vị."

# Findings of the 2022 inspections that are not simply met: code → (rating, note).
FINDINGS_KHCN_2022: dict[str, tuple[str, str]] = {
    "1.1": (
        Rating.MET,
        "Đảng ủy cơ quan ban hành chương trình hành động thực hiện Nghị quyết Đại hội Đảng "
        "các cấp, trong đó có công tác dân vận và thực hiện QCDC; Ban Chỉ đạo QCDC của cơ "
        "quan được kiện toàn.",
    ),
    "2.2": (
        Rating.PARTLY,
        "Quy chế, quy định được bổ sung, sửa đổi kịp thời; tuy nhiên một số tổ chức Đảng trực "
        "thuộc chưa rà soát, cập nhật quy chế theo các văn bản mới của Trung ương và Thành phố.",
    ),
    "6.1": (
        Rating.PARTLY,
        "Có tổ chức đối thoại nhưng sinh hoạt đối thoại dân chủ chưa thường xuyên, biên bản "
        "đối thoại chưa đầy đủ.",
    ),
    "10.1": (
        Rating.MET,
        "Phân công nhiệm vụ theo phương châm 5 rõ và nguyên tắc “Một đầu mối - một việc "
        "xuyên suốt”.",
    ),
}
FINDINGS_TTTT_2022: dict[str, tuple[str, str]] = {
    "1.2": (
        Rating.PARTLY,
        "Đã phổ biến các văn bản về QCDC; việc tuyên truyền bảo vệ nền tảng tư tưởng của Đảng "
        "trên các kênh thông tin do Sở quản lý chưa thường xuyên.",
    ),
    "2.1": (
        Rating.MET,
        "Có đủ quy chế làm việc, quy chế chi tiêu nội bộ, quy chế quản lý tài chính, quy chế "
        "quản lý công sản; các quy chế thường xuyên được rà soát.",
    ),
    "5.1": (
        Rating.PARTLY,
        "Hội nghị cán bộ, công chức được tổ chức hằng năm; chất lượng thảo luận, đóng góp ý "
        "kiến tại hội nghị cần nâng cao.",
    ),
    "7.1": (
        Rating.PARTLY,
        "Ban Thanh tra nhân dân cơ bản hoạt động tích cực nhưng chương trình hoạt động chưa cụ "
        "thể.",
    ),
    "8.1": (
        Rating.MET,
        "Công khai 34 thủ tục hành chính, đưa ra giải quyết theo cơ chế một cửa 34 thủ tục.",
    ),
    "8.2": (
        Rating.MET,
        "Từ 01/01/2021 đến 15/9/2022 tiếp nhận và trả kết quả 8.472 hồ sơ (đạt 100%), không có "
        "hồ sơ quá hạn, không có phản ánh, kiến nghị về việc giải quyết thủ tục hành chính.",
    ),
    "9.2": (
        Rating.MET,
        "Tiếp 26 lượt công dân; tiếp nhận 390 đơn (386 kiến nghị, phản ánh, 3 khiếu nại, 1 tố "
        "cáo), đã xử lý dứt điểm.",
    ),
}

PROSE_KHCN_2022 = {
    "overview": (
        "Ngay sau Đại hội Đảng bộ cơ quan, Đảng ủy cơ quan Sở Khoa học và Công nghệ đã xây "
        "dựng, ban hành chương trình hành động thực hiện Nghị quyết Đại hội Đảng các cấp, "
        "chương trình công tác toàn khóa, trong đó có công tác dân vận và thực hiện Quy chế "
        "dân chủ ở cơ sở. Ban Chỉ đạo thực hiện Quy chế dân chủ của cơ quan luôn quan tâm công "
        "tác chỉ đạo triển khai và tổ chức thực hiện, tập trung phổ biến, tuyên truyền tới "
        "toàn thể đảng viên, công chức, viên chức, người lao động các văn bản của Trung ương "
        "và thành phố về xây dựng và thực hiện Quy chế dân chủ ở cơ sở.\n\n"
        "Việc thực hiện nhiệm vụ chính trị trong 6 tháng đầu năm 2022 gắn với triển khai thực "
        "hiện chủ đề công tác năm 2022: “Kỷ cương, trách nhiệm, hành động, sáng tạo, phát "
        "triển” được Sở quán triệt, triển khai thực hiện nghiêm túc, có chất lượng; nhận thức "
        "của đảng viên, công chức, viên chức, người lao động có nhiều chuyển biến tích cực."
    ),
    "regulations": (
        "Các quy chế, quy định được bổ sung, sửa đổi kịp thời; các tổ chức Đảng và tổ chức "
        "quần chúng được kiện toàn, củng cố, hoạt động có hiệu quả."
    ),
    "tasks": (
        "Việc phân công nhiệm vụ cho các bộ phận, công chức, viên chức thực hiện theo hướng "
        "chuyên môn hóa từng khâu, từng loại công việc theo nguyên tắc “Một đầu mối - một việc "
        "xuyên suốt”, theo phương châm 5 rõ: “Rõ người, rõ việc, rõ trách nhiệm, rõ quy trình, "
        "rõ hiệu quả”, đã làm thay đổi lề lối làm việc, nâng cao ý thức thực thi công vụ."
    ),
    "proposals": (
        "Việc thực hiện Quy chế dân chủ đã tác động tích cực trên nhiều mặt cả về nhận thức, "
        "tư tưởng, trách nhiệm, tổ chức và kỷ luật; không có hiện tượng quan liêu, cửa quyền, "
        "nhũng nhiễu với nhân dân; kỷ cương hành chính được tăng cường, đoàn kết nội bộ được "
        "duy trì, góp phần xây dựng cơ quan trong sạch, vững mạnh. Sở đề nghị Ban Chỉ đạo "
        "Thành phố tiếp tục hướng dẫn việc rà soát quy chế theo các văn bản mới."
    ),
}

PROSE_TTTT_2022 = {
    "overview": (
        "Thực hiện các văn bản chỉ đạo của Trung ương và Thành ủy, việc xây dựng và thực hiện "
        "QCDC ở cơ quan Sở đã được cấp ủy, Ban Chỉ đạo quan tâm lãnh đạo, chỉ đạo, tổ chức "
        "thực hiện."
    ),
    "regulations": (
        "Ban lãnh đạo Sở đã cụ thể hóa việc thực hiện dân chủ bằng việc ban hành hệ thống quy "
        "chế của Sở như: Quy chế làm việc, quy chế chi tiêu nội bộ, quy chế quản lý tài chính, "
        "quy chế quản lý công sản. Nội dung các quy chế của cơ quan thường xuyên được rà soát, "
        "điều chỉnh và cập nhật theo các hướng dẫn mới và phù hợp với điều kiện thực tế của "
        "đơn vị."
    ),
    "conference": (
        "Sở đã tổ chức hội nghị cán bộ, công chức hằng năm nhằm phát huy dân chủ trực tiếp của "
        "cán bộ, công chức; là nơi cán bộ, công chức chia sẻ khó khăn, vướng mắc cùng thủ "
        "trưởng cơ quan nhằm thống nhất biện pháp khắc phục khó khăn, hoàn thành nhiệm vụ chính "
        "trị và xây dựng cơ quan vững mạnh."
    ),
    "board": (
        "Ban Thanh tra Nhân dân cơ quan cơ bản hoạt động tích cực; thực hiện giám sát các hoạt "
        "động bảo đảm quyền và lợi ích hợp pháp của công chức, viên chức và người lao động."
    ),
    "onestop": (
        "Sở đã duy trì hiệu quả hoạt động của Bộ phận tiếp nhận hồ sơ và trả kết quả theo cơ "
        "chế “một cửa”; công khai 34 thủ tục hành chính và đưa ra giải quyết theo cơ chế “một "
        "cửa” 34 thủ tục hành chính. Từ đầu năm 2021 đến hết ngày 15/9/2022, Sở đã tiếp nhận "
        "và trả kết quả 8.472 hồ sơ giải quyết thủ tục hành chính (đạt 100%), không có hồ sơ "
        "nào giải quyết quá thời hạn; không có vụ việc kiến nghị, phản ánh, khiếu nại, tố cáo "
        "về việc giải quyết thủ tục hành chính."
    ),
    "reception": (
        "Sở bố trí địa điểm thuận lợi cho việc tổ chức tiếp công dân, bảo đảm đầy đủ trang "
        "thiết bị, cơ sở vật chất. Từ năm 2021 đến ngày 15/9/2022, Sở đã tiếp 26 lượt công "
        "dân; tiếp nhận 390 đơn thư, trong đó 386 đơn kiến nghị phản ánh, 3 đơn khiếu nại, "
        "1 đơn tố cáo. Đến nay, Sở đã xử lý xong dứt điểm."
    ),
    "proposals": (
        "Sở đề nghị Ban Chỉ đạo Thành phố tiếp tục hướng dẫn, kiểm tra việc thực hiện QCDC "
        "gắn với cải cách hành chính."
    ),
}

CONCLUSION_KHCN_2022 = (
    "Phát biểu kết luận nội dung kiểm tra, Phó Chủ tịch Thường trực UBND thành phố Lê Hồng "
    "Sơn ghi nhận và biểu dương những kết quả đạt được của Sở Khoa học và Công nghệ Hà Nội "
    "trong việc quán triệt, triển khai thực hiện Quy chế dân chủ phù hợp với nhiệm vụ chính "
    "trị của cơ quan.\n\n"
    "Phó Chủ tịch Thường trực UBND thành phố Lê Hồng Sơn yêu cầu Sở tiếp tục quán triệt và "
    "triển khai thực hiện nghiêm túc các nghị quyết, chỉ thị, quy chế, quy định, hướng dẫn "
    "của cấp trên về xây dựng và thực hiện Quy chế dân chủ ở cơ sở; chỉ đạo các tổ chức Đảng "
    "trực thuộc kiểm tra rà soát, bổ sung, hoàn chỉnh hệ thống các quy chế, quy định; đẩy "
    "mạnh sinh hoạt đối thoại dân chủ, đoàn kết tốt, phát huy đầy đủ quyền dân chủ của cán "
    "bộ, công nhân, viên chức để nâng cao chất lượng công tác, góp phần thực hiện thắng lợi "
    "mọi nhiệm vụ được giao."
)

CONCLUSION_TTTT_2022 = (
    "Phát biểu kết luận buổi kiểm tra, Phó Bí thư Thường trực Thành ủy Nguyễn Thị Tuyến ghi "
    "nhận, đánh giá cao những kết quả xây dựng và thực hiện QCDC ở cơ sở của Sở Thông tin và "
    "Truyền thông.\n\n"
    "Sở Thông tin và Truyền thông Hà Nội có chức năng tham mưu, giúp UBND thành phố quản lý "
    "nhà nước về báo chí, xuất bản, bưu chính, viễn thông, công nghệ thông tin, thông tin cơ "
    "sở, hạ tầng thông tin truyền thông. Với địa bàn Hà Nội có dân số đông, địa bàn rộng, sự "
    "phát triển giữa các vùng, địa phương không đồng đều và đang trong quá trình đô thị hóa "
    "nhanh, đòi hỏi Sở phải nỗ lực cố gắng để hoàn thành tốt nhiệm vụ được giao.\n\n"
    "Việc thực hiện QCDC cần được kiểm tra thường xuyên và liên tục, cả định kỳ và đột xuất ở "
    "mọi nơi, mọi cấp nhằm bảo đảm Quy chế được thực hiện một cách tốt nhất."
)

# The requirements of the seeds: (group, text, who leads it, deadline, submitted on).
# Who: "deputy:<n>" (the n-th deputy head), "chief:<unit code suffix>", "union" (the chair).
REQUIREMENTS_KHCN_2022: Requirements = [
    (
        Group.LEADERSHIP,
        "Tiếp tục quán triệt và triển khai thực hiện nghiêm túc các nghị quyết, chỉ thị, quy "
        "chế, quy định, hướng dẫn của cấp trên về xây dựng và thực hiện Quy chế dân chủ ở cơ sở.",
        "deputy:0",
        dt.date(2022, 12, 31),
        dt.date(2022, 12, 20),
    ),
    (
        Group.REGULATIONS,
        "Chỉ đạo các tổ chức Đảng trực thuộc kiểm tra rà soát, bổ sung, hoàn chỉnh hệ thống "
        "các quy chế, quy định để quán triệt thực hiện các văn bản mới của Trung ương và thành "
        "phố bảo đảm chặt chẽ, đầy đủ theo phạm vi, thẩm quyền, trách nhiệm.",
        "chief:VP",
        dt.date(2023, 3, 31),
        dt.date(2023, 3, 24),
    ),
    (
        Group.DIALOGUE,
        "Đẩy mạnh sinh hoạt đối thoại dân chủ giữa người đứng đầu với cán bộ, công chức, viên "
        "chức, người lao động.",
        "deputy:1",
        dt.date(2023, 6, 30),
        dt.date(2023, 6, 15),
    ),
    (
        Group.CONFERENCE,
        "Đoàn kết tốt, phát huy đầy đủ quyền dân chủ của cán bộ, công nhân, viên chức để nâng "
        "cao chất lượng công tác, góp phần thực hiện thắng lợi mọi nhiệm vụ được giao.",
        "union",
        dt.date(2023, 6, 30),
        dt.date(2023, 6, 20),
    ),
]

REQUIREMENTS_TTTT_2022: Requirements = [
    (
        Group.LEADERSHIP,
        "Tiếp tục đẩy mạnh công tác tuyên truyền, giáo dục, quán triệt các quan điểm, chủ "
        "trương của Đảng, các văn bản của Trung ương, thành phố về thực hiện QCDC ở cơ sở; tập "
        "trung đẩy mạnh tuyên truyền bảo vệ nền tảng tư tưởng của Đảng trên các kênh thông tin "
        "tuyên truyền do Sở quản lý.",
        "chief:TTBC",
        dt.date(2022, 12, 31),
        dt.date(2022, 12, 26),
    ),
    (
        Group.LEADERSHIP,
        "Nêu cao vai trò của người đứng đầu các cấp trong thực hiện QCDC; đề cao vai trò, "
        "trách nhiệm, tính tiên phong, gương mẫu của cán bộ, đảng viên.",
        "deputy:1",
        dt.date(2023, 3, 31),
        dt.date(2023, 3, 20),
    ),
    (
        Group.ONESTOP,
        "Tiếp tục đẩy mạnh công tác cải cách hành chính gắn với việc thực hiện QCDC ở cơ sở; "
        "tăng cường giám sát, kiểm tra việc thực hiện cải cách hành chính trong quy trình giải "
        "quyết công việc với các tổ chức, công dân, nhất là các đơn vị thường xuyên phải tiếp "
        "xúc, giải quyết công việc cho nhân dân.",
        "chief:VP.1C",
        dt.date(2023, 6, 30),
        dt.date(2023, 6, 22),
    ),
    (
        Group.BOARD,
        "Nêu cao vai trò của Ban Thanh tra Nhân dân; nâng cao chất lượng hội nghị cán bộ, công "
        "chức trong cơ quan để lắng nghe ý kiến, đóng góp của cán bộ, công chức.",
        "union",
        dt.date(2023, 3, 31),
        dt.date(2023, 3, 10),
    ),
    (
        Group.PUBLICITY,
        "Gắn việc thực hiện QCDC với thực hiện nhiệm vụ chính trị ở cơ quan; chú trọng nâng cao "
        "chất lượng công tác thông tin tuyên truyền để nâng cao nhận thức của cán bộ, công "
        "chức, Nhân dân, nhất là thông tin về các chính sách, luật pháp liên quan trực tiếp "
        "đến đời sống.",
        "deputy:2",
        dt.date(2023, 6, 30),
        dt.date(2023, 6, 26),
    ),
]


def load_demo() -> DemoResult:
    result = DemoResult()
    committee = Agency.objects.filter(code=COMMITTEE).first()
    units = {a.code: a for a in Agency.objects.filter(code__in=[KHCN, TTTT])}
    members = _members(committee) if committee is not None else []
    if committee is None or len(units) < 2 or len(members) < 5:
        return result  # the organisation demo was not loaded
    with transaction.atomic():
        criteria = _checklist(committee, result)
        if not Plan.objects.filter(agency=committee, year=2022).exists():
            _year_2022(committee, units, members, criteria)
            result.created += 1
    year = timezone.localdate().year
    if year > 2022 and not Plan.objects.filter(agency=committee, year=year).exists():
        with transaction.atomic():
            _this_year(committee, units, members, criteria, year)
            result.created += 1
    return result


def _members(committee: Agency) -> list[User]:
    """The committee's members, its chair ("bcd.hanoi") first."""
    rows = (
        Membership.objects.active(timezone.localdate())
        .filter(agency=committee, role=Role.STEERING_MEMBER)
        .select_related("person")
    )
    return sorted((m.person for m in rows), key=lambda p: p.username)


def _checklist(committee: Agency, result: DemoResult) -> dict[str, Criterion]:
    found = {c.code: c for c in Criterion.objects.filter(agency=committee)}
    for group, code, title, evidence, scoring, points, guide in CHECKLIST:
        if code in found:
            continue
        found[code] = services.criterion_create(
            actor=None,
            committee=committee,
            group=group,
            code=code,
            title=title,
            evidence=evidence,
            scoring=scoring,
            max_points=points,
            guide=guide,
        )
        result.created += 1
    return found


def _head(unit: Agency) -> User:
    return Membership.objects.active(timezone.localdate()).get(agency=unit, role=Role.HEAD).person


def _who(unit: Agency, key: str) -> User:
    """A named person of the department: a deputy head, a division's chief or the union's
    chair."""
    rows = Membership.objects.active(timezone.localdate()).select_related("person")
    if key == "union":
        return rows.get(
            agency=unit, role=Role.UNION_EXECUTIVE, position="Chủ tịch Công đoàn"
        ).person
    kind, _sep, arg = key.partition(":")
    if kind == "deputy":
        deputies = rows.filter(agency=unit, role=Role.DEPUTY_HEAD).order_by("person__username")
        return list(deputies)[int(arg)].person
    chief = rows.filter(
        agency__code=f"{unit.code}.{arg}", role__in=[Role.DIVISION_HEAD, Role.HEAD]
    ).first()
    assert chief is not None, key
    return chief.person


def _find(
    inspection: Inspection,
    criteria: dict[str, Criterion],
    leader: User,
    notes: dict[str, tuple[str, str]],
    codes: list[str] | None = None,
) -> None:
    for code in codes if codes is not None else list(criteria):
        criterion = criteria[code]
        rating, note = notes.get(code, (Rating.MET, MET_NOTE))
        points = None
        if criterion.scoring == Scoring.POINTS:
            shares: dict[str, float] = {Rating.MET: 1.0, Rating.PARTLY: 0.6, Rating.NOT_MET: 0.0}
            share = shares[rating]
            points = round(criterion.max_points * share)
        services.finding_record(
            actor=leader,
            inspection=inspection,
            criterion=criterion,
            rating=rating,
            note=note,
            points=points,
        )


def _report(inspection: Inspection, prose: dict[str, str], submitted_on: dt.date | None) -> None:
    report = SelfReport.objects.get(inspection=inspection)
    keys = set(services.prose_keys(report))
    report = services.self_report_edit(
        actor=None, report=report, prose={k: v for k, v in prose.items() if k in keys}
    )
    if submitted_on is not None:
        services.self_report_submit(actor=None, report=report, on=submitted_on)


def _conclude(
    inspection: Inspection,
    conclusion: str,
    number: str,
    requirements: Requirements,
    on: dt.date,
) -> Inspection:
    unit = inspection.agency
    return services.inspection_conclude(
        actor=None,
        inspection=inspection,
        conclusion=conclusion,
        conclusion_number=number,
        requirements=[
            RequirementIn(text=text, lead=_who(unit, who), due_on=due, group=group)
            for group, text, who, due, _done in requirements
        ],
        on=on,
    )


def _follow_up(inspection: Inspection, requirements: Requirements) -> None:
    """Each lead reports the requirement done on its day; the head accepts it that day."""
    for req, (_group, _text, _who_key, _due, done) in zip(
        inspection.requirements.select_related("task").order_by("number"),
        requirements,
        strict=True,
    ):
        if done is None:
            continue
        task = tasks.task_submit(
            actor=None,  # earlier records, dated as they happened
            task=req.task,
            note="Đã triển khai thực hiện; báo cáo kết quả và tài liệu kèm theo.",
            on=done,
        )
        tasks.task_accept(actor=None, task=task, quality="good", on=done)


@dataclass
class Visit:
    """One inspection of the past as it happened."""

    unit: Agency
    leader: User
    members: list[User]
    day: dt.date
    period: tuple[dt.date, dt.date]
    prose: dict[str, str]
    submitted_on: dt.date
    findings: dict[str, tuple[str, str]]
    conclusion: str
    number: str
    requirements: Requirements
    concluded_on: dt.date
    closed_on: dt.date | None = None


def _create(plan: Plan, visit: Visit, on: dt.date) -> Inspection:
    return services.inspection_create(
        actor=None,
        plan=plan,
        unit=visit.unit,
        kind=Kind.PERIODIC,
        scheduled_on=visit.day,
        period_start=visit.period[0],
        period_end=visit.period[1],
        leader=visit.leader,
        members=visit.members,
        scope_note="Kiểm tra việc xây dựng và thực hiện Quy chế dân chủ ở cơ sở.",
        on=on,
    )


def _run(inspection: Inspection, visit: Visit, criteria: dict[str, Criterion]) -> None:
    """Announced two weeks before, the self-report submitted, started on its day, a finding
    on every criterion, concluded, the requirements followed up and (if told) closed."""
    announced = visit.day - dt.timedelta(days=14)
    services.inspection_announce(actor=None, inspection=inspection, on=announced)
    _report(inspection, visit.prose, visit.submitted_on)
    services.inspection_start(actor=None, inspection=inspection, on=visit.day)
    _find(inspection, criteria, visit.leader, visit.findings)
    inspection = _conclude(
        inspection, visit.conclusion, visit.number, visit.requirements, visit.concluded_on
    )
    _follow_up(inspection, visit.requirements)
    if visit.closed_on is not None:
        services.inspection_close(actor=None, inspection=inspection, on=visit.closed_on)


def _year_2022(
    committee: Agency,
    units: dict[str, Agency],
    members: list[User],
    criteria: dict[str, Criterion],
) -> None:
    decided = dt.date(2022, 3, 15)
    plan = services.plan_create(
        actor=None,
        committee=committee,
        year=2022,
        title="Kế hoạch kiểm tra việc thực hiện Quy chế dân chủ ở cơ sở năm 2022",
        decision_number="125/KH-BCĐ",
        decision_date=decided,
    )
    # Sở TT&TT: the seed does not give the date of the inspection; 20/09/2022 is assumed
    # (the day before Sở KH&CN's). The seed's speaker, the standing deputy secretary of the
    # city Party committee Nguyễn Thị Tuyến, is named in the conclusion; the delegation is
    # led by a member of the demo committee. Its figures run from 01/01/2021 to 15/09/2022.
    tttt = Visit(
        unit=units[TTTT],
        leader=members[2],
        members=[members[3]],
        day=dt.date(2022, 9, 20),
        period=(dt.date(2021, 1, 1), dt.date(2022, 9, 15)),
        prose=PROSE_TTTT_2022,
        submitted_on=dt.date(2022, 9, 16),
        findings=FINDINGS_TTTT_2022,
        conclusion=CONCLUSION_TTTT_2022,
        number="44/TB-BCĐ",
        requirements=REQUIREMENTS_TTTT_2022,
        concluded_on=dt.date(2022, 9, 27),
        closed_on=dt.date(2023, 7, 14),
    )
    # Sở KH&CN, 21/09/2022 (the seed's date), concluded by the city People's Committee's
    # standing vice-chairman Lê Hồng Sơn (named in the conclusion); the seed speaks of the
    # first 6 months of 2022.
    khcn = Visit(
        unit=units[KHCN],
        leader=members[1],
        members=[members[4]],
        day=dt.date(2022, 9, 21),
        period=(dt.date(2022, 1, 1), dt.date(2022, 6, 30)),
        prose=PROSE_KHCN_2022,
        submitted_on=dt.date(2022, 9, 14),
        findings=FINDINGS_KHCN_2022,
        conclusion=CONCLUSION_KHCN_2022,
        number="45/TB-BCĐ",
        requirements=REQUIREMENTS_KHCN_2022,
        concluded_on=dt.date(2022, 9, 28),
        closed_on=dt.date(2023, 7, 10),
    )
    visits = [(_create(plan, v, decided), v) for v in (tttt, khcn)]
    services.plan_approve(actor=None, plan=plan, on=decided)
    for inspection, visit in visits:
        _run(inspection, visit, criteria)


FINDINGS_THIS_YEAR: dict[str, tuple[str, str]] = {
    "2.2": (
        Rating.MET,
        "Quy chế thực hiện dân chủ trong hoạt động của cơ quan đã được rà soát theo Luật Thực "
        "hiện dân chủ ở cơ sở năm 2022.",
    ),
    "4.2": (
        Rating.PARTLY,
        "Có lấy ý kiến cán bộ, công chức đối với dự thảo quy chế nhưng chưa công khai bản tổng "
        "hợp tiếp thu, giải trình.",
    ),
    "6.1": (
        Rating.PARTLY,
        "Đối thoại định kỳ năm nay chưa được tổ chức; mới có kế hoạch đối thoại quý IV.",
    ),
}

CONCLUSION_THIS_YEAR = (
    "Đoàn kiểm tra ghi nhận Sở đã quan tâm lãnh đạo, chỉ đạo việc thực hiện Quy chế dân chủ "
    "ở cơ sở gắn với nhiệm vụ chính trị; hệ thống quy chế cơ bản đầy đủ; công tác cải cách "
    "hành chính, tiếp công dân được duy trì nền nếp.\n\n"
    "Đề nghị Sở khắc phục những hạn chế đã chỉ ra: rà soát Quy chế thực hiện dân chủ trong "
    "hoạt động của cơ quan; công khai kết quả tiếp thu, giải trình ý kiến cán bộ, công chức; "
    "tổ chức đối thoại định kỳ giữa người đứng đầu với cán bộ, công chức và báo cáo kết quả "
    "về Ban Chỉ đạo Thành phố."
)

SURPRISE_FINDINGS: dict[str, tuple[str, str]] = {
    "1.1": (Rating.MET, "Có kế hoạch thực hiện QCDC năm nay ban hành trong quý I."),
    "3.1": (
        Rating.PARTLY,
        "Một số nội dung phải công khai (kết quả thi đua, khen thưởng quý III) niêm yết chậm "
        "so với quy định.",
    ),
    "8.2": (
        Rating.MET,
        "Đoàn kiểm tra ngẫu nhiên 20 hồ sơ tại Bộ phận một cửa: đều giải quyết đúng hạn.",
    ),
    "9.1": (Rating.MET, "Giám đốc Sở tiếp công dân đủ các ngày theo lịch."),
}


def _this_year(
    committee: Agency,
    units: dict[str, Agency],
    members: list[User],
    criteria: dict[str, Criterion],
    year: int,
) -> None:
    """This year's plan, in progress. Dates are chosen from today so that the story holds
    whenever the demo is loaded in the second half of the year (all within the year)."""
    today = timezone.localdate()
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    decided = min(dt.date(year, 1, 15), today)
    plan = services.plan_create(
        actor=None,
        committee=committee,
        year=year,
        title=f"Kế hoạch kiểm tra việc thực hiện Quy chế dân chủ ở cơ sở năm {year}",
        decision_number="12/KH-BCĐ",
        decision_date=decided,
    )
    # A periodic inspection of Sở TT&TT concluded earlier this year, requirements open.
    day = min(max(jan1 + dt.timedelta(days=45), today - dt.timedelta(days=120)), today)
    concluded = min(day + dt.timedelta(days=7), today)
    unit = units[TTTT]
    earlier = Visit(
        unit=unit,
        leader=members[3],
        members=[members[1]],
        day=day,
        period=(jan1, max(jan1, day - dt.timedelta(days=15))),
        prose={
            "overview": (
                "Sở tiếp tục quán triệt, triển khai Luật Thực hiện dân chủ ở cơ sở và các văn "
                "bản hướng dẫn; kiện toàn Ban Chỉ đạo thực hiện QCDC của cơ quan; các quy chế "
                "nội bộ được rà soát, cập nhật."
            ),
            "proposals": "Đề nghị Ban Chỉ đạo Thành phố tổ chức tập huấn về Luật năm 2022.",
        },
        submitted_on=max(jan1, day - dt.timedelta(days=3)),
        findings=FINDINGS_THIS_YEAR,
        conclusion=CONCLUSION_THIS_YEAR,
        number="18/TB-BCĐ",
        requirements=[
            (
                Group.REGULATIONS,
                "Rà soát, sửa đổi Quy chế thực hiện dân chủ trong hoạt động của cơ quan theo "
                "Luật Thực hiện dân chủ ở cơ sở năm 2022 và Nghị định số 59/2023/NĐ-CP.",
                "chief:VP",
                concluded + dt.timedelta(days=30),
                min(concluded + dt.timedelta(days=20), today),  # done
            ),
            (
                Group.CONSULTATION,
                "Công khai bản tổng hợp tiếp thu, giải trình ý kiến đóng góp của cán bộ, công "
                "chức đối với các dự thảo quy chế đã lấy ý kiến.",
                "deputy:1",
                concluded + (today - concluded) // 2,  # overdue
                None,
            ),
            (
                Group.DIALOGUE,
                "Tổ chức đối thoại giữa Giám đốc Sở với cán bộ, công chức, trả lời đầy đủ các "
                "câu hỏi, kiến nghị và công khai kết quả.",
                "union",
                today + dt.timedelta(days=40),  # in progress
                None,
            ),
        ],
        concluded_on=concluded,
    )
    first = _create(plan, earlier, decided)
    # A periodic inspection of Sở KH&CN in December, announced two weeks before (or today).
    december = min(max(dt.date(year, 12, 10), today + dt.timedelta(days=1)), dec31)
    coming = Visit(
        unit=units[KHCN],
        leader=members[4],
        members=[members[2]],
        day=december,
        period=(jan1, min(dt.date(year, 11, 30), december)),
        prose={},
        submitted_on=december,
        findings={},
        conclusion="",
        number="",
        requirements=[],
        concluded_on=december,
    )
    second = _create(plan, coming, decided)
    services.plan_approve(actor=None, plan=plan, on=min(decided + dt.timedelta(days=5), today))
    _run(first, earlier, criteria)
    services.inspection_announce(
        actor=None, inspection=second, on=min(today, december - dt.timedelta(days=14))
    )
    # A surprise inspection of Sở TT&TT started today, led by the committee's login
    # "bcd.hanoi": the unit drafts its report, the delegation has recorded a few findings.
    leader = members[0]
    surprise = services.inspection_create(
        actor=None,
        plan=plan,
        unit=unit,
        kind=Kind.SURPRISE,
        scheduled_on=today,
        period_start=jan1,
        period_end=today,
        leader=leader,
        members=[members[4]],
        scope_note=(
            "Kiểm tra đột xuất việc công khai thông tin và giải quyết thủ tục hành chính "
            "theo phản ánh của cán bộ, công chức."
        ),
        on=today,
    )
    services.inspection_start(actor=leader, inspection=surprise)
    head = _head(unit)
    services.self_report_edit(
        actor=head,
        report=SelfReport.objects.get(inspection=surprise),
        prose={
            "overview": (
                "Sở đang tổng hợp báo cáo việc công khai thông tin và giải quyết thủ tục hành "
                "chính từ đầu năm đến nay theo yêu cầu của Đoàn kiểm tra."
            )
        },
    )
    _find(surprise, criteria, leader, SURPRISE_FINDINGS, codes=list(SURPRISE_FINDINGS))
