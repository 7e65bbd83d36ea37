"""``danchu letters_remind``: escalate letters that became overdue to the head, remind handling
officers two working days before a deadline, and remind heads who have not held their monthly
reception day from the 15th (run daily from cron or a systemd timer; ``--enqueue`` hands it
to the job queue instead)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danchu.letters import services
from danchu.letters.jobs import remind_job


class Command(BaseCommand):
    help = "Escalate overdue letters and send the reminders of reception and letters."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="run it in the job queue")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = remind_job.enqueue()
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        escalated = services.letters_escalate()
        reminded = services.reception_remind()
        self.stdout.write(
            f"Đã báo cáo Thủ trưởng {escalated} đơn quá hạn; nhắc {reminded} Thủ trưởng "
            "chưa tiếp công dân định kỳ trong tháng."
        )
