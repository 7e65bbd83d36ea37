"""``danchu restore ARCHIVE [--keys FILE] --yes``: replace the database and the stored files
with a backup's, then check the row counts and the audit chains (see ``danchu.core.backup``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.core.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "Restore a backup made by `danchu backup` (replaces the current data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the archive")
        parser.add_argument("--keys", type=Path, help="the vault keys written with the backup")
        parser.add_argument(
            "--yes", action="store_true", help="replace the current data without asking"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = read_manifest(options["path"])
            if not options["yes"]:
                raise CommandError(
                    f"Khôi phục sẽ thay toàn bộ dữ liệu hiện tại bằng bản sao lưu lúc "
                    f"{manifest['created']}. Chạy lại với --yes để xác nhận."
                )
            result = restore(options["path"], keys=options["keys"])
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"Đã khôi phục {result.rows} bản ghi và {result.files} tệp; nhật ký thao tác toàn "
            f"vẹn ({result.events} sự kiện)."
        )
