"""Every page and API route of the city dashboard and of the service-quality score, in one
table checked by ``tests.routes``.

The dashboard belongs to the city above the person's steering committee: whoever sits on no
committee — every role of either department — has none (404), so the route is "scoped" and
has no 403 case; a unit's score is read by its leaders and the committee (403 for its staff,
404 for another department)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import Cast
from tests.routes import Route, install

TODAY = dt.datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
PERIOD = {"start": "2026-01-01", "end": "2026-03-09"}
BACKWARDS = {"start": "2026-03-09", "end": "2026-01-01"}


@pytest.fixture
def ctx(cast: Cast):
    with time_machine.travel(TODAY, tick=False):
        yield cast


def unit(c: Cast) -> dict[str, int]:
    return {"unit": c.a.unit.pk}


def api_unit(c: Cast) -> dict[str, int]:
    return {"unit_id": c.a.unit.pk}


PAGES = [
    Route(
        "reports:city",
        insider="cast.steering",
        data=lambda c: PERIOD,
        bad=lambda c: BACKWARDS,
    ),
    Route(
        "reports:score",
        kwargs=unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda c: PERIOD,
        bad=lambda c: BACKWARDS,
    ),
]

API = [
    Route(
        "api:city_dashboard_api",
        insider="cast.steering",
        data=lambda c: PERIOD,
        bad=lambda c: BACKWARDS,
    ),
    Route(
        "api:unit_score_api",
        kwargs=api_unit,
        insider="cast.a.head",
        forbidden="cast.a.staff",
        data=lambda c: PERIOD,
        bad=lambda c: BACKWARDS,
    ),
]

install(globals(), PAGES, API)
