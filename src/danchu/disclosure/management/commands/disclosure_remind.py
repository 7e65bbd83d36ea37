"""``danchu disclosure_remind``: remind regulation owners of reviews due (14 days before and on
the day) and staff who have not confirmed reading by tomorrow's date (run daily;
``--enqueue`` hands it to the job queue)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danchu.disclosure.jobs import remind_job
from danchu.disclosure.services.reminders import disclosure_remind


class Command(BaseCommand):
    help = "Remind regulation reviews and unconfirmed readings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="run it in the job queue")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            self.stdout.write(f"Đã đưa vào hàng đợi: {remind_job.enqueue().id}")
            return
        done = disclosure_remind()
        self.stdout.write(
            f"Đã nhắc {done['reviews']} quy chế đến hạn rà soát; {done['readers']} người chưa "
            "xác nhận đã đọc."
        )
