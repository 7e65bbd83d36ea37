"""What the apps' daily reminder commands share: run now, or ``--enqueue`` to hand the run to
the job queue; each command says how to run and how to report."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class RemindCommand(BaseCommand):
    help = "Send the day's reminders."
    job: Any  # the app's ``remind_job`` (a django-tasks task)

    def run(self) -> Any:
        raise NotImplementedError

    def report(self, done: Any) -> str:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="run it in the job queue")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            self.stdout.write(f"Đã đưa vào hàng đợi: {self.job.enqueue().id}")
            return
        self.stdout.write(self.report(self.run()))
