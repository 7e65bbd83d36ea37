from django.db import migrations, models

from danchu.core.migration_ops import AddIndexOnline


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("onestop", "0004_procedure_forms"),
    ]

    operations = [
        AddIndexOnline(
            model_name="dossier",
            index=models.Index(
                fields=["agency", "-received_at", "-id"], name="onestop_dossier_list_idx"
            ),
        ),
    ]
