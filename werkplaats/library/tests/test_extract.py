"""What a product's file is (from its content), what is refused, and the text read from it."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.management import call_command

from werkplaats.library import extract
from werkplaats.library.models import ExtractionStatus, Product, ProductFile
from werkplaats.library.search import Selection, Viewer, find
from werkplaats.library.tasks import extract_file, extract_product_file

from .file_helpers import (
    EXE_BYTES,
    HTML_BYTES,
    _own_private_storage,  # noqa: F401 - autouse fixture
    docx_bytes,
    docx_zip,
    encrypted_pdf_bytes,
    group_fixture,  # noqa: F401
    image_bytes,
    password_office_bytes,
    pdf_bytes,
    pptx_bytes,
    product_fixture,  # noqa: F401
    upload,
    xlsx_bytes,
    zip_bomb_bytes,
)


def inspect(name, content):
    return extract.inspect_upload(upload(name, content))


def refused(name, content):
    with pytest.raises(ValidationError) as caught:
        inspect(name, content)
    return caught.value


# --- accepted, by content ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "key"),
    [
        ("verslag.pdf", lambda: pdf_bytes("Verslag"), "pdf"),
        ("plan.docx", lambda: docx_bytes("Plan"), "docx"),
        ("dia's.pptx", lambda: pptx_bytes("Dia"), "pptx"),
        ("foto.jpg", lambda: image_bytes("JPEG"), "jpeg"),
        ("foto.png", lambda: image_bytes("PNG"), "png"),
        ("foto.webp", lambda: image_bytes("WEBP"), "webp"),
    ],
)
def test_allowed_kinds_are_recognised_from_their_content(name, make, key):
    assert inspect(name, make()).key == key


def test_the_name_does_not_decide_the_kind():
    assert inspect("verslag.docx", pdf_bytes("Verslag")).key == "pdf"


# --- refused ----------------------------------------------------------------------------------


def test_an_executable_named_pdf_is_refused():
    error = refused("verslag.pdf", EXE_BYTES)
    assert error.code == "type"


def test_an_html_page_named_pdf_is_refused():
    error = refused("verslag.pdf", HTML_BYTES)
    assert error.code == "type"
    assert "HTML" in error.messages[0]


def test_an_empty_file_is_refused():
    assert refused("leeg.pdf", b"").code == "empty"


def test_a_file_over_the_limit_is_refused(settings):
    settings.LIBRARY_MAX_UPLOAD_MB = 1
    content = pdf_bytes("x") + b"%" * (1024 * 1024)
    error = refused("groot.pdf", content)
    assert error.code == "too_big"
    assert "1 MB" in error.messages[0]


def test_an_encrypted_pdf_is_refused():
    assert refused("geheim.pdf", encrypted_pdf_bytes()).code == "encrypted"


def test_a_password_protected_office_file_is_refused():
    assert refused("geheim.docx", password_office_bytes()).code == "encrypted"


def test_an_old_office_file_is_refused_with_advice():
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000
    error = refused("oud.doc", content)
    assert error.code == "type"
    assert ".docx" in error.messages[0]


def test_a_zip_with_an_encrypted_member_is_refused():
    content = bytearray(docx_zip([("word/document.xml", b"<w:document/>")]))
    # Set the "encrypted" bit (0x1) in every central directory entry's flags.
    position = content.find(b"PK\x01\x02")
    while position != -1:
        content[position + 8] |= 0x1
        position = content.find(b"PK\x01\x02", position + 4)
    assert refused("geheim.docx", bytes(content)).code == "encrypted"


def test_a_zip_bomb_shaped_as_docx_is_refused_before_unpacking():
    content = zip_bomb_bytes(megabytes=60)
    assert len(content) < 1024 * 1024  # 60 MB of document in well under 1 MB
    assert refused("bom.docx", content).code == "zip_bomb"


def test_an_archive_unpacking_to_too_much_in_total_is_refused(monkeypatch):
    monkeypatch.setattr(extract, "MAX_UNPACKED_BYTES", 100_000)
    members = [(f"word/media/image{n}.xml", bytes(range(256)) * 200) for n in range(3)]
    assert refused("groot.docx", docx_zip(members)).code == "zip_bomb"


def test_a_spreadsheet_is_refused_for_a_product():
    error = refused("cijfers.xlsx", xlsx_bytes())
    assert error.code == "type"
    assert "Excel" in error.messages[0]


def test_a_plain_zip_named_docx_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hallo")
    assert refused("plan.docx", buffer.getvalue()).code == "type"


def test_a_damaged_pdf_is_refused():
    assert refused("kapot.pdf", b"%PDF-1.4\n" + b"\xff" * 300).code == "damaged"


# --- text -------------------------------------------------------------------------------------


def test_text_of_a_pdf_is_extracted_page_by_page():
    text = extract.extract_text(io.BytesIO(pdf_bytes("Eerste bladzijde", "Gouden tips")), "pdf")
    assert "Eerste bladzijde" in text
    assert "Gouden tips" in text


def test_text_of_a_docx_is_extracted():
    text = extract.extract_text(io.BytesIO(docx_bytes("Zingeving", "Eenzaamheid")), "docx")
    assert text.split("\n") == ["Zingeving", "Eenzaamheid"]


def test_text_of_a_pptx_is_extracted_with_the_notes():
    content = pptx_bytes("Armoede", notes="Sprekersnotitie over schulden")
    text = extract.extract_text(io.BytesIO(content), "pptx")
    assert "Armoede: de opbrengst" in text
    assert "Sprekersnotitie over schulden" in text


def test_extracted_text_is_capped(monkeypatch):
    monkeypatch.setattr(extract, "MAX_TEXT_CHARS", 50)
    text = extract.extract_text(io.BytesIO(docx_bytes("a" * 40, "b" * 40, "c" * 40)), "docx")
    assert len(text) <= 50


def test_only_the_first_pages_are_read(monkeypatch):
    monkeypatch.setattr(extract, "MAX_PAGES", 2)
    content = pdf_bytes("Bladzijde een", "Bladzijde twee", "Bladzijde drie")
    text = extract.extract_text(io.BytesIO(content), "pdf")
    assert "Bladzijde twee" in text
    assert "drie" not in text


# --- the task ---------------------------------------------------------------------------------


def stored(product, name, content, content_type, status=ExtractionStatus.PENDING):
    from django.core.files.base import ContentFile

    product_file = ProductFile(
        product=product,
        original_name=name,
        content_type=content_type,
        size=len(content),
        extraction_status=status,
    )
    product_file.file.save(name, ContentFile(content), save=False)
    product_file.save()
    return product_file


def search(query):
    """The products the site search finds for a visitor."""
    hits = find(Viewer.of(AnonymousUser()), query, Selection()).hits
    return list(Product.objects.filter(pk__in=[hit.pk for hit in hits if hit.source == "product"]))


@pytest.mark.django_db
def test_task_stores_the_text_and_the_product_is_found_by_it(product):
    product_file = stored(
        product, "verslag.pdf", pdf_bytes("Keukentafelgesprekken met raadsleden"), "application/pdf"
    )
    assert search("raadsleden") == []

    assert extract_product_file.call(product_file.pk) == ExtractionStatus.DONE

    product_file.refresh_from_db()
    assert product_file.extraction_status == ExtractionStatus.DONE
    assert "Keukentafelgesprekken met raadsleden" in product_file.extracted_text
    assert search("raadsleden") == [product]


@pytest.mark.django_db
def test_task_marks_a_damaged_file_failed_without_raising(product):
    product_file = stored(
        product, "kapot.docx", b"PK\x03\x04 niet echt", extract.filetypes.KINDS["docx"].content_type
    )

    assert extract_product_file.call(product_file.pk) == ExtractionStatus.FAILED

    product_file.refresh_from_db()
    assert product_file.extraction_status == ExtractionStatus.FAILED
    assert product_file.extracted_text == ""


@pytest.mark.django_db
def test_task_marks_a_zip_bomb_failed(product):
    product_file = stored(
        product, "bom.docx", zip_bomb_bytes(20), extract.filetypes.KINDS["docx"].content_type
    )
    extract_product_file.call(product_file.pk)
    product_file.refresh_from_db()
    assert product_file.extraction_status == ExtractionStatus.FAILED


@pytest.mark.django_db
def test_images_have_no_text(product):
    product_file = stored(product, "foto.png", image_bytes(), "image/png")
    assert extract_file(product_file) == ExtractionStatus.NONE


@pytest.mark.django_db
def test_task_is_idempotent(product):
    product_file = stored(
        product, "plan.docx", docx_bytes("Samenspel"), extract.filetypes.KINDS["docx"].content_type
    )
    extract_product_file.call(product_file.pk)
    ProductFile.objects.filter(pk=product_file.pk).update(extracted_text="bewerkt")

    assert extract_product_file.call(product_file.pk) is None

    product_file.refresh_from_db()
    assert product_file.extracted_text == "bewerkt"


@pytest.mark.django_db
def test_command_processes_waiting_files_only(product):
    waiting = stored(
        product, "a.pptx", pptx_bytes("Wijkteams"), extract.filetypes.KINDS["pptx"].content_type
    )
    done = stored(
        product, "b.pdf", pdf_bytes("Oud"), "application/pdf", status=ExtractionStatus.DONE
    )
    out = io.StringIO()

    call_command("extract_product_texts", stdout=out)

    waiting.refresh_from_db()
    done.refresh_from_db()
    assert waiting.extraction_status == ExtractionStatus.DONE
    assert "Wijkteams" in waiting.extracted_text
    assert done.extracted_text == ""
    assert "Files read: 1; text found: 1; failed: 0" in out.getvalue()


@pytest.mark.django_db
def test_command_again_reads_every_text_file_anew(product):
    done = stored(
        product,
        "b.pdf",
        pdf_bytes("Opnieuw gelezen"),
        "application/pdf",
        status=ExtractionStatus.DONE,
    )
    call_command("extract_product_texts", "--again", stdout=io.StringIO())
    done.refresh_from_db()
    assert "Opnieuw gelezen" in done.extracted_text
