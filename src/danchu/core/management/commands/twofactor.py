"""``danchu twofactor reset USERNAME``: clear a person's two-factor secret (a lost phone); they
set it up again at their next login. ``danchu twofactor status`` lists who has it on."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from danchu.core import twofactor
from danchu.core.audit import audit_record
from danchu.core.auth import home_unit
from danchu.core.models import User


class Command(BaseCommand):
    help = "Reset or list two-factor login (TOTP)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        reset = sub.add_parser("reset", help="clear a person's secret (lost phone)")
        reset.add_argument("username")
        sub.add_parser("status", help="who must use it and who has it set up")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "status":
            for someone in User.objects.filter(is_active=True).order_by("username"):
                if twofactor.required(someone) or someone.totp_confirmed_at:
                    state = "đã cài" if twofactor.enrolled(someone) else "CHƯA cài"
                    self.stdout.write(f"{someone.username}: {state}")
            return
        with transaction.atomic():
            found = User.objects.select_for_update().filter(username=options["username"]).first()
            if found is None:
                raise CommandError(f"Không có tài khoản {options['username']}.")
            person = found
            had = person.totp_confirmed_at is not None
            person.totp_secret, person.totp_confirmed_at = "", None
            person.save(update_fields=["totp_secret", "totp_confirmed_at"])
            audit_record(
                actor=None,
                agency=home_unit(person),
                verb="auth.totp_reset",
                obj=person,
                changes={"enrolled": [had, False]},
            )
        self.stdout.write(f"Đã đặt lại đăng nhập hai lớp của {person.username}.")
