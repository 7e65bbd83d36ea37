"""Every figure of a unit's self-report equals the figure its module's statistics page shows
for the same unit and period — read back from both pages (``data-figure`` attributes), for
every figure of every section.

The records are the demo's (Sở Thông tin và Truyền thông, the seed's period and this year's
surprise inspection): every module has records there."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from danchu.core.models import User
from danchu.inspections import services
from danchu.inspections.models import Inspection, Kind, ReportState

pytestmark = pytest.mark.django_db

# The statistics page of each section's module (each takes ``unit`` and ?start=&end=).
PAGES = {
    "regulations": "disclosure:figures",
    "publicity": "disclosure:figures",
    "dissemination": "disclosure:figures",
    "consultation": "disclosure:figures",
    "conference": "conference:figures",
    "dialogue": "conference:figures",
    "board": "oversight:figures",
    "tasks": "tasks:stats",
    "onestop": "onestop:stats",
    "reception": "letters:stats",
}
FIGURE = re.compile(r'data-figure="([a-z_]+\.[a-z_]+)"[^>]*>([^<]*)<')


def figures_on(page: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, shown in FIGURE.findall(page):
        found.setdefault(key, html.unescape(shown).strip())
    return found


def _compare(client: Client, inspection: Inspection) -> int:
    report = inspection.self_report
    period = {
        "start": inspection.period_start.isoformat(),
        "end": inspection.period_end.isoformat(),
    }
    mine = figures_on(
        client.get(reverse("inspections:report", kwargs={"pk": inspection.pk})).content.decode()
    )
    pages: dict[str, dict[str, str]] = {}
    compared = 0
    for section in report.figures:
        name = PAGES[section["key"]]
        if name not in pages:
            url = reverse(name, kwargs={"unit": inspection.agency.pk})
            response = client.get(url, period)
            assert response.status_code == 200, url
            pages[name] = figures_on(response.content.decode())
        for figure in section["figures"]:
            key = f"{section['key']}.{figure['key']}"
            assert mine[key] == figure["shown"], key
            assert pages[name].get(key) == figure["shown"], (key, name)
            compared += 1
    # Every figure of every section, the 78 of the fixed keys at least.
    assert compared == sum(len(s["figures"]) for s in report.figures) >= 78
    return compared


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.management import call_command

    call_command("demo", "--no-serve", verbosity=0)


def test_every_self_report_figure_equals_its_module_page(demo, client):
    client.force_login(User.objects.get(username="bcd.hanoi"))
    seed = Inspection.objects.get(agency__code="000.00.13.H26", plan__year=2022)
    assert seed.self_report.state == ReportState.SUBMITTED
    sections = {s["key"] for s in seed.self_report.figures}
    assert sections == set(PAGES)
    _compare(client, seed)

    surprise = Inspection.objects.filter(kind=Kind.SURPRISE).exclude(self_report=None).first()
    assert surprise is not None
    services.self_report_refresh(actor=None, report=surprise.self_report)
    surprise.refresh_from_db()
    _compare(client, surprise)
