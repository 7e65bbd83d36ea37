from django.db import migrations, models

from danchu.core.migration_ops import AddIndexOnline


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("onestop", "0005_dossier_list_index"),
    ]

    operations = [
        AddIndexOnline(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("state__in", ("in_progress", "supplement", "suspended"))),
                fields=["agency", "due_on", "id"],
                name="onestop_queue_open_idx",
            ),
        ),
        AddIndexOnline(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("state__in", ("approved", "rejected"))),
                fields=["agency", "due_on", "id"],
                name="onestop_queue_ready_idx",
            ),
        ),
    ]
