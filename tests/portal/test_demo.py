"""The seed report's figure on the public portal: Sở Thông tin và Truyền thông resolved 8,472
dossiers from 01/01/2021 to 15/09/2022, 100% on time — the public page, the open data and the
internal statistics give the same numbers. Loads the organisation, one-stop and portal demos."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from danchu.core.demo import load_demo as load_core
from danchu.core.models import Agency
from danchu.disclosure.models import Publication
from danchu.onestop.demo import load_demo as load_onestop
from danchu.onestop.stats import onestop_report
from danchu.portal.demo import load_demo as load_portal
from danchu.portal.models import Filing

pytestmark = pytest.mark.django_db

TTTT = "000.00.13.H26"
PERIOD = {"start": "2021-01-01", "end": "2022-09-15"}


def test_the_seed_figure_is_public_and_the_same_as_inside(client: Client):
    load_core()
    load_onestop()
    assert load_portal().created == 6  # two documents and a letter per department
    assert load_portal().created == 0  # a second run adds nothing
    tttt = Agency.objects.get(code=TTTT)
    inside = onestop_report(agency=tttt, start=dt.date(2021, 1, 1), end=dt.date(2022, 9, 15))
    assert (inside.total.resolved, inside.total.on_time_rate) == (8472, 100.0)

    page = client.get(reverse("portal:figures", kwargs={"code": TTTT}), PERIOD).content.decode()
    assert 'id="f-resolved">8.472<' in page and 'id="f-rate">100,0%<' in page
    data = client.get(reverse("portal:figures_json", kwargs={"code": TTTT}), PERIOD).json()
    dossiers = data["units"][0]["dossiers"]
    assert dossiers["resolved"] == inside.total.resolved == 8472
    assert dossiers["received"] == inside.total.received
    assert dossiers["on_time"] == inside.total.early + inside.total.on_time
    assert dossiers["on_time_rate"] == 100.0

    city = client.get(reverse("portal:city_figures_json", kwargs={"code": "H26"}), PERIOD).json()
    by_code = {u["unit"]["code"]: u for u in city["units"]}
    assert by_code[TTTT]["dossiers"] == dossiers
    assert city["total"]["dossiers"]["resolved"] == sum(
        u["dossiers"]["resolved"] for u in city["units"]
    )
    assert Publication.objects.filter(agency=tttt, public=True).count() == 2
    assert Filing.objects.filter(letter__agency=tttt).count() == 1
