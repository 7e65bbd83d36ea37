"""``danchu disclosure_remind``: remind regulation owners of reviews due (14 days before and on
the day) and staff who have not confirmed reading by tomorrow's date (run daily;
``--enqueue`` hands it to the job queue)."""

from __future__ import annotations

from typing import Any

from danchu.core.management.remind import RemindCommand
from danchu.disclosure.jobs import remind_job
from danchu.disclosure.services.reminders import disclosure_remind


class Command(RemindCommand):
    help = "Remind regulation reviews and unconfirmed readings."
    job = remind_job

    def run(self) -> dict[str, int]:
        return disclosure_remind()

    def report(self, done: Any) -> str:
        return (
            f"Đã nhắc {done['reviews']} quy chế đến hạn rà soát; {done['readers']} người chưa "
            "xác nhận đã đọc."
        )
