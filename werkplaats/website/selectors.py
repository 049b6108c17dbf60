"""Queries behind the public pages. Query counts are decided here and tested."""

import datetime

from django.db.models import CharField, Exists, F, OuterRef, Prefetch, Q, Value
from django.db.models.functions import ExtractYear, Length, Substr
from wagtail.models import Page, PageViewRestriction


def public(pages):
    """Like Wagtail's `.public()`: leave out pages in or below a page with a view restriction.

    Wagtail's version first reads every restriction in a query of its own, on every call; this
    one is a subquery, so it costs nothing extra (a restricted page's path prefixes its
    descendants' paths).
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.exclude(Exists(restricted))


def restrictions_over(path):
    """View restrictions on the page at `path` and on its ancestors, in one query."""
    own_path = Value(path, output_field=CharField())
    return PageViewRestriction.objects.annotate(
        prefix=Substr(own_path, 1, Length("page__path"))
    ).filter(page__path=F("prefix"))


def page_at(root, path_components):
    """The page with this path below `root`, as its specific type, or None. Two queries;
    kept until the next publish, move or delete (HomePage.route)."""
    url_path = root.url_path + "".join(f"{component}/" for component in path_components)
    return Page.objects.filter(url_path=url_path).specific().first()


def news():
    """Every live, public news item."""
    from .models import NewsPage

    return public(NewsPage.objects.live())


def _themes():
    from .models import ThemePage

    return public(ThemePage.objects.live())


def card_prefetches():
    """What a news card shows besides the item's own row: lead image and renditions, themes."""
    from .models import ThemePage

    return (
        "lead_image__renditions",
        Prefetch("themes", queryset=ThemePage.objects.live().only("id", "title", "url_path")),
    )


def with_card_data(news_qs):
    """News items with what a card shows, in a constant number of queries."""
    return news_qs.select_related("lead_image").prefetch_related(*card_prefetches())


def latest_news(limit=3):
    return list(with_card_data(news().order_by("-date", "-pk"))[:limit])


def ids_of(news, limit=None):
    """The pks of these news items, newest first: what a list of cards needs (cards.py)."""
    return list(news.order_by("-date", "-pk").values_list("pk", flat=True)[:limit])


def current_themes():
    return list(_themes().filter(is_current=True).order_by("path"))


def all_themes():
    """Every theme, for the news index's filter: its pk, slug and title only (kept in the cache
    and read back on every render of the index; a whole page takes twenty times as long)."""
    return list(_themes().order_by("title").only("id", "slug", "title"))


def themes_under(index_page):
    return list(_themes().child_of(index_page).order_by("-is_current", "path"))


def themes_of(news_page):
    return list(public(news_page.themes.live()).order_by("title"))


def news_for_theme(theme):
    return news().filter(themes=theme)


def news_years(index_page):
    return list(
        news()
        .child_of(index_page)
        .annotate(year=ExtractYear("date"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def news_in(index_page, themes, theme_slug="", year=""):
    """The news under an index, filtered by theme slug (one of `themes`) and year; unknown
    filters are ignored.

    Returns (queryset, active theme or None, active year or None).
    """
    items = news().child_of(index_page)
    active_theme = None
    if theme_slug:
        active_theme = next((t for t in themes if t.slug == theme_slug), None)
        if active_theme:
            items = items.filter(themes=active_theme)
    active_year = None
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if year.isdecimal() and datetime.MINYEAR <= int(year) <= datetime.MAXYEAR:
        active_year = int(year)
        items = items.filter(date__year=active_year)
    return items, active_theme, active_year


def menu_pages(site_root):
    """The main menu: live, public children of the home page marked 'show in menus'."""
    if site_root is None:
        return []
    return list(public(site_root.get_children().live().in_menu()))


def footer_pages(site_root):
    """Pages of any type marked 'show in footer', anywhere in the site, in tree order."""
    if site_root is None:
        return []
    from .models import WerkplaatsPage

    in_footer = Q()
    for model in WerkplaatsPage.__subclasses__():
        in_footer |= Q(**{f"{model._meta.model_name}__show_in_footer": True})
    return list(public(site_root.get_descendants().live().filter(in_footer)).order_by("path"))


def breadcrumbs(page):
    """Ancestors of a page below the tree root, home first."""
    if page is None or page.depth <= 2:
        return []
    return list(Page.objects.ancestor_of(page).filter(depth__gte=2).order_by("depth"))
