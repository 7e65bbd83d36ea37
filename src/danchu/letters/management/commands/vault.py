"""``danchu vault newkey [--into-file]`` prints a new Fernet key (or puts it first in
``var/vault.key``); ``danchu vault rotate`` re-encrypts every sealed identity with the newest
key, after which older keys can be removed."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandParser

from danchu.letters import vault


class Command(BaseCommand):
    help = "Keys of the identity vault: make a new one, rotate the sealed identities."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        newkey = sub.add_parser("newkey", help="print a new key")
        newkey.add_argument(
            "--into-file", action="store_true", help="put it first in <var>/vault.key"
        )
        sub.add_parser("rotate", help="re-encrypt every sealed identity with the newest key")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "newkey":
            if options["into_file"]:
                path = vault.add_key_file_key()
                self.stdout.write(f"Đã thêm khóa mới vào đầu {path}.")
            else:
                self.stdout.write(Fernet.generate_key().decode())
            return
        count = vault.rotate()
        self.stdout.write(f"Đã mã hóa lại {count} bản ghi bằng khóa mới nhất.")
