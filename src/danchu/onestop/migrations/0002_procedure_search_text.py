from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("onestop", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="procedureversion",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
    ]
