# mypy: disable-error-code="operator"
# (figures are typed as any figure value — count, rate, date, text; these tests do arithmetic
# on the counts they know)
"""The "onestop" section of the unit's figures: the grouped builder says what the statistics
page says for each organisation, in the same number of queries for one or five of them.

(The seed check — Sở TT&TT, 01/01/2021–15/09/2022 — is in test_demo.py, which already loads
the demo.)"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from danchu.core import figures
from danchu.core.models import Agency, AgencyKind
from danchu.onestop.figures import build
from danchu.onestop.models import (
    Dossier,
    Procedure,
    ProcedureVersion,
    Rating,
    Satisfaction,
    State,
    Timeliness,
)
from danchu.onestop.stats import onestop_report
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 6, 30)
_codes = itertools.count(1)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _catalogue(agency: Agency, published: int, unpublished: int = 1) -> Procedure:
    first = None
    for i in range(published + unpublished):
        p = Procedure.objects.create(agency=agency, code=f"1.{i:06d}", is_published=i < published)
        v = ProcedureVersion.objects.create(
            procedure=p, number=1, name=f"Thủ tục {i}", field="Báo chí",
            deciding_agency="Sở", deadline_days=5,
        )  # fmt: skip
        p.current = v
        p.save(update_fields=["current"])
        first = first or p
    assert first is not None
    return first


def _dossiers(agency: Agency, user, n: int, seed: int) -> None:
    """``n`` dossiers of every kind around the period: before it, in it, after it."""
    rng = random.Random(seed)
    procedure = _catalogue(agency, published=2 + seed)
    rows, rated = [], []
    for _ in range(n):
        received = START + dt.timedelta(days=rng.randint(-60, 200))
        d = Dossier(
            agency=agency,
            code=f"{agency.code}-{next(_codes):06d}",
            procedure=procedure,
            version=procedure.current,
            applicant_kind="person",
            applicant_name="Nguyễn Văn Dân",
            applicant_id="001085012345",
            channel="in_person",
            received_at=_at(received),
            received_on=received,
            received_by=user,
            due_on=received + dt.timedelta(days=7),
        )
        fate = rng.choice(["open", "early", "on_time", "late", "refused", "withdrawn"])
        if fate == "refused":
            d.state, d.due_on = State.REFUSED_AT_INTAKE, None
        elif fate == "withdrawn":
            d.state, d.withdrawn_on = State.WITHDRAWN, received + dt.timedelta(days=2)
        elif fate != "open":
            d.resolved_on = received + dt.timedelta(
                days={"early": 3, "on_time": 7, "late": 12}[fate]
            )
            d.timeliness = Timeliness(fate)
            d.processing_days = 5
            d.state = State.APPROVED
            if rng.random() < 0.8:
                d.state = State.RETURNED
                d.returned_at = _at(d.resolved_on + dt.timedelta(days=1))
                rated.append(rng.choice(list(Satisfaction)))
            else:
                rated.append(None)  # type: ignore[arg-type]  # not rated
        rows.append(d)
    Dossier.objects.bulk_create(rows)
    returned = Dossier.objects.filter(agency=agency, returned_at__isnull=False).order_by("pk")
    choices = iter(r for r in rated if r is not None)
    ratings = [Rating(dossier=d, satisfaction=s) for d, s in zip(returned, choices, strict=False)]
    Rating.objects.bulk_create(ratings)
    for r in Rating.objects.filter(dossier__agency=agency).select_related("dossier"):
        Rating.objects.filter(pk=r.pk).update(created_at=r.dossier.returned_at)


def _one(org, user, procedure, received: dt.date, returned: dt.date | None):
    d = Dossier.objects.create(
        agency=org, code=f"{org.code}-{next(_codes):06d}", procedure=procedure,
        version=procedure.current, applicant_kind="person", applicant_name="Nguyễn Văn Dân",
        applicant_id="001085012345", channel="in_person", received_at=_at(received),
        received_on=received, received_by=user, due_on=received + dt.timedelta(days=7),
    )  # fmt: skip
    if returned:
        Dossier.objects.filter(pk=d.pk).update(
            state=State.RETURNED, resolved_on=returned, timeliness=Timeliness.ON_TIME,
            processing_days=3, returned_at=_at(returned),
        )  # fmt: skip
    return d


def _orgs(cast, n: int) -> list[Agency]:
    orgs = [cast.a.unit, cast.b.unit]
    for i in range(len(orgs), n):
        orgs.append(
            make_unit(
                parent=cast.city, kind=AgencyKind.DEPARTMENT, code=f"DEP-X{i}", name=f"Sở {i}"
            )
        )
    return orgs[:n]


class TestTheBuilder:
    def test_it_says_what_the_statistics_say_for_each_of_three_organisations(self, cast):
        orgs = _orgs(cast, 3)
        for seed, org in enumerate(orgs):
            _dossiers(org, cast.a.officer, 60 + 20 * seed, seed)
        built = build(orgs, START, END)
        for org in orgs:
            report = onestop_report(agency=org, start=START, end=END)
            assert built[org.pk].as_dict() == report.section.as_dict()
            assert [f.key for f in built[org.pk].figures] == [
                "procedures_published", "procedures_at_desk", "received", "resolved", "returned",
                "returned_of_received", "returned_rate", "early", "on_time", "late",
                "on_time_rate", "in_progress_within", "in_progress_overdue", "refused", "ratings",
                "satisfied", "satisfied_rate",
            ]  # fmt: skip
        # The figures are not all zero, and they differ between organisations.
        a = built[orgs[0].pk]
        for key in ("received", "resolved", "returned", "early", "on_time", "late", "refused"):
            assert a[key], key
        assert a["in_progress_within"] or a["in_progress_overdue"]
        assert len({built[o.pk]["received"] for o in orgs}) == 3
        assert [built[o.pk]["procedures_published"] for o in orgs] == [2, 3, 4]

    def test_its_figures_follow_their_definitions(self, cast):
        org = cast.a.unit
        _dossiers(org, cast.a.officer, 80, 7)
        # Two dossiers of December whose results are returned in January.
        first = Procedure.objects.filter(agency=org).order_by("pk").first()
        for _ in range(2):
            _one(org, cast.a.officer, first, dt.date(2024, 12, 20), dt.date(2025, 1, 6))
        s = build([org], START, END)[org.pk]
        counted = Dossier.objects.filter(agency=org).exclude(state=State.REFUSED_AT_INTAKE)
        in_period = counted.filter(received_on__range=(START, END))
        resolved = counted.filter(resolved_on__range=(START, END))
        # Nine published, of which only the first has dossiers (received in the period).
        assert s["procedures_published"] == 9
        assert s["procedures_at_desk"] == 1
        assert s["received"] == in_period.count()
        assert s["resolved"] == resolved.count()
        assert s["early"] + s["on_time"] + s["late"] == s["resolved"]
        assert s["late"] == resolved.filter(timeliness=Timeliness.LATE).count()
        period = (_at(START, 0), _at(END, 23))
        assert (
            s["returned"] == Dossier.objects.filter(agency=org, returned_at__range=period).count()
        )
        # Results returned in the period include those of dossiers received before it; the
        # rate is of the period's own dossiers, returned by its end.
        earlier = Dossier.objects.filter(
            agency=org, returned_at__range=period, received_on__lt=START
        )
        assert earlier.count() >= 2
        own = in_period.filter(returned_at__lte=_at(END, 23))
        assert s["returned_of_received"] == own.count() < s["returned"]
        assert s["returned"] == s["returned_of_received"] + earlier.count()
        assert s["returned_rate"] == round(100 * s["returned_of_received"] / s["received"], 1)
        assert s["on_time_rate"] == round(100 * (s["early"] + s["on_time"]) / s["resolved"], 1)
        ratings = Rating.objects.filter(dossier__agency=org, created_at__range=period)
        assert s["ratings"] == ratings.count() > 0
        assert s["satisfied"] == ratings.exclude(satisfaction=Satisfaction.UNSATISFIED).count()
        assert s["satisfied_rate"] == round(100 * s["satisfied"] / s["ratings"], 1)

    def test_an_organisation_with_nothing_has_zeros_and_no_rates(self, cast):
        s = build([cast.b.unit], START, END)[cast.b.unit.pk]
        assert s["received"] == s["procedures_published"] == s["ratings"] == 0
        assert s["returned_rate"] is s["on_time_rate"] is s["satisfied_rate"] is None

    @pytest.mark.parametrize("n", [1, 5])
    def test_its_query_count_does_not_grow_with_organisations(
        self, cast, n, django_assert_num_queries
    ):
        orgs = _orgs(cast, n)
        for seed, org in enumerate(orgs):
            _dossiers(org, cast.a.officer, 10, seed)
        with django_assert_num_queries(3):
            built = build(orgs, START, END)
        assert set(built) == {o.pk for o in orgs}

    def test_it_is_registered_in_report_order(self):
        entry = next(r for r in figures.registered() if r.key == "onestop")
        assert (entry.order, entry.builder) == (90, build)


class TestReturnedAndDesk:
    """The two figures a reviewer found wrong: a rate above 100% and a copy of the catalogue."""

    def test_a_busy_carry_over_never_makes_the_rate_exceed_100(self, cast):
        org, user = cast.a.unit, cast.a.officer
        p = _catalogue(org, published=1)
        # Ten dossiers of December returned in January; two received in the period, one
        # returned in it, one returned only after it.
        for _ in range(10):
            _one(org, user, p, dt.date(2024, 12, 20), dt.date(2025, 1, 6))
        _one(org, user, p, dt.date(2025, 3, 3), dt.date(2025, 3, 10))
        _one(org, user, p, END, dt.date(2025, 7, 2))
        report = onestop_report(agency=org, start=START, end=END)
        s = build([org], START, END)[org.pk]
        assert s.as_dict() == report.section.as_dict()
        assert (s["received"], s["returned"], s["returned_of_received"]) == (2, 11, 1)
        assert s["returned_rate"] == 50.0
        assert report.total.returned_rate == 50.0
        # Once the period runs past the late return, the second dossier counts too.
        later = build([org], START, dt.date(2025, 7, 2))[org.pk]
        assert (later["returned_of_received"], later["returned_rate"]) == (2, 100.0)

    def test_procedures_at_desk_are_those_with_dossiers_received_in_the_period(self, cast):
        org, user = cast.a.unit, cast.a.officer
        _catalogue(org, published=4, unpublished=1)
        published = list(Procedure.objects.filter(agency=org, is_published=True).order_by("code"))
        hidden = Procedure.objects.get(agency=org, is_published=False)
        _one(org, user, published[0], START, None)
        _one(org, user, published[0], END, None)  # the same procedure again
        refused = _one(org, user, published[1], dt.date(2025, 2, 2), None)
        Dossier.objects.filter(pk=refused.pk).update(state=State.REFUSED_AT_INTAKE, due_on=None)
        _one(org, user, published[2], START - dt.timedelta(days=1), None)  # before
        _one(org, user, published[3], END + dt.timedelta(days=1), None)  # after
        _one(org, user, hidden, START, None)  # no longer published
        s = build([org, cast.b.unit], START, END)
        assert s[org.pk]["procedures_published"] == 4
        # The first (twice) and the second (refused at intake, but received at the desk).
        assert s[org.pk]["procedures_at_desk"] == 2
        assert s[cast.b.unit.pk]["procedures_at_desk"] == 0
        report = onestop_report(agency=org, start=START, end=END)
        assert report.procedures_at_desk == 2 and report.as_dict()["procedures_at_desk"] == 2


def test_the_statistics_page_shows_the_section(cast, client):
    org = cast.a.unit
    _dossiers(org, cast.a.officer, 50, 3)
    client.force_login(cast.a.head)
    page = client.get(
        reverse("onestop:stats", args=[org.pk]), {"start": "2025-01-01", "end": "2025-06-30"}
    )
    assert page.status_code == 200
    shown = dict(re.findall(r'data-figure="onestop\.(\w+)">([^<]*)<', page.content.decode()))
    section = build([org], START, END)[org.pk]
    assert shown == {f.key: f.shown for f in section.figures}
    assert shown["received"] == str(section["received"]) != "0"
