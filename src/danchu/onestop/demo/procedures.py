"""How the demo catalogues are written: a procedure's record, its documents, its five steps."""

from __future__ import annotations

from dataclasses import dataclass

from danchu.core.models import Role
from danchu.onestop.models import CopyKind, StepUnit
from danchu.onestop.services import DocumentSpec, StepSpec


@dataclass(frozen=True)
class ProcedureData:
    code: str
    name: str
    field: str
    deadline_days: int
    documents: tuple[DocumentSpec, ...]
    legal_bases: str
    fee: int = 0
    online: bool = True
    # Relative share of the department's dossiers, and who applies: "person", "organisation"
    # or "mixed"; ``result`` is the symbol of the result document ("GP-STTTT": 12/GP-STTTT).
    weight: int = 10
    applicants: str = "organisation"
    result: str = "GP"


def original(name: str, copies: int = 1) -> DocumentSpec:
    return DocumentSpec(name, copies, CopyKind.ORIGINAL)


def copy(name: str) -> DocumentSpec:
    return DocumentSpec(name, 1, CopyKind.COPY)


def certified(name: str) -> DocumentSpec:
    return DocumentSpec(name, 1, CopyKind.CERTIFIED)


def process(deadline_days: int) -> list[StepSpec]:
    """Receipt and return take half a day each, the division head and the director half a day
    up to a few days; appraisal takes the rest, so that the total is the legal deadline and
    every step's allotment, rounded up to working days, adds up to it too."""
    division_days = 1 if deadline_days <= 10 else 2 if deadline_days <= 20 else 3
    head_days = 1 if deadline_days <= 15 else 2
    appraisal = deadline_days - division_days - head_days
    if appraisal < 1:
        raise ValueError(f"a deadline of {deadline_days} working days is too short")
    return [
        StepSpec("Tiếp nhận hồ sơ", Role.ONESTOP_OFFICER, 4, StepUnit.HOURS),
        StepSpec("Thẩm định hồ sơ", Role.HANDLING_OFFICER, appraisal, StepUnit.WORKING_DAYS),
        StepSpec(
            "Lãnh đạo phòng xem xét", Role.DIVISION_HEAD, 8 * division_days - 4, StepUnit.HOURS
        ),
        StepSpec("Lãnh đạo Sở ký duyệt", Role.HEAD, 8 * head_days - 4, StepUnit.HOURS),
        StepSpec("Trả kết quả", Role.ONESTOP_OFFICER, 4, StepUnit.HOURS),
    ]


# Papers that procedures of both departments ask for.
DON = "Đơn đề nghị"
DKKD = "Giấy chứng nhận đăng ký doanh nghiệp hoặc quyết định thành lập"
BAN_TIN = "Mẫu trình bày tên gọi và măng-sét bản tin"
GIAY_PHEP_CU = "Giấy phép đã được cấp"
HANG_HOA = "Danh mục sản phẩm, hàng hóa kèm theo"
