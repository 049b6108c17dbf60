"""A product's files: who may add, remove and download them, how they are served; and the PDF of
the transferable description."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import capfirst
from pypdf import PdfReader

from werkplaats.core.testing import t
from werkplaats.groups.tests.factories import LearningGroupFactory
from werkplaats.library import extract, file_services
from werkplaats.library.models import ExtractionStatus, Licence, ProductFile, Visibility
from werkplaats.network.tests.factories import CoordinatorFactory, PersonFactory

from .factories import ProductFactory
from .file_helpers import (
    DOCX_TYPE,
    EXE_BYTES,
    HTML_BYTES,
    _own_private_storage,  # noqa: F401 - autouse fixture
    author_fixture,  # noqa: F401
    docx_bytes,
    encrypted_pdf_bytes,
    group_fixture,  # noqa: F401
    image_bytes,
    member_of,
    pdf_bytes,
    pptx_bytes,
    private_product_fixture,  # noqa: F401
    product_fixture,  # noqa: F401
    stored_names,
    upload,
    zip_bomb_bytes,
)

pytestmark = pytest.mark.django_db


def files_url(product):
    return reverse("library:files", args=[product.slug])


def post_file(client, product, name, content, title="", content_type="application/pdf"):
    return client.post(
        files_url(product), {"file": upload(name, content, content_type), "title": title}
    )


def add(actor, product, name, content, title=""):
    return file_services.add_product_file(actor, product, upload(name, content), title)


# --- the service ------------------------------------------------------------------------------


def test_a_member_adds_a_pdf_stored_privately_under_a_random_name(
    author, product, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        product_file = add(author, product, "../../Verslag werkteam.pdf", pdf_bytes("Samenspel"))

    product_file.refresh_from_db()
    assert product_file.original_name == "Verslag werkteam.pdf"
    assert product_file.content_type == "application/pdf"
    assert product_file.file.name.startswith(f"library/products/{product.pk}/")
    assert "Verslag" not in product_file.file.name
    assert product_file.uploaded_by == author
    # The extraction ran after the commit (immediate task backend in the tests).
    assert product_file.extraction_status == ExtractionStatus.DONE
    assert "Samenspel" in product_file.extracted_text


def test_an_image_needs_no_extraction(author, product):
    product_file = add(author, product, "omslag.png", image_bytes())
    assert product_file.extraction_status == ExtractionStatus.NONE


def test_files_are_numbered_in_the_order_they_are_added(author, product):
    first = add(author, product, "a.pdf", pdf_bytes("a"))
    second = add(author, product, "b.pdf", pdf_bytes("b"))
    assert (first.position, second.position) == (1, 2)
    assert list(product.files.all()) == [first, second]


def test_a_member_of_another_group_cannot_add_a_file(product):
    stranger = member_of(LearningGroupFactory())
    with pytest.raises(PermissionDenied):
        add(stranger, product, "a.pdf", pdf_bytes())
    assert stored_names() == []


def test_a_refused_file_leaves_nothing_behind(author, product):
    with pytest.raises(ValidationError):
        add(author, product, "bom.docx", zip_bomb_bytes(20))
    assert not ProductFile.objects.exists()
    assert stored_names() == []


def test_removing_a_file_deletes_its_content_after_the_commit(
    author, product, django_capture_on_commit_callbacks
):
    product_file = add(author, product, "a.pdf", pdf_bytes())
    assert len(stored_names()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        file_services.remove_product_file(author, product_file)

    assert not ProductFile.objects.exists()
    assert stored_names() == []


def test_a_member_of_another_group_cannot_remove_a_file(author, product):
    product_file = add(author, product, "a.pdf", pdf_bytes())
    with pytest.raises(PermissionDenied):
        file_services.remove_product_file(member_of(LearningGroupFactory()), product_file)
    assert ProductFile.objects.filter(pk=product_file.pk).exists()


# --- the page that manages the files ----------------------------------------------------------


def test_the_files_page_lists_the_files_with_a_form(
    client, author, product, django_assert_max_num_queries
):
    for number in range(5):
        add(author, product, f"deel-{number}.pdf", pdf_bytes(f"Deel {number}"))
    client.force_login(author.user)

    client.get(files_url(product))  # the footer's partner logos are rendered once
    with django_assert_max_num_queries(20):
        response = client.get(files_url(product))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    content = response.content.decode()
    assert content.count('class="file-item product-file"') == 5
    assert 'enctype="multipart/form-data"' in content


def test_uploading_a_file_through_the_page(client, author, product):
    client.force_login(author.user)

    response = post_file(client, product, "dia's.pptx", pptx_bytes("Samenspel"), "De dia's")

    assert response.status_code == 302
    product_file = ProductFile.objects.get()
    assert product_file.title == "De dia's"
    assert product_file.content_type.endswith("presentationml.presentation")
    added = t("“%(name)s” has been added.") % {"name": "De dia's"}
    assert escape(added) in client.get(files_url(product)).content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("verslag.pdf", EXE_BYTES),
        ("verslag.pdf", HTML_BYTES),
        ("geheim.pdf", encrypted_pdf_bytes()),
        ("bom.docx", zip_bomb_bytes(20)),
    ],
)
def test_a_refused_upload_says_why_and_keeps_the_title(client, author, product, name, content):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        extract.inspect_upload(upload(name, content))
    client.force_login(author.user)

    response = post_file(client, product, name, content, title="Mijn titel")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Mijn titel"' in html
    assert "notice--error" in html
    assert escape(refused.value.messages[0]) in html
    assert not ProductFile.objects.exists()
    assert stored_names() == []


def test_an_oversized_upload_is_refused(client, author, product, settings):
    settings.LIBRARY_MAX_UPLOAD_MB = 1
    client.force_login(author.user)

    response = post_file(client, product, "groot.pdf", pdf_bytes() + b"%" * (1024 * 1024))

    assert response.status_code == 400
    assert "1 MB" in response.content.decode()
    assert not ProductFile.objects.exists()


def test_an_upload_without_a_file_is_refused(client, author, product):
    client.force_login(author.user)
    response = client.post(files_url(product), {"title": "Zonder bestand"})
    assert response.status_code == 400
    assert t("Choose a file to upload.") in response.content.decode()


def test_removing_through_the_page(client, author, product):
    product_file = add(author, product, "a.pdf", pdf_bytes())
    client.force_login(author.user)

    response = client.post(files_url(product), {"remove": product_file.pk})

    assert response.status_code == 302
    assert not ProductFile.objects.exists()


def test_removing_a_file_of_another_product_is_not_found(client, author, product):
    other = ProductFactory()
    product_file = add(PersonFactory(user=CoordinatorFactory()), other, "a.pdf", pdf_bytes())
    client.force_login(author.user)

    response = client.post(files_url(product), {"remove": product_file.pk})

    assert response.status_code == 404
    assert ProductFile.objects.filter(pk=product_file.pk).exists()


def test_a_visitor_is_sent_to_sign_in(client, product, settings):
    response = client.get(files_url(product))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_a_member_who_may_only_read_gets_403(client, product):
    client.force_login(member_of(LearningGroupFactory()).user)

    response = client.post(files_url(product), {"file": upload("a.pdf", pdf_bytes())})

    assert response.status_code == 403
    assert not ProductFile.objects.exists()


def test_a_private_product_is_not_found_for_other_members(client, private_product):
    client.force_login(member_of(LearningGroupFactory()).user)
    assert client.get(files_url(private_product)).status_code == 404


def test_a_coordinator_may_manage_any_product(client, private_product):
    coordinator = PersonFactory(user=CoordinatorFactory())
    client.force_login(coordinator.user)

    assert client.get(files_url(private_product)).status_code == 200
    response = post_file(client, private_product, "a.pdf", pdf_bytes())

    assert response.status_code == 302
    assert ProductFile.objects.get().uploaded_by == coordinator


def test_the_files_page_refuses_other_methods(client, author, product):
    client.force_login(author.user)
    assert client.delete(files_url(product)).status_code == 405


# --- download ---------------------------------------------------------------------------------


def test_a_pdf_is_shown_inline_with_its_type(client, author, product):
    product_file = add(author, product, "Verslag.pdf", pdf_bytes("Inhoud"))

    response = client.get(product_file.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="Verslag.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_office_file_is_downloaded(client, author, product):
    product_file = add(author, product, "Plan van aanpak.docx", docx_bytes("Plan"))

    response = client.get(product_file.get_absolute_url())

    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Plan%20van%20aanpak.docx" in response["Content-Disposition"]
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_an_image_is_shown_inline(client, author, product):
    product_file = add(author, product, "omslag.webp", image_bytes("WEBP"))
    response = client.get(product_file.get_absolute_url())
    assert response["Content-Type"] == "image/webp"
    assert response["Content-Disposition"].startswith("inline;")


def test_a_file_of_a_private_product_is_not_found_for_visitors_and_others(
    client, author, private_product
):
    product_file = add(author, private_product, "a.pdf", pdf_bytes())
    url = product_file.get_absolute_url()

    assert client.get(url).status_code == 404
    client.force_login(member_of(LearningGroupFactory()).user)
    assert client.get(url).status_code == 404
    client.force_login(author.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_members_only_product_file_is_for_members(client, author, product):
    product.visibility = Visibility.MEMBERS
    product.save()
    product_file = add(author, product, "a.pdf", pdf_bytes())

    assert client.get(product_file.get_absolute_url()).status_code == 404
    client.force_login(member_of(LearningGroupFactory()).user)
    assert client.get(product_file.get_absolute_url()).status_code == 200


def test_a_file_under_another_products_address_is_not_found(client, author, product):
    product_file = add(author, product, "a.pdf", pdf_bytes())
    other = ProductFactory()
    url = reverse("library:file", args=[other.slug, product_file.pk])
    assert client.get(url).status_code == 404


def test_a_file_whose_content_is_gone_is_not_found(client, author, product):
    product_file = add(author, product, "a.pdf", pdf_bytes())
    product_file.file.storage.delete(product_file.file.name)
    assert client.get(product_file.get_absolute_url()).status_code == 404


# --- the PDF of the transferable description --------------------------------------------------


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_the_transferable_description(client, product):
    shown = PersonFactory(first_name="Fatima", last_name="Bakker", name_visibility="iedereen")
    hidden = PersonFactory(first_name="Geheime", last_name="Auteur", name_visibility="leden")
    product.authors.set([shown, hidden])
    product.author_names = "Lectoraat Integraal Werken"
    product.kind = "workshopmateriaal"
    product.year = 2018
    product.licence = Licence.CC_BY_SA
    product.approach = "Drie bijeenkomsten met bewoners en professionals."
    product.working_elements = "Samen aan tafel; de bewoner aan het woord."
    product.contact = ""
    product.save()

    response = client.get(reverse("library:pdf", args=[product.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{product.slug}.pdf"' in response["Content-Disposition"]
    text = " ".join(pdf_text(response).split())
    assert product.title in text
    assert "2018" in text
    assert "Fatima Bakker" in text and "Lectoraat Integraal Werken" in text
    assert "Geheime Auteur" not in text
    assert "https://creativecommons.org/licenses/by-sa/4.0/deed.nl" in text
    assert product.summary in text
    assert "Drie bijeenkomsten met bewoners en professionals." in text
    assert "Samen aan tafel; de bewoner aan het woord." in text
    assert capfirst(t("working elements")) in text
    assert capfirst(t("what you need")) not in text
    assert f"http://testserver/bibliotheek/producten/{product.slug}/" in text
    assert PdfReader(io.BytesIO(response.content)).metadata.title == product.title


def test_the_pdf_keeps_dutch_and_typographic_characters(client, product):
    product.title = "Coördinatie “samenspel” – één aanpak"
    product.save()
    text = pdf_text(client.get(reverse("library:pdf", args=[product.slug])))
    assert "Coördinatie “samenspel” – één aanpak" in " ".join(text.split())


def test_the_pdf_of_a_private_product_is_not_found(client, author, private_product):
    url = reverse("library:pdf", args=[private_product.slug])
    assert client.get(url).status_code == 404
    client.force_login(member_of(LearningGroupFactory()).user)
    assert client.get(url).status_code == 404
    client.force_login(author.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_pdf_of_an_unknown_product_is_not_found(client):
    assert client.get(reverse("library:pdf", args=["bestaat-niet"])).status_code == 404


def test_the_pdf_refuses_post(client, product):
    assert client.post(reverse("library:pdf", args=[product.slug])).status_code == 405


def test_deleting_a_product_deletes_its_files_content_after_the_commit(
    author, product, django_capture_on_commit_callbacks
):
    add(author, product, "a.pdf", pdf_bytes())
    add(author, product, "b.pdf", pdf_bytes())
    assert len(stored_names()) == 2

    with django_capture_on_commit_callbacks(execute=True):
        product.delete()

    assert stored_names() == []
