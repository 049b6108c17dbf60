"""News cards (components/news_card.html), rendered once and kept in the cache.

A card shows the item's title, date, author, introduction, lead image and themes: published
content only, so core/fragments.py keeps it until the next publish (an image saved clears the
page cache too, see signals.py). A list of cards is kept as the items' pks (under the same
generation, see models.py), so a page of ten cards costs two cache reads instead of ten renders
and the queries for the items, their images and themes.
"""

from werkplaats.core.fragments import render_each

from . import selectors

TEMPLATE = "components/news_card.html"


def news_cards(ids, *, heading_level):
    """The card HTML of each news item, by pk and in order. Items whose card is not kept are
    loaded with their images and themes in a few queries; one that is gone is left out."""
    from .models import NewsPage

    loaded = {}

    def load(missing):
        loaded.update(selectors.with_card_data(NewsPage.objects.filter(pk__in=missing)).in_bulk())

    return render_each(
        ids,
        TEMPLATE,
        key=lambda pk: f"{pk}:{heading_level}",
        context=lambda pk: (
            {"item": loaded[pk], "heading_level": heading_level} if pk in loaded else None
        ),
        prepare=load,
    )
