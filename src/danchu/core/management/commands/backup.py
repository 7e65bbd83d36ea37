"""``danchu backup PATH [--keys FILE]``: one archive of the database and the stored files; the
vault keys, when asked, in a file of their own (see ``danchu.core.backup``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database and the stored files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="archive file, or a directory for a dated one")
        parser.add_argument(
            "--keys", type=Path, help="also write the vault keys to this file (keep it apart)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup(options["path"], keys=options["keys"])
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"Đã sao lưu vào {result.path}: {result.rows} bản ghi, {result.files} tệp, "
            f"{result.events} sự kiện nhật ký."
        )
        if options["keys"]:
            self.stdout.write(f"Khoá kho danh tính: {options['keys']} (cất riêng, nơi khác).")
