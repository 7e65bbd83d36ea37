"""Backup and restore: one archive with a consistent snapshot of the database and the stored
files; the key material in a separate file.

The archive (``.tar``) holds:
- ``manifest.json``: when, which database engine, the applied migrations, the row count of
  every table and the SHA-256 of every other member;
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the app runs) or
  ``database.pgdump`` (``pg_dump --format=custom``: one snapshot transaction);
- ``media/…``: every stored file (scans, slips, evidence, conference documents).

The database is copied first, the files after: a file is written before the row that names it
is committed and files are never deleted, so every file a row names is in the archive.

The vault's keys and the secret key are never in the archive (whoever holds the archive must
not be able to open a denouncer's identity with it). ``danchu backup --keys FILE`` writes the
vault keys to their own file (mode 0600), to be kept apart; ``danchu restore --keys FILE``
puts them back.

Restore replaces the database and the files in one step each, checks the checksums first and
the row counts and the audit chains after, and refuses an archive of another schema.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from danchu.core.audit import verify_chains

FORMAT = 1
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"


class BackupError(Exception):
    """An archive that cannot be made or restored; the message says why, in Vietnamese."""


@dataclass
class Result:
    path: Path
    rows: int
    files: int
    events: int


def _tables() -> list[str]:
    """The table of every installed model, many-to-many tables included."""
    return sorted(
        {
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy
        }
    )


def row_counts() -> dict[str, int]:
    """Rows of every table (the manifest's figures and the check after a restore)."""
    with connection.cursor() as cursor:
        counts = {}
        for table in _tables():
            # A table name of the installed models, quoted: no input reaches this query.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore from Django's settings of ``default``."""
    s = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", s["HOST"]]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        # pg_dump / pg_restore with arguments from the settings; no shell.
        done = subprocess.run(  # noqa: S603
            command, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as e:
        raise BackupError(f"Không tìm thấy lệnh {command[0]} (cài gói postgresql-client).") from e
    if done.returncode != 0:
        raise BackupError(f"{command[0]} thất bại: {done.stderr.strip()[:500]}")


def _counts_of(db: sqlite3.Connection, tables: list[str]) -> dict[str, int]:
    return {
        t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # noqa: S608 - model tables
        for t in tables
    }


def _snapshot_database(into: Path) -> tuple[str, dict[str, int]]:
    """Copy the database into ``into``; return the member's name and the copy's row counts.

    The counts are those of the copy itself (SQLite) or of the very snapshot pg_dump reads
    (PostgreSQL, ``pg_export_snapshot``), so that writes during the backup cannot skew them.
    """
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(into / SQLITE_MEMBER)
        try:
            connection.connection.backup(target)
            return SQLITE_MEMBER, _counts_of(target, _tables())
        finally:
            target.close()
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = row_counts()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(into / PG_MEMBER),
                    *args,
                ],
                env,
            )
        return PG_MEMBER, counts
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> list[Path]:
    root = _media_root()
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def write_keys(path: Path) -> int:
    """Write the vault keys in use to ``path`` (0600), one a line; return how many."""
    from danchu.letters.vault import keys as vault_keys

    found = [k.decode() for k in vault_keys()]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(found) + "\n")
    return len(found)


def backup(path: Path, keys: Path | None = None) -> Result:
    """Write the archive to ``path`` (a directory gets a dated file name in it)."""
    if path.is_dir():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        path = path / f"danchu-{stamp}.tar"
    if keys is not None and keys.resolve() == path.resolve():
        raise BackupError("Tệp khoá phải khác tệp sao lưu.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        work = Path(tmp)
        member, counts = _snapshot_database(work)
        files = _media_files()
        root = _media_root()
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created": dt.datetime.now(dt.UTC).isoformat(),
            "engine": connection.vendor,
            "database": member,
            "migrations": _migrations(),
            "rows": counts,
            "sha256": {member: _sha256(work / member)},
            "files": {},
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(work / member, arcname=member)
            for f in files:
                name = f"media/{f.relative_to(root).as_posix()}"
                manifest["files"][name] = _sha256(f)
                tar.add(f, arcname=name)
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, path)  # the archive appears whole or not at all
        path.chmod(0o600)
    if keys is not None:
        write_keys(keys)
    return Result(path, sum(counts.values()), len(files), counts.get("core_auditevent", 0))


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            manifest: dict[str, Any] = json.loads(member.read())
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as e:
        raise BackupError(f"Tệp {path} không phải bản sao lưu của Danchu ({e}).") from e
    if manifest.get("format") != FORMAT:
        raise BackupError("Bản sao lưu có định dạng khác phiên bản này.")
    return manifest


def _extract(path: Path, manifest: dict[str, Any], into: Path) -> None:
    """Unpack and check every member's checksum; members outside the manifest are refused."""
    expected = {**manifest["sha256"], **manifest["files"]}
    with tarfile.open(path, "r") as tar:
        names = {m.name for m in tar.getmembers()} - {"manifest.json"}
        if names != set(expected):
            raise BackupError("Bản sao lưu thiếu hoặc thừa tệp so với bảng kê.")
        tar.extractall(into, filter="data")
    for name, digest in expected.items():
        if _sha256(into / name) != digest:
            raise BackupError(f"Tệp {name} trong bản sao lưu đã bị hỏng (checksum không khớp).")


def _restore_database(manifest: dict[str, Any], work: Path) -> None:
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"Bản sao lưu của {manifest['engine']} không khôi phục được vào {connection.vendor}."
        )
    for alias in connections:
        connections[alias].close()
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        source = sqlite3.connect(work / SQLITE_MEMBER)
        try:
            source.backup(connection.connection)  # replaces every page in one step
        finally:
            source.close()
        return
    args, env = _pg_env()
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(work / PG_MEMBER),
        ],
        env,
    )


def _restore_media(work: Path) -> int:
    root = _media_root()
    source = work / "media"
    staged = root.with_name(root.name + ".restoring")
    shutil.rmtree(staged, ignore_errors=True)
    if source.exists():
        shutil.copytree(source, staged)
    else:
        staged.mkdir(parents=True)
    old = root.with_name(root.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if root.exists():
        os.replace(root, old)
    os.replace(staged, root)
    shutil.rmtree(old, ignore_errors=True)
    return sum(1 for p in root.rglob("*") if p.is_file())


def restore_keys(keys: Path) -> None:
    from danchu.letters import vault

    if getattr(settings, "VAULT_KEYS", None):
        raise BackupError("Khoá kho danh tính đang lấy từ DANCHU_VAULT_KEYS: đặt lại biến đó.")
    lines = [line.strip() for line in keys.read_text().splitlines() if line.strip()]
    if not lines:
        raise BackupError(f"Tệp khoá {keys} trống.")
    target = vault.key_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")


def restore(path: Path, keys: Path | None = None) -> Result:
    """Replace the database and the stored files with the archive's; check it all after."""
    manifest = read_manifest(path)
    parent = _media_root().parent
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=parent) as tmp:
        work = Path(tmp)
        _extract(path, manifest, work)
        if manifest["engine"] == connection.vendor and manifest["migrations"] != _migrations():
            raise BackupError(
                "Bản sao lưu thuộc phiên bản cơ sở dữ liệu khác: chạy đúng phiên bản Danchu "
                "đã sao lưu, khôi phục rồi mới nâng cấp."
            )
        _restore_database(manifest, work)
        files = _restore_media(work)
    if keys is not None:
        restore_keys(keys)
    counts = row_counts()
    if counts != manifest["rows"]:
        wrong = sorted(t for t in manifest["rows"] if counts.get(t) != manifest["rows"][t])
        raise BackupError(f"Số bản ghi sau khi khôi phục không khớp: {', '.join(wrong)}.")
    checked, broken = verify_chains()
    if broken:
        raise BackupError(f"Nhật ký thao tác sau khi khôi phục không toàn vẹn ({len(broken)}).")
    return Result(path, sum(counts.values()), files, checked)
