"""The service-quality index of Decision 766/QĐ-TTg (23/06/2022), as far as the unit's own
records can compute it.

The index has 100 points in six groups: transparency 18, progress 20, online service 12,
digitisation 22, satisfaction 18, online payment 10 (group totals confirmed by the published
results of Quảng Nam province, quangnam.gov.vn, which give each group "x/18", "x/20"...). Each
indicator scores ``max points × ratio``. Most indicators are measured on the national public
service portal (online dossiers, digitised results, online payments, synchronisation): this
application does not hold those data, so they are shown as not computable, with no points —
never estimated. The total is therefore partial: points earned out of the points that could be
computed.

Only what is earned counts in the total: an indicator counts when the sources consulted confirm
its points (``points_confirmed``) and the records compute the decision's own formula. An
indicator whose points are a guessed split of its group's total, or which the records compute
only through a stand-in (``proxy_formula``: a different formula, stated on the page), is shown
with its ratio and the points it would give, marked as estimated, outside the total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danchu.core import figures
from danchu.core.figures import Value
from danchu.core.models import Agency
from danchu.core.text import vn_number

DECISION = "Quyết định 766/QĐ-TTg ngày 23/06/2022"
SECTIONS = ("onestop", "reception")


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    name: str  # the decision's Vietnamese name
    max_points: float


GROUPS = [
    Group("CKMB", "Công khai, minh bạch", 18),
    Group("TDGQ", "Tiến độ, kết quả giải quyết", 20),
    Group("DVTT", "Cung cấp dịch vụ trực tuyến", 12),
    Group("TTTT", "Thanh toán trực tuyến", 10),
    Group("MDHL", "Mức độ hài lòng", 18),
    Group("SHHS", "Số hóa hồ sơ", 22),
]


def shown(points: float) -> str:
    """Points the Vietnamese way, with decimals only when there are some: 20; 4,5; 13,33."""
    return vn_number(points, 0 if float(points).is_integer() else 2)


Ratio = Callable[[dict[str, Value]], tuple[int, int]]


def _int(value: Value) -> int:
    """A count figure; a missing section or figure counts as nothing."""
    return int(value) if isinstance(value, int | float) else 0


def _sum(*keys: str) -> Callable[[dict[str, Value]], int]:
    return lambda v: sum((_int(v.get(k)) for k in keys), 0)


def _ratio(
    part: Callable[[dict[str, Value]], int], whole: Callable[[dict[str, Value]], int]
) -> Ratio:
    return lambda v: (part(v), whole(v))


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    group: str
    name: str  # the decision's Vietnamese wording
    max_points: float
    formula: str  # the decision's formula, in Vietnamese
    inputs: tuple[str, ...] = ()  # the figure keys ("<section>.<key>") the ratio reads
    ratio: Ratio | None = None  # None: not computable from the unit's records
    points_confirmed: bool = False
    note: str = ""  # how the unit's records map to the decision's definition
    # The formula really computed, in Vietnamese, when the records only allow a stand-in for
    # the decision's: the points are then an estimate, outside the total.
    proxy_formula: str = ""

    @property
    def computable(self) -> bool:
        return self.ratio is not None

    @property
    def proxy(self) -> bool:
        return bool(self.proxy_formula)

    @property
    def in_total(self) -> bool:
        """Its points, when computed, are earned: confirmed points, the decision's formula."""
        return self.points_confirmed and not self.proxy


INDICATORS: list[Indicator] = [
    # Transparency, 18. "TTHC công bố, công khai đúng hạn" = 4/18 is confirmed (summary of the
    # decision on baocaotaichinh.vn); the date of a procedure's publication decision against the
    # deadline of Decree 63/2010 Art. 15 is not in the catalogue.
    Indicator(
        "CKMB.1",
        "CKMB",
        "Tỷ lệ thủ tục hành chính công bố đúng hạn",
        4,
        "Số TTHC công bố đúng hạn / Tổng số TTHC đã công bố trong kỳ × 100%",
        points_confirmed=True,
    ),
    # Points not confirmed by the sources consulted: 4 of the 14 remaining transparency
    # points is a guess. Not computable: the unit's catalogue holds only the procedures it
    # publishes, and every one of them is received at the one-stop desk (Decree 61/2018), so
    # "procedures at the desk" equals "procedures published" by definition and the ratio would
    # always be 100% — no record shows a published procedure not received at the desk.
    Indicator(
        "CKMB.2",
        "CKMB",
        "Tỷ lệ TTHC được công khai và tiếp nhận tại Bộ phận Một cửa",
        4,
        "Số TTHC công khai được tiếp nhận tại Bộ phận Một cửa / Tổng số TTHC công khai × 100%",
        note="Danh mục TTHC của đơn vị chỉ ghi các thủ tục đã công khai, đều tiếp nhận tại "
        "Bộ phận Một cửa: không có số liệu nào cho thấy thủ tục công khai mà không được tiếp "
        "nhận, nên không tính được tỷ lệ này",
    ),
    # Points not confirmed: the rest of the group (publicity of dossiers and their status on
    # the national portal) — measured on that portal.
    Indicator(
        "CKMB.3",
        "CKMB",
        "Công khai, đồng bộ trạng thái hồ sơ trên Cổng Dịch vụ công quốc gia",
        10,
        "Số hồ sơ được đồng bộ, công khai trạng thái / Tổng số hồ sơ × 100%",
    ),
    # Progress, 20: one indicator, confirmed ("xử lý hồ sơ đúng hạn ... tối đa 20 điểm").
    Indicator(
        "TDGQ.1",
        "TDGQ",
        "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
        20,
        "Số hồ sơ giải quyết trước hạn và đúng hạn / Tổng số hồ sơ đã giải quyết × 100%",
        ("onestop.early", "onestop.on_time", "onestop.resolved"),
        _ratio(_sum("onestop.early", "onestop.on_time"), _sum("onestop.resolved")),
        points_confirmed=True,
    ),
    # Online service, 12; online payment, 10; digitisation, 22: group totals confirmed, the
    # split between their indicators not; all measured on the online portals.
    Indicator(
        "DVTT.1",
        "DVTT",
        "Cung cấp dịch vụ công trực tuyến và tỷ lệ hồ sơ trực tuyến",
        12,
        "Số TTHC cung cấp DVC trực tuyến, số hồ sơ nộp trực tuyến / Tổng số × 100%",
    ),
    Indicator(
        "TTTT.1",
        "TTTT",
        "Thanh toán trực tuyến phí, lệ phí",
        10,
        "Số giao dịch thanh toán trực tuyến / Tổng số hồ sơ có phí, lệ phí × 100%",
    ),
    Indicator(
        "SHHS.1",
        "SHHS",
        "Số hóa hồ sơ, kết quả giải quyết TTHC và tái sử dụng dữ liệu số hóa",
        22,
        "Số hồ sơ, kết quả được số hóa / Tổng số hồ sơ, kết quả × 100%",
    ),
    # Satisfaction, 18: three ratios (the decision's summary). "Hài lòng trong tiếp nhận,
    # giải quyết TTHC" = 6/18 is confirmed; 6 each for the other two is a split of the rest,
    # not confirmed.
    # MDHL.1: the reception section has no timeliness by kind of letter, so the stand-in takes
    # every letter of the period whose time ran out: settled (on time or not) or still open
    # past its deadline — an overdue letter not yet settled counts against the ratio.
    Indicator(
        "MDHL.1",
        "MDHL",
        "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
        6,
        "Tổng số phản ánh, kiến nghị xử lý đúng hoặc trước hạn / Tổng số phản ánh, kiến nghị "
        "thuộc thẩm quyền tiếp nhận, xử lý × 100%",
        ("reception.settled_on_time", "reception.settled", "reception.in_progress_overdue"),
        _ratio(
            _sum("reception.settled_on_time"),
            _sum("reception.settled", "reception.in_progress_overdue"),
        ),
        note="Sổ đơn thư không ghi đúng hạn theo từng loại đơn: tỷ lệ tính trên mọi loại đơn "
        "(kiến nghị, phản ánh, khiếu nại, tố cáo) nhận trong kỳ",
        proxy_formula="Số đơn thư (mọi loại) giải quyết đúng hạn / (Số đơn thư đã giải quyết "
        "+ Số đơn thư đang giải quyết đã quá hạn) × 100%",
    ),
    Indicator(
        "MDHL.2",
        "MDHL",
        "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị",
        6,
        "(Tổng số phản ánh, kiến nghị − Số bị phản hồi không hài lòng hoặc xử lý quá hạn) / "
        "Tổng số phản ánh, kiến nghị × 100%",
    ),
    Indicator(
        "MDHL.3",
        "MDHL",
        "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC",
        6,
        "(Tổng số hồ sơ TTHC − Số hồ sơ không hài lòng hoặc có phản ánh, kiến nghị, quá hạn) / "
        "Tổng số hồ sơ TTHC thuộc thẩm quyền × 100%",
        ("onestop.satisfied", "onestop.ratings"),
        _ratio(_sum("onestop.satisfied"), _sum("onestop.ratings")),
        points_confirmed=True,
        note="Công thức của Quyết định không tính được: phản ánh, kiến nghị về hồ sơ TTHC "
        "không được ghi nhận, và không biết hồ sơ quá hạn nào cũng bị đánh giá không hài "
        "lòng. Tính thay bằng đánh giá của người dân",
        proxy_formula="Số đánh giá hài lòng hoặc chấp nhận được / Tổng số đánh giá × 100%",
    ),
]

NOT_COMPUTABLE = _("cannot be computed from the unit's records")
NO_BASE = _("no record in the period to compute it from")
# Vietnamese: "điểm dự kiến, chưa xác nhận theo Quyết định 766".
ESTIMATED = _("estimated points, not confirmed by Decision 766")


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    indicator: Indicator
    inputs: dict[str, Value]
    part: int | None = None
    whole: int | None = None

    @property
    def computable(self) -> bool:
        return self.indicator.computable

    @property
    def ratio(self) -> float | None:
        """In percent, one decimal; None when not computable or when the base is zero."""
        if self.whole is None:
            return None
        return figures.rate(self.part, self.whole)

    @property
    def points(self) -> float | None:
        if self.whole is None or not self.whole:
            return None
        return round(self.indicator.max_points * (self.part or 0) / self.whole, 2)

    @property
    def points_shown(self) -> str:
        return "" if self.points is None else shown(self.points)

    @property
    def counted(self) -> bool:
        """Part of the total: computed with a base in the period, and earned (confirmed
        points, the decision's own formula)."""
        return self.points is not None and self.indicator.in_total

    @property
    def estimated(self) -> bool:
        """Computed with a base in the period, but only an estimate: outside the total."""
        return self.points is not None and not self.indicator.in_total

    @property
    def status(self) -> str | Promise:
        if not self.computable:
            return NOT_COMPUTABLE
        if self.points is None:
            return NO_BASE
        if self.estimated:
            return ESTIMATED
        return ""

    def as_dict(self) -> dict[str, Any]:
        i = self.indicator
        return {
            "code": i.code,
            "group": i.group,
            "name": i.name,
            "max_points": i.max_points,
            "points_confirmed": i.points_confirmed,
            "formula": i.formula,
            "proxy": i.proxy,
            "computed_formula": i.proxy_formula or i.formula,
            "note": i.note,
            "inputs": self.inputs,
            "computable": self.computable,
            "ratio": self.ratio,
            "points": self.points,
            "counted": self.counted,
            "estimated": self.estimated,
            "status": str(self.status),
        }


@dataclass(slots=True)
class GroupScore:
    group: Group
    items: list[IndicatorScore]

    @property
    def earned(self) -> float:
        return round(sum(i.points or 0 for i in self.items if i.counted), 2)

    @property
    def earned_shown(self) -> str:
        return shown(self.earned)

    @property
    def computable_max(self) -> float:
        return sum(i.indicator.max_points for i in self.items if i.counted)

    @property
    def estimated(self) -> list[IndicatorScore]:
        return [i for i in self.items if i.estimated]


@dataclass(slots=True)
class Score:
    unit: Agency
    start: dt.date
    end: dt.date
    groups: list[GroupScore]

    @property
    def items(self) -> list[IndicatorScore]:
        return [i for g in self.groups for i in g.items]

    @property
    def earned(self) -> float:
        return round(sum(g.earned for g in self.groups), 2)

    @property
    def earned_shown(self) -> str:
        return shown(self.earned)

    @property
    def computable_max(self) -> float:
        return sum(g.computable_max for g in self.groups)

    @property
    def total_max(self) -> float:
        return sum(g.group.max_points for g in self.groups)

    @property
    def partial(self) -> bool:
        return self.computable_max < self.total_max

    @property
    def estimated(self) -> list[IndicatorScore]:
        """Indicators computed as estimates only, outside the total."""
        return [i for i in self.items if i.estimated]

    @property
    def estimated_points(self) -> float:
        return round(sum(i.points or 0 for i in self.estimated), 2)

    @property
    def estimated_points_shown(self) -> str:
        return shown(self.estimated_points)

    @property
    def estimated_label(self) -> Promise:
        return ESTIMATED

    @property
    def estimated_max(self) -> float:
        return sum(i.indicator.max_points for i in self.estimated)

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": {"id": self.unit.pk, "code": self.unit.code, "name": self.unit.name},
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "decision": DECISION,
            "earned": self.earned,
            "computable_max": self.computable_max,
            "total_max": self.total_max,
            "partial": self.partial,
            "estimated": {
                "label": str(ESTIMATED),
                "points": self.estimated_points,
                "max_points": self.estimated_max,
                "indicators": [i.indicator.code for i in self.estimated],
            },
            "groups": [
                {
                    "code": g.group.code,
                    "name": g.group.name,
                    "max_points": g.group.max_points,
                    "earned": g.earned,
                    "computable_max": g.computable_max,
                }
                for g in self.groups
            ],
            "indicators": [i.as_dict() for i in self.items],
        }


def score_indicator(indicator: Indicator, values: dict[str, Value]) -> IndicatorScore:
    inputs = {k: values.get(k) for k in indicator.inputs}
    if indicator.ratio is None:
        return IndicatorScore(indicator, inputs)
    part, whole = indicator.ratio(values)
    return IndicatorScore(indicator, inputs, part, whole)


def unit_score(*, agency: Agency, start: dt.date, end: dt.date) -> Score:
    """The part of the index the records of ``agency``'s organisation compute for
    ``start``–``end`` (both included), from the one-stop and reception sections."""
    org = figures.organisation(agency)
    built = figures.sections(agencies=[org], start=start, end=end, only=SECTIONS)[org.pk]
    values: dict[str, Value] = {
        f"{section.key}.{f.key}": f.value for section in built for f in section.figures
    }
    groups = [
        GroupScore(g, [score_indicator(i, values) for i in INDICATORS if i.group == g.code])
        for g in GROUPS
    ]
    return Score(unit=org, start=start, end=end, groups=groups)
