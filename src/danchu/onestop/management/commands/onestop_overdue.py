"""``danchu onestop_overdue``: mark dossiers that became overdue and notify (run daily, e.g. from
cron or a systemd timer; ``--enqueue`` hands it to the job queue instead)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danchu.onestop.jobs import mark_overdue_job
from danchu.onestop.services import dossier_mark_overdue


class Command(BaseCommand):
    help = "Mark newly overdue one-stop dossiers and notify their assignees."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="run it in the job queue")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = mark_overdue_job.enqueue()
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        self.stdout.write(f"Đã đánh dấu {dossier_mark_overdue()} hồ sơ quá hạn.")
