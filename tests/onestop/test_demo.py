"""The one-stop demo: the seed report's figures, a second run that adds nothing, live dossiers in
every state, and an audit chain that still verifies after the bulk load.

Each test loads the organisation demo and the one-stop demo (about 10,000 dossiers)."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danchu.core.audit import verify_chains
from danchu.core.demo import load_demo as load_core
from danchu.core.models import Agency, AuditEvent, User
from danchu.onestop import services
from danchu.onestop.demo import HISTORY_END, DemoResult, load_demo
from danchu.onestop.figures import build
from danchu.onestop.models import (
    OPEN_STATES,
    Counter,
    Dossier,
    Handover,
    Procedure,
    Slip,
    SlipKind,
    State,
    Timeliness,
)
from danchu.onestop.stats import onestop_report
from tests.conftest import once_per_module

pytestmark = pytest.mark.django_db

TTTT, KHCN = "000.00.13.H26", "000.00.12.H26"
SEED_START, SEED_END = dt.date(2021, 1, 1), dt.date(2022, 9, 15)
SEED_SECTION = {
    "procedures_published": 34,
    "procedures_at_desk": 34,
    "received": 8472,
    "returned": 8472,
    "returned_rate": 100.0,
    "late": 0,
}


def _load() -> DemoResult:
    load_core()
    return load_demo()


loaded = once_per_module(_load)


def test_the_seed_figures_and_a_valid_audit_chain(loaded):
    tttt = Agency.objects.get(code=TTTT)
    report = onestop_report(agency=tttt, start=SEED_START, end=SEED_END)
    total = report.total
    assert report.procedures_published == 34
    assert (total.received, total.resolved, total.returned, total.late) == (8472, 8472, 8472, 0)
    assert total.on_time_rate == 100.0
    assert total.refused == total.in_progress_within == total.in_progress_overdue == 0
    assert sum(total.ratings.values()) > 1000
    khcn = onestop_report(agency=Agency.objects.get(code=KHCN), start=SEED_START, end=SEED_END)
    assert khcn.procedures_published == 15
    assert khcn.total.received == khcn.total.returned == 1500
    assert khcn.total.late == 0
    history = Dossier.objects.filter(agency=tttt, received_on__lte=SEED_END)
    assert all(
        re.fullmatch(rf"{re.escape(TTTT)}-\d{{6}}-\d{{4}}", code)
        for code in history.values_list("code", flat=True)
    )
    assert not history.exclude(state=State.RETURNED).exists()
    assert Handover.objects.filter(dossier__in=history).count() == 5 * 8472
    assert Slip.objects.filter(dossier__in=history, kind=SlipKind.RECEIPT).count() == 8472
    # The statistics page and its Excel export say the same, for a person of the department.
    client = Client()
    client.force_login(User.objects.get(username="giamdoc.tttt"))
    url = reverse("onestop:stats", args=[tttt.pk])
    page = client.get(url, {"start": "2021-01-01", "end": "2022-09-15"})
    figures = page.content.decode()
    assert "<strong>34</strong>" in figures and "<strong>8.472</strong>" in figures
    assert "<strong>100,0%</strong>" in figures
    # The "onestop" section of the unit's figures says the seed's sentence, on the page too.
    section = build([tttt], SEED_START, SEED_END)[tttt.pk]
    assert {k: section[k] for k in SEED_SECTION} == SEED_SECTION
    shown = dict(re.findall(r'data-figure="onestop\.(\w+)">([^<]*)<', figures))
    assert shown == {f.key: f.shown for f in section.figures}
    assert (shown["received"], shown["returned_rate"]) == ("8.472", "100%")
    xlsx = client.get(url, {"start": "2021-01-01", "end": "2022-09-15", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["Số liệu"]
    row = next(r for r in sheet.iter_rows(values_only=True) if "Tổng cộng" in r)
    # Total, new, carried over, resolved, early, on time, late, …, returned, …, on-time rate.
    assert (row[2], row[3], row[4], row[5], row[8], row[11]) == (
        8472,
        8472,
        0,
        8472,
        0,
        8472,
    )
    assert row[14] == 100
    # One audit event per bulk load, and the chain still verifies.
    assert AuditEvent.objects.filter(verb="demo.history_loaded").count() == 2
    _checked, broken = verify_chains()
    assert broken == []


def test_a_second_load_adds_nothing(loaded):
    assert loaded.created > 8472 * 7  # dossiers, handovers, slips, ratings, catalogue
    counts = (Dossier.objects.count(), Procedure.objects.count(), AuditEvent.objects.count())
    again = load_demo()
    assert again.created == 0
    assert again.logins == []
    assert (Dossier.objects.count(), Procedure.objects.count(), AuditEvent.objects.count()) == (
        counts
    )


def test_live_dossiers_exist_in_every_state_and_intake_continues_the_sequences(loaded):
    today = timezone.localdate()
    for code in (TTTT, KHCN):
        live = Dossier.objects.filter(agency__code=code, received_on__gt=HISTORY_END)
        assert 40 <= live.count() <= 60, code
        assert live.filter(received_on__gte=today - dt.timedelta(days=120)).count() == live.count()
        assert live.filter(state__in=OPEN_STATES, due_on__lt=today).exists(), code
        assert live.filter(state=State.IN_PROGRESS, due_on__gte=today).exists(), code
        for state in (State.SUPPLEMENT, State.SUSPENDED, State.APPROVED, State.REJECTED):
            assert live.filter(state=state).exists(), (code, state)
        assert live.filter(state=State.RETURNED, rating__isnull=False).exists(), code
        assert live.filter(state=State.WITHDRAWN).exists(), code
        assert live.filter(state=State.REFUSED_AT_INTAKE).exists(), code
        assert live.filter(timeliness=Timeliness.LATE, slips__kind=SlipKind.APOLOGY).exists()

    # A dossier received on the last day of the history takes the next numbers.
    tttt = Agency.objects.get(code=TTTT)
    last_of_day = Counter.objects.get(agency=tttt, key=f"dossier:{SEED_END.isoformat()}").last
    last_receipt = Counter.objects.get(agency=tttt, key="slip:receipt:2022").last
    assert Dossier.objects.filter(code=f"{TTTT}-220915-{last_of_day:04d}").exists()
    assert Slip.objects.filter(
        dossier__agency=tttt, kind=SlipKind.RECEIPT, year=2022, number=last_receipt
    ).exists()
    late = services.dossier_receive(
        actor=Dossier.objects.filter(agency=tttt).first().received_by,
        agency=tttt,
        procedure=Procedure.objects.get(agency=tttt, code="1.003844"),
        applicant_kind="person",
        applicant_name="Nguyễn Văn Dân",
        applicant_id="001085012345",
        documents=[1, 2, 3],
        at=dt.datetime(2022, 9, 15, 17, 0, tzinfo=timezone.get_current_timezone()),
    )
    assert late.code == f"{TTTT}-220915-{last_of_day + 1:04d}"
    assert late.slips.get(kind=SlipKind.RECEIPT).number == last_receipt + 1
