"""The procedure catalogue of the demo Sở Thông tin và Truyền thông."""

from __future__ import annotations

from danchu.onestop.demo.procedures import (
    BAN_TIN,
    DKKD,
    DON,
    GIAY_PHEP_CU,
    ProcedureData,
    certified,
    copy,
    original,
)

BAO_CHI = "Báo chí"
XUAT_BAN = "Xuất bản, In và Phát hành"
BUU_CHINH = "Bưu chính"
VIEN_THONG = "Viễn thông và Internet"
TAN_SO = "Tần số vô tuyến điện"
CNTT = "Công nghệ thông tin, điện tử"
PTTH = "Phát thanh, truyền hình và thông tin điện tử"
TTCS = "Thông tin cơ sở"

LUAT_BAO_CHI = "Luật Báo chí số 103/2016/QH13"
LUAT_XUAT_BAN = "Luật Xuất bản số 19/2012/QH13; Nghị định số 195/2013/NĐ-CP"
HOAT_DONG_IN = "Nghị định số 60/2014/NĐ-CP; Nghị định số 25/2018/NĐ-CP"
LUAT_BUU_CHINH = (
    "Luật Bưu chính số 49/2010/QH12; Nghị định số 47/2011/NĐ-CP; Nghị định số 25/2022/NĐ-CP"
)
LUAT_VIEN_THONG = "Luật Viễn thông số 24/2023/QH15"
INTERNET = f"{LUAT_VIEN_THONG}; Nghị định số 147/2024/NĐ-CP"
LUAT_TAN_SO = "Luật Tần số vô tuyến điện số 42/2009/QH12, sửa đổi bởi Luật số 09/2022/QH15"
DAU_TU_CNTT = "Luật Công nghệ thông tin số 67/2006/QH11; Nghị định số 73/2019/NĐ-CP"

TTTT: list[ProcedureData] = [
    # Báo chí
    ProcedureData(
        "1.003844",
        "Cho phép họp báo (trong nước)",
        BAO_CHI,
        3,
        (
            original("Văn bản thông báo tổ chức họp báo"),
            copy("Nội dung thông cáo báo chí"),
            copy("Danh sách cơ quan báo chí dự kiến mời"),
        ),
        f"{LUAT_BAO_CHI}; Nghị định số 09/2017/NĐ-CP",
        weight=70,
    ),
    ProcedureData(
        "1.003879",
        "Cho phép họp báo (nước ngoài)",
        BAO_CHI,
        3,
        (
            original("Văn bản thông báo tổ chức họp báo"),
            copy("Nội dung thông cáo báo chí (bằng tiếng Việt)"),
        ),
        f"{LUAT_BAO_CHI}; Nghị định số 09/2017/NĐ-CP",
        weight=8,
    ),
    ProcedureData(
        "1.004443",
        "Cấp giấy phép xuất bản bản tin (địa phương)",
        BAO_CHI,
        15,
        (
            original(f"{DON} cấp giấy phép xuất bản bản tin"),
            certified(DKKD),
            original("Sơ yếu lý lịch của người chịu trách nhiệm xuất bản bản tin"),
            original(BAN_TIN),
        ),
        f"{LUAT_BAO_CHI}; Thông tư số 41/2020/TT-BTTTT",
        weight=18,
    ),
    ProcedureData(
        "1.004450",
        "Văn bản chấp thuận thay đổi nội dung ghi trong giấy phép xuất bản bản tin (địa phương)",
        BAO_CHI,
        7,
        (original(f"{DON} thay đổi nội dung giấy phép"), copy(GIAY_PHEP_CU)),
        f"{LUAT_BAO_CHI}; Thông tư số 41/2020/TT-BTTTT",
        weight=8,
        result="VB",
    ),
    ProcedureData(
        "1.004456",
        "Cấp lại giấy phép xuất bản bản tin (địa phương)",
        BAO_CHI,
        7,
        (original(f"{DON} cấp lại giấy phép xuất bản bản tin"), copy(GIAY_PHEP_CU)),
        f"{LUAT_BAO_CHI}; Thông tư số 41/2020/TT-BTTTT",
        weight=4,
    ),
    ProcedureData(
        "1.004470",
        "Trưng bày tranh, ảnh và các hình thức thông tin khác bên ngoài trụ sở cơ quan đại diện"
        " nước ngoài, tổ chức nước ngoài (địa phương)",
        BAO_CHI,
        5,
        (
            original("Văn bản đề nghị trưng bày"),
            copy("Nội dung, hình ảnh dự kiến trưng bày"),
            original("Bản vẽ vị trí, kích thước khu vực trưng bày"),
        ),
        "Nghị định số 72/2015/NĐ-CP",
        weight=3,
        result="VB",
    ),
    # Xuất bản, In và Phát hành
    ProcedureData(
        "1.003725",
        "Cấp giấy phép hoạt động in",
        XUAT_BAN,
        7,
        (
            original(f"{DON} cấp giấy phép hoạt động in"),
            certified(DKKD),
            certified("Giấy tờ chứng minh quyền sử dụng mặt bằng sản xuất"),
            original("Danh mục thiết bị in"),
            certified("Văn bằng của người đứng đầu cơ sở in"),
        ),
        f"{LUAT_XUAT_BAN}; {HOAT_DONG_IN}",
        weight=40,
    ),
    ProcedureData(
        "1.003740",
        "Cấp lại giấy phép hoạt động in",
        XUAT_BAN,
        5,
        (original(f"{DON} cấp lại giấy phép hoạt động in"), copy(GIAY_PHEP_CU)),
        HOAT_DONG_IN,
        weight=10,
    ),
    ProcedureData(
        "1.003752",
        "Đăng ký hoạt động cơ sở in",
        XUAT_BAN,
        5,
        (
            original("Tờ khai đăng ký hoạt động cơ sở in"),
            certified(DKKD),
            original("Danh mục thiết bị in"),
        ),
        HOAT_DONG_IN,
        weight=35,
        applicants="mixed",
        result="XN",
    ),
    ProcedureData(
        "1.003761",
        "Thay đổi thông tin đăng ký hoạt động cơ sở in",
        XUAT_BAN,
        5,
        (
            original("Tờ khai thay đổi thông tin đăng ký hoạt động cơ sở in"),
            copy("Giấy tờ chứng minh nội dung thay đổi"),
        ),
        HOAT_DONG_IN,
        weight=15,
        applicants="mixed",
        result="XN",
    ),
    ProcedureData(
        "1.003789",
        "Cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh",
        XUAT_BAN,
        10,
        (
            original(f"{DON} cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh"),
            original("Danh mục xuất bản phẩm nhập khẩu"),
        ),
        f"{LUAT_XUAT_BAN}; Thông tư số 01/2020/TT-BTTTT",
        weight=45,
        applicants="mixed",
    ),
    ProcedureData(
        "1.003803",
        "Cấp giấy phép xuất bản tài liệu không kinh doanh",
        XUAT_BAN,
        10,
        (
            original(f"{DON} cấp giấy phép xuất bản tài liệu không kinh doanh"),
            original("Bản thảo tài liệu in trên giấy hoặc tệp điện tử", 2),
            certified(DKKD),
        ),
        f"{LUAT_XUAT_BAN}; Thông tư số 01/2020/TT-BTTTT",
        weight=90,
    ),
    ProcedureData(
        "1.003816",
        "Cấp giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
        XUAT_BAN,
        7,
        (
            original("Đơn đăng ký hoạt động phát hành xuất bản phẩm"),
            certified(DKKD),
        ),
        f"{LUAT_XUAT_BAN}; Thông tư số 01/2020/TT-BTTTT",
        weight=20,
        applicants="mixed",
        result="XN",
    ),
    ProcedureData(
        "1.003828",
        "Cấp giấy phép tổ chức triển lãm, hội chợ xuất bản phẩm",
        XUAT_BAN,
        10,
        (
            original(f"{DON} cấp giấy phép tổ chức triển lãm, hội chợ xuất bản phẩm"),
            original("Danh mục xuất bản phẩm tham gia triển lãm, hội chợ"),
            copy("Đề án tổ chức triển lãm, hội chợ"),
        ),
        f"{LUAT_XUAT_BAN}; Thông tư số 01/2020/TT-BTTTT",
        weight=6,
    ),
    ProcedureData(
        "1.003841",
        "Đăng ký sử dụng máy photocopy màu, máy in có chức năng photocopy màu",
        XUAT_BAN,
        3,
        (
            original("Tờ khai đăng ký sử dụng máy photocopy màu"),
            copy("Chứng từ nhập khẩu hoặc hóa đơn mua máy"),
        ),
        HOAT_DONG_IN,
        weight=45,
        applicants="mixed",
        result="XN",
    ),
    # Bưu chính
    ProcedureData(
        "1.004960",
        "Cấp giấy phép bưu chính",
        BUU_CHINH,
        20,
        (
            original(f"{DON} cấp giấy phép bưu chính"),
            certified(DKKD),
            original("Điều lệ tổ chức và hoạt động của doanh nghiệp"),
            original("Phương án kinh doanh"),
            original("Mẫu hợp đồng cung ứng và sử dụng dịch vụ bưu chính"),
        ),
        f"{LUAT_BUU_CHINH}; Thông tư số 291/2016/TT-BTC",
        fee=10_000_000,
        weight=18,
    ),
    ProcedureData(
        "1.004966",
        "Sửa đổi, bổ sung giấy phép bưu chính",
        BUU_CHINH,
        10,
        (
            original(f"{DON} sửa đổi, bổ sung giấy phép bưu chính"),
            copy(GIAY_PHEP_CU),
            copy("Giấy tờ chứng minh nội dung sửa đổi, bổ sung"),
        ),
        LUAT_BUU_CHINH,
        weight=6,
    ),
    ProcedureData(
        "1.004972",
        "Cấp lại giấy phép bưu chính khi hết hạn",
        BUU_CHINH,
        15,
        (
            original(f"{DON} cấp lại giấy phép bưu chính"),
            copy(GIAY_PHEP_CU),
            original("Báo cáo tình hình hoạt động bưu chính trong thời hạn giấy phép"),
        ),
        f"{LUAT_BUU_CHINH}; Thông tư số 291/2016/TT-BTC",
        fee=10_000_000,
        weight=4,
    ),
    ProcedureData(
        "1.004978",
        "Cấp văn bản xác nhận thông báo hoạt động bưu chính",
        BUU_CHINH,
        7,
        (
            original("Thông báo hoạt động bưu chính"),
            certified(DKKD),
            copy("Hợp đồng nhượng quyền thương mại hoặc hợp đồng đại lý (nếu có)"),
        ),
        f"{LUAT_BUU_CHINH}; Thông tư số 291/2016/TT-BTC",
        fee=1_000_000,
        weight=30,
        result="XN",
    ),
    ProcedureData(
        "1.004984",
        "Cấp lại văn bản xác nhận thông báo hoạt động bưu chính khi bị mất hoặc hư hỏng",
        BUU_CHINH,
        5,
        (original(f"{DON} cấp lại văn bản xác nhận"), copy("Văn bản xác nhận đã được cấp")),
        LUAT_BUU_CHINH,
        weight=3,
        result="XN",
    ),
    # Viễn thông và Internet
    ProcedureData(
        "1.005089",
        "Cấp giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử"
        " công cộng",
        VIEN_THONG,
        5,
        (
            original(f"{DON} cấp giấy chứng nhận đủ điều kiện"),
            certified("Giấy chứng nhận đăng ký hộ kinh doanh hoặc doanh nghiệp"),
            certified("Căn cước của chủ điểm cung cấp dịch vụ"),
        ),
        INTERNET,
        weight=30,
        applicants="person",
        result="GCN",
    ),
    ProcedureData(
        "1.005095",
        "Sửa đổi, bổ sung giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò"
        " chơi điện tử công cộng",
        VIEN_THONG,
        5,
        (
            original(f"{DON} sửa đổi, bổ sung giấy chứng nhận"),
            copy("Giấy chứng nhận đã được cấp"),
        ),
        INTERNET,
        weight=8,
        applicants="person",
        result="GCN",
    ),
    ProcedureData(
        "2.001830",
        "Chấp thuận phương án lắp đặt cột ăng-ten thu, phát sóng thông tin di động",
        VIEN_THONG,
        10,
        (
            original("Văn bản đề nghị chấp thuận phương án lắp đặt"),
            original("Bản vẽ thiết kế và vị trí lắp đặt cột ăng-ten"),
            copy("Giấy phép thiết lập mạng viễn thông công cộng"),
            copy("Hợp đồng thuê địa điểm lắp đặt"),
        ),
        f"{LUAT_VIEN_THONG}; Nghị định số 163/2024/NĐ-CP",
        online=False,
        weight=12,
        result="VB",
    ),
    # Tần số vô tuyến điện
    ProcedureData(
        "2.002134",
        "Xác nhận hồ sơ đề nghị cấp giấy phép sử dụng tần số vô tuyến điện cho đài truyền"
        " thanh không dây cấp xã",
        TAN_SO,
        7,
        (
            original("Bản khai đề nghị cấp giấy phép sử dụng tần số vô tuyến điện"),
            copy("Quyết định thành lập đài truyền thanh cấp xã"),
            copy("Tài liệu kỹ thuật của thiết bị phát sóng"),
        ),
        LUAT_TAN_SO,
        online=False,
        weight=3,
        result="XN",
    ),
    ProcedureData(
        "2.002140",
        "Thẩm định phương án sử dụng tần số vô tuyến điện của đài truyền thanh ứng dụng công"
        " nghệ thông tin - viễn thông cấp xã",
        TAN_SO,
        10,
        (
            original("Văn bản đề nghị thẩm định"),
            original("Phương án kỹ thuật sử dụng tần số"),
        ),
        LUAT_TAN_SO,
        online=False,
        weight=2,
        result="VB",
    ),
    # Công nghệ thông tin, điện tử
    ProcedureData(
        "2.001987",
        "Thẩm định thiết kế cơ sở dự án đầu tư ứng dụng công nghệ thông tin sử dụng vốn ngân"
        " sách nhà nước",
        CNTT,
        20,
        (
            original("Tờ trình thẩm định thiết kế cơ sở"),
            original("Báo cáo nghiên cứu khả thi dự án"),
            original("Thuyết minh và bản vẽ thiết kế cơ sở"),
            copy("Quyết định phê duyệt chủ trương đầu tư"),
        ),
        DAU_TU_CNTT,
        online=False,
        weight=6,
        result="TĐ",
    ),
    ProcedureData(
        "2.001993",
        "Thẩm định đề cương và dự toán chi tiết hoạt động ứng dụng công nghệ thông tin sử dụng"
        " kinh phí chi thường xuyên",
        CNTT,
        15,
        (
            original("Tờ trình thẩm định đề cương và dự toán chi tiết"),
            original("Đề cương và dự toán chi tiết"),
            copy("Báo giá thiết bị, phần mềm"),
        ),
        DAU_TU_CNTT,
        online=False,
        weight=10,
        result="TĐ",
    ),
    # Phát thanh, truyền hình và thông tin điện tử
    ProcedureData(
        "1.004587",
        "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
        PTTH,
        10,
        (
            original(f"{DON} cấp giấy phép thiết lập trang thông tin điện tử tổng hợp"),
            certified(DKKD),
            original("Đề án hoạt động có chữ ký, dấu của người đứng đầu tổ chức"),
            copy("Văn bản chấp thuận của các nguồn tin"),
        ),
        INTERNET,
        weight=40,
    ),
    ProcedureData(
        "1.004601",
        "Sửa đổi, bổ sung giấy phép thiết lập trang thông tin điện tử tổng hợp",
        PTTH,
        10,
        (
            original(f"{DON} sửa đổi, bổ sung giấy phép"),
            copy(GIAY_PHEP_CU),
            copy("Giấy tờ chứng minh nội dung sửa đổi, bổ sung"),
        ),
        INTERNET,
        weight=15,
    ),
    ProcedureData(
        "1.004615",
        "Gia hạn giấy phép thiết lập trang thông tin điện tử tổng hợp",
        PTTH,
        7,
        (original(f"{DON} gia hạn giấy phép"), copy(GIAY_PHEP_CU)),
        INTERNET,
        weight=12,
    ),
    ProcedureData(
        "1.004629",
        "Cấp lại giấy phép thiết lập trang thông tin điện tử tổng hợp",
        PTTH,
        5,
        (original(f"{DON} cấp lại giấy phép"), copy("Văn bản giải trình lý do cấp lại")),
        INTERNET,
        weight=4,
    ),
    ProcedureData(
        "1.005263",
        "Cấp giấy phép hoạt động phát thanh, truyền hình của Đài cấp tỉnh",
        PTTH,
        30,
        (
            original(f"{DON} cấp giấy phép hoạt động phát thanh, truyền hình"),
            copy("Quyết định thành lập Đài Phát thanh và Truyền hình"),
            original("Đề án hoạt động phát thanh, truyền hình"),
            original("Sơ yếu lý lịch của người đứng đầu cơ quan"),
            original("Mẫu biểu tượng (lô-gô) của kênh chương trình"),
        ),
        f"{LUAT_BAO_CHI}; Nghị định số 06/2016/NĐ-CP",
        online=False,
        weight=1,
    ),
    ProcedureData(
        "1.005270",
        "Cấp giấy chứng nhận đăng ký thu tín hiệu truyền hình nước ngoài trực tiếp từ vệ tinh",
        PTTH,
        5,
        (
            original("Tờ khai đăng ký thu tín hiệu truyền hình trực tiếp từ vệ tinh"),
            certified(DKKD),
            original("Danh mục kênh chương trình đăng ký thu"),
        ),
        "Nghị định số 06/2016/NĐ-CP",
        weight=8,
        result="GCN",
    ),
    # Thông tin cơ sở
    ProcedureData(
        "2.002205",
        "Thẩm định nội dung bản tin thông tin cơ sở cấp huyện",
        TTCS,
        5,
        (
            original("Văn bản đề nghị thẩm định nội dung bản tin"),
            original("Ma-két bản tin thông tin cơ sở"),
        ),
        "Nghị định số 49/2024/NĐ-CP",
        weight=10,
        result="VB",
    ),
]
