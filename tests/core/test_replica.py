"""Reports and dashboards read from the read replica; everything else, and every write, goes to
the primary.

The replica is a second database alias opened on the test database itself — a second real
connection, as a streaming replica would be — added for this module only. The tests are
transactional, so what the primary commits is what the replica sees."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.core.models import Agency
from danchu.core.routers import REPLICA, replica_configured, replica_reads
from tests.conftest import Cast, login

PERIOD = {"start": "2026-01-01", "end": "2026-03-31"}


@pytest.fixture(scope="module", autouse=True)
def replica(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    assert not replica_configured()
    connections.settings[REPLICA] = {**connections.settings["default"], "TEST": {"MIRROR": None}}
    try:
        yield
    finally:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


def _tables(ctx: CaptureQueriesContext) -> str:
    return " ".join(q["sql"] for q in ctx.captured_queries)


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_the_city_dashboard_reads_the_replica(cast: Cast, client):
    login(client, cast.steering)
    with (
        CaptureQueriesContext(connections[REPLICA]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(reverse("reports:city"), PERIOD)
    assert response.status_code == 200
    assert "onestop_dossier" in _tables(replica) and "letters_letter" in _tables(replica)
    assert "onestop_dossier" not in _tables(primary)
    assert "letters_letter" not in _tables(primary)
    # The session and the login are the primary's: only the view runs on the replica.
    assert "django_session" in _tables(primary)


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_the_qcdc_report_and_its_api_read_the_replica(cast: Cast, client):
    login(client, cast.a.head)
    unit = cast.a.unit.pk
    for url in (
        reverse("reports:qcdc", kwargs={"unit": unit}),
        reverse("api:reports_qcdc_api", kwargs={"unit_id": unit}),
    ):
        with (
            CaptureQueriesContext(connections[REPLICA]) as replica,
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            response = client.get(url, PERIOD)
        assert response.status_code == 200, url
        assert "onestop_dossier" in _tables(replica), url
        assert "onestop_dossier" not in _tables(primary), url


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_other_pages_read_the_primary(cast: Cast, client):
    login(client, cast.a.officer)
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        assert (
            client.get(reverse("onestop:queue", kwargs={"unit": cast.a.unit.pk})).status_code == 200
        )
        assert client.get(reverse("core:home")).status_code == 200
    assert replica.captured_queries == []


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_a_row_read_from_the_replica_is_written_to_the_primary(cast: Cast):
    with replica_reads():
        unit = Agency.objects.get(pk=cast.a.unit.pk)
    assert unit._state.db == REPLICA
    unit.address = "Số 1 Tràng Tiền"
    with (
        CaptureQueriesContext(connections[REPLICA]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        unit.save(update_fields=["address"])
    assert "UPDATE" in _tables(primary) and replica.captured_queries == []
    assert Agency.objects.get(pk=unit.pk).address == "Số 1 Tràng Tiền"


def test_an_async_view_is_refused():
    from danchu.core.routers import reads_from_replica

    async def view(request: object) -> None:
        return None

    with pytest.raises(TypeError):
        reads_from_replica(view)
