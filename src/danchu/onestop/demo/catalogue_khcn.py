"""The procedure catalogue of the demo Sở Khoa học và Công nghệ."""

from __future__ import annotations

from danchu.onestop.demo.procedures import (
    DKKD,
    DON,
    GIAY_PHEP_CU,
    HANG_HOA,
    ProcedureData,
    certified,
    copy,
    original,
)

KHCN = "Hoạt động khoa học và công nghệ"
TDC = "Tiêu chuẩn đo lường chất lượng"
SHTT = "Sở hữu trí tuệ"
CGCN = "Chuyển giao công nghệ"
ATBX = "An toàn bức xạ và hạt nhân"

LUAT_KHCN = "Luật Khoa học và Công nghệ số 29/2013/QH13; Nghị định số 08/2014/NĐ-CP"
LUAT_TIEU_CHUAN = "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật số 68/2006/QH11"
LUAT_CHAT_LUONG = "Luật Chất lượng sản phẩm, hàng hóa số 05/2007/QH12"
LUAT_SHTT = "Luật Sở hữu trí tuệ số 50/2005/QH11 (sửa đổi, bổ sung năm 2009, 2019, 2022)"
LUAT_CGCN = "Luật Chuyển giao công nghệ số 07/2017/QH14; Nghị định số 76/2018/NĐ-CP"
LUAT_NLNT = "Luật Năng lượng nguyên tử số 18/2008/QH12; Nghị định số 142/2020/NĐ-CP"

KHCN_PROCEDURES: list[ProcedureData] = [
    ProcedureData(
        "1.002622",
        "Cấp giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
        KHCN,
        15,
        (
            original("Đơn đăng ký hoạt động khoa học và công nghệ"),
            copy("Quyết định thành lập tổ chức khoa học và công nghệ"),
            original("Điều lệ tổ chức và hoạt động"),
            original("Hồ sơ nhân lực khoa học và công nghệ"),
        ),
        f"{LUAT_KHCN}; Thông tư số 298/2016/TT-BTC",
        fee=3_000_000,
        weight=20,
        result="GCN",
    ),
    ProcedureData(
        "1.002631",
        "Thay đổi, bổ sung, cấp lại giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
        KHCN,
        10,
        (
            original(f"{DON} thay đổi, bổ sung, cấp lại giấy chứng nhận"),
            copy("Giấy chứng nhận đã được cấp"),
        ),
        f"{LUAT_KHCN}; Thông tư số 298/2016/TT-BTC",
        fee=1_500_000,
        weight=12,
        result="GCN",
    ),
    ProcedureData(
        "1.002640",
        "Cấp giấy chứng nhận doanh nghiệp khoa học và công nghệ",
        KHCN,
        7,
        (
            original(f"{DON} cấp giấy chứng nhận doanh nghiệp khoa học và công nghệ"),
            certified(DKKD),
            original("Phương án sản xuất, kinh doanh sản phẩm hình thành từ kết quả KH&CN"),
            copy("Văn bằng bảo hộ hoặc quyết định công nhận kết quả KH&CN"),
        ),
        "Nghị định số 13/2019/NĐ-CP",
        weight=8,
        result="GCN",
    ),
    ProcedureData(
        "1.001138",
        "Đăng ký công bố hợp chuẩn dựa trên kết quả chứng nhận hợp chuẩn của tổ chức chứng nhận",
        TDC,
        5,
        (
            original("Bản công bố hợp chuẩn"),
            copy("Giấy chứng nhận hợp chuẩn do tổ chức chứng nhận cấp"),
            copy(HANG_HOA),
        ),
        f"{LUAT_TIEU_CHUAN}; Thông tư số 183/2016/TT-BTC",
        fee=150_000,
        weight=45,
        result="TB",
    ),
    ProcedureData(
        "1.001150",
        "Đăng ký công bố hợp quy đối với sản phẩm, hàng hóa thuộc trách nhiệm quản lý của"
        " Bộ Khoa học và Công nghệ",
        TDC,
        5,
        (
            original("Bản công bố hợp quy"),
            copy("Giấy chứng nhận hợp quy hoặc kết quả thử nghiệm"),
            copy(HANG_HOA),
        ),
        f"{LUAT_TIEU_CHUAN}; Thông tư số 183/2016/TT-BTC",
        fee=150_000,
        weight=40,
        result="TB",
    ),
    ProcedureData(
        "1.001162",
        "Kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu thuộc trách nhiệm quản lý của"
        " Bộ Khoa học và Công nghệ",
        TDC,
        3,
        (
            original("Bản đăng ký kiểm tra chất lượng hàng hóa nhập khẩu"),
            copy("Hợp đồng, hóa đơn, vận đơn, tờ khai hàng hóa nhập khẩu"),
            copy("Giấy chứng nhận hợp quy hoặc chứng thư giám định"),
        ),
        f"{LUAT_CHAT_LUONG}; Nghị định số 74/2018/NĐ-CP",
        weight=30,
        result="TB",
    ),
    ProcedureData(
        "1.001174",
        "Chứng nhận chuẩn đo lường để kiểm định, hiệu chuẩn, thử nghiệm phương tiện đo",
        TDC,
        10,
        (
            original(f"{DON} chứng nhận chuẩn đo lường"),
            copy("Danh mục chuẩn đo lường đề nghị chứng nhận"),
            copy("Giấy chứng nhận hiệu chuẩn của chuẩn đo lường"),
        ),
        "Luật Đo lường số 04/2011/QH13; Nghị định số 105/2016/NĐ-CP",
        fee=1_800_000,
        online=False,
        weight=6,
        result="GCN",
    ),
    ProcedureData(
        "1.002411",
        "Cho phép sử dụng địa danh, dấu hiệu chỉ nguồn gốc địa lý để đăng ký nhãn hiệu tập"
        " thể, nhãn hiệu chứng nhận",
        SHTT,
        15,
        (
            original("Văn bản đề nghị cho phép sử dụng địa danh"),
            copy("Quy chế sử dụng nhãn hiệu tập thể, nhãn hiệu chứng nhận"),
            copy("Mẫu nhãn hiệu"),
        ),
        LUAT_SHTT,
        online=False,
        weight=3,
        result="VB",
    ),
    ProcedureData(
        "1.002423",
        "Hỗ trợ kinh phí đăng ký bảo hộ quyền sở hữu công nghiệp",
        SHTT,
        15,
        (
            original(f"{DON} hỗ trợ kinh phí"),
            copy("Văn bằng bảo hộ hoặc thông báo chấp nhận đơn hợp lệ"),
            copy("Chứng từ nộp phí, lệ phí"),
        ),
        f"{LUAT_SHTT}; Quyết định của UBND Thành phố về chương trình phát triển tài sản trí tuệ",
        online=False,
        weight=6,
        result="QĐ",
    ),
    ProcedureData(
        "1.000421",
        "Cấp giấy chứng nhận đăng ký chuyển giao công nghệ",
        CGCN,
        5,
        (
            original("Văn bản đề nghị đăng ký chuyển giao công nghệ"),
            certified("Hợp đồng chuyển giao công nghệ"),
            copy("Danh mục tài liệu công nghệ, máy móc, thiết bị kèm theo"),
        ),
        f"{LUAT_CGCN}; Thông tư số 169/2016/TT-BTC",
        fee=5_000_000,
        weight=6,
        result="GCN",
    ),
    ProcedureData(
        "1.000434",
        "Sửa đổi, bổ sung giấy chứng nhận đăng ký chuyển giao công nghệ",
        CGCN,
        5,
        (
            original("Văn bản đề nghị sửa đổi, bổ sung"),
            certified("Hợp đồng sửa đổi, bổ sung"),
            copy("Giấy chứng nhận đã được cấp"),
        ),
        LUAT_CGCN,
        weight=2,
        result="GCN",
    ),
    ProcedureData(
        "1.000447",
        "Có ý kiến về công nghệ đối với dự án đầu tư sử dụng công nghệ hạn chế chuyển giao",
        CGCN,
        15,
        (
            original("Văn bản đề nghị có ý kiến về công nghệ"),
            original("Giải trình về công nghệ của dự án"),
            copy("Hồ sơ đề xuất dự án đầu tư"),
        ),
        LUAT_CGCN,
        online=False,
        weight=3,
        result="VB",
    ),
    ProcedureData(
        "1.003251",
        "Cấp giấy phép tiến hành công việc bức xạ - sử dụng thiết bị X-quang chẩn đoán trong y tế",
        ATBX,
        15,
        (
            original(f"{DON} cấp giấy phép tiến hành công việc bức xạ"),
            copy("Giấy chứng nhận kiểm định thiết bị X-quang"),
            copy("Báo cáo đánh giá an toàn bức xạ"),
            copy("Chứng chỉ nhân viên bức xạ của người phụ trách an toàn"),
        ),
        f"{LUAT_NLNT}; Thông tư số 287/2016/TT-BTC",
        fee=2_000_000,
        online=False,
        weight=25,
    ),
    ProcedureData(
        "1.003262",
        "Gia hạn giấy phép tiến hành công việc bức xạ - sử dụng thiết bị X-quang chẩn đoán"
        " trong y tế",
        ATBX,
        10,
        (
            original(f"{DON} gia hạn giấy phép"),
            copy(GIAY_PHEP_CU),
            copy("Giấy chứng nhận kiểm định thiết bị X-quang còn hiệu lực"),
        ),
        f"{LUAT_NLNT}; Thông tư số 287/2016/TT-BTC",
        fee=1_000_000,
        online=False,
        weight=15,
    ),
    ProcedureData(
        "1.003274",
        "Cấp chứng chỉ nhân viên bức xạ cho người phụ trách an toàn cơ sở X-quang chẩn đoán"
        " trong y tế",
        ATBX,
        10,
        (
            original(f"{DON} cấp chứng chỉ nhân viên bức xạ"),
            copy("Văn bằng chuyên môn"),
            copy("Giấy chứng nhận đào tạo an toàn bức xạ"),
        ),
        f"{LUAT_NLNT}; Thông tư số 287/2016/TT-BTC",
        fee=200_000,
        weight=10,
        applicants="person",
        result="CC",
    ),
]
