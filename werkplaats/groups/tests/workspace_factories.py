"""Factories for the workspace tests: groups with members, posts, meetings, actions, files.

Groups and memberships come from the groups app's factories, people from the network's.
"""

import datetime
import io
import zipfile

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from werkplaats.groups.models import ActionItem, ActionKind, Meeting, MemberRole, Post, SharedFile
from werkplaats.network.tests.factories import PersonFactory

from .factories import LearningGroupFactory, MembershipFactory

# The group and membership factories of the groups app, under the names these tests use.
WorkspaceGroupFactory = LearningGroupFactory
WorkspaceMembershipFactory = MembershipFactory


def member_of(group, role=MemberRole.MEMBER, **person_fields):
    """A new person with an account who is a current member of `group`."""
    person = PersonFactory(**person_fields)
    WorkspaceMembershipFactory(group=group, person=person, role=role)
    return person


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    group = factory.SubFactory(WorkspaceGroupFactory)
    author = factory.SubFactory(PersonFactory)
    body = factory.Sequence(lambda n: f"Wie heeft er ervaring met keukentafelgesprekken? ({n})")
    created_at = factory.LazyFunction(timezone.now)
    last_activity_at = factory.LazyAttribute(lambda o: o.created_at)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(WorkspaceGroupFactory)
    held_on = datetime.date(2018, 3, 12)
    title = factory.Sequence(lambda n: f"Werkteambijeenkomst {n}")
    place = "Wijkcentrum De Focus, Rotterdam"
    notes = "We bespraken de casus van mevrouw J."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    group = factory.SubFactory(WorkspaceGroupFactory)
    kind = ActionKind.TODO
    text = factory.Sequence(lambda n: f"Verslag rondsturen {n}")


# --- files as a browser would send them ----------------------------------------------------

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 90, 80)).save(buffer, "PNG")
    return buffer.getvalue()


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes():
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types),
            ("word/document.xml", "<w:document/>"),
        ]
    )


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- private storage: each test gets its own folder -----------------------------------------


def private_storage():
    """The storage SharedFile.file really uses (fixed when the model was loaded)."""
    return SharedFile._meta.get_field("file").storage


def stored_files():
    """Every file under groups/ in the private storage, sorted."""
    storage = private_storage()
    found = []

    def walk(path):
        try:
            directories, files = storage.listdir(path)
        except FileNotFoundError:
            return
        found.extend(f"{path}/{name}" for name in files)
        for directory in directories:
            walk(f"{path}/{directory}")

    walk("groups")
    return sorted(found)


@pytest.fixture(autouse=True)
def _clean_private_storage(tmp_path):
    """Point the private storage at a folder of this test's own: the database rows are rolled
    back but files are not, and other test runs on the machine write to the shared folder."""
    storage = private_storage()
    saved = {key: storage.__dict__.get(key) for key in ("base_location", "location")}
    storage.__dict__["base_location"] = storage.__dict__["location"] = str(tmp_path / "private")
    yield
    for key, value in saved.items():
        if value is None:
            storage.__dict__.pop(key, None)
        else:
            storage.__dict__[key] = value
