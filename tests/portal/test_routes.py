"""Every page of the public portal, in one table checked by ``tests.routes``: all are public
(no login), and a department's pages show only that department."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danchu.core.uploads import FileIn
from danchu.disclosure import services as disclosure
from tests.portal.conftest import PDF, Portal
from tests.routes import Route, install

NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def ctx(portal: Portal):
    with time_machine.travel(NOW, tick=False):
        yield portal


def unit(p: Portal) -> dict[str, str]:
    return {"code": p.unit.code}


def city(p: Portal) -> dict[str, str]:
    return {"code": p.cast.city.code}


def _procedure(p: Portal) -> dict[str, object]:
    return {"code": p.unit.code, "pk": p.desk.procedure.pk}


def _procedure_form(p: Portal) -> dict[str, object]:
    from danchu.onestop import services as onestop

    stored = onestop.procedure_form_add(
        actor=None, procedure=p.desk.procedure, file=FileIn("to-khai.pdf", PDF)
    )
    return {"code": p.unit.code, "pk": p.desk.procedure.pk, "form": stored.pk}


def _file(p: Portal) -> dict[str, object]:
    publication = disclosure.publication_create(
        actor=p.cast.a.head,
        agency=p.unit,
        category="policy",
        title="Quyết định công bố thủ tục",
        decision_number="1/QĐ",
        decision_date=dt.date(2026, 2, 27),
        signer="Giám đốc A",
        channels=["portal"],
        published_on=dt.date(2026, 3, 2),
        files=[FileIn("qd.pdf", PDF)],
    )
    return {"code": p.unit.code, "pk": publication.files.get().pk}


def _follow(p: Portal) -> dict[str, str]:
    sent = p.send()
    return {"code": sent.letter.code, "key": sent.key}


PERIOD = {"year": "2026", "quarter": "1"}
BAD_PERIOD = {"start": "2026-03-01", "end": "2026-01-01"}


def public(name: str, **kw: object) -> Route:
    return Route(name, scoped=False, public=True, insider="cast.a.staff", **kw)  # type: ignore[arg-type]


PAGES = [
    public("portal:home"),
    public("portal:language", kwargs=lambda p: {"lang": "en"}, ok=302),
    public("portal:unit", kwargs=unit),
    public(
        "portal:catalogue",
        kwargs=unit,
        data=lambda p: {"q": "xuat ban"},
        bad=lambda p: {"level": "galaxy"},
    ),
    public("portal:procedure", kwargs=_procedure),
    public("portal:procedure_form", kwargs=_procedure_form),
    public("portal:send_email", kwargs=unit),
    public(
        "portal:send_email",
        method="POST",
        kwargs=unit,
        ok=302,
        data=lambda p: {"email": "hoa@example.vn"},
        bad=lambda p: {"email": "khong-phai-email"},
    ),
    # Without the earlier steps in this browser, each step sends back to the first.
    public("portal:send_code", kwargs=unit, ok=302),
    public("portal:send_code", method="POST", kwargs=unit, ok=302),
    public("portal:send_letter", kwargs=unit, ok=302),
    public("portal:send_letter", method="POST", kwargs=unit, ok=302),
    public("portal:sent", kwargs=unit, ok=302),
    public("portal:follow", data=lambda p: {"code": "000.00.12.H26-DT26-0001"}),
    public("portal:follow", method="POST", data=_follow, bad=lambda p: {"code": "abc", "key": "x"}),
    public("portal:figures", kwargs=unit, data=lambda p: PERIOD, bad=lambda p: BAD_PERIOD),
    public("portal:figures_csv", kwargs=unit, data=lambda p: PERIOD),
    public("portal:figures_json", kwargs=unit, data=lambda p: PERIOD),
    public("portal:city_figures", kwargs=city, data=lambda p: PERIOD, bad=lambda p: BAD_PERIOD),
    public("portal:city_figures_csv", kwargs=city, data=lambda p: PERIOD),
    public("portal:city_figures_json", kwargs=city, data=lambda p: PERIOD),
    public("portal:opendata"),
    public("portal:documents", kwargs=unit),
    public("portal:document_file", kwargs=_file),
]
API: list[Route] = []

install(globals(), PAGES, API)
