"""Real files for the tests of a product's files, made with the libraries that read them, and
the crafted ones an attacker would send."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from werkplaats.groups.tests.factories import LearningGroupFactory, MembershipFactory
from werkplaats.network.tests.factories import PersonFactory

from ..models import ProductFile, Visibility
from .factories import ProductFactory

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def pdf_bytes(*pages):
    """A real PDF with one page per text, written by fpdf2."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages or ("Leren transformeren",):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def encrypted_pdf_bytes(text="Geheim verslag", password="geheim"):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes(text))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(*paragraphs):
    import docx

    document = docx.Document()
    for text in paragraphs or ("Werkzame elementen in de wijk",):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pptx_bytes(*slides, notes=""):
    import pptx

    presentation = pptx.Presentation()
    for text in slides or ("Keukentafelgesprek",):
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = text
        slide.placeholders[1].text = f"{text}: de opbrengst"
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def image_bytes(image_format="PNG"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 84, 128)).save(buffer, format=image_format)
    return buffer.getvalue()


def xlsx_bytes():
    """A real spreadsheet (a kind the workspace takes, a product does not)."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.add_worksheet().write(0, 0, "Deelnemers")
    workbook.close()
    return buffer.getvalue()


def docx_zip(extra_members, compression=zipfile.ZIP_DEFLATED):
    """A zip shaped like a .docx (its [Content_Types].xml says so) with the members given as
    (name, bytes or a callable writing into the open member)."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        for name, content in extra_members:
            if callable(content):
                with archive.open(name, "w", force_zip64=True) as member:
                    content(member)
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb_bytes(megabytes=60):
    """A .docx-shaped zip whose document.xml unpacks to `megabytes` MB of zeros (about 1000:1)."""
    chunk = b"\x00" * (1024 * 1024)

    def write(member):
        for _ in range(megabytes):
            member.write(chunk)

    return docx_zip([("word/document.xml", write)])


def password_office_bytes():
    """What Office writes for a .docx with a password: an OLE compound file (not a zip) holding
    an "EncryptedPackage" stream. Only its header and directory name matter to the check."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00")
    return header + b"\x00" * 512 + entry + b"\x00" * 448


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_names():
    """Every file under library/ in the private storage, sorted."""
    storage = ProductFile._meta.get_field("file").storage
    found = []

    def walk(path):
        try:
            directories, files = storage.listdir(path)
        except FileNotFoundError:
            return
        found.extend(f"{path}/{name}" for name in files)
        for directory in directories:
            walk(f"{path}/{directory}")

    walk("library")
    return sorted(found)


@pytest.fixture(autouse=True)
def _own_private_storage(tmp_path):
    """The private storage in a folder of this test's own: rows are rolled back, files not."""
    storage = ProductFile._meta.get_field("file").storage
    saved = {key: storage.__dict__.get(key) for key in ("base_location", "location")}
    storage.__dict__["base_location"] = storage.__dict__["location"] = str(tmp_path / "private")
    yield
    for key, value in saved.items():
        if value is None:
            storage.__dict__.pop(key, None)
        else:
            storage.__dict__[key] = value


def member_of(group, **person_fields):
    person = PersonFactory(**person_fields)
    MembershipFactory(group=group, person=person)
    return person


@pytest.fixture(name="group")
def group_fixture():
    return LearningGroupFactory(slug="werkteam-samenspel")


@pytest.fixture(name="author")
def author_fixture(group):
    return member_of(group, first_name="Anne", last_name="Jansen")


@pytest.fixture(name="product")
def product_fixture(group):
    return ProductFactory(
        title="Op weg naar samenspel", slug="op-weg-naar-samenspel", groups=[group]
    )


@pytest.fixture(name="private_product")
def private_product_fixture(group):
    return ProductFactory(
        title="Werkboek in wording", slug="werkboek", groups=[group], visibility=Visibility.GROUP
    )
