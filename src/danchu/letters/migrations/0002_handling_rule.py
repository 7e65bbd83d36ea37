"""The time to process a letter on receipt (classify it, forward it or answer that it is not
handled): 10 working days under the Government Inspectorate's circular on reception and
letter handling. A later rule is a new row, never an edit here."""

import datetime as dt

from django.db import migrations

RULE = dict(
    code="letter.handling",
    applies_to="Xử lý đơn (phân loại, chuyển đơn, trả lời không thụ lý)",
    length=10,
    unit="working_days",
    start_event="Ngày nhận được đơn",
    pausable=False,
    max_extensions=0,
    extension_length=0,
    legal_basis="Thông tư 05/2021/TT-TTCP",
    article="",
    effective_from=dt.date(2021, 10, 1),
)


def load(apps, schema_editor):
    ClockRule = apps.get_model("core", "ClockRule")
    ClockRule.objects.get_or_create(
        code=RULE["code"], agency=None, effective_from=RULE["effective_from"], defaults=RULE
    )


def unload(apps, schema_editor):
    apps.get_model("core", "ClockRule").objects.filter(agency=None, code=RULE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial"), ("core", "0008_fill_search_and_sort_keys")]
    operations = [migrations.RunPython(load, unload)]
