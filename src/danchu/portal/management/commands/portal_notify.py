"""``danchu portal_notify``: e-mail each citizen whose letter, sent from the portal, has been
answered (once), and forget e-mail codes and lookup misses older than a day. Run it every few
minutes from cron or a systemd timer; ``--enqueue`` hands it to the job queue instead."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danchu.portal import services
from danchu.portal.jobs import follow_url, notify_job


class Command(BaseCommand):
    help = "Tell citizens that their letters were answered; purge old codes and misses."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="run it in the job queue")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = notify_job.enqueue()
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        notified = services.notify_answered(follow_url=follow_url())
        purged = services.purge()
        self.stdout.write(
            f"Đã báo kết quả cho {notified} người gửi đơn; xoá {purged['codes']} mã xác thực "
            f"và {purged['misses']} lần tra cứu sai đã cũ."
        )
