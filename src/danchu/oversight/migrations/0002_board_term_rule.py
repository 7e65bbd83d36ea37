"""The length of a People's Inspection Board term: 2 years (Law 10/2022). A later rule is a
new row, never an edit here."""

import datetime as dt

from django.db import migrations

RULE = dict(
    code="board.term",
    applies_to="Nhiệm kỳ của Ban Thanh tra nhân dân",
    length=24,
    unit="months",
    start_event="Ngày bầu Ban Thanh tra nhân dân",
    pausable=False,
    max_extensions=0,
    extension_length=0,
    legal_basis="Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15",
    article="Điều 60–63",
    effective_from=dt.date(2023, 7, 1),
)


def load(apps, schema_editor):
    ClockRule = apps.get_model("core", "ClockRule")
    ClockRule.objects.get_or_create(
        code=RULE["code"], agency=None, effective_from=RULE["effective_from"], defaults=RULE
    )


def unload(apps, schema_editor):
    apps.get_model("core", "ClockRule").objects.filter(agency=None, code=RULE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial"), ("core", "0009_throttle_miss")]
    operations = [migrations.RunPython(load, unload)]
