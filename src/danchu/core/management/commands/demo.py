"""``danchu demo``: database, demo data, web app on http://127.0.0.1:8000, logins printed."""

from __future__ import annotations

import importlib
import subprocess
import sys
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create the database, load the demo data and start the web app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="prepare and exit")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Dữ liệu mẫu không được nạp ở chế độ production.")
        self.stdout.write("Đang chuẩn bị cơ sở dữ liệu…")
        call_command("migrate", interactive=False, verbosity=0)
        logins: list[tuple[str, str, str]] = []
        created = 0
        # Each app may ship a ``demo`` module with ``load_demo()``; core comes first.
        for config in apps.get_app_configs():
            if not config.name.startswith("danchu."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            result = module.load_demo()
            logins += result.logins
            created += result.created
        self.stdout.write(
            f"Dữ liệu mẫu: {created} bản ghi mới."
            if created
            else "Dữ liệu mẫu đã có sẵn; không thêm gì."
        )
        self.stdout.write("")
        self.stdout.write(f"Tài khoản đăng nhập (mật khẩu chung: {DEMO_PASSWORD})")
        self.stdout.write(f"{'Vai trò':<42} {'Đơn vị':<16} Tên đăng nhập")
        for role, unit, username in logins:
            self.stdout.write(f"{role:<42} {unit:<16} {username}")
        if options["no_serve"]:
            return
        self.stdout.write("")
        self.stdout.write(f"Danchu đang chạy tại http://{options['addr']}/ — Ctrl+C để dừng.")
        # The job queue's worker (mail, overdue checks) runs beside the web app; in the demo
        # its mail is printed on this console.
        worker = subprocess.Popen([sys.executable, "-m", "danchu", "db_worker", "--no-reload"])
        try:
            call_command("runserver", options["addr"], use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
