"""The denouncer's identity never leaves the vault except to the person the head designated.

One denunciation with a unique name goes through intake (the page), classification,
acceptance and assignment; then a verifier (the case's handling officer), an outsider (the
same role in department B), a steering-committee member, the head and a board member look at
every list, search, detail, export, report (page, Word, Excel), dashboard and API answer they
can reach; the name is in none of them, nor in any SQL statement sent while the letter was
handled, any log line, any queued mail, the database itself (the SQLite file, or every row of
every table on PostgreSQL), the public portal's pages or a backup archive.
Only the reception officer the head designated sees it, after giving a reason, and that
opening is in the audit and in the list the head and the board read.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import tarfile
import uuid
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from danchu.core import backup
from danchu.core.models import AuditEvent, User
from danchu.letters import services
from danchu.letters.models import Letter, VaultOpening
from tests.conftest import login
from tests.letters.conftest import Reception

TODAY = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)


def _text(response, echo: str = "") -> str:
    """The body, without the viewer's own search words echoed back (the search box, the
    language switch's return address): those are what they typed, not what they found."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    body = response.content.decode("utf-8", "replace")
    if echo:
        for form in (quote_plus(echo), quote(echo), escape(echo), echo):
            body = body.replace(form, "")
    return body


def _database_text(marker: str) -> str:
    """Everything the database holds, as text in which ``marker`` could be found."""
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        assert name.is_file(), name  # the test database is a file, not memory
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
        files = [name, Path(f"{name}-wal")]
        return "".join(p.read_bytes().decode("utf-8", "replace") for p in files if p.exists())
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                f'SELECT count(*) FROM "{table}" AS t WHERE t::text ILIKE %s',  # noqa: S608
                [f"%{marker}%"],
            )
            if cursor.fetchone()[0]:
                hits.append(f"{table}:{marker}")
    return " ".join(hits)


@pytest.mark.django_db(transaction=True)
def test_the_denouncers_name_is_nowhere_but_in_the_vault(
    rc: Reception, client, caplog, django_capture_on_commit_callbacks, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    caplog.set_level(logging.DEBUG)
    token = uuid.uuid4().hex[:12]
    name = f"Hoàng Thị Bảo Mật {token}"
    a = rc.cast.a
    a.head.email, rc.verifier.email = "gd@example.vn", "xm@example.vn"
    a.head.save()
    rc.verifier.save()
    with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as sql:
        login(client, rc.clerk)
        response = client.post(
            reverse("letters:letter_create", kwargs={"unit": a.unit.pk}),
            {
                "received_on": "2026-05-25",
                "channel": "direct",
                "kind": "denunciation",
                "signatories": f"{name}; Số 9 ngõ Bí Mật; 001190{token[:6]}; 0912000111",
                "matter": f"Tố cáo ông X nhận tiền (người tố cáo: {name})",
                "content": f"Tôi là {name}, điện thoại 0912000111, tố cáo ông X.",
            },
        )
        assert response.status_code == 302
        letter = Letter.objects.get()
        assert letter.protected and token not in letter.matter + letter.content
        with django_capture_on_commit_callbacks(execute=True):
            letter = services.letter_classify(
                actor=rc.clerk, letter=letter, kind="denunciation", eligibility="eligible"
            )
            letter = services.letter_accept(
                actor=rc.clerk,
                letter=letter,
                accepted_on=dt.date(2026, 5, 27),
                notice_number="5/TB",
                handler=rc.verifier,
                leader=a.head,
            )
            services.letter_assign(
                actor=rc.clerk, letter=letter, handler=rc.verifier, leader=a.head
            )
            services.vault_designate(
                actor=a.head,
                letter=letter,
                person=rc.clerk,
                reason="Cán bộ tiếp nhận cần liên hệ người tố cáo",
            )
    written = " ".join(str(q["sql"]) for q in sql.captured_queries)
    assert token not in written, "the name reached the database in clear"

    viewers: list[User] = [rc.verifier, rc.clerk_b, rc.cast.steering, a.head, a.board]
    unit = {"unit": a.unit.pk}
    api_unit = {"unit_id": a.unit.pk}
    year = {"start": "2026-01-01", "end": "2026-06-01"}
    pages = [
        (reverse("letters:letter_list", kwargs=unit), {}),
        (reverse("letters:letter_list", kwargs=unit), {"q": name}),
        (reverse("letters:letter_list", kwargs=unit), {"q": token}),
        (reverse("letters:letter_list", kwargs=unit), {"q": "hoang thi bao mat"}),
        (reverse("letters:letter_list", kwargs=unit), {"status": "open"}),
        (reverse("letters:letter", kwargs={"pk": letter.pk}), {}),
        (reverse("letters:vault", kwargs={"pk": letter.pk}), {}),
        (reverse("letters:home", kwargs=unit), {}),
        (reverse("letters:visit_list", kwargs=unit), {}),
        (reverse("letters:opening_list", kwargs=unit), {}),
        (reverse("letters:stats", kwargs=unit), {"start": "2026-01-01", "end": "2026-06-01"}),
        (
            reverse("letters:stats", kwargs=unit),
            {"start": "2026-01-01", "end": "2026-06-01", "format": "xlsx"},
        ),
        (reverse("core:audit_list"), {}),
        (reverse("core:home"), {}),
        # The QCDC report (page, Word, Excel), the city's dashboard and the unit's score.
        (reverse("reports:qcdc", kwargs=unit), year),
        (reverse("reports:qcdc_docx", kwargs=unit), year),
        (reverse("reports:qcdc_xlsx", kwargs=unit), year),
        (reverse("reports:city"), {}),
        (reverse("reports:score", kwargs=unit), {}),
        (reverse("api:letter_list", kwargs=api_unit), {}),
        (reverse("api:letter_list", kwargs=api_unit), {"q": token}),
        (reverse("api:letter_get", kwargs={"letter_id": letter.pk}), {}),
        (
            reverse("api:letters_stats", kwargs=api_unit),
            {"start": "2026-01-01", "end": "2026-06-01"},
        ),
        (reverse("api:audit_list"), {}),
    ]
    seen = 0
    with time_machine.travel(TODAY, tick=False):
        for viewer in viewers:
            client.logout()
            client.force_login(viewer)
            for url, params in pages:
                response = client.get(url, params)
                assert response.status_code in (200, 403, 404), (viewer, url)
                seen += response.status_code == 200
                assert token not in _text(response, params.get("q", "")), (viewer.username, url)
            response = client.post(
                reverse("api:letter_identity", kwargs={"letter_id": letter.pk}),
                data=json.dumps({"reason": "Muốn biết"}),
                content_type="application/json",
            )
            assert response.status_code in (403, 404) and token not in _text(response)
            response = client.post(
                reverse("letters:vault", kwargs={"pk": letter.pk}), {"reason": "Muốn biết"}
            )
            assert response.status_code in (403, 404) and token not in _text(response)
        assert seen > 40  # most of it was readable to the insiders: the test looked at pages
        assert VaultOpening.objects.count() == 0

        # The designated reception officer: a reason is required, then the identity shows.
        client.logout()
        client.force_login(rc.clerk)
        url = reverse("letters:vault", kwargs={"pk": letter.pk})
        refused = client.post(url, {"reason": ""})
        assert refused.status_code == 400 and token not in _text(refused)
        opened = client.post(url, {"reason": "Mời người tố cáo đến làm việc"})
        assert opened.status_code == 200 and token in _text(opened)
        assert opened["Cache-Control"] == "no-store, private"
        api = client.post(
            reverse("api:letter_identity", kwargs={"letter_id": letter.pk}),
            data=json.dumps({"reason": "Đối chiếu địa chỉ"}),
            content_type="application/json",
        )
        assert api.status_code == 200 and api.json()["people"][0]["name"] == name

    events = AuditEvent.objects.filter(verb="vault.open", object_id=str(letter.pk))
    assert [e.actor_id for e in events] == [rc.clerk.pk, rc.clerk.pk]
    assert token not in json.dumps([e.changes for e in AuditEvent.objects.all()])
    # The head and the board see the openings, with who and why.
    client.logout()
    client.force_login(a.board)
    openings = client.get(reverse("letters:opening_list", kwargs=unit)).content.decode()
    assert "Mời người tố cáo đến làm việc" in openings and rc.clerk.full_name in openings

    from django_tasks_db.models import DBTaskResult

    queued = json.dumps([r.args_kwargs for r in DBTaskResult.objects.all()], ensure_ascii=False)
    assert "gd@example.vn" in queued  # the assignment mail was queued …
    assert token not in queued  # … without the name
    assert token not in caplog.text
    assert token not in _database_text(token)
    assert token not in _database_text(token).lower()

    # The public portal, to anyone: the unit's pages and figures.
    client.logout()
    code = a.unit.code
    for route in ("portal:unit", "portal:figures", "portal:figures_csv", "portal:documents"):
        response = client.get(reverse(route, kwargs={"code": code}))
        assert response.status_code == 200, route
        assert token not in _text(response), route
    # A backup holds the vault's sealed token, never the name (the keys are kept apart).
    archive = tmp_path / "backup.tar"
    backup.backup(archive)
    with tarfile.open(archive) as tar:
        stored = b"".join(
            f.read() for m in tar.getmembers() if m.isfile() and (f := tar.extractfile(m))
        )
    assert token.encode() not in stored


def test_a_letter_that_becomes_a_denunciation_takes_its_files_into_the_vault(
    rc, client, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage
    from django.urls import reverse

    from danchu.letters.models import LetterFile

    scan = services.ScanIn("don-Nguyen-Van-Dan.pdf", "application/pdf", b"%PDF-1.7 Nguyen Van Dan")
    letter = rc.receive(scans=[scan])
    stored = LetterFile.objects.get(letter=letter)
    assert stored.file.read() == b"%PDF-1.7 Nguyen Van Dan"
    path = stored.file.name
    assert "Nguyen" not in path and path.endswith(".pdf")  # a random name on disk
    with django_capture_on_commit_callbacks(execute=True):
        letter = rc.classified(letter, kind="denunciation")
    assert not default_storage.exists(path)  # the clear copy is gone once the vault has it
    assert letter.protected and letter.sealed_files == 1
    assert not LetterFile.objects.filter(letter=letter).exists()
    identity = services.identity_of(letter)
    assert identity is not None and [s.name for s in identity.scans] == ["don-Nguyen-Van-Dan.pdf"]
    client.force_login(rc.clerk)
    page = client.get(reverse("letters:letter", kwargs={"pk": letter.pk})).content.decode()
    assert "1 tệp được giữ bí mật" in page and "don-Nguyen" not in page


def test_a_scan_that_is_not_a_pdf_or_an_image_is_refused(rc):
    from danchu.core.errors import DomainError
    from danchu.letters.models import Letter

    with pytest.raises(DomainError) as caught:
        rc.receive(scans=[services.ScanIn("don.pdf", "application/pdf", b"MZ\x90 program")])
    assert "scan" in caught.value.fields and not Letter.objects.exists()
