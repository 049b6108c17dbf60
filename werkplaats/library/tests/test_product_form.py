"""The member's product form: the cover image and the practice knowledge a product builds on."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from werkplaats.groups.tests.factories import LearningGroupFactory, MembershipFactory
from werkplaats.library import services
from werkplaats.library.models import PracticeItem, Product, Visibility

from .file_helpers import EXE_BYTES, image_bytes

BSN = "123456782"  # passes the 11-proef

Image = get_image_model()


@pytest.fixture
def group(db):
    return LearningGroupFactory(name="Werkteam Zingeving", slug="werkteam-zingeving")


@pytest.fixture
def anne(group):
    return MembershipFactory(group=group, person__first_name="Anne").person


@pytest.fixture
def as_anne(client, anne):
    client.force_login(anne.user)
    return client


@pytest.fixture
def product(group, anne):
    return services.create_product(
        anne,
        relations={"groups": [group], "authors": [anne]},
        kind="presentatie",
        title="Zingeving in de wijk",
        summary="Presentatie over zingeving.",
        year=2020,
    )


def data(**overrides):
    values = {
        "kind": "presentatie",
        "title": "Zingeving in de wijk",
        "summary": "Presentatie over zingeving.",
        "year": "2020",
        "licence": "CC-BY-4.0",
    }
    values.update(overrides)
    return values


def photo_with_exif():
    image = PILImage.new("RGB", (1600, 900), (0, 90, 80))
    exif = PILImage.Exif()
    exif[0x010F] = "Camera van Anne"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("omslag.jpg", buffer.getvalue(), content_type="image/jpeg")


def edit_data(product, **overrides):
    """What the edit form posts: its groups and authors as they are, and the changes."""
    current = {
        "groups": [group.pk for group in product.groups.all()],
        "authors": [author.pk for author in product.authors.all()],
    }
    return data(**{**current, **overrides})


def edit_url(product):
    return reverse("library:edit", kwargs={"kind": "producten", "slug": product.slug})


def test_member_adds_a_product_with_a_cover(as_anne, group):
    response = as_anne.post(
        reverse("library:product_new", args=[group.slug]), data(cover_upload=photo_with_exif())
    )
    assert response.status_code == 302
    product = Product.objects.get()
    assert product.cover.title == "Zingeving in de wijk"
    with product.cover.file.open() as stored, PILImage.open(stored) as picture:
        assert max(picture.size) == 1200  # made smaller
        assert not picture.getexif()  # no camera, place or date
    assert product.versions.get().data["cover"] == product.cover.pk


def test_the_cover_is_shown_on_the_product_page_once_public(client, as_anne, group, product):
    as_anne.post(edit_url(product), edit_data(product, cover_upload=photo_with_exif()))
    product.refresh_from_db()
    Product.objects.filter(pk=product.pk).update(visibility=Visibility.PUBLIC)
    client.logout()
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'class="library-cover"' in html


def test_replacing_and_removing_the_cover_keep_the_history(as_anne, anne, product):
    as_anne.post(edit_url(product), edit_data(product, cover_upload=photo_with_exif()))
    first = Product.objects.get().cover
    form = as_anne.get(edit_url(product)).content.decode()
    assert "De huidige omslagafbeelding" in form
    as_anne.post(
        edit_url(product),
        edit_data(product, cover_upload=SimpleUploadedFile("b.png", image_bytes())),
    )
    second = Product.objects.get().cover
    assert second.pk != first.pk
    response = as_anne.post(edit_url(product), edit_data(product, remove_cover="on"))
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.cover is None
    # An old version brings its cover back.
    with_first = product.versions.get(number=2)
    services.restore_version(anne, product, with_first)
    assert Product.objects.get().cover == first


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("omslag.png", EXE_BYTES), "geen JPEG-, PNG- of WebP-afbeelding"),
        (SimpleUploadedFile("omslag.gif", b"GIF89a" + b"\0" * 40), "geen JPEG-, PNG- of WebP"),
    ],
)
def test_a_file_that_is_no_image_is_refused(as_anne, group, upload, message):
    response = as_anne.post(
        reverse("library:product_new", args=[group.slug]),
        data(title="Mijn titel blijft staan", cover_upload=upload),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Mijn titel blijft staan"' in html
    assert not Product.objects.exists()
    assert not Image.objects.filter(title="Mijn titel blijft staan").exists()


def test_an_oversized_cover_is_refused(as_anne, product, settings):
    big = SimpleUploadedFile("groot.png", image_bytes() + b"\0" * (5 * 1024 * 1024))
    response = as_anne.post(edit_url(product), edit_data(product, cover_upload=big))
    assert response.status_code == 400
    assert "het maximum is 5 MB" in response.content.decode()
    assert Product.objects.get().cover is None


def stored_originals(settings):
    folder = Path(settings.MEDIA_ROOT) / "original_images"
    return {path.name for path in folder.glob("*")} if folder.exists() else set()


def test_a_refused_change_leaves_no_image_behind(as_anne, anne, product, settings):
    services.share(anne, product, Visibility.MEMBERS)
    images_before = Image.objects.count()
    files_before = stored_originals(settings)
    response = as_anne.post(
        edit_url(product),
        edit_data(product, summary=f"Cliënt met BSN {BSN}.", cover_upload=photo_with_exif()),
    )
    assert response.status_code == 400  # the privacy guard refuses it
    assert Image.objects.count() == images_before
    assert Product.objects.get().cover is None
    assert stored_originals(settings) == files_before


def test_the_product_links_the_practice_knowledge_of_its_group(as_anne, anne, group, product):
    item = services.create_practice_item(
        anne, group, kind="tip", title="Vraag naar wat iemand drijft", summary="Een tip.", body="."
    )
    other = PracticeItem.objects.create(
        kind="tip",
        title="Tip van een ander werkteam",
        slug="tip-ander",
        summary=".",
        body=".",
        group=LearningGroupFactory(),
    )
    form = as_anne.get(edit_url(product)).content.decode()
    assert "Vraag naar wat iemand drijft" in form
    assert "Tip van een ander werkteam" not in form
    response = as_anne.post(edit_url(product), edit_data(product, practice_items=[item.pk]))
    assert response.status_code == 302
    assert list(Product.objects.get().practice_items.all()) == [item]
    response = as_anne.post(edit_url(product), edit_data(product, practice_items=[other.pk]))
    assert response.status_code == 400
    assert "practice_items" in response.context["form"].errors
    assert list(Product.objects.get().practice_items.all()) == [item]


def test_a_member_adds_and_removes_groups_they_are_in(as_anne, anne, group, product):
    other = LearningGroupFactory(name="Werkteam Armoede")
    MembershipFactory(group=other, person=anne)
    not_mine = LearningGroupFactory(name="Leerkring Dordrecht")
    form = as_anne.get(edit_url(product)).content.decode()
    assert "Werkteam Armoede" in form and "Leerkring Dordrecht" not in form
    response = as_anne.post(edit_url(product), edit_data(product, groups=[group.pk, other.pk]))
    assert response.status_code == 302
    assert set(Product.objects.get().groups.all()) == {group, other}
    assert sorted(product.versions.latest("number").changed) == ["groups"]
    # A group they are not in, by a tampered post: refused, nothing changed.
    response = as_anne.post(edit_url(product), edit_data(product, groups=[group.pk, not_mine.pk]))
    assert response.status_code == 400
    assert "groups" in response.context["form"].errors
    # No group at all: refused with a Dutch message.
    response = as_anne.post(edit_url(product), edit_data(product, groups=[]))
    assert response.status_code == 400
    assert "Een product hoort bij minstens één groep." in response.content.decode()
    assert set(Product.objects.get().groups.all()) == {group, other}


def test_the_service_refuses_a_group_the_writer_is_not_in(anne, product):
    from django.core.exceptions import PermissionDenied

    stranger = LearningGroupFactory()
    with pytest.raises(PermissionDenied):
        services.update_entry(
            anne, product, relations={"groups": [*product.groups.all(), stranger]}
        )
    assert list(product.groups.all()) != [stranger] and stranger not in product.groups.all()
