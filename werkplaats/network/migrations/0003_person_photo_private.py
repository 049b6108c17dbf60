"""Profile photos move from the public media to the private storage (issue 3).

Reversible: going back copies each photo to the public media under the name it has in the
private storage. Going forward gives each photo a new random name: its old one was in public
URLs. A source file is deleted only once the migration has committed, so a failed migration
loses nothing (at worst a copy is left in the target storage).
"""

import os
import secrets

from django.core.files.storage import storages
from django.db import migrations, transaction

import werkplaats.core.files
import werkplaats.network.models


def fresh_name(name):
    extension = os.path.splitext(name)[1].lower()
    if extension not in (".jpg", ".jpeg", ".png", ".webp"):
        extension = ""
    return f"people/photos/{secrets.token_hex(12)}{extension}"


def move_photos(apps, schema_editor, *, source, target, rename):
    Person = apps.get_model("network", "Person")
    people = Person.objects.using(schema_editor.connection.alias)
    for pk, name in people.exclude(photo="").values_list("pk", "photo").iterator():
        if not source.exists(name):
            continue  # lost before this migration: nothing to move, the view answers 404
        with source.open(name, "rb") as content:
            new_name = target.save(fresh_name(name) if rename else name, content)
        people.filter(pk=pk).update(photo=new_name)
        transaction.on_commit(
            lambda name=name: source.delete(name), using=schema_editor.connection.alias
        )


def to_private(apps, schema_editor):
    move_photos(
        apps, schema_editor, source=storages["default"], target=storages["private"], rename=True
    )


def to_public(apps, schema_editor):
    move_photos(
        apps, schema_editor, source=storages["private"], target=storages["default"], rename=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_coordinators_manage_network"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="photo",
            field=werkplaats.network.models.PhotoField(
                blank=True,
                storage=werkplaats.core.files.private_storage,
                upload_to=werkplaats.network.models.photo_path,
                verbose_name="photo",
            ),
        ),
        migrations.RunPython(to_private, to_public),
    ]
