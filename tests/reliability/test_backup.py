"""``danchu backup`` and ``danchu restore``: a round trip gives back every row, every stored file
and every audit event, the chains verify, and the archive holds neither the vault's keys nor a
denouncer's name in clear. Runs on SQLite and on PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from danchu.core import backup
from danchu.core.audit import verify_chains
from danchu.core.models import AuditEvent
from danchu.core.services import api_token_create
from danchu.letters import vault
from danchu.letters.models import Letter
from danchu.letters.vault import keys as vault_keys
from tests.letters.conftest import DENOUNCER, Reception

pytestmark = pytest.mark.django_db(transaction=True)


def _fingerprint() -> dict[str, str]:
    """A digest of every row of every table, in primary-key order."""
    digests = {}
    with connection.cursor() as cursor:
        for table in backup._tables():
            table = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 - model tables
            digests[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return digests


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.VAULT_KEYS = []
    return settings.MEDIA_ROOT


def test_a_round_trip_gives_back_every_row_file_and_event(rc: Reception, media, tmp_path):
    letter = rc.denunciation()
    api_token_create(actor=rc.cast.a.admin, name="trước sao lưu")
    default_storage.save("letters/scan.pdf", ContentFile(b"%PDF-1.4 scan"))
    default_storage.save("tasks/2026/bằng chứng.docx", ContentFile(b"PK\x03\x04 evidence"))
    before, files, events = _fingerprint(), _files(media), AuditEvent.objects.count()
    assert events > 0 and Letter.objects.count() == 1

    archive, keys = tmp_path / "b.tar", tmp_path / "keys" / "vault.keys"
    call_command("backup", str(archive), "--keys", str(keys))

    # What happens after the backup is lost by the restore, as it must be.
    api_token_create(actor=rc.cast.a.admin, name="sau sao lưu")
    Letter.objects.filter(pk=letter.pk).update(matter="đã sửa")
    (media / "letters" / "scan.pdf").unlink()
    default_storage.save("stray.txt", ContentFile(b"x"))
    vault.key_file().unlink()
    assert _fingerprint() != before

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), "--keys", str(keys), "--yes")

    assert _fingerprint() == before
    assert _files(media) == files
    assert AuditEvent.objects.count() == events
    assert verify_chains()[1] == []
    # The keys came back: the sealed identity opens again.
    sealed = Letter.objects.get(pk=letter.pk).sealed
    assert vault.unseal(bytes(sealed.token)).people[0].name == DENOUNCER


def test_the_archive_holds_no_key_and_no_identity_in_clear(rc: Reception, media, tmp_path):
    rc.denunciation()
    archive = tmp_path / "b.tar"
    backup.backup(archive)
    raw = archive.read_bytes()
    with tarfile.open(archive) as tar:
        member = backup.SQLITE_MEMBER if connection.vendor == "sqlite" else backup.PG_MEMBER
        database = tar.extractfile(member)
        assert database is not None
        raw += database.read()
    for key in vault_keys():
        assert key not in raw
    for secret in (DENOUNCER, "001190000777", "0912345678", "bimat@example.vn"):
        assert secret.encode() not in raw
    assert archive.stat().st_mode & 0o077 == 0


def test_a_damaged_archive_is_refused_and_nothing_is_replaced(rc: Reception, media, tmp_path):
    rc.denunciation()
    archive = tmp_path / "b.tar"
    backup.backup(archive)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            assert data is not None
            content = data.read()
            if member.name != "manifest.json":
                content = content[:-1] + bytes([content[-1] ^ 1])
            member.size = len(content)
            dst.addfile(member, io.BytesIO(content))
    api_token_create(actor=rc.cast.a.admin, name="sau sao lưu")
    before = _fingerprint()
    with pytest.raises(CommandError, match="bị hỏng"):
        call_command("restore", str(damaged), "--yes")
    assert _fingerprint() == before
    with pytest.raises(CommandError, match="không phải bản sao lưu"):
        call_command("restore", str(tmp_path / "keys-not-archive.txt"), "--yes")
