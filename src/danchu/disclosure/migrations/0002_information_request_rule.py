"""The time to answer a staff member's request for information that is not published: 10
working days, as the Law on Access to Information sets for a request to a public body (applied
here to internal requests; the article is to be confirmed). A later rule is a new row."""

import datetime as dt

from django.db import migrations

RULE = dict(
    code="publication.information_request",
    applies_to="Cung cấp thông tin theo yêu cầu của CBCCVC",
    length=10,
    unit="working_days",
    start_event="Ngày nhận yêu cầu",
    pausable=False,
    max_extensions=0,
    extension_length=0,
    legal_basis="Luật Tiếp cận thông tin số 104/2016/QH13; Luật 10/2022/QH15 Điều 48",
    article="",
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
    dependencies = [("disclosure", "0001_initial"), ("core", "0008_fill_search_and_sort_keys")]
    operations = [migrations.RunPython(load, unload)]
