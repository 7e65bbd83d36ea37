"""Danchu against a peer, django-helpdesk, on the same cases.

The peer lives in an environment of its own (``<var>/bench-peer/venv``, made with ``uv`` on the
first run: django-helpdesk and the Django it asks for), with a database of its own on the same
server (``<name>_peer`` on PostgreSQL, a file beside Danchu's on SQLite). Danchu exports the
bench city's letters — one case each — and the peer loads them as tickets, one queue per unit
(``bench/peer/run.py``). Both sides then measure, in the same run on the same machine:

- creating a case: Danchu's ``letter_receive`` against helpdesk's ``TicketForm.save``;
- the list of one queue's cases, first page and 1,000th page: Danchu's letters list page
  against helpdesk's ticket list data view, both through the test client;
- open and overdue cases per queue: Danchu's ``open_counts`` (the letters overview's figures,
  one grouped query for every unit) against the per-queue counts of helpdesk's reports page.

The peer is each line's baseline; the goal is that Danchu is faster on every line, by 3× on the
lists.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from bench.measure import Line, Sample, rates, timed

ROOT = Path(__file__).resolve().parents[1]


def _venv() -> Path | None:
    home = Path(settings.VAR_DIR) / "bench-peer"
    python = home / "venv" / "bin" / "python"
    if python.exists():
        return python
    uv = shutil.which("uv")
    if uv is None:
        return None
    home.mkdir(parents=True, exist_ok=True)
    steps = [
        [uv, "venv", "-q", "--python", f"{sys.version_info.major}.{sys.version_info.minor}",
         str(home / "venv")],
        [uv, "pip", "install", "-q", "--python", str(python), "django-helpdesk",
         "psycopg[binary]"],
    ]  # fmt: skip
    for step in steps:
        if subprocess.run(step, check=False).returncode != 0:  # noqa: S603
            return None
    return python


def _database(city: str) -> str:
    """The peer's database, one per bench city (the quick one and the full one hold different
    cases): beside Danchu's, created when missing."""
    suffix = city.lower().replace("-", "_")
    if connection.vendor != "postgresql":
        return str(Path(settings.VAR_DIR) / "bench-peer" / f"peer_{suffix}.sqlite3")
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_peer_{suffix}"
    auth = f"{params['USER']}" + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
    server = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    with psycopg.connect(f"postgresql://{auth}@{server}/postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            c.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://{auth}@{server}/{name}"


def _export(units: list[int], path: Path) -> int:
    from danchu.core.models import Agency
    from danchu.letters.models import OPEN_STATES, Letter

    codes = dict(Agency.objects.filter(pk__in=units).values_list("pk", "code"))
    rows = Letter.objects.filter(agency_id__in=units).values_list(
        "agency_id", "matter", "content", "received_on", "due_on", "handling_due_on", "state"
    )
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for agency, matter, content, received, due, handling, state in rows.iterator(5000):
            deadline = due or handling
            case = {
                "queue": codes[agency],
                "title": matter,
                "body": content,
                "received": received.isoformat(),
                "due": deadline.isoformat() if deadline else None,
                "open": state in OPEN_STATES,
            }
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
            n += 1
    return n


def _peer(
    python: Path, cases: Path, city: str, queue: str, repeat: int, page: int
) -> dict[str, Any]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VIRTUAL_ENV"))},
        "PEER_DATABASE": _database(city),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.peer.settings",
    }
    done = subprocess.run(  # noqa: S603
        [str(python), "-m", "bench.peer.run", str(cases), queue, str(repeat), str(page)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the peer failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _sample(runs: list[float], unit: str = "ms") -> Sample:
    return Sample(statistics.median(runs), min(runs), max(runs), unit)


def versus(run: Any) -> None:
    from danchu.core.models import Agency, User
    from danchu.core.paging import _encode
    from danchu.letters import services
    from danchu.letters.models import Letter
    from danchu.letters.selectors import open_counts
    from danchu.letters.vault import Person

    python = _venv()
    if python is None:
        print("  the peer's environment could not be made (uv and the package index needed)")
        return
    units = [u.agency_id for u in run.city.units]
    big = run.big
    home = Path(settings.VAR_DIR) / "bench-peer"
    home.mkdir(parents=True, exist_ok=True)
    cases = home / f"cases-{run.city.city.code}.jsonl"
    total = _export(units, cases)
    centre = Agency.objects.get(pk=big.agency_id)
    rows = Letter.objects.filter(agency_id=big.agency_id)
    count = rows.count()
    page = min(1000, max(2, count // 25))
    peer = _peer(python, cases, run.city.city.code, centre.code, run.repeat, page)
    assert peer["tickets"] >= total, (peer["tickets"], total)

    client = Client()
    client.force_login(User.objects.get(pk=big.head_id))
    url = reverse("letters:letter_list", args=[big.agency_id])
    last = rows.order_by("-received_on", "-id")[(page - 1) * 25 - 1]
    deep_url = f"{url}?after={_encode([last.received_on, last.pk])}&page={page}"

    def get(address: str) -> Any:
        def fetch() -> object:
            response = client.get(address)
            assert response.status_code == 200
            return response

        return fetch

    first = timed(get(url), repeat=run.repeat)
    deep = timed(get(deep_url), repeat=run.repeat)
    orgs = list(Agency.objects.filter(pk__in=units))
    everyone = Letter.objects.filter(agency__in=orgs)
    figures = timed(lambda: open_counts(everyone, run.today), repeat=run.repeat)
    clerk = User.objects.get(pk=big.petitions_id)
    serial = iter(range(10**9))
    batch = 20

    def creates() -> object:
        for _ in range(batch):
            n = next(serial)
            services.letter_receive(
                actor=clerk,
                agency=centre,
                received_on=run.today,
                channel="post",
                kind="petition",
                matter=f"Kiến nghị số {n} về trạm phát sóng",
                content="Đề nghị cơ quan xem xét, giải quyết theo quy định.",
                signatories=[Person(name="Nguyễn Văn Dân", address="Số 1 phố Huế")],
            )
        return None

    made = timed(creates, repeat=max(3, run.repeat // 2))
    notes = [f"{peer['tickets']:,} tickets in {peer['queues']} queues; the queue has "
             f"{peer['queue_rows']:,}"]  # fmt: skip
    for name, ours, theirs, goal in (
        (f"list of a queue's cases, first page ({count:,} cases)", first, "list_first", 1 / 3),
        (f"list of a queue's cases, page {page:,}", deep, "list_deep", 1 / 3),
        (f"open and overdue cases per queue ({len(orgs)} queues)", figures, "counts", 1.0),
    ):
        run.add(Line("peer", name, ours, "django-helpdesk", _sample(peer[theirs]), goal, notes))
    run.add(
        Line(
            "peer",
            "cases created (one process)",
            rates([batch / made.high, batch / made.median, batch / made.low]),
            "django-helpdesk",
            _sample(peer["create"], "/s"),
            1.0,
        )
    )
