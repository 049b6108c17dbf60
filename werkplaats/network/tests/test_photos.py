"""/mensen/<handle>/foto/: a profile photo is served only to whom the person allows (issue 3)."""

import importlib
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from werkplaats.accounts.models import COORDINATORS_GROUP
from werkplaats.network.models import Person, Visibility

from .factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
PROFILE_URL = "/mijn/profiel/"


def image_bytes(image_format="PNG"):
    output = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 90, 80)).save(output, format=image_format)
    return output.getvalue()


@pytest.fixture
def sanne():
    person = PersonFactory(first_name="Sanne", handle="sanne")
    person.photo.save("sanne.png", ContentFile(image_bytes()), save=True)
    return person


def as_viewer(client, viewer, person):
    if viewer == "member":
        client.force_login(PersonFactory().user)
    elif viewer == "account-without-profile":
        client.force_login(UserFactory())
    elif viewer == "coordinator":
        user = UserFactory()
        user.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
        PersonFactory(user=user)
        client.force_login(user)
    elif viewer == "self":
        client.force_login(person.user)
    return client


@pytest.mark.parametrize(
    ("level", "viewer", "status"),
    [
        (Visibility.PUBLIC, "visitor", 200),
        (Visibility.PUBLIC, "account-without-profile", 200),
        (Visibility.PUBLIC, "member", 200),
        (Visibility.PUBLIC, "self", 200),
        (Visibility.PUBLIC, "coordinator", 200),
        (Visibility.MEMBERS, "visitor", 404),
        (Visibility.MEMBERS, "account-without-profile", 404),
        (Visibility.MEMBERS, "member", 200),
        (Visibility.MEMBERS, "self", 200),
        (Visibility.MEMBERS, "coordinator", 200),
        (Visibility.NOBODY, "visitor", 404),
        (Visibility.NOBODY, "account-without-profile", 404),
        (Visibility.NOBODY, "member", 404),
        (Visibility.NOBODY, "self", 200),
        (Visibility.NOBODY, "coordinator", 200),
    ],
)
def test_photo_is_served_only_to_whom_it_may_be(client, sanne, level, viewer, status):
    sanne.photo_visibility = level
    sanne.save()
    response = as_viewer(client, viewer, sanne).get(sanne.photo_url)
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == sanne.photo.open("rb").read()


def test_person_without_photo_or_unknown_handle_is_404(client):
    PersonFactory(handle="bram", photo_visibility=Visibility.PUBLIC)
    assert client.get("/mensen/bram/foto/").status_code == 404
    assert client.get("/mensen/niemand/foto/").status_code == 404


def test_type_comes_from_the_content_not_the_name(client):
    person = PersonFactory(handle="bram", photo_visibility=Visibility.PUBLIC)
    person.photo.save("bram.jpg", ContentFile(image_bytes("WEBP")), save=True)
    response = client.get(person.photo_url)
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"


def test_stored_file_that_is_no_image_is_never_served(client):
    person = PersonFactory(handle="bram", photo_visibility=Visibility.PUBLIC)
    person.photo.save("bram.png", ContentFile(b"<html><script>alert(1)</script>"), save=True)
    assert client.get(person.photo_url).status_code == 404


def test_members_only_photo_is_kept_in_no_shared_cache(client, sanne):
    client.force_login(PersonFactory().user)
    response = client.get(sanne.photo_url)
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "public" not in cache_control


def test_public_photo_may_be_cached_briefly(client, sanne):
    sanne.photo_visibility = Visibility.PUBLIC
    sanne.save()
    response = client.get(sanne.photo_url)
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]


def test_old_address_of_a_replaced_photo_is_cached_nowhere(client, sanne):
    sanne.photo_visibility = Visibility.PUBLIC
    sanne.save()
    response = client.get("/mensen/sanne/foto/", {"v": "oud"})
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_visitor_loses_the_photo_as_soon_as_it_is_made_members_only(client, sanne, settings):
    """The anonymous page cache must not keep serving a photo that is no longer public."""
    settings.PAGE_CACHE_SECONDS = 600
    sanne.photo_visibility = Visibility.PUBLIC
    sanne.save()
    assert client.get(sanne.photo_url).status_code == 200
    assert client.get(sanne.photo_url).status_code == 200
    sanne.photo_visibility = Visibility.MEMBERS
    sanne.save()
    assert client.get(sanne.photo_url).status_code == 404


def test_new_photo_is_stored_privately_and_has_no_media_address(client, sanne):
    client.force_login(sanne.user)
    upload = SimpleUploadedFile("ik.png", image_bytes(), content_type="image/png")
    data = {
        "first_name": "Sanne",
        "handle": "sanne",
        "photo": upload,
        **{
            f"{part}_visibility": Visibility.MEMBERS
            for part in ("name", "photo", "email", "organisations", "roles", "municipality", "bio")
        },
        "notification_mode": sanne.notification_mode,
        "werkverband-TOTAL_FORMS": "0",
        "werkverband-INITIAL_FORMS": "0",
    }
    assert client.post(PROFILE_URL, data).status_code == 302
    sanne.refresh_from_db()
    name = sanne.photo.name
    assert sanne.photo.storage.exists(name)
    assert not default_storage.exists(name)
    assert sanne.photo.url == sanne.photo_url
    assert sanne.photo_url.startswith("/mensen/sanne/foto/?v=")
    page = client.get("/mensen/sanne/").content.decode()
    assert sanne.photo_url in page
    assert "/media/people/" not in page
    assert client.get(f"/media/{name}").status_code == 404


def test_replacing_a_photo_gives_a_new_address(sanne):
    old_url = sanne.photo_url
    sanne.photo.save("nieuw.png", ContentFile(image_bytes()), save=True)
    assert sanne.photo_url != old_url


def test_photo_goes_with_the_person(sanne, django_capture_on_commit_callbacks):
    storage, name = sanne.photo.storage, sanne.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        sanne.delete()
    assert not storage.exists(name)


def test_avatar_address_needs_no_query(sanne, django_assert_num_queries):
    person = Person.objects.get(pk=sanne.pk)
    with django_assert_num_queries(0):
        assert person.photo_url.startswith("/mensen/sanne/foto/?v=")


@pytest.fixture
def public_media(tmp_path):
    """The default (public) storage in a folder of this test's own."""
    storage = storages["default"]
    saved = {key: storage.__dict__.get(key) for key in ("base_location", "location")}
    storage.__dict__["base_location"] = storage.__dict__["location"] = str(tmp_path / "media")
    yield storage
    for key, value in saved.items():
        if value is None:
            storage.__dict__.pop(key, None)
        else:
            storage.__dict__[key] = value


class _SchemaEditor:
    connection = connection


def test_migration_moves_photos_to_the_private_storage_and_back(
    public_media, django_capture_on_commit_callbacks
):
    migration = importlib.import_module("werkplaats.network.migrations.0003_person_photo_private")
    private = Person._meta.get_field("photo").storage
    public_media.save("people/photos/oud.png", ContentFile(image_bytes()))
    person = PersonFactory(handle="bram")
    Person.objects.filter(pk=person.pk).update(photo="people/photos/oud.png")

    with django_capture_on_commit_callbacks(execute=True):
        migration.to_private(apps, _SchemaEditor())
    person.refresh_from_db()
    assert person.photo.name != "people/photos/oud.png"
    assert person.photo.name.endswith(".png")
    assert private.exists(person.photo.name)
    assert not public_media.exists("people/photos/oud.png")

    moved = person.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        migration.to_public(apps, _SchemaEditor())
    person.refresh_from_db()
    assert person.photo.name == moved
    assert public_media.exists(moved)
    assert not private.exists(moved)
