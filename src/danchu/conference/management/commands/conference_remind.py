"""``danchu conference_remind``: the day's reminders by mail (run daily; ``--enqueue`` hands it
to the job queue)."""

from __future__ import annotations

from typing import Any

from danchu.conference.jobs import remind_job
from danchu.conference.reminders import conference_remind
from danchu.core.management.remind import RemindCommand


class Command(RemindCommand):
    job = remind_job

    def run(self) -> dict[str, int]:
        return conference_remind()

    def report(self, done: Any) -> str:
        return (
            f"Đã gửi {done['annual']} thư nhắc Hội nghị CBCCVC, {done['reviews']} thư nhắc "
            f"sơ kết nghị quyết, {done['dialogues']} thư báo đối thoại."
        )
