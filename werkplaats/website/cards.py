"""News cards (components/news_card.html), rendered once and kept in the cache.

A card shows the item's title, date, author, introduction, lead image and themes: published
content only, so core/fragments.py keeps it until the next publish (an image saved clears the
page cache too, see signals.py). A page of ten cards costs one cache read instead of ten
renders and the queries for their images and themes.
"""

from django.db.models import prefetch_related_objects

from werkplaats.core.fragments import render_each

from . import selectors

TEMPLATE = "components/news_card.html"


def news_cards(items, *, heading_level):
    """The card HTML of each news item, in order."""
    return render_each(
        items,
        TEMPLATE,
        key=lambda item: f"{item.pk}:{heading_level}",
        context=lambda item: {"item": item, "heading_level": heading_level},
        prepare=lambda missing: prefetch_related_objects(missing, *selectors.card_prefetches()),
    )
