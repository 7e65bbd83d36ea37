"""The one-stop resolution clock: its length is each procedure's own legal deadline, in working
days; a supplement request pauses it (it goes on, not from zero, when the supplement arrives)."""

import datetime as dt

from django.db import migrations

RULES = [
    ("Nghị định 61/2018/NĐ-CP", dt.date(2018, 8, 21), dt.date(2025, 6, 30)),
    ("Nghị định 118/2025/NĐ-CP", dt.date(2025, 7, 1), None),
]


def load(apps, schema_editor):
    ClockRule = apps.get_model("core", "ClockRule")
    for basis, since, until in RULES:
        ClockRule.objects.get_or_create(
            code="onestop.resolution", agency=None, effective_from=since,
            defaults=dict(
                applies_to="Giải quyết hồ sơ thủ tục hành chính (thời hạn theo từng thủ tục)",
                length=0, unit="working_days", start_event="Ngày tiếp nhận hồ sơ đầy đủ",
                pausable=True, restarts_after_pause=False, legal_basis=basis, article="",
                effective_to=until,
            ),
        )


def unload(apps, schema_editor):
    apps.get_model("core", "ClockRule").objects.filter(
        agency=None, code="onestop.resolution"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_clock_rule_per_case_length")]
    operations = [migrations.RunPython(load, unload)]
