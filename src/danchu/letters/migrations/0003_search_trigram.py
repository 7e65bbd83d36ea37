"""Letter search on PostgreSQL: a trigram GIN index over the folded search text, so that
``LIKE '%khieu nai%'`` uses an index. SQLite scans (its databases are small)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in ("letters_letter", "letters_visit"):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
            f"ON {table} USING gin (search_text gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in ("letters_letter", "letters_visit"):
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("letters", "0002_handling_rule")]
    operations = [migrations.RunPython(forwards, backwards)]
