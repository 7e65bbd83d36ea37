"""``danchu audit verify``: walk every audit chain and name the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.core.audit import verify_chains

REASONS = {
    "hash": "nội dung sự kiện đã bị sửa (hash không khớp)",
    "prev_hash": "liên kết tới sự kiện trước bị sửa",
    "missing": "thiếu sự kiện (đã bị xoá)",
    "truncated": "các sự kiện cuối chuỗi đã bị xoá",
}


class Command(BaseCommand):
    help = "Verify the hash-chained audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute every hash; exit 1 at the first broken link")

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = verify_chains()
        if not broken:
            self.stdout.write(f"Nhật ký thao tác toàn vẹn: {checked} sự kiện đã kiểm tra.")
            return
        for link in broken:
            where = f"sự kiện #{link.event_id}" if link.event_id else "sự kiện"
            self.stderr.write(
                f"Chuỗi {link.chain} bị phá vỡ tại vị trí {link.position} ({where}): "
                f"{REASONS[link.reason]}."
            )
        raise CommandError(f"Nhật ký thao tác không toàn vẹn: {len(broken)} chuỗi bị phá vỡ.")
