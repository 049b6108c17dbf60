"""One site search (/zoeken/) over pages, news, products, practice knowledge, groups and activities.

How it works, and why:
- Each kind of content is searched with the full-text index (core/search.py: Dutch stemming on
  SQLite and PostgreSQL alike), limited first to what the searcher may see — the same
  `visible_to` filters the lists and detail pages use. One query per kind gives the score of
  every match; a second (and third) fetches the few columns the ranking and facets need.
- Ranking: a hit whose title holds every word of the query comes first, then by the index's
  score (comparable across kinds: one index, one ranking function), newest id last.
- Facets (type, theme, municipality, year) are counted in Python over the hits, each facet over
  the hits the *other* facets let through, so ticking one theme still shows the other themes.
- Only the hits on the requested page are loaded as objects and given a highlighted snippet.
- "Did you mean": the words of the titles and themes the searcher may see, built once per
  content generation (core/cache.remember) and per audience (visitor or member), never from
  group-private entries.
"""

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from werkplaats.activities.models import Activity, ActivityKind, Audience
from werkplaats.core.cache import remember
from werkplaats.core.pagination import PAGE_PARAMETER
from werkplaats.core.search import scored_matches, stem_text
from werkplaats.groups.models import LearningGroup
from werkplaats.network.models import Municipality
from werkplaats.network.permissions import is_coordinator, person_for
from werkplaats.website.models import NewsPage, ThemePage

from .models import PracticeItem, PracticeKind, Product, ProductKind, Visibility

MAX_QUERY_LENGTH = 200
PER_PAGE = 10
# Hits kept per kind: far more than anyone pages through, and it bounds the facet work.
MAX_HITS_PER_KIND = 2000
# "Did you mean" is offered when the query found fewer hits than this.
FEW_RESULTS = 3
SNIPPET_WORDS = 30

_WORD = re.compile(r"\w+", re.UNICODE)
_LETTERS = re.compile(r"^[^\W\d_]{4,}$", re.UNICODE)

# Facet types: key in the URL (Dutch, stable) -> label.
TYPE_PAGE = "pagina"
TYPE_NEWS = "nieuws"
TYPE_GROUP = "groep"
TYPE_ACTIVITY = "activiteit"
PRODUCT_PREFIX = "product-"
PRACTICE_PREFIX = "kennis-"


def type_labels():
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
    """One match, with what ranking and facets need; `obj` is loaded only for the shown page."""

    source: str  # page, product, practice, group, activity
    pk: int
    score: float
    title: str
    type: str
    themes: frozenset = frozenset()
    municipalities: frozenset = frozenset()
    year: int | None = None
    title_hit: bool = False
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
    return set(stem_text(query).split())


# --- highlighting ---------------------------------------------------------------------------


def _tokens(text):
    """(start, end, word) of each word of `text`."""
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


def _is_match(word, stems):
    return stem_text(word) in stems


def highlight(text, stems):
    """`text` escaped, with the words whose Dutch stem is one of `stems` in <mark>."""
    text = text or ""
    parts = []
    position = 0
    for start, end, word in _tokens(text):
        if _is_match(word, stems):
            parts.append(escape(text[position:start]))
            parts.append(f"<mark>{escape(word)}</mark>")
            position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def snippet(text, stems, words=SNIPPET_WORDS):
    """A piece of `text` around its first matching word, highlighted; None if none matches."""
    text = " ".join((text or "").split())
    tokens = _tokens(text)
    first = next((i for i, (_s, _e, word) in enumerate(tokens) if _is_match(word, stems)), None)
    if first is None:
        return None
    begin = max(0, first - words // 3)
    end = min(len(tokens), begin + words)
    # Cut at spaces, so "(ver)nieuw(d)e" is never cut in the middle.
    start_char = text.rfind(" ", 0, tokens[begin][0]) + 1 if begin > 0 else 0
    end_char = len(text)
    if end < len(tokens):
        space = text.find(" ", tokens[end - 1][1])
        end_char = space if space != -1 else len(text)
    html = highlight(text[start_char:end_char], stems)
    prefix = "… " if start_char > 0 else ""
    suffix = " …" if end_char < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")


def best_snippet(texts, stems, words=SNIPPET_WORDS):
    """The snippet of the first text with a match, else the start of the first non-empty one."""
    texts = [text for text in texts if text and text.strip()]
    for text in texts:
        found = snippet(text, stems, words)
        if found is not None:
            return found
    if texts:
        plain = " ".join(texts[0].split())
        shortened = " ".join(plain.split()[:words])
        return escape(shortened + (" …" if shortened != plain else ""))
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


def visible_pages():
    return Page.objects.live().public()


def visible_activities(viewer):
    return Activity.objects.visible_to(viewer.person, coordinator=viewer.coordinator)


# --- collecting hits ------------------------------------------------------------------------


def _through(model, name, ids):
    """{object pk: frozenset of related pks} for a many-to-many field, in one query."""
    relation = model._meta.get_field(name)
    through = relation.remote_field.through
    source = relation.m2m_field_name()
    target = relation.m2m_reverse_field_name()
    related = defaultdict(set)
    rows = through.objects.filter(**{f"{source}__in": ids}).values_list(
        f"{source}_id", f"{target}_id"
    )
    for pk, other in rows:
        related[pk].add(other)
    return {pk: frozenset(values) for pk, values in related.items()}


def _top(scores, capped):
    """The MAX_HITS_PER_KIND best of `scores`; notes in `capped` when some were left out."""
    if len(scores) <= MAX_HITS_PER_KIND:
        return scores
    capped.append(len(scores))
    best = sorted(scores, key=lambda pk: -scores[pk])[:MAX_HITS_PER_KIND]
    return {pk: scores[pk] for pk in best}


def _page_hits(query, capped):
    scores = _top(scored_matches(visible_pages(), query), capped)
    if not scores:
        return []
    from django.contrib.contenttypes.models import ContentType

    news_type = ContentType.objects.get_for_model(NewsPage).pk
    theme_type = ContentType.objects.get_for_model(ThemePage).pk
    rows = Page.objects.filter(pk__in=scores).values_list(
        "pk",
        "title",
        "content_type_id",
        "newspage__date",
        "newspage__themes",
    )
    hits = {}
    for pk, title, content_type, date, theme in rows:
        hit = hits.get(pk)
        if hit is None:
            hit = hits[pk] = Hit(
                "page",
                pk,
                scores[pk],
                title,
                TYPE_NEWS if content_type == news_type else TYPE_PAGE,
                themes=frozenset([pk]) if content_type == theme_type else frozenset(),
                year=date.year if date else None,
            )
        if theme is not None:
            hit.themes = hit.themes | {theme}
    return list(hits.values())


def _library_hits(model, prefix, viewer, query, year_field, capped):
    scores = _top(scored_matches(model.objects.visible_to(viewer.user), query), capped)
    if not scores:
        return []
    ids = list(scores)
    themes = _through(model, "themes", ids)
    municipalities = _through(model, "municipalities", ids)
    rows = model.objects.filter(pk__in=ids).values_list("pk", "title", "kind", year_field)
    source = "product" if model is Product else "practice"
    return [
        Hit(
            source,
            pk,
            scores[pk],
            title,
            prefix + kind,
            themes=themes.get(pk, frozenset()),
            municipalities=municipalities.get(pk, frozenset()),
            year=year,
        )
        for pk, title, kind, year in rows
    ]


def _group_hits(query, capped):
    scores = _top(scored_matches(LearningGroup.objects.all(), query), capped)
    if not scores:
        return []
    ids = list(scores)
    themes = _through(LearningGroup, "themes", ids)
    municipalities = _through(LearningGroup, "municipalities", ids)
    rows = LearningGroup.objects.filter(pk__in=ids).values_list("pk", "name", "starts_on")
    return [
        Hit(
            "group",
            pk,
            scores[pk],
            name,
            TYPE_GROUP,
            themes=themes.get(pk, frozenset()),
            municipalities=municipalities.get(pk, frozenset()),
            year=starts_on.year,
        )
        for pk, name, starts_on in rows
    ]


def _activity_hits(viewer, query, capped):
    scores = _top(scored_matches(visible_activities(viewer), query), capped)
    if not scores:
        return []
    ids = list(scores)
    themes = _through(Activity, "themes", ids)
    rows = Activity.objects.filter(pk__in=ids).values_list(
        "pk", "title", "starts_at__year", "venue__municipality_id"
    )
    return [
        Hit(
            "activity",
            pk,
            scores[pk],
            title,
            TYPE_ACTIVITY,
            themes=themes.get(pk, frozenset()),
            municipalities=frozenset([municipality]) if municipality else frozenset(),
            year=year,
        )
        for pk, title, year, municipality in rows
    ]


def all_hits(viewer, query):
    """(hits, capped): every match the viewer may see, best first; `capped` when a kind had
    more than MAX_HITS_PER_KIND matches and only its best are among the hits."""
    stems = query_stems(query)
    capped = []
    hits = [
        *_page_hits(query, capped),
        *_library_hits(Product, PRODUCT_PREFIX, viewer, query, "year", capped),
        *_library_hits(PracticeItem, PRACTICE_PREFIX, viewer, query, "created_at__year", capped),
        *_group_hits(query, capped),
        *_activity_hits(viewer, query, capped),
    ]
    for hit in hits:
        hit.title_hit = bool(stems) and stems <= query_stems(hit.title)
    hits.sort(key=lambda hit: hit.sort_key)
    return hits, bool(capped)


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

    def passes(self, hit, skip=None):
        checks = {
            "type": lambda: hit.type in self.type,
            "theme": lambda: bool(hit.themes & self.theme),
            "municipality": lambda: bool(hit.municipalities & self.municipality),
            "year": lambda: hit.year in self.year,
        }
        return all(
            check() for name, check in checks.items() if name != skip and getattr(self, name)
        )

    @property
    def is_empty(self):
        return not (self.type or self.theme or self.municipality or self.year)


def _hit_values(hit, name):
    if name == "type":
        return [hit.type]
    if name == "theme":
        return hit.themes
    if name == "municipality":
        return hit.municipalities
    return [hit.year] if hit.year else []


def facets(hits, selection):
    """[{name, parameter, legend, options: [{value, label, count, checked}]}], each facet counted
    over the hits that pass the other facets; options with no hits are left out unless ticked."""
    themes, municipalities = facet_choices()
    labels = type_labels()
    result = []
    legends = {
        "type": _("Type"),
        "theme": _("Theme"),
        "municipality": _("Municipality"),
        "year": _("Year"),
    }
    for name in ("type", "theme", "municipality", "year"):
        counts = Counter()
        for hit in hits:
            if selection.passes(hit, skip=name):
                counts.update(_hit_values(hit, name))
        chosen = getattr(selection, name)
        options = []
        for value in set(counts) | set(chosen):
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
                        "count": counts.get(value, 0),
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
    """Load the objects of the shown hits: one query (or a few) per kind."""
    by_source = defaultdict(list)
    for hit in hits:
        by_source[hit.source].append(hit.pk)
    loaded = {}
    if by_source["page"]:
        for page in Page.objects.filter(pk__in=by_source["page"]).specific():
            loaded["page", page.pk] = page
    if by_source["product"]:
        for product in Product.objects.filter(pk__in=by_source["product"]).prefetch_related(
            "files"
        ):
            loaded["product", product.pk] = product
    if by_source["practice"]:
        for item in PracticeItem.objects.filter(pk__in=by_source["practice"]).select_related(
            "group"
        ):
            loaded["practice", item.pk] = item
    if by_source["group"]:
        for group in LearningGroup.objects.filter(pk__in=by_source["group"]):
            loaded["group", group.pk] = group
    if by_source["activity"]:
        for activity in Activity.objects.filter(pk__in=by_source["activity"]).select_related(
            "venue"
        ):
            loaded["activity", activity.pk] = activity
    for hit in hits:
        hit.obj = loaded.get((hit.source, hit.pk))
    return [hit for hit in hits if hit.obj is not None]


def _page_texts(page):
    texts = [getattr(page, "search_description", ""), getattr(page, "intro", "")]
    body = getattr(page, "body", None)
    if body:
        # Rich text and stream blocks: their words, never their markup.
        texts.append(strip_tags(str(body)))
    return texts


def _describe(hit, stems):
    """What a result shows: title (highlighted), link, type and details, a snippet."""
    obj = hit.obj
    labels = type_labels()
    meta = []
    date = None
    if hit.source == "page":
        url = obj.url
        texts = _page_texts(obj)
        kind = obj.specific_class.get_verbose_name()
        if hit.type == TYPE_NEWS:
            date = obj.date
    elif hit.source == "product":
        kind = labels[hit.type]
        url = obj.get_absolute_url()
        texts = [obj.summary, obj.description, *(getattr(obj, n) for n in obj.TRANSFER_FIELDS)]
        texts += [file.extracted_text for file in obj.files.all()]
        meta.append(str(obj.year))
        if obj.visibility != Visibility.PUBLIC:
            meta.append(obj.get_visibility_display())
    elif hit.source == "practice":
        kind = labels[hit.type]
        url = obj.get_absolute_url()
        texts = [obj.summary, obj.body]
        meta.append(obj.group.name)
        if obj.visibility != Visibility.PUBLIC:
            meta.append(obj.get_visibility_display())
    elif hit.source == "group":
        kind = obj.get_kind_display()
        url = obj.get_absolute_url()
        texts = [obj.summary, obj.description]
    else:
        kind = obj.get_kind_display() if obj.kind in ActivityKind.values else labels[hit.type]
        url = obj.get_absolute_url()
        texts = [obj.summary, obj.description, obj.outcome]
        date = obj.starts_at
        if obj.venue is not None:
            meta.append(obj.venue.city)
        if obj.audience != Audience.PUBLIC:
            meta.append(obj.get_audience_display())
    return {
        "title": highlight(hit.title, stems),
        "url": url,
        "type": kind,
        "date": date,
        "meta": meta,
        "snippet": best_snippet(texts, stems),
    }


@dataclass
class SearchResult:
    query: str
    page: object  # a Paginator page of Hits, with `.result` filled in
    count: int
    facets: list
    selection: Selection
    suggestion: str = ""
    # More matches than are counted: the count and facets cover the best MAX_HITS_PER_KIND of
    # each kind, and the page says so ("more than …").
    capped: bool = False


def search(user, query, querydict):
    """The search page's data for `user`: one page of ranked hits, facets, a suggestion."""
    viewer = Viewer.of(user)
    selection = Selection.from_query(querydict)
    hits, capped = all_hits(viewer, query)
    shown = [hit for hit in hits if selection.passes(hit)]
    paginator = Paginator(shown, PER_PAGE)
    try:
        page = paginator.page(querydict.get(PAGE_PARAMETER, 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    stems = query_stems(query)
    page.object_list = _load(list(page.object_list))
    for hit in page.object_list:
        hit.result = _describe(hit, stems)
    suggestion = ""
    if len(hits) < FEW_RESULTS:
        suggestion = did_you_mean(viewer, query)
    return SearchResult(
        query=query,
        page=page,
        count=len(shown),
        facets=facets(hits, selection),
        selection=selection,
        suggestion=suggestion,
        capped=capped,
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
    known_stems = {stem_text(word) for word in words}
    changed = False
    result = []
    for word in query.split()[:10]:
        lower = word.lower()
        plain = "".join(_WORD.findall(lower))
        if _LETTERS.match(plain) and stem_text(plain) not in known_stems:
            close = difflib.get_close_matches(plain, words, n=1, cutoff=0.75)
            if close:
                result.append(close[0])
                changed = True
                continue
        result.append(word)
    return " ".join(result) if changed else ""
