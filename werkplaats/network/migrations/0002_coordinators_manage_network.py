"""Coordinators ("Coördinatoren") manage the network in /beheer/: organisations, partnerships,
municipalities and people.

The permissions are created here when missing (on a fresh database Django creates them only after
all migrations). The group is looked up by name and created when missing, so this migration does
not depend on the accounts app's migration that sets up the group's other rights.
"""

from django.db import migrations

COORDINATORS_GROUP = "Coördinatoren"
MODELS = {
    "organisation": "organisation",
    "partnership": "partnership",
    "municipality": "municipality",
    "person": "person",
    "affiliation": "affiliation",
    "personrole": "role",
}
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    for model, verbose in MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="network", model=model)
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose}"},
            )
            coordinators.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    coordinators = Group.objects.filter(name=COORDINATORS_GROUP).first()
    if coordinators is not None:
        coordinators.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="network",
                codename__in=[f"{action}_{model}" for model in MODELS for action in ACTIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
