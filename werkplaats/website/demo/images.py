"""Generated demo images: partner wordmarks and news lead images.

The seeds name the partners but carry no logo files, and we do not copy other organisations'
logos into the repository. The demo therefore makes plain wordmarks (the name in type) that an
editor replaces with the real logo in /beheer/.
"""

import io
import zlib

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

PALETTE = ["#005a50", "#a8381a", "#2f4b7c", "#6b4c9a", "#1d6b2f", "#8a5a00"]


def _font(size):
    return ImageFont.load_default(size=size)


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    return buffer


def _save(title, buffer, filename):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    image = Image(title=title)
    image.file = ImageFile(buffer, name=filename)
    image.save()
    return image


def wordmark(name, filename):
    """A 480x160 wordmark: the organisation's name in dark type beside a coloured bar."""
    colour = PALETTE[zlib.crc32(name.encode()) % len(PALETTE)]
    image = PILImage.new("RGB", (480, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 18, 160], fill=colour)
    words = name.split()
    lines, line = [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) > 18 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    font = _font(40 if len(lines) < 3 else 32)
    y = 80 - len(lines) * 24
    for text in lines:
        draw.text((40, y), text, fill="#1d2327", font=font)
        y += 48
    return _save(f"Logo {name}", _png(image), filename)


def lead_image(title, filename, seed):
    """A 1200x675 abstract lead image: overlapping circles, deterministic per seed."""
    colours = PALETTE[seed % len(PALETTE) :] + PALETTE[: seed % len(PALETTE)]
    image = PILImage.new("RGB", (1200, 675), "#f2f6f5")
    draw = ImageDraw.Draw(image, "RGBA")
    state = zlib.crc32(title.encode()) or 1
    for index in range(9):
        state = (1103515245 * state + 12345) % 2**31
        x, y = state % 1200, (state // 1200) % 675
        radius = 120 + (state % 220)
        colour = colours[index % len(colours)]
        rgba = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) + (110,)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=rgba)
    return _save(title, _png(image), filename)
