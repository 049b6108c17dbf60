"""The queries behind the public library pages, with their select/prefetch decided here.

Everything starts from `visible_to(user)`: what a viewer may not see is never fetched, so a
list never shows it and a detail page answers 404 (not 403: a private entry does not reveal
that it exists).
"""

import heapq
from dataclasses import dataclass, field
from itertools import islice

from django.db.models import CharField, Exists, F, OuterRef, Prefetch, Q, Value
from django.db.models.functions import ExtractYear

from werkplaats.core.cache import remember
from werkplaats.core.fragments import content_key
from werkplaats.network.models import Affiliation, Municipality, Organisation
from werkplaats.network.models import Visibility as ProfileVisibility
from werkplaats.network.permissions import can_see_profile_part, is_coordinator, person_for
from werkplaats.website.models import ThemePage

from .models import PracticeItem, PracticeKind, Product, ProductKind

PRODUCT = "product"
PRACTICE = "practice"
# The `soort` filter: every kind of either model, or one of these for a whole model.
ALL_PRODUCTS = "producten"
ALL_PRACTICE = "praktijkkennis"


def _live_themes():
    return ThemePage.objects.live().order_by("title")


# --- The index: products and practice knowledge in one list ----------------------------------
#
# Two models, one paginated list. Each model is filtered on its own (its own visibility rule,
# its own fields) and reduced to the same three columns (entry type, pk, date); the paginator
# reads them through LibraryRows, which counts them once per viewer and filters until the
# content changes, and reads a page by taking each model's newest rows up to the page's end
# from its (visibility, updated_at, id) index and merging the two. Sorting a SQL UNION of
# every visible row instead made the first page cost as much as all of them (PostgreSQL does
# not merge the two indexes under a LIMIT, and SQLite allows no LIMIT inside a UNION). Then
# only the entries on the page are shown, as cards kept in the cache (cards.py). Separate
# "Producten" / "Praktijkkennis" sections, each paginated, would need two page parameters and
# split what belongs together (a dilemma and the product that answers it), so the list is one.
#
# The date is the last change: a product's `year` says when it was made, not when it came
# into the library, and practice knowledge has no year of its own.


def scope(person, coordinator):
    """Who sees the same library entries as a viewer: every visitor alike, every coordinator
    alike (they see everything), and a member alone (their current groups decide; joining or
    leaving one is a change that clears the page cache, groups/signals.py)."""
    if coordinator:
        return "coordinators"
    if person is None:
        return "visitors"
    return f"person-{person.pk}"


def _theme_filter(queryset, theme):
    return queryset.filter(themes__slug=theme) if theme else queryset


def _municipality_filter(queryset, municipality):
    return queryset.filter(municipalities__slug=municipality) if municipality else queryset


def _organisation_levels(user):
    """The values of `organisations_visibility` whose affiliations `user` may see, or None
    for all of them."""
    if is_coordinator(user):
        return None
    if person_for(user) is not None:
        return [ProfileVisibility.PUBLIC, ProfileVisibility.MEMBERS]
    return [ProfileVisibility.PUBLIC]


def _affiliated(user, organisation, person_ref):
    """Exists: the person at `person_ref` works at `organisation`, and `user` may see that.

    A person decides who sees their organisations (`organisations_visibility`); listing what
    they made under an organisation would otherwise tell a visitor where they work.
    """
    affiliations = Affiliation.objects.filter(organisation=organisation, person=person_ref)
    levels = _organisation_levels(user)
    if levels is not None:
        viewer = person_for(user)
        visible = Q(person__organisations_visibility__in=levels)
        if viewer is not None:
            visible |= Q(person=viewer)
        affiliations = affiliations.filter(visible)
    return Exists(affiliations)


def visible_products(user, *, kind="", theme="", municipality="", year=None, organisation=None):
    products = Product.objects.visible_to(user)
    if kind and kind != ALL_PRODUCTS:
        products = products.filter(kind=kind)
    if year:
        products = products.filter(year=year)
    if organisation is not None:
        by_author = Product.authors.through.objects.filter(product=OuterRef("pk")).filter(
            _affiliated(user, organisation, OuterRef("person"))
        )
        products = products.filter(Exists(by_author))
    return _municipality_filter(_theme_filter(products, theme), municipality)


def visible_practice_items(
    user, *, kind="", theme="", municipality="", year=None, organisation=None
):
    items = PracticeItem.objects.visible_to(user)
    if kind and kind != ALL_PRACTICE:
        items = items.filter(kind=kind)
    if year:
        items = items.filter(created_at__year=year)
    if organisation is not None:
        items = items.filter(_affiliated(user, organisation, OuterRef("created_by")))
    return _municipality_filter(_theme_filter(items, theme), municipality)


def _wants(kind, model_kinds, everything):
    return not kind or kind == everything or kind in model_kinds


def library_entries(user, filters=None, *, organisation=None):
    """LibraryRows of every entry `user` may see, newest first, for the paginator. `filters`:
    kind ("soort" values), theme and municipality slugs, year."""
    filters = {name: value for name, value in (filters or {}).items() if value}
    kind = filters.get("kind", "")
    parts = []
    if _wants(kind, ProductKind.values, ALL_PRODUCTS):
        parts.append(_rows(visible_products(user, organisation=organisation, **filters), PRODUCT))
    if _wants(kind, PracticeKind.values, ALL_PRACTICE):
        parts.append(
            _rows(visible_practice_items(user, organisation=organisation, **filters), PRACTICE)
        )
    # A kind that is neither: no parts, nothing rather than everything.
    viewer = scope(person_for(user), is_coordinator(user))
    key = content_key(viewer, organisation.pk if organisation else None, sorted(filters.items()))
    return LibraryRows(parts, f"library:count:{key}")


def _rows(queryset, entry_type):
    # The models' default ordering dropped: LibraryRows orders each part as its index does.
    return (
        queryset.order_by()
        .annotate(entry_type=Value(entry_type, output_field=CharField()), sort_date=F("updated_at"))
        .values_list("entry_type", "pk", "sort_date")
    )


class LibraryRows:
    """(entry type, pk, date) rows of the library's parts (`_rows` querysets), newest first,
    as a Paginator reads them: `count()` and slices."""

    def __init__(self, parts, count_key):
        self.parts = parts
        self.count_key = count_key

    def count(self):
        """Kept until the content changes (core/cache.py): counting every visible row of both
        models is the dearest part of a page."""
        return remember(self.count_key, lambda: sum(part.count() for part in self.parts))

    def __getitem__(self, index):
        """The rows of a slice (`index`). The order is (date, type, pk) descending, so its
        first `stop` rows are among each part's first `stop` rows, which its index gives."""
        newest = [part.order_by("-updated_at", "-pk")[: index.stop] for part in self.parts]
        merged = heapq.merge(*newest, key=lambda row: (row[2], row[0], row[1]), reverse=True)
        return list(islice(merged, index.start, index.stop))


def product_cards():
    """Products with what a card shows: cover and its renditions, live themes."""
    return Product.objects.select_related("cover").prefetch_related(
        "cover__renditions", Prefetch("themes", queryset=_live_themes())
    )


def practice_cards():
    """Practice knowledge with what a card shows: its group and live themes."""
    return PracticeItem.objects.select_related("group").prefetch_related(
        Prefetch("themes", queryset=_live_themes())
    )


def entries_by_row(rows):
    """{(entry type, pk): entry} of `rows` ((type, pk, ...) from LibraryRows), loaded for their
    cards, each with its `entry_type`; an entry gone since is left out."""
    wanted = {PRODUCT: [], PRACTICE: []}
    for entry_type, pk, *_rest in rows:
        wanted[entry_type].append(pk)
    loaded = {}
    for entry_type, queryset in ((PRODUCT, product_cards()), (PRACTICE, practice_cards())):
        if wanted[entry_type]:
            for entry in queryset.filter(pk__in=wanted[entry_type]).order_by():
                entry.entry_type = entry_type
                loaded[(entry_type, entry.pk)] = entry
    return loaded


# --- Filter choices ---------------------------------------------------------------------------
#
# Taken over all entries, whoever may see them: a theme or a year in a list says nothing about
# what lies behind it. Kept until the page cache's generation changes (signals.py).


def filter_themes():
    """(slug, title) of the live themes at least one library entry has."""

    def build():
        used = set(Product.themes.through.objects.values_list("themepage_id", flat=True))
        used |= set(PracticeItem.themes.through.objects.values_list("themepage_id", flat=True))
        return list(_live_themes().filter(pk__in=used).values_list("slug", "title"))

    return remember("library:filter-themes", build)


def filter_municipalities():
    """(slug, name) of the municipalities at least one library entry concerns."""

    def build():
        product = Product.municipalities.through.objects.values("municipality_id")
        practice = PracticeItem.municipalities.through.objects.values("municipality_id")
        return list(
            Municipality.objects.filter(Q(pk__in=product) | Q(pk__in=practice))
            .order_by("name")
            .values_list("slug", "name")
        )

    return remember("library:filter-municipalities", build)


def filter_years():
    """The years of products and of written practice knowledge, newest first."""

    def build():
        years = set(Product.objects.values_list("year", flat=True))
        years |= set(
            PracticeItem.objects.annotate(written=ExtractYear("created_at")).values_list(
                "written", flat=True
            )
        )
        return sorted(years, reverse=True)

    return remember("library:filter-years", build)


# --- One entry --------------------------------------------------------------------------------


def product_detail(user, slug):
    """The product with everything its page shows, or None when `user` may not see it.

    Related practice knowledge, and the activities it came out of, only what `user` may see
    as well.
    """
    from werkplaats.activities.models import Activity

    activities = Activity.objects.visible_to(
        person_for(user), coordinator=is_coordinator(user)
    ).order_by("-starts_at")
    return (
        Product.objects.visible_to(user)
        .filter(slug=slug)
        .select_related("cover")
        .prefetch_related(
            Prefetch("themes", queryset=_live_themes()),
            "municipalities",
            "authors",
            "groups",
            "files",
            Prefetch(
                "learning_questions",
                queryset=_questions(),
            ),
            Prefetch(
                "practice_items",
                queryset=PracticeItem.objects.visible_to(user).select_related("group"),
            ),
            Prefetch("activities", queryset=activities),
        )
        .first()
    )


def product_for_print(user, slug):
    return Product.objects.visible_to(user).filter(slug=slug).prefetch_related("authors").first()


def _questions():
    from werkplaats.groups.models import LearningQuestion

    return LearningQuestion.objects.select_related("group").order_by("group__name", "position")


def practice_detail(user, slug):
    """The practice item with everything its page shows, or None when `user` may not see it.

    What it answers, what answers it and its products: only what `user` may see as well.
    """
    visible_items = PracticeItem.objects.visible_to(user).select_related("group")
    return (
        PracticeItem.objects.visible_to(user)
        .filter(slug=slug)
        .select_related("group")
        .prefetch_related(
            Prefetch("themes", queryset=_live_themes()),
            "municipalities",
            Prefetch("answers_to", queryset=visible_items),
            Prefetch("answered_by", queryset=visible_items.order_by("kind", "title")),
            Prefetch("learning_questions", queryset=_questions()),
            Prefetch("products", queryset=Product.objects.visible_to(user)),
        )
        .first()
    )


@dataclass
class KindGroup:
    label: str
    items: list = field(default_factory=list)


def by_kind(items):
    """Practice items grouped by kind, in the order of `PracticeKind`."""
    groups = {value: KindGroup(str(label)) for value, label in PracticeKind.choices}
    for item in items:
        groups[item.kind].items.append(item)
    return [group for group in groups.values() if group.items]


def author_names(user, product):
    """The names `user` may see of the product's authors (each person decides who sees their
    name), then the authors without a profile, and how many names stay hidden.

    Returns ([(person or None, name)], hidden count). Uses the prefetched authors.
    """
    shown, hidden = [], 0
    for person in product.authors.all():
        if can_see_profile_part(user, person, person.name_visibility):
            shown.append((person, person.full_name))
        else:
            hidden += 1
    if product.author_names.strip():
        shown.append((None, product.author_names.strip()))
    return shown, hidden


def organisation_by_slug(slug):
    return Organisation.objects.select_related("municipality").filter(slug=slug).first()
