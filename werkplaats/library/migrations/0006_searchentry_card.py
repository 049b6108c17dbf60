from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0005_list_indexes"),
    ]

    operations = [
        # A plain ALTER TABLE on both databases, as in 0004: SQLite's AddField would copy the
        # table and lose the full-text columns that 0002 added outside the model. Entries
        # written before keep an empty card until they are written again; the search loads
        # their objects meanwhile (search.py).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="card",
                    field=models.TextField(blank=True, default=""),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE library_searchentry ADD COLUMN card text NOT NULL DEFAULT ''",
                    "ALTER TABLE library_searchentry DROP COLUMN card",
                ),
            ],
        ),
    ]
