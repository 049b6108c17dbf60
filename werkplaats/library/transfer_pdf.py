"""The transferable description of a product as a PDF (fpdf2, pure Python).

What another municipality or team needs to take a product up, on paper: title, kind and year,
authors, licence (with its address), summary, the filled-in parts of the transferable
description, and the permanent address of the product on the site.

Text is set in DejaVu Sans when Debian's fonts-dejavu-core is installed (every Unicode letter);
otherwise in the PDF's built-in Helvetica, which covers Windows-1252 (all Dutch text, “quotes”
and dashes included), with anything beyond it replaced.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from werkplaats.network.permissions import can_see_profile_part

# fontTools (under fpdf2) logs every step of subsetting a font at INFO: not for the site's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
PRIMARY = (0, 84, 128)
MUTED = (80, 80, 80)


def author_names(viewer, product):
    """The authors' names the viewer may see, then the other authors typed in."""
    names = [
        person.full_name
        for person in product.authors.all()
        if can_see_profile_part(viewer, person, person.name_visibility)
    ]
    if product.author_names.strip():
        names.append(product.author_names.strip())
    return names


class TransferPDF(FPDF):
    def __init__(self, footer_text):
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.unicode_font = all((FONT_DIR / name).is_file() for name in FONT_FILES.values())
        if self.unicode_font:
            for style, name in FONT_FILES.items():
                self.add_font("body", style, str(FONT_DIR / name))
            self.family = "body"
        else:
            self.core_fonts_encoding = "windows-1252"
            self.family = "helvetica"
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=22)

    def clean(self, text):
        text = str(text or "").replace("\r\n", "\n").replace("\t", "    ")
        if self.unicode_font:
            return text
        return text.encode("cp1252", "replace").decode("cp1252")

    def font(self, style="", size=11, colour=(0, 0, 0)):
        self.set_font(self.family, style, size)
        self.set_text_color(*colour)

    def paragraph(self, text, style="", size=11, colour=(0, 0, 0), height=5.6, link=""):
        self.font(style, size, colour)
        self.multi_cell(
            0,
            height,
            self.clean(text),
            align="L",
            link=link or None,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def footer(self):
        self.set_y(-15)
        self.font("", 8, MUTED)
        page = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 5, self.clean(f"{self.footer_text} · {page}"), align="C")


def render(product, viewer, permalink):
    """The PDF (bytes) of the product's transferable description, as `viewer` may see it."""
    site = settings.WAGTAIL_SITE_NAME
    pdf = TransferPDF(footer_text=site)
    pdf.set_title(pdf.clean(product.title))
    pdf.set_author(pdf.clean(site))
    pdf.set_subject(pdf.clean(_("Transferable description")))
    pdf.set_creator(pdf.clean(site))
    pdf.set_lang(settings.LANGUAGE_CODE)
    pdf.add_page()

    pdf.paragraph(_("Transferable description"), "B", 10, PRIMARY)
    pdf.ln(1)
    pdf.paragraph(product.title, "B", 20, (0, 0, 0), height=9)
    pdf.ln(1)
    pdf.paragraph(
        f"{capfirst(product.get_kind_display())} · {product.year}", "", 11, MUTED, height=6
    )
    pdf.ln(3)

    facts = []
    authors = author_names(viewer, product)
    if authors:
        facts.append((_("Authors"), ", ".join(authors), ""))
    facts.append((_("Licence"), product.get_licence_display(), ""))
    if product.licence_url:
        facts.append((_("Licence text"), product.licence_url, product.licence_url))
    facts.append((_("Online"), permalink, permalink))
    for label, value, link in facts:
        pdf.paragraph(label, "B", 10, MUTED, height=5)
        pdf.paragraph(value, "", 11, PRIMARY if link else (0, 0, 0), link=link)
        pdf.ln(1.5)

    pdf.ln(2)
    pdf.paragraph(_("Summary"), "B", 13, PRIMARY, height=7)
    pdf.paragraph(product.summary)
    for label, text in product.transfer_sections():
        pdf.ln(4)
        pdf.paragraph(capfirst(str(label)), "B", 13, PRIMARY, height=7)
        pdf.paragraph(text.strip())

    pdf.ln(6)
    printed = date_format(timezone.localdate(), "j F Y")
    pdf.paragraph(
        _("Printed on %(date)s. The latest version is always at %(url)s")
        % {"date": printed, "url": permalink},
        "I",
        9,
        MUTED,
        height=4.5,
    )
    return bytes(pdf.output())
