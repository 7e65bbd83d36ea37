import unicodedata

from django.db import migrations


def _fold(text):
    # A copy of danchu.core.text.fold as it was: a migration must not change with the code.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def fill(apps, schema_editor):
    versions = apps.get_model("onestop", "ProcedureVersion").objects.select_related("procedure")
    batch = []
    for v in versions.iterator(chunk_size=500):
        v.search_text = _fold(f"{v.procedure.code} {v.name} {v.field}")
        batch.append(v)
    versions.model.objects.bulk_update(batch, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("onestop", "0002_procedure_search_text"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
