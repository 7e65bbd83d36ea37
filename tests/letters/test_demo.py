"""The reception and letters demo: the seed report's figures for Sở TT&TT, live cases in
every state, a protected denouncer, a second run that adds nothing, a valid audit chain."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from danchu.core.audit import verify_chains
from danchu.core.demo import load_demo as load_core
from danchu.core.models import Agency, User
from danchu.letters.demo import DENOUNCER, DemoResult, load_demo
from danchu.letters.figures import build
from danchu.letters.models import Letter, State, VaultOpening
from danchu.letters.stats import letters_report
from tests.conftest import once_per_module

pytestmark = pytest.mark.django_db

TTTT = "000.00.13.H26"
SEED_START, SEED_END = dt.date(2021, 1, 1), dt.date(2022, 9, 15)
SEED_SECTION = {
    "visits": 26,
    "letters": 390,
    "petitions": 386,
    "complaints": 3,
    "denunciations": 1,
    "settled": 390,
    "settled_rate": 100.0,
}


def _load() -> DemoResult:
    load_core()
    return load_demo()


loaded = once_per_module(_load)


def test_the_seed_figures(loaded):
    f = letters_report(agency=Agency.objects.get(code=TTTT), start=SEED_START, end=SEED_END).figures
    assert f.visits == 26
    assert (
        f.letters,
        f.by_kind["petition"],
        f.by_kind["complaint"],
        f.by_kind["denunciation"],
    ) == (390, 386, 3, 1)
    assert (f.settled, f.settled_on_time, f.settled_late) == (390, 390, 0)
    assert f.in_progress_within == f.in_progress_overdue == 0
    assert f.visits_by_session["head"] >= 13 and f.group_visits == 2
    assert f.by_channel["visit"] == 8
    # The "reception" section of the unit's figures says the seed's sentence.
    tttt = Agency.objects.get(code=TTTT)
    section = build([tttt], SEED_START, SEED_END)[tttt.pk]
    assert {k: section[k] for k in SEED_SECTION} == SEED_SECTION
    # The head's day every month: January 2021 to August 2022 are due (September only in part).
    assert (section["head_days_due"], section["head_days_missed"]) == (20, 0)
    assert section["head_days"] == 21


def test_the_command_line_and_the_excel_export_say_the_same(loaded, capsys):
    call_command(
        "stats", "letters", "--unit", TTTT, "--from", "2021-01-01", "--to", "2022-09-15", "--json"
    )
    data = json.loads(capsys.readouterr().out)
    assert (data["visits"], data["letters"], data["settled"]) == (26, 390, 390)
    call_command("stats", "letters", "--unit", TTTT, "--from", "01/01/2021", "--to", "15/09/2022")
    text = capsys.readouterr().out
    assert "Tổng số đơn tiếp nhận" in text and "390" in text
    client = Client()
    client.force_login(User.objects.get(username="giamdoc.tttt"))
    tttt = Agency.objects.get(code=TTTT)
    response = client.get(
        reverse("letters:stats", kwargs={"unit": tttt.pk}),
        {"start": "2021-01-01", "end": "2022-09-15", "format": "xlsx"},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Số liệu"]
    figures = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert figures["Số lượt tiếp"] == 26
    assert figures["Tổng số đơn tiếp nhận"] == 390
    assert figures["  – Tố cáo"] == 1
    page = client.get(
        reverse("letters:stats", kwargs={"unit": tttt.pk}),
        {"start": "2021-01-01", "end": "2022-09-15"},
    ).content.decode()
    assert "26 lượt tiếp; 390 đơn — 386 kiến nghị, phản ánh, 3 khiếu nại, 1 tố cáo" in page


def test_live_cases_in_every_state_and_a_protected_denouncer(loaded):
    tttt = Agency.objects.get(code=TTTT)
    live = Letter.objects.filter(agency=tttt, received_on__gt=SEED_END)
    states = set(live.values_list("state", flat=True))
    assert states >= {s.value for s in State} - {State.WITHDRAWN}
    protected = live.filter(protected=True, kind="denunciation")
    assert protected.exists()
    assert not any(DENOUNCER.name in (x.matter + x.content + x.search_text) for x in protected)
    assert VaultOpening.objects.filter(letter__agency=tttt).count() == 1
    assert verify_chains()[1] == []


def test_a_second_run_adds_nothing(loaded):
    before = Letter.objects.count()
    assert load_demo().created == 0
    assert Letter.objects.count() == before
