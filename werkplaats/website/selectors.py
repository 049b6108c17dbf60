"""Queries behind the public pages. Query counts are decided here and tested."""

import datetime

from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from wagtail.models import Page


def _news():
    from .models import NewsPage

    return NewsPage.objects.live().public()


def _themes():
    from .models import ThemePage

    return ThemePage.objects.live().public()


def with_card_data(news_qs):
    """News items with what a card shows: lead image and renditions, themes. Constant queries."""
    from .models import ThemePage

    return news_qs.select_related("lead_image").prefetch_related(
        "lead_image__renditions",
        Prefetch("themes", queryset=ThemePage.objects.live().only("id", "title", "url_path")),
    )


def latest_news(limit=3):
    return list(with_card_data(_news().order_by("-date", "-pk"))[:limit])


def current_themes():
    return list(_themes().filter(is_current=True).order_by("path"))


def all_themes():
    return list(_themes().order_by("title"))


def themes_under(index_page):
    return list(_themes().child_of(index_page).order_by("-is_current", "path"))


def themes_of(news_page):
    return list(news_page.themes.live().public().order_by("title"))


def news_for_theme(theme, limit=10):
    return list(with_card_data(_news().filter(themes=theme).order_by("-date", "-pk"))[:limit])


def news_years(index_page):
    return list(
        _news()
        .child_of(index_page)
        .annotate(year=ExtractYear("date"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def news_in(index_page, theme_slug="", year=""):
    """The news under an index, filtered by theme slug and year; unknown filters are ignored.

    Returns (queryset, active theme or None, active year or None).
    """
    news = _news().child_of(index_page)
    active_theme = None
    if theme_slug:
        active_theme = _themes().filter(slug=theme_slug).first()
        if active_theme:
            news = news.filter(themes=active_theme)
    active_year = None
    if year.isdigit() and datetime.MINYEAR <= int(year) <= datetime.MAXYEAR:
        active_year = int(year)
        news = news.filter(date__year=active_year)
    return with_card_data(news.order_by("-date", "-pk")), active_theme, active_year


def menu_pages(site_root):
    """The main menu: live, public children of the home page marked 'show in menus'."""
    if site_root is None:
        return []
    return list(site_root.get_children().live().public().in_menu().specific(defer=True))


def footer_pages(site_root):
    """Pages marked 'show in footer', anywhere in the site, in tree order."""
    if site_root is None:
        return []
    from .models import ContactPage, StandardPage

    pages = []
    for model in (StandardPage, ContactPage):
        pages += model.objects.live().public().descendant_of(site_root).filter(show_in_footer=True)
    return sorted(pages, key=lambda p: p.path)


def breadcrumbs(page):
    """Ancestors of a page below the tree root, home first."""
    if page is None or page.depth <= 2:
        return []
    return list(Page.objects.ancestor_of(page).filter(depth__gte=2).order_by("depth"))


def search_pages(query):
    """Live, public pages matching a query, best first (Dutch stemming, see core/search.py)."""
    return Page.objects.live().public().specific().search(query)
