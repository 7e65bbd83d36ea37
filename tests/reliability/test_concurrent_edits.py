"""Two officers act on the same dossier or letter at once: one wins, the other is told the
record was changed by someone else and to reload; nothing is lost.

The races run on PostgreSQL with real concurrency: two threads, each with its own database
connection. The first holds its transaction open after its write; the second starts while it
does. Without the row lock the second would read the old revision, pass the check and write
over the first (the tests would then fail); with it, the second waits, sees the new revision
and is refused."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.urls import reverse

from danchu.core.errors import DomainError
from danchu.core.models import AuditEvent
from danchu.letters.actions import run
from danchu.letters.models import Letter
from danchu.onestop import services as onestop
from danchu.onestop.models import Dossier
from tests.letters.conftest import Reception
from tests.onestop.conftest import Desk

pytestmark = pytest.mark.django_db(transaction=True)
postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL's row locks"
)
HOLD = 0.6  # how long the first writer keeps its transaction open after writing


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC), tick=True):
        yield


def _race(first: Callable[[], Any], second: Callable[[], Any]) -> list[Any]:
    """Run ``first`` (kept open for HOLD seconds after it returns) and, while it is open,
    ``second``; each in its own thread and connection. Returns each outcome or exception."""
    outcomes: list[Any] = [None, None]
    started = threading.Event()

    def one() -> None:
        try:
            with transaction.atomic():
                outcomes[0] = first()
                started.set()
                time.sleep(HOLD)
        except Exception as e:  # the outcome under test
            outcomes[0] = e
        finally:
            started.set()
            connections.close_all()

    def two() -> None:
        started.wait(10)
        began = time.monotonic()
        try:
            outcomes[1] = second()
        except Exception as e:  # the outcome under test
            outcomes[1] = e
        finally:
            outcomes.append(time.monotonic() - began)
            connections.close_all()

    threads = [threading.Thread(target=one), threading.Thread(target=two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


@postgres
def test_two_officers_move_the_same_dossier_one_is_told_to_reload(desk: Desk):
    dossier = desk.receive()
    seen = dossier.revision
    first, second, waited = _race(
        lambda: onestop.dossier_advance(actor=desk.handler, dossier=dossier, revision=seen),
        lambda: onestop.dossier_advance(actor=desk.chief, dossier=dossier, revision=seen),
    )
    assert isinstance(first, Dossier), first
    assert isinstance(second, DomainError) and second.code == "stale", second
    assert second.status == 409
    assert waited >= HOLD * 0.8  # the second really waited on the first's lock
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.revision == seen + 1 and fresh.step_order == first.step_order
    assert AuditEvent.objects.filter(verb="dossier.advance", object_id=str(dossier.pk)).count() == 1


@postgres
def test_two_officers_classify_the_same_letter_one_is_told_to_reload(rc: Reception):
    letter = rc.receive()
    seen = {"revision": str(letter.revision)}
    petition = {**seen, "kind": "petition", "eligibility": "eligible"}
    denunciation = {**seen, "kind": "denunciation", "eligibility": "eligible"}
    first, second, _waited = _race(
        lambda: run(rc.clerk, letter, "classify", petition),
        lambda: run(rc.clerk, Letter.objects.get(pk=letter.pk), "classify", denunciation),
    )
    assert isinstance(first, Letter), first
    assert isinstance(second, DomainError) and second.code == "stale", second
    fresh = Letter.objects.get(pk=letter.pk)
    assert fresh.kind == "petition" and fresh.revision == letter.revision + 1


@postgres
def test_two_edits_without_a_revision_are_both_kept(rc: Reception):
    """An API client that sends no revision: the row lock serialises the writes, and the
    second builds on the first (no lost update, the revision counts both)."""
    letter = rc.receive()
    people = {"handler": rc.verifier.pk, "leader": rc.cast.a.head.pk}
    first, second, waited = _race(
        lambda: run(rc.clerk, letter, "classify", {"kind": "petition", "eligibility": "eligible"}),
        lambda: run(rc.cast.a.head, letter, "assign", people),
    )
    assert isinstance(first, Letter) and isinstance(second, Letter), (first, second)
    assert waited >= HOLD * 0.8
    fresh = Letter.objects.get(pk=letter.pk)
    assert fresh.kind == "petition" and fresh.handler_id == rc.verifier.pk
    assert fresh.revision == letter.revision + 2


def test_the_page_says_changed_by_someone_else(rc: Reception, client):
    letter = rc.receive()
    client.force_login(rc.clerk)
    detail = client.get(reverse("letters:letter", kwargs={"pk": letter.pk}))
    assert f'name="revision" value="{letter.revision}"'.encode() in detail.content
    url = reverse("letters:action", kwargs={"pk": letter.pk, "action": "classify"})
    data = {"revision": letter.revision, "kind": "petition", "eligibility": "eligible"}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "kind": "denunciation"})
    assert stale.status_code == 409
    assert "người khác thay đổi" in stale.content.decode()
    assert Letter.objects.get(pk=letter.pk).kind == "petition"
    api = client.post(
        f"/api/v1/letters/letters/{letter.pk}/classify",
        {**data, "kind": "denunciation"},
        content_type="application/json",
    )
    assert api.status_code == 409 and api.json()["error"]["code"] == "stale"
    assert "người khác thay đổi" in api.json()["error"]["message"]
