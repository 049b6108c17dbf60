"""What kind of file an upload to a workspace really is, decided from its content.

Never from the name or the type the browser sends: both are chosen by the uploader. The result
decides whether the file is accepted and which Content-Type it is served with later, so an HTML
page, an SVG, a script or a program renamed "verslag.pdf" is refused, not served.

Office files are zip archives: a .docx/.xlsx/.pptx is recognised by its [Content_Types].xml,
an OpenDocument file by its first entry "mimetype". Any other zip is refused, also when it is
named like a document. Macro-enabled Office files have other content types and are refused too.
"""

import re
import zipfile
from dataclasses import dataclass

import filetype
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


KINDS = {
    kind.key: kind
    for kind in [
        Kind("pdf", "PDF", "application/pdf", (".pdf",)),
        Kind(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        Kind(
            "xlsx",
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        Kind(
            "pptx",
            "PowerPoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
        ),
        Kind("odt", "OpenDocument", "application/vnd.oasis.opendocument.text", (".odt",)),
        Kind("ods", "OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
        Kind("odp", "OpenDocument", "application/vnd.oasis.opendocument.presentation", (".odp",)),
        Kind("txt", "Text", "text/plain", (".txt", ".md")),
        Kind("csv", "CSV", "text/csv", (".csv",)),
        Kind("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg")),
        Kind("png", "PNG", "image/png", (".png",)),
        Kind("webp", "WebP", "image/webp", (".webp",)),
    ]
}

# The served Content-Type for each allowed type, also used to read back a stored file's kind.
CONTENT_TYPES = {kind.content_type for kind in KINDS.values()}

ALLOWED_DESCRIPTION = _(
    "PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV, JPEG, PNG or WebP"
)

OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
# Reading more of [Content_Types].xml than this is a sign of a crafted archive (a zip bomb).
MAX_CONTENT_TYPES_XML = 256 * 1024
SNIFF_BYTES = 8192

# Text that a browser or a shell would treat as a program or a page, wherever it is named .txt.
MARKUP_OR_SCRIPT = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|link|style|\?xml)\b"
    rb"|^\s*#!",
    re.IGNORECASE,
)


class RejectedFile(Exception):
    """The upload is not an allowed kind; `message` says why, for the uploader."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _read_all(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _office_kind(upload):
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                info = archive.getinfo("mimetype")
                if info.file_size <= 100:
                    kind = ODF_MIMETYPES.get(archive.read("mimetype").strip())
                    if kind:
                        return kind
            if "[Content_Types].xml" in names:
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    return None
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > MAX_CONTENT_TYPES_XML:
                    return None
                xml = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for content_type, kind in OOXML_MAIN_TYPES.items():
                    if f'ContentType="{content_type}"' in xml:
                        return kind
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)
    return None


def _text_charset(data):
    """The charset of plain text, or None for binary data."""
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
        charset = "utf-8"
    except UnicodeDecodeError:
        # Excel on Windows saves CSV as Windows-1252; bytes 0x81, 0x8d… are undefined there.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
        charset = "windows-1252"
    if any(ord(char) < 32 and char not in "\t\r\n\f" for char in text):
        return None
    return charset


def sniff(upload, name=""):
    """The Kind of `upload` (a Django UploadedFile) and, for text, its charset.

    Raises RejectedFile for everything that is not one of KINDS. `name` only chooses between
    plain text and CSV, both served as text, never as a page.
    """
    head = upload.read(SNIFF_BYTES) if hasattr(upload, "read") else b""
    upload.seek(0)
    if not head:
        raise RejectedFile(_("The file is empty. Choose a file with content."))

    if head.startswith(b"%PDF-"):
        return KINDS["pdf"], None
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    if mime in ("image/jpeg", "image/png", "image/webp"):
        return KINDS[mime.split("/")[1]], None
    if head.startswith(b"PK\x03\x04"):
        kind = _office_kind(upload)
        if kind:
            return KINDS[kind], None
        raise RejectedFile(
            _(
                "This file is a compressed archive (zip), not a document. Upload the document "
                "itself, as PDF or as an Office file."
            )
        )
    if guess is not None:
        raise RejectedFile(
            _("Files of this type (%(type)s) cannot be shared here.") % {"type": guess.extension}
        )

    data = _read_all(upload)
    charset = _text_charset(data)
    if charset is None:
        raise RejectedFile(_("This kind of file cannot be shared here."))
    if MARKUP_OR_SCRIPT.search(data[: 1024 * 1024]):
        raise RejectedFile(
            _(
                "Web pages (HTML), SVG images and scripts cannot be shared here. Save the "
                "document as PDF and upload that."
            )
        )
    kind = KINDS["csv"] if name.lower().endswith(".csv") else KINDS["txt"]
    return kind, charset


def download_name(original_name, kind, max_length=255):
    """The name the file is saved under: the uploader's name without folders or control
    characters, with an extension that matches its real kind (so a text file called "x.html" is
    saved as "x.html.txt"), at most `max_length` characters with the extension kept."""
    name = (original_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip().lstrip(".") or "bestand"
    extension = next((ext for ext in kind.extensions if name.lower().endswith(ext)), None)
    if extension is None:
        extension = kind.extensions[0]
    else:
        name = name[: -len(extension)]
    return name[: max_length - len(extension)] + extension


def kind_for_content_type(content_type):
    base = content_type.split(";")[0].strip()
    for kind in KINDS.values():
        if kind.content_type == base:
            return kind
    return None
