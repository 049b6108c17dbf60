"""One site search (/zoeken/) over pages, news, products, practice knowledge, groups and activities.

How it works, and why:
- Everything searchable has one row in the search index (search_index.py: SearchEntry, kept
  up to date on every change), with its title, type, year, themes and municipalities and a
  full-text index of its Dutch search terms (search_index.terms: stemmed and folded, the
  same on PostgreSQL and SQLite; the query's Dutch stop words left out). One SQL statement
  per search (`find`) matches, limits to what the searcher may see — the same `visible_to`
  querysets the lists and detail pages use, as subqueries — counts, counts every facet and
  returns the shown page.
- Matching: entries holding every word of the query (its Dutch stop words left out); when no
  entry does, those holding all but one of them, else those holding any, and the page says
  so.
- Ranking: a hit whose title holds every word of the query comes first, then by the match's
  rank over title and summary (comparable across kinds: one index), newest id last.
- Facets (type, theme, municipality, year) are counted over every match, each facet over the
  matches the *other* facets let through, so ticking one theme still shows the other themes.
- Only the hits on the requested page are given a highlighted snippet, from the card their
  entry holds (link, type, details, texts: search_index.py), read by the same statement: no
  object is loaded to show a result.
- "Did you mean": the words of the titles and themes the searcher may see, built once per
  content generation (core/cache.remember) and per audience (visitor or member), never from
  group-private entries.
"""

import datetime
import difflib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice
from types import SimpleNamespace

from django.apps import apps
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from werkplaats.activities.models import Activity, Audience
from werkplaats.core.cache import remember
from werkplaats.core.pagination import PAGE_PARAMETER
from werkplaats.groups.models import LearningGroup
from werkplaats.network.models import Municipality
from werkplaats.network.permissions import is_coordinator, person_for
from werkplaats.website.models import NewsPage, ThemePage

from .models import PracticeItem, PracticeKind, Product, ProductKind, Visibility
from .search_index import (
    PRACTICE_PREFIX,
    PRODUCT_PREFIX,
    SOURCES,
    STOP_TERMS,
    TYPE_ACTIVITY,
    TYPE_GROUP,
    TYPE_NEWS,
    TYPE_PAGE,
    terms,
)
from .selectors import scope

MAX_QUERY_LENGTH = 200
PER_PAGE = 10
# "Did you mean" is offered when the query found fewer hits than this.
FEW_RESULTS = 3
SNIPPET_WORDS = 30

_WORD = re.compile(r"\w+", re.UNICODE)
_NON_SPACE = re.compile(r"\S")
_LETTERS = re.compile(r"^[^\W\d_]{4,}$", re.UNICODE)


@cache
def type_labels():
    """{type: label} of every type of entry, in the facet's order; the labels are lazy, so one
    dict serves every language."""
    labels = {TYPE_PAGE: _("Page"), TYPE_NEWS: _("News")}
    labels.update({PRODUCT_PREFIX + value: label for value, label in ProductKind.choices})
    labels.update({PRACTICE_PREFIX + value: label for value, label in PracticeKind.choices})
    labels[TYPE_GROUP] = _("Learning group")
    labels[TYPE_ACTIVITY] = _("Activity")
    return labels


# The request's facet parameters: facet name -> GET parameter.
FACET_PARAMETERS = {"type": "soort", "theme": "thema", "municipality": "gemeente", "year": "jaar"}


@dataclass
class Hit:
    """One shown result; `obj` is loaded and `result` described for the shown page only."""

    source: str  # page, product, practice, group, activity
    pk: int
    score: float
    title: str
    type: str
    title_hit: bool = False
    card: str = ""  # JSON, from the entry (search_index.py); empty in an entry written before
    url_path: str | None = None  # a page's, read with the hit: pages move with their parents
    obj: object = None
    result: dict = field(default_factory=dict)

    @property
    def sort_key(self):
        return (not self.title_hit, -self.score, -self.pk)


# --- the query ------------------------------------------------------------------------------


def clean_query(raw):
    """(query, error): NUL removed, spaces collapsed; error "too_long" or "no_words"."""
    query = " ".join((raw or "").replace("\x00", "").split())
    if len(query) > MAX_QUERY_LENGTH:
        return query, "too_long"
    if query and not query_stems(query):
        return query, "no_words"
    return query, None


def query_stems(query):
    """The search terms of the query (search_index.terms), without the Dutch stop words ("de",
    "van", "een"…) unless it has nothing else: they would find every entry."""
    stems = set(terms(query).split())
    return (stems - STOP_TERMS) or stems


# --- highlighting ---------------------------------------------------------------------------


@lru_cache(maxsize=10_000)
def _term(word):
    return terms(word)


def _is_match(word, stems):
    return _term(word) in stems


def highlight(text, stems):
    """`text` escaped, with the words whose Dutch stem is one of `stems` in <mark>."""
    text = text or ""
    parts = []
    position = 0
    for match in _matches_in(text, stems):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


# A word's term begins with the word's own first letters, lower-cased and without the accents
# Snowball drops, all but the last two: those the stemmer and search_index._fold may change
# ("vrijheden" is "vrijheid", "initiatieven" "initiatief"). True of every one of the 398,900
# words of Debian's Dutch word list (wdutch). So a text is searched by the regular expression
# engine for the words beginning like one of the terms, and only those are stemmed.
_DROPPED_ACCENTS = {"a": "äá", "e": "ëé", "i": "ïí", "o": "öó", "u": "üú"}


@lru_cache(maxsize=1_000)
def _beginnings(stems):
    """A regular expression of the words beginning as one of `stems` (a frozenset) does."""
    prefixes = sorted({stem[:-2] if len(stem) > 2 else stem for stem in stems}, reverse=True)
    alternatives = "|".join(
        "".join(
            f"[{char}{_DROPPED_ACCENTS[char]}]" if char in _DROPPED_ACCENTS else re.escape(char)
            for char in prefix
        )
        for prefix in prefixes
    )
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def _matches_in(text, stems):
    """The regex matches of the words of `text` whose term is one of `stems`, in order."""
    for match in _beginnings(frozenset(stems)).finditer(text):
        if _is_match(match.group(0), stems):
            yield match


def _first_match(text, stems):
    """The regex match of the first word of `text` whose term is one of `stems`, or None."""
    return next(_matches_in(text, stems), None)


# How far before the first match the words shown before it are looked for first.
_LOOK_BACK = 300


def snippet(text, stems, words=SNIPPET_WORDS):
    """A piece of `text` around its first matching word, highlighted; None if none matches:
    a third of the words before the match, the rest after it.

    Read only up to the first match (a piece at a time) and the window around it: a long
    document is neither read to its end nor copied.
    """
    text = text or ""
    first = _first_match(text, stems)
    if first is None:
        return None
    look_back = _LOOK_BACK
    while True:  # far enough back for the words shown before the match, or to the start
        look_from = max(0, first.start() - look_back)
        preceding = list(_WORD.finditer(text, look_from, first.start()))
        if look_from > 0:
            preceding = preceding[1:]  # the first may be the end of a word cut off
        if look_from == 0 or len(preceding) >= words // 3:
            break
        look_back *= 4
    before = preceding[len(preceding) - words // 3 :] if len(preceding) > words // 3 else preceding
    after = list(islice(_WORD.finditer(text, first.end()), words - len(before) - 1))
    # Cut at white space, so "(ver)nieuw(d)e" is never cut in the middle; from the start of
    # the text when the match is among its first words.
    at_start = look_from == 0 and len(preceding) <= words // 3
    start_char = 0 if at_start else (before[0] if before else first).start()
    while start_char > 0 and not text[start_char - 1].isspace():
        start_char -= 1
    end_char = (after[-1] if after else first).end()
    while end_char < len(text) and not text[end_char].isspace():
        end_char += 1
    html = highlight(" ".join(text[start_char:end_char].split()), stems)
    prefix = "… " if _NON_SPACE.search(text, 0, start_char) else ""
    suffix = " …" if _NON_SPACE.search(text, end_char) else ""
    return mark_safe(f"{prefix}{html}{suffix}")


def best_snippet(texts, stems, words=SNIPPET_WORDS):
    """The snippet of the first text with a match, else the start of the first non-empty one."""
    texts = [text for text in texts if text and _NON_SPACE.search(text)]
    for text in texts:
        found = snippet(text, stems, words)
        if found is not None:
            return found
    if texts:
        parts = texts[0].split(None, words)
        shortened = " ".join(parts[:words])
        return escape(shortened + (" …" if len(parts) > words else ""))
    return ""


# --- who sees what --------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    user: object
    person: object
    coordinator: bool

    @classmethod
    def of(cls, user):
        return cls(user=user, person=person_for(user), coordinator=is_coordinator(user))

    @property
    def audience(self):
        """The vocabulary "did you mean" draws from: visitors' or members'."""
        return "members" if self.person is not None or self.coordinator else "visitors"

    @property
    def scope(self):
        """Who sees the same results as this viewer (selectors.scope)."""
        return scope(self.person, self.coordinator)


def visible_pages():
    return Page.objects.live().public()


def visible_activities(viewer):
    return Activity.objects.visible_to(viewer.person, coordinator=viewer.coordinator)


# --- the statement ----------------------------------------------------------------------------
#
# One SQL statement answers a search: the matches the viewer may see (a materialized CTE, so
# the full-text match runs once), how many there are with and without the ticked facets, the
# counts of every facet's values (each over the matches the *other* facets let through, so
# ticking one theme still shows the other themes) and the shown page of results.

FACET_NAMES = ("type", "theme", "municipality", "year")
MAX_QUERY_WORDS = 20


def _like(stem):
    escaped = stem.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"% {escaped} %"


def _pks_sql(queryset):
    return queryset.order_by().values("pk").query.sql_with_params()


def _visibility(viewer):
    """(SQL, params): the entries the viewer may see, by the lists' own querysets.

    What visitors see is marked in the index (SearchEntry.public, written from the same
    querysets' `public()`), so a visitor's search reads no object table but the pages'; a
    member's reads only the part of its `visible_to` that is not public. Pages: their view
    restrictions, the same for everyone, built once per generation (saving a restriction is a
    change that bumps it).
    """
    pages, pages_params = remember("search:visible-pages", lambda: _pks_sql(visible_pages()))
    parts = [f"(e.source = 'page' AND e.object_id IN ({pages}))"]
    params = list(pages_params)
    for source, visible in (
        ("product", lambda: Product.objects.visible_to(viewer.user)),
        ("practice", lambda: PracticeItem.objects.visible_to(viewer.user)),
        ("group", None),
        ("activity", lambda: visible_activities(viewer)),
    ):
        if visible is None:
            parts.append("e.source = %s")
            params.append(source)
        elif viewer.scope == "visitors":  # what is public: the querysets' public(), unbuilt
            parts.append("(e.source = %s AND e.public)")
            params.append(source)
        elif not (queryset := visible()).query.where:
            parts.append("e.source = %s")
            params.append(source)
        else:
            sql, sub_params = _pks_sql(queryset.not_public())
            parts.append(f"(e.source = %s AND (e.public OR e.object_id IN ({sql})))")
            params += [source, *sub_params]
    return " OR ".join(parts), params


def _matches(stems, least):
    """(FROM clause, WHERE clause, rank expression, params) of the full-text match.

    Entries holding at least `least` of the query's terms (all of them, all but one, or any).
    PostgreSQL: ranked by the title and summary only — ranking over every body of a common
    word is what made the search slow, and a body match already counts as a match. SQLite:
    ranked by FTS5's bm25, the title counting most.
    """
    ordered = sorted(stems)[:MAX_QUERY_WORDS]
    least = min(least, len(ordered))
    combinations = [ordered] if least == len(ordered) else _leaving_out(ordered, least)
    if connection.vendor == "postgresql":
        tsquery = " || ".join(
            "(" + " && ".join(["plainto_tsquery('simple', %s)"] * len(words)) + ")"
            for words in combinations
        )
        return (
            f"library_searchentry e CROSS JOIN (SELECT {tsquery} AS query) q",
            "e.document @@ q.query",
            "ts_rank(e.head, q.query)",
            [word for words in combinations for word in words],
        )
    fts = " OR ".join(
        "(" + " AND ".join(f'"{stem}"' for stem in words) + ")" for words in combinations
    )
    return (
        "library_searchentry e JOIN (SELECT rowid AS entry_id,"
        " bm25(library_searchentry_fts, 10.0, 4.0, 1.0) AS score"
        " FROM library_searchentry_fts WHERE library_searchentry_fts MATCH %s) r"
        " ON r.entry_id = e.id",
        "1 = 1",
        "-r.score",
        [fts],
    )


def _leaving_out(words, least):
    """The word lists an entry may hold to have `least` of `words`: all but one (each left out
    in turn) or any one; other numbers are not asked for."""
    if least == 1:
        return [[word] for word in words]
    assert least == len(words) - 1
    return [words[:i] + words[i + 1 :] for i in range(len(words))]


# The pks of theme pages and municipalities are an integer array on PostgreSQL and a JSON list
# on SQLite (search_index.py).
FACET_COLUMNS = {"theme": "themes", "municipality": "municipalities"}


def _has_any(column, marks):
    """SQL: the match's facet column holds one of the values (`marks`: placeholders)."""
    if connection.vendor == "postgresql":
        return f"m.{column} && ARRAY[{marks}]::integer[]"
    return f"EXISTS (SELECT 1 FROM json_each(m.{column}) AS t WHERE t.value IN ({marks}))"


def _values_of(column, where):
    """SQL: a FROM item with one row (`x.value`) per pk in the column, of the matches that
    pass `where`."""
    if connection.vendor == "postgresql":
        # unnest in the select list: twice as fast as a lateral function scan.
        return f"(SELECT unnest(m.{column}) AS value FROM m WHERE {where}) x"
    return f"(SELECT t.value AS value FROM m, json_each(m.{column}) AS t WHERE {where}) x"


def _selected(selection, skip=None):
    """(SQL, params): the matches that pass the ticked facets, except `skip`."""
    parts, params = ["1 = 1"], []
    for name in FACET_NAMES:
        values = sorted(getattr(selection, name))
        if name == skip or not values:
            continue
        marks = ", ".join(["%s"] * len(values))
        if name in FACET_COLUMNS:
            parts.append(_has_any(FACET_COLUMNS[name], marks))
        else:
            parts.append(f"m.{name} IN ({marks})")
        params += values
    return " AND ".join(parts), params


def _statement(viewer, query, selection, offset, least):
    stems = query_stems(query)
    source, match, rank, match_params = _matches(stems, least)
    visible, visible_params = _visibility(viewer)
    title_hit = " AND ".join(["e.title_stems LIKE %s ESCAPE '\\'"] * len(stems)) or "1 = 0"
    params = [*(_like(stem) for stem in sorted(stems)), *match_params, *visible_params]
    cte = (
        "WITH m AS MATERIALIZED ("
        " SELECT e.id, e.source, e.object_id, e.type, e.year, e.themes, e.municipalities,"
        f" CASE WHEN {title_hit} THEN 1 ELSE 0 END AS title_hit, {rank} AS rank"
        f" FROM {source} WHERE {match} AND ({visible})) "
    )
    sql = [
        # Typed, so PostgreSQL gives each column of the union the type of the hits'.
        "SELECT 'total' AS section, CAST(NULL AS TEXT) AS value, COUNT(*) AS n,"
        " CAST(NULL AS TEXT) AS source, CAST(NULL AS BIGINT) AS object_id,"
        " CAST(NULL AS TEXT) AS title, CAST(NULL AS INTEGER) AS title_hit,"
        " CAST(NULL AS REAL) AS rank, CAST(NULL AS TEXT) AS card,"
        " CAST(NULL AS TEXT) AS url_path FROM m",
    ]
    if not selection.is_empty:  # else every match is shown: _find takes the total
        where, where_params = _selected(selection)
        sql.append(
            "SELECT 'shown', NULL, COUNT(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL"
            f" FROM m WHERE {where}"
        )
        params += where_params
    for name in FACET_NAMES:
        where, where_params = _selected(selection, skip=name)
        if name in FACET_COLUMNS:
            values = _values_of(FACET_COLUMNS[name], where)
        else:
            values = f"(SELECT m.{name} AS value FROM m WHERE {where} AND m.{name} IS NOT NULL) x"
        sql.append(
            f"SELECT '{name}', CAST(x.value AS TEXT), COUNT(*), NULL, NULL, NULL, NULL, NULL,"
            f" NULL, NULL FROM {values} GROUP BY x.value"
        )
        params += where_params
    where, where_params = _selected(selection)
    sql.append(
        "SELECT 'hit', p.type, NULL, p.source, p.object_id, e.title, p.title_hit, p.rank,"
        f" e.card, page.url_path FROM (SELECT * FROM m WHERE {where}"
        " ORDER BY m.title_hit DESC, m.rank DESC, m.object_id DESC LIMIT %s OFFSET %s) p"
        " JOIN library_searchentry e ON e.id = p.id"
        f" LEFT JOIN {Page._meta.db_table} page ON p.source = 'page' AND page.id = p.object_id"
    )
    params += [*where_params, PER_PAGE, offset]
    return cte + " UNION ALL ".join(sql), params


@dataclass
class Found:
    total: int  # every match the viewer may see
    shown: int  # of which pass the ticked facets
    counts: dict  # facet name -> Counter of value -> matches
    hits: list  # the shown page, best first
    least: int  # how many of the query's words each match holds at least
    every: bool = True  # False: no entry holds every word, these hold some of them


def find(viewer, query, selection, offset=0, least=None):
    """Run the statement: the counts, facets and one page of hits (from `offset`).

    Entries holding every word of the query; when none does, those holding all but one of
    them, and when none does either, those holding any (a sentence typed as a question still
    finds something, and the closest first). `least` asks for one of these only.
    """
    words = min(len(query_stems(query)), MAX_QUERY_WORDS)
    if least is not None:
        return _find(viewer, query, selection, offset, least, words)
    found = _find(viewer, query, selection, offset, words, words)
    for fewer in (words - 1, 1) if words > 2 else (1,):
        if found.total or words < 2:
            break
        found = _find(viewer, query, selection, offset, fewer, words)
    return found


def _find(viewer, query, selection, offset, least, words):
    sql, params = _statement(viewer, query, selection, offset, least)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = Found(0, None, {name: Counter() for name in FACET_NAMES}, [], least, least >= words)
    for section, value, count, source, pk, title, title_hit, rank, card, url_path in rows:
        if section == "total":
            found.total = count
        elif section == "shown":
            found.shown = count
        elif section == "hit":
            hit = Hit(source, pk, rank or 0.0, title, value, bool(title_hit), card, url_path)
            found.hits.append(hit)
        else:
            key = value if section == "type" else int(value)
            found.counts[section][key] += count
    if found.shown is None:  # no filter ticked: the statement did not count them again
        found.shown = found.total
    found.hits.sort(key=lambda hit: hit.sort_key)
    return found


# --- facets ---------------------------------------------------------------------------------


def facet_choices():
    """(themes, municipalities): {pk: (slug, name)} of every theme page and municipality."""

    def build():
        themes = {
            pk: (slug, title)
            for pk, slug, title in ThemePage.objects.live().values_list("pk", "slug", "title")
        }
        municipalities = {
            pk: (slug, name)
            for pk, slug, name in Municipality.objects.values_list("pk", "slug", "name")
        }
        return themes, municipalities

    return remember("search:facet-choices", build)


@dataclass
class Selection:
    """The facet values the searcher ticked that exist; unknown values are left out."""

    type: frozenset = frozenset()
    theme: frozenset = frozenset()  # theme page pks
    municipality: frozenset = frozenset()  # municipality pks
    year: frozenset = frozenset()

    @classmethod
    def from_query(cls, querydict):
        themes, municipalities = facet_choices()
        theme_by_slug = {slug: pk for pk, (slug, _title) in themes.items()}
        municipality_by_slug = {slug: pk for pk, (slug, _name) in municipalities.items()}
        labels = type_labels()

        def values(name):
            return [value.strip() for value in querydict.getlist(FACET_PARAMETERS[name])][:50]

        years = set()
        for value in values("year"):
            if value.isdecimal() and len(value) == 4:
                years.add(int(value))
        return cls(
            type=frozenset(v for v in values("type") if v in labels),
            theme=frozenset(theme_by_slug[v] for v in values("theme") if v in theme_by_slug),
            municipality=frozenset(
                municipality_by_slug[v] for v in values("municipality") if v in municipality_by_slug
            ),
            year=frozenset(years),
        )

    @property
    def is_empty(self):
        return not (self.type or self.theme or self.municipality or self.year)


def facets(counts, selection):
    """[{name, parameter, legend, options: [{value, label, count, checked}]}] from the counts
    of `find` (each facet over the matches the other facets let through); options with no
    matches are left out unless ticked."""
    themes, municipalities = facet_choices()
    labels = type_labels()
    result = []
    legends = {
        "type": _("Type"),
        "theme": _("Theme"),
        "municipality": _("Municipality"),
        "year": _("Year"),
    }
    for name in FACET_NAMES:
        counts_of = counts[name]
        chosen = getattr(selection, name)
        options = []
        for value in set(counts_of) | set(chosen):
            if name == "type":
                option = (value, labels[value])
                order = list(labels).index(value)
            elif name == "theme":
                if value not in themes:
                    continue
                option = themes[value]
                order = option[1].lower()
            elif name == "municipality":
                if value not in municipalities:
                    continue
                option = municipalities[value]
                order = option[1].lower()
            else:
                option = (str(value), str(value))
                order = -value
            options.append(
                (
                    order,
                    {
                        "value": option[0],
                        "label": option[1],
                        "count": counts_of.get(value, 0),
                        "checked": value in chosen,
                    },
                )
            )
        options.sort(key=lambda pair: pair[0])
        if options:
            result.append(
                {
                    "name": name,
                    "parameter": FACET_PARAMETERS[name],
                    "legend": legends[name],
                    "options": [option for _order, option in options],
                }
            )
    return result


# --- the shown page ----------------------------------------------------------------------------


def _load(hits):
    """Load the objects of the shown hits: one query (or a few) per kind. Unordered: the hits
    have their order, and sorting by a model's default ordering only costs time. News items
    in one query of their own model (the index knows them), other pages through `specific()`,
    which asks for their types first."""
    by_kind = defaultdict(list)
    for hit in hits:
        by_kind["news" if hit.type == TYPE_NEWS else hit.source].append(hit.pk)
    querysets = {
        "news": lambda pks: NewsPage.objects.filter(pk__in=pks).order_by(),
        "page": lambda pks: Page.objects.filter(pk__in=pks).order_by().specific(),
        "product": lambda pks: (
            Product.objects.filter(pk__in=pks).order_by().prefetch_related("files")
        ),
        "practice": lambda pks: (
            PracticeItem.objects.filter(pk__in=pks).order_by().select_related("group")
        ),
        "group": lambda pks: LearningGroup.objects.filter(pk__in=pks).order_by(),
        "activity": lambda pks: (
            Activity.objects.filter(pk__in=pks).order_by().select_related("venue")
        ),
    }
    loaded = {}
    for kind, pks in by_kind.items():
        source = "page" if kind == "news" else kind
        for obj in querysets[kind](pks):
            loaded[source, obj.pk] = obj
    for hit in hits:
        hit.obj = loaded.get((hit.source, hit.pk))
    return [hit for hit in hits if hit.obj is not None]


def _with_cards(hits):
    """The hits that have a card, in order. An entry written before cards were kept has none:
    its object is loaded and its card made as the index makes it (search_index.SOURCES)."""
    missing = [hit for hit in hits if not hit.card]
    for hit in _load(missing) if missing else []:
        hit.card = SOURCES[hit.source].card(hit.obj)
    return [hit for hit in hits if hit.card]


@lru_cache(maxsize=64)
def _choices(model_label, field_name):
    """{value: label} of a model field's choices (labels lazy: translated when shown)."""
    return dict(apps.get_model(model_label)._meta.get_field(field_name).flatchoices)


def _label(reference):
    """The text of a [model label, field, value] (that choice's label) or a [model label]
    (the model's name) from a card, in the current language."""
    if len(reference) == 1:
        return str(apps.get_model(reference[0])._meta.verbose_name)
    model_label, field_name, value = reference
    return str(_choices(model_label, field_name).get(value, value))


def _date(value):
    if value is None:
        return None
    if "T" in value:
        return datetime.datetime.fromisoformat(value)
    return datetime.date.fromisoformat(value)


def _page_url(hit, site_roots):
    """A page's address from its path, as Page.url gives it: relative on a site of its own.
    `site_roots` keeps Wagtail's site root paths for every page of one search."""
    page = Page(id=hit.pk, url_path=hit.url_path or "")
    parts = page.get_url_parts(request=site_roots)
    if parts is None or parts[2] is None:
        return ""
    _site, root_url, page_path = parts
    sites = {root.site_id for root in page._get_site_root_paths(site_roots)}
    return page_path if len(sites) == 1 else root_url + page_path


def _describe(hit, stems, labels, site_roots):
    """What a result shows: its card's link, type, date and details, its title highlighted and
    a snippet from the card's texts."""
    card = json.loads(hit.card)
    label = card["label"]
    meta = card["meta"]
    return {
        "url": _page_url(hit, site_roots) if hit.source == "page" else card["url"],
        "type": _label(label) if label else str(labels[hit.type]),
        "date": _date(card["date"]),
        "meta": [item if isinstance(item, str) else _label(item) for item in meta],
        "title": highlight(hit.title, stems),
        "snippet": best_snippet(card["texts"], stems),
    }


@dataclass
class SearchResult:
    query: str
    page: object  # a Paginator page of the shown Hits, with `.result` filled in
    count: int
    facets: list
    selection: Selection
    suggestion: str = ""
    every_word: bool = True  # False: none held every word; these hold some of them


def _page_number(querydict):
    value = str(querydict.get(PAGE_PARAMETER, "1"))
    return int(value) if value.isdecimal() and 0 < len(value) < 7 else 1


def search(viewer, query, querydict):
    """The search page's data for `viewer`: one page of ranked hits, facets, a suggestion."""
    selection = Selection.from_query(querydict)
    number = _page_number(querydict)
    found = find(viewer, query, selection, offset=(number - 1) * PER_PAGE)
    paginator = Paginator(range(found.shown), PER_PAGE)
    try:
        page = paginator.page(number)
    except EmptyPage:
        # Past the last page (a stale link): the last page, as the lists do.
        page = paginator.page(paginator.num_pages)
        offset = page.start_index() - 1
        found.hits = find(viewer, query, selection, offset, least=found.least).hits
    stems = query_stems(query)
    labels = type_labels()
    site_roots = SimpleNamespace()
    page.object_list = _with_cards(found.hits)
    for hit in page.object_list:
        hit.result = _describe(hit, stems, labels, site_roots)
    suggestion = ""
    if found.total < FEW_RESULTS:
        suggestion = did_you_mean(viewer, query)
    return SearchResult(
        query=query,
        page=page,
        count=found.shown,
        facets=facets(found.counts, selection),
        selection=selection,
        suggestion=suggestion,
        every_word=found.every,
    )


# --- did you mean ------------------------------------------------------------------------------


def _words(texts):
    words = set()
    for text in texts:
        for word in _WORD.findall((text or "").lower()):
            if _LETTERS.match(word):
                words.add(word)
    return words


def vocabulary(viewer):
    """The words (4+ letters) of the titles and themes the viewer's audience may see.

    Members get the words of what all members see; never of a group's private entries, so a
    suggestion cannot tell anyone what a private title contains.
    """
    members = viewer.audience == "members"

    def build():
        texts = list(visible_pages().values_list("title", flat=True))
        texts += LearningGroup.objects.values_list("name", flat=True)
        audiences = [Audience.PUBLIC, Audience.MEMBERS] if members else [Audience.PUBLIC]
        texts += Activity.objects.filter(audience__in=audiences).values_list("title", flat=True)
        shared = [Visibility.PUBLIC, Visibility.MEMBERS] if members else [Visibility.PUBLIC]
        for model in (Product, PracticeItem):
            texts += model.objects.filter(visibility__in=shared).values_list("title", flat=True)
        return sorted(_words(texts))

    return remember(f"search:vocabulary:{viewer.audience}", build)


def did_you_mean(viewer, query):
    """The query with its unknown words replaced by the closest known ones, or ""."""
    words = vocabulary(viewer)
    if not words:
        return ""
    known_stems = {terms(word) for word in words}
    changed = False
    result = []
    for word in query.split()[:10]:
        lower = word.lower()
        plain = "".join(_WORD.findall(lower))
        if _LETTERS.match(plain) and terms(plain) not in known_stems:
            close = difflib.get_close_matches(plain, words, n=1, cutoff=0.75)
            if close:
                result.append(close[0])
                changed = True
                continue
        result.append(word)
    return " ".join(result) if changed else ""
