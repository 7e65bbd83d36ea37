"""Made-up applicants of the demo: people and organisations, their IDs, addresses, channels."""

from __future__ import annotations

import random
from dataclasses import dataclass

from danchu.core.demo import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M
from danchu.onestop.demo.procedures import ProcedureData
from danchu.onestop.models import ApplicantKind, Channel

# Companies and public bodies that apply, per field: "{b}" is a brand, "{d}" a district.
ORGANISATIONS = {
    "Báo chí": ["Công ty Cổ phần Truyền thông {b}", "Công ty TNHH Sự kiện {b}", "Hội {b}"],
    "Xuất bản, In và Phát hành": [
        "Công ty TNHH In {b}",
        "Công ty Cổ phần In và Bao bì {b}",
        "Công ty Cổ phần Sách {b}",
        "Công ty TNHH Văn hóa và Truyền thông {b}",
        "Trường Đại học {b}",
    ],
    "Bưu chính": [
        "Công ty TNHH Chuyển phát nhanh {b}",
        "Công ty Cổ phần Giao nhận {b}",
        "Công ty TNHH Logistics {b}",
    ],
    "Viễn thông và Internet": [
        "Công ty Cổ phần Hạ tầng Viễn thông {b}",
        "Công ty TNHH Giải trí số {b}",
    ],
    "Tần số vô tuyến điện": ["Ủy ban nhân dân xã {d}"],
    "Công nghệ thông tin, điện tử": [
        "Ủy ban nhân dân {d}",
        "Trung tâm Y tế {d}",
        "Văn phòng Đăng ký đất đai chi nhánh {d}",
    ],
    "Phát thanh, truyền hình và thông tin điện tử": [
        "Công ty Cổ phần Truyền thông số {b}",
        "Công ty TNHH Khách sạn {b}",
        "Công ty Cổ phần Công nghệ và Truyền thông {b}",
    ],
    "Thông tin cơ sở": ["Trung tâm Văn hóa - Thông tin và Thể thao {d}"],
    "Hoạt động khoa học và công nghệ": [
        "Viện Nghiên cứu Ứng dụng Công nghệ {b}",
        "Trung tâm Nghiên cứu và Phát triển {b}",
        "Công ty Cổ phần Công nghệ {b}",
    ],
    "Tiêu chuẩn đo lường chất lượng": [
        "Công ty TNHH Sản xuất và Thương mại {b}",
        "Công ty Cổ phần Thiết bị Điện {b}",
        "Công ty Cổ phần Vật liệu Xây dựng {b}",
        "Công ty TNHH Thực phẩm {b}",
    ],
    "Sở hữu trí tuệ": ["Hợp tác xã Nông nghiệp {d}", "Công ty TNHH {b}"],
    "Chuyển giao công nghệ": ["Công ty Cổ phần Cơ khí {b}", "Công ty TNHH Công nghệ {b}"],
    "An toàn bức xạ và hạt nhân": [
        "Phòng khám Đa khoa {b}",
        "Bệnh viện Đa khoa {b}",
        "Công ty TNHH Nha khoa {b}",
    ],
}
BRANDS = [
    "Hà Thành",
    "Thăng Long",
    "Sông Hồng",
    "Đông Đô",
    "Kinh Bắc",
    "Hồng Hà",
    "Việt Á",
    "Minh Phát",
    "An Khang",
    "Tân Việt",
    "Phú Gia",
    "Hoàng Long",
    "Đại Việt",
    "Bình Minh",
    "Nam Tiến",
    "Trường Thành",
    "Sao Việt",
    "Hưng Thịnh",
    "Phương Đông",
    "Ánh Dương",
    "Tràng An",
    "Hồ Gươm",
    "Đại Phát",
    "Thành Đạt",
    "Quốc Tế Việt",
]
DISTRICTS = [
    "Ba Đình",
    "Hoàn Kiếm",
    "Tây Hồ",
    "Long Biên",
    "Cầu Giấy",
    "Đống Đa",
    "Hai Bà Trưng",
    "Hoàng Mai",
    "Thanh Xuân",
    "Hà Đông",
    "Đông Anh",
    "Gia Lâm",
    "Thanh Trì",
    "Sóc Sơn",
    "Mê Linh",
    "Hoài Đức",
    "Ba Vì",
]
STREETS = [
    "Trần Duy Hưng",
    "Xuân Thủy",
    "Láng Hạ",
    "Tây Sơn",
    "Bà Triệu",
    "Minh Khai",
    "Nguyễn Trãi",
    "Giải Phóng",
    "Nguyễn Văn Cừ",
    "Quang Trung",
    "Phạm Hùng",
    "Lạc Long Quân",
    "Kim Mã",
    "Hàng Bài",
    "Cao Lỗ",
]


@dataclass
class Applicant:
    kind: str
    name: str
    id_number: str
    phone: str
    address: str


def _applicant(rng: random.Random, data: ProcedureData, year: int) -> Applicant:
    person = data.applicants == "person" or (data.applicants == "mixed" and rng.random() < 0.4)
    phone = rng.choice(["09", "03", "08", "07"]) + f"{rng.randrange(10**8):08d}"
    street, ward = rng.choice(STREETS), rng.choice(DISTRICTS)
    # Hà Nội has no districts since the 2025 reform: old addresses name the district.
    place = f"phường {ward}" if year >= 2025 else f"quận {ward}"
    address = f"Số {rng.randint(1, 300)} {street}, {place}, Hà Nội"
    if person:
        female = rng.random() < 0.5
        name = " ".join(
            [
                rng.choice(FAMILY),
                rng.choice(MIDDLE_F if female else MIDDLE_M),
                rng.choice(GIVEN_F if female else GIVEN_M),
            ]
        )
        # Citizen ID: province 001 (Hà Nội), sex and century, year of birth, six digits.
        born = rng.randint(1960, 2003)
        century = (0 if born < 2000 else 2) + (1 if female else 0)
        number = f"001{century}{born % 100:02d}{rng.randrange(10**6):06d}"
        return Applicant(ApplicantKind.PERSON, name, number, phone, address)
    template = rng.choice(ORGANISATIONS[data.field])
    name = template.format(b=rng.choice(BRANDS), d=rng.choice(DISTRICTS))
    tax_code = f"01{rng.randrange(10**8):08d}"  # Hà Nội tax codes start with 01
    return Applicant(ApplicantKind.ORGANISATION, name, tax_code, phone, address)


def _channel(rng: random.Random, data: ProcedureData) -> str:
    draw = rng.random()
    if data.online:
        return Channel.ONLINE if draw < 0.55 else Channel.POST if draw > 0.95 else Channel.IN_PERSON
    return Channel.POST if draw < 0.12 else Channel.IN_PERSON
