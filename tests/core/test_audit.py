import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from danchu.core import services
from danchu.core.audit import audit_record, event_hash, verify_chains
from danchu.core.models import AuditEvent, AuditHead, Role
from tests.factories import make_unit


def verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out, stderr=out)
    return out.getvalue()


def test_every_service_write_leaves_an_event(cast):
    before = AuditEvent.objects.count()
    m = services.membership_add(
        actor=cast.a.admin,
        person=cast.a.staff,
        agency=cast.a.unit,
        role=Role.UNION_EXECUTIVE,
        start=dt.date(2025, 1, 1),
    )
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == before + 1
    assert event.verb == "membership.add"
    assert event.actor == cast.a.admin
    assert event.agency == cast.a.unit
    assert event.object_id == str(m.pk)
    assert event.changes["role"] == [None, "union_executive"]


def test_an_update_records_old_and_new_values(cast):
    services.agency_update(actor=cast.a.admin, agency=cast.a.division, name="Phòng Tổng hợp")
    event = AuditEvent.objects.latest("id")
    assert event.verb == "agency.update"
    assert event.changes == {"name": ["Phòng 1 Sở A", "Phòng Tổng hợp"]}


def test_the_chain_verifies(cast):
    assert "toàn vẹn" in verify()
    checked, broken = verify_chains()
    assert checked == AuditEvent.objects.count() > 0
    assert broken == []


def test_each_organisation_has_its_own_chain(cast):
    chains = set(AuditEvent.objects.values_list("chain", flat=True))
    assert f"org:{cast.a.unit.pk}" in chains
    assert f"org:{cast.b.unit.pk}" in chains
    positions = list(
        AuditEvent.objects.filter(chain=f"org:{cast.a.unit.pk}")
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert positions == list(range(1, len(positions) + 1))


def test_editing_one_stored_event_by_hand_is_detected_and_named(cast):
    victim = AuditEvent.objects.filter(chain=f"org:{cast.a.unit.pk}").order_by("position")[2]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET verb = %s WHERE id = %s", ["membership.end", victim.pk]
        )
    with pytest.raises(CommandError):
        verify()
    _checked, broken = verify_chains()
    assert len(broken) == 1
    assert broken[0].event_id == victim.pk
    assert broken[0].reason == "hash"
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "verify", stdout=out, stderr=out)
    assert f"#{victim.pk}" in out.getvalue()


def test_editing_the_changes_of_an_event_is_detected(cast):
    victim = AuditEvent.objects.filter(verb="membership.add").first()
    assert victim is not None
    AuditEvent.objects.filter(pk=victim.pk).update(changes={"role": [None, "head"]})
    _checked, broken = verify_chains()
    assert [b.event_id for b in broken] == [victim.pk]


def test_deleting_an_event_in_the_middle_is_detected(cast):
    chain = f"org:{cast.b.unit.pk}"
    victim = AuditEvent.objects.filter(chain=chain).order_by("position")[1]
    AuditEvent.objects.filter(pk=victim.pk).delete()
    _checked, broken = verify_chains()
    assert broken[0].chain == chain
    assert broken[0].position == victim.position
    assert broken[0].reason == "missing"


def test_deleting_the_last_event_is_detected(cast):
    chain = f"org:{cast.b.unit.pk}"
    AuditEvent.objects.filter(chain=chain).order_by("-position")[0].delete()
    _checked, broken = verify_chains()
    assert broken[0].reason == "truncated"


def test_rehashing_a_forged_event_still_breaks_the_next_link(cast):
    chain = f"org:{cast.a.unit.pk}"
    events = list(AuditEvent.objects.filter(chain=chain).order_by("position"))
    forged = events[1]
    forged.verb = "forged"
    forged.hash = event_hash(forged)
    AuditEvent.objects.filter(pk=forged.pk).update(verb=forged.verb, hash=forged.hash)
    _checked, broken = verify_chains()
    assert broken[0].event_id == events[2].pk
    assert broken[0].reason == "prev_hash"


@pytest.mark.django_db(transaction=True)
def test_an_event_outside_a_transaction_is_refused():
    unit = make_unit(kind="city", code="T1")
    with pytest.raises(RuntimeError):
        audit_record(actor=None, agency=None, verb="x", obj=unit)


def test_a_failed_write_leaves_no_event(cast):
    head = AuditHead.objects.get(chain=f"org:{cast.a.unit.pk}")
    count = AuditEvent.objects.count()

    def change_then_fail() -> None:
        with transaction.atomic():
            services.agency_update(actor=None, agency=cast.a.division, name="X")
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        change_then_fail()
    assert AuditEvent.objects.count() == count
    head.refresh_from_db()
    assert verify_chains()[1] == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    """Four threads, each with its own database connection, append to one chain at once."""
    import threading

    from django.db import connections

    unit = make_unit(kind="department", code="CONC")
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for k in range(10):
                services.agency_update(actor=None, agency=unit, name=f"Sở {n}-{k}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    chain = f"org:{unit.pk}"
    positions = list(
        AuditEvent.objects.filter(chain=chain)
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert positions == list(range(1, 42))  # the creation and forty updates
    assert verify_chains()[1] == []
