"""Every page and API route of the unit's QCDC report, in one table checked by
``tests.routes``. The sections are the fake ones of ``tests.reports.conftest``: the table is
about who may read what, not about the figures."""

from __future__ import annotations

import pytest

from tests.conftest import Cast
from tests.reports.conftest import Fakes
from tests.routes import Route, install

PERIOD = {"start": "2021-01-01", "end": "2022-09-15"}
BACKWARDS = {"start": "2022-09-15", "end": "2021-01-01"}


@pytest.fixture
def ctx(cast: Cast, fake_sections: Fakes) -> Cast:
    return cast


def unit(c: Cast) -> dict[str, int]:
    return {"unit": c.a.unit.pk}


def api_unit(c: Cast) -> dict[str, int]:
    return {"unit_id": c.a.unit.pk}


def _page(name: str) -> Route:
    return Route(
        name,
        kwargs=unit,
        insider="cast.a.head",
        data=lambda c: PERIOD,
        bad=lambda c: BACKWARDS,
        forbidden="cast.a.staff",
    )


def _api(name: str) -> Route:
    return Route(
        name,
        kwargs=api_unit,
        insider="cast.a.head",
        data=lambda c: PERIOD,
        bad=lambda c: BACKWARDS,
        forbidden="cast.a.staff",
    )


PAGES = [_page("reports:qcdc"), _page("reports:qcdc_docx"), _page("reports:qcdc_xlsx")]

API = [
    _api("api:reports_qcdc_api"),
    _api("api:reports_qcdc_docx_api"),
    _api("api:reports_qcdc_xlsx_api"),
]

install(globals(), PAGES, API)
