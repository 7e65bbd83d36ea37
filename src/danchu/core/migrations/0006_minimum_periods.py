"""Mark the statutory periods that are minimums: an agency may lengthen them, never shorten."""

from django.db import migrations

MINIMUMS = ["publication.posting_min", "board.inspection_notice", "complaint.filing_limit"]


def mark(apps, schema_editor):
    apps.get_model("core", "ClockRule").objects.filter(agency=None, code__in=MINIMUMS).update(
        bound="minimum"
    )


def unmark(apps, schema_editor):
    apps.get_model("core", "ClockRule").objects.filter(agency=None, code__in=MINIMUMS).update(
        bound="deadline"
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0005_clock_rule_bound")]
    operations = [migrations.RunPython(mark, unmark)]
