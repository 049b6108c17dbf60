"""The auth group "Coördinatoren": Werkplaats staff with every right in the member area.

It also gets into the Wagtail admin (/beheer/) with the rights of Wagtail's "Moderators" group
(edit and publish pages, images, documents), copied at the time this migration runs.
"""

from django.db import migrations

COORDINATORS_GROUP = "Coördinatoren"


def create_coordinators_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    coordinators.permissions.add(access_admin)

    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is None:
        return
    coordinators.permissions.add(*moderators.permissions.all())
    for row in GroupPagePermission.objects.filter(group=moderators):
        GroupPagePermission.objects.get_or_create(
            group=coordinators, page_id=row.page_id, permission_id=row.permission_id
        )
    for row in GroupCollectionPermission.objects.filter(group=moderators):
        GroupCollectionPermission.objects.get_or_create(
            group=coordinators, collection_id=row.collection_id, permission_id=row.permission_id
        )


def remove_coordinators_group(apps, schema_editor):
    # Deleting the group cascades to its permissions rows and memberships.
    apps.get_model("auth.Group").objects.filter(name=COORDINATORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_approved_at"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(create_coordinators_group, remove_coordinators_group),
    ]
