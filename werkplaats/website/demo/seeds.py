"""Read the seed documents (the Werkplaats's own web pages) into title, paragraphs and headings.

The seed files are copies of `shared/seeds/`, kept in the repository so a fresh clone can load
the demo without anything beside it. Each file is a page as it was scraped: the body text,
followed by the site's repeated footer ("In samenwerking met:", contact details), which is
dropped here because the footer comes from the site settings.
"""

from dataclasses import dataclass, field
from pathlib import Path

SEED_DIR = Path(__file__).parent / "seeds"

FOOTER_MARKERS = ("In samenwerking met:", "Nieuwsbrief", "Interesse in of meer weten over")
NOISE_LINES = {
    "Werkplaats Sociaal Domein Zuid-Holland Zuid",
    "Cookievoorkeuren",
    "InstellingenIk ga akkoord",
}


@dataclass
class SeedDocument:
    name: str
    blocks: list = field(default_factory=list)  # [("heading"|"paragraph", text)]

    def stream_data(self):
        """The body as StreamField data: headings and paragraphs in order."""
        data = []
        for kind, text in self.blocks:
            if kind == "heading":
                data.append({"type": "heading", "value": text})
            else:
                data.append({"type": "paragraph", "value": f"<p>{_escape(text)}</p>"})
        return data

    def text(self):
        return "\n\n".join(text for _kind, text in self.blocks)


def _escape(text):
    from django.utils.html import escape

    return escape(text)


def read_seed(name, headings=(), skip=()):
    """Parse seed `name`. Lines listed in `headings` become headings; lines in `skip` (a title
    already used as the page title, a date line) are left out."""
    raw = (SEED_DIR / f"{name}.txt").read_text(encoding="utf-8")
    document = SeedDocument(name=name)
    for line in raw.splitlines():
        text = " ".join(line.replace("\u00a0", " ").split())
        if not text or text in NOISE_LINES:
            continue
        if text.startswith(FOOTER_MARKERS):
            break
        if text in skip:
            continue
        kind = "heading" if text in headings else "paragraph"
        if document.blocks and document.blocks[-1] == (kind, text):
            continue  # the scrape repeats some titles
        document.blocks.append((kind, text))
    return document
