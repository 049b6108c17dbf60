"""Profile photos: only real JPEG, PNG or WebP images, judged by their content, not their name."""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_SIDE = 1200
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# A decompression bomb check: a small file must not unpack into a huge bitmap.
MAX_PIXELS = 40_000_000


def validate_photo(upload):
    """Raise ValidationError unless `upload` is a JPEG, PNG or WebP image of at most 5 MB."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _(
                "This photo is %(size)s MB; the maximum is 5 MB. "
                "Choose a smaller photo or make this one smaller first."
            )
            % {"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")},
            code="too_big",
        )
    wrong_kind = ValidationError(
        _("This file is not a JPEG, PNG or WebP image. Choose a photo in one of these formats."),
        code="not_an_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise wrong_kind from None
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise wrong_kind
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("This photo has too many pixels. Choose a photo of at most 6000 by 6000 pixels."),
            code="too_many_pixels",
        )


def reencoded_photo(upload):
    """A fresh copy of a validated photo: turned upright, at most 1200 px, without EXIF
    (no camera, place or date data), under a random name."""
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format
        image = ImageOps.exif_transpose(image)
        image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        output = io.BytesIO()
        options = {"quality": 85} if image_format in ("JPEG", "WEBP") else {"optimize": True}
        image.save(output, format=image_format, **options)
    name = f"{secrets.token_hex(12)}.{ALLOWED_FORMATS[image_format]}"
    return ContentFile(output.getvalue(), name=name)


def photo_content_type(head):
    """The content type of a stored photo judged by its first bytes, or None when it is not
    one of the formats we accept (never guessed from the name)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None
