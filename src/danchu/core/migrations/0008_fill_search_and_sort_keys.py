"""Fill the derived search and sort keys of the rows that existed before them."""

from django.db import migrations

from danchu.core.text import fold, name_sort_key


def fill(apps, schema_editor):
    User = apps.get_model("core", "User")
    for person in User.objects.all().iterator():
        person.search_text = f"{fold(person.full_name)} {person.username.lower()}"
        person.sort_key = name_sort_key(person.full_name or person.username)
        person.save(update_fields=["search_text", "sort_key"])
    Agency = apps.get_model("core", "Agency")
    for agency in Agency.objects.all().iterator():
        agency.search_text = f"{fold(agency.name)} {fold(agency.short_name)} {agency.code.lower()}"
        agency.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("core", "0007_search_and_sort_keys")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
