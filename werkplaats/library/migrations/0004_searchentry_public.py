from django.db import migrations, models

# The rule of each model's public() when this migration was written; later entries are
# written by library/search_index.py from the querysets themselves.
PUBLIC = {
    ("library", "Product"): ("product", {"visibility": "iedereen"}),
    ("library", "PracticeItem"): ("practice", {"visibility": "iedereen"}),
    ("activities", "Activity"): ("activity", {"audience": "openbaar"}),
}


def mark_public(apps, schema_editor):
    SearchEntry = apps.get_model("library", "SearchEntry")
    for (app, model), (source, public) in PUBLIC.items():
        objects = apps.get_model(app, model).objects.filter(**public)
        SearchEntry.objects.filter(source=source, object_id__in=objects.values("pk")).update(
            public=True
        )
    SearchEntry.objects.filter(source="group").update(public=True)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_activity_products"),
        ("library", "0003_visibility_indexes"),
    ]

    operations = [
        # A plain ALTER TABLE on both databases: SQLite's AddField would copy the table and
        # lose the full-text columns that 0002 added outside the model.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="public",
                    field=models.BooleanField(default=False),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE library_searchentry ADD COLUMN public boolean NOT NULL"
                    " DEFAULT FALSE",
                    "ALTER TABLE library_searchentry DROP COLUMN public",
                ),
            ],
        ),
        migrations.RunPython(mark_public, migrations.RunPython.noop),
    ]
