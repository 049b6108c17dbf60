"""Add generated content to the bench database: themes up to 20 in all, and 2,000 news items.

Run by bench/run in a fresh database after `load_demo`, with the bench settings. The pages join
the demo's page tree as the same page models (home → Nieuws → NewsPage, home → Thema's →
ThemePage), live and public, with Dutch text recombined from the seed documents' sentences,
dates spread over ten years, one to three themes, one to four tags and, for most items, one of a
few dozen lead images (editors reuse their pictures).

The rows are written in bulk, straight into the tables, with the treebeard paths computed here:
publishing 2,000 pages one by one takes minutes. What publishing does and this does not: a
revision per page (the public site never reads revisions) and the publish signals (the page
cache is empty in a fresh database; bench/run builds the search index afterwards with
`update_index`).
"""

import argparse
import datetime
import os
import random
import re
import sys
import time
import zoneinfo
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from taggit.models import Tag  # noqa: E402
from wagtail.models import Page  # noqa: E402

from werkplaats.website.demo import images  # noqa: E402
from werkplaats.website.demo.seeds import SEED_DIR, read_seed  # noqa: E402
from werkplaats.website.models import (  # noqa: E402
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    ThemeIndexPage,
    ThemePage,
)

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
FIRST_DAY = datetime.date(2016, 1, 4)
LAST_DAY = datetime.date(2025, 10, 31)
LEAD_IMAGES = 30

# The vocabulary of the generated pages. Tables, so one entry a line would only make them long.
# fmt: off
# slug, title, introduction, current theme?
THEMES = [
    ("schulden-en-bestaanszekerheid", "Schulden en bestaanszekerheid",
     "Vroegsignalering van schulden en een stabiel inkomen als basis.", True),
    ("jeugd-en-gezin", "Jeugd en gezin",
     "Opvoeden en opgroeien in de wijk, met ondersteuning dichtbij.", True),
    ("eenzaamheid", "Eenzaamheid",
     "Ontmoeting en verbinding tegen eenzaamheid, voor jong en oud.", True),
    ("mantelzorg", "Mantelzorg",
     "Mantelzorgers ontlasten en erkennen als partner in de zorg.", True),
    ("wonen-en-zorg", "Wonen en zorg",
     "Langer thuis wonen, met zorg en steun in de buurt.", True),
    ("participatie-en-werk", "Participatie en werk",
     "Meedoen naar vermogen: werk, dagbesteding en vrijwilligerswerk.", False),
    ("laaggeletterdheid", "Laaggeletterdheid",
     "Taal als sleutel tot zelfredzaamheid en toegang tot hulp.", False),
    ("ggz-in-de-wijk", "Ggz in de wijk",
     "Psychische kwetsbaarheid herkennen en samen ondersteunen.", True),
    ("vrijwillige-inzet", "Vrijwillige inzet",
     "Vrijwilligers en professionals die elkaar versterken.", False),
    ("inclusie-en-diversiteit", "Inclusie en diversiteit",
     "Een sociaal domein dat werkt voor iedereen in de wijk.", True),
    ("digitale-inclusie", "Digitale inclusie",
     "Digitale vaardigheden en toegankelijke dienstverlening.", False),
    ("gezondheidsverschillen", "Gezondheidsverschillen",
     "Samen werken aan gezondheid in kwetsbare wijken.", False),
    ("beschermd-wonen", "Beschermd wonen",
     "Van beschermd wonen naar een plek in de wijk.", False),
    ("integrale-toegang", "Integrale toegang",
     "Eén toegang tot hulp en ondersteuning voor inwoners.", True),
]
PLACES = [
    "Rotterdam", "Dordrecht", "Schiedam", "Vlaardingen", "Barendrecht", "Ridderkerk",
    "Gorinchem", "Zwijndrecht", "Papendrecht", "Sliedrecht", "Hendrik-Ido-Ambacht",
    "Alblasserdam", "Rotterdam-Zuid", "Delfshaven", "Feijenoord", "Charlois",
]
EVENTS = [
    "Kenniscafé", "Leerkring", "Werkteambijeenkomst", "Focusgroep", "Uitwisseling",
    "Werkconferentie", "Webinar", "Masterclass", "Studiemiddag", "Praktijkdag",
]
SUBJECTS = [
    "samenwerking in het wijkteam", "de rol van informele zorg", "vroegsignalering",
    "preventie in de wijk", "het keukentafelgesprek", "zingeving in het werk",
    "bewonersinitiatieven", "ontmoeting in de buurt", "de nulde en de eerste lijn",
    "schuldhulp op maat", "eenzaamheid onder ouderen", "jongeren en hun netwerk",
    "mantelzorgers als partner", "praktijkgericht onderzoek", "leren van casuïstiek",
    "het genogram als werkvorm", "armoede en gezondheid", "de sociale basis",
]
PRODUCTS = [
    "bundel", "handreiking", "factsheet", "podcast", "werkkaart", "onderzoeksrapport",
    "praktijkverhaal", "video", "toolkit", "essay",
]
TITLE_PATTERNS = [
    "{event} over {subject} in {place}",
    "Terugblik: {event_lower} over {subject}",
    "Nieuwe {product} over {subject}",
    "Werkteam {theme} presenteert {product}",
    "{place} leert van {subject}",
    "Aanmelden voor {event_lower} ‘{theme}’",
    "Blog: wat wij leerden over {subject}",
    "Docentonderzoekers en professionals over {subject}",
    "Verslag van de {event_lower} in {place}",
    "Vijf lessen over {subject}",
]
FIRST_NAMES = [
    "Anouk", "Bram", "Chantal", "Daan", "Esra", "Fatima", "Gert-Jan", "Hanneke", "Ilse",
    "Jeroen", "Karim", "Lotte", "Mohamed", "Nienke", "Oscar", "Priya", "Ruud", "Sanne",
    "Thijs", "Yasmina",
]
LAST_NAMES = [
    "de Vries", "Jansen", "van den Berg", "Bakker", "El Amrani", "Visser", "Smit",
    "de Jong", "Yilmaz", "Mulder", "de Graaf", "Kramer", "van Dijk", "Bos", "Verhoeven",
    "Hendriks", "Dekker", "Koster",
]
TAGS = [
    "wijkteams", "mantelzorg", "armoede", "schulden", "jeugd", "ouderen", "eenzaamheid",
    "vrijwilligers", "kenniscafés", "leerkringen", "werkteams", "onderzoek", "onderwijs",
    "beleid", "participatie", "bewoners", "inclusie", "preventie", "ggz", "wonen",
    "werk en inkomen", "laaggeletterdheid", "digitalisering", "samenwerking", "transformatie",
    "zingeving", "informele zorg", "studenten", "evaluatie", "publicaties", "Rotterdam",
    "Dordrecht", "Schiedam", "Vlaardingen",
]
HEADINGS = [
    "Wat we deden", "Wat het opleverde", "Uit de praktijk", "Hoe verder", "Achtergrond",
    "De aanpak", "Wat we leerden", "Meedoen",
]
# fmt: on

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z‘'(])")


def seed_sentences():
    """Every sentence of the seed documents' paragraphs: realistic Dutch from the domain."""
    sentences = []
    for path in sorted(SEED_DIR.glob("*.txt")):
        for kind, text in read_seed(path.stem).blocks:
            if kind == "paragraph":
                sentences += [s for s in _SENTENCE_END.split(text) if len(s) >= 40]
    return sentences


class Writer:
    """Dutch titles, introductions and bodies, the same for the same seed."""

    def __init__(self, seed):
        self.random = random.Random(seed)
        self.sentences = seed_sentences()

    def paragraph(self, low=2, high=4):
        return " ".join(self.random.sample(self.sentences, self.random.randint(low, high)))

    def body(self, paragraphs):
        blocks = []
        for number in range(paragraphs):
            if number and number % 3 == 0:
                blocks.append({"type": "heading", "value": self.random.choice(HEADINGS)})
            blocks.append({"type": "paragraph", "value": f"<p>{self.paragraph()}</p>"})
            if number == 1 and self.random.random() < 0.3:
                blocks.append(
                    {
                        "type": "quote",
                        "value": {"text": self.paragraph(1, 1), "source": self.author()},
                    }
                )
        return blocks

    def title(self, theme_title):
        event = self.random.choice(EVENTS)
        return self.random.choice(TITLE_PATTERNS).format(
            event=event,
            event_lower=event.lower(),
            subject=self.random.choice(SUBJECTS),
            place=self.random.choice(PLACES),
            product=self.random.choice(PRODUCTS),
            theme=theme_title.lower(),
        )

    def intro(self):
        text = self.paragraph(1, 2)
        return text if len(text) < 300 else text[:297].rsplit(" ", 1)[0] + "…"

    def author(self):
        return f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_NAMES)}"

    def date(self):
        return FIRST_DAY + datetime.timedelta(
            days=self.random.randrange((LAST_DAY - FIRST_DAY).days + 1)
        )


def unique_slug(title, taken):
    base = slugify(title)[:70].strip("-")
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def published_at(date):
    return datetime.datetime.combine(date, datetime.time(9, 30), tzinfo=AMSTERDAM)


def add_live_children(parent, pages):
    """Insert the unsaved `pages` (of one page model) as live, published children of `parent`:
    the rows `parent.add_child()` and publishing would write, without a revision."""
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page.content_type = content_type
        page.live = True
        page.has_unpublished_changes = False
    names = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    rows = Page.objects.bulk_create(
        [Page(**{name: getattr(page, name) for name in names}) for page in pages], batch_size=500
    )
    for page, row in zip(pages, rows, strict=True):
        assert row.pk is not None, "the database must return the new primary keys"
        page.id = page.page_ptr_id = row.pk
    _insert_own_rows(model, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def _insert_own_rows(model, pages):
    """The rows of the page model's own table (its fields below wagtailcore_page).

    bulk_create refuses models with a parent table, so this is the INSERT it would write.
    """
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        [f.get_db_prep_save(f.pre_save(page, True), connection) for f in fields] for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def add_themes(writer, total):
    index = ThemeIndexPage.objects.get()
    existing = ThemePage.objects.count()
    wanted = THEMES[: max(total - existing, 0)]
    if len(THEMES) < total - existing:
        raise SystemExit(f"generate.py knows {len(THEMES)} extra themes; {total} asked for")
    pages = []
    for slug, title, intro, current in wanted:
        started = writer.date()
        pages.append(
            ThemePage(
                slug=slug,
                title=title,
                intro=intro,
                is_current=current,
                started=started,
                body=writer.body(2),
                first_published_at=published_at(started),
                last_published_at=published_at(started),
            )
        )
    if pages:
        add_live_children(index, pages)
    return list(ThemePage.objects.all())


def lead_images(count):
    return [
        images.lead_image(f"Sfeerbeeld werkplaats {number}", f"bench-{number}.png", number)
        for number in range(1, count + 1)
    ]


def add_news(writer, count, themes, pictures):
    index = NewsIndexPage.objects.get()
    taken = set(index.get_children().values_list("slug", flat=True))
    pages, links = [], []
    for _ in range(count):
        page_themes = writer.random.sample(themes, writer.random.choice((1, 1, 2, 2, 3)))
        title = writer.title(page_themes[0].title)
        date = writer.date()
        pages.append(
            NewsPage(
                slug=unique_slug(title, taken),
                title=title,
                date=date,
                author=writer.author()
                if writer.random.random() < 0.7
                else "Werkplaats Sociaal Domein",
                intro=writer.intro(),
                body=writer.body(writer.random.randint(3, 8)),
                lead_image=writer.random.choice(pictures)
                if writer.random.random() < 0.85
                else None,
                first_published_at=published_at(date),
                last_published_at=published_at(date),
                latest_revision_created_at=published_at(date),
            )
        )
        links.append((page_themes, writer.random.sample(TAGS, writer.random.randint(1, 4))))
    # In date order, as editors would have added them.
    order = sorted(range(count), key=lambda i: pages[i].date)
    pages = [pages[i] for i in order]
    links = [links[i] for i in order]
    add_live_children(index, pages)

    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=TAGS)}
    missing = [Tag(name=name, slug=slugify(name)) for name in TAGS if name not in tags]
    tags.update({tag.name: tag for tag in Tag.objects.bulk_create(missing)})
    if any(tag.pk is None for tag in tags.values()):
        tags = {tag.name: tag for tag in Tag.objects.filter(name__in=TAGS)}
    through = NewsPage.themes.through
    through.objects.bulk_create(
        [
            through(newspage_id=page.pk, themepage_id=theme.pk)
            for page, (page_themes, _) in zip(pages, links, strict=True)
            for theme in page_themes
        ],
        batch_size=1000,
    )
    NewsPageTag.objects.bulk_create(
        [
            NewsPageTag(content_object_id=page.pk, tag_id=tags[name].pk)
            for page, (_, names) in zip(pages, links, strict=True)
            for name in names
        ],
        batch_size=1000,
    )
    return pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=int, default=2000, help="news items to add")
    parser.add_argument("--themes", type=int, default=20, help="themes in all")
    parser.add_argument("--seed", type=int, default=2016, help="random seed")
    args = parser.parse_args()

    started = time.monotonic()
    writer = Writer(args.seed)
    with transaction.atomic():
        pictures = lead_images(LEAD_IMAGES)
        themes = add_themes(writer, args.themes)
        news = add_news(writer, args.news, themes, pictures)
    print(
        f"generated {len(news)} news items, {len(themes)} themes in all, "
        f"{len(pictures)} lead images in {time.monotonic() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
