"""``danchu units``: every unit with its code, parent and head."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danchu.core.models import Agency
from danchu.core.selectors import agency_heads


class Command(BaseCommand):
    help = "List every unit with its code, parent and head."

    def handle(self, *args: Any, **options: Any) -> None:
        units = list(Agency.objects.select_related("parent").order_by("path"))
        heads = agency_heads(agencies=units)
        self.stdout.write(f"{'Mã':<22} {'Đơn vị':<60} {'Trực thuộc':<40} Người đứng đầu")
        for unit in units:
            name = "  " * unit.depth + unit.name
            parent = unit.parent.name if unit.parent else "—"
            head = ", ".join(p.full_name for p in heads.get(unit.pk, [])) or "—"
            self.stdout.write(f"{unit.code:<22} {name:<60} {parent:<40} {head}")
