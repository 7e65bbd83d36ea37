"""The city dashboard: every organisation side by side in a fixed number of queries, breaches
flagged from real records, the inspection hook, the charts, and who may see it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.core import figures
from danchu.core.models import Agency, AgencyKind, Role
from danchu.disclosure import services as disclosure
from danchu.onestop.models import Dossier
from danchu.reports import dashboard
from danchu.reports.dashboard import city_dashboard, register_inspection_status
from tests.conftest import Cast
from tests.factories import give_role, make_person, make_unit
from tests.onestop.conftest import make_procedure

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
TODAY = dt.datetime(2025, 4, 15, 10, 0, tzinfo=HCM)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def no_inspections() -> Iterator[None]:
    """Whatever the inspections app registered, the test decides."""
    saved = list(dashboard._inspection_status)
    dashboard._inspection_status.clear()
    yield
    dashboard._inspection_status[:] = saved


def _late_publication(cast: Cast) -> None:
    disclosure.publication_create(
        actor=cast.a.head,
        agency=cast.a.unit,
        category="plans",
        title="Kế hoạch công tác năm 2025",
        decision_number="12/KH-S",
        decision_date=dt.date(2025, 3, 3),
        signer="Giám đốc",
        channels=["notice_board"],
        published_on=END,  # far beyond the 5 working days
    )


def _overdue_dossier(cast: Cast) -> Dossier:
    """Received early in March, never decided: overdue at the end of the period."""
    from danchu.onestop import services as onestop

    procedure = getattr(cast, "_procedure", None)
    if procedure is None:
        handler = make_person(agency=cast.a.unit, username="handler_A", full_name="Thụ lý A")
        give_role(handler, cast.a.division, Role.HANDLING_OFFICER)
        chief = make_person(agency=cast.a.unit, username="chief_A", full_name="Trưởng phòng A")
        give_role(chief, cast.a.division, Role.DIVISION_HEAD)
        procedure = cast._procedure = make_procedure(cast)  # type: ignore[attr-defined]  # cached on the cast
    with time_machine.travel(dt.datetime(2025, 3, 3, 9, 0, tzinfo=HCM), tick=False):
        return onestop.dossier_receive(
            actor=cast.a.officer,
            agency=cast.a.unit,
            procedure=procedure,
            applicant_kind="person",
            applicant_name="Nguyễn Văn Dân",
            applicant_id="001085012345",
            documents=[1, 2],
            applicant_email="dan@example.vn",
        )


def _other_city() -> tuple[object, object]:
    city = make_unit(kind=AgencyKind.CITY, code="CITY2", name="Tỉnh Khác")
    make_unit(parent=city, kind=AgencyKind.DEPARTMENT, code="DEP-Z", name="Sở Z")
    committee = make_unit(parent=city, kind=AgencyKind.COMMITTEE, code="CITY2.BCD", name="BCĐ 2")
    member = make_person(agency=committee, username="steering2", full_name="Thành viên BCĐ 2")
    give_role(member, committee, Role.STEERING_MEMBER)
    return city, member


def _departments(cast: Cast, n: int) -> None:
    first = Agency.objects.filter(kind=AgencyKind.DEPARTMENT).count()
    for i in range(first, first + n):
        make_unit(parent=cast.city, kind=AgencyKind.DEPARTMENT, code=f"DEP-X{i}", name=f"Sở X{i}")


def _queries(cast: Cast) -> int:
    member = type(cast.steering).objects.get(pk=cast.steering.pk)  # as a new request has it
    with CaptureQueriesContext(connection) as ctx:
        board = city_dashboard(actor=member, start=START, end=END)
        board.as_dict()
    return len(ctx.captured_queries)


def test_the_dashboard_shows_every_organisation_of_the_city_and_nothing_else(cast, no_inspections):
    commune = make_unit(parent=cast.city, kind=AgencyKind.COMMUNE, code="PH-1", name="Phường 1")
    _other_city()
    board = city_dashboard(actor=cast.steering, start=START, end=END)
    names = {u.unit.name for u in board.units}
    # Divisions and the committee are not organisations; the other city is not ours.
    assert names == {"Sở A", "Sở B", commune.name}
    assert board.city == cast.city


def test_the_number_of_queries_is_the_same_for_3_and_30_organisations(cast):
    """With every registered section and the inspections app's status (registered in its
    AppConfig.ready)."""
    assert dashboard._inspection_status, "the inspections app registers its status"
    _departments(cast, 1)
    _late_publication(cast)
    _overdue_dossier(cast)
    three = _queries(cast)
    _departments(cast, 27)
    board = city_dashboard(actor=cast.steering, start=START, end=END)
    assert len(board.units) == 30
    assert _queries(cast) == three


def test_a_late_publication_flags_the_unit(cast, no_inspections):
    _late_publication(cast)
    board = city_dashboard(actor=cast.steering, start=START, end=END)
    a, b = (next(u for u in board.units if u.unit == d.unit) for d in (cast.a, cast.b))
    assert {x.key: x.count for x in a.breaches}["late_publications"] == 1
    assert {x.key: x.count for x in b.breaches}["late_publications"] == 0
    assert a.flagged
    assert a.value("publicity.on_time_rate") == 0.0


@pytest.mark.skipif(
    "onestop" not in {r.key for r in figures.registered()},
    reason="the one-stop section builder is not registered yet",
)
def test_an_overdue_dossier_flags_the_unit(cast, no_inspections):
    _overdue_dossier(cast)
    board = city_dashboard(actor=cast.steering, start=START, end=END)
    a = next(u for u in board.units if u.unit == cast.a.unit)
    assert {x.key: x.count for x in a.breaches}["dossiers_overdue"] == 1
    assert a.value("onestop.in_progress_overdue") == 1
    assert a.flagged


def test_the_on_time_rate_by_month_counts_dossiers_decided_in_each_month(cast, no_inspections):
    early, late = _overdue_dossier(cast), _overdue_dossier(cast)
    # The one-stop services fix these facts when the dossier is decided; the chart only reads
    # them, so set them directly.
    Dossier.objects.filter(pk=early.pk).update(
        state="approved", resolved_on=dt.date(2025, 3, 5), timeliness="early"
    )
    Dossier.objects.filter(pk=late.pk).update(
        state="approved", resolved_on=dt.date(2025, 3, 20), timeliness="late"
    )
    board = city_dashboard(actor=cast.steering, start=START, end=END)
    months = [(m.month, m.resolved, m.on_time, m.rate) for m in board.months]
    assert months == [
        (dt.date(2025, 1, 1), 0, 0, None),
        (dt.date(2025, 2, 1), 0, 0, None),
        (dt.date(2025, 3, 1), 2, 1, 50.0),
    ]


def test_the_inspection_status_is_shown_when_the_inspections_app_registers_it(
    cast, client, no_inspections
):
    client.force_login(cast.steering)
    page = client.get(reverse("reports:city"), PERIOD).content.decode()
    assert f'data-inspection="{cast.a.unit.pk}">—</td>' in page

    def status(orgs):
        return {
            o.pk: {"state": "Đang kiểm tra", "open_requirements": 2, "last": dt.date(2025, 2, 1)}
            for o in orgs
            if o.code == "DEP-A"
        }

    register_inspection_status(status)
    page = client.get(reverse("reports:city"), PERIOD).content.decode()
    assert "Đang kiểm tra (01/02/2025)" in page
    assert f'data-open-requirements="{cast.a.unit.pk}">2</td>' in page
    assert f'data-inspection="{cast.b.unit.pk}">—</td>' in page
    data = client.get(reverse("api:city_dashboard_api"), PERIOD).json()
    a = next(u for u in data["units"] if u["unit"]["id"] == cast.a.unit.pk)
    assert a["inspection"] == {
        "state": "Đang kiểm tra",
        "open_requirements": 2,
        "last": "2025-02-01",
    }


# The whole page, pinned: the session, the person, their memberships (scope), the city, its
# organisations, the dossiers by month, every registered section's builder and the inspections
# app's status. The same literal for 3 and for 30 organisations; a change of any builder shows
# here and must be looked at.
PAGE_QUERIES = 31


@pytest.mark.parametrize("organisations", [3, 30])
def test_the_page_renders_in_a_pinned_number_of_queries(
    cast, client, django_assert_num_queries, organisations
):
    assert dashboard._inspection_status, "the inspections app registers its status"
    _departments(cast, organisations - 2)
    _late_publication(cast)
    _overdue_dossier(cast)
    client.force_login(cast.steering)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(reverse("reports:city"), PERIOD)
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="unit-') == organisations


def test_the_page_shows_every_unit_figures_breaches_and_charts(cast, client, no_inspections):
    _late_publication(cast)
    client.force_login(cast.steering)
    response = client.get(reverse("reports:city"), PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sở A" in page and "Sở B" in page
    assert f'<tr id="unit-{cast.a.unit.pk}" data-unit="{cast.a.unit.pk}" class="flagged"' in page
    assert 'data-breach="late_publications"' in page
    assert 'data-figure="publicity.on_time_rate">0%<' in page
    for chart in ("on-time-by-month", "letters-by-kind", "units-ranked"):
        assert f'aria-labelledby="{chart}-title"' in page
    # The drill-down keeps the period.
    assert "start=2025-01-01&amp;end=2025-03-31" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>")[0]


def test_more_than_50_units_are_paginated(cast, client, no_inspections):
    _departments(cast, 50)
    client.force_login(cast.steering)
    first = client.get(reverse("reports:city"), PERIOD).content.decode()
    second = client.get(reverse("reports:city"), {**PERIOD, "page": 2}).content.decode()
    rows = first.count('<tr id="unit-'), second.count('<tr id="unit-')
    assert rows == (50, 2)


def test_the_api_gives_the_dashboard_s_data(cast, client, no_inspections):
    _late_publication(cast)
    client.force_login(cast.steering)
    data = client.get(reverse("api:city_dashboard_api"), PERIOD).json()
    assert data["city"]["code"] == "CITY"
    a = next(u for u in data["units"] if u["unit"]["code"] == "DEP-A")
    assert a["breaches"]["late_publications"] == 1 and a["flagged"] is True
    assert a["figures"]["publicity.on_time_rate"] == 0.0
    assert a["inspection"] is None
    assert [m["month"] for m in data["months"]] == ["2025-01", "2025-02", "2025-03"]
    assert set(data["letters_by_kind"]) == {"petitions", "complaints", "denunciations"}
    assert sorted(data["ranking"]) == sorted(u["unit"]["id"] for u in data["units"])


def test_the_steering_member_of_another_city_sees_only_their_city(cast, client, no_inspections):
    _city, member = _other_city()
    client.force_login(member)
    page = client.get(reverse("reports:city"), PERIOD).content.decode()
    assert "Sở Z" in page and "Sở A" not in page and "DEP-A" not in page
    data = client.get(reverse("api:city_dashboard_api"), PERIOD).json()
    assert [u["unit"]["code"] for u in data["units"]] == ["DEP-Z"]
    assert client.get(reverse("reports:score", kwargs={"unit": cast.a.unit.pk})).status_code == 404


@pytest.mark.parametrize("who", ["head", "staff", "admin", "board", "officer"])
def test_who_sits_on_no_committee_has_no_dashboard(cast, client, who):
    client.force_login(getattr(cast.a, who))
    assert client.get(reverse("reports:city"), PERIOD).status_code == 404
    response = client.get(reverse("api:city_dashboard_api"), PERIOD)
    assert response.status_code == 404 and b"S\xe1\xbb\x9f A" not in response.content


def test_a_period_ending_before_it_starts_is_refused(cast, client):
    client.force_login(cast.steering)
    bad = {"start": "2025-03-31", "end": "2025-01-01"}
    response = client.get(reverse("reports:city"), bad)
    assert response.status_code == 400 and b'class="error' in response.content
    response = client.get(reverse("api:city_dashboard_api"), bad)
    assert response.status_code == 400 and response.json()["error"]["fields"]["end"]
