"""The Decision 766/QĐ-TTg score: each computable indicator is max × ratio of the unit's
figures; what the records cannot compute is shown as such, with no points; indicators whose
points are not confirmed, or computed through a stand-in formula, are estimates outside the
total; the total is partial and says so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.text import capfirst

from danchu.core import figures
from danchu.core.figures import Section
from danchu.onestop.models import Dossier
from danchu.reports import score as scoring
from danchu.reports.score import GROUPS, INDICATORS, score_indicator, unit_score
from tests.reports.test_city import _overdue_dossier

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
needs_onestop = pytest.mark.skipif(
    "onestop" not in {r.key for r in figures.registered()},
    reason="the one-stop section builder is not registered yet",
)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2025, 4, 15, 10, 0, tzinfo=HCM), tick=False):
        yield


def _indicator(code: str) -> scoring.Indicator:
    return next(i for i in INDICATORS if i.code == code)


def test_the_index_has_100_points_in_its_six_groups():
    assert {g.code: g.max_points for g in GROUPS} == {
        "CKMB": 18,
        "TDGQ": 20,
        "DVTT": 12,
        "TTTT": 10,
        "MDHL": 18,
        "SHHS": 22,
    }
    # Only these indicators' points are confirmed by the sources consulted; the others' are a
    # guessed split of their group's total and never count in the total.
    confirmed = {i.code: i.max_points for i in INDICATORS if i.points_confirmed}
    assert confirmed == {"CKMB.1": 4, "TDGQ.1": 20, "MDHL.3": 6}
    for g in GROUPS:
        assert sum(p for c, p in confirmed.items() if c.startswith(g.code)) <= g.max_points
    for i in INDICATORS:
        assert i.in_total == (i.points_confirmed and not i.proxy)
    codes = [i.code for i in INDICATORS]
    assert len(codes) == len(set(codes))


def test_only_confirmed_indicators_computed_by_the_decision_s_formula_count():
    counted = {i.code for i in INDICATORS if i.in_total and i.computable}
    assert counted == {"TDGQ.1"}
    estimated = {i.code for i in INDICATORS if not i.in_total and i.computable}
    assert estimated == {"MDHL.1", "MDHL.3"}
    for code in estimated:
        assert _indicator(code).proxy_formula  # the formula really computed is stated


def test_an_indicator_scores_its_maximum_times_its_ratio():
    progress = score_indicator(
        _indicator("TDGQ.1"),
        {"onestop.early": 30, "onestop.on_time": 60, "onestop.resolved": 100},
    )
    assert (progress.part, progress.whole, progress.ratio, progress.points) == (90, 100, 90.0, 18)
    assert progress.inputs == {"onestop.early": 30, "onestop.on_time": 60, "onestop.resolved": 100}
    assert progress.counted and not progress.estimated and progress.status == ""


def test_letters_on_time_count_the_overdue_letters_not_yet_settled_and_are_an_estimate():
    letters = score_indicator(
        _indicator("MDHL.1"),
        {
            "reception.settled_on_time": 3,
            "reception.settled": 4,
            "reception.in_progress_overdue": 2,
            "reception.in_progress_within": 5,  # time not yet run out: not in the base
        },
    )
    assert (letters.part, letters.whole, letters.ratio, letters.points) == (3, 6, 50.0, 3.0)
    assert letters.estimated and not letters.counted
    assert str(letters.status) == str(scoring.ESTIMATED)
    assert "mọi loại" in _indicator("MDHL.1").proxy_formula
    assert "đang giải quyết đã quá hạn" in _indicator("MDHL.1").proxy_formula


def test_the_satisfaction_stand_in_states_its_formula_and_is_not_counted():
    rated = score_indicator(_indicator("MDHL.3"), {"onestop.satisfied": 2, "onestop.ratings": 3})
    assert rated.points == 4.0 and rated.estimated and not rated.counted
    assert _indicator("MDHL.3").proxy_formula.startswith("Số đánh giá hài lòng")


def test_procedures_at_the_desk_are_not_computable_as_they_equal_those_published():
    item = score_indicator(
        _indicator("CKMB.2"),
        {"onestop.procedures_at_desk": 7, "onestop.procedures_published": 7},
    )
    assert not item.computable and item.points is None and item.inputs == {}


def _fake_sections(values: dict[str, int]):
    def sections(*, agencies, start, end, only=()):
        built: dict[str, Section] = {}
        for name, value in values.items():
            key, figure = name.split(".")
            built.setdefault(key, Section(key, key)).add(figure, figure, value)
        return {a.pk: list(built.values()) for a in agencies}

    return sections


ESTIMATES = {
    "onestop.early": 1,
    "onestop.on_time": 0,
    "onestop.resolved": 2,
    "onestop.ratings": 4,
    "onestop.satisfied": 4,
    "onestop.procedures_published": 5,
    "onestop.procedures_at_desk": 5,
    "reception.settled_on_time": 1,
    "reception.settled": 1,
    "reception.in_progress_overdue": 1,
}


def test_estimates_stay_outside_the_total(cast, monkeypatch):
    monkeypatch.setattr(scoring.figures, "sections", _fake_sections(ESTIMATES))
    result = unit_score(agency=cast.a.unit, start=START, end=END)
    assert (result.earned, result.computable_max) == (10.0, 20)
    satisfaction = next(g for g in result.groups if g.group.code == "MDHL")
    assert (satisfaction.earned, satisfaction.computable_max) == (0, 0)
    assert [i.indicator.code for i in result.estimated] == ["MDHL.1", "MDHL.3"]
    assert (result.estimated_points, result.estimated_max) == (9.0, 12)
    data = result.as_dict()
    assert data["earned"] == 10.0 and data["computable_max"] == 20
    assert data["estimated"]["indicators"] == ["MDHL.1", "MDHL.3"]
    items = {i["code"]: i for i in data["indicators"]}
    assert items["MDHL.3"]["counted"] is False and items["MDHL.3"]["estimated"] is True
    assert items["MDHL.3"]["points"] == 6.0
    assert items["CKMB.2"]["computable"] is False and items["CKMB.2"]["points"] is None


def test_the_page_shows_the_estimates_on_a_line_of_their_own(cast, client, monkeypatch):
    monkeypatch.setattr(scoring.figures, "sections", _fake_sections(ESTIMATES))
    client.force_login(cast.a.head)
    response = client.get(reverse("reports:score", kwargs={"unit": cast.a.unit.pk}), PERIOD)
    page = response.content.decode()
    assert 'data-earned="10.0" data-computable-max="20"' in page
    assert 'id="estimated" data-estimated-points="9.0" data-estimated-max="12"' in page
    assert capfirst(str(scoring.ESTIMATED)) in page
    assert 'data-points="MDHL.3" data-estimated="yes"' in page
    assert 'data-proxy="MDHL.3"' in page and 'data-proxy="MDHL.1"' in page
    assert 'id="indicator-CKMB.2" data-computable="no"' in page


def test_a_computable_indicator_without_a_base_gets_no_points_and_is_not_counted():
    empty = score_indicator(_indicator("TDGQ.1"), {"onestop.resolved": 0})
    assert empty.computable and not empty.counted
    assert empty.points is None and empty.ratio is None


def test_what_the_records_cannot_compute_has_no_points():
    for code in ("CKMB.1", "CKMB.2", "CKMB.3", "DVTT.1", "TTTT.1", "SHHS.1", "MDHL.2"):
        item = score_indicator(_indicator(code), {"onestop.resolved": 10})
        assert not item.computable and item.points is None and item.inputs == {}
        assert str(item.status) == str(scoring.NOT_COMPUTABLE)


@needs_onestop
def test_the_score_of_a_unit_is_computed_from_its_records(cast):
    early, late, _open = (_overdue_dossier(cast) for _ in range(3))
    Dossier.objects.filter(pk=early.pk).update(
        state="approved", resolved_on=dt.date(2025, 3, 5), timeliness="early"
    )
    Dossier.objects.filter(pk=late.pk).update(
        state="approved", resolved_on=dt.date(2025, 3, 20), timeliness="late"
    )
    result = unit_score(agency=cast.a.division, start=START, end=END)
    assert result.unit == cast.a.unit
    progress = next(i for i in result.items if i.indicator.code == "TDGQ.1")
    assert progress.inputs == {"onestop.early": 1, "onestop.on_time": 0, "onestop.resolved": 2}
    assert progress.points == 10.0
    assert result.earned == sum(i.points or 0 for i in result.items)
    assert result.computable_max == sum(i.indicator.max_points for i in result.items if i.counted)
    assert result.partial and result.total_max == 100


@needs_onestop
def test_the_page_shows_formula_inputs_points_and_what_is_not_computable(cast, client):
    early = _overdue_dossier(cast)
    Dossier.objects.filter(pk=early.pk).update(
        state="approved", resolved_on=dt.date(2025, 3, 5), timeliness="on_time"
    )
    client.force_login(cast.a.head)
    response = client.get(reverse("reports:score", kwargs={"unit": cast.a.unit.pk}), PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="indicator-TDGQ.1" data-computable="yes"' in page
    assert 'data-points="TDGQ.1">20 / 20' in page
    assert "Số hồ sơ giải quyết trước hạn và đúng hạn" in page
    assert 'data-input="onestop.resolved">1<' in page
    assert 'id="indicator-SHHS.1" data-computable="no"' in page
    assert str(scoring.NOT_COMPUTABLE) in page
    assert 'id="partial"' in page


def test_the_page_shows_the_non_computable_indicators_as_such(cast, client):
    client.force_login(cast.steering)
    response = client.get(reverse("reports:score", kwargs={"unit": cast.a.unit.pk}), PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    for code in ("CKMB.1", "CKMB.2", "DVTT.1", "TTTT.1", "SHHS.1", "MDHL.2"):
        assert f'id="indicator-{code}" data-computable="no"' in page
    assert 'id="partial"' in page


def test_the_api_gives_each_indicator_with_its_formula_inputs_and_points(cast, client):
    client.force_login(cast.a.head)
    url = reverse("api:unit_score_api", kwargs={"unit_id": cast.a.unit.pk})
    data = client.get(url, PERIOD).json()
    assert data["total_max"] == 100 and data["partial"] is True
    items = {i["code"]: i for i in data["indicators"]}
    assert set(items) == {i.code for i in INDICATORS}
    assert items["SHHS.1"]["computable"] is False and items["SHHS.1"]["points"] is None
    assert items["TDGQ.1"]["computable"] is True
    assert items["TDGQ.1"]["proxy"] is False
    assert items["TDGQ.1"]["counted"] is False  # no dossier resolved in the period
    assert items["MDHL.1"]["proxy"] is True and items["MDHL.1"]["counted"] is False
    assert items["MDHL.1"]["computed_formula"].startswith("Số đơn thư (mọi loại)")
    assert data["estimated"]["label"] == str(scoring.ESTIMATED)
    assert items["TDGQ.1"]["formula"].startswith("Số hồ sơ giải quyết")
    assert set(items["TDGQ.1"]["inputs"]) == {
        "onestop.early",
        "onestop.on_time",
        "onestop.resolved",
    }


@pytest.mark.parametrize("who", ["staff", "officer", "board"])
def test_only_the_unit_s_leaders_and_the_committee_read_the_score(cast, client, who):
    client.force_login(getattr(cast.a, who))
    url = reverse("reports:score", kwargs={"unit": cast.a.unit.pk})
    assert client.get(url, PERIOD).status_code == 403


def test_another_department_gets_404(cast, client):
    client.force_login(cast.b.head)
    url = reverse("reports:score", kwargs={"unit": cast.a.unit.pk})
    response = client.get(url, PERIOD)
    assert response.status_code == 404 and "Sở A" not in response.content.decode()
