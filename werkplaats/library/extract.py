"""What a product's file is, whether it is safe to keep, and the text inside it.

`inspect_upload` decides from the content (never the name) whether an upload is one of the
kinds a product may have — PDF, Word, PowerPoint, JPEG, PNG, WebP — and refuses what a reader
could not open or what could hurt the server that later reads it: encrypted PDFs, Office files
with a password, and zip bombs (an Office file is a zip archive: its directory says how big
every member unpacks, so a crafted one is refused before anything is unpacked).

`extract_text` reads the text of a stored PDF, Word or PowerPoint file for search, within a
bound on pages and characters, so one huge file cannot fill the index or hold a worker for long.
"""

import io
import logging
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkplaats.groups import filetypes

logger = logging.getLogger(__name__)

ALLOWED_KINDS = ("pdf", "docx", "pptx", "jpeg", "png", "webp")
ALLOWED_DESCRIPTION = gettext_lazy("PDF, Word (.docx), PowerPoint (.pptx), JPEG, PNG or WebP")
TEXT_KINDS = ("pdf", "docx", "pptx")

# Zip bombs: an Office document of a few MB unpacks to tens of MB at most, compresses about
# 10:1 on XML; a member a thousand times smaller packed than unpacked is made to explode.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200
RATIO_FROM_BYTES = 1024 * 1024  # tiny members may compress very well without harm
MAX_MEMBERS = 10_000

# What the extraction keeps: enough for search, bounded for the index and the worker.
MAX_TEXT_CHARS = 1_000_000
MAX_PAGES = 500

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def max_upload_bytes():
    return settings.LIBRARY_MAX_UPLOAD_MB * 1024 * 1024


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _allowed_hint():
    return _("Allowed are: %(kinds)s.") % {"kinds": ALLOWED_DESCRIPTION}


def _head(upload, size=8192):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _check_zip(upload):
    """Refuse an archive that is encrypted or would unpack to an absurd size."""
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        _refuse(
            _("The file cannot be opened: it seems to be damaged. Save it again and upload that.")
            + " "
            + _allowed_hint(),
            "damaged",
        )
    finally:
        upload.seek(0)
    if any(member.flag_bits & 0x1 for member in members):
        _refuse(_password_message(), "encrypted")
    total = sum(member.file_size for member in members)
    bomb = (
        len(members) > MAX_MEMBERS
        or total > MAX_UNPACKED_BYTES
        or any(
            member.file_size > RATIO_FROM_BYTES
            and member.file_size > MAX_RATIO * max(member.compress_size, 1)
            for member in members
        )
    )
    if bomb:
        _refuse(
            _(
                "This file unpacks to far more than a document needs, which is a sign of a "
                "damaged or crafted file. Open it in Word or PowerPoint, save it again and "
                "upload that."
            ),
            "zip_bomb",
        )


def _password_message():
    return _(
        "This file is protected with a password, so nobody could open it here. Remove the "
        "password (in Word or PowerPoint: File, Info, Protect) and upload the file again."
    )


def _check_pdf(upload):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(upload)
        encrypted = reader.is_encrypted
        if not encrypted:
            len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        _refuse(
            _("The PDF cannot be read: it seems to be damaged. Save or export it again."),
            "damaged",
        )
    finally:
        upload.seek(0)
    if encrypted:
        _refuse(
            _(
                "This PDF is protected with a password or encrypted, so nobody could open or "
                "search it here. Save it without protection and upload it again."
            ),
            "encrypted",
        )


def inspect_upload(upload):
    """The filetypes.Kind of an upload for a product, or a ValidationError saying what to do.

    Decides from the content: an HTML page or a program named "report.pdf" is refused, and so
    is every file the readers here could not open safely.
    """
    if upload is None:
        _refuse(_("Choose a file to upload."), "required")
    if upload.size == 0:
        _refuse(_("The file is empty. Choose a file with content."), "empty")
    if upload.size > max_upload_bytes():
        from werkplaats.groups.workspace_services import human_size

        _refuse(
            _(
                "The file is too big (%(size)s). Files can be at most %(max)s MB: make it "
                "smaller (for example by compressing the images in it), or link to it."
            )
            % {"size": human_size(upload.size), "max": settings.LIBRARY_MAX_UPLOAD_MB},
            "too_big",
        )
    head = _head(upload)
    if head.startswith(CFB_MAGIC):
        data = _head(upload, 4 * 1024 * 1024)
        if ENCRYPTED_PACKAGE in data:
            _refuse(_password_message(), "encrypted")
        _refuse(
            _(
                "This is an old Office format (.doc or .ppt). Save it as .docx or .pptx, or "
                "as PDF, and upload that."
            ),
            "type",
        )
    if head.startswith(b"PK\x03\x04"):
        _check_zip(upload)
    try:
        kind, _charset = filetypes.sniff(upload, "")
    except filetypes.RejectedFile as rejected:
        _refuse(f"{rejected.message} {_allowed_hint()}", "type")
    if kind.key not in ALLOWED_KINDS:
        _refuse(
            _("Files of this type (%(type)s) cannot be added to a product.") % {"type": kind.label}
            + " "
            + _allowed_hint(),
            "type",
        )
    if kind.key == "pdf":
        _check_pdf(upload)
    return kind


# --- text --------------------------------------------------------------------------------------


class _Collector:
    """Gathers text up to MAX_TEXT_CHARS; `full` says when to stop reading."""

    def __init__(self, limit=None):
        self.parts = []
        self.length = 0
        self.limit = limit or MAX_TEXT_CHARS

    @property
    def full(self):
        return self.length >= self.limit

    def add(self, text):
        text = (text or "").replace("\x00", "").strip()
        if not text or self.full:
            return
        text = text[: self.limit - self.length]
        self.parts.append(text)
        self.length += len(text) + 1

    def text(self):
        return "\n".join(self.parts)[: self.limit]


def _pdf_text(handle, collector):
    from pypdf import PdfReader

    reader = PdfReader(handle)
    if reader.is_encrypted:
        raise ValueError("encrypted PDF")
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or collector.full:
            break
        collector.add(page.extract_text())


def _docx_text(handle, collector):
    import docx

    document = docx.Document(handle)
    for paragraph in document.paragraphs:
        if collector.full:
            return
        collector.add(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            if collector.full:
                return
            collector.add(" | ".join(cell.text for cell in row.cells))


def _pptx_text(handle, collector):
    import pptx

    presentation = pptx.Presentation(handle)
    for number, slide in enumerate(presentation.slides):
        if number >= MAX_PAGES or collector.full:
            break
        for shape in slide.shapes:
            if shape.has_text_frame:
                collector.add(shape.text_frame.text)
            elif getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    collector.add(" | ".join(cell.text for cell in row.cells))
        if slide.has_notes_slide:
            collector.add(slide.notes_slide.notes_text_frame.text)


READERS = {"pdf": _pdf_text, "docx": _docx_text, "pptx": _pptx_text}


def extract_text(handle, kind_key):
    """The text in an open binary file of `kind_key` (pdf, docx, pptx), at most MAX_TEXT_CHARS.

    Raises for a file that cannot be read; the caller records that as a failed extraction.
    """
    collector = _Collector()
    data = handle.read()
    if data.startswith(b"PK\x03\x04"):
        _check_zip(io.BytesIO(data))
    READERS[kind_key](io.BytesIO(data), collector)
    return collector.text()
