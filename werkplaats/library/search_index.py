"""The site search's own index: one SearchEntry per page, news item, product, practice item,
learning group and activity, written the moment the object changes (library/search_signals.py).

Why an index of its own, next to the one Wagtail's admin uses: the site search asks one
question of everything at once — which objects match, which of them may this searcher see,
how do they rank, and how many are there per type, theme, municipality and year. With one row
per object holding its facets and a full-text index over title, summary and body, that is
one SQL statement (library/search.py), where the per-model index needed a query per kind and
per relation and ranked over every body.

What an entry holds comes from the model's `search_fields` (the same declaration the admin's
index reads): the field named title or name is the title, a field with a boost is the summary
("head", ranked), every other field and related field is the body (matched, not ranked on
PostgreSQL). Who may see an entry is not stored: search.py filters by the same `visible_to`
querysets the lists use, so a changed membership or page restriction counts at once.

Each entry also holds its result's card (`card`): what a result shows besides its highlighted
title and snippet, and the texts the snippet is cut from, in no language (labels are kept as
the model field and value they come from and translated when shown). Written with the entry,
so a search shows its results without loading their objects; what the card shows of related
objects (a practice item's group name, an activity's place) rewrites it as it rewrites the
text the entry is found by (search_signals.py). A page's address is not in it: pages move
with their parents, so the search reads it from the page when it shows the result.
"""

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.db import connection, transaction
from django.utils.encoding import force_str
from modelsearch import index
from wagtail.models import Page

from werkplaats.core.search import stem_text

from .models import PracticeItem, Product, SearchEntry, Visibility

# Facet types: key in the URL (Dutch, stable).
TYPE_PAGE = "pagina"
TYPE_NEWS = "nieuws"
TYPE_GROUP = "groep"
TYPE_ACTIVITY = "activiteit"
PRODUCT_PREFIX = "product-"
PRACTICE_PREFIX = "kennis-"

# The Snowball Dutch stemmer leaves some word forms apart that a searcher takes for one word:
# "genogrammen" is "genogramm" to it, "initiatieven" "initiatiev", "huizen" "huiz". The
# index and the query both fold such a stem further: a doubled last consonant is single, a last
# v is f, a last z is s. Both sides alike, so no word is lost, only forms joined.
_DOUBLED = re.compile(r"([bcdfghjklmnpqrstvwxz])\1$")
_FOLD_LAST = {"v": "f", "z": "s"}


@lru_cache(maxsize=50_000)
def _fold(stem):
    stem = _DOUBLED.sub(r"\1", stem)
    if len(stem) > 2 and stem[-1] in _FOLD_LAST:
        stem = stem[:-1] + _FOLD_LAST[stem[-1]]
    return stem


def terms(text):
    """The search terms of `text`: its words lower-cased, stemmed (Dutch) and folded, joined by
    spaces. The index holds these on both databases, and a query is made of them, so
    PostgreSQL and SQLite find the same entries."""
    return " ".join(_fold(stem) for stem in stem_text(text).split())


# Snowball's Dutch stop words: in the index, but left out of a query that has other words.
STOP_WORDS = """
aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een
eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in
is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat
onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat
werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou
"""
STOP_TERMS = frozenset(terms(STOP_WORDS).split())

BATCH = 500
# tsvector holds at most 1 MB; a long document's text is indexed up to here.
MAX_BODY_CHARACTERS = 300_000
_TITLE_FIELDS = ("title", "name")


@dataclass
class Document:
    """What the index holds of one object."""

    title: str
    head: str
    body: str
    type: str
    year: int | None
    themes: list
    municipalities: list
    public: bool = False
    card: str = ""

    @cached_property
    def title_terms(self):
        return terms(self.title)

    @property
    def title_stems(self):
        return f" {self.title_terms} "


# --- the text of an object, from its search_fields ------------------------------------------


def _text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values())
    return force_str(value)


def _field_texts(obj, fields, top_level):
    """(part, text) of each search field of `obj`: part is title, head or body."""
    for field in fields:
        if isinstance(field, index.SearchField):
            if top_level and field.field_name in _TITLE_FIELDS:
                part = "title"
            elif top_level and (field.boost or 1) > 1:
                part = "head"
            else:
                part = "body"
            yield part, _text(field.get_value(obj))
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if hasattr(related, "all"):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for sub_obj in related:
                yield from _field_texts(sub_obj, field.fields, top_level=False)


def _parts(obj):
    parts = {"title": [], "head": [], "body": []}
    for part, text in _field_texts(obj, obj.search_fields, top_level=True):
        if text.strip():
            parts[part].append(text.strip())
    title = " ".join(parts["title"])
    body = " ".join(parts["body"])[:MAX_BODY_CHARACTERS]
    return title, " ".join(parts["head"]), body


def _pks(objects):
    return sorted(obj.pk for obj in objects)


# --- the card of a result ----------------------------------------------------------------------
#
# {"label": [model label, field, value] | [model label] | null, "date": ISO date or date and
# time | null, "meta": [text | [model label, field, value], ...], "texts": [text, ...],
# "url": the address | null (pages)}. A [model, field, value] is that field's choice label
# (a [model] the model's name), translated when shown; null labels fall back to the type.


def _choice(obj, field):
    return [obj._meta.label, field, getattr(obj, field)]


def _card(label, texts, *, meta=(), date=None, url=None):
    return json.dumps(
        {
            "label": label,
            "date": date.isoformat() if date is not None else None,
            "meta": list(meta),
            "texts": [text for text in texts if text],
            "url": url,
        },
        ensure_ascii=False,
    )


def _page_texts(page):
    texts = [getattr(page, "search_description", ""), getattr(page, "intro", "")]
    body = getattr(page, "body", None)
    if body:
        # The words of its rich text and stream blocks as the index reads them: the text,
        # entities decoded and blocks kept apart, without rendering a template per block.
        texts.append(" ".join(page._meta.get_field("body").get_searchable_content(body)))
    return texts


def _page_card(page):
    from werkplaats.website.models import NewsPage

    date = page.date if isinstance(page, NewsPage) else None
    return _card([page.specific_class._meta.label], _page_texts(page), date=date)


def _hidden(obj, field, public_value):
    """The choice label of who may see `obj` when it is not everyone, for its details."""
    return [] if getattr(obj, field) == public_value else [_choice(obj, field)]


def _product_card(product):
    texts = [product.summary, product.description]
    texts += [getattr(product, name) for name in product.TRANSFER_FIELDS]
    texts += [file.extracted_text for file in product.files.all()]
    meta = [str(product.year), *_hidden(product, "visibility", Visibility.PUBLIC)]
    return _card(_choice(product, "kind"), texts, meta=meta, url=product.get_absolute_url())


def _practice_card(item):
    meta = [item.group.name, *_hidden(item, "visibility", Visibility.PUBLIC)]
    return _card(
        _choice(item, "kind"), [item.summary, item.body], meta=meta, url=item.get_absolute_url()
    )


def _group_card(group):
    return _card(
        _choice(group, "kind"), [group.summary, group.description], url=group.get_absolute_url()
    )


def _activity_card(activity):
    from werkplaats.activities.models import ActivityKind, Audience

    label = _choice(activity, "kind") if activity.kind in ActivityKind.values else None
    meta = [activity.venue.city] if activity.venue is not None else []
    meta += _hidden(activity, "audience", Audience.PUBLIC)
    return _card(
        label,
        [activity.summary, activity.description, activity.outcome],
        meta=meta,
        date=activity.starts_at,
        url=activity.get_absolute_url(),
    )


# --- the sources -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One kind of searchable object: which of them are indexed, and their facets."""

    name: str
    objects: object  # () -> the queryset of indexable objects
    facets: object  # obj -> (type, year, themes, municipalities)
    card: object  # obj -> its result's card (JSON)
    prefetch: tuple = ()
    # () -> the queryset of those visitors see (SearchEntry.public); None: not stored
    public: object = None

    def indexable(self):
        queryset = self.objects()
        model = queryset.model
        for field in model.search_fields:
            if isinstance(field, index.RelatedFields):
                queryset = field.select_on_queryset(queryset)
        return queryset.prefetch_related(*self.prefetch)

    def public_pks(self, pks):
        if self.public is None:
            return set()
        return set(self.public().filter(pk__in=pks).values_list("pk", flat=True))

    def document(self, obj, public=False):
        title, head, body = _parts(obj)
        kind, year, themes, municipalities = self.facets(obj)
        card = self.card(obj)
        return Document(title, head, body, kind, year, themes, municipalities, public, card)


def _pages():
    # The root has no address; every page below it that is live is found (restrictions are
    # checked when searching).
    return Page.objects.live().filter(depth__gt=1)


def _page_facets(page):
    from werkplaats.website.models import NewsPage, ThemePage

    if isinstance(page, NewsPage):
        return TYPE_NEWS, page.date.year, _pks(page.themes.all()), []
    if isinstance(page, ThemePage):
        return TYPE_PAGE, None, [page.pk], []
    return TYPE_PAGE, None, [], []


def _library_facets(prefix, year):
    def facets(entry):
        return (
            prefix + entry.kind,
            year(entry),
            _pks(entry.themes.all()),
            _pks(entry.municipalities.all()),
        )

    return facets


def _groups():
    from werkplaats.groups.models import LearningGroup

    return LearningGroup.objects.all()


def _group_facets(group):
    return (
        TYPE_GROUP,
        group.starts_on.year,
        _pks(group.themes.all()),
        _pks(group.municipalities.all()),
    )


def _activities():
    from werkplaats.activities.models import Activity

    return Activity.objects.select_related("venue")


def _activity_facets(activity):
    municipality = activity.venue.municipality_id if activity.venue_id else None
    return (
        TYPE_ACTIVITY,
        activity.starts_at.year,
        _pks(activity.themes.all()),
        [municipality] if municipality else [],
    )


SOURCES = {
    source.name: source
    for source in (
        Source("page", _pages, _page_facets, _page_card),
        Source(
            "product",
            Product.objects.all,
            _library_facets(PRODUCT_PREFIX, lambda product: product.year),
            _product_card,
            prefetch=("themes", "municipalities"),
            public=Product.objects.public,
        ),
        Source(
            "practice",
            PracticeItem.objects.all,
            _library_facets(PRACTICE_PREFIX, lambda item: item.created_at.year),
            _practice_card,
            prefetch=("themes", "municipalities"),
            public=PracticeItem.objects.public,
        ),
        Source(
            "group",
            _groups,
            _group_facets,
            _group_card,
            prefetch=("themes", "municipalities"),
            public=_groups,
        ),
        Source(
            "activity",
            _activities,
            _activity_facets,
            _activity_card,
            prefetch=("themes",),
            public=lambda: _activities().public(),
        ),
    )
}


def _objects(source, pks):
    queryset = source.indexable().filter(pk__in=pks)
    if source.name == "page":
        queryset = queryset.specific()
    return list(queryset)


# --- writing ---------------------------------------------------------------------------------


_POSTGRESQL_UPSERT = """
INSERT INTO library_searchentry
    (source, object_id, title, title_stems, type, year, themes, municipalities, public, card,
     head, document)
VALUES (
    %(source)s, %(object_id)s, %(title)s, %(title_stems)s, %(type)s, %(year)s,
    %(themes)s::integer[], %(municipalities)s::integer[], %(public)s, %(card)s,
    setweight(to_tsvector('simple', %(title_terms)s), 'A')
        || setweight(to_tsvector('simple', %(head_terms)s), 'B'),
    setweight(to_tsvector('simple', %(title_terms)s), 'A')
        || setweight(to_tsvector('simple', %(head_terms)s), 'B')
        || setweight(to_tsvector('simple', %(body_terms)s), 'D')
)
ON CONFLICT (source, object_id) DO UPDATE SET
    title = EXCLUDED.title, title_stems = EXCLUDED.title_stems, type = EXCLUDED.type,
    year = EXCLUDED.year, themes = EXCLUDED.themes, municipalities = EXCLUDED.municipalities,
    public = EXCLUDED.public, card = EXCLUDED.card, head = EXCLUDED.head,
    document = EXCLUDED.document
"""

_SQLITE_UPSERT = """
INSERT INTO library_searchentry
    (source, object_id, title, title_stems, type, year, themes, municipalities, public, card)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (source, object_id) DO UPDATE SET
    title = excluded.title, title_stems = excluded.title_stems, type = excluded.type,
    year = excluded.year, themes = excluded.themes, municipalities = excluded.municipalities,
    public = excluded.public, card = excluded.card
RETURNING id
"""


def _write(source_name, documents):
    """Insert or update the entries of {pk: Document}."""
    if not documents:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                _POSTGRESQL_UPSERT,
                [
                    {
                        "source": source_name,
                        "object_id": pk,
                        "title": doc.title[:255],
                        "title_stems": doc.title_stems,
                        "type": doc.type,
                        "year": doc.year,
                        "themes": doc.themes,
                        "municipalities": doc.municipalities,
                        "public": doc.public,
                        "card": doc.card,
                        "title_terms": doc.title_terms,
                        "head_terms": terms(doc.head),
                        "body_terms": terms(doc.body),
                    }
                    for pk, doc in documents.items()
                ],
            )
            return
        # SQLite: the FTS5 table holds the terms, with the entry's id as its rowid.
        for pk, doc in documents.items():
            cursor.execute(
                _SQLITE_UPSERT,
                [
                    source_name,
                    pk,
                    doc.title[:255],
                    doc.title_stems,
                    doc.type,
                    doc.year,
                    json.dumps(doc.themes),
                    json.dumps(doc.municipalities),
                    doc.public,
                    doc.card,
                ],
            )
            (entry_id,) = cursor.fetchone()
            cursor.execute("DELETE FROM library_searchentry_fts WHERE rowid = %s", [entry_id])
            cursor.execute(
                "INSERT INTO library_searchentry_fts (rowid, title, head, body)"
                " VALUES (%s, %s, %s, %s)",
                [entry_id, doc.title_terms, terms(doc.head), terms(doc.body)],
            )


def update(source_name, pks):
    """Bring the entries of these objects up to date: written when the object is indexable
    (a live page, an existing entry…), removed when it is not (any more)."""
    pks = {int(pk) for pk in pks if pk is not None}
    if not pks:
        return
    source = SOURCES[source_name]
    ordered = sorted(pks)
    with transaction.atomic():
        for start in range(0, len(ordered), BATCH):
            batch = ordered[start : start + BATCH]
            objects = _objects(source, batch)
            public = source.public_pks(batch)
            _write(source_name, {obj.pk: source.document(obj, obj.pk in public) for obj in objects})
            gone = set(batch) - {obj.pk for obj in objects}
            if gone:
                remove(source_name, gone)


def remove(source_name, pks):
    SearchEntry.objects.filter(source=source_name, object_id__in=list(pks)).delete()


def rebuild(sources=None):
    """Write every entry anew and drop those of objects that are gone: {source: entries}."""
    written = {}
    for name in sources or SOURCES:
        source = SOURCES[name]
        pks = list(source.objects().order_by("pk").values_list("pk", flat=True))
        update(name, pks)
        SearchEntry.objects.filter(source=name).exclude(
            object_id__in=source.objects().values("pk")
        ).delete()
        written[name] = len(pks)
    return written
