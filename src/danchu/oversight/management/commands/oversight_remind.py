"""``danchu oversight_remind``: the day's reminders by mail (run daily; ``--enqueue`` hands it to
the job queue)."""

from __future__ import annotations

from typing import Any

from danchu.core.management.remind import RemindCommand
from danchu.oversight.jobs import remind_job
from danchu.oversight.reminders import oversight_remind


class Command(RemindCommand):
    job = remind_job

    def run(self) -> dict[str, int]:
        return oversight_remind()

    def report(self, done: Any) -> str:
        return f"Đã gửi {done['soon']} thư nhắc sắp đến hạn, {done['overdue']} thư báo quá hạn."
