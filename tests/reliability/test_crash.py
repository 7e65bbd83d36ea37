"""Crash test of intake: dossiers received through the HTTP API by the production server
(gunicorn, sync workers, on loopback) while the server is killed with SIGKILL, or while its
database connections are dropped, mid-load. Every key is then retried, twice at once (a client
that gives up waiting and retries while its first request still runs).

What a crash may cost is the answer to a request in flight, nothing else:

- every dossier whose creation was acknowledged (2xx with its id) exists, once;
- none is half-written: each has its receipt slip, its two handovers (the desk's step done, the
  handling officer's open), the handling officer as assignee and exactly one ``dossier.receive``
  audit event; no such event points to a missing dossier; the daily dossier numbers and the
  yearly receipt-slip numbers run 1..n without a gap or a repeat and their counters stand at n;
- a retry with the same ``Idempotency-Key`` returns the original (the same answer, 200); a key
  whose first request was not acknowledged gives one dossier, answered 201 once and 200 to the
  concurrent retry;
- the audit chains still verify.

PostgreSQL only: the server's processes work on the test database beside the test, and the
connections are dropped with ``pg_terminate_backend``. Each test prints its figures.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from danchu.core import services as core_services
from danchu.core.audit import verify_chains
from danchu.core.models import AuditEvent, Role, User
from danchu.onestop.models import Counter, Dossier, Handover, Procedure, Slip
from tests.conftest import Cast
from tests.factories import give_role, make_person
from tests.onestop.conftest import make_procedure

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="the crash test needs PostgreSQL (DATABASE_URL=postgres://...): the server's "
        "processes share the test database, and connections are dropped by pg_terminate_backend",
    ),
    pytest.mark.django_db(transaction=True),
]

REQUESTS = 120  # intake requests per test, each with its own idempotency key
THREADS = 6  # concurrent clients
WORKERS = 3  # gunicorn sync workers
TIMEOUT = 20.0  # seconds a client waits for an answer


# --- The server --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _group_alive(pgid: int) -> list[int]:
    """Processes of the group ``pgid`` still running (zombies are dead, whoever reaps them)."""
    proc = Path("/proc")
    if not proc.exists():  # not Linux: ask the kernel about the group as a whole
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return []
        return [pgid]
    alive = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":  # pgrp, state
            alive.append(int(entry.name))
    return alive


def _killpg(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def _database_url(application_name: str) -> str:
    """The test database (``test_<name>``, ``_gw<n>`` under xdist), under a name of its own in
    ``pg_stat_activity`` so that the test can tell the server's connections apart."""
    s = connection.settings_dict
    user, password = quote(s["USER"] or "", safe=""), quote(s["PASSWORD"] or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(s["HOST"] or "localhost", safe="")
    port = s["PORT"] or 5432
    name = quote(s["NAME"], safe="")
    return f"postgres://{auth}{host}:{port}/{name}?application_name={application_name}"


def _server_backends(application_name: str) -> list[tuple[int, str, bool]]:
    """(pid, state, in a transaction) of the server's database connections."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, coalesce(state, ''), xact_start IS NOT NULL FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND application_name = %s",
            [application_name],
        )
        return [(int(pid), str(state), bool(tx)) for pid, state, tx in cursor.fetchall()]


# The application loaded once in the master, with what a worker would otherwise import on its
# first intake (seconds each here, on a load of a few seconds): the URLconf with the API's
# schemas, and the holiday tables of the working-day calendar. The workers fork with them; no
# database connection is opened before the fork.
GUNICORN_CONF = """
preload_app = True


def when_ready(server):
    import holidays.countries
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns
    connections.close_all()
"""


class Gunicorn:
    """``gunicorn danchu.wsgi:application`` on a free loopback port, in its own session (so
    that SIGKILL reaches the master and every worker at once), on the test database."""

    def __init__(self, var_dir: Path, pycache: Path, name: str) -> None:
        self.var_dir, self.pycache, self.name = var_dir, pycache, name
        self.application_name = f"danchu_crash_{os.getpid()}_{name}"
        self.log = var_dir / f"gunicorn-{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    def start(self) -> None:
        self.port = _free_port()
        config = self.var_dir / "gunicorn_conf.py"
        config.write_text(GUNICORN_CONF)
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in {
                "DANCHU_REPLICA_URL",
                "DANCHU_DEBUG",
                "DANCHU_SQLITE_PATH",
                "PYTHONDONTWRITEBYTECODE",
            }
        }
        env |= {
            "DJANGO_SETTINGS_MODULE": "danchu.settings",
            "DATABASE_URL": _database_url(self.application_name),
            "DANCHU_CONN_MAX_AGE": "60",  # persistent connections, as in production
            "DANCHU_ENV": "development",  # production mode wants TLS in front
            "DANCHU_VAR_DIR": str(self.var_dir),
            "DANCHU_LOG_LEVEL": "ERROR",
            "PYTHONUNBUFFERED": "1",
            # Compiled modules kept for the next server and run, in pytest's cache (the
            # environment may forbid writing them next to the sources): compiling the app from
            # source costs each start seconds, as it would in no deployment.
            "PYTHONPYCACHEPREFIX": str(self.pycache),
        }
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(  # noqa: S603  # our own interpreter and arguments
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "danchu.wsgi:application",
                    "--config",
                    str(config),
                    "--workers",
                    str(WORKERS),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--log-level",
                    "warning",
                    "--timeout",
                    "30",
                    "--graceful-timeout",
                    "5",
                ],
                env=env,
                cwd=self.var_dir,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                if _request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"gunicorn did not start:\n{self.tail()}")
            time.sleep(0.1)

    def kill(self, sig: signal.Signals = signal.SIGKILL) -> None:
        """Send ``sig`` to the whole group, then SIGKILL whatever is left after 10 s; return
        once no process of the group runs and the database has let go of its connections."""
        if self.proc is None:
            return
        pgid = self.proc.pid  # the session leader: its pid is the group's id
        _killpg(pgid, sig)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            _killpg(pgid, signal.SIGKILL)
            self.proc.wait(10)
        self.proc = None
        deadline = time.monotonic() + 10
        while _group_alive(pgid):
            if time.monotonic() > deadline:
                _killpg(pgid, signal.SIGKILL)
                time.sleep(0.5)
                assert not _group_alive(pgid), f"server processes survived: {_group_alive(pgid)}"
                break
            time.sleep(0.05)
        # A killed client's backend ends (rolling its transaction back) once it reads the
        # closed socket; what the crash left is settled only then.
        deadline = time.monotonic() + 15
        while _server_backends(self.application_name):
            assert time.monotonic() < deadline, "the killed server's connections did not end"
            time.sleep(0.05)

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@pytest.fixture
def servers(
    transactional_db: None, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Gunicorn]]:
    """Start servers by name; every one is killed, and none of its processes left running,
    before the database is emptied."""
    started: list[Gunicorn] = []

    def start(name: str) -> Gunicorn:
        server = Gunicorn(tmp_path, request.config.cache.mkdir("danchu-pycache"), name)
        started.append(server)
        server.start()
        return server

    try:
        yield start
    finally:
        errors = []
        for server in started:
            try:
                server.kill()
            except AssertionError as exc:  # the others are killed all the same
                errors.append(exc)
        assert not errors, errors


# --- The load ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiDesk:
    cast: Cast
    handler: User
    procedure: Procedure
    token: str

    @property
    def path(self) -> str:
        return f"/api/v1/onestop/units/{self.cast.a.unit.pk}/dossiers"

    def payload(self, n: int) -> dict[str, Any]:
        """Request ``n``'s applicant, distinct per request so a dossier can be traced back."""
        return {
            "procedure_id": self.procedure.pk,
            "applicant_kind": "person",
            "applicant_name": f"Người nộp {n:04d}",
            "applicant_id": f"{1_000_000_000 + n:012d}",
            "documents": [1, 2],
            "channel": "online",
        }


@pytest.fixture
def api_desk(cast: Cast) -> ApiDesk:
    """Department A's desk (its one-stop officer sends through a token), a handling officer who
    takes the second step, and a published five-step procedure; all committed."""
    handler = make_person(agency=cast.a.unit, username="crash_handler", full_name="Thụ lý")
    give_role(handler, cast.a.division, Role.HANDLING_OFFICER)
    _token, raw = core_services.api_token_create(actor=cast.a.officer, name="crash test")
    return ApiDesk(cast, handler, make_procedure(cast), raw)


def _request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass
class Outcome:
    status: int  # 0: no answer (refused, reset, timed out)
    body: dict[str, Any] | None
    error: str
    started: float
    ended: float

    @property
    def acknowledged(self) -> bool:
        return self.status in (200, 201) and self.body is not None and "id" in self.body


def _send(server: Gunicorn, desk: ApiDesk, n: int, key: str) -> Outcome:
    began = time.monotonic()
    headers = {
        "Authorization": f"Bearer {desk.token}",
        "Content-Type": "application/json",
        "Idempotency-Key": key,
    }
    try:
        status, raw = _request(
            server.port, "POST", desk.path, json.dumps(desk.payload(n)).encode(), headers
        )
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(0, None, type(exc).__name__, began, time.monotonic())
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    error = "" if status < 400 else raw[:200].decode(errors="replace")
    return Outcome(status, body if isinstance(body, dict) else None, error, began, time.monotonic())


def _load(
    server: Gunicorn,
    desk: ApiDesk,
    keys: dict[str, int],
    fault: Callable[[int], None] = lambda acked: None,
    copies: int = 1,
) -> dict[str, list[Outcome]]:
    """Every key's request from ``THREADS`` clients, ``copies`` times at once (a client that
    retries while its first request still runs); meanwhile ``fault`` is called with the number
    acknowledged so far, from this thread (which holds the test's database connection)."""
    with ThreadPoolExecutor(THREADS) as pool:
        futures = {
            key: [pool.submit(_send, server, desk, n, key) for _ in range(copies)]
            for key, n in keys.items()
        }
        every = [f for fs in futures.values() for f in fs]
        while not all(f.done() for f in every):
            fault(sum(1 for f in every if f.done() and f.result().acknowledged))
            time.sleep(0.005)
    return {key: [f.result() for f in fs] for key, fs in futures.items()}


# --- What the database holds -------------------------------------------------------------------


@dataclass
class Findings:
    by_key: dict[str, list[int]]  # idempotency key -> ids of its dossiers
    half_written: list[str] = field(default_factory=list)


def _examine(desk: ApiDesk, keys: dict[str, int]) -> Findings:
    """Every dossier of the unit and what intake writes with it, read back whole."""
    unit = desk.cast.a.unit
    dossiers = list(Dossier.objects.filter(agency=unit).order_by("id"))
    found = Findings(by_key=defaultdict(list))
    bad = found.half_written
    slips: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for dossier_id, kind, number, year in Slip.objects.filter(dossier__agency=unit).values_list(
        "dossier_id", "kind", "number", "year"
    ):
        slips[dossier_id].append((kind, number, year))
    handovers: dict[int, list[tuple[int, bool, int | None]]] = defaultdict(list)
    for dossier_id, order, finished, to_user in (
        Handover.objects.filter(dossier__agency=unit)
        .order_by("id")
        .values_list("dossier_id", "step_order", "finished_at", "to_user_id")
    ):
        handovers[dossier_id].append((order, finished is not None, to_user))
    events: dict[str, list[str]] = defaultdict(list)
    for object_id, code in AuditEvent.objects.filter(
        verb="dossier.receive", object_type="onestop.dossier"
    ).values_list("object_id", "changes__code"):
        events[object_id].append(code[1] if isinstance(code, list) else "")
    numbers: dict[Any, list[int]] = defaultdict(list)
    for d in dossiers:
        what = f"dossier {d.pk} ({d.code}, key {d.idempotency_key})"
        found.by_key[d.idempotency_key or ""].append(d.pk)
        n = keys.get(d.idempotency_key or "")
        if n is None:
            bad.append(f"{what}: no key sent by the test")
        elif (d.applicant_name, d.applicant_id) != (
            desk.payload(n)["applicant_name"],
            desk.payload(n)["applicant_id"],
        ):
            bad.append(f"{what}: another request's applicant {d.applicant_name}")
        prefix = f"{unit.code}-{d.received_on:%y%m%d}-"
        if not (d.code.startswith(prefix) and d.code[len(prefix) :].isdigit()):
            bad.append(f"{what}: code not of the unit's daily sequence")
        else:
            numbers[d.received_on].append(int(d.code[len(prefix) :]))
        if (d.state, d.step_order, d.assignee_id, d.handler_id) != (
            "in_progress",
            2,
            desk.handler.pk,
            desk.handler.pk,
        ) or d.due_on is None:
            bad.append(f"{what}: not handed to the handling officer ({d.state}, {d.step_order})")
        if [s[0] for s in slips[d.pk]] != ["receipt"]:
            bad.append(f"{what}: slips {slips[d.pk]} instead of one receipt")
        if handovers[d.pk] != [(1, True, desk.cast.a.officer.pk), (2, False, desk.handler.pk)]:
            bad.append(f"{what}: handovers {handovers[d.pk]}")
        if events.pop(str(d.pk), []) != [d.code]:
            bad.append(f"{what}: not exactly one dossier.receive audit event")
    bad.extend(f"audit event for dossier {pk} that does not exist" for pk in events)
    counters = dict(Counter.objects.filter(agency=unit).values_list("key", "last"))
    for day, seen in numbers.items():
        if sorted(seen) != list(range(1, len(seen) + 1)):
            bad.append(f"dossier numbers of {day} have a gap or a repeat: {sorted(seen)}")
        if counters.get(f"dossier:{day.isoformat()}") != len(seen):
            bad.append(f"the counter of {day} does not match its {len(seen)} dossiers")
    receipts: dict[int, list[int]] = defaultdict(list)
    for rows in slips.values():
        for kind, number, year in rows:
            if kind == "receipt":
                receipts[year].append(number)
    for year, seen in receipts.items():
        if sorted(seen) != list(range(1, len(seen) + 1)):
            bad.append(f"receipt slips of {year} have a gap or a repeat")
        if counters.get(f"slip:receipt:{year}") != len(seen):
            bad.append(f"receipt counter of {year} does not match its {len(seen)} slips")
    return found


# --- The test's course -------------------------------------------------------------------------


class Fault:
    """What happens to the server during the load: ``strike`` is called with the number of
    requests acknowledged so far and records when it struck."""

    def __init__(self) -> None:
        self.struck: list[float] = []

    def __call__(self, acked: int) -> None:
        if self.strike(acked):
            self.struck.append(time.monotonic())

    def strike(self, acked: int) -> bool:
        raise NotImplementedError


def _report(capsys: pytest.CaptureFixture[str], title: str, figures: dict[str, Any]) -> None:
    line = ", ".join(f"{k} {v}" for k, v in figures.items())
    with capsys.disabled():
        print(f"\n[crash test] {title}: {line}")


def _crash_and_retry(
    desk: ApiDesk, first: Gunicorn, fault: Fault, restart: Callable[[], Gunicorn]
) -> dict[str, Any]:
    """The load with a fault in it, what the fault left, every key retried, what is left then;
    the assertions of the module's docstring, and the figures."""
    keys = {f"crash-{first.name}-{n:04d}": n for n in range(REQUESTS)}
    began = time.monotonic()
    first_pass = {k: o for k, (o,) in _load(first, desk, keys, fault).items()}
    load_seconds = time.monotonic() - began
    assert fault.struck, "the fault never struck: the load ended first"
    failed_before_fault = {
        k: (o.status, o.error)
        for k, o in first_pass.items()
        if not o.acknowledged and o.ended < fault.struck[0]
    }
    assert not failed_before_fault, f"failures before any fault: {failed_before_fault}"
    acked = {k: o.body for k, o in first_pass.items() if o.acknowledged and o.body}
    began = time.monotonic()
    server = restart()
    restart_seconds = time.monotonic() - began

    after = _examine(desk, keys)
    found = {k: ids for k, ids in after.by_key.items() if k in keys}
    lost = sorted(k for k, body in acked.items() if found.get(k) != [body["id"]])
    duplicated = sorted(k for k, ids in found.items() if len(ids) > 1)
    assert not after.half_written, after.half_written
    assert not lost, f"acknowledged but lost: {lost}"
    assert not duplicated, f"duplicated: {duplicated}"

    began = time.monotonic()
    retried = _load(server, desk, keys, copies=2)
    retry_seconds = time.monotonic() - began
    failures = {
        k: [(o.status, o.error) for o in os if not o.acknowledged]
        for k, os in retried.items()
        if not all(o.acknowledged for o in os)
    }
    assert not failures, f"retries not acknowledged: {failures}\n{server.tail()}"
    again = {k: [(o.status, o.body or {}) for o in os] for k, os in retried.items()}
    ids = {k: {body["id"] for _, body in answers} for k, answers in again.items()}
    assert all(len(v) == 1 for v in ids.values()), "two retries of a key, two dossiers"
    matched = [k for k, body in acked.items() if again[k] == [(200, body)] * 2]
    assert len(matched) == len(acked), [
        (body, again[k]) for k, body in acked.items() if k not in matched
    ][:3]
    for key, found_ids in found.items():  # created, whether or not the answer got through
        assert again[key] == [(200, again[key][0][1])] * 2 and ids[key] == set(found_ids), key
    created_on_retry = [k for k in keys if k not in found]
    statuses = {k: tuple(sorted(status for status, _ in again[k])) for k in created_on_retry}
    assert statuses == dict.fromkeys(created_on_retry, (200, 201)), statuses

    final = _examine(desk, keys)
    assert not final.half_written, final.half_written
    assert {k: len(ids) for k, ids in final.by_key.items()} == dict.fromkeys(keys, 1)
    assert all(set(final.by_key[k]) == ids[k] for k in keys)
    checked, broken = verify_chains()
    assert broken == [], broken
    answers = [o.status for o in first_pass.values()]
    return {
        "requests": len(keys),
        "acknowledged": len(acked),
        "unanswered": answers.count(0),
        "5xx": sum(1 for s in answers if s >= 500),
        "found after the fault": len(found),
        "created but unacknowledged": len(found) - len(acked),
        "lost": len(lost),
        "duplicated": len(duplicated),
        "retries (2 at once per key)": 2 * len(keys),
        "keys whose retries return the original": f"{len(matched)}/{len(acked)}",
        "keys whose retries return an unacknowledged one": len(found) - len(acked),
        "created on retry": len(created_on_retry),
        "dossiers at the end": sum(len(ids) for ids in final.by_key.values()),
        "audit events verified": checked,
        "load s": round(load_seconds, 1),
        "restart s": round(restart_seconds, 1),
        "retries s": round(retry_seconds, 1),
    }


class Kill(Fault):
    """SIGKILL to the server's process group once a third of the requests are acknowledged."""

    def __init__(self, server: Gunicorn) -> None:
        super().__init__()
        self.server = server

    def strike(self, acked: int) -> bool:
        if self.struck or acked < REQUESTS // 3 or self.server.proc is None:
            return False
        os.killpg(self.server.proc.pid, signal.SIGKILL)
        return True


class Drop(Fault):
    """At 1/4, 1/2 and 3/4 of the requests acknowledged, every database connection of the
    server is terminated, once one of them is inside a transaction (or after 0.5 s)."""

    def __init__(self, server: Gunicorn) -> None:
        super().__init__()
        self.server = server
        self.terminated = self.mid_transaction = 0

    def strike(self, acked: int) -> bool:
        if len(self.struck) >= 3 or acked < REQUESTS * (len(self.struck) + 1) // 4:
            return False
        deadline = time.monotonic() + 0.5
        backends = _server_backends(self.server.application_name)
        while not any(tx and state != "idle" for _, state, tx in backends):
            if time.monotonic() > deadline:
                break
            backends = _server_backends(self.server.application_name)
        with connection.cursor() as cursor:
            for pid, _state, _tx in backends:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        self.terminated += len(backends)
        self.mid_transaction += sum(1 for _, state, tx in backends if tx and state != "idle")
        return True


def test_sigkill_mid_load_loses_and_duplicates_nothing(api_desk, servers, capsys):
    """The requests in flight at the kill and those after get no answer; a new server on the
    same database takes the retries."""
    first = servers("kill")

    def restart() -> Gunicorn:
        first.kill()  # reaps the group and waits for its database connections to end
        return servers("after-kill")

    began = time.monotonic()
    figures = _crash_and_retry(api_desk, first, Kill(first), restart)
    figures["wall s"] = round(time.monotonic() - began, 1)
    _report(capsys, "SIGKILL", figures)


def test_dropped_database_connections_lose_and_duplicate_nothing(api_desk, servers, capsys):
    """The requests whose connection is terminated fail; the server keeps serving (Django
    reconnects) and takes the retries itself."""
    server = servers("drop")
    drop = Drop(server)
    began = time.monotonic()
    figures = _crash_and_retry(api_desk, server, drop, lambda: server)
    figures["wall s"] = round(time.monotonic() - began, 1)
    figures["connections terminated"] = drop.terminated
    figures["of which mid-transaction"] = drop.mid_transaction
    _report(capsys, "connection drop", figures)
    assert len(drop.struck) == 3
    assert figures["acknowledged"] > REQUESTS * 3 // 4, "the server stopped serving after a drop"
